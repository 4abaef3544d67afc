"""A non-editable install carries the bundled scenario and finds it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_an_installed_copy_finds_and_validates_the_bundled_scenario(tmp_path: Path) -> None:
    # Built from a clean copy: a build/ folder left in the checkout would hide a module
    # that the package list forgets.
    source = tmp_path / "source"
    shutil.copytree(
        ROOT,
        source,
        ignore=shutil.ignore_patterns(".*", "build", "*.egg-info", "__pycache__"),
    )
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(source),
        ],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    [wheel] = wheels.glob("dual_power-*.whl")
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
        cwd=tmp_path,
    )
    # Run from elsewhere, with only the installed copy importable (plus the dependencies).
    env = {**os.environ, "PYTHONPATH": str(target), "PYTHONSAFEPATH": "1"}
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import game, game.paths as p, sys; print(game.__file__); print(p.default_scenario());"
            "from game.cli import main; sys.exit(main(['validate', str(p.default_scenario())]))",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    lines = done.stdout.splitlines()
    assert lines[0].startswith(str(target)), done.stdout + done.stderr
    assert lines[1].startswith(str(target)) and lines[1].endswith("october1917")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 problems found" in done.stdout
    # The window comes with it: every scene module, the fonts and the widget theme.
    picture = tmp_path / "map.png"
    drawn = subprocess.run(
        [sys.executable, "-m", "game", "screenshot", "map", str(picture), "--size", "800x560"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**env, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy"},
        check=False,
    )
    assert drawn.returncode == 0, drawn.stdout + drawn.stderr
    assert picture.stat().st_size > 10_000
    names = zipfile.ZipFile(wheel).namelist()
    for package in (ROOT / "game").rglob("__init__.py"):
        assert str(package.relative_to(ROOT)) in names, f"{package} is missing from the wheel"
    assert any(n.endswith("OldStandard-Regular.ttf") for n in names)
