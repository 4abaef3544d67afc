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

Autosaves belong to their game: `autosave-<game>-1` (newest) to `-5`, where
<game> is the first 8 characters of the game id, rotate after every turn, so
starting a new game never writes over the last one's. The autosaves of the ten
games played last are kept; older games' are removed once the new file is
written. `quicksave` is one scratch slot that any game may reuse. Named saves
belong to one game (its game id): saving over another game's named save needs
`overwrite=True` (the front end asks first).

A save's name is a name, never a path (see `check_name`): every front end
resolves it inside the folder, and a file elsewhere is loaded from the command
line only. Listing reads only regular files, and only their first HEADER_BYTES:
a FIFO, a device or a link to one is listed as unreadable, saying why.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from game.saves.atomic import atomic_write, clean_temps, staged_write
from game.saves.format import SaveError, document, dump, read_head
from game.session import Session

SUFFIX = ".yaml"
AUTOSAVES = 5  # per game
AUTOSAVED_GAMES = 10  # games whose autosaves are kept
AUTOSAVE = "autosave"
QUICKSAVE = "quicksave"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$")
# Names Windows keeps for devices, whatever the extension ("nul.yaml" is the null device).
_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\.|$)", re.IGNORECASE)
# autosave-<game>-<n>; the older shared slots (autosave-<n>) have no game part.
_AUTOSAVE = re.compile(r"^autosave-(?:(?P<game>[0-9a-f]{1,32})-)?(?P<n>[0-9]+)$")


def autosave_name(game_id: str, n: int = 1) -> str:
    """The name of a game's n-th newest autosave: 'autosave-1a2b3c4d-1'."""
    return f"{AUTOSAVE}-{game_id[:8]}-{n}"


def autosave_slot(name: str) -> tuple[str | None, int] | None:
    """(game part or None for an old shared slot, n) of an autosave's name; None otherwise."""
    match = _AUTOSAVE.match(name)
    if match is None:
        return None
    return match.group("game"), int(match.group("n"))


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
        """The file in the saves folder for a save name (see `check_name`); never elsewhere.

        A name ending in .yaml is a name too ('game.yaml' is the file game.yaml.yaml, as
        the list shows it): a file by its path is loaded from the command line only.
        """
        return self.folder / f"{check_name(name)}{SUFFIX}"

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
        """Rotate this game's autosaves (1 is the newest) and write the game as its first;
        then forget the autosaves of games older than the last AUTOSAVED_GAMES."""
        data = dump(document(session, now_utc()))  # before touching any file
        game = session.game_id
        target = self.path(autosave_name(game))
        # The older autosaves move down only once the new one is whole on disk: a full
        # disk or a read-only folder fails the write first and leaves all five as they were.
        with staged_write(target, data):
            for n in range(AUTOSAVES - 1, 0, -1):
                older = self.path(autosave_name(game, n))
                if older.exists():
                    os.replace(older, self.path(autosave_name(game, n + 1)))
        # Only now: a failed write must not cost the older games their saves too.
        self.prune_autosaves(keep=game[:8])
        self.clean()
        return target

    def autosaves(self) -> dict[str, list[Path]]:
        """Each game's autosave files (by the game part of their names), newest game first
        (by its newest file's time), each game's files newest first."""
        if not self.folder.is_dir():
            return {}
        games: dict[str, list[tuple[int, int, Path]]] = {}
        for path in self.folder.glob(f"{AUTOSAVE}-*{SUFFIX}"):
            slot = autosave_slot(path.stem)
            if slot is None or slot[0] is None:
                continue  # the old shared slots belong to no game: left as they are
            try:
                when = path.stat().st_mtime_ns
            except OSError:
                continue  # removed meanwhile
            games.setdefault(slot[0], []).append((slot[1], when, path))
        newest_first = sorted(
            games.items(), key=lambda kv: max(w for _, w, _ in kv[1]), reverse=True
        )
        return {game: [p for _, _, p in sorted(files)] for game, files in newest_first}

    def prune_autosaves(self, keep: str | None = None) -> list[Path]:
        """Remove the autosaves of every game but the AUTOSAVED_GAMES played last (and
        `keep`, the game being played, whatever the clocks say); returns what went."""
        games = list(self.autosaves().items())
        kept = {keep} if keep else set()
        for game, _ in games:
            if len(kept) >= AUTOSAVED_GAMES:
                break
            kept.add(game)
        removed = []
        for game, paths in games:
            if game in kept:
                continue
            for path in paths:
                try:
                    path.unlink()
                except FileNotFoundError:
                    continue
                removed.append(path)
        return removed

    def clean(self) -> list[Path]:
        """Remove what crashed writes left in the folder (stale, unlocked temporary files)."""
        if not self.folder.is_dir():
            return []
        return clean_temps(self.folder, f".*{SUFFIX}.*.tmp")

    def owner(self, path: Path) -> str | None:
        """The game id of the save at `path`, None if no file; '?' if it is unreadable."""
        if not os.path.lexists(path):
            return None
        try:
            header = read_head(path)
        except SaveError:
            return "?"
        game = header.get("game_id")
        return game if isinstance(game, str) else "?"

    def list(self) -> list[Listed]:
        """Every save in the folder, newest first by file time."""
        if not self.folder.is_dir():
            return []
        self.clean()
        try:
            paths = list(self.folder.glob(f"*{SUFFIX}"))
        except OSError:
            return []
        files = sorted(paths, key=_mtime, reverse=True)
        out = []
        for path in files:
            # Only a regular file's header is read, and only its first HEADER_BYTES:
            # anything else (a FIFO, a device, a dangling link) is listed with why not.
            try:
                out.append(Listed(path.stem, path, read_head(path)))
            except SaveError as bad:
                out.append(Listed(path.stem, path, None, str(bad)))
        return out


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:  # a dangling link, or removed meanwhile: last in the list
        return 0.0


def check_name(name: str) -> str:
    """`name` if it names a save, else SaveError saying what a name may hold.

    A name is a name, never a path: letters, digits, spaces, '-', '_' and '.',
    starting with a letter or digit, up to 64 characters; no '..' (nor a final '.' or
    space, which Windows drops), no separators, control characters or NUL, and none
    of the device names Windows reserves (CON, NUL, COM1...).
    """
    if not _NAME.fullmatch(name) or ".." in name or name.endswith((".", " ")):
        shown = name.encode("unicode_escape").decode("ascii")[:80]
        raise SaveError(
            f"'{shown}' is not a save name: use up to 64 letters, digits, spaces, '-', '_' "
            "or '.' (no '..', no '/' or '\\'), starting with a letter or digit"
        )
    if _RESERVED.match(name):
        raise SaveError(f"'{name}' is not a save name: the name is reserved for a device")
    return name
