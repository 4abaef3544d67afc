"""Where saves live and how they are written: atomically, and never over another game.

The saves folder is, in order: `--saves-dir`, the DUAL_POWER_SAVES environment
variable, `saves/` of a source checkout (beside pyproject.toml), else the
user's data folder ($XDG_DATA_HOME/dual-power/saves, by default
~/.local/share/dual-power/saves).

A write goes to a temporary file in the same folder, which is flushed and
fsynced, then renamed over the target (atomic on POSIX and Windows), and the
folder is fsynced so the rename itself survives a power cut. A crash at any
moment leaves either the old file or the new one, never a mix, and perhaps
the temporary file (`.<name>.yaml.<random>.tmp`): listing or writing saves
removes those over a minute old that no writer holds (see `clean_temps`).

Slots: `autosave-1` (newest) to `autosave-5` rotate after every turn, and
`quicksave` is one slot; both are scratch slots that any game may reuse.
Named saves belong to one game (its game id): saving over another game's
named save needs `overwrite=True` (the front end asks first).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.saves.atomic import atomic_write, clean_temps
from game.saves.format import SaveError, document, dump, peek_header
from game.session import Session

SUFFIX = ".yaml"
AUTOSAVES = 5
QUICKSAVE = "quicksave"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$")


def default_saves_dir(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    if env.get("DUAL_POWER_SAVES"):
        return Path(env["DUAL_POWER_SAVES"])
    checkout = Path(__file__).resolve().parents[2]  # the folder holding the package
    if (checkout / "pyproject.toml").is_file() and (checkout / "saves").is_dir():
        return checkout / "saves"
    data = env.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "dual-power" / "saves"


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Listed:
    """One save as a load screen shows it (read from its header only, not verified)."""

    name: str
    path: Path
    header: dict[str, Any] | None  # None when the file could not be read
    problem: str | None = None


class OtherGame(SaveError):
    """Saving would replace a save of a different game."""


class SaveStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, name: str) -> Path:
        """The file for a save name; a name ending in .yaml is taken as a path."""
        if name.endswith(SUFFIX):
            return Path(name)
        if not _NAME.match(name):
            raise SaveError(
                f"'{name}' is not a save name: use letters, digits, spaces, '-', '_' or '.'"
            )
        return self.folder / f"{name}{SUFFIX}"

    def save(self, session: Session, name: str, *, overwrite: bool = False) -> Path:
        """Write a named save; refuses to replace another game's save unless told to."""
        path = self.path(name)
        if not overwrite:
            other = self.owner(path)
            if other is not None and other != session.game_id:
                raise OtherGame(
                    f"{path} holds another game's save; choose another name or overwrite it"
                )
        atomic_write(path, dump(document(session, now_utc())))
        self.clean()
        return path

    def quicksave(self, session: Session) -> Path:
        return self.save(session, QUICKSAVE, overwrite=True)

    def autosave(self, session: Session) -> Path:
        """Rotate autosave-1..5 (1 is the newest) and write the game as autosave-1."""
        data = dump(document(session, now_utc()))  # before touching any file
        for n in range(AUTOSAVES - 1, 0, -1):
            older = self.path(f"autosave-{n}")
            if older.exists():
                os.replace(older, self.path(f"autosave-{n + 1}"))
        target = self.path("autosave-1")
        atomic_write(target, data)
        self.clean()
        return target

    def clean(self) -> list[Path]:
        """Remove what crashed writes left in the folder (stale, unlocked temporary files)."""
        if not self.folder.is_dir():
            return []
        return clean_temps(self.folder, f".*{SUFFIX}.*.tmp")

    def owner(self, path: Path) -> str | None:
        """The game id of the save at `path`, None if no file; '?' if it is unreadable."""
        if not path.exists():
            return None
        try:
            header = peek_header(path.read_bytes()[: 1024 * 1024], str(path))
        except (SaveError, OSError):
            return "?"
        game = header.get("game_id")
        return game if isinstance(game, str) else "?"

    def list(self) -> list[Listed]:
        """Every save in the folder, newest first by file time."""
        if not self.folder.is_dir():
            return []
        self.clean()
        files = sorted(
            self.folder.glob(f"*{SUFFIX}"), key=lambda p: p.stat().st_mtime, reverse=True
        )
        out = []
        for path in files:
            try:
                header = peek_header(path.read_bytes()[: 1024 * 1024], str(path))
                out.append(Listed(path.stem, path, header))
            except (SaveError, OSError) as bad:
                out.append(Listed(path.stem, path, None, str(bad)))
        return out
