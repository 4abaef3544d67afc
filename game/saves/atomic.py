"""Atomic file replacement: a crash at any moment leaves the old file or the new one, whole.

Kept apart from the rest of `game.saves` (standard library only) so that it is
cheap to import, e.g. by the crash tests' writer processes.

The temporary file is `.<name>.<random>.tmp` beside the target. A crash
mid-write leaves it behind; `clean_temps` removes such leftovers once they
are a minute old. A writer holds an exclusive lock (flock, on POSIX) on its
temporary file from creating it until it has been renamed into place, and
the cleaner skips any it cannot lock, so a live writer's file is never
removed, however slow the write.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; the age alone protects a live write
    fcntl = None  # type: ignore[assignment]

TEMP_GLOB = ".*.*.tmp"  # .<name>.<random>.tmp, as mkstemp names them below
STALE_SECONDS = 60.0
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def atomic_write(path: Path, data: bytes) -> None:
    """Replace `path` with `data` so that a crash leaves the old file or the new, whole."""
    with staged_write(path, data):
        pass


@contextlib.contextmanager
def staged_write(path: Path, data: bytes) -> Iterator[None]:
    """Write `data` beside `path`, run the body once it is safely on disk, then rename it
    over `path`.

    The body is where a caller moves older files aside (autosave rotation): it runs only
    after the new file's every byte is written and fsynced, so a full disk or a failed
    write leaves every existing file as it was. If the write or the body fails, the
    temporary file goes and `path` is untouched.
    """
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as stream:
            if fcntl is not None:
                fcntl.flock(stream.fileno(), fcntl.LOCK_EX)  # released when closed
            # mkstemp makes the file private (0600); a save is an ordinary document.
            os.chmod(temp, path.stat().st_mode & 0o777 if path.exists() else 0o644)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
            yield
            if os.name == "posix":  # renamed while still locked (Windows cannot rename it open)
                os.replace(temp, path)
        if os.name != "posix":
            os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    _fsync_dir(folder)


def _fsync_dir(folder: Path) -> None:
    # Makes the rename durable; not possible on Windows, where the rename is enough.
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def clean_temps(
    folder: Path, pattern: str = TEMP_GLOB, older_than: float = STALE_SECONDS
) -> list[Path]:
    """Remove temporary files that crashed writes left in `folder`; returns those removed.

    Only files named as `atomic_write` names them, last written more than
    `older_than` seconds ago, and not locked by a writer (see the module's note).
    """
    removed: list[Path] = []
    try:
        candidates = list(folder.glob(pattern))
    except OSError:
        return removed
    now = time.time()
    for temp in candidates:
        try:
            info = temp.lstat()
            if not stat.S_ISREG(info.st_mode) or now - info.st_mtime <= older_than:
                continue  # a FIFO or a link by that name is no writer's: never opened
            # Non-blocking: were it swapped for a FIFO meanwhile, open must not wait.
            fd = os.open(temp, os.O_RDONLY | _NONBLOCK | _NOFOLLOW)
        except OSError:
            continue  # gone already (another cleaner), or not ours to read
        try:
            if fcntl is not None:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    continue  # a writer holds it: in use right now
            # Still the same file, still stale (a rename may have reused the name)?
            if os.path.samestat(os.fstat(fd), os.stat(temp)):
                os.unlink(temp)
                removed.append(temp)
        except OSError:
            continue
        finally:
            os.close(fd)
    return removed
