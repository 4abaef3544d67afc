"""The scenario schema: what a modder may write, with a description on every field.

These pydantic models check shapes and local rules (types, ranges, unknown
keys). Whether the names a scenario uses exist, and whether its expressions
parse, is checked afterwards by `game.scenario.crossref`, which needs the
whole scenario at once. The models are frozen: a loaded scenario never changes.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

ID_PATTERN = r"^[a-z][a-z0-9_]*$"

Id = Annotated[
    str,
    Field(
        pattern=ID_PATTERN,
        max_length=48,
        description="An identifier: lower-case letters, digits and underscores, starting with a letter.",
    ),
]
Text = Annotated[str, Field(max_length=20_000, description="Text shown to the player.")]
Condition = Annotated[
    str | bool,
    Field(description="A condition in the expression language, or true/false."),
]
# Every number a scenario writes is held to this magnitude, the expression language's
# own limit for a number: play computes with int64, which a product of two such
# numbers cannot overflow (expressions' results are held in range as play uses them).
MAX_NUMBER = 10**9
Number = Annotated[int, Field(ge=-MAX_NUMBER, le=MAX_NUMBER)]
Natural = Annotated[int, Field(ge=0, le=MAX_NUMBER)]
# Map coordinates: the map is drawn on a 1000 x 1000 canvas; a point far off it is a typo
# (and a huge one overflows the drawing library's C ints).
Coord = Annotated[int, Field(ge=-10_000, le=10_000)]

# A picture or a font the scenario ships. Only the shape is checked here: where it leads,
# and whether the file is what it claims, is the loader's (game.scenario.assets), which
# alone turns such a text into a file the window may open.
AssetPath = Annotated[
    str,
    Field(
        min_length=1,
        max_length=255,
        description=(
            "A file shipped with the scenario, written relative to the folder of the YAML "
            "file that names it, with / between folders, e.g. 'pictures/smolny.png'. It "
            "must lie inside that folder: no absolute path, no '..', no backslash, no drive "
            "letter, no link leading out."
        ),
    ),
]

Amount = Annotated[
    Number | str,
    Field(description="A whole number, or an expression in the expression language giving one."),
]
Percent = Annotated[
    float,
    Field(
        ge=-100,
        le=100,
        description="Percentage points; up to two decimals are kept (1.25 is 125 basis points).",
    ),
]


def _visible(text: str) -> bool:
    # A letter, digit, mark of punctuation or symbol: something that takes room on screen.
    if text[0].isalnum():  # nearly every text: decided by its first character
        return True
    return any(unicodedata.category(c)[0] in "LNPS" for c in text)


class Strict(BaseModel):
    """Base for every model: unknown keys are errors and loaded data never changes."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=False)

    @field_validator("*", mode="after")
    @classmethod
    def _shows_something(cls, value: Any) -> Any:
        # Text of nothing but spaces and zero-width characters draws as nothing (and the
        # window's widgets refuse to draw it): a name or text is left out, or written.
        # (Bidirectional controls are refused in the files, raw or escaped: yamlio.)
        if type(value) is str and value and not _visible(value):
            raise ValueError("has no visible character; write some text, or leave it out")
        return value


def _reject_floats(value: Any) -> Any:
    # pydantic's lax int mode accepts 3.0; in scenario data that is usually a typo.
    if isinstance(value, float):
        raise ValueError("expected a whole number, not a decimal")
    return value


WholeAmount = Annotated[Amount, BeforeValidator(_reject_floats)]


# --- meta -----------------------------------------------------------------


class Fonts(Strict):
    regular: AssetPath | None = Field(
        None, description="The face of body text, lists and buttons (TTF or OTF)."
    )
    bold: AssetPath | None = Field(
        None, description="The face of titles, headings and names on the map (TTF or OTF)."
    )
    italic: AssetPath | None = Field(
        None, description="The face of subtitles, notes and captions (TTF or OTF)."
    )


class Meta(Strict):
    id: Id = Field(description="The scenario's identifier, recorded in saves.")
    title: str = Field(description="The scenario's title, shown on the title screen.")
    subtitle: str = Field("", description="A line shown under the title.")
    version: Annotated[
        str, BeforeValidator(lambda v: str(v) if isinstance(v, int | float) else v)
    ] = Field("1", description="The scenario's own version, for its modders.")
    author: str = Field("", description="Who wrote the scenario.")
    description: Text = Field("", description="A paragraph introducing the scenario.")
    introduction: Text = Field(
        "", description="Text shown to the player at the start of a new game."
    )
    map_background: AssetPath | None = Field(
        None,
        description=(
            "A picture (PNG or JPEG) laid beneath the map's districts, stretched over the "
            "whole 1000 x 1000 map canvas (so draw it square); it replaces the drawn water. "
            "Null: plain paper and water."
        ),
    )
    fonts: Fonts | None = Field(
        None,
        description="Typefaces (TrueType or OpenType files) the window sets its text in.",
    )


class ModMeta(Strict):
    """The `mod` section of a mod's mod.yaml: what the mod is and what it is laid over."""

    id: Id = Field(description="The mod's identifier, unique among scenarios and mods.")
    name: str = Field(min_length=1, max_length=100, description="The mod's name, shown to players.")
    version: Annotated[
        str, BeforeValidator(lambda v: str(v) if isinstance(v, int | float) else v)
    ] = Field("1", max_length=40, description="The mod's own version.")
    description: Text = Field("", description="A sentence or two for the list of mods.")
    author: str = Field("", max_length=200, description="Who wrote the mod.")
    extends: Id = Field(description="The id of the scenario or mod this one is laid over.")


class Turn(Strict):
    date: dt.date = Field(description="The turn's first day, Old Style (YYYY-MM-DD).")
    label: str = Field("", description="A short name for the turn, e.g. 'Night of 24-25 October'.")


class Calendar(Strict):
    new_style_offset: int = Field(
        13, ge=0, le=30, description="Days added to an Old Style date to give the New Style one."
    )
    end: dt.date = Field(description="The day after the last turn ends, Old Style.")
    turns: list[Turn] = Field(
        min_length=1,
        # Verifying a save replays every turn: the calendar's length bounds its time.
        max_length=100,
        description="The turns in order; dates never go back, and turns sharing a date need labels.",
    )

    @model_validator(mode="after")
    def _dates_increase(self) -> Calendar:
        # Two turns may share a date (a day and a night, as on 24-25 October) when
        # their labels tell them apart.
        for before, after in zip(self.turns, self.turns[1:], strict=False):
            if after.date < before.date:
                raise ValueError(f"turn dates must not go back: {after.date} follows {before.date}")
            if after.date == before.date and (not after.label or after.label == before.label):
                raise ValueError(
                    f"two turns on {after.date} need different labels (e.g. 'day' and 'night')"
                )
        if self.end <= self.turns[-1].date:
            raise ValueError("the calendar's end must come after the last turn's date")
        return self


class Settings(Strict):
    inertia: int = Field(
        80,
        ge=0,
        le=99,
        description=(
            "Percent of the gap between support and its target that remains after a turn: "
            "0 jumps straight to the target, 99 barely moves."
        ),
    )
    mobilisation_decay: int = Field(
        3, ge=0, le=100, description="Points of mobilisation every group loses each turn."
    )
    loyalty_inertia: int = Field(
        70,
        ge=0,
        le=99,
        description="Percent of the gap between a unit's loyalty and its target that remains.",
    )
    defect_below: int = Field(
        25, ge=0, le=100, description="A unit whose loyalty falls below this leaves its owner."
    )
    join_above: int = Field(
        55,
        ge=0,
        le=100,
        description=(
            "An ownerless unit joins a faction whose support among the group it follows "
            "reaches this percent in its region."
        ),
    )
    actions_per_turn: int = Field(
        3, ge=1, le=20, description="Actions a faction may take each turn unless it says otherwise."
    )


class Resource(Strict):
    id: Id
    name: str = Field(description="The resource's name, e.g. 'Cadres'.")
    one: str = Field(
        "",
        description="How a single unit is worded in an amount, e.g. 'cadre' for '1 cadre'; "
        "empty: the name, as for 'Influence' and 'Arms'.",
    )
    description: Text = Field("", description="What the resource stands for.")


class Track(Strict):
    id: Id
    name: str = Field(description="The track's name, e.g. 'Government legitimacy'.")
    description: Text = Field("", description="What the track measures.")
    min: Number = Field(0, description="The lowest value the track can take.")
    max: Number = Field(100, description="The highest value the track can take.")
    initial: Number = Field(description="The track's value when the game begins.")
    per_turn: WholeAmount = Field(
        0,
        description=(
            "How far the track moves by itself at the start of every turn, before events: "
            "the season's pressure (hunger in a failing autumn). A number, or an expression."
        ),
    )

    @model_validator(mode="after")
    def _in_range(self) -> Track:
        if self.min >= self.max:
            raise ValueError(f"min ({self.min}) must be below max ({self.max})")
        if not self.min <= self.initial <= self.max:
            raise ValueError(f"initial ({self.initial}) must lie between {self.min} and {self.max}")
        return self


class Flag(Strict):
    id: Id
    description: Text = Field("", description="What it means when the flag is set.")
    initial: bool = Field(False, description="Whether the flag is set when the game begins.")
    name: str = Field(
        "",
        max_length=200,
        description=(
            "What the flag stands for, as a player would name it, e.g. 'the Military "
            "Revolutionary Committee'. Required once any rule a player is shown uses the flag."
        ),
    )
    when_set: str = Field(
        "",
        max_length=500,
        description=(
            "A sentence for the flag being set, e.g. 'the Soviet has its Military "
            "Revolutionary Committee'. Read in requirements and effects; required like `name`."
        ),
    )
    when_clear: str = Field(
        "",
        max_length=500,
        description=(
            "A sentence for the flag being clear, e.g. 'the Soviet has no military "
            "committee yet'. Read in requirements and effects; required like `name`."
        ),
    )

    @property
    def worded(self) -> bool:
        return bool(self.name.strip() and self.when_set.strip() and self.when_clear.strip())


# --- factions, groups, regions ---------------------------------------------


class Goals(Strict):
    support: dict[Id, Number] = Field(
        default_factory=dict,
        description="Value the AI puts on each point of the faction's support in a group.",
    )
    tracks: dict[Id, Number] = Field(
        default_factory=dict,
        description="Value the AI puts on each point of a track (negative to want it low).",
    )
    sites: Number = Field(
        0, description="Value the AI puts on holding a site, times the site's value."
    )
    strength: Number = Field(0, description="Value the AI puts on each 100 strength of its units.")
    mobilisation: dict[Id, Number] = Field(
        default_factory=dict,
        description=(
            "Value the AI puts on each point of a group's mobilisation, counted in "
            "proportion to the faction's support in it."
        ),
    )
    flags: dict[Id, Number] = Field(
        default_factory=dict, description="Value the AI puts on a flag being set."
    )
    resources: dict[Id, Number] = Field(
        default_factory=dict, description="Value the AI puts on each unit of a resource it keeps."
    )


class Faction(Strict):
    id: Id
    name: str = Field(description="Full name, e.g. 'Bolsheviks'.")
    short_name: str = Field("", description="A short name for tables; the name when empty.")
    color: str = Field(pattern=r"^#[0-9a-fA-F]{6}$", description="Map colour as #rrggbb.")
    playable: bool = Field(False, description="Whether a player may lead this faction.")
    description: Text = Field("", description="A paragraph introducing the faction.")
    resources: dict[Id, Natural] = Field(
        default_factory=dict, description="Resources held when the game begins."
    )
    income: dict[Id, WholeAmount] = Field(
        default_factory=dict, description="Resources gained at the start of each turn."
    )
    appeal: dict[Id, WholeAmount] = Field(
        default_factory=dict,
        description=(
            "For each group, a weight (number or expression) for how strongly the faction "
            "draws it; support drifts toward the shares these weights give."
        ),
    )
    actions_per_turn: int | None = Field(
        None, ge=1, le=20, description="Actions per turn; the scenario's setting when absent."
    )
    ai_profile: Id = Field(description="The AI profile that plays this faction by default.")
    seat_profile: Id | None = Field(
        None,
        description=(
            "The AI profile that stands in for a player in this faction's seat in the balance "
            "lab (`simulate --faction`, `--matrix`): the side's best play, so that the win rates "
            "of the difficulties measure what a capable player meets. Null: `ai_profile`."
        ),
    )
    goals: Goals = Field(default_factory=Goals, description="What the AI wants for this faction.")


class AiProfile(Strict):
    id: Id
    name: str = Field(description="The profile's name, e.g. 'Bold'.")
    description: Text = Field("", description="How this profile plays.")
    risk_aversion: int = Field(
        50, ge=0, le=100, description="How much the AI fears the cost of a failed contest."
    )
    thrift: int = Field(
        0, ge=0, le=100, description="Percent of an action's cost the AI counts against it."
    )
    noise: int = Field(
        10, ge=0, le=100, description="Percent of random variation in how the AI scores options."
    )
    tag_bias: dict[Id, Number] = Field(
        default_factory=dict,
        description="Extra score for actions and choices carrying a tag, e.g. force: 30.",
    )


class Difficulty(Strict):
    id: Id
    name: str = Field(description="The difficulty's name, e.g. 'Hard'.")
    description: Text = Field("", description="What the player faces at this difficulty.")
    rivals: Id | None = Field(
        None,
        description=(
            "The AI profile every faction the player does not lead plays with; "
            "null: each faction keeps its own `ai_profile` (unless `profiles` names it)."
        ),
    )
    profiles: dict[Id, Id] = Field(
        default_factory=dict,
        description=(
            "Faction id to AI profile, for factions that play otherwise than `rivals` when "
            "the player does not lead them."
        ),
    )
    seats: dict[Id, dict[Id, Id]] = Field(
        default_factory=dict,
        description=(
            "Per faction the player may lead: rivals that play another profile when the player "
            "leads it, over `rivals` and `profiles` (e.g. {government: {bolsheviks: patient}})."
        ),
    )
    default: bool = Field(False, description="Whether a new game starts at this difficulty.")


class Group(Strict):
    id: Id
    name: str = Field(description="The group's name, e.g. 'Workers'.")
    description: Text = Field("", description="Who the group are.")
    unaligned_appeal: WholeAmount = Field(
        20, description="Weight of staying unaligned, set against the factions' appeal."
    )


class MapShape(Strict):
    shape: list[tuple[Coord, Coord]] = Field(
        min_length=3, description="The region's outline as [x, y] points on a 1000 x 1000 map."
    )
    label: tuple[Coord, Coord] | None = Field(None, description="Where the name is drawn.")
    inset: bool = Field(False, description="Whether the region is drawn as an inset box.")


class Region(Strict):
    id: Id
    name: str = Field(description="The region's name, e.g. 'Vyborg side'.")
    short_name: str = Field(
        "",
        description="A shorter name for the map's label where the name does not fit, "
        "e.g. 'Rozhdestvensky'; the name when empty.",
    )
    description: Text = Field("", description="A paragraph about the place.")
    neighbours: list[Id] = Field(default_factory=list, description="Regions next to this one.")
    population: dict[Id, Natural] = Field(
        description="People of each group living here, in thousands."
    )
    support: dict[Id, dict[Id, Percent]] = Field(
        default_factory=dict,
        description="Starting support: for each group, each faction's percent; the rest is unaligned.",
    )
    mobilisation: dict[Id, Annotated[int, Field(ge=0, le=100)]] = Field(
        default_factory=dict, description="Starting mobilisation (0-100) of each group."
    )
    lean: dict[Id, Number] = Field(
        default_factory=dict,
        description="Percent added to a faction's appeal here (e.g. 30 makes it 30% stronger).",
    )
    map: MapShape = Field(description="How the region is drawn on the map.")


class Site(Strict):
    id: Id
    name: str = Field(description="The site's name, e.g. 'Winter Palace'.")
    kind: str = Field(description="What sort of place it is, e.g. palace, station, bridge.")
    region: Id = Field(description="The region the site lies in.")
    controller: Id | None = Field(description="The faction holding it at the start, or null.")
    defence: int = Field(0, ge=0, le=100_000, description="How hard the site is to take.")
    value: int = Field(1, ge=0, le=100, description="How much the site matters to the AI.")
    position: tuple[Coord, Coord] | None = Field(None, description="Where it is drawn on the map.")
    description: Text = Field("", description="A paragraph about the place.")
    tags: list[Id] = Field(default_factory=list, description="Free tags for conditions and the UI.")
    raised: Condition = Field(
        False,
        description=(
            "For a bridge: when the map shows it raised (cut off). A condition with "
            "$site and $region; the map only shows it, the rules decide what it means."
        ),
    )


class Unit(Strict):
    id: Id
    name: str = Field(description="The unit's name, e.g. 'Pavlovsky Regiment'.")
    kind: str = Field(description="What sort of force it is, e.g. red_guard, regiment, ship.")
    owner: Id | None = Field(description="The faction it obeys at the start, or null.")
    region: Id = Field(description="Where it stands at the start.")
    strength: int = Field(ge=0, le=1_000_000, description="Fighting men (or guns) in it.")
    loyalty: int = Field(60, ge=0, le=100, description="How firmly it obeys its owner, 0-100.")
    follows: Id | None = Field(
        None,
        description=(
            "A group whose support the unit's loyalty follows (a garrison follows the "
            "soldiers); null for units whose loyalty only effects change."
        ),
    )
    description: Text = Field("", description="A paragraph about the unit.")


# --- effects ----------------------------------------------------------------


Scope = Annotated[
    str,
    Field(
        pattern=r"^(\$?[a-z][a-z0-9_]*)$",
        description="An id, a $parameter, or 'all'.",
    ),
]


class _Effect(Strict):
    """Base of the effects; in YAML each is a mapping with one key naming its kind."""


class ShiftSupport(_Effect):
    """Moves a faction's support among a group, in one region or all."""

    kind: Literal["shift_support"]
    faction: Scope = Field(description="Whose support moves: an id or $faction.")
    group: Scope = Field(description="Which group: an id, $group or all.")
    region: Scope = Field("all", description="Where: an id, $region or all.")
    amount: Number | Annotated[float, Field(ge=-MAX_NUMBER, le=MAX_NUMBER)] | str = Field(
        description=(
            "Percentage points the faction gains, taken from the other shares in proportion "
            "to their size (negative: it loses them to the unaligned). A number with up to "
            "two decimals, or an expression giving whole points."
        )
    )


class Mobilise(_Effect):
    """Raises or lowers how ready a group is to act."""

    kind: Literal["mobilise"]
    group: Scope = Field(description="Which group: an id, $group or all.")
    region: Scope = Field("all", description="Where: an id, $region or all.")
    amount: WholeAmount = Field(description="Points of mobilisation added (negative to calm).")


class SetFlag(_Effect):
    """Sets a flag; short form `set_flag: id`."""

    kind: Literal["set_flag"]
    flag: Id = Field(description="The flag to set.")


class ClearFlag(_Effect):
    """Clears a flag; short form `clear_flag: id`."""

    kind: Literal["clear_flag"]
    flag: Id = Field(description="The flag to clear.")


class MoveTrack(_Effect):
    """Moves a track up or down, kept within its range."""

    kind: Literal["track"]
    track: Id = Field(description="The track to move.")
    amount: WholeAmount = Field(description="Points added (negative to lower); kept in range.")


class GainResource(_Effect):
    """Gives a faction resources, or takes them away."""

    kind: Literal["resource"]
    faction: Scope = Field("$faction", description="Whose resource: an id or $faction.")
    resource: Id = Field(description="Which resource.")
    amount: WholeAmount = Field(
        description="How much is gained (negative to spend); never below 0."
    )


class SetControl(_Effect):
    """Hands a site to a faction, or to no one."""

    kind: Literal["control"]
    site: Scope = Field(description="The site: an id or $site.")
    faction: Scope | None = Field(description="The new controller: an id, $faction, or null.")


class ChangeDefence(_Effect):
    """Strengthens or weakens a site's defence."""

    kind: Literal["defence"]
    site: Scope = Field(description="The site: an id or $site.")
    amount: WholeAmount = Field(description="Defence added (negative to weaken); never below 0.")


class ChangeUnit(_Effect):
    """Changes a unit's owner, place, strength or loyalty."""

    kind: Literal["unit"]
    unit: Scope = Field(description="The unit: an id or $unit.")
    owner: Scope | None = Field(
        "unchanged", description="New owner: an id, $faction, null for none, or unchanged."
    )
    region: Scope | None = Field(None, description="Region to move it to: an id or $region.")
    strength: WholeAmount = Field(0, description="Strength added (negative for losses).")
    loyalty: WholeAmount = Field(0, description="Loyalty added (negative to weaken), kept 0-100.")


class Journal(_Effect):
    """Writes a line in the journal; short form `journal: text`."""

    kind: Literal["journal"]
    text: Text = Field(description="A line for the journal, shown to every player.")


class TriggerEvent(_Effect):
    """Fires an event at once; short form `trigger: id`."""

    kind: Literal["trigger"]
    event: Id = Field(
        description=(
            "An event to fire at once, whatever its date and condition (an event that fires "
            "only once is not fired again); its choice waits for the next turn."
        )
    )


class Contest(_Effect):
    """Rolls attack against defence and applies the winner's effects."""

    kind: Literal["contest"]
    attack: Amount = Field(description="The attacker's strength: a number or expression.")
    defence: Amount = Field(description="The defender's strength: a number or expression.")
    success: list[Effect] = Field(
        default_factory=list, description="Effects if the attack wins the roll."
    )
    failure: list[Effect] = Field(default_factory=list, description="Effects if it loses the roll.")


class IfEffect(_Effect):
    """Applies `then` when a condition holds, `else` when it does not."""

    kind: Literal["if"]
    condition: Condition = Field(description="Checked when the effect is applied.")
    then: list[Effect] = Field(default_factory=list, description="Effects when it holds.")
    otherwise: list[Effect] = Field(default_factory=list, description="Effects when it does not.")


EFFECT_MODELS: dict[str, type[_Effect]] = {
    "shift_support": ShiftSupport,
    "mobilise": Mobilise,
    "set_flag": SetFlag,
    "clear_flag": ClearFlag,
    "track": MoveTrack,
    "resource": GainResource,
    "control": SetControl,
    "defence": ChangeDefence,
    "unit": ChangeUnit,
    "journal": Journal,
    "trigger": TriggerEvent,
    "contest": Contest,
    "if": IfEffect,
}

# Effects whose whole argument may be one scalar, and the field it fills.
_SHORT_FORMS = {"set_flag": "flag", "clear_flag": "flag", "journal": "text", "trigger": "event"}


def _effect_kind(value: Any) -> str | None:
    if isinstance(value, dict) and "kind" in value:
        kind = value["kind"]
        return kind if isinstance(kind, str) else None
    if isinstance(value, _Effect):
        return str(getattr(value, "kind", None))
    if isinstance(value, dict) and len(value) == 1:
        return str(next(iter(value)))
    return None


def _flatten_effect(value: Any) -> Any:
    """Turn the YAML form `{shift_support: {...}}` into `{kind: shift_support, ...}`."""
    if not isinstance(value, dict) or "kind" in value:
        return value
    if len(value) != 1:
        keys = ", ".join(map(str, value)) or "nothing"
        raise ValueError(
            f"an effect is a mapping with exactly one key naming its kind; found {keys}"
        )
    ((kind, args),) = value.items()
    if kind in _SHORT_FORMS and not isinstance(args, dict):
        return {"kind": kind, _SHORT_FORMS[kind]: args}
    if kind == "if" and isinstance(args, dict) and "else" in args:
        args = {("otherwise" if k == "else" else k): v for k, v in args.items()}
    if not isinstance(args, dict):
        if kind not in EFFECT_MODELS:  # `- set_flagg: x`: the name is wrong, not its argument
            return {"kind": kind}  # left for the union to report as an unknown effect
        raise ValueError(f"the arguments of '{kind}' must be a mapping")
    return {"kind": kind, **args}


Effect = Annotated[
    Annotated[ShiftSupport, Tag("shift_support")]
    | Annotated[Mobilise, Tag("mobilise")]
    | Annotated[SetFlag, Tag("set_flag")]
    | Annotated[ClearFlag, Tag("clear_flag")]
    | Annotated[MoveTrack, Tag("track")]
    | Annotated[GainResource, Tag("resource")]
    | Annotated[SetControl, Tag("control")]
    | Annotated[ChangeDefence, Tag("defence")]
    | Annotated[ChangeUnit, Tag("unit")]
    | Annotated[Journal, Tag("journal")]
    | Annotated[TriggerEvent, Tag("trigger")]
    | Annotated[Contest, Tag("contest")]
    | Annotated[IfEffect, Tag("if")],
    Discriminator(
        _effect_kind,
        custom_error_type="unknown_effect",
        custom_error_message="unknown effect kind",
    ),
    BeforeValidator(_flatten_effect),
]


# --- actions, events, endings -------------------------------------------------

TargetKind = Literal["none", "region", "site", "unit", "group_region"]


class Action(Strict):
    id: Id
    name: str = Field(description="The action's name, e.g. 'Agitate'.")
    description: Text = Field("", description="What the action stands for.")
    factions: list[Id] = Field(min_length=1, description="The factions that may take it.")
    target: TargetKind = Field(
        "none",
        description=(
            "What the action is aimed at: nothing, a region, a site, a unit, or a group in a "
            "region. It sets $region, $site, $unit and $group for its expressions."
        ),
    )
    targets: Condition = Field(
        True, description="Which targets are allowed: a condition over the $parameters."
    )
    condition: Condition = Field(True, description="When the action may be taken at all.")
    cost: dict[Id, Natural] = Field(default_factory=dict, description="Resources it costs.")
    effects: list[Effect] = Field(min_length=1, description="What it does.")
    per_turn: int = Field(
        1, ge=1, le=20, description="How often a faction may take it in one turn."
    )
    tags: list[Id] = Field(default_factory=list, description="Tags the AI profiles weigh.")
    ai_weight: WholeAmount = Field(
        0,
        description=(
            "Extra score the AI gives the action: a number, or an expression over the board "
            "with $faction bound (e.g. when a gamble is ripe). Players never see it."
        ),
    )


class Choice(Strict):
    id: Id
    text: Text = Field(description="The choice as shown to the player.")
    condition: Condition = Field(True, description="When the choice is open.")
    effects: list[Effect] = Field(default_factory=list, description="What choosing it does.")
    ai_weight: WholeAmount = Field(
        0,
        description=(
            "Extra score the AI gives this choice: a number, or an expression over the board "
            "(with $faction bound when a faction decides the event). Players never see it."
        ),
    )
    tags: list[Id] = Field(default_factory=list, description="Tags the AI profiles weigh.")


class Event(Strict):
    id: Id
    title: str = Field(description="The event's title.")
    date: dt.date | None = Field(
        None,
        description=(
            "Not before the turn holding this date: it fires on that turn, or on the first "
            "later one where its condition holds."
        ),
    )
    when: Condition = Field(
        True, description="Fires when this holds (and its date, if any, has come)."
    )
    once: bool = Field(True, description="Whether it can fire only once.")
    faction: Id | None = Field(
        None, description="The faction that decides it; null for news every side sees."
    )
    text: Text = Field(description="What happens, told to the player.")
    history: Text = Field("", description="What really happened, shown beside the event.")
    sources: list[str] = Field(
        default_factory=list,
        description="Short citations of the works the history note rests on, shown beneath it.",
    )
    picture: AssetPath | None = Field(
        None,
        description="A picture (PNG or JPEG) shown on the event's card, above its text.",
    )
    effects: list[Effect] = Field(
        default_factory=list, description="Effects applied when it fires, before any choice."
    )
    choices: list[Choice] = Field(
        default_factory=list, description="The decision put to the faction; none for news."
    )

    @model_validator(mode="after")
    def _choices_need_a_decider(self) -> Event:
        if self.choices and self.faction is None:
            raise ValueError("an event with choices needs a faction to decide it")
        if self.faction is not None and not self.choices:
            raise ValueError("an event decided by a faction needs at least one choice")
        ids = [c.id for c in self.choices]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"choice ids must be unique; repeated: {', '.join(dupes)}")
        return self


class Ending(Strict):
    id: Id
    title: str = Field(description="The ending's title.")
    condition: Condition = Field(
        False, description="The game ends this way as soon as this holds (checked in order)."
    )
    fallback: bool = Field(
        False, description="The ending used when the calendar runs out and no other holds."
    )
    winners: list[Id] = Field(default_factory=list, description="Factions that count it a win.")
    epilogue: Text = Field(description="What came after, told to the player.")
    history: Text = Field("", description="How it compares with what really happened.")
    sources: list[str] = Field(
        default_factory=list,
        description="Short citations of the works the history note rests on, shown beneath it.",
    )


class CodexEntry(Strict):
    id: Id
    title: str = Field(description="The entry's heading.")
    category: Literal["person", "party", "place", "unit", "organisation", "term"] = Field(
        description="Which part of the codex it belongs to."
    )
    text: Text = Field(description="The entry itself.")
    sources: list[str] = Field(
        default_factory=list, description="Short citations of the works the entry draws on."
    )
    portrait: AssetPath | None = Field(
        None, description="A picture (PNG or JPEG) shown beside the entry: a face, a place."
    )


class ScenarioModel(Strict):
    """The whole scenario, once every file's sections are put together."""

    scenario: Meta = Field(description="Title and description.")
    calendar: Calendar = Field(description="The turns and their dates.")
    settings: Settings = Field(default_factory=Settings, description="Tuning numbers.")
    resources: list[Resource] = Field(min_length=1, description="What factions spend.")
    tracks: list[Track] = Field(default_factory=list, description="Global quantities.")
    flags: list[Flag] = Field(
        default_factory=list, description="Things that have or have not happened."
    )
    ai_profiles: list[AiProfile] = Field(min_length=1, description="How AI factions play.")
    difficulties: list[Difficulty] = Field(
        default_factory=list,
        description="The difficulties a new game offers; none: the new-game page asks for none.",
    )
    factions: list[Faction] = Field(min_length=2, description="The sides.")
    groups: list[Group] = Field(min_length=1, description="The social groups.")
    regions: list[Region] = Field(min_length=1, description="The map's regions.")
    sites: list[Site] = Field(default_factory=list, description="Places that can be held.")
    units: list[Unit] = Field(default_factory=list, description="Armed forces.")
    actions: list[Action] = Field(default_factory=list, description="What factions may do.")
    events: list[Event] = Field(default_factory=list, description="Narrative decision points.")
    endings: list[Ending] = Field(min_length=1, description="How the game can end.")
    codex: list[CodexEntry] = Field(default_factory=list, description="The encyclopedia.")
    texts: dict[Id, Text] = Field(
        default_factory=dict, description="Other texts the front ends show, by key."
    )

    @field_validator("difficulties")
    @classmethod
    def _one_default(cls, difficulties: list[Difficulty]) -> list[Difficulty]:
        defaults = [d.id for d in difficulties if d.default]
        if len(defaults) > 1:
            raise ValueError(
                f"at most one difficulty may be the default; found {', '.join(defaults)}"
            )
        return difficulties

    @field_validator("endings")
    @classmethod
    def _one_fallback(cls, endings: list[Ending]) -> list[Ending]:
        fallbacks = [e.id for e in endings if e.fallback]
        if len(fallbacks) != 1:
            found = ", ".join(fallbacks) or "none"
            raise ValueError(f"exactly one ending must be the fallback; found {found}")
        return endings


# Contest and IfEffect refer to Effect before it is defined.
Contest.model_rebuild()
IfEffect.model_rebuild()
ScenarioModel.model_rebuild()

SECTIONS: tuple[str, ...] = tuple(ScenarioModel.model_fields)
