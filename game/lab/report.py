"""The balance report: one tally (or several, from `--matrix`) as Markdown or HTML.

The report is built once as a list of blocks (headings, paragraphs, tables, lists,
histograms, line charts) and then written out: in Markdown a histogram is a table
with a bar of blocks and a line chart is left out (its table is beside it); in HTML
both are drawn as inline SVG, so the file stands alone, with nothing to fetch.

Sections (docs/balance.md says how to read each): outcomes, win rates, game length,
when the key flags were first set (the rising), resources over time, tracks over
time, blocked orders and coverage, with the ids that never happened first.
"""

from __future__ import annotations

import html
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from game.describe import MONTHS
from game.engine.rules import Rules
from game.lab.runner import Plan
from game.lab.summary import AT_START
from game.lab.tally import Tally

# Flags whose first turn gets a histogram of its own when the scenario has them: the
# moment a side takes to the street is what the balance of this game turns on.
FOCUS_FLAGS = ("rising_begun", "government_deposed", "rising_crushed")
TOP_BLOCKED = 15
CHOICE_TEXT = 70  # a choice's words are cut to this in the tables


# -- blocks -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Para:
    text: str


@dataclass(frozen=True)
class Items:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    # Columns of numbers are right-aligned; the first column never is.
    numeric: tuple[bool, ...] = ()


@dataclass(frozen=True)
class Histogram:
    """Counts per bucket (e.g. games per turn), drawn as bars."""

    label: str  # the buckets' column heading
    buckets: tuple[str, ...]
    counts: tuple[int, ...]
    total: int  # what the shares are out of


@dataclass(frozen=True)
class Chart:
    """Lines over the turns: HTML only (a table beside it says the same numbers)."""

    title: str
    x: tuple[str, ...]
    series: tuple[tuple[str, str, tuple[float | None, ...]], ...]  # (name, colour, values)
    low: float | None = None  # the y axis's bounds, if the quantity has them
    high: float | None = None


Block = Heading | Para | Items | Table | Histogram | Chart


@dataclass
class Report:
    title: str
    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)


# -- words for turns and shares ---------------------------------------------------------------


def pct(n: int, total: int) -> str:
    return f"{100 * n / total:.1f}%" if total else "-"


def short_date(rules: Rules, turn: int) -> str:
    day = rules.date_of(turn)
    return f"{day.day} {MONTHS[day.month - 1][:3]}"


def turn_text(rules: Rules, turn: int, *, labelled: bool = True) -> str:
    """'18 (24 Oct, 24 October, day)': a turn counted from 1, with its date and label."""
    if turn == AT_START:
        return "start"
    spec = rules.model.calendar.turns[min(turn, rules.last_turn)]
    label = f", {spec.label}" if spec.label and labelled else ""
    return f"{turn + 1} ({short_date(rules, turn)}{label})"


def _name(rules: Rules, faction: str) -> str:
    return rules.model.factions[rules.faction_index[faction]].name


def _cut(text: str, width: int = CHOICE_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


# -- the sections ---------------------------------------------------------------------


def describe_plan(rules: Rules, plan: Plan, runs: int) -> str:
    seeds = f"seeds {plan.first_seed} to {plan.first_seed + runs - 1}"
    seat = (
        f"the AI in the {_name(rules, plan.seat)} seat"
        if plan.seat is not None
        else "no player seat (all AI)"
    )
    level = f", difficulty {plan.difficulty}" if plan.difficulty else ""
    profiles = (
        ", profiles " + ", ".join(f"{f}={p}" for f, p in sorted(plan.profiles.items()))
        if plan.profiles
        else ", every faction its own profile"
    )
    return f"{runs} games ({seeds}), {seat}{level}{profiles}."


def outcomes(tally: Tally, level: int) -> list[Block]:
    rules, runs = tally.rules, tally.runs
    rows = []
    for ending in rules.model.endings:
        n = tally.endings[ending.id]
        winners = ", ".join(_name(rules, f) for f in ending.winners) or "no one"
        rows.append((f"{ending.title} (`{ending.id}`)", winners, str(n), pct(n, runs)))
    return [
        Heading(level, "Outcomes"),
        Table(("Ending", "Winners", "Games", "Share"), tuple(rows), (False, False, True, True)),
    ]


def win_rates(tally: Tally, level: int) -> list[Block]:
    rules, runs = tally.rules, tally.runs
    rows = tuple(
        (f.name, str(tally.wins[f.id]), pct(tally.wins[f.id], runs)) for f in rules.model.factions
    )
    out: list[Block] = [
        Heading(level, "Win rates by faction"),
        Para(
            "A faction wins a game when the game's ending counts it a winner; an ending "
            "may have several winners, or none, so the shares need not add up to 100%."
        ),
        Table(("Faction", "Wins", "Share"), rows, (False, True, True)),
    ]
    if tally.plan.seat is not None and tally.seat_rate is not None:
        at = f" at {tally.plan.difficulty}" if tally.plan.difficulty else ""
        out.append(
            Para(
                f"The seat: the {_name(rules, tally.plan.seat)}{at} won "
                f"{100 * tally.seat_rate:.1f}% of the games."
            )
        )
    return out


def game_length(tally: Tally, level: int) -> list[Block]:
    rules, lengths = tally.rules, tally.lengths
    counts = [lengths.count(n) for n in range(min(lengths), max(lengths) + 1)]
    return [
        Heading(level, "Game length"),
        Para(
            f"Turns played: mean {statistics.fmean(lengths):.2f}, median "
            f"{statistics.median(lengths):g}, shortest {min(lengths)}, longest {max(lengths)} "
            f"(the calendar has {rules.last_turn + 1}). A game of n turns ended on turn n."
        ),
        Histogram(
            "Ended on turn",
            tuple(turn_text(rules, n - 1) for n in range(min(lengths), max(lengths) + 1)),
            tuple(counts),
            tally.runs,
        ),
    ]


def flags(tally: Tally, level: int) -> list[Block]:
    rules, runs = tally.rules, tally.runs
    out: list[Block] = [
        Heading(level, "When the flags were first set"),
        Para(
            "The turn whose play first set each flag (its orders and choices, or the "
            "events that opened the next turn), counted from 1 with its date; 'start' "
            "when the flag held from the beginning."
        ),
    ]
    for flag in FOCUS_FLAGS:
        if flag not in tally.flag_ids:
            continue
        turns = tally.flag_turns(flag)
        heading = f"`{flag}`: set in {len(turns)} of {runs} games ({pct(len(turns), runs)})"
        out.append(Heading(level + 1, heading))
        if turns:
            first, last = min(turns), max(turns)
            span = range(first, last + 1)
            out.append(
                Histogram(
                    "Turn",
                    tuple(turn_text(rules, t) for t in span),
                    tuple(turns.count(t) for t in span),
                    runs,
                )
            )
    rows = []
    for flag in tally.flag_ids:
        turns = sorted(tally.flag_turns(flag))
        if not turns:
            rows.append((f"`{flag}`", "0", "-", "-", "-"))
            continue
        middle = turns[(len(turns) - 1) // 2]  # a turn that happened: the lower median
        rows.append(
            (
                f"`{flag}`",
                str(len(turns)),
                turn_text(rules, turns[0], labelled=False),
                turn_text(rules, middle, labelled=False),
                turn_text(rules, turns[-1], labelled=False),
            )
        )
    out.append(Heading(level + 1, "Every flag"))
    out.append(Table(("Flag", "Games", "Earliest", "Median", "Latest"), tuple(rows), (False, True)))
    return out


def resources(tally: Tally, level: int) -> list[Block]:
    rules = tally.rules
    m = rules.model
    initials = "/".join(r.name[:1] for r in m.resources)
    headers = ("Turn", "Games", *(f"{f.name} ({initials})" for f in m.factions))
    rows = []
    for t, stock in enumerate(tally.median_resources):
        cells = ["/".join(str(int(v)) for v in stock[f]) for f in range(rules.n_factions)]
        rows.append((turn_text(rules, t), str(tally.running(t)), *cells))
    budget = tally.resource_budget()
    whole = []
    for f, faction in enumerate(m.factions):
        for r, resource in enumerate(m.resources):
            whole.append(
                (
                    faction.name,
                    resource.name,
                    *(str(int(budget[k][f, r])) for k in ("start", "gained", "spent", "end")),
                )
            )
    out: list[Block] = [
        Heading(level, "Resources"),
        Heading(level + 1, "Stocks over time"),
        Para(
            f"The median stock of each faction ({', '.join(r.name for r in m.resources)}) as "
            "each turn opened, after its income, over the games still going then."
        ),
        Table(headers, tuple(rows), (False, *([True] * (len(headers) - 1)))),
    ]
    for r, resource in enumerate(m.resources):
        out.append(
            Chart(
                f"{resource.name}: median stock",
                tuple(str(t + 1) for t in range(len(rows))),
                tuple(
                    (f.name, f.color, tuple(float(s[i, r]) for s in tally.median_resources))
                    for i, f in enumerate(m.factions)
                ),
                low=0,
            )
        )
    out += [
        Heading(level + 1, "Over the whole game"),
        Para(
            "Medians over the games: the stock at the start, what came in (income and "
            "every other change: end - start + spent), what was spent on orders carried "
            "out (a blocked order costs nothing), and the stock at the end. A stock that "
            "piles up was income the faction could not use."
        ),
        Table(
            ("Faction", "Resource", "Start", "Came in", "Spent", "End"),
            tuple(whole),
            (False, False, True, True, True, True),
        ),
    ]
    return out


_TRACK_COLOURS = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#F0E442",
    "#000000",
)


def tracks(tally: Tally, level: int) -> list[Block]:
    rules = tally.rules
    m = rules.model
    rows = tuple(
        (turn_text(rules, t), str(tally.running(t)), *(str(int(v)) for v in values))
        for t, values in enumerate(tally.median_tracks)
    )
    opened = tally.turns_opened
    pinned_rows = []
    for k, (low, high) in enumerate(rules.track_range):
        at_low, at_high = tally.pinned[m.tracks[k].id]
        pinned_rows.append(
            (
                m.tracks[k].name,
                f"{low} to {high}",
                f"{at_low.turns} ({pct(at_low.turns, opened)})",
                str(at_low.games),
                f"{at_high.turns} ({pct(at_high.turns, opened)})",
                str(at_high.games),
            )
        )
    lows = [lo for lo, _ in rules.track_range]
    highs = [hi for _, hi in rules.track_range]
    return [
        Heading(level, "Tracks"),
        Heading(level + 1, "Tracks over time"),
        Para("The median of each track as each turn opened, over the games still going then."),
        Table(
            ("Turn", "Games", *(t.name for t in m.tracks)),
            rows,
            (False, *([True] * (len(m.tracks) + 1))),
        ),
        Chart(
            "Tracks: median",
            tuple(str(t + 1) for t in range(len(rows))),
            tuple(
                (
                    t.name,
                    _TRACK_COLOURS[k % len(_TRACK_COLOURS)],
                    tuple(float(v[k]) for v in tally.median_tracks),
                )
                for k, t in enumerate(m.tracks)
            ),
            low=min(lows),
            high=max(highs),
        ),
        Heading(level + 1, "Pinned at a bound"),
        Para(
            f"Turns opened with the track at its minimum or maximum, of {opened} turns "
            "opened in all games, and in how many games it got there at least once. A track "
            "that sits at a bound no longer answers to what pushes it that way."
        ),
        Table(
            ("Track", "Range", "Turns at min", "Games at min", "Turns at max", "Games at max"),
            tuple(pinned_rows),
            (False, False, True, True, True, True),
        ),
    ]


def blocked(tally: Tally, level: int) -> list[Block]:
    rules = tally.rules
    names = {a.id: a.name for a in rules.model.actions}
    total = sum(tally.blocked.values())
    given = sum(tally.ordered.values())
    rows = []
    for faction, action, n, why in tally.top_blocked(TOP_BLOCKED):
        ordered = tally.ordered_by(faction, action)
        reasons = ", ".join(f"{check} {k}" for check, k in why.most_common())
        rows.append(
            (
                _name(rules, faction),
                f"{names[action]} (`{action}`)",
                str(n),
                f"{ordered} ({pct(n, ordered)})",
                reasons,
            )
        )
    out: list[Block] = [
        Heading(level, "Blocked orders"),
        Para(
            f"{total} of {given} orders ({pct(total, given)}) were legal when given but blocked "
            "when their turn came, because something earlier in the turn changed the board: "
            "each one an order slot wasted. The check that failed: 'condition' (the action's "
            "requirement), 'target' (its target no longer fit) or 'cost' (it could no longer "
            "be paid)."
        ),
    ]
    if rows:
        out.append(
            Table(
                ("Faction", "Action", "Blocked", "Of orders given", "Failed check"),
                tuple(rows),
                (False, False, True, True, False),
            )
        )
    return out


def never_happened(tally: Tally, level: int) -> list[Block]:
    never = tally.never()
    sizes = {kind: len(found) for kind, found in tally.coverage.items()}
    items = tuple(
        f"{kind.capitalize()} ({len(ids)} of {sizes[kind]}): "
        + (", ".join(f"`{i}`" for i in ids) if ids else "none")
        for kind, ids in never.items()
    )
    return [
        Heading(level, "Never happened"),
        Para(
            f"Ids of the scenario that came up in none of the {tally.runs} games: events "
            "never fired, choices never taken, actions never ordered, endings never reached."
        ),
        Items(items),
    ]


def coverage(tally: Tally, level: int) -> list[Block]:
    rules, runs = tally.rules, tally.runs
    m = rules.model
    cover = tally.coverage
    titles = {e.id: e.title for e in m.events}
    texts = {f"{e.id}.{c.id}": c.text for e in m.events for c in e.choices}
    names = {a.id: a.name for a in m.actions}
    orders = tally.orders()
    return [
        Heading(level, "Coverage"),
        Para(
            "Each id with the number of games in which it happened at least once, by any "
            "faction. Actions count when ordered, blocked or not; the orders and blocked "
            "columns count every order."
        ),
        Heading(level + 1, "Events"),
        Table(
            ("Event", "Title", "Games", "Share"),
            tuple((f"`{e}`", titles[e], str(n), pct(n, runs)) for e, n in cover["events"].items()),
            (False, False, True, True),
        ),
        Heading(level + 1, "Choices"),
        Table(
            ("Choice", "Words", "Games", "Share"),
            tuple(
                (f"`{c}`", _cut(texts[c]), str(n), pct(n, runs))
                for c, n in cover["choices"].items()
            ),
            (False, False, True, True),
        ),
        Heading(level + 1, "Actions"),
        Table(
            ("Action", "Name", "Games", "Share", "Orders", "Blocked"),
            tuple(
                (
                    f"`{a}`",
                    names[a],
                    str(n),
                    pct(n, runs),
                    str(orders[a]["ordered"]),
                    str(orders[a]["blocked"]),
                )
                for a, n in cover["actions"].items()
            ),
            (False, False, True, True, True, True),
        ),
        Para("Endings: see Outcomes."),
    ]


def one_plan(tally: Tally, level: int, *, with_coverage: bool = True) -> list[Block]:
    blocks: list[Block] = [Para(describe_plan(tally.rules, tally.plan, tally.runs))]
    blocks += outcomes(tally, level)
    blocks += win_rates(tally, level)
    blocks += game_length(tally, level)
    blocks += flags(tally, level)
    blocks += resources(tally, level)
    blocks += tracks(tally, level)
    blocks += blocked(tally, level)
    blocks += never_happened(tally, level)
    if with_coverage:
        blocks += coverage(tally, level)
    return blocks


def overview(tallies: Sequence[Tally], level: int) -> list[Block]:
    """For several plans: each in a line, then the seats' win rates by difficulty."""
    rules = tallies[0].rules
    titles = {e.id: e.title for e in rules.model.endings}
    rows = []
    for t in tallies:
        top, n = t.endings.most_common(1)[0]
        rows.append(
            (
                t.plan.label or describe_plan(rules, t.plan, t.runs),
                str(t.runs),
                "-" if t.seat_rate is None else f"{100 * t.seat_rate:.1f}%",
                f"{titles.get(top, top)} ({pct(n, t.runs)})",
                f"{statistics.fmean(t.lengths):.1f}",
                str(sum(len(ids) for ids in t.never().values())),
            )
        )
    out: list[Block] = [
        Heading(level, "Configurations"),
        Table(
            ("Configuration", "Games", "Seat won", "Most frequent ending", "Mean turns", "Never"),
            tuple(rows),
            (False, True, True, False, True, True),
        ),
    ]
    seated = [t for t in tallies if t.plan.seat is not None and t.plan.difficulty is not None]
    if seated:
        levels = [d.id for d in rules.model.difficulties]
        seats = list(dict.fromkeys(t.plan.seat for t in seated if t.plan.seat is not None))
        rate = {(t.plan.seat, t.plan.difficulty): t.seat_rate for t in seated}
        grid = []
        for seat in seats:
            cells = []
            for d in levels:
                r = rate.get((seat, d))
                cells.append("-" if r is None else f"{100 * r:.1f}%")
            grid.append((_name(rules, seat), *cells))
        names = {d.id: d.name for d in rules.model.difficulties}
        out += [
            Heading(level, "The seat's win rate by difficulty"),
            Table(
                ("Seat", *(names[d] for d in levels)),
                tuple(grid),
                (False, *([True] * len(levels))),
            ),
        ]
    return out


def build(tallies: Sequence[Tally]) -> Report:
    rules = tallies[0].rules
    report = Report(f"Balance report: {rules.model.scenario.title}")
    if len(tallies) == 1:
        report.add(*one_plan(tallies[0], 2))
        return report
    report.add(*overview(tallies, 2))
    for tally in tallies:
        report.add(Heading(2, tally.plan.label or "Configuration"))
        report.add(*one_plan(tally, 3, with_coverage=False))
    everything = Tally(
        rules,
        Plan(tallies[0].plan.first_seed, sum(t.runs for t in tallies), label="all"),
        [g for t in tallies for g in t.games],
    )
    report.add(Heading(2, "Coverage over every configuration"))
    report.add(*never_happened(everything, 3))
    report.add(*coverage(everything, 3))
    return report


# -- Markdown -----------------------------------------------------------------------------

BAR_WIDTH = 30


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool]
) -> str:
    rule = [
        "---:" if i < len(numeric) and numeric[i] and i > 0 else "---" for i in range(len(headers))
    ]
    lines = ["| " + " | ".join(_md_cell(h) for h in headers) + " |", "| " + " | ".join(rule) + " |"]
    lines += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _md_bar(n: int, most: int) -> str:
    # A sliver for a count too small for a whole block: rare is not the same as never.
    return "█" * round(BAR_WIDTH * n / most) or ("▏" if n else "")


def to_markdown(report: Report) -> str:
    parts = [f"# {report.title}"]
    for block in report.blocks:
        if isinstance(block, Heading):
            parts.append(f"{'#' * block.level} {block.text}")
        elif isinstance(block, Para):
            parts.append(block.text)
        elif isinstance(block, Items):
            parts.append("\n".join(f"- {item}" for item in block.items))
        elif isinstance(block, Table):
            parts.append(_md_table(block.headers, block.rows, block.numeric))
        elif isinstance(block, Histogram):
            most = max(block.counts, default=0) or 1
            rows = [
                (b, str(n), pct(n, block.total), _md_bar(n, most))
                for b, n in zip(block.buckets, block.counts, strict=True)
            ]
            parts.append(_md_table((block.label, "Games", "Share", ""), rows, (False, True, True)))
        # A Chart has no Markdown form: the table before it holds its numbers.
    return "\n\n".join(parts) + "\n"


# -- HTML -----------------------------------------------------------------------------

_STYLE = """
body { font-family: system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem;
       color: #222; line-height: 1.4; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; font-size: 0.9rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.2rem 0.6rem; text-align: left;
         vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
.bar { background: #0072B2; height: 0.8rem; display: inline-block; }
code { background: #f3f3f3; padding: 0 0.2rem; }
svg { display: block; margin: 0.5rem 0 1rem; }
svg text { font-size: 11px; fill: #333; }
"""


def _inline(text: str) -> str:
    """Markdown's `code` spans as HTML; everything else escaped."""
    pieces = html.escape(text).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(pieces))


def _html_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[bool]
) -> str:
    def cls(i: int) -> str:
        return ' class="n"' if i > 0 and i < len(numeric) and numeric[i] else ""

    head = "".join(f"<th{cls(i)}>{_inline(h)}</th>" for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(f"<td{cls(i)}>{_inline(c)}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _svg_chart(chart: Chart, width: int = 720, height: int = 260) -> str:
    left, right, top, bottom = 40, 150, 20, 30
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for _, _, series in chart.series for v in series if v is not None]
    if not values or not chart.x:
        return ""
    low = chart.low if chart.low is not None else min(values)
    high = max(chart.high if chart.high is not None else max(values), max(values))
    high = high if high > low else low + 1
    n = len(chart.x)

    def x(i: int) -> float:
        return left + (plot_w * i / (n - 1) if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h * (1 - (v - low) / (high - low))

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="{html.escape(chart.title)}">',
        f'<text x="{left}" y="12">{html.escape(chart.title)}</text>',
        f'<rect x="{left}" y="{top}" width="{plot_w}" height="{plot_h}" fill="none" '
        'stroke="#bbb"/>',
        f'<text x="{left - 4}" y="{top + 4}" text-anchor="end">{high:g}</text>',
        f'<text x="{left - 4}" y="{top + plot_h}" text-anchor="end">{low:g}</text>',
    ]
    step = max(1, n // 12)
    for i in range(0, n, step):
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - 10}" text-anchor="middle">'
            f"{html.escape(chart.x[i])}</text>"
        )
    for k, (name, colour, series) in enumerate(chart.series):
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(series) if v is not None)
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>'
        )
        ly = top + 14 * k + 8
        parts.append(
            f'<line x1="{left + plot_w + 10}" y1="{ly}" x2="{left + plot_w + 24}" y2="{ly}" '
            f'stroke="{colour}" stroke-width="3"/>'
            f'<text x="{left + plot_w + 28}" y="{ly + 4}">{html.escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def to_html(report: Report) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(report.title)}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{html.escape(report.title)}</h1>",
    ]
    for block in report.blocks:
        if isinstance(block, Heading):
            level = min(block.level, 6)
            parts.append(f"<h{level}>{_inline(block.text)}</h{level}>")
        elif isinstance(block, Para):
            parts.append(f"<p>{_inline(block.text)}</p>")
        elif isinstance(block, Items):
            parts.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in block.items) + "</ul>")
        elif isinstance(block, Table):
            parts.append(_html_table(block.headers, block.rows, block.numeric))
        elif isinstance(block, Histogram):
            most = max(block.counts, default=0) or 1
            rows = []
            for bucket, n in zip(block.buckets, block.counts, strict=True):
                bar = f'<span class="bar" style="width:{round(240 * n / most)}px"></span>'
                rows.append(
                    f"<tr><td>{_inline(bucket)}</td><td class='n'>{n}</td>"
                    f"<td class='n'>{pct(n, block.total)}</td><td>{bar}</td></tr>"
                )
            parts.append(
                f"<table><thead><tr><th>{_inline(block.label)}</th><th class='n'>Games</th>"
                f"<th class='n'>Share</th><th></th></tr></thead><tbody>{''.join(rows)}"
                "</tbody></table>"
            )
        else:
            parts.append(_svg_chart(block))
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def write_report(path: Path, tallies: Sequence[Tally]) -> None:
    report = build(tallies)
    is_html = path.suffix.lower() in (".html", ".htm")
    text = to_html(report) if is_html else to_markdown(report)
    path.write_text(text, encoding="utf-8")
