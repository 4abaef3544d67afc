"""Conditions taken apart into the clauses a player reads one at a time.

A condition such as `flag(a) and (track_x < 10 or flag(b))` holds or fails
as a whole, but a player needs to know which part stands in the way. These
helpers split a condition along its and/or chains and compile each part on
its own, with the symbols the whole was compiled with, so a part is judged
exactly as the engine judges the whole.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from game.engine.context import EvalCtx
from game.scenario.expr import Binary, Compiled, Kind, Node, Symbols, compile_expr, describe, parse


def chain(node: Node) -> tuple[str, tuple[Node, ...]]:
    """The operator ("and", "or") and the operands of a chain of it, or ("", (node,)) for a leaf.

    `a and b and c` parses as `(a and b) and c`; the player reads three clauses.
    """
    if not (isinstance(node, Binary) and node.op in ("and", "or")):
        return "", (node,)
    op = node.op
    out: list[Node] = []
    stack: list[Node] = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Binary) and n.op == op:
            stack.extend((n.right, n.left))
        else:
            out.append(n)
    return op, tuple(out)


def compile_part(node: Node, symbols: Symbols, kind: Kind = Kind.BOOL) -> Compiled:
    """One part of a checked expression, compiled on its own (it checked as part of the whole)."""
    return compile_expr(describe(node), symbols, kind)


# Each and-condition's clauses, compiled on the first refusal of an order it guards:
# parsing and compiling them cost far more than checking them.
_CLAUSES: WeakKeyDictionary[Compiled, tuple[tuple[str, Compiled], ...] | None] = WeakKeyDictionary()


def _clauses(condition: Compiled) -> tuple[tuple[str, Compiled], ...] | None:
    """The clauses of an and-condition, as (text, compiled) pairs; None when it is no chain."""
    if condition in _CLAUSES:
        return _CLAUSES[condition]
    found: tuple[tuple[str, Compiled], ...] | None = None
    if condition.symbols is not None:
        op, parts = chain(parse(condition.text))
        if op == "and":
            symbols = condition.symbols
            found = tuple((describe(part), compile_part(part, symbols)) for part in parts)
    _CLAUSES[condition] = found
    return found


def failing_clauses(condition: Compiled, ctx: EvalCtx) -> tuple[str, ...]:
    """The clauses of an and-condition that do not hold now, as expression text.

    For a condition that is not a chain of `and`, the whole condition when it fails.
    Only asked when an order is refused; its clauses are compiled once, on the first.
    """
    if condition(ctx):
        return ()
    clauses = _clauses(condition)
    if clauses is None:
        return (condition.text,)
    return tuple(text for text, part in clauses if not part(ctx))
