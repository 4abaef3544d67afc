"""`python -m game`: the same program as the `dual-power` command."""

import sys

from game.cli import main

if __name__ == "__main__":
    sys.exit(main())
