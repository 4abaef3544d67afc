"""Scripted players: set ways of playing one seat, to measure whether the game has a
dominant line or lets a careless player win.

The bars (the issue's words): no fixed plan, one choice per decision and a fixed
list of actions each turn, wins more than 70% at normal for any side; a careless
player, no actions and the first open choice, wins at most 10% for any side.

A player is anything with a `name`, a `faction` and `orders(session) -> Orders`:

- `Plan`, a fixed plan: a preferred choice per event (else the first open one) and
  a priority list of action slots per phase of the calendar, each slot ordered on
  its target or, unnamed, on the best-looking legal one; slots that are illegal or
  unaffordable are skipped. The careless player, the spam players and the best
  plans are Plans; none of them asks the AI anything.
- `Line`, a scripted side that the AI completes: events it does not name are
  decided as the AI would, and the AI's own actions fill the slots its script
  leaves (the historical lines; the tests' lines of play).
- `AiSeat`, the AI itself in the seat: the reference.

Opponents are the AI at a difficulty (normal by default). A game is a pure
function of the player, the seed and the difficulty, so bulk runs are
deterministic however they are split between processes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

import numpy as np

from game.engine import ai
from game.engine.context import EvalCtx
from game.engine.decisions import ActionOrder, Orders
from game.engine.legal import action_open, candidate_index, choice_options, pending_for
from game.engine.rules import ActionRule, Rules
from game.engine.score import score
from game.engine.state import NO_ONE, State
from game.scenario.expr import Kind
from game.session import Session, stand_in_profiles

FIXED_BAR = 0.70  # no fixed plan may win more often than this, for any side
CARELESS_BAR = 0.10  # a careless player may win at most this often, for any side
SIDES = ("bolsheviks", "government", "moderates")


class Player(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def faction(self) -> str: ...

    def orders(self, session: Session) -> Orders: ...


# --- Helpers the lines share ---------------------------------------------------------------


def legal_part(
    rules: Rules, state: State, faction: str, wanted: list[ActionOrder]
) -> list[ActionOrder]:
    """The orders of `wanted` that are legal together, in order, dropping the rest."""
    me = rules.faction_index[faction]
    by_id = {a.spec.id: a for a in rules.actions}
    spent = np.zeros(len(rules.resource_index), dtype=np.int64)
    taken: Counter[int] = Counter()
    kept: list[ActionOrder] = []
    for order in wanted:
        action = by_id[order.action]
        target = rules.target_indices(action, order.target)
        candidate = None if target is None else candidate_index(action, target)
        if candidate is None:
            continue
        if action_open(rules, state, me, action, candidate, spent, taken, len(kept)):
            kept.append(order)
            spent += action.cost
            taken[action.index] += 1
    return kept


def open_choices(rules: Rules, state: State, faction: int) -> list[tuple[str, list[str]]]:
    """Each event awaiting this faction's choice, with its open choices in scenario order."""
    return [
        (
            event.spec.id,
            [o.choice.spec.id for o in choice_options(rules, state, event) if o.problem is None],
        )
        for event in pending_for(rules, state, faction)
    ]


def fixed_choices(
    rules: Rules, state: State, faction: int, wanted: Mapping[str, tuple[str, ...]]
) -> tuple[tuple[str, str], ...]:
    """The first open choice of `wanted` for each pending event, else its first open choice."""
    picks = []
    for event, found in open_choices(rules, state, faction):
        if found:
            picks.append((event, next((c for c in wanted.get(event, ()) if c in found), found[0])))
    return tuple(picks)


def flag(rules: Rules, state: State, flag_id: str) -> bool:
    return bool(state.flags[rules.ids[Kind.FLAG].index(flag_id)])


def turn_label(rules: Rules, state: State) -> str:
    return rules.model.calendar.turns[state.turn].label


def turn_of(rules: Rules, label: str) -> int:
    """The index of the turn with this calendar label."""
    return next(i for i, t in enumerate(rules.model.calendar.turns) if t.label == label)


# --- Lines: a side scripted in part, the AI doing the rest ----------------------------------

Script = Callable[[Rules, State], list[ActionOrder]]


def no_actions(rules: Rules, state: State) -> list[ActionOrder]:
    return []


@dataclass(frozen=True)
class Line:
    """A scripted side: its preferred choice of each event (first open one wins) and actions.

    An event the line does not name, or whose named choices are all closed,
    is decided the way the AI would decide it for this side. `until` holds the
    choices of an event asked more than once that the line makes before a turn
    (its label) comes, and its `choices` from then on. The line's
    actions are tried first, in order, and skipped when illegal; with
    `ai_fills`, the AI's own actions fill the slots left, except those in `avoid`.
    """

    name: str
    faction: str
    choices: Mapping[str, tuple[str, ...]]
    actions: Script = no_actions
    ai_fills: bool = True
    avoid: frozenset[str] = field(default_factory=frozenset)
    until: Mapping[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)

    def orders(self, session: Session) -> Orders:
        return scripted_orders(session, self)

    def wanted(self, rules: Rules, state: State, event: str) -> tuple[str, ...]:
        """The choices of `event` the line would make now, best first."""
        early = self.until.get(event)
        if early is not None and state.turn < turn_of(rules, early[0]):
            return early[1]
        return self.choices.get(event, ())


def scripted_orders(session: Session, line: Line) -> Orders:
    rules, state = session.rules, session.state
    me = rules.faction_index[line.faction]
    hint = session.ai_orders(line.faction)
    picks = []
    for event, found in open_choices(rules, state, me):
        wanted = line.wanted(rules, state, event)
        pick = next((c for c in wanted if c in found), hint.choice_for(event))
        if pick is not None:
            picks.append((event, pick))
    actions = list(line.actions(rules, state))
    if line.ai_fills:
        actions += [a for a in hint.actions if a.action not in line.avoid]
    return Orders(tuple(picks), tuple(legal_part(rules, state, line.faction, actions)))


@dataclass(frozen=True)
class AiSeat:
    """The AI in the seat, as `Session.run` plays it: the reference row."""

    faction: str
    name: str = "ai"

    def orders(self, session: Session) -> Orders:
        return session.ai_orders(self.faction)


# --- Fixed plans ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Slot:
    """One action of a plan's list: on its target, or on the best-looking legal one."""

    action: str
    target: tuple[str, ...] | None = None

    def __str__(self) -> str:
        return self.action if self.target is None else f"{self.action}({','.join(self.target)})"


@dataclass(frozen=True)
class Phase:
    """The slots a plan orders each turn from turn `start` (an index) on."""

    start: int
    slots: tuple[Slot, ...]


@dataclass(frozen=True)
class Plan:
    """A fixed plan: one choice per decision and a fixed list of actions each turn.

    `choices` names the choice of an event (a later entry is taken when an
    earlier one is closed); any other event gets its first open choice. Each
    turn the phase that started last gives the slots, ordered in turn, each
    on the best-looking target no earlier slot took, until the faction's limit
    of actions; a slot with no legal, affordable target is skipped.
    """

    name: str
    faction: str
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    phases: tuple[Phase, ...] = ()

    def slots_at(self, turn: int) -> tuple[Slot, ...]:
        found: tuple[Slot, ...] = ()
        for phase in self.phases:
            if phase.start <= turn:
                found = phase.slots
        return found

    def orders(self, session: Session) -> Orders:
        rules, state = session.rules, session.state
        me = rules.faction_index[self.faction]
        return Orders(
            fixed_choices(rules, state, me, self.choices),
            fill_slots(rules, state, me, self.slots_at(state.turn)),
        )

    def describe(self, rules: Rules) -> str:
        """The plan in a few lines: its choices and its action lists by phase."""
        labels = [t.label for t in rules.model.calendar.turns]
        lines = [f"{self.name} ({self.faction})"]
        if self.choices:
            lines.append(
                "  choices: " + ", ".join(f"{e}={'/'.join(c)}" for e, c in self.choices.items())
            )
        else:
            lines.append("  choices: the first open one of every event")
        for phase in self.phases:
            slots = ", ".join(str(s) for s in phase.slots) or "nothing"
            lines.append(f"  from '{labels[phase.start]}': {slots}")
        if not self.phases:
            lines.append("  actions: none")
        return "\n".join(lines)


def fill_slots(
    rules: Rules, state: State, faction: int, slots: Sequence[Slot]
) -> tuple[ActionOrder, ...]:
    """The orders of `slots`, in order, each on its own target (or the best-looking legal one
    no earlier slot took), skipping a slot with none open; at most the faction's limit."""
    limit = rules.actions_per_turn[faction]
    by_id = _actions_by_id(rules)
    spent = np.zeros(len(rules.resource_index), dtype=np.int64)
    have = state.resources[faction]
    taken: Counter[int] = Counter()
    used: set[tuple[int, int]] = set()
    kept: list[ActionOrder] = []
    ranks = _Ranks(rules, state, faction)
    for slot in slots:
        if len(kept) >= limit:
            break
        action = by_id[slot.action]
        if faction not in action.factions or taken[action.index] >= action.spec.per_turn:
            continue
        if bool(np.any(action.cost + spent > have)):
            continue
        if action.condition.params <= _FACTION_ONLY and not action.condition(
            EvalCtx(rules, state, {"faction": faction})
        ):
            continue
        if slot.target is None:
            candidates: Iterable[int] = ranks.of(action)
        else:
            target = rules.target_indices(action, slot.target)
            found = None if target is None else candidate_index(action, target)
            candidates = () if found is None else (found,)
        for candidate in candidates:
            if (action.index, candidate) in used:
                continue
            if action_open(rules, state, faction, action, candidate, spent, taken, len(kept)):
                kept.append(
                    ActionOrder(
                        action.spec.id, rules.target_ids(action, action.candidates[candidate])
                    )
                )
                used.add((action.index, candidate))
                spent += action.cost
                taken[action.index] += 1
                break
    return tuple(kept)


_FACTION_ONLY = frozenset({"faction"})


def _actions_by_id(rules: Rules) -> dict[str, ActionRule]:
    return {a.spec.id: a for a in rules.actions}


class _Ranks:
    """An action's candidate targets, best-looking first, as the faction's AI values them
    (without the AI's noise): worked out once per action and turn, only when asked."""

    def __init__(self, rules: Rules, state: State, faction: int) -> None:
        self.rules, self.state, self.faction = rules, state, faction
        self._valuer: ai.Valuer | None = None
        self._found: dict[int, list[int]] = {}

    def of(self, action: ActionRule) -> list[int]:
        if len(action.candidates) == 1:
            return [0]
        found = self._found.get(action.index)
        if found is None:
            if self._valuer is None:
                rules, faction = self.rules, self.faction
                profile = rules.profiles[rules.model.factions[faction].ai_profile]
                self._valuer = ai.Valuer(rules, self.state, faction, profile)
            scores = ai._score_targets(self.rules, self.state, self.faction, self._valuer, action)
            found = self._found[action.index] = np.argsort(-scores, kind="stable").tolist()
        return found


def careless(faction: str) -> Plan:
    """No actions, and the first open choice of every event."""
    return Plan("careless", faction)


def spam(rules: Rules, faction: str, action: str) -> Plan:
    """One action as often as the turn allows, on the best-looking targets; the first open
    choice of every event (the same fixed rule as the careless player's)."""
    times = rules.actions_per_turn[rules.faction_index[faction]]
    return Plan(f"spam:{action}", faction, phases=(Phase(0, (Slot(action),) * times),))


def actions_of(rules: Rules, faction: str) -> list[str]:
    """The actions this faction may ever take, in scenario order."""
    me = rules.faction_index[faction]
    return [a.spec.id for a in rules.actions if me in a.factions]


# --- The historical lines ---------------------------------------------------------------------

# The garrison regiments the Military Revolutionary Committee may send commissars to.
REGIMENTS = (
    "pavlovsky_regiment",
    "keksgolm_regiment",
    "lithuanian_regiment",
    "volynsky_regiment",
    "preobrazhensky_regiment",
    "semenovsky_regiment",
    "izmailovsky_regiment",
    "finland_regiment",
    "grenadier_regiment",
    "moscow_regiment",
    "fortress_garrison",
)

# What the committee's detachments took on the night of 24-25 October, before
# anyone went near the Palace.
NIGHT_SITES = ("nikolaevsky_station", "state_bank", "telegraph")


def mrc_work(rules: Rules, state: State) -> list[ActionOrder]:
    """Commissars into the least loyal regiments before the rising; during it the
    stations, bank and telegraph on the first night, and the Palace on the second."""
    if flag(rules, state, "rising_begun"):
        label = turn_label(rules, state)
        if label == "24 October, day":
            return []
        if label in ("Night of 24-25 October", "25 October, day"):
            # A place that held out in the night is tried again by day; one
            # already taken is no longer a legal target and drops out. By day
            # the Kronstadt sailors and the Red Guard of the Vyborg side come
            # into the centre, around the Palace.
            seize = [ActionOrder("seize_site", (s,)) for s in NIGHT_SITES]
            if label == "25 October, day":
                seize += [
                    ActionOrder("bring_in_detachment", (u,))
                    for u in ("kronstadt_sailors", "vyborg_red_guard")
                ]
            return seize
        # The Palace is left to the second night (and after, should it hold).
        return [
            ActionOrder("aurora_fires"),
            ActionOrder("fortress_guns"),
            ActionOrder("storm_winter_palace"),
        ]
    if not flag(rules, state, "mrc_formed"):
        return []
    me = rules.faction_index["bolsheviks"]
    units = rules.ids[Kind.UNIT]
    theirs = sorted(
        (int(state.unit_loyalty[units.index(u)]), u)
        for u in REGIMENTS
        if int(state.unit_owner[units.index(u)]) != me
    )
    return [ActionOrder("send_commissars", (u,)) for _, u in theirs[:2]]


# The Bolsheviks as they played it: the letters from Finland shelved, the
# resignation ignored, the walkout from the Pre-parliament, Trotsky's Military
# Revolutionary Committee, the Karpovka vote that a rising is on the order of
# the day, the Lesnoy meeting confirming it, Kamenev out of the Central
# Committee, the fortress won over, the fleet summoned, and the rising as the
# Soviet's answer to the government's move against the Trud press.
HISTORICAL_CHOICES: dict[str, tuple[str, ...]] = {
    "presidium_resigns": ("proportional",),
    "lenin_letters": ("set_aside",),
    "crisis_matured": ("refuse",),
    "pre_parliament_opens": ("walkout",),
    "mrc_debate": ("mrc",),
    "cc_vote": ("rising",),
    "enlarged_cc": ("confirm",),
    "kamenev_letter": ("resignation",),
    "fortress_meeting": ("speak",),
    "send_the_charter": ("send",),
    "mrc_answers": ("defend", "press_on"),
    "arrest_backlash": ("defend", "rally"),
    "eve_of_congress": ("strike",),
    "congress_takes_power": ("enforce",),
}
# The AI left to itself would storm the Palace the moment it could; the line
# keeps that for the night of 25-26 October, as it was.
HISTORICAL = Line(
    "historical",
    "bolsheviks",
    HISTORICAL_CHOICES,
    mrc_work,
    avoid=frozenset({"storm_winter_palace", "launch_insurrection"}),
)

# Kerensky's cabinet: the Kadets back in the third coalition, the garrison
# ordered to the front, the move to Moscow shelved, the committee's claim to
# countersign refused, the Cossack procession called off, the Trud press sealed
# and the bridges raised on the 24th, the Palace held while Kerensky drove out
# to fetch troops from the front.
GOVERNMENT_HISTORICAL_CHOICES: dict[str, tuple[str, ...]] = {
    "third_coalition": ("kadets",),
    "garrison_order": ("order",),
    "move_to_moscow": ("shelve",),
    "countersignature_order": ("refuse",),
    "day_of_the_soviet": ("call_off",),
    "strike_first": ("strike",),
    "rising_response": ("hold",),
    "kerensky_leaves": ("leave",),
}

EVE = "24 October, day"


def cabinet_work(rules: Rules, state: State) -> list[ActionOrder]:
    """The hunt for Lenin, wanted since July, and bread for the capital until the eve;
    from the 24th the bridges, a call to the Northern Front, junkers and the women's
    company into the Palace, and the march back once the Palace has fallen."""
    if flag(rules, state, "government_deposed"):
        return [ActionOrder("counterattack")]
    if state.turn >= turn_of(rules, EVE):
        return [
            ActionOrder("raise_bridges"),
            ActionOrder("call_front_troops"),
            *(
                ActionOrder("muster_defenders", (u,))
                for u in ("peterhof_junkers", "oranienbaum_junkers", "womens_company")
            ),
            ActionOrder("fortify_palace"),
        ]
    return [ActionOrder("hunt_lenin"), ActionOrder("grain_trains")]


# The staff's plan to strike first was held back until the eve of the Congress,
# and the committee at Smolny was threatened, never raided.
GOVERNMENT_HISTORICAL = Line(
    "historical",
    "government",
    GOVERNMENT_HISTORICAL_CHOICES,
    cabinet_work,
    avoid=frozenset({"arrest_mrc"}),
    until={"strike_first": (EVE, ("hold_back",))},
)

# The Mensheviks and SRs: a broad Democratic Conference rather than a Congress
# of Soviets, a council to advise the government rather than a socialist
# cabinet, the Congress put off to the 25th, Izvestiya and Delo Naroda every
# week, the Constituent Assembly promised again, and on the 24th Dan's
# resolution for land to the committees and peace talks; the walkout from the Congress when the rising came.
MODERATE_HISTORICAL_CHOICES: dict[str, tuple[str, ...]] = {
    "conference_called": ("broad",),
    "democratic_conference": ("council",),
    "congress_postponed": ("postpone",),
    "congress_opens": ("walk_out", "oppose"),
}


def soviet_executive_work(rules: Rules, state: State) -> list[ActionOrder]:
    if state.turn >= turn_of(rules, EVE):
        return [ActionOrder("land_committees"), ActionOrder("peace_overture")]
    return [ActionOrder("moderate_press"), ActionOrder("promise_assembly")]


# They argued for a socialist cabinet and never demanded one.
MODERATE_HISTORICAL = Line(
    "historical",
    "moderates",
    MODERATE_HISTORICAL_CHOICES,
    soviet_executive_work,
    avoid=frozenset({"form_socialist_government"}),
)

HISTORICAL_LINES: dict[str, Line] = {
    "bolsheviks": HISTORICAL,
    "government": GOVERNMENT_HISTORICAL,
    "moderates": MODERATE_HISTORICAL,
}


def historical_fixed(rules: Rules, faction: str) -> Plan:
    """The historical line as a fixed plan: the same choices, no AI, and each side's
    1917 work as a fixed list of actions by phase."""
    line = HISTORICAL_LINES[faction]
    eve = turn_of(rules, EVE)
    night = turn_of(rules, "Night of 24-25 October")
    second_night = turn_of(rules, "Night of 25-26 October")
    phases: tuple[Phase, ...]
    if faction == "bolsheviks":
        commissars = (Slot("send_commissars"),) * 2
        phases = (
            Phase(0, (Slot("print_paper"), Slot("agitate"), Slot("agitate"))),
            Phase(turn_of(rules, "A committee for defence"), (*commissars, Slot("print_paper"))),
            Phase(eve, (*commissars, Slot("bring_in_detachment"))),
            Phase(night, tuple(Slot("seize_site", (s,)) for s in NIGHT_SITES)),
            Phase(
                second_night,
                (Slot("aurora_fires"), Slot("fortress_guns"), Slot("storm_winter_palace")),
            ),
        )
    elif faction == "government":
        phases = (
            Phase(0, (Slot("hunt_lenin"), Slot("grain_trains"), Slot("address_troops"))),
            Phase(
                eve,
                (
                    Slot("raise_bridges"),
                    Slot("call_front_troops"),
                    Slot("muster_defenders"),
                    Slot("muster_defenders"),
                    Slot("fortify_palace"),
                    Slot("counterattack"),
                ),
            ),
        )
    else:
        phases = (
            Phase(0, (Slot("moderate_press"), Slot("promise_assembly"), Slot("agitate"))),
            Phase(eve, (Slot("land_committees"), Slot("peace_overture"), Slot("moderate_press"))),
        )
    return Plan("historical-fixed", faction, dict(line.choices), phases)


# --- The best fixed plans the search found ------------------------------------------------------

# Found by `bench/scripted.py --search SIDE` (coordinate ascent on seeds 10000-10049,
# see `search`), then written out here: each side's plan is a choice per event
# and two priority lists of actions, the second from the turn named.
BEST_PLANS: dict[str, tuple[dict[str, str], tuple[str, ...], str, tuple[str, ...]]] = {
    # Found by `bench/scripted.py --search SIDE` (coordinate ascent on seeds 10000-10049)
    # on the balance rules, and confirmed on seeds 0-99 at normal.
    #
    # The Bolsheviks (48%): the letters prepared for, the committee formed and kept
    # free, the barracks worked and detachments brought in; no rising of their own
    # until the eve of the Congress, then the Palace stormed with every rifle armed.
    "bolsheviks": (
        {
            "presidium_resigns": "press_advantage",
            "lenin_letters": "prepare",
            "crisis_matured": "refuse",
            "moscow_first": "petrograd_first",
            "pre_parliament_opens": "walkout",
            "mrc_debate": "mrc",
            "cc_vote": "rising",
            "enlarged_cc": "confirm",
            "kamenev_letter": "resignation",
            "fortress_meeting": "speak",
            "send_the_charter": "send",
            "mrc_answers": "protest",
            "arrest_backlash": "rally",
            "eve_of_congress": "strike",
            "congress_takes_power": "enforce",
        },
        ("denounce_compromisers", "barracks_agitation", "free_mrc", "bring_in_detachment"),
        EVE,
        ("storm_winter_palace", "arm_detachment", "arm_detachment", "free_mrc"),
    ),
    # The moderates (44%): a broad conference that still asks for a socialist
    # cabinet, the Congress kept to its date, the press and talks every turn, the
    # cabinet demanded whenever it is open and the Assembly promised; Martov backed.
    "moderates": (
        {
            "conference_called": "broad",
            "democratic_conference": "socialist_cabinet",
            "congress_postponed": "keep_date",
            "congress_opens": "back_martov",
        },
        ("moderate_press", "coalition_talks", "form_socialist_government", "promise_assembly"),
        EVE,
        (),
    ),
    # The government (44%): the socialists in the cabinet, part of the garrison sent,
    # troops called from the front at once and bread for the capital; from early
    # October the defenders mustered, peace feelers, and the march back the moment the
    # Palace falls; no strike first, every loyal unit thrown at the rising.
    "government": (
        {
            "third_coalition": "socialists",
            "garrison_order": "some",
            "move_to_moscow": "prepare",
            "countersignature_order": "negotiate",
            "day_of_the_soviet": "call_off",
            "strike_first": "hold_back",
            "rising_response": "crush",
            "kerensky_leaves": "leave",
        },
        ("call_front_troops", "grain_trains", "appeal_for_order", "appeal_for_order"),
        "The Germans in the Gulf",
        ("counterattack", "muster_defenders", "peace_overture"),
    ),
}


def best_plan(rules: Rules, faction: str) -> Plan:
    """The best fixed plan the search found for the side (its historical fixed plan
    when none was searched)."""
    found = BEST_PLANS.get(faction)
    if found is None:
        return replace(historical_fixed(rules, faction), name="best")
    choices, early, switch, late = found
    return Plan(
        "best",
        faction,
        {event: (choice,) for event, choice in choices.items()},
        (
            Phase(0, tuple(Slot(a) for a in early)),
            Phase(turn_of(rules, switch), tuple(Slot(a) for a in late)),
        ),
    )


# --- Every player of a side ---------------------------------------------------------------------


def players(rules: Rules, faction: str) -> dict[str, Player]:
    """Every scripted player of a side by name, in the order the table lists them."""
    found: dict[str, Player] = {"careless": careless(faction)}
    for action in actions_of(rules, faction):
        plan = spam(rules, faction, action)
        found[plan.name] = plan
    found["historical"] = HISTORICAL_LINES[faction]
    found["historical-fixed"] = historical_fixed(rules, faction)
    found["best"] = best_plan(rules, faction)
    found["ai"] = AiSeat(faction)
    return found


FIXED_KINDS = ("careless", "spam:", "historical-fixed", "best")


def is_fixed(name: str) -> bool:
    """Whether the named player is a fixed plan in the issue's sense (no AI in it)."""
    return any(name == k or (k.endswith(":") and name.startswith(k)) for k in FIXED_KINDS)


# --- Playing ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    side: str
    player: str
    seed: int
    won: bool
    ending: str
    turns: int  # turns played, the one that ended the game included
    score: int


def play(rules: Rules, player: Player, seed: int, difficulty: str = "normal") -> Result:
    """One whole game: the player in its seat, the AI at `difficulty` everywhere else."""
    seat = player.faction
    session = Session(
        rules, seed, player=seat, profiles=stand_in_profiles(rules, difficulty, seat)
    )
    while not session.over:
        session.play_turn(player.orders(session))
    state = session.state
    me = rules.faction_index[seat]
    ending = rules.model.endings[state.ending] if state.ending != NO_ONE else None
    return Result(
        side=seat,
        player=player.name,
        seed=seed,
        won=ending is not None and seat in ending.winners,
        ending=ending.id if ending is not None else "",
        turns=state.turn + 1,
        score=score(rules, state, me).total,
    )


@dataclass(frozen=True)
class Summary:
    side: str
    player: str
    games: int
    wins: int
    endings: tuple[tuple[str, int], ...]  # most frequent first
    mean_turns: float
    mean_score: float

    @property
    def rate(self) -> float:
        return self.wins / self.games if self.games else 0.0

    @property
    def over_bar(self) -> bool:
        """Whether this row breaks one of the issue's bars."""
        if self.player == "careless":
            return self.rate > CARELESS_BAR
        return is_fixed(self.player) and self.rate > FIXED_BAR


def summarise(results: Sequence[Result]) -> Summary:
    first = results[0]
    endings = Counter(r.ending for r in results)
    return Summary(
        side=first.side,
        player=first.player,
        games=len(results),
        wins=sum(r.won for r in results),
        endings=tuple(sorted(endings.items(), key=lambda kv: (-kv[1], kv[0]))),
        mean_turns=sum(r.turns for r in results) / len(results),
        mean_score=sum(r.score for r in results) / len(results),
    )


# --- Searching for the best fixed plan ---------------------------------------------------------

# Where a searched plan may switch from its first list of actions to its second.
SWITCHES = (
    "The Germans in the Gulf",
    "A committee for defence",
    "A week of bread",
    "The garrison conference",
    "24 October, day",
)
SEARCH_SLOTS = 4  # slots per phase: a priority list, so that a closed slot leaves room
Evaluate = Callable[[Plan], tuple[float, float]]  # win rate, mean score


@dataclass(frozen=True)
class Point:
    """A point of the search: a choice per event, a switch turn, two lists of slots."""

    choices: tuple[tuple[str, str], ...]
    switch: int
    early: tuple[str | None, ...]
    late: tuple[str | None, ...]

    def plan(self, name: str, faction: str) -> Plan:
        def slots(names: tuple[str | None, ...]) -> tuple[Slot, ...]:
            return tuple(Slot(a) for a in names if a is not None)

        return Plan(
            name,
            faction,
            {event: (choice,) for event, choice in self.choices},
            (Phase(0, slots(self.early)), Phase(self.switch, slots(self.late))),
        )


def decisions_of(rules: Rules, faction: str) -> list[tuple[str, list[str]]]:
    """Every event this faction decides, with its choices, in scenario order."""
    me = rules.faction_index[faction]
    return [
        (e.spec.id, [c.spec.id for c in e.choices])
        for e in rules.events
        if e.faction == me and e.choices
    ]


def search(
    rules: Rules,
    faction: str,
    evaluate: Evaluate,
    start: Mapping[str, tuple[str, ...]] | None = None,
    rounds: int = 2,
    log: Callable[[str], None] = print,
) -> Plan:
    """The best fixed plan coordinate ascent finds: each event's choice, the switch turn
    and each slot of both lists tried in turn, a change kept only when it wins more
    often (or as often with a better mean score), until a round changes nothing.

    `start` gives the first choice of each event (else its first); the lists start empty.
    """
    wanted = start or {}
    decisions = decisions_of(rules, faction)
    point = Point(
        choices=tuple((e, next(iter(wanted.get(e, ())), cs[0])) for e, cs in decisions),
        switch=turn_of(rules, SWITCHES[-1]),
        early=(None,) * SEARCH_SLOTS,
        late=(None,) * SEARCH_SLOTS,
    )
    seen: dict[Point, tuple[float, float]] = {}

    def value(p: Point) -> tuple[float, float]:
        if p not in seen:
            seen[p] = evaluate(p.plan("candidate", faction))
        return seen[p]

    best = value(point)
    log(f"start: {best[0]:.0%} won, mean score {best[1]:.1f}")
    actions: list[str | None] = [*actions_of(rules, faction), None]
    for round_ in range(rounds):
        changed = False
        moves = [e for e, _ in decisions] + ["switch"]
        moves += [f"{phase}[{k}]" for phase in ("early", "late") for k in range(SEARCH_SLOTS)]
        for what in moves:
            # Candidates are built from the point as it stands when the move comes up.
            candidates = _candidates(rules, point, what, decisions, actions)
            for candidate in candidates:
                if candidate == point:
                    continue
                got = value(candidate)
                if got > best:
                    best, point, changed = got, candidate, True
                    log(
                        f"round {round_ + 1}, {what} = {_shown(rules, point, what)}: "
                        f"{got[0]:.0%} won, mean score {got[1]:.1f}"
                    )
        if not changed:
            break
    return point.plan("best", faction)


def _shown(rules: Rules, point: Point, what: str) -> str:
    """The value the point gives the coordinate `what`, for the search's log."""
    if what == "switch":
        return rules.model.calendar.turns[point.switch].label
    if what.startswith(("early[", "late[")):
        slots = point.early if what.startswith("early") else point.late
        return str(slots[int(what[-2])])
    return dict(point.choices).get(what, "?")


def _set(
    values: tuple[tuple[str, str], ...], i: int, new: tuple[str, str]
) -> tuple[tuple[str, str], ...]:
    return (*values[:i], new, *values[i + 1 :])


def _candidates(
    rules: Rules,
    point: Point,
    what: str,
    decisions: list[tuple[str, list[str]]],
    actions: list[str | None],
) -> list[Point]:
    if what == "switch":
        return [replace(point, switch=turn_of(rules, label)) for label in SWITCHES]
    for i, (event, choices) in enumerate(decisions):
        if what == event:
            return [replace(point, choices=_set(point.choices, i, (event, c))) for c in choices]
    early = what.startswith("early")
    k = int(what[-2])
    found = []
    for action in actions:
        slots = list(point.early if early else point.late)
        slots[k] = action
        found.append(
            replace(point, early=tuple(slots)) if early else replace(point, late=tuple(slots))
        )
    return found
