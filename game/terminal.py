"""Text crossing the terminal: lines typed in, and words of a scenario printed out.

Both directions are hostile ground. A scenario is written by a stranger, and an
escape code in its title would move the cursor, retitle the window or worse once
printed raw; so everything the terminal front ends print goes through `clean`.
A player (or a script, or a cat walking on the keyboard) can type anything: bytes
that are not UTF-8, NUL, arrow keys, a number too long for `int()`, a line of a
gigabyte. `read_line` turns each line into either an answer to work with or a
one-line reason to show, so every line typed gets an answer and never a traceback.
"""

from __future__ import annotations

import contextlib
import io
import re
from typing import TextIO, cast

# The longest line worth reading: a command and a save name fit many times over. The
# rest of a longer line is read and thrown away in pieces, so memory stays bounded.
MAX_LINE = 1000
# Numbers typed at a prompt choose from a list: more digits than this are never in range,
# and int() of thousands of digits is slow or refused (sys.set_int_max_str_digits).
MAX_DIGITS = 6
_CHUNK = 65536

# Terminal escape sequences (ECMA-48): CSI, OSC/DCS/SOS/PM/APC strings up to their
# terminator, the short ESC forms, and the 8-bit C1 introducers of the same.
_ESCAPE = re.compile(
    r"""
      \x1b\[[0-?]*[ -/]*[@-~]?                     # CSI ... final byte
    | \x1b[\]P^_X][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?   # OSC, DCS, PM, APC, SOS ... terminator
    | \x1b[ -/]*[0-~]?                             # two- and three-byte ESC forms
    | \x9b[0-?]*[ -/]*[@-~]?                       # 8-bit CSI
    | [\x90\x98\x9d\x9e\x9f][^\x07\x1b\x9c]*(?:\x07|\x9c)?  # 8-bit string introducers
    """,
    re.VERBOSE,
)
# What is left to remove once the sequences are gone: every C0 control but tab and
# newline (a carriage return overwrites what was printed), DEL, the C1 controls, and
# the bidirectional overrides and isolates, which reorder the rest of the line on screen.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_SURROGATES = re.compile("[\ud800-\udfff]")
# In a typed line: the same controls, and the replacement character a decoder with
# errors="replace" leaves where bytes were not text.
_TYPED_CONTROLS = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_UNDECODED = re.compile("[\ufffd\ud800-\udfff]")

NOT_TEXT = "That line is not readable text (the terminal should send UTF-8); type it again."
CONTROLS = (
    "That line holds control characters (an arrow key, Esc, NUL or the like); "
    "type it again without them."
)
TOO_LONG = f"That line is too long (over {MAX_LINE} characters); type a shorter one."


def clean(text: str) -> str:
    """`text` safe to print on a terminal: no escape sequences or control characters but
    newlines and tabs, and a lone surrogate (text decoded with surrogateescape) as U+FFFD."""
    text = _ESCAPE.sub("", text)
    text = _CONTROLS.sub("", text)
    return _SURROGATES.sub("\ufffd", text)


class CleanWriter(io.TextIOBase):
    """A stream whose writes go through `clean` to the stream it wraps; characters the
    stream's encoding lacks are written as '?' rather than raising mid-game."""

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self.raw = raw

    def write(self, text: str) -> int:
        safe = clean(text)
        try:
            self.raw.write(safe)
        except UnicodeEncodeError:
            encoding = getattr(self.raw, "encoding", None) or "ascii"
            self.raw.write(safe.encode(encoding, "replace").decode(encoding, "replace"))
        return len(text)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()

    def fileno(self) -> int:
        return self.raw.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return str(getattr(self.raw, "encoding", None) or "utf-8")


def clean_stream(stream: TextIO) -> TextIO:
    """`stream` with every write cleaned (the stream itself if it already is)."""
    if isinstance(stream, CleanWriter):
        return cast(TextIO, stream)
    return cast(TextIO, CleanWriter(stream))


def raw_stream(stream: TextIO) -> TextIO:
    """The stream beneath a CleanWriter: for a progress bar, whose escape codes are ours."""
    if isinstance(stream, CleanWriter):
        return stream.raw
    return stream


def tolerate_undecodable(stream: TextIO) -> None:
    """Let `stream` (stdin) decode bytes that are not text to U+FFFD instead of raising
    UnicodeDecodeError under a strict UTF-8 locale; `read_line` then refuses the line."""
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is not None:
        # A closed or detached stream cannot change: read_line still catches the decode error.
        with contextlib.suppress(ValueError, OSError):
            reconfigure(errors="replace")


class BadLine(Exception):
    """A typed line that cannot be used; the message says why, in one line."""


def read_line(inp: TextIO) -> str | None:
    """The next line typed, stripped; None when the input has ended.

    Raises BadLine for a line that is not text, holds control characters or is too long;
    the whole line has been read either way, so the next call reads the next line.
    """
    try:
        line = inp.readline(MAX_LINE + 1)
    except UnicodeDecodeError:
        _skip_rest(inp)
        raise BadLine(NOT_TEXT) from None
    if not line:
        return None
    if len(line) > MAX_LINE and not line.endswith("\n"):
        _skip_rest(inp)
        raise BadLine(TOO_LONG)
    line = line.removesuffix("\n").removesuffix("\r").replace("\t", " ")
    if _UNDECODED.search(line):
        raise BadLine(NOT_TEXT)
    if _TYPED_CONTROLS.search(line):
        raise BadLine(CONTROLS)
    return line.strip()


def _skip_rest(inp: TextIO) -> None:
    """Read to the end of the current line, a piece at a time."""
    while True:
        try:
            piece = inp.readline(_CHUNK)
        except UnicodeDecodeError:
            return  # what is left of the line, if anything, is answered as a line of its own
        if not piece or piece.endswith("\n"):
            return


def number(text: str, high: int) -> int | None:
    """The number 1..high typed as `text` (ASCII digits only: '²' and '①' count as digits
    to str.isdigit() but not to int()), or None."""
    if not (text.isascii() and text.isdigit() and len(text) <= MAX_DIGITS):
        return None
    value = int(text)
    return value if 1 <= value <= high else None
