"""The player's settings: window, text size, palette, replay speed, the first-game guide.

Kept in `settings.yaml` in the user's config folder (`$DUAL_POWER_CONFIG` names
the folder outright, else `$XDG_CONFIG_HOME/dual-power`, else
`~/.config/dual-power`). A missing file means the defaults; a damaged one is
reported in one line and the defaults are used, and the file is left as it is
until the player saves new settings over it.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError, field_validator

from game.saves.atomic import atomic_write
from game.scenario.yamlio import Document, YamlLoadFailed, load_yaml_file

FILE_NAME = "settings.yaml"

WINDOW_SIZES: tuple[tuple[int, int], ...] = (
    (1024, 640),
    (1280, 720),
    (1440, 810),
    (1600, 900),
    (1920, 1080),
)
TEXT_SCALES: tuple[float, ...] = (0.9, 1.0, 1.15, 1.3)
PALETTES: dict[str, str] = {
    "colours": "Colours only (safe for the common kinds of colour blindness)",
    "patterns": "Colours with hatching and initials on the map",
}
# Seconds a replay dwells on each turn while it plays.
REPLAY_SPEEDS: dict[str, float] = {"slow": 2.0, "normal": 1.0, "fast": 0.4}


@dataclass(frozen=True)
class Settings:
    window: tuple[int, int] = (1280, 720)
    fullscreen: bool = False
    text_scale: float = 1.0
    palette: str = "colours"
    replay_speed: str = "normal"
    guide: bool = True  # show the guided first turn at the start of a new game

    def with_(self, **changes: Any) -> Settings:
        return replace(self, **changes)

    @property
    def seconds_per_turn(self) -> float:
        return REPLAY_SPEEDS.get(self.replay_speed, REPLAY_SPEEDS["normal"])


DEFAULTS = Settings()


def config_dir(environ: dict[str, str] | None = None) -> Path:
    env = os.environ if environ is None else environ
    if env.get("DUAL_POWER_CONFIG"):
        return Path(env["DUAL_POWER_CONFIG"])
    base = env.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "dual-power"


def settings_path(environ: dict[str, str] | None = None) -> Path:
    return config_dir(environ) / FILE_NAME


class SettingsProblem(Exception):
    """The settings file exists but cannot be used; the message is one line for the player."""


Pixels = Annotated[StrictInt, Field(ge=320, le=10000)]


class _SettingsFile(BaseModel):
    """The shape settings.yaml must have. Strict: a hand-edited file can hold any YAML
    value anywhere (`palette: [1]`), and a value of the wrong type must be refused as
    such, not reach a comparison that raises TypeError before the window opens."""

    model_config = ConfigDict(strict=True, extra="forbid")

    window: Annotated[list[Pixels], Field(min_length=2, max_length=2)] = list(DEFAULTS.window)
    fullscreen: bool = DEFAULTS.fullscreen
    text_scale: Annotated[float, Field(ge=0.5, le=2.0)] = DEFAULTS.text_scale
    palette: str = DEFAULTS.palette
    replay_speed: str = DEFAULTS.replay_speed
    guide: bool = DEFAULTS.guide

    @field_validator("palette")
    @classmethod
    def _palette(cls, value: str) -> str:
        if value not in PALETTES:
            raise ValueError("unknown palette")
        return value

    @field_validator("replay_speed")
    @classmethod
    def _speed(cls, value: str) -> str:
        if value not in REPLAY_SPEEDS:
            raise ValueError("unknown replay speed")
        return value


# What to tell the player about a setting that is wrong, whatever pydantic found wrong.
_SHOULD_BE: dict[str, str] = {
    "window": "'window' should be [width, height] in pixels, e.g. [1280, 720]",
    "fullscreen": "'fullscreen' should be true or false",
    "guide": "'guide' should be true or false",
    "text_scale": "'text_scale' should be a number from 0.5 to 2.0",
    "palette": f"'palette' should be one of {', '.join(PALETTES)}",
    "replay_speed": f"'replay_speed' should be one of {', '.join(REPLAY_SPEEDS)}",
}


def _check(document: Document) -> Settings:
    data = document.data
    if not isinstance(data, dict):
        raise SettingsProblem(f"{document.mark_of(())}: expected a mapping of setting: value")
    known = {f.name for f in fields(Settings)}
    for key in data:
        if key not in known:
            where = document.key_marks.get((key,), document.mark_of(()))
            raise SettingsProblem(f"{where}: unknown setting '{key}' (known: {', '.join(sorted(known))})")
    try:
        checked = _SettingsFile.model_validate(data)
    except ValidationError as wrong:
        key = str(wrong.errors()[0]["loc"][0])
        raise SettingsProblem(f"{document.mark_of((key,))}: {_SHOULD_BE[key]}") from None
    return Settings(
        window=(checked.window[0], checked.window[1]),
        fullscreen=checked.fullscreen,
        text_scale=float(checked.text_scale),
        palette=checked.palette,
        replay_speed=checked.replay_speed,
        guide=checked.guide,
    )


def load_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The saved settings, or the defaults and a one-line reason when the file is unusable."""
    path = path or settings_path()
    if not path.is_file():
        return DEFAULTS, None
    try:
        document = load_yaml_file(path)
    except YamlLoadFailed as failed:
        return DEFAULTS, f"{failed}; using the default settings"
    try:
        return _check(document), None
    except SettingsProblem as problem:
        return DEFAULTS, f"{problem}; using the default settings"


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings (atomically); OSError reaches the caller, who tells the player."""
    path = path or settings_path()
    data = asdict(settings)
    data["window"] = list(settings.window)
    text = "# Dual Power settings: edit here or in the game's Settings screen.\n"
    text += yaml.safe_dump(data, sort_keys=False)
    atomic_write(path, text.encode("utf-8"))
    return path
