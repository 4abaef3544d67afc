"""Rules in the player's words: `support(bolsheviks, workers, vyborg) >= 40` becomes
"the Bolsheviks' support among workers in Vyborg side is at least 40".

A locked choice or a closed action tells the player what it requires, and an
effect says what it will do; the scenario's expression is the truth, this is
its reading for people. Nothing here shows an id, a `$parameter` or a
function call: flags read as the sentences their scenario gives them, and
numbers computed from the board read as arithmetic in words.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
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
    Symbols,
    Unary,
    compile_expr,
    describe,
    parse,
)

if TYPE_CHECKING:
    from game.engine.context import Board
    from game.engine.rules import Rules

COMPARE = {
    ">=": "is at least",
    ">": "is more than",
    "<=": "is at most",
    "<": "is less than",
    "==": "is",
    "!=": "is not",
}
NEGATED = {">=": "<", ">": "<=", "<=": ">", "<": ">=", "==": "!=", "!=": "=="}
# A date compared with today's reads as a time, not a quantity.
DATE_COMPARE = {
    ">=": "it is {} or later",
    ">": "it is later than {}",
    "<=": "it is {} or earlier",
    "<": "it is before {}",
    "==": "it is {}",
    "!=": "it is not {}",
}
PARAM_KINDS = {
    "faction": Kind.FACTION,
    "group": Kind.GROUP,
    "region": Kind.REGION,
    "site": Kind.SITE,
    "unit": Kind.UNIT,
}
# A $parameter compared with a named thing is the target's role, whatever it is bound to:
# "the target is not the Winter Palace" reads true or false; naming both sides would not.
ROLES = {
    "faction": "the acting side",
    "group": "the group",
    "region": "the place",
    "site": "the target",
    "unit": "the target",
}
UNBOUND = ROLES
FRACTIONS = {2: "half", 3: "a third", 4: "a quarter", 5: "a fifth", 10: "a tenth"}
BUILTINS = {
    "date": "today's date",
    "turn": "the turn number",
    "final": "this is the last turn",
    "none": "no one",
}


def possessive(phrase: str) -> str:
    return f"{phrase}'" if phrase.endswith("s") else f"{phrase}'s"


def join(items: Sequence[str], last: str, comma: bool = False) -> str:
    """'a', 'a and b', 'a, b and c' (or 'a, b, and c' with the comma)."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])}{',' if comma else ''} {last} {items[-1]}"


def entity_name(rules: Rules, kind: Kind, index: int) -> str:
    """A thing's name as it reads inside a sentence: 'the Bolsheviks', 'workers', 'the Winter Palace'."""
    if index < 0:
        return "no one"
    text = rules.names.of(kind, index)
    if kind in (Kind.FACTION, Kind.SITE, Kind.UNIT) and not text.lower().startswith("the "):
        return f"the {text}"
    if kind in (Kind.GROUP, Kind.RESOURCE):
        return text.lower()
    if kind in (Kind.EVENT, Kind.ENDING):
        return f"\u201c{text}\u201d"
    return text


def flag_sentence(rules: Rules, flag: int, value: bool) -> str:
    """The scenario's clause for a flag being set (or clear)."""
    return rules.names.flag_clause(flag, value)


class Wording:
    """Reads expressions of one scenario aloud, with some $parameters bound.

    With a board, `unmet` can say which parts of a condition do not hold now.
    """

    def __init__(self, rules: Rules, params: Mapping[str, int], board: Board | None = None) -> None:
        self.rules = rules
        self.params = params
        self.board = board
        self.kind_of: dict[str, Kind] = {}
        for kind, ids in rules.ids.items():
            for ident in ids:
                self.kind_of.setdefault(ident, kind)

    # -- names ------------------------------------------------------------------

    def entity(self, node: Node, kind: Kind) -> str:
        if isinstance(node, Name):
            if node.name == "all":
                return {Kind.GROUP: "all groups", Kind.REGION: "everywhere"}.get(kind, "all")
            if node.name == "none":
                return "no one"
            if node.name in self.rules.ids[kind]:
                return self.name(kind, self.rules.ids[kind].index(node.name))
        if isinstance(node, Param):
            if node.name in self.params:
                return self.name(kind, self.params[node.name])
            return UNBOUND.get(node.name, "the target")
        return self.value(node)

    def name(self, kind: Kind, index: int) -> str:
        return entity_name(self.rules, kind, index)

    def place(self, args: tuple[Node, ...], i: int) -> str:
        """' in Vyborg side', ' there' for the target's own place, or '' for everywhere."""
        if len(args) <= i:
            return ""
        node = args[i]
        if isinstance(node, Param) and node.name == "region":
            return " there"
        text = self.entity(node, Kind.REGION)
        return "" if text == "everywhere" else f" in {text}"

    def role(self, node: Node, kind: Kind) -> str:
        # The acting side is best named: "does not serve the Bolsheviks" says more than a role.
        if isinstance(node, Param) and node.name != "faction":
            return ROLES.get(node.name, "the target")
        return self.entity(node, kind)

    # -- the whole --------------------------------------------------------------

    def words(self, node: Node) -> str:
        """A condition as a clause, or a number or thing as a noun phrase."""
        if self.is_condition(node):
            return self.clause(node)
        return self.value(node)

    def is_condition(self, node: Node) -> bool:
        match node:
            case BoolLit():
                return True
            case Name(name="final"):
                return True
            case Call(name=name):
                return name in ("flag", "controls", "fired", "is_player")
            case Unary(op="not"):
                return True
            case Binary(op=op):
                return op in ("and", "or") or op in COMPARE
        return False

    # -- conditions -------------------------------------------------------------

    def clause(self, node: Node) -> str:
        match node:
            case BoolLit(value=value):
                return "always" if value else "never"
            case Name(name="final"):
                return BUILTINS["final"]
            case Unary(op="not", operand=operand):
                return self.negated(operand)
            case Binary(op="and" | "or"):
                return self.chain(node)
            case Binary(op=op, left=left, right=right) if op in COMPARE:
                return self.compare(op, left, right)
            case Call():
                return self.test(node, True)
        return f"{self.value(node)} holds"

    def test(self, node: Call, value: bool) -> str:
        a = node.args
        match node.name:
            case "flag":
                index = self.flag_index(a[0])
                if index is not None:
                    return flag_sentence(self.rules, index, value)
                return "the chosen flag is set" if value else "the chosen flag is clear"
            case "controls":
                who, site = self.entity(a[0], Kind.FACTION), self.entity(a[1], Kind.SITE)
                return f"{who} hold {site}" if value else f"{who} do not hold {site}"
            case "fired":
                event = self.entity(a[0], Kind.EVENT)
                return f"{event} has happened" if value else f"{event} has not happened"
            case "is_player":
                who = self.entity(a[0], Kind.FACTION)
                verb = "are" if value else "are not"
                return f"{who} {verb} played by a person"
        raise TypeError(f"no wording for the test {node.name}")

    def flag_index(self, node: Node) -> int | None:
        ids = self.rules.ids[Kind.FLAG]
        if isinstance(node, Name) and node.name in ids:
            return ids.index(node.name)
        return None

    def negated(self, node: Node) -> str:
        """The clause for `not node`, with the negation carried inside, never 'not (...)'."""
        match node:
            case BoolLit(value=value):
                return "never" if value else "always"
            case Name(name="final"):
                return "this is not the last turn"
            case Unary(op="not", operand=operand):
                return self.clause(operand)
            case Binary(op="and", left=left, right=right):
                return self.chain(Binary("or", Unary("not", left), Unary("not", right)))
            case Binary(op="or", left=left, right=right):
                return self.chain(Binary("and", Unary("not", left), Unary("not", right)))
            case Binary(op=op, left=left, right=right) if op in NEGATED:
                return self.compare(NEGATED[op], left, right)
            case Call():
                return self.test(node, False)
        return f"{self.value(node)} does not hold"

    def chain(self, node: Binary) -> str:
        joiner = node.op
        items = _grouped(_flatten(node, joiner), joiner)
        parts = [self.member(item, joiner) for item in items]
        # "either a or b, and c": the comma shows where the inner choice ends.
        nested = any(_is_nested(item, joiner) for item in items)
        return join(parts, joiner, comma=nested)

    def member(self, item: Node | list[Node], joiner: str) -> str:
        if isinstance(item, list):  # one thing compared with several: "is not a, b or c"
            first = item[0]
            assert isinstance(first, Binary)
            names = join(
                [self.role(i.right, self.kind_in(i)) for i in item if isinstance(i, Binary)], "or"
            )
            verb = "is not" if joiner == "and" else "is"
            if isinstance(first.left, Call) and first.left.name == "unit_region":
                who = possessive(self.entity(first.left.args[0], Kind.UNIT))
                return f"{who} position {verb} {names}"
            return f"{self.subject(first.left)} {verb} {names}"
        if isinstance(item, Binary) and item.op in ("and", "or") and item.op != joiner:
            inner = self.chain(item)
            if len(_grouped(_flatten(item, item.op), item.op)) == 1:
                return inner
            return f"either {inner}" if item.op == "or" else f"both {inner}"
        return self.clause(item)

    def kind_in(self, node: Binary) -> Kind:
        """The kind of thing a comparison's sides name, from whichever side says."""
        for side in (node.left, node.right):
            kind = self.kind_of_node(side)
            if kind is not None:
                return kind
        return Kind.INT

    def kind_of_node(self, node: Node) -> Kind | None:
        match node:
            case Param(name=name):
                return PARAM_KINDS.get(name)
            case Name(name=name):
                if name == "none":
                    return Kind.FACTION
                return self.kind_of.get(name)
            case Call(name="control" | "owner"):
                return Kind.FACTION
            case Call(name="unit_region"):
                return Kind.REGION
        return None

    def subject(self, node: Node) -> str:
        if isinstance(node, Param):
            return ROLES.get(node.name, "the target")
        return self.words(node)

    def compare(self, op: str, left: Node, right: Node) -> str:
        if isinstance(right, (Call, Param)) and isinstance(left, (Name, IntLit, DateLit)):
            left, right = right, left
            op = {">": "<", "<": ">", ">=": "<=", "<=": ">="}.get(op, op)
        if isinstance(left, Name) and left.name == "date" and isinstance(right, DateLit):
            return DATE_COMPARE[op].format(_date(right.value))
        if op in ("==", "!="):
            said = self.entity_compare(op == "==", left, right)
            if said is not None:
                return said
        return f"{self.value(left)} {COMPARE[op]} {self.value(right)}"

    def entity_compare(self, same: bool, left: Node, right: Node) -> str | None:
        kind = self.kind_of_node(right) or self.kind_of_node(left)
        nobody = isinstance(right, Name) and right.name == "none"
        match left:
            case Call(name="owner", args=(unit,)):
                # The side leads the sentence: unit names are singular and plural alike.
                who = self.entity(unit, Kind.UNIT)
                if nobody:
                    return f"no side commands {who}" if same else f"some side commands {who}"
                side = self.role(right, Kind.FACTION)
                return f"{side} command {who}" if same else f"{side} do not command {who}"
            case Call(name="control", args=(site,)):
                where = self.entity(site, Kind.SITE)
                if nobody:
                    return f"no one holds {where}" if same else f"someone holds {where}"
                side = self.role(right, Kind.FACTION)
                return f"{side} hold {where}" if same else f"{side} do not hold {where}"
            case Call(name="unit_region", args=(unit,)):
                # "the junkers' position is", not "the junkers is": unit names may be plural.
                who = possessive(self.entity(unit, Kind.UNIT))
                place = self.role(right, Kind.REGION)
                return f"{who} position is {place}" if same else f"{who} position is not {place}"
            case Param(name=name) if kind is not None:
                role = ROLES.get(name, "the target")
                other = self.role(right, kind)
                return f"{role} is {other}" if same else f"{role} is not {other}"
        if kind is not None:
            verb = "is" if same else "is not"
            return f"{self.entity(left, kind)} {verb} {self.entity(right, kind)}"
        return None

    # -- numbers and things ---------------------------------------------------------

    def value(self, node: Node) -> str:
        match node:
            case IntLit(value=value):
                return str(value)
            case BoolLit() | Unary(op="not"):
                return self.clause(node)
            case DateLit(value=value):
                return _date(value)
            case Name(name=name):
                if name in BUILTINS:
                    return BUILTINS[name]
                kind = self.kind_of.get(name)
                return self.entity(node, kind) if kind else name.replace("_", " ")
            case Param(name=name):
                return self.entity(node, PARAM_KINDS.get(name, Kind.FACTION))
            case Call():
                return self.call(node)
            case Unary(operand=operand):
                return f"minus {self.grouped(operand)}"
            case Binary(op="+" | "-"):
                return self.sum(node)
            case Binary(op="*", left=left, right=right):
                if isinstance(right, IntLit) and not isinstance(left, IntLit):
                    left, right = right, left
                if isinstance(left, IntLit) and left.value == 2:
                    return f"twice {self.grouped(right)}"
                return f"{self.grouped(left)} times {self.grouped(right)}"
            case Binary(op="/", left=left, right=IntLit(value=n)) if n in FRACTIONS:
                return f"{FRACTIONS[n]} of {self.grouped(left)}"
            case Binary(op="/", left=left, right=right):
                return f"{self.grouped(left)} divided by {self.grouped(right)}"
            case Binary(op="%", left=left, right=right):
                return f"the remainder of {self.grouped(left)} divided by {self.grouped(right)}"
            case Binary():
                return self.clause(node)
        raise TypeError(f"no wording for {node!r}")

    def sum(self, node: Binary) -> str:
        """'a, plus b, minus 15': a chain of additions read left to right."""
        terms: list[tuple[str, Node]] = []
        current: Node = node
        while isinstance(current, Binary) and current.op in ("+", "-"):
            terms.append((current.op, current.right))
            current = current.left
        text = self.grouped(current, sums=True)
        for op, term in reversed(terms):
            text += f", {'plus' if op == '+' else 'minus'} {self.grouped(term)}"
        return text

    def grouped(self, node: Node, sums: bool = False) -> str:
        """A part of a larger sum or product; brackets keep a sum inside a product whole."""
        if not sums and isinstance(node, Binary) and node.op in ("+", "-"):
            return f"({self.sum(node)})"
        return self.value(node)

    def call(self, node: Call) -> str:
        a = node.args
        e = self.entity

        def owner(i: int) -> str:
            return possessive(e(a[i], Kind.FACTION))

        render: dict[str, Callable[[], str]] = {
            "support": lambda: (
                f"{owner(0)} support overall"
                if _all_groups(a) and not self.place(a, 2)
                else f"{owner(0)} support among {e(a[1], Kind.GROUP)}{self.place(a, 2)}"
            ),
            "mobilisation": lambda: f"the mobilisation of {e(a[0], Kind.GROUP)}{self.place(a, 1)}",
            "track": lambda: e(a[0], Kind.TRACK),
            "flag": lambda: self.test(node, True),
            "control": lambda: f"the side holding {e(a[0], Kind.SITE)}",
            "controls": lambda: self.test(node, True),
            "defence": lambda: f"the defence of {e(a[0], Kind.SITE)}",
            "sites_held": lambda: f"the number of places {e(a[0], Kind.FACTION)} hold",
            "resource": lambda: f"{owner(0)} {e(a[1], Kind.RESOURCE)}",
            "strength": lambda: f"{owner(0)} armed strength{self.place(a, 1)}",
            "owner": lambda: f"the side commanding {e(a[0], Kind.UNIT)}",
            "loyalty": lambda: f"the loyalty of {e(a[0], Kind.UNIT)}",
            "unit_region": lambda: f"{possessive(e(a[0], Kind.UNIT))} position",
            "fired": lambda: self.test(node, True),
            "is_player": lambda: self.test(node, True),
            "min": lambda: f"the lesser of {self.value(a[0])} and {self.value(a[1])}",
            "max": lambda: f"the greater of {self.value(a[0])} and {self.value(a[1])}",
            "abs": lambda: f"the size of {self.value(a[0])}",
            "if": lambda: (
                f"{self.value(a[1])} when {self.clause(a[0])}, otherwise {self.value(a[2])}"
            ),
        }
        make = render.get(node.name)
        if make is None:
            raise TypeError(f"no wording for the function {node.name}")
        return make()

    # -- what the bound targets settle -------------------------------------------------

    def settled(self, node: Node) -> bool | None:
        """Whether a condition holds whatever the board, from its bound $parameters alone
        ("$faction == government" for the government's own order), or None if the board
        decides. A preview then shows the branch that will be taken, not the rule."""
        match node:
            case BoolLit(value=value):
                return value
            case Unary(op="not", operand=operand):
                inner = self.settled(operand)
                return None if inner is None else not inner
            case Binary(op="and" | "or" as op, left=left, right=right):
                a, b = self.settled(left), self.settled(right)
                decisive = op == "or"  # the value one side needs to decide the whole
                if a is decisive or b is decisive:
                    return decisive
                return None if a is None or b is None else not decisive
            case Binary(op="==" | "!=" as op, left=left, right=right):
                one, other = self.fixed(left), self.fixed(right)
                if one is None or other is None or one[0] != other[0]:
                    return None
                return (one[1] == other[1]) == (op == "==")
        return None

    def fixed(self, node: Node) -> tuple[Kind, int] | None:
        """A named thing or a bound $parameter, as (kind, index); None for board values."""
        if isinstance(node, Param) and node.name in self.params and node.name in PARAM_KINDS:
            return PARAM_KINDS[node.name], self.params[node.name]
        if isinstance(node, Name):
            if node.name == "none":
                return Kind.FACTION, -1
            kind = self.kind_of.get(node.name)
            if kind in PARAM_KINDS.values():
                assert kind is not None
                return kind, self.rules.ids[kind].index(node.name)
        return None

    # -- what does not hold now ---------------------------------------------------

    def holds(self, node: Node) -> bool | None:
        """Whether a condition holds on the board now; None when it cannot be told."""
        if self.board is None:
            return None
        from game.engine.context import EvalCtx  # context imports nothing of this module's users

        params = {k: PARAM_KINDS[k] for k in self.params if k in PARAM_KINDS}
        try:
            compiled = compile_expr(describe(node), Symbols(self.rules.ids, params), Kind.BOOL)
            return bool(compiled(EvalCtx(self.rules, self.board, dict(self.params))))
        except Exception:  # e.g. a $parameter left unbound: say the whole condition instead
            return None

    def unmet(self, node: Node) -> str:
        """The parts of a condition that do not hold now, in words (all of it if unsure)."""
        if isinstance(node, Binary) and node.op == "and":
            missing = [item for item in _flatten(node, "and") if self.holds(item) is False]
            if missing:
                parts = [self.member(item, "and") for item in _grouped(missing, "and")]
                return join(parts, "and")
        return self.words(node)


def _is_nested(item: Node | list[Node], joiner: str) -> bool:
    if not (isinstance(item, Binary) and item.op in ("and", "or") and item.op != joiner):
        return False
    return len(_grouped(_flatten(item, item.op), item.op)) > 1


def _flatten(node: Node, op: str) -> list[Node]:
    if isinstance(node, Binary) and node.op == op:
        return [*_flatten(node.left, op), *_flatten(node.right, op)]
    return [node]


def _grouped(items: list[Node], joiner: str) -> list[Node | list[Node]]:
    """Runs of `x != a and x != b` (or `x == a or x == b`) gathered into one list each."""
    wanted = "!=" if joiner == "and" else "=="
    out: list[Node | list[Node]] = []
    for item in items:
        if isinstance(item, Binary) and item.op == wanted and isinstance(item.right, Name):
            last = out[-1] if out else None
            if isinstance(last, list) and isinstance(last[0], Binary) and last[0].left == item.left:
                last.append(item)
                continue
            if (
                isinstance(last, Binary)
                and last.op == wanted
                and isinstance(last.right, Name)
                and last.left == item.left
            ):
                out[-1] = [last, item]
                continue
        out.append(item)
    return out


def _all_groups(args: tuple[Node, ...]) -> bool:
    return isinstance(args[1], Name) and args[1].name == "all" if len(args) > 1 else False


def _date(day: dt.date) -> str:
    return f"{day.day} {day.strftime('%B')} {day.year}"


def condition_words(rules: Rules, text: str, params: Mapping[str, int] | None = None) -> str:
    """A checked condition read aloud; 'a rule of the scenario' if it cannot be parsed."""
    try:
        node = parse(text)
    except Exception:  # the loader checked it; never show the player its source
        return "a rule of the scenario"
    return Wording(rules, params or {}).words(node)


def unmet_words(
    rules: Rules, text: str, board: Board, params: Mapping[str, int] | None = None
) -> str:
    """What a condition still needs on this board: only the parts of it that fail now."""
    try:
        node = parse(text)
    except Exception:
        return "a rule of the scenario"
    return Wording(rules, params or {}, board).unmet(node)


def settled_condition(rules: Rules, text: str, params: Mapping[str, int]) -> bool | None:
    """Whether a condition is decided by its bound $parameters alone (see `Wording.settled`)."""
    try:
        node = parse(text)
    except Exception:
        return None
    return Wording(rules, params).settled(node)


def amount_words(rules: Rules, text: str, params: Mapping[str, int] | None = None) -> str:
    """A number's expression read aloud, e.g. 'half of the Bolsheviks' armed strength'."""
    try:
        node = parse(text)
    except Exception:
        return "a number the scenario sets"
    return Wording(rules, params or {}).value(node)
