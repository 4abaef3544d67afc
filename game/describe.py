"""Words for what the engine holds: dates, effects, requirements, the causes of changes.

Shared by every front end, so the terminal and the window say the same things.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

from game.engine.context import Board
from game.engine.effects import Contest, Effect, IfEffect, Params, chance_text, odds_of
from game.engine.legal import bind
from game.engine.rules import ActionRule, Rules
from game.engine.state import Change, State
from game.scenario.schema import ScenarioModel

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def scenario_text(model: ScenarioModel, key: str, fallback: str = "") -> str:
    """The scenario's own words for `key` (its `texts:` section), else `fallback`: a front
    end's wording that belongs to one scenario (a place, a year) lives there, never in code."""
    return model.texts.get(key, "").strip() or fallback


# A source's citation key at its end ("Miéville, October [Mie82]"): the scenario keeps it
# to match its fact sheet; a player reads the title before it.
_CITATION_KEY = re.compile(r"\s*\[[^\]\s]+\]\s*$")


def sources_line(sources: Sequence[str]) -> str:
    """'Sources: Miéville, October; Reed, Ten Days...', without the citation keys, or ''."""
    shown = [_CITATION_KEY.sub("", s).strip() for s in sources]
    shown = [s for s in shown if s]
    return f"Sources: {'; '.join(shown)}" if shown else ""


def masthead(model: ScenarioModel | None) -> str:
    """The small line over a page's title: the scenario's `masthead` ('Petrograd · 1917'),
    else its title; the game's name where no scenario is at hand."""
    if model is None:
        return "Dual Power"
    return scenario_text(model, "masthead", model.scenario.title)


def both_styles(day: dt.date, offset: int) -> str:
    """'25 October 1917 (7 November New Style)'; the date alone for a calendar without
    a second style (an offset of 0)."""
    new = day + dt.timedelta(days=offset)
    old_text = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    if not offset:
        return old_text
    if new.year != day.year:
        new_text = f"{new.day} {MONTHS[new.month - 1]} {new.year}"
    else:
        new_text = f"{new.day} {MONTHS[new.month - 1]}"
    return f"{old_text} ({new_text} New Style)"


def turn_date(rules: Rules, state: State) -> str:
    """The date of the state's turn in both calendars."""
    spec = rules.model.calendar.turns[min(state.turn, rules.last_turn)]
    return both_styles(spec.date, rules.new_style_offset)


def turn_heading(rules: Rules, state: State) -> str:
    turn = min(state.turn, rules.last_turn)
    spec = rules.model.calendar.turns[turn]
    label = f": {spec.label}" if spec.label else ""
    return f"Turn {turn + 1} of {rules.last_turn + 1}, {turn_date(rules, state)}{label}"


def effects_text(
    rules: Rules, effects: Sequence[Effect], params: Params, *, board: Board | None = None
) -> str:
    """What the effects will do, in words.

    With a board, amounts the scenario computes are given as their numbers now
    and every contest shows its chance; without one they are read as rules.
    """
    parts = [e.describe(rules, params, board) for e in effects]
    return "; ".join(p for p in parts if p) or "no effect"


def odds_text(rules: Rules, board: Board, effects: Sequence[Effect], params: Params) -> str:
    """'38% chance' for each contest the effects would roll now, or '' if none."""
    return ", ".join(chance_text(p) for p in odds_of(rules, board, effects, params))


def cost_text(rules: Rules, action: ActionRule) -> str:
    return rules.names.costs(action.cost) or "free"


def cause_text(rules: Rules, cause: str) -> str:
    """'action:agitate:bolsheviks' -> 'Agitate (Bolsheviks)'."""
    kind, _, rest = cause.partition(":")
    if kind == "action":
        action_id, _, faction = rest.partition(":")
        action = next((a for a in rules.actions if a.spec.id == action_id), None)
        who = (
            rules.model.factions[rules.faction_index[faction]].name
            if faction in rules.faction_index
            else faction
        )
        return f"{action.spec.name if action else action_id} ({who})"
    if kind == "event":
        event_id, _, choice_id = rest.partition(":")
        event = next((e for e in rules.events if e.spec.id == event_id), None)
        if event is None:
            return event_id.replace("_", " ")
        choice = next((c for c in event.spec.choices if c.id == choice_id), None)
        if choice is None:  # the event's own effects, or a choice no longer in the rules
            return event.spec.title
        # The choice as the player read it on the card, never its id.
        return headed(event.spec.title, first_sentence(choice.text))
    return "the turn's pressures" if kind == "turn" else cause


def capital(text: str) -> str:
    """The text with its first letter a capital, for a clause shown as a sentence of its own."""
    return text[:1].upper() + text[1:]


def headed(title: str, text: str) -> str:
    """'Title: text', or 'Title? Text' for a title that ends a sentence of its own (a
    question such as 'Strike first?'), where a colon after it reads as a slip."""
    if title.rstrip().endswith(("?", "!", ".")):
        return f"{title.rstrip()} {capital(text)}"
    return f"{title}: {text}"


def first_sentence(text: str) -> str:
    """The first sentence of a text, whole: a cause is named by what its card said."""
    return text.strip().split(". ")[0].strip().rstrip(".")


def changes_to(state: State, quantity_prefix: str) -> list[Change]:
    """The recorded reasons a quantity moved in the last turn."""
    return [c for c in state.ledger if c.quantity.startswith(quantity_prefix)]


def why_tracks(rules: Rules, state: State) -> list[str]:
    """Each track that moved in the last turn, with every reason and its share."""
    lines = []
    for t, track in enumerate(rules.model.tracks):
        changes = changes_to(state, f"track:{track.id}")
        if not changes:
            continue
        parts = ", ".join(f"{c.delta:+d} {cause_text(rules, c.cause)}" for c in changes)
        lines.append(f"{track.name} now {int(state.tracks[t])}: {parts}")
    return lines


def why_support(rules: Rules, state: State, faction: int) -> list[str]:
    """How a faction's support in each group moved last turn: the drift, then each action or event."""
    lines = []
    pop = rules.population
    fid = rules.faction_ids[faction]
    for g, group in enumerate(rules.model.groups):
        total = int(pop[g].sum())
        if not total:
            continue
        parts = []
        if state.drift is not None:
            drift = int(state.drift[faction, g] @ pop[g]) / total / 100
            if abs(drift) >= 0.05:
                parts.append(f"{drift:+.1f} from the turn's pressures")
        for change in changes_to(state, f"support:{fid}:{group.id}:"):
            region = change.quantity.rsplit(":", 1)[1]
            weight = total if region == "all" else int(pop[g, rules.region_index[region]])
            points = change.delta * weight / total / 100
            if abs(points) >= 0.05:
                parts.append(f"{points:+.1f} {cause_text(rules, change.cause)}")
        if parts:
            lines.append(f"{group.name}: {', '.join(parts)}")
    return lines


def owner_name(rules: Rules, faction: int) -> str:
    return "no one" if faction < 0 else rules.model.factions[faction].name


def target_label(
    rules: Rules, state: State, me: int, action: ActionRule, target: tuple[int, ...]
) -> str:
    """A target's name with what a player wants to know before aiming at it.

    An action that rolls a contest shows its chance against this target now.
    """
    odds = ""
    if target in action.candidates and _has_contest(action.effects):
        params = bind(rules, state, action, action.candidates.index(target), me)
        odds = odds_text(rules, state, action.effects, params)
    extra = f", {odds}" if odds else ""
    kind = action.spec.target
    if kind == "group_region":
        g, r = target
        mine = int(state.support[me, g, r]) // 100
        return (
            f"{rules.model.regions[r].name} (you {mine}%, "
            f"mobilised {int(state.mobilisation[g, r])}{extra})"
        )
    if kind == "site":
        x = target[0]
        holder = owner_name(rules, int(state.site_controller[x]))
        return (
            f"{rules.model.sites[x].name} ({holder}, defence {int(state.site_defence[x])}{extra})"
        )
    if kind == "unit":
        u = target[0]
        return (
            f"{rules.model.units[u].name} ({owner_name(rules, int(state.unit_owner[u]))}, "
            f"{int(state.unit_strength[u])} men, loyalty {int(state.unit_loyalty[u])}, "
            f"in {rules.model.regions[int(state.unit_region[u])].name}{extra})"
        )
    name = rules.target_name(action, target)
    if not odds:
        return name
    return f"{name} ({odds})" if name else odds


def _has_contest(effects: Sequence[Effect]) -> bool:
    for effect in effects:
        if isinstance(effect, Contest):
            return True
        if isinstance(effect, IfEffect) and (
            _has_contest(effect.then) or _has_contest(effect.otherwise)
        ):
            return True
    return False
