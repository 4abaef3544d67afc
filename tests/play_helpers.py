"""Ways of playing that several tests share: any legal orders, the legal part of a plan,
and scripted lines of play (the historical one among them)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np
from hypothesis import strategies as st

from game.engine.decisions import ActionOrder, Orders
from game.engine.legal import action_open, candidate_index, choice_options, pending_for
from game.engine.rules import Rules
from game.engine.state import State
from game.scenario.expr import Kind
from game.session import Session


def random_orders(rules: Rules, state: State, faction: int, data: st.DataObject) -> Orders:
    """Any legal orders: a drawn open choice per pending event, and drawn legal actions."""
    choices = []
    for event, decider in state.pending:
        if decider != faction:
            continue
        rule = rules.events[event]
        open_ids = [
            o.choice.spec.id for o in choice_options(rules, state, rule) if o.problem is None
        ]
        if open_ids:
            choices.append((rule.spec.id, data.draw(st.sampled_from(open_ids))))
    actions: list[ActionOrder] = []
    spent = np.zeros(len(rules.resource_index), dtype=np.int64)
    taken: Counter[int] = Counter()
    for _ in range(data.draw(st.integers(0, rules.actions_per_turn[faction]))):
        legal = [
            (a, c)
            for a in rules.actions
            for c in range(len(a.candidates))
            if action_open(rules, state, faction, a, c, spent, taken, len(actions))
        ]
        if not legal:
            break
        action, candidate = data.draw(st.sampled_from(legal))
        actions.append(
            ActionOrder(action.spec.id, rules.target_ids(action, action.candidates[candidate]))
        )
        spent += action.cost
        taken[action.index] += 1
    return Orders(tuple(choices), tuple(actions))


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

Script = Callable[[Rules, State], list[ActionOrder]]


def no_actions(rules: Rules, state: State) -> list[ActionOrder]:
    return []


@dataclass(frozen=True)
class Line:
    """A scripted side: its preferred choice of each event (first open one wins) and actions.

    An event the line does not name, or whose named choices are all closed,
    is decided the way the AI would decide it for this side. The line's
    actions are tried first, in order, and skipped when illegal; with
    `ai_fills`, the AI's own actions fill the slots left, except those in `avoid`.
    """

    name: str
    faction: str
    choices: Mapping[str, tuple[str, ...]]
    actions: Script = no_actions
    ai_fills: bool = True
    avoid: frozenset[str] = field(default_factory=frozenset)


def flag(rules: Rules, state: State, flag_id: str) -> bool:
    return bool(state.flags[rules.ids[Kind.FLAG].index(flag_id)])


def turn_label(rules: Rules, state: State) -> str:
    return rules.model.calendar.turns[state.turn].label


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
            # already taken is no longer a legal target and drops out.
            return [ActionOrder("seize_site", (s,)) for s in NIGHT_SITES]
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


def scripted_orders(session: Session, line: Line) -> Orders:
    rules, state = session.rules, session.state
    me = rules.faction_index[line.faction]
    hint = session.ai_orders(line.faction)
    picks = []
    for event in pending_for(rules, state, me):
        open_ids = [
            o.choice.spec.id for o in choice_options(rules, state, event) if o.problem is None
        ]
        wanted = line.choices.get(event.spec.id, ())
        pick = next((c for c in wanted if c in open_ids), hint.choice_for(event.spec.id))
        if pick is not None:
            picks.append((event.spec.id, pick))
    actions = list(line.actions(rules, state))
    if line.ai_fills:
        actions += [a for a in hint.actions if a.action not in line.avoid]
    return Orders(tuple(picks), tuple(legal_part(rules, state, line.faction, actions)))


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
