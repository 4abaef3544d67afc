"""The pictures and fonts a scenario ships: every path held inside the folder of the file
that wrote it, every file what it claims to be and within its limits, and every refusal
a message at the file and line of the path."""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from game.scenario import assets
from game.scenario.assets import Reference, check
from game.scenario.loader import Scenario, ScenarioError, load_documents, load_scenario
from game.scenario.yamlio import Mark, load_yaml_file
from tests.conftest import MINI, PICTURES, pictured_copy
from tests.fuzzing import fuzz_settings

PNG = (PICTURES / "pictures" / "portrait.png").read_bytes()
JPEG = (PICTURES / "pictures" / "crowd.jpg").read_bytes()


def png_header(width: int, height: int) -> bytes:
    """The first bytes of a PNG of that size: all the checker reads of it."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + ihdr + b"\x00" * 4


def jpeg_header(width: int, height: int, sof: int = 0xC0) -> bytes:
    """A JPEG's start, an application segment, then a frame header of that size."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00" + b"\x01\x01\x00" + b"\x00" * 6
    frame = bytes([0xFF, sof]) + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + frame + b"\xff\xda"


def font_file(tables: tuple[bytes, ...] = (b"cmap", b"glyf", b"head")) -> bytes:
    """The smallest file a TrueType font's table of contents describes."""
    body = b"\x00" * 16
    head = struct.pack(">4sHHHH", b"\x00\x01\x00\x00", len(tables), 0, 0, 0)
    start = 12 + 16 * len(tables)
    entries = b"".join(struct.pack(">4sIII", tag, 0, start, len(body)) for tag in tables)
    return head + entries + body


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the pictured mini scenario, with a file outside it to link to."""
    scenario = pictured_copy(tmp_path / "mod")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.png").write_bytes(PNG)
    return scenario


def bad_portrait(folder: Path, written: str) -> Path:
    """A file giving a codex entry whose portrait is `written` (on line 6)."""
    path = folder / "zz_bad.yaml"
    lines = [
        "codex:",
        "  - id: bad",
        "    title: Bad",
        "    category: term",
        "    text: A bad picture.",
        f"    portrait: {json.dumps(written)}",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def refusal(folder: Path) -> tuple[Mark, str]:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(folder)
    assert len(caught.value.errors) == 1, caught.value.errors
    error = caught.value.errors[0]
    return error.mark, error.message


def test_a_scenario_gets_the_real_file_of_every_path_it_writes(pictured: Scenario) -> None:
    model = pictured.model
    written = {
        model.scenario.map_background,
        model.scenario.fonts and model.scenario.fonts.bold,
        next(c.portrait for c in model.codex if c.portrait),
        next(e.picture for e in model.events if e.picture),
    }
    assert set(pictured.assets) == written
    root = Path(pictured.source).resolve()
    for path, real in pictured.assets.items():
        assert real == (root / path).resolve() and real.is_file()


def test_a_scenario_without_pictures_or_from_documents_has_none(october: Scenario) -> None:
    assert october.assets == {}
    documents = [load_yaml_file(p) for p in sorted(MINI.glob("*.yaml"))]
    documents.append(load_yaml_file(PICTURES / "pictures.yaml"))
    # Documents (as a save holds its scenario) carry no folder: the paths open nothing.
    assert load_documents(documents).assets == {}


# (what is written or made, the words the refusal must hold)
SetUp = Callable[[Path], str]


def _link_out(folder: Path) -> str:
    (folder / "out.png").symlink_to(folder.parent / "outside" / "secret.png")
    return "out.png"


def _folder_link_out(folder: Path) -> str:
    (folder / "elsewhere").symlink_to(folder.parent / "outside")
    return "elsewhere/secret.png"


def _link_loop(folder: Path) -> str:
    (folder / "loop.png").symlink_to(folder / "loop.png")
    return "loop.png"


def _write(name: str, data: bytes) -> SetUp:
    def make(folder: Path) -> str:
        (folder / name).write_bytes(data)
        return name

    return make


def _folder_named(folder: Path) -> str:
    (folder / "dir.png").mkdir()
    return "dir.png"


def _fifo(folder: Path) -> str:
    os.mkfifo(folder / "pipe.png")
    return "pipe.png"


def _huge(folder: Path) -> str:
    path = folder / "huge.png"
    path.write_bytes(png_header(100, 100))
    os.truncate(path, assets.MAX_IMAGE_BYTES + 1)  # sparse: costs no disk
    return "huge.png"


def _as_is(written: str) -> SetUp:
    return lambda folder: written


REFUSED: dict[str, tuple[SetUp, str]] = {
    "absolute": (_as_is("/etc/secret.png"), "is an absolute path"),
    "up": (_as_is("../outside/secret.png"), "goes up out of the folder with '..'"),
    "up inside": (_as_is("pictures/../../outside/secret.png"), "'..'"),
    "backslash": (_as_is("pictures\\portrait.png"), "write '/' between folders"),
    "drive": (_as_is("C:/pictures/portrait.png"), "starts with a drive letter"),
    "drive alone": (_as_is("c:portrait.png"), "starts with a drive letter"),
    "web": (_as_is("https://example.org/p.png"), "is a web address"),
    "colon": (_as_is("pictures/a:b.png"), "holds ':'"),
    "home": (_as_is("~/portrait.png"), "starts with '~'"),
    "control": (_as_is("pictures/\x01.png"), "control character"),
    "folder path": (_as_is("pictures/"), "name a file, not a folder"),
    "missing": (_as_is("pictures/portrayal.png"), "did you mean 'portrait.png'?"),
    "missing folder": (_as_is("portraits/x.png"), "no such file in"),
    "capitals": (_as_is("Pictures/portrait.png"), "is spelt 'pictures'"),
    "link out": (_link_out, "outside the folder"),
    "folder link out": (_folder_link_out, "goes through 'elsewhere', which is a link to"),
    "link loop": (_link_loop, "loop of links"),
    "a folder": (_folder_named, "is a folder"),
    "a pipe": (_fifo, "is not a plain file"),
    "not a picture name": (_as_is("scenario.yaml"), "expected a PNG or JPEG picture"),
    "gif": (_write("a.png", b"GIF89a" + b"\x00" * 40), "a GIF picture"),
    "webp": (_write("a.png", b"RIFF\x00\x00\x00\x00WEBPVP8 "), "a WebP picture"),
    "text": (_write("a.jpg", b"hello, world"), "none of those"),
    "jpeg named png": (_write("a.png", JPEG), "rename it '.jpg'"),
    "png named jpg": (_write("a.jpg", PNG), "rename it '.png'"),
    "damaged png": (_write("a.png", PNG[:8] + b"\x00" * 30), "damaged PNG"),
    "empty png": (_write("a.png", b""), "the file is empty"),
    "wide png": (_write("a.png", png_header(4097, 10)), "4097 x 10 pixels, over the 4096"),
    "tall png": (_write("a.png", png_header(10, 2**32 - 1)), "over the 4096 x 4096"),
    "wide jpeg": (_write("a.jpg", jpeg_header(5000, 20)), "5000 x 20 pixels"),
    "lossless jpeg": (_write("a.jpg", jpeg_header(20, 20, 0xC3)), "ordinary JPEG"),
    "headless jpeg": (_write("a.jpg", b"\xff\xd8\xff\xda" + b"\x00" * 20), "damaged JPEG"),
    "huge": (_huge, "over the 4 MiB a picture may take"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_each_hostile_or_broken_portrait_is_refused_at_its_file_and_line(
    case: str, folder: Path
) -> None:
    make, words = REFUSED[case]
    bad = bad_portrait(folder, make(folder))
    mark, message = refusal(folder)
    assert (mark.file, mark.line) == (str(bad), 6)
    assert words in message


FONTS: dict[str, tuple[bytes, str]] = {
    "a picture": (PNG, "expected a TrueType or OpenType font"),
    "a web font": (b"wOFF" + b"\x00" * 40, "a web font (WOFF)"),
    "a collection": (b"ttcf" + b"\x00" * 40, "a font collection"),
    "cut short": (font_file()[:30], "cut short"),
    "a table past its end": (font_file()[:-4], "past the end of the file"),
    "no letters": (font_file((b"head", b"name")), "not a complete font"),
}


@pytest.mark.parametrize("case", list(FONTS))
def test_each_broken_font_is_refused_at_its_file_and_line(case: str, tmp_path: Path) -> None:
    data, words = FONTS[case]
    for path in MINI.glob("*.yaml"):
        (tmp_path / path.name).write_bytes(path.read_bytes())
    (tmp_path / "face.ttf").write_bytes(data)
    bad = tmp_path / "zz_fonts.yaml"
    bad.write_text("scenario:\n  fonts:\n    italic: face.ttf\n", encoding="utf-8")
    mark, message = refusal(tmp_path)
    assert (mark.file, mark.line) == (str(bad), 3)
    assert words in message


def test_good_pictures_and_fonts_of_every_kind_are_accepted(folder: Path) -> None:
    (folder / "a.jpeg").write_bytes(jpeg_header(4096, 4096, 0xC2))  # progressive, at the limit
    (folder / "b.png").write_bytes(png_header(4096, 1))
    (folder / "face.otf").write_bytes(font_file((b"cmap", b"head", b"CFF ")))
    (folder / "link.png").symlink_to(folder / "pictures" / "portrait.png")  # inside: fine
    at = Mark("x.yaml", 1, 1)
    refs = [
        Reference("a.jpeg", "image", at, folder),
        Reference("./b.png", "image", at, folder),
        Reference("face.otf", "font", at, folder),
        Reference("link.png", "image", at, folder),
        Reference("pictures//portrait.png", "image", at, folder),
    ]
    found, errors = check(refs)
    assert errors == []
    assert found["link.png"] == found["pictures//portrait.png"]


def test_a_folder_ships_at_most_its_budget_of_files(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(assets, "MAX_FOLDER_BYTES", len(PNG) * 2 + 10)
    refs = []
    for n in range(3):
        (folder / f"{n}.png").write_bytes(PNG)
        refs.append(Reference(f"{n}.png", "image", Mark("x.yaml", n + 1, 1), folder))
    # The same file named twice costs once.
    refs.insert(1, Reference("./0.png", "image", Mark("x.yaml", 9, 1), folder))
    found, errors = check(refs)
    assert set(found) == {"0.png", "./0.png", "1.png"}
    assert [
        (e.mark.line, "over the 0 MiB a scenario folder may ship" in e.message) for e in errors
    ] == [(3, True)]


def test_one_path_naming_two_files_from_two_folders_is_refused(tmp_path: Path) -> None:
    for name in ("base", "mod"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "p.png").write_bytes(PNG)
    refs = [
        Reference("p.png", "image", Mark("base/a.yaml", 4, 5), tmp_path / "base"),
        Reference("p.png", "image", Mark("mod/b.yaml", 7, 5), tmp_path / "mod"),
    ]
    found, errors = check(refs)
    assert found == {"p.png": (tmp_path / "base" / "p.png").resolve()}
    assert len(errors) == 1 and errors[0].mark.line == 7
    assert "base/a.yaml:4" in errors[0].message


def test_a_save_keeps_the_paths_as_written_and_no_real_one(
    pictured: Scenario, tmp_path: Path
) -> None:
    from game.engine.rules import Rules
    from game.saves.replay import load
    from game.saves.store import SaveStore
    from game.session import Session

    saved = SaveStore(tmp_path).save(Session(Rules(pictured), 5, player="reds"), "pictured")
    text = saved.read_text(encoding="utf-8")
    assert "pictures/portrait.png" in text and "fonts/title.ttf" in text
    assert str(Path(pictured.source).resolve()) not in text and pictured.source not in text
    embedded = yaml.safe_load(text)["scenario"]
    assert embedded["scenario"]["map_background"] == "pictures/ground.png"
    # Loaded again, its scenario names the same files but opens none of them.
    again = load(saved).rules.scenario
    assert again.content_hash == pictured.content_hash and again.assets == {}


# -- any string at all -------------------------------------------------------------------

TOKENS = [
    "a", "pictures", "portrait.png", "x.png", ".png", "/", "//", ".", "..", "\\", ":", "C:",
    "~", " ", "\x00", "\n", "é", "out", "loop", "up", "file:", "%2e%2e",
]  # fmt: skip


@pytest.fixture(scope="module")
def trap(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with a good picture and links of every bad kind."""
    base = tmp_path_factory.mktemp("trap")
    root = base / "mod"
    (root / "pictures").mkdir(parents=True)
    (root / "pictures" / "portrait.png").write_bytes(PNG)
    (base / "x.png").write_bytes(PNG)
    (root / "out").symlink_to(base)
    (root / "loop").symlink_to(root / "loop")
    (root / "up").symlink_to("..")
    (root / "x.png").symlink_to(base / "x.png")
    return root


@pytest.mark.fuzz
@fuzz_settings(200, 20_000)
@given(parts=st.lists(st.sampled_from(TOKENS), min_size=1, max_size=8))
def test_any_written_path_is_refused_in_words_or_names_a_file_inside_the_folder(
    parts: list[str], trap: Path
) -> None:
    written = "".join(parts)
    mark = Mark("hostile.yaml", 3, 7)
    found, errors = check([Reference(written, "image", mark, trap)])
    if errors:
        assert [e.mark for e in errors] == [mark] and not found
        assert errors[0].message.startswith(repr(written)[:20])
    else:
        real = found[written]
        assert real.is_relative_to(trap.resolve()) and real.is_file()
