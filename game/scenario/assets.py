"""The pictures and fonts a scenario ships, checked before the window opens any of them.

A scenario names files in its YAML: a codex entry's `portrait`, an event's `picture`,
the map's `map_background`, the `fonts` of its text. Those files come from strangers as
much as the YAML does, so a path is read only as written relative to the folder of the
YAML file that wrote it, and must stay inside that folder: no absolute path, no `..`, no
backslash or drive letter, no link that leads out. The file must be there, a plain file,
of a kind the window can show, told by its first bytes (PNG or JPEG, TrueType or
OpenType) and matching its name, and within the limits below. A picture's size in pixels
is read from its header, so a picture too large to decode is refused before anything
decodes it; the engine has no pygame, and needs none for this.

`scenario_assets` gives, for each path as written, the real file it names: the only way
the window finds a file, so that a save, which keeps the scenario as data (the paths as
written, never a real one), opens nothing.
"""

from __future__ import annotations

import os
import re
import stat
import struct
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from game.scenario.crossref import did_you_mean
from game.scenario.schema import ScenarioModel
from game.scenario.yamlio import LoadError, Mark

MiB = 1024 * 1024
MAX_IMAGE_BYTES = 4 * MiB
MAX_IMAGE_SIDE = 4096  # pixels, either way: 64 MiB once decoded, at the most
MAX_FONT_BYTES = 2 * MiB
# Every distinct file the scenario files of one folder name, together.
MAX_FOLDER_BYTES = 32 * MiB

Kind = Literal["image", "font"]
SUFFIXES: dict[Kind, tuple[str, ...]] = {
    "image": (".png", ".jpg", ".jpeg"),
    "font": (".ttf", ".otf"),
}
WANTED: dict[Kind, str] = {
    "image": "a PNG or JPEG picture (.png, .jpg or .jpeg)",
    "font": "a TrueType or OpenType font (.ttf or .otf)",
}
FONT_STYLES = ("regular", "bold", "italic")

_PNG = b"\x89PNG\r\n\x1a\n"
_JPEG = b"\xff\xd8\xff"
# The frame headers of the JPEGs every reader decodes (baseline, extended, progressive).
_READABLE_SOF = (0xC0, 0xC1, 0xC2)
_OTHER_SOF = (0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF)
_SFNT = (b"\x00\x01\x00\x00", b"true", b"OTTO")
# What a file that is not a PNG, a JPEG or a font often is, to say so.
_KNOWN = (
    (b"GIF8", "a GIF picture"),
    (b"BM", "a BMP picture"),
    (b"II*\x00", "a TIFF picture"),
    (b"MM\x00*", "a TIFF picture"),
    (b"\x00\x00\x01\x00", "an icon (.ico)"),
    (b"ttcf", "a font collection (.ttc)"),
    (b"wOFF", "a web font (WOFF)"),
    (b"wOF2", "a web font (WOFF2)"),
    (b"<svg", "an SVG drawing"),
    (b"<?xml", "an SVG drawing or other XML"),
    (b"%PDF", "a PDF document"),
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_DRIVE = re.compile(r"^[A-Za-z]:")


@dataclass(frozen=True)
class Reference:
    """A file the scenario names: the path as written, what it must be, where it was
    written, and the folder it is relative to (that of the YAML file that wrote it)."""

    written: str
    kind: Kind
    mark: Mark
    folder: Path


class _Refused(Exception):
    """One reference's problem, as the message a modder reads."""


def references(
    model: ScenarioModel,
    mark_of: Callable[[tuple[str | int, ...]], Mark],
    folder_of: Callable[[Mark], Path],
) -> list[Reference]:
    """Every file the scenario names, in the order of its sections. `mark_of` finds where a
    value was written (its path in the merged scenario); `folder_of`, the folder that the
    file of a mark lies in."""
    found: list[Reference] = []

    def add(path: tuple[str | int, ...], written: str | None, kind: Kind) -> None:
        if written is not None:
            mark = mark_of(path)
            found.append(Reference(written, kind, mark, folder_of(mark)))

    meta = model.scenario
    add(("scenario", "map_background"), meta.map_background, "image")
    if meta.fonts is not None:
        for style in FONT_STYLES:
            add(("scenario", "fonts", style), getattr(meta.fonts, style), "font")
    for n, event in enumerate(model.events):
        add(("events", n, "picture"), event.picture, "image")
    for n, entry in enumerate(model.codex):
        add(("codex", n, "portrait"), entry.portrait, "image")
    return found


def scenario_assets(
    model: ScenarioModel,
    mark_of: Callable[[tuple[str | int, ...]], Mark],
    folder_of: Callable[[Mark], Path],
) -> tuple[dict[str, Path], list[LoadError]]:
    """The real file of every path the scenario writes (see `references`), or the problems."""
    return check(references(model, mark_of, folder_of))


def check(refs: Sequence[Reference]) -> tuple[dict[str, Path], list[LoadError]]:
    """Each written path -> the checked real file it names; and a LoadError, at the place
    the path was written, for every path refused."""
    found: dict[str, Path] = {}
    where: dict[str, Mark] = {}
    errors: list[LoadError] = []
    seen: dict[Path, tuple[Kind, int]] = {}  # real file -> (its kind, its size)
    spent: dict[Path, int] = {}  # folder -> bytes of the distinct files it names
    for ref in refs:
        try:
            real, size = _checked(ref, seen)
        except _Refused as refused:
            errors.append(LoadError(ref.mark, f"{_shown(ref.written)}: {refused}"))
            continue
        before = found.get(ref.written)
        if before is not None and before != real:
            first = where[ref.written]
            errors.append(
                LoadError(
                    ref.mark,
                    f"{_shown(ref.written)} names another file than the same path written at "
                    f"{first.file}:{first.line}; give the two files different names",
                )
            )
            continue
        if real not in seen:
            seen[real] = (ref.kind, size)
            total = spent.get(ref.folder, 0) + size
            spent[ref.folder] = total
            if total > MAX_FOLDER_BYTES:
                errors.append(
                    LoadError(
                        ref.mark,
                        f"{_shown(ref.written)}: with it the pictures and fonts named from "
                        f"{ref.folder} take {total:,} bytes, over the "
                        f"{MAX_FOLDER_BYTES // MiB} MiB a scenario folder may ship; make them "
                        "smaller",
                    )
                )
                continue
        found[ref.written] = real
        where.setdefault(ref.written, ref.mark)
    return found, errors


def _shown(written: str) -> str:
    """The path as a message quotes it: escaped, and cut short if it is long."""
    text = repr(written)
    return text if len(text) <= 80 else text[:76] + "...'"


def _checked(ref: Reference, seen: dict[Path, tuple[Kind, int]]) -> tuple[Path, int]:
    """The real file a reference names and its size; _Refused with the reason if it may not
    be used."""
    _check_written(ref.written)
    suffix = os.path.splitext(ref.written)[1].lower()
    if suffix not in SUFFIXES[ref.kind]:
        raise _Refused(f"expected {WANTED[ref.kind]}; the name ends in '{suffix or 'nothing'}'")
    real = _find(ref.folder, ref.written)
    try:
        status = real.stat()
    except OSError as exc:
        raise _Refused(f"cannot be read ({exc.strerror or exc})") from None
    if stat.S_ISDIR(status.st_mode):
        raise _Refused("is a folder; name a file in it")
    if not stat.S_ISREG(status.st_mode):
        raise _Refused("is not a plain file")
    if real in seen:
        kind, size = seen[real]
        if kind == ref.kind:
            return real, size
    limit = MAX_IMAGE_BYTES if ref.kind == "image" else MAX_FONT_BYTES
    if status.st_size > limit:
        what = "a picture" if ref.kind == "image" else "a font"
        raise _Refused(
            f"the file is {status.st_size:,} bytes, over the {limit // MiB} MiB {what} may "
            "take; make it smaller"
            + (" (fewer pixels, or saved as JPEG)" if ref.kind == "image" else "")
        )
    try:
        with real.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as exc:
        raise _Refused(f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > limit:  # it grew since it was measured
        raise _Refused(f"the file is over the {limit // MiB} MiB it may take; make it smaller")
    if ref.kind == "image":
        _check_image(data, suffix)
    else:
        _check_font(data)
    return real, len(data)


def _check_written(written: str) -> None:
    """The rules a path obeys as text, whatever is on disk."""
    if _CONTROL.search(written):
        raise _Refused("holds a control character; write the file's name as it is")
    if "\\" in written:
        raise _Refused("holds a backslash; write '/' between folders, e.g. 'pictures/x.png'")
    if _DRIVE.match(written):
        raise _Refused(
            "starts with a drive letter; write the path relative to the folder of this "
            "file, e.g. 'pictures/x.png'"
        )
    if "://" in written:
        raise _Refused(
            "is a web address; the game reads only files in the scenario's folder: "
            "download the file into it"
        )
    if ":" in written:
        raise _Refused("holds ':', which a file's name cannot hold on every system; rename it")
    if written.startswith("/"):
        raise _Refused(
            "is an absolute path; write it relative to the folder of this file, e.g. "
            "'pictures/x.png'"
        )
    if written.startswith("~"):
        raise _Refused(
            "starts with '~' (a home folder); write the path relative to the folder of "
            "this file, e.g. 'pictures/x.png'"
        )
    if ".." in written.split("/"):
        raise _Refused(
            "goes up out of the folder with '..'; keep the file inside the folder of the "
            "YAML file that names it"
        )
    if written.endswith("/"):
        raise _Refused("ends with '/'; name a file, not a folder")


def _find(folder: Path, written: str) -> Path:
    """The real file a written path names, followed part by part: each part spelt as on
    disk (capitals too: a system that ignores them would hide a name that fails on one
    that does not), and no link on the way leading out of the folder."""
    root = _resolved(folder)
    path = folder
    for part in (p for p in written.split("/") if p not in ("", ".")):
        try:
            names = os.listdir(path)
        except OSError:
            names = []
        if part not in names:
            same = [n for n in names if n.casefold() == part.casefold()]
            if same:
                raise _Refused(
                    f"is spelt '{same[0]}' in {path}; write the same capitals (other "
                    "systems tell them apart)"
                )
            raise _Refused(f"no such file in {path}{did_you_mean(part, names)}")
        path = path / part
        real = _resolved(path)
        if not real.is_relative_to(root):
            which = "is" if path == folder / written else f"goes through '{part}', which is"
            raise _Refused(
                f"{which} a link to {real}, outside the folder {folder}; copy the file "
                "into the folder instead"
            )
    return _resolved(path)


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a loop of links
        raise _Refused("leads through a loop of links; name the file itself") from None


def _what_it_is(data: bytes) -> str:
    if not data:
        return "empty"
    for magic, name in _KNOWN:
        if data.startswith(magic):
            return name
    if data[8:12] == b"WEBP" and data.startswith(b"RIFF"):
        return "a WebP picture"
    return "none of those (its first bytes say so)"


def _check_image(data: bytes, suffix: str) -> None:
    if data.startswith(_PNG):
        if suffix != ".png":
            raise _Refused(f"is a PNG picture named '{suffix}'; rename it '.png'")
        width, height = _png_size(data)
    elif data.startswith(_JPEG):
        if suffix == ".png":
            raise _Refused("is a JPEG picture named '.png'; rename it '.jpg'")
        width, height = _jpeg_size(data)
    else:
        raise _Refused(
            f"expected {WANTED['image']}, but the file is {_what_it_is(data)}; save it as "
            "PNG or JPEG"
        )
    if width > MAX_IMAGE_SIDE or height > MAX_IMAGE_SIDE:
        raise _Refused(
            f"the picture is {width} x {height} pixels, over the {MAX_IMAGE_SIDE} x "
            f"{MAX_IMAGE_SIDE} a picture may have; scale it down"
        )


def _png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which must come first."""
    if len(data) < 33 or data[8:16] != b"\x00\x00\x00\x0dIHDR":
        raise _Refused("is a damaged PNG picture (its header is missing); save it again")
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    if not width or not height or depth not in (1, 2, 4, 8, 16) or colour not in (0, 2, 3, 4, 6):
        raise _Refused("is a damaged PNG picture (its header makes no sense); save it again")
    return width, height


def _jpeg_size(data: bytes) -> tuple[int, int]:
    """Width and height from the first frame header, walking the segments before it."""
    at = 2
    while at < len(data):
        if data[at] != 0xFF:
            break
        while at < len(data) and data[at] == 0xFF:  # fill bytes
            at += 1
        if at >= len(data):
            break
        marker = data[at]
        at += 1
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # no length follows these
            continue
        if marker in (0xD9, 0xDA) or at + 2 > len(data):  # the end, or the image data
            break
        (length,) = struct.unpack(">H", data[at : at + 2])
        if length < 2 or at + length > len(data):
            break
        if marker in _OTHER_SOF:
            raise _Refused(
                "is a JPEG picture coded in a way few programs read (lossless, hierarchical or "
                "arithmetic); save it again as an ordinary JPEG"
            )
        if marker in _READABLE_SOF:
            if length < 7:
                break
            height, width = struct.unpack(">HH", data[at + 3 : at + 7])
            if not width or not height:
                break
            return width, height
        at += length
    raise _Refused("is a damaged JPEG picture (no frame header gives its size); save it again")


def _check_font(data: bytes) -> None:
    """A TrueType or OpenType font whose table of contents lies within the file and names
    the tables a font cannot do without."""
    if data[:4] not in _SFNT:
        raise _Refused(
            f"expected {WANTED['font']}, but the file is {_what_it_is(data)}; convert it "
            "to TTF or OTF"
        )
    if len(data) < 12:
        raise _Refused("is a damaged font (it ends before its table of contents); get it again")
    (count,) = struct.unpack(">H", data[4:6])
    if not 1 <= count <= 512 or 12 + 16 * count > len(data):
        raise _Refused("is a damaged font (its table of contents is cut short); get it again")
    tables = set()
    for n in range(count):
        tag, _, offset, length = struct.unpack(">4sIII", data[12 + 16 * n : 28 + 16 * n])
        if offset + length > len(data):
            raise _Refused(
                "is a damaged font (a table runs past the end of the file); get it again"
            )
        tables.add(tag)
    outlines = {b"glyf", b"CFF ", b"CFF2"}
    if not {b"cmap", b"head"} <= tables or not outlines & tables:
        raise _Refused("is not a complete font (it lacks the tables that hold its letters)")
