"""What the map tells the player between turns, as cards: the report of the turn just
played, a warning before ending a turn into an ending against them, and the roads to
every ending. The words are the play layer's; this module only sets them out.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence

from game.forecast import Clause, Road, Threat
from game.report import TurnReport
from game.ui import theme
from game.ui.scene import POP, Transition
from game.ui.scenes.card import CardButton, TextCard

REPORT_TITLE = "What the turn brought"
DANGER_TITLE = "The game could end this turn"
HOLDS = "<b>&#8226;</b>"
NOT_YET = "&#9675;"


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _section(heading: str, lines: Sequence[str]) -> str:
    if not lines:
        return ""
    items = "<br>".join(f"&#8226; {_e(line)}" for line in lines)
    return f"<b>{_e(heading)}</b><br>{items}"


def report_html(report: TurnReport) -> str:
    """The turn's report: the player's orders first, then the others, the events and the
    biggest changes."""
    faded = theme.html(theme.INK_FADED)
    parts = [f"<font color='{faded}'><i>{_e(note)}</i></font>" for note in report.notes]
    if report.ending:
        parts.append(f"<b>{_e(report.ending)}</b>")
    orders = [o.line() for o in report.orders] or ["You gave no orders."]
    parts.append(_section("Your orders", orders))
    parts.append(_section("The other sides", report.others))
    parts.append(_section("Events", report.events))
    parts.append(_section("The biggest changes", report.biggest))
    return "<br><br>".join(p for p in parts if p)


def report_card(report: TurnReport, then: Callable[[], Transition | None]) -> TextCard:
    """The report of a turn; Continue (Enter, Esc) goes on to what `then` opens."""
    return TextCard(
        REPORT_TITLE,
        report.heading,
        report_html(report),
        [CardButton("Continue", then, "Enter")],
    )


def danger_html(dangers: Sequence[Threat]) -> str:
    red = theme.html(theme.ACCENT)
    lines = "<br><br>".join(f"<font color='{red}'><b>!</b></font> {_e(d.line())}" for d in dangers)
    return (
        "If you end the turn now, the game may end against you. "
        "You can still change your orders first.<br><br>" + lines
    )


def danger_card(dangers: Sequence[Threat], go: Callable[[], Transition | None]) -> TextCard:
    """The warning before a turn that could end the game against the player: going back to
    the map is the default, ending the turn anyway the other button."""
    return TextCard(
        DANGER_TITLE,
        "Before you end the turn",
        danger_html(dangers),
        [
            CardButton("Back to the map", lambda: POP, "Esc"),
            CardButton("End the turn anyway", go, "Enter when chosen"),
        ],
        selected=0,
    )


def _clause_html(clause: Clause, depth: int = 0) -> list[str]:
    """A condition as the terminal words it (`Clause.lines`), marked by whether it holds."""
    # Marks the game's face has (it has no check mark): a filled dot holds, a ring not yet.
    mark = HOLDS if clause.holds else NOT_YET
    indent = "&#160;" * (4 * depth)
    if clause.op:
        lines = [f"{indent}{mark} {_e(clause.status)}:"]
        for part in clause.parts:
            lines.extend(_clause_html(part, depth + 1))
        return lines
    now = f"{clause.now}, " if clause.now else ""
    return [f"{indent}{mark} {_e(clause.text)}: <i>{_e(now + clause.status)}</i>"]


def roads_html(roads: Sequence[Road]) -> str:
    """Every ending: its title and who wins it, then its conditions and where each stands."""
    accent = theme.html(theme.ACCENT)
    parts = []
    for road in roads:
        who = " and ".join(road.winners) or "no one"
        yours = f" <font color='{accent}'>(a win for you)</font>" if road.yours else ""
        head = f"<b>{_e(road.title)}</b> &#8212; won by {_e(who)}{yours}"
        if road.fallback:
            body = [_e(road.when or "When the calendar runs out with no other ending.")]
        elif road.condition is not None:
            body = _clause_html(road.condition)
        else:
            body = []
        parts.append("<br>".join([head, *body]))
    return "<br><br>".join(parts)


def roads_card(roads: Sequence[Road]) -> TextCard:
    return TextCard(
        "The roads to the endings",
        "How the game can end, and where each condition stands now",
        roads_html(roads)
        + f"<br><br>{HOLDS} holds now; {NOT_YET} does not hold yet.",
        [CardButton("Close", lambda: POP, "Esc")],
        width=940,
    )
