"""What a faction decides in a turn: its event choices and its actions, as plain data.

Decisions name things by id, not index, so they read well in a save file and
survive a scenario that adds entries.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ActionOrder:
    action: str
    target: tuple[str, ...] = ()  # ids: (), (region,), (site,), (unit,) or (group, region)

    def to_json(self) -> dict[str, Any]:
        return {"action": self.action, "target": list(self.target)}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ActionOrder:
        return cls(str(data["action"]), tuple(str(t) for t in data.get("target", ())))


@dataclass(frozen=True)
class Orders:
    """One faction's decisions for one turn."""

    choices: tuple[tuple[str, str], ...] = ()  # (event id, choice id), in any order
    actions: tuple[ActionOrder, ...] = field(default=())  # carried out in this order

    def choice_for(self, event: str) -> str | None:
        for event_id, choice in self.choices:
            if event_id == event:
                return choice
        return None

    def to_json(self) -> dict[str, Any]:
        return {
            "choices": {event: choice for event, choice in self.choices},
            "actions": [a.to_json() for a in self.actions],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Orders:
        return cls(
            tuple((str(k), str(v)) for k, v in dict(data.get("choices", {})).items()),
            tuple(ActionOrder.from_json(a) for a in data.get("actions", ())),
        )


Decisions = Mapping[str, Orders]  # faction id -> its orders


class IllegalDecision(Exception):
    """A decision the rules do not allow; nothing of the turn is applied."""

    def __init__(self, faction: str, reason: str) -> None:
        self.faction = faction
        self.reason = reason
        super().__init__(f"{faction}: {reason}")
