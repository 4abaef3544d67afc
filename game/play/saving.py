"""Opening saved games to play on, with one kind of error for every front end.

Every way of loading a game (Continue, Load, F9, `load` in the terminal,
`play --load`) goes through `open_save`, which verifies the save by replaying it
and turns anything that goes wrong, however hostile the file, into a
`PlayError` of one line.
"""

from __future__ import annotations

from pathlib import Path

from game.saves.format import SaveError
from game.saves.store import Listed, SaveStore
from game.session import Session


class PlayError(Exception):
    """What stopped a save, a load or an undo, in one line a player can act on."""


class AskOverwrite(PlayError):
    """Saving would replace another game's save: ask the player before doing it."""


def one_line(problem: BaseException | str) -> str:
    """The first line of an error's text (saves' errors are one line already)."""
    text = str(problem).strip()
    return text.splitlines()[0] if text else type(problem).__name__


def os_text(failed: BaseException) -> str:
    """An OS error as its plain reason ("No space left on device"), anything else as one line."""
    if isinstance(failed, OSError) and not isinstance(failed, SaveError):
        return str(failed.strerror or failed)
    return one_line(failed)


def read_session(path: Path | str) -> Session:
    """The game in a save, verified by replaying it; raises PlayError saying why not."""
    from game.saves.replay import load

    try:
        return load(path).resume()
    except (SaveError, OSError) as bad:
        raise PlayError(f"Not loaded: {os_text(bad)}") from bad
    except Exception as bad:  # a hostile file must never take a front end down
        raise PlayError(f"Not loaded: {one_line(bad)}") from bad


def playable_session(path: Path | str) -> Session:
    """A save to play on: verified, with a player's seat, and not over."""
    session = read_session(path)
    if session.player is None or session.over:
        raise PlayError("Not loaded: that save is an all-AI or finished game; replay it instead.")
    return session


def newest(store: SaveStore) -> Listed | None:
    """The newest readable save (what Continue loads), or None."""
    return next((listed for listed in store.list() if listed.problem is None), None)
