"""Two states of one game under two versions of its scenario, compared by what play can see.

A state is a set of arrays indexed in scenario order, so a scenario that gains a region
or an event shifts every index after it. Here each quantity is named by the ids it
belongs to instead, and only the quantities both versions have are compared: a new event
that has not come yet, or a new district nobody has touched, changes nothing already
played. The journal's words are left out: a reworded text is not a different game.

What differs is said in the player's words: names, not ids; percentages, not basis points.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from game.describe import headed, owner_name
from game.engine.decisions import Orders
from game.engine.legal import candidate_index
from game.engine.rules import Rules
from game.engine.state import NO_ONE, State
from game.scenario.expr import Kind

SHOWN = 4  # differences named in a sentence; the rest are counted

Key = tuple[str, ...]


def _id(ids: list[str], index: int) -> str | None:
    return None if index == NO_ONE else ids[index]


def view(rules: Rules, state: State) -> dict[Key, Any]:
    """Every quantity of the state that decides how play goes on, keyed by ids.

    The order is the order differences are told in: the ending, the tracks and the
    things a player counts first; support, mobilisation and bookkeeping last.
    """
    ids = rules.ids
    factions, groups, regions = ids[Kind.FACTION], ids[Kind.GROUP], ids[Kind.REGION]
    sites, units = ids[Kind.SITE], ids[Kind.UNIT]
    out: dict[Key, Any] = {("ending",): _id(ids[Kind.ENDING], state.ending)}
    out.update({("track", t): int(v) for t, v in zip(ids[Kind.TRACK], state.tracks, strict=True)})
    out.update({("flag", f): bool(v) for f, v in zip(ids[Kind.FLAG], state.flags, strict=True)})
    for f, faction in enumerate(factions):
        for r, resource in enumerate(ids[Kind.RESOURCE]):
            out["resource", faction, resource] = int(state.resources[f, r])
    for i, site in enumerate(sites):
        out["held", site] = _id(factions, int(state.site_controller[i]))
        out["defence", site] = int(state.site_defence[i])
    for i, unit in enumerate(units):
        out["owner", unit] = _id(factions, int(state.unit_owner[i]))
        out["where", unit] = regions[int(state.unit_region[i])]
        out["strength", unit] = int(state.unit_strength[i])
        out["loyalty", unit] = int(state.unit_loyalty[i])
    out.update({("fired", e): bool(v) for e, v in zip(ids[Kind.EVENT], state.fired, strict=True)})
    rows = [*factions, ""]  # the last row of support is the unaligned share
    support = state.support.tolist()
    for f, who in enumerate(rows):
        for g, group in enumerate(groups):
            for r, region in enumerate(regions):
                out["support", who, group, region] = support[f][g][r]
    mobilisation = state.mobilisation.tolist()
    for g, group in enumerate(groups):
        for r, region in enumerate(regions):
            out["mobilisation", group, region] = mobilisation[g][r]
    events = ids[Kind.EVENT]
    out["pending",] = tuple(sorted((events[e], factions[f]) for e, f in state.pending))
    out["turn",] = state.turn
    out["player",] = _id(factions, state.player)
    return out


def changes(before: Rules, recorded: State, after: Rules, replayed: State) -> list[str]:
    """What differs between a recorded state and its replay, each in a few words
    ("Legitimacy 45, was 50"); empty when nothing that both versions have differs."""
    old, new = view(before, recorded), view(after, replayed)
    return [
        _words(after, before, key, new[key], was)
        for key, was in old.items()
        if key in new and new[key] != was
    ]


def summary(found: list[str]) -> str:
    """The first few differences in one phrase, the rest counted."""
    shown = "; ".join(found[:SHOWN])
    more = len(found) - SHOWN
    return shown + (f"; and {more} more" if more > 0 else "")


def _pcts(now: int, was: int) -> tuple[str, str]:
    """Two shares in basis points as percentages, with a second decimal only where one
    alone would show them equal."""
    for places in (1, 2):
        shown = tuple(f"{v / 100:.{places}f}".rstrip("0").rstrip(".") + "%" for v in (now, was))
        if shown[0] != shown[1]:
            break
    return shown[0], shown[1]


def _who(rules: Rules, faction: str | None) -> str:
    if faction is None:
        return "no one"
    return "the " + owner_name(rules, rules.faction_index[faction])


def _name(rules: Rules, kind: Kind, ident: str) -> str:
    return rules.names.of(kind, rules.id_index[kind][ident])


def _words(rules: Rules, before: Rules, key: Key, now: Any, was: Any) -> str:
    """A difference in words: names from the new rules, and what a value was (a side, a
    district) from the rules it was recorded under."""
    kind, *part = key
    if kind == "held":
        return (
            f"{_name(rules, Kind.SITE, part[0])} is held by {_who(rules, now)}, "
            f"was by {_who(before, was)}"
        )
    if kind == "owner":
        unit = _name(rules, Kind.UNIT, part[0])
        return f"the owner of {unit}: {_who(rules, now)}, was {_who(before, was)}"
    if kind == "where":
        unit = _name(rules, Kind.UNIT, part[0])
        return (
            f"the place of {unit}: {_name(rules, Kind.REGION, now)}, "
            f"was {_name(before, Kind.REGION, was)}"
        )
    say = _SAY.get(kind)
    return say(rules, part, now, was) if say is not None else "other numbers"


def _ending(rules: Rules, part: list[str], now: Any, was: Any) -> str:
    if now is None:
        return "the game no longer ends there"
    return f"the game now ends there: {_name(rules, Kind.ENDING, now)}"


def _track(rules: Rules, part: list[str], now: Any, was: Any) -> str:
    return f"{_name(rules, Kind.TRACK, part[0])} {now}, was {was}"


def _flag(rules: Rules, part: list[str], now: Any, was: Any) -> str:
    index = rules.id_index[Kind.FLAG][part[0]]
    return f"now {rules.names.flag_clause(index, bool(now))}"


def _resource(rules: Rules, part: list[str], now: Any, was: Any) -> str:
    faction, resource = part
    r = rules.resource_index[resource]
    who = _who(rules, faction)
    return f"{who} have {rules.names.amount(r, now)}, had {was}"


def _defence(rules: Rules, part: list[str], now: Any, was: Any) -> str:
    return f"the defence of {_name(rules, Kind.SITE, part[0])} {now}, was {was}"


def _strength(rules: Rules, part: list[str], now: Any, was: Any) -> str:
    return f"the strength of {_name(rules, Kind.UNIT, part[0])}: {now} men, was {was}"


def _loyalty(rules: Rules, part: list[str], now: Any, was: Any) -> str:
    return f"the loyalty of {_name(rules, Kind.UNIT, part[0])} {now}, was {was}"


def _fired(rules: Rules, part: list[str], now: Any, was: Any) -> str:
    title = _name(rules, Kind.EVENT, part[0])
    return f"'{title}' has now come" if now else f"'{title}' has not come now"


def _support(rules: Rules, part: list[str], now: Any, was: Any) -> str:
    faction, group, region = part
    among = f"{_name(rules, Kind.GROUP, group).lower()} in {_name(rules, Kind.REGION, region)}"
    shown, before = _pcts(now, was)
    if not faction:
        return f"{shown} of {among} unaligned, was {before}"
    return f"{_who(rules, faction)} hold {shown} of {among}, held {before}"


def _mobilisation(rules: Rules, part: list[str], now: Any, was: Any) -> str:
    group, region = part
    among = f"{_name(rules, Kind.GROUP, group).lower()} in {_name(rules, Kind.REGION, region)}"
    return f"{now}% of {among} mobilised, was {was}%"


def _pending(rules: Rules, part: list[str], now: Any, was: Any) -> str:
    return "other decisions await"


_SAY: dict[str, Callable[[Rules, list[str], Any, Any], str]] = {
    "ending": _ending,
    "track": _track,
    "flag": _flag,
    "resource": _resource,
    "defence": _defence,
    "strength": _strength,
    "loyalty": _loyalty,
    "fired": _fired,
    "support": _support,
    "mobilisation": _mobilisation,
    "pending": _pending,
}


def orders_words(rules: Rules, orders: Orders) -> str:
    """A side's decisions for a turn, as the game names them ("Agitate: Workers in North");
    what the rules no longer have is left out."""
    parts = list(_choice_words(rules, orders))
    for order in orders.actions:
        action = next((a for a in rules.actions if a.spec.id == order.action), None)
        if action is None:
            continue
        target = rules.target_indices(action, order.target)
        candidate = None if target is None else candidate_index(action, target)
        if candidate is None or not order.target:
            parts.append(action.spec.name)
        else:
            parts.append(f"{action.spec.name}: {rules.target_name(action, target or ())}")
    return ", ".join(parts) or "nothing"


def _choice_words(rules: Rules, orders: Orders) -> Iterator[str]:
    for event_id, choice_id in orders.choices:
        event = next((e for e in rules.events if e.spec.id == event_id), None)
        if event is None:
            continue
        choice = next((c for c in event.choices if c.spec.id == choice_id), None)
        if choice is not None:
            yield headed(event.spec.title, choice.spec.text)
