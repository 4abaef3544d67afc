"""The numbers behind a district, a site, a unit or a track, for the map's tooltips.

Pure functions of the state (and the state a turn before, to say what moved): no drawing.
"""

from __future__ import annotations

from dataclasses import dataclass

from game.describe import cause_text, changes_to, owner_name
from game.engine.rules import Rules
from game.engine.state import State


def track_reasons(rules: Rules, state: State, track: int) -> list[str]:
    """Each recorded reason a track moved last turn, with its share."""
    spec = rules.model.tracks[track]
    return [
        f"{c.delta:+d} {cause_text(rules, c.cause)}" for c in changes_to(state, f"track:{spec.id}")
    ]


# -- the numbers behind a district or a site, for the map's tooltips ----------------------


@dataclass(frozen=True)
class Cell:
    """One number of a breakdown and how far it moved since the turn before (None: no turn yet)."""

    text: str
    change: int | None = None

    @property
    def words(self) -> str:
        return f"{self.text} ({self.change:+d})" if self.change else self.text


@dataclass(frozen=True)
class Breakdown:
    """A small table for a tooltip: a label per row and one cell per column."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Cell, ...]], ...]

    def lines(self) -> list[str]:
        """The table in words, a row a line (what tests and a screen reader get)."""
        return [
            f"{label}: "
            + ", ".join(f"{c} {cell.words}" for c, cell in zip(self.columns, cells, strict=True))
            for label, cells in self.rows
        ]


def _moved(now: int, before: int | None) -> int | None:
    return None if before is None else now - before


def short_name(rules: Rules, faction: int) -> str:
    spec = rules.model.factions[faction]
    return spec.short_name or spec.name


def district_breakdown(rules: Rules, state: State, before: State | None, region: int) -> Breakdown:
    """Each side's share of every group living in a district (in per cent, with the unaligned
    and how many are mobilised), and the change since the turn before."""
    columns = [short_name(rules, f) for f in range(rules.n_factions)] + ["none", "mobilised"]
    rows = []
    for g, group in enumerate(rules.model.groups):
        if not int(rules.population[g, region]):
            continue
        cells = []
        for f in range(rules.n_factions + 1):  # the last row of support is the unaligned
            now = round(int(state.support[f, g, region]) / 100)
            then = None if before is None else round(int(before.support[f, g, region]) / 100)
            cells.append(Cell(str(now), _moved(now, then)))
        mob = int(state.mobilisation[g, region])
        then = None if before is None else int(before.mobilisation[g, region])
        cells.append(Cell(str(mob), _moved(mob, then)))
        rows.append((f"{group.name} ({int(rules.population[g, region])}k)", tuple(cells)))
    return Breakdown(tuple(columns), tuple(rows))


def site_at(
    markers: list[tuple[int, tuple[float, float]]], pos: tuple[int, int], reach: float
) -> int | None:
    """The site whose marker (at a screen point) is nearest `pos`, within `reach` pixels."""
    best, best_d = None, reach * reach
    for index, (x, y) in markers:
        d = (x - pos[0]) ** 2 + (y - pos[1]) ** 2
        if d <= best_d:
            best, best_d = index, d
    return best


def site_lines(rules: Rules, state: State, before: State | None, site: int) -> list[str]:
    """A site: what it is and where, who holds it, its defence, and what changed them last turn."""
    spec = rules.model.sites[site]
    region = rules.model.regions[int(rules.site_region[site])].name
    holder = int(state.site_controller[site])
    defence = int(state.site_defence[site])
    lines = [f"{spec.name} ({spec.kind}, {region})"]
    held = f"Held by {owner_name(rules, holder)}"
    if before is not None and int(before.site_controller[site]) != holder:
        held += f" (until last turn: {owner_name(rules, int(before.site_controller[site]))})"
    moved = _moved(defence, None if before is None else int(before.site_defence[site]))
    lines.append(f"{held}; defence {defence}" + (f" ({moved:+d})" if moved else ""))
    for change in changes_to(state, f"control:{spec.id}:"):
        lines.append(f"Taken: {cause_text(rules, change.cause)}")
    for change in changes_to(state, f"defence:{spec.id}"):
        lines.append(f"Defence {change.delta:+d}: {cause_text(rules, change.cause)}")
    return lines


def units_in(rules: Rules, state: State, before: State | None, region: int) -> Breakdown:
    """The armed units standing in a region: their side, men and loyalty, with last turn's change."""
    rows = []
    for u, unit in enumerate(rules.model.units):
        if int(state.unit_region[u]) != region:
            continue
        owner = int(state.unit_owner[u])
        side = "no one" if owner < 0 else short_name(rules, owner)
        men, loyalty = int(state.unit_strength[u]), int(state.unit_loyalty[u])
        was = (
            (None, None)
            if before is None
            else (int(before.unit_strength[u]), int(before.unit_loyalty[u]))
        )
        changed_side = before is not None and int(before.unit_owner[u]) != owner
        rows.append(
            (
                unit.name,
                (
                    Cell(side + (" (new)" if changed_side else "")),
                    Cell(str(men), _moved(men, was[0])),
                    Cell(str(loyalty), _moved(loyalty, was[1])),
                ),
            )
        )
    return Breakdown(("side", "men", "loyalty"), tuple(rows))


def unit_reasons(rules: Rules, state: State, before: State | None, region: int) -> list[str]:
    """The recorded reasons the units in a region changed side, size or loyalty last turn, and
    the part of a loyalty change no action explains: the turn's drift toward the soldiers' mood."""
    lines = []
    for u, unit in enumerate(rules.model.units):
        if int(state.unit_region[u]) != region:
            continue
        explained = 0
        for what in ("owner", "strength", "loyalty"):
            for change in state.ledger:
                if change.quantity != f"{what}:{unit.id}":
                    continue
                if what == "loyalty":
                    explained += change.delta
                amount = "changed side" if what == "owner" else f"{what} {change.delta:+d}"
                lines.append(f"{unit.name}: {amount}, {cause_text(rules, change.cause)}")
        if before is not None and int(before.unit_region[u]) == region:
            drift = int(state.unit_loyalty[u]) - int(before.unit_loyalty[u]) - explained
            if drift:
                lines.append(f"{unit.name}: loyalty {drift:+d}, the turn's drift")
    return lines


def _group_words(rules: Rules, gid: str, region: int) -> str | None:
    """A ledger's group id in words, or None for a group that does not live in the region."""
    if gid == "all":
        return "every group"
    g = rules.group_index.get(gid)
    if g is None or not int(rules.population[g, region]):
        return None
    return rules.model.groups[g].name.lower()


def _cells(rules: Rules, gid: str, rid: str) -> int:
    """How many (group, district) cells a support change of the ledger was spread over."""
    groups, regions = rules.population.shape
    return (groups if gid == "all" else 1) * (regions if rid == "all" else 1)


def _signed(points: float) -> str:
    """'+1', '-0.5': points as the table shows them, a decimal only where it is not whole."""
    text = f"{points:+.1f}"
    return text[:-2] if text.endswith(".0") else text


def _once_each(moves: list[tuple[str, str]]) -> list[str]:
    """'Moderates +1 workers, +1 peasants': a side named once for each run of its moves."""
    out, last = [], ""
    for who, move in moves:
        out.append(move if who == last else f"{who} {move}".strip())
        last = who
    return out


def district_causes(rules: Rules, state: State, faction: int, region: int) -> list[str]:
    """Why the numbers of a district moved last turn, a line per cause: first how the turn's
    pressures moved each side's support (`faction`'s first), then each action or event with whom it moved
    among which groups (support in points of a group as the table shows them, the same the
    report gives; mobilisation in points of 100)."""
    rid = rules.model.regions[region].id
    lines = []
    if state.drift is not None:
        # The player's own first; the others' too, or an action's gain that drift took back
        # would not add up to the change the table shows.
        for f in sorted(range(rules.n_factions), key=lambda f: f != faction):
            drifts = []
            for g, group in enumerate(rules.model.groups):
                points = round(int(state.drift[f, g, region]) / 100)
                if int(rules.population[g, region]) and points:
                    drifts.append(f"{group.name.lower()} {points:+d}")
            if drifts:
                whose = "your support" if f == faction else short_name(rules, f)
                lines.append(f"The turn's pressures moved {whose}: {', '.join(drifts)}")
    by_cause: dict[str, list[tuple[str, str]]] = {}
    for change in state.ledger:
        kind, _, rest = change.quantity.partition(":")
        parts = rest.split(":")
        if kind == "support" and len(parts) == 3 and parts[2] in (rid, "all"):
            fid, gid = parts[0], parts[1]
            named = _group_words(rules, gid, region)
            if fid not in rules.faction_index or named is None:
                continue
            who = short_name(rules, rules.faction_index[fid])
            # The ledger holds what a change moved in all its cells together: the table
            # shows one cell (a group here), so the move is shared out as the report does.
            share = change.delta / _cells(rules, gid, parts[2]) / 100
            if abs(share) >= 0.05:
                by_cause.setdefault(change.cause, []).append((who, f"{_signed(share)} {named}"))
        elif kind == "mobilisation" and len(parts) == 2 and parts[1] in (rid, "all"):
            named = _group_words(rules, parts[0], region)
            if named is not None and change.delta:
                by_cause.setdefault(change.cause, []).append(
                    ("", f"mobilised {change.delta:+d} {named}")
                )
    for cause, moves in by_cause.items():
        lines.append(f"{cause_text(rules, cause)}: {', '.join(_once_each(moves))}")
    return lines
