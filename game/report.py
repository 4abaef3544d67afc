"""What a turn did, in words: the report a player reads after ending a turn.

`turn_report(rules, before, after, me)` compares the state before a turn
with the state after it and reads the explanations the step left on the
latter (`State.ledger`, `State.drift`, `State.last_actions`):

- each of the player's orders (event choices and actions) with a true
  outcome (carried out, succeeded, failed, or not carried out and why) and
  what it moved, in numbers;
- what every other side decided and did, and how it went;
- the events that fired;
- the biggest changes of the turn, each with its causes.

A turn rebuilt from a save: snapshots keep the hashed state only, not the
ledger, the drift or the action records. A report of such an `after` knows
what changed (the states differ) and the choices (the journal says who chose
what) but not which order moved what, nor the outcome of any action; it says
so (`TurnReport.complete` is False) instead of guessing. `explained_after`
plays the turn again from its checkpoint (the state before, the dice, the
recorded decisions) to give back the full explanations, bit for bit, so a
loaded game can still show every report in full.

Pure: no I/O, no printing, no pygame; the front ends show `TurnReport.lines()`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from game.describe import capital, cause_text, cost_text, first_sentence, headed, turn_heading
from game.engine.decisions import Decisions
from game.engine.legal import bind
from game.engine.rules import ActionRule, Rules
from game.engine.state import NO_ONE, ActionRecord, Change, JournalEntry, State
from game.engine.turns import step
from game.engine.wording import condition_words, possessive
from game.scenario.expr import Call, Kind, Name, Node, Unary, parse
from game.session import Session

OUTCOME_WORDS = {
    "done": "carried out",
    "succeeded": "succeeded",
    "failed": "failed",
    "blocked": "not carried out",
}
BIGGEST = 3
OTHERS_GAINS = "the other sides' gains"
OTHERS_LOSSES = "the other sides' losses"


@dataclass(frozen=True)
class OrderOutcome:
    """One of the player's orders (an action, or the choice at an event) and how it went."""

    label: str  # "Agitate: Workers in Vyborg side", "The Kornilov affair: Arm the workers"
    outcome: str  # "carried out", "succeeded", "failed", "not carried out", "decided", ...
    moved: tuple[str, ...] = ()  # what it changed, a sentence each
    why: str = ""  # for an order not carried out: the requirement that no longer held

    def line(self) -> str:
        text = f"{self.label}: {self.outcome}"
        if self.why:
            text += f" ({self.why})"
        if self.moved:
            text = full_stop(text) + " " + full_stop("; ".join(self.moved))
        elif self.outcome in ("carried out", "succeeded", "failed", "decided"):
            text += ", with no visible effect."
        return text


@dataclass(frozen=True)
class TurnReport:
    heading: str  # the turn that was played: "Turn 3 of 14, 12 September 1917 (...)"
    complete: bool  # False when the explanations were not kept (a turn rebuilt from a save)
    orders: tuple[OrderOutcome, ...]
    others: tuple[str, ...]  # what every other side decided and did
    events: tuple[str, ...]  # the events that fired, with what they did
    biggest: tuple[str, ...]  # the biggest changes of the turn, with their causes
    ending: str = ""  # the ending the turn brought, if it brought one
    notes: tuple[str, ...] = field(default=())  # what this report cannot show, and why

    def lines(self) -> list[str]:
        """The report as text lines, for the terminal and the journal."""
        out = [f"What happened: {self.heading}"]
        out.extend(self.notes)
        if self.ending:
            out.append(self.ending)
        out.append("Your orders:")
        out.extend(f"  {o.line()}" for o in self.orders)
        if not self.orders:
            out.append("  You gave no orders.")
        if self.others:
            out.append("The other sides:")
            out.extend(f"  {line}" for line in self.others)
        if self.events:
            out.append("Events:")
            out.extend(f"  {line}" for line in self.events)
        if self.biggest:
            out.append("The biggest changes:")
            out.extend(f"  {n}. {line}" for n, line in enumerate(self.biggest, 1))
        return out


# -- one ledger change in words ------------------------------------------------------------


def _faction(rules: Rules, fid: str) -> str:
    index = rules.faction_index.get(fid)
    return "no one" if index is None else f"the {rules.model.factions[index].name}"


def _named(rules: Rules, kind: Kind, ident: str) -> str:
    ids = rules.ids[kind]
    return rules.names.of(kind, ids.index(ident)) if ident in ids else ident.replace("_", " ")


def _points(bp: float) -> str:
    return f"{bp / 100:+.1f} points"


def _flag_text(rules: Rules, ident: str) -> str:
    spec = next((f for f in rules.model.flags if f.id == ident), None)
    text = (spec.description or "").strip() if spec is not None else ""
    return text.rstrip(".") if text else f"'{ident.replace('_', ' ')}'"


def _support_cells(rules: Rules, group: str, region: str) -> int:
    n_groups, n_regions = rules.population.shape
    return (n_groups if group == "all" else 1) * (n_regions if region == "all" else 1)


def change_words(rules: Rules, quantity: str, delta: int, after: State | None = None) -> str:
    """One moved quantity as a player reads it: names, never ids; support in points.

    `after`, when given, names whom a unit went over to (the ledger keeps only that
    its owner changed). An empty string for what a player need not read (contest marks).
    """
    kind, _, rest = quantity.partition(":")
    parts = rest.split(":")
    if kind == "support" and len(parts) == 3:
        fid, group, region = parts
        among = "every group" if group == "all" else _named(rules, Kind.GROUP, group).lower()
        where = "" if region == "all" else f" in {_named(rules, Kind.REGION, region)}"
        cells = _support_cells(rules, group, region)
        amount = _points(delta / cells)
        if region == "all":
            amount += " across the map"
        elif cells > 1:
            amount += " on average"
        return f"support for {_faction(rules, fid)} among {among}{where} {amount}"
    if kind == "mobilisation" and len(parts) == 2:
        group, region = parts
        who = "every group" if group == "all" else _named(rules, Kind.GROUP, group).lower()
        where = "" if region == "all" else f" in {_named(rules, Kind.REGION, region)}"
        return f"readiness to act of {who}{where} {delta:+d}"
    if kind == "track":
        return f"{_named(rules, Kind.TRACK, rest)} {delta:+d}"
    if kind == "control" and len(parts) == 2:
        site, holder = parts
        name = _named(rules, Kind.SITE, site)
        if holder == "none":
            return f"{name} is held by no one"
        return f"{name} taken by {_faction(rules, holder)}"
    if kind == "defence":
        return f"defence of {_named(rules, Kind.SITE, rest)} {delta:+d}"
    if kind == "owner":
        name = _named(rules, Kind.UNIT, rest)
        if delta < 0:
            return f"{name} no longer obeys its side"
        ids = rules.ids[Kind.UNIT]
        if after is not None and rest in ids:
            owner = int(after.unit_owner[ids.index(rest)])
            if owner != NO_ONE:
                return f"{name} goes over to the {rules.model.factions[owner].name}"
        return f"{name} changes sides"
    if kind == "strength":
        return f"{_named(rules, Kind.UNIT, rest)} {delta:+,d} men"
    if kind == "loyalty":
        return f"loyalty of {_named(rules, Kind.UNIT, rest)} {delta:+d}"
    if kind == "resource" and len(parts) == 2:
        fid, res = parts
        return f"{_named(rules, Kind.RESOURCE, res).lower()} of {_faction(rules, fid)} {delta:+d}"
    if kind == "flag":
        text = _flag_text(rules, rest)
        return text if delta > 0 else f"no longer so: {text[:1].lower()}{text[1:]}"
    if kind == "contest":
        return ""
    return f"{quantity.replace('_', ' ')} {delta:+d}"


def moved_lines(rules: Rules, changes: Iterable[Change], after: State | None = None) -> list[str]:
    """What a run of ledger changes moved, one sentence per quantity, in the order first moved.

    Repeated moves of one quantity are added up; a quantity that came back to
    where it was is left out.
    """
    totals: dict[str, int] = {}
    for change in changes:
        totals[change.quantity] = totals.get(change.quantity, 0) + change.delta
    out = []
    for quantity, delta in totals.items():
        if delta == 0 and not quantity.startswith(("control:", "owner:")):
            continue
        text = change_words(rules, quantity, delta, after)
        if text:
            out.append(capital(text))
    return out


def cause_words(rules: Rules, cause: str) -> str:
    """Why a quantity moved: 'Agitate (Bolsheviks)', 'The garrison question: refuse', ..."""
    if cause in (OTHERS_GAINS, OTHERS_LOSSES):
        return cause
    return cause_text(rules, cause)


# -- the player's orders --------------------------------------------------------------------


def _new_journal(before: State, after: State) -> tuple[JournalEntry, ...]:
    old = before.journal
    if after.journal[: len(old)] == old:
        return after.journal[len(old) :]
    return tuple(e for e in after.journal if e.turn >= before.turn)


def _chosen(rules: Rules, faction: int, event: int, journal: Sequence[JournalEntry]) -> int | None:
    """Which choice `faction` made at `event`, as the journal records it ("X chose: text")."""
    prefix = f"{rules.model.factions[faction].name} chose: "
    said = [
        e.text[len(prefix) :] for e in journal if e.faction == faction and e.text.startswith(prefix)
    ]
    for index, choice in enumerate(rules.events[event].choices):
        if choice.spec.text in said:
            return index
    return None


def _choice_outcomes(
    rules: Rules, before: State, after: State, faction: int, journal: Sequence[JournalEntry]
) -> list[OrderOutcome]:
    out = []
    for event, decider in before.pending:
        if decider != faction:
            continue
        rule = rules.events[event]
        index = _chosen(rules, faction, event, journal)
        if index is None:
            out.append(OrderOutcome(rule.spec.title, "left undecided: no choice was open"))
            continue
        choice = rule.choices[index]
        cause = f"event:{rule.spec.id}:{choice.spec.id}"
        moved = moved_lines(rules, (c for c in after.ledger if c.cause == cause), after)
        label = headed(rule.spec.title, first_sentence(choice.spec.text))
        out.append(OrderOutcome(label, "decided", tuple(moved)))
    return out


def _candidate(action: ActionRule, target: tuple[int, ...]) -> int | None:
    try:
        return action.candidates.index(tuple(target))
    except ValueError:
        return None


def action_label(rules: Rules, record: ActionRecord) -> str:
    action = rules.actions[record.action]
    target = rules.target_name(action, record.target)
    return f"{action.spec.name}: {target}" if target else action.spec.name


def _referenced(text: str) -> set[str]:
    """The ids a clause names (flags, tracks, sites, units...), to find what changed them."""
    try:
        node = parse(text)
    except Exception:  # a clause the engine wrote from a checked condition; a fallback only
        return set()
    found: set[str] = set()
    stack: list[Node] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Name):
            found.add(n.name)
        elif isinstance(n, Call):
            stack.extend(n.args)
        else:
            stack.extend(
                getattr(n, attr) for attr in ("left", "right", "operand") if hasattr(n, attr)
            )
    return found


_ENTITY_KINDS = ("flag", "track", "control", "defence", "owner", "strength", "loyalty")


def _earlier_causes(rules: Rules, after: State, upto: int, names: set[str]) -> list[str]:
    """Who changed, earlier in the turn, the things a failed requirement reads."""
    causes: list[str] = []
    for change in after.ledger[:upto]:
        kind, _, rest = change.quantity.partition(":")
        if kind in _ENTITY_KINDS and rest.split(":")[0] in names:
            words = cause_words(rules, change.cause)
            if words not in causes:
                causes.append(words)
    return causes


def _standing_in_the_way(rules: Rules, clause: str, params: Mapping[str, int]) -> str:
    """A requirement that failed, said as what is now the case ("the MRC exists already")."""
    try:
        node = parse(clause)
    except Exception:  # the engine wrote it from a checked condition; a fallback only
        return "a rule of the scenario no longer held"
    negated = isinstance(node, Unary) and node.op == "not"
    inner = node.operand if isinstance(node, Unary) and negated else node
    if isinstance(inner, Call) and inner.name == "flag" and isinstance(inner.args[0], Name):
        text = _flag_text(rules, inner.args[0].name)
        text = text[:1].lower() + text[1:]
        return f"{text} already" if negated else f"it is no longer so that {text}"
    return f"it is open only while {condition_words(rules, clause, params)}"


def why_blocked(rules: Rules, after: State, record: ActionRecord) -> str:
    """Why an order legal when given was not carried out when its turn came, in words."""
    action = rules.actions[record.action]
    candidate = _candidate(action, record.target)
    params = {"faction": record.faction}
    if candidate is not None:
        params = bind(rules, after, action, candidate, record.faction)
    head = "by the time its turn came"
    if record.blocked_by in ("condition", "target"):
        clauses = record.failed or (
            (action.condition.text,) if record.blocked_by == "condition" else (action.targets.text,)
        )
        needs = "; ".join(_standing_in_the_way(rules, c, params) for c in clauses)
        if record.blocked_by == "target":
            text = f"{head}, the target no longer fitted: {needs}"
        else:
            text = f"{head}, it was no longer possible: {needs}"
        names: set[str] = set()
        for clause in clauses:
            names |= _referenced(clause)
        causes = _earlier_causes(rules, after, record.ledger_from, names)
        if causes:
            text += f"; changed earlier this turn by: {'; '.join(causes)}"
        return text
    if record.blocked_by == "cost":
        return f"{head}, there was no longer enough to pay for it ({cost_text(rules, action)})"
    return f"{head}, it could no longer be taken"


def action_outcome(rules: Rules, after: State, record: ActionRecord) -> OrderOutcome:
    """One recorded action and how it went, with what it moved."""
    word = OUTCOME_WORDS.get(record.outcome, record.outcome)
    if record.outcome == "blocked":
        return OrderOutcome(action_label(rules, record), word, (), why_blocked(rules, after, record))
    changes = after.ledger[record.ledger_from : record.ledger_to]
    return OrderOutcome(action_label(rules, record), word, tuple(moved_lines(rules, changes, after)))


# -- the others, the events ------------------------------------------------------------------


def _short(rules: Rules, faction: int) -> str:
    spec = rules.model.factions[faction]
    return spec.short_name or spec.name


def _others(
    rules: Rules, before: State, after: State, me: int, journal: Sequence[JournalEntry]
) -> list[str]:
    out = []
    for faction in range(rules.n_factions):
        if faction == me:
            continue
        who = _short(rules, faction)
        for choice in _choice_outcomes(rules, before, after, faction, journal):
            out.append(f"{who}: {choice.line()}")
        for record in after.last_actions:
            if record.faction == faction:
                out.append(f"{who}: {action_outcome(rules, after, record).line()}")
    return out


def _events(
    rules: Rules, before: State, after: State, me: int, journal: Sequence[JournalEntry]
) -> list[str]:
    titles: dict[str, int] = {}
    for event in rules.events:
        titles.setdefault(event.spec.title, event.index)
    # Who must decide each event still open: the player's own first, as they are told.
    deciders: dict[int, int] = {}
    for event_index, faction in sorted(after.pending, key=lambda p: p[1] != me):
        deciders.setdefault(event_index, faction)
    out = []
    seen: set[int] = set()
    for entry in journal:
        index = titles.get(entry.text)
        if index is None or index in seen:
            continue
        seen.add(index)
        event = rules.events[index]
        cause = f"event:{event.spec.id}"
        moved = moved_lines(rules, (c for c in after.ledger if c.cause == cause), after)
        text = event.spec.title
        if moved:
            text += ": " + "; ".join(moved)
        decider = deciders.get(index)
        if decider is not None:
            whose = "your" if decider == me else possessive(f"the {_short(rules, decider)}")
            text += f" (awaits {whose} decision)"
        elif not moved:
            continue  # it changed nothing yet and asks no one: a title alone says nothing
        out.append(full_stop(text))
    return out


def full_stop(text: str) -> str:
    """The text as a sentence: a full stop unless it ends with one, a '?' or a '!'."""
    text = text.rstrip()
    return text if text.endswith((".", "?", "!")) else text + "."


# -- the biggest changes ---------------------------------------------------------------------

# How much one unit of each kind of change weighs against the others. A site or a
# regiment changing hands matters more than any number; a point of support across
# the whole city (the score's measure) is harder won than a point of a track.
SITE_WEIGHT = 1000.0
OWNER_WEIGHT = 500.0
FLAG_WEIGHT = 300.0
TRACK_POINT = 10.0
CITY_SUPPORT_POINT = 30.0
LOYALTY_POINT = 2.0
STRENGTH_MAN = 0.01


@dataclass(frozen=True)
class _Big:
    weight: float
    text: str


def _causes(rules: Rules, parts: Mapping[str, float], unit: str, digits: int) -> str:
    ranked = sorted(parts.items(), key=lambda kv: -abs(kv[1]))
    shown = [
        f"{cause_words(rules, cause)} {value:+.{digits}f}{unit}"
        for cause, value in ranked[:3]
        if round(abs(value), digits) > 0
    ]
    if len(ranked) > 3:
        shown.append("and others")
    return ", ".join(shown)


def _from_ledger(after: State, prefix: str) -> dict[str, float]:
    parts: dict[str, float] = {}
    for change in after.ledger:
        if change.quantity.startswith(prefix):
            parts[change.cause] = parts.get(change.cause, 0.0) + change.delta
    return parts


def _cause_list(rules: Rules, after: State, prefix: str) -> str:
    causes: list[str] = []
    for change in after.ledger:
        if change.quantity.startswith(prefix):
            words = cause_words(rules, change.cause)
            if words not in causes:
                causes.append(words)
    return ", ".join(causes)


def _holder(rules: Rules, faction: int) -> str:
    return "no one" if faction == NO_ONE else f"the {rules.model.factions[faction].name}"


def _support_parts(rules: Rules, after: State, faction: int, group: int) -> dict[str, float]:
    """Each cause's share of a faction's change among a group, in points of that whole group."""
    pop = rules.population
    total = int(pop[group].sum())
    fid = rules.faction_ids[faction]
    gid = rules.ids[Kind.GROUP][group]
    parts: dict[str, float] = {}
    if after.drift is not None:
        drift = float(after.drift[faction, group] @ pop[group]) / total / 100
        if drift:
            parts["turn"] = drift
    for change in after.ledger:
        kind, _, rest = change.quantity.partition(":")
        if kind != "support":
            continue
        f, g, r = rest.split(":")
        if f != fid or g not in (gid, "all"):
            continue
        # The ledger holds the basis points moved over every cell the effect touched;
        # each cell moved about the same, and weighs as many people as live in it.
        per_cell = change.delta / _support_cells(rules, g, r)
        people = float(total if r == "all" else pop[group, rules.region_index[r]])
        parts[change.cause] = parts.get(change.cause, 0.0) + per_cell * people / total / 100
    return parts


def biggest_changes(rules: Rules, before: State, after: State, count: int = BIGGEST) -> list[str]:
    """The turn's `count` largest changes, largest first, each with its causes when known.

    Sites changing hands come first, then units changing sides and turning points
    (flags), then tracks and support, weighed as above; support is counted per side
    and social group across the whole map, weighed by how many people it moved.
    """
    known = bool(after.ledger) or after.drift is not None
    found: list[_Big] = []

    def because(text: str) -> str:
        return f" ({text})" if text else ""

    for x, site in enumerate(rules.model.sites):
        was, now = int(before.site_controller[x]), int(after.site_controller[x])
        if was != now:
            causes = _cause_list(rules, after, f"control:{site.id}:") if known else ""
            text = f"{site.name} passed from {_holder(rules, was)} to {_holder(rules, now)}"
            found.append(_Big(SITE_WEIGHT, text + because(causes)))
    for u, unit in enumerate(rules.model.units):
        was, now = int(before.unit_owner[u]), int(after.unit_owner[u])
        if was != now:
            causes = _cause_list(rules, after, f"owner:{unit.id}") if known else ""
            if was == NO_ONE:
                text = f"{unit.name} declared for {_holder(rules, now)}"
            elif now == NO_ONE:
                text = f"{unit.name} no longer obeys {_holder(rules, was)}"
            else:
                text = f"{unit.name} went over from {_holder(rules, was)} to {_holder(rules, now)}"
            found.append(_Big(OWNER_WEIGHT, text + because(causes)))
    for i, flag in enumerate(rules.model.flags):
        was_set, now_set = bool(before.flags[i]), bool(after.flags[i])
        if was_set != now_set:
            causes = _cause_list(rules, after, f"flag:{flag.id}") if known else ""
            text = change_words(rules, f"flag:{flag.id}", 1 if now_set else -1)
            found.append(_Big(FLAG_WEIGHT, capital(text) + because(causes)))
    for t, track in enumerate(rules.model.tracks):
        delta = int(after.tracks[t]) - int(before.tracks[t])
        if delta:
            causes = (
                _causes(rules, _from_ledger(after, f"track:{track.id}"), "", 0) if known else ""
            )
            text = f"{track.name} {delta:+d}, now {int(after.tracks[t])}"
            found.append(_Big(abs(delta) * TRACK_POINT, text + because(causes)))
    found.extend(_support_changes(rules, before, after, known))
    for u, unit in enumerate(rules.model.units):
        men = int(after.unit_strength[u]) - int(before.unit_strength[u])
        loyal = int(after.unit_loyalty[u]) - int(before.unit_loyalty[u])
        if men:
            causes = (
                _causes(rules, _from_ledger(after, f"strength:{unit.id}"), "", 0) if known else ""
            )
            text = f"{unit.name} {men:+,d} men, now {int(after.unit_strength[u]):,}"
            found.append(_Big(abs(men) * STRENGTH_MAN, text + because(causes)))
        if loyal:
            parts = _from_ledger(after, f"loyalty:{unit.id}")
            rest = loyal - int(sum(parts.values()))
            if rest:
                parts["turn"] = parts.get("turn", 0.0) + rest
            causes = _causes(rules, parts, "", 0) if known else ""
            text = f"loyalty of the {unit.name} {loyal:+d}, now {int(after.unit_loyalty[u])}"
            found.append(_Big(abs(loyal) * LOYALTY_POINT, text + because(causes)))
    found.sort(key=lambda b: -b.weight)  # stable: ties keep scenario order
    return [capital(b.text) for b in found[:count]]


def _support_changes(rules: Rules, before: State, after: State, known: bool) -> list[_Big]:
    pop = rules.population
    total_people = float(pop.sum()) or 1.0
    moved = after.support[: rules.n_factions].astype(np.int64) - before.support[: rules.n_factions]
    out = []
    for f, faction in enumerate(rules.model.factions):
        for g, group in enumerate(rules.model.groups):
            people = float(pop[g].sum())
            if not people:
                continue
            bp = float(moved[f, g] @ pop[g])
            group_points = bp / people / 100
            city_points = bp / total_people / 100
            if round(group_points, 1) == 0:
                continue
            causes = ""
            if known:
                parts = _support_parts(rules, after, f, g)
                rest = group_points - sum(parts.values())
                if abs(rest) >= 0.05:
                    # A side's gain is taken from the others in proportion: the ledger
                    # books it to the gainer only.
                    parts[OTHERS_GAINS if rest < 0 else OTHERS_LOSSES] = rest
                causes = _causes(rules, parts, "", 1)
            text = (
                f"support for the {faction.name} among {group.name.lower()} "
                f"{group_points:+.1f} points across the map"
            )
            if causes:
                text += f" ({causes})"
            out.append(_Big(abs(city_points) * CITY_SUPPORT_POINT, text))
    return out


# -- the report ------------------------------------------------------------------------------


def turn_report(rules: Rules, before: State, after: State, me: int) -> TurnReport:
    """What the turn from `before` to `after` did, for the side `me` (NO_ONE: an onlooker).

    `after` must be the state `step` made from `before`; see the module for what a
    report can show when `after` was rebuilt from a save without its explanations.
    """
    if not (after.turn == before.turn + 1 or (after.over and after.turn == before.turn)):
        raise ValueError(f"turn {after.turn + 1} does not follow turn {before.turn + 1}")
    journal = _new_journal(before, after)
    explained = bool(after.ledger) or bool(after.last_actions) or after.drift is not None
    orders: list[OrderOutcome] = []
    if me != NO_ONE:
        orders.extend(_choice_outcomes(rules, before, after, me, journal))
        orders.extend(
            action_outcome(rules, after, r) for r in after.last_actions if r.faction == me
        )
    notes: tuple[str, ...] = ()
    if not explained:
        notes = (
            "This turn was rebuilt from a save that keeps how things stood, not how each "
            "order went: the choices and what changed are shown, but not what each action did.",
        )
    ending = ""
    if after.over and 0 <= after.ending < len(rules.model.endings):
        ending = full_stop(f"The game has ended: {rules.model.endings[after.ending].title}")
    return TurnReport(
        heading=turn_heading(rules, before),
        complete=explained,
        orders=tuple(orders),
        others=tuple(_others(rules, before, after, me, journal)),
        events=tuple(_events(rules, before, after, me, journal)),
        biggest=tuple(biggest_changes(rules, before, after)),
        ending=ending,
        notes=notes,
    )


def explained_after(
    rules: Rules, before: State, decisions: Decisions, dice: Mapping[str, Any]
) -> State:
    """The state after a turn with all its explanations, by playing the turn again.

    `dice` is the game's generator state before the turn (`Checkpoint.dice`, or a
    loaded save's dice for that turn) and `decisions` the turn's recorded decisions;
    the step is deterministic, so this is the very state the turn made, ledger and all.
    """
    rng = np.random.Generator(np.random.PCG64())
    rng.bit_generator.state = dict(dice)
    return step(rules, before, decisions, rng)


def report_of_turn(session: Session, index: int, me: int) -> TurnReport:
    """The report of a session's turn `index` (0 for the first turn played), in full.

    Works for a game loaded from a save too: when the state after the turn came from
    a snapshot without its explanations, the turn is played again from its checkpoint.
    """
    if not 0 <= index < len(session.records):
        raise IndexError(f"no turn {index + 1} has been played")
    checkpoint = session.checkpoints[index]
    if index + 1 < len(session.checkpoints):
        after = session.checkpoints[index + 1].state
    else:
        after = session.state
    if not (after.ledger or after.last_actions or after.drift is not None):
        decisions = session.records[index].decisions
        after = explained_after(session.rules, checkpoint.state, decisions, checkpoint.dice)
    return turn_report(session.rules, checkpoint.state, after, me)
