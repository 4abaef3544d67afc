"""A verified game told turn by turn, in words or as JSON (for `replay`)."""

from __future__ import annotations

from typing import Any

from game.describe import both_styles
from game.engine.decisions import Orders
from game.engine.rules import Rules
from game.saves.replay import Loaded


def _orders_text(rules: Rules, orders: Orders) -> str:
    parts = [f"chose {choice} at {event}" for event, choice in orders.choices]
    for order in orders.actions:
        name = rules.model.actions[[a.id for a in rules.model.actions].index(order.action)].name
        parts.append(name + (f" ({', '.join(order.target)})" if order.target else ""))
    return "; ".join(parts) or "nothing"


def turn_json(loaded: Loaded, n: int) -> dict[str, Any]:
    """Turn n (from 0): its date, everyone's decisions, what the journal says, any ending."""
    rules = loaded.rules
    record = loaded.records[n]
    before, after = loaded.states[n], loaded.states[n + 1]
    ending = rules.model.endings[after.ending].id if after.over else None
    return {
        "turn": n + 1,
        "date": rules.date_of(record.turn).isoformat(),
        "decisions": {f: o.to_json() for f, o in record.decisions.items()},
        "events": [e.text for e in after.journal[len(before.journal) :]],
        "state_hash": record.state_hash,
        "ending": ending,
    }


def turn_lines(loaded: Loaded, n: int) -> list[str]:
    rules = loaded.rules
    record = loaded.records[n]
    before, after = loaded.states[n], loaded.states[n + 1]
    when = both_styles(rules.date_of(record.turn), rules.new_style_offset)
    lines = [f"Turn {n + 1}, {when}"]
    for fid, orders in record.decisions.items():
        name = rules.model.factions[rules.faction_index[fid]].name
        lines.append(f"  {name}: {_orders_text(rules, orders)}")
    lines += [f"  - {e.text}" for e in after.journal[len(before.journal) :]]
    if after.over:
        ending = rules.model.endings[after.ending]
        lines.append(f"  THE END: {ending.title} ({ending.id})")
    return lines
