"""Conditions in words: `support(bolsheviks, workers, vyborg) >= 40` becomes
"support for the Bolsheviks among workers in Vyborg side is at least 40".

A locked choice or a closed action tells the player what it requires; the
scenario's expression is the truth, this is its reading for people.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from game.scenario.expr import (
    Binary,
    BoolLit,
    Call,
    DateLit,
    IntLit,
    Kind,
    Name,
    Node,
    Param,
    Unary,
    parse,
)

if TYPE_CHECKING:
    from game.engine.rules import Rules

COMPARE = {
    ">=": "is at least",
    ">": "is more than",
    "<=": "is at most",
    "<": "is less than",
    "==": "is",
    "!=": "is not",
}
ARITHMETIC = {"+": "plus", "-": "minus", "*": "times", "/": "divided by", "%": "modulo"}
PARAM_KINDS = {
    "faction": Kind.FACTION,
    "group": Kind.GROUP,
    "region": Kind.REGION,
    "site": Kind.SITE,
    "unit": Kind.UNIT,
}
BUILTINS = {
    "date": "the date",
    "turn": "the turn number",
    "final": "this is the last turn",
    "none": "no one",
}


class Wording:
    def __init__(self, rules: Rules, params: Mapping[str, int]) -> None:
        self.rules = rules
        self.params = params
        self.kind_of: dict[str, Kind] = {}
        for kind, ids in rules.ids.items():
            for ident in ids:
                self.kind_of.setdefault(ident, kind)

    def entity(self, node: Node, kind: Kind) -> str:
        if isinstance(node, Name):
            if node.name == "all":
                return {Kind.GROUP: "every group", Kind.REGION: "everywhere"}.get(kind, "all")
            if node.name in self.rules.ids[kind]:
                return self.name(kind, self.rules.ids[kind].index(node.name))
        if isinstance(node, Param):
            if node.name in self.params:
                return self.name(kind, self.params[node.name])
            return f"the chosen {node.name}"
        return self.words(node)

    def name(self, kind: Kind, index: int) -> str:
        text = self.rules.names.of(kind, index)
        if kind is Kind.FACTION and index >= 0:
            return f"the {text}"
        if kind is Kind.GROUP:
            return text.lower()
        if kind is Kind.EVENT:
            return f"'{text}'"
        return text

    def words(self, node: Node) -> str:
        match node:
            case IntLit(value=value):
                return str(value)
            case BoolLit(value=value):
                return "always" if value else "never"
            case DateLit(value=value):
                return _date(value)
            case Name(name=name):
                if name in BUILTINS:
                    return BUILTINS[name]
                kind = self.kind_of.get(name)
                return self.entity(node, kind) if kind else name
            case Param(name=name):
                return self.entity(node, PARAM_KINDS.get(name, Kind.FACTION))
            case Call():
                return self.call(node)
            case Unary(op="not", operand=operand):
                return (
                    f"not ({self.words(operand)})"
                    if isinstance(operand, Binary)
                    else f"not {self.words(operand)}"
                )
            case Unary(operand=operand):
                return f"minus {self.words(operand)}"
            case Binary(op=op, left=left, right=right):
                if op in ("and", "or"):
                    return f"{self.clause(left, op)} {op} {self.clause(right, op)}"
                verb = COMPARE.get(op) or ARITHMETIC[op]
                return f"{self.words(left)} {verb} {self.words(right)}"
        raise TypeError(f"no wording for {node!r}")

    def clause(self, node: Node, joiner: str) -> str:
        # Brackets only where and/or mix, so "a and (b or c)" keeps its meaning.
        if isinstance(node, Binary) and node.op in ("and", "or") and node.op != joiner:
            return f"({self.words(node)})"
        return self.words(node)

    def call(self, node: Call) -> str:
        a = node.args
        e = self.entity

        def where(i: int) -> str:
            if len(a) <= i:
                return ""
            place = e(a[i], Kind.REGION)
            return "" if place == "everywhere" else f" in {place}"

        render: dict[str, Callable[[], str]] = {
            "support": lambda: (
                f"support for {e(a[0], Kind.FACTION)} among {e(a[1], Kind.GROUP)}{where(2)}"
            ),
            "mobilisation": lambda: f"mobilisation of {e(a[0], Kind.GROUP)}{where(1)}",
            "track": lambda: e(a[0], Kind.TRACK),
            "flag": lambda: f"'{e(a[0], Kind.FLAG)}'",
            "control": lambda: f"the holder of {e(a[0], Kind.SITE)}",
            "controls": lambda: f"{e(a[0], Kind.FACTION)} hold {e(a[1], Kind.SITE)}",
            "defence": lambda: f"the defence of {e(a[0], Kind.SITE)}",
            "sites_held": lambda: f"the places {e(a[0], Kind.FACTION)} hold",
            "resource": lambda: f"{e(a[1], Kind.RESOURCE).lower()} of {e(a[0], Kind.FACTION)}",
            "strength": lambda: f"the armed strength of {e(a[0], Kind.FACTION)}{where(1)}",
            "owner": lambda: f"the side {e(a[0], Kind.UNIT)} obeys",
            "loyalty": lambda: f"the loyalty of {e(a[0], Kind.UNIT)}",
            "unit_region": lambda: f"where {e(a[0], Kind.UNIT)} stands",
            "fired": lambda: f"{e(a[0], Kind.EVENT)} has happened",
            "is_player": lambda: f"{e(a[0], Kind.FACTION)} are the player's side",
            "min": lambda: f"the lesser of {self.words(a[0])} and {self.words(a[1])}",
            "max": lambda: f"the greater of {self.words(a[0])} and {self.words(a[1])}",
            "abs": lambda: f"the size of {self.words(a[0])}",
        }
        make = render.get(node.name)
        return make() if make else f"{node.name}(...)"


def _date(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def condition_words(rules: Rules, text: str, params: Mapping[str, int] | None = None) -> str:
    """A checked condition read aloud; its text as written if it cannot be parsed."""
    try:
        node = parse(text)
    except Exception:  # the loader checked it; this is only a fallback for the reader
        return text
    return Wording(rules, params or {}).words(node)
