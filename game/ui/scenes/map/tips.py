"""What the mouse is over on the map, explained: the words of every tooltip.

A track's moves, a target's effects, a site, a unit's flag, a district's numbers, an
order or an action row. The numbers and their causes come from `game.ui.breakdown`;
this only chooses what to say for what is hovered. Drawing is `tipbox`'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from game.describe import capital, owner_name
from game.engine.turns import income_on
from game.play.orders import ActionRow
from game.ui.breakdown import (
    Breakdown,
    district_breakdown,
    district_causes,
    site_lines,
    track_reasons,
    unit_reasons,
    units_in,
)

if TYPE_CHECKING:
    from game.ui.scenes.map.scene import MapScene

MOVED = "Its number is red on the panel: it has just changed, for the reasons above."


@dataclass(frozen=True)
class Tip:
    """A tooltip: its lines (the first is the heading), then a table and the lines after it."""

    lines: list[str]
    table: Breakdown | None = None
    caption: str = ""  # above the table
    after: list[str] = field(default_factory=list)

    def texts(self) -> list[str]:
        table = [self.caption, *self.table.lines()] if self.table is not None else []
        return [t for t in [*self.lines, *table, *self.after] if t]


def hovered_tip(scene: MapScene) -> Tip:
    """What the mouse is over, explained: a track's moves, a target, a site, a district, a row."""
    state, book, t = scene.session.state, scene.book, scene.targeting
    if scene.hover_resource is not None:
        return resource_tip(scene, scene.hover_resource)
    if scene.hover_track is not None:
        name, value, _, _ = scene.track_lines[scene.hover_track]
        reasons = track_reasons(scene.rules, state, scene.hover_track)
        head = f"{name}: {value}"
        if not reasons:
            return Tip([head, "Unchanged last turn."])
        return Tip([head, *reasons, MOVED])
    if t is not None and scene.hover is not None and t.on_map:
        candidate, problem = scene.region_target(scene.hover)
        if candidate is None:
            return Tip([scene.view.names[scene.hover], "Not a target of this action."])
        label = book.target_label(state, t.action, candidate)
        if problem is not None:
            return Tip([label, f"Closed: {problem}"])
        effects = book.effects(state, t.action, candidate)
        return Tip([label, f"Will: {effects}", "Click to queue."])
    if t is not None and scene.hover_row is not None:
        targets = scene.open_list_targets()
        if scene.hover_row < len(targets):
            c = targets[scene.hover_row]
            label = book.target_label(state, t.action, c)
            return Tip([label, f"Will: {book.effects(state, t.action, c)}", "Click to queue."])
    if scene.hover_site is not None:
        return site_tip(scene, scene.hover_site)
    if scene.hover_unit is not None:
        return unit_tip(scene, *scene.hover_unit)
    if scene.hover is not None:
        return district_tip(scene, scene.hover)
    queued = scene.hover_queued
    if queued is not None and queued < len(book.queued):
        label, effects = scene.queued_lines[queued]
        warning = scene.queued_warnings[queued]
        said = [capital(warning)] if warning else []
        return Tip(
            [label, *said, f"Will: {effects}", "The cross takes it back (Del: the last one)."]
        )
    if t is None and scene.hover_row is not None and scene.hover_row < len(scene.rows):
        row = scene.rows[scene.hover_row]
        detail = row.action.spec.description.strip() if row.action.spec.description else ""
        state_line = f"Closed: {row.reason}" if row.reason else open_words(row)
        return Tip([f"{row.name} ({row.cost})", state_line] + ([detail] if detail else []))
    return Tip([])


def resource_tip(scene: MapScene, index: int) -> Tip:
    """A resource: what it is for, what is left of it, what comes in when a turn begins."""
    state, rules = scene.session.state, scene.rules
    resource = rules.model.resources[index]
    have = int(state.resources[scene.me][index])
    set_aside = int(scene.book.spent(state)[index])
    lines = [f"{resource.name}: {have - set_aside} to spend"]
    if resource.description.strip():
        lines.append(" ".join(resource.description.split()))
    lines.append("Orders spend it; some events bring more.")
    if set_aside:
        lines.append(f"{set_aside} of the {have} are set aside for this turn's orders.")
    income = income_on(rules, state, scene.me).get(index, 0)
    if income > 0:
        lines.append(
            f"Comes in at the start of each turn: +{income} as things stand now "
            "(it rises and falls with the situation)."
        )
    else:
        lines.append("Nothing comes in each turn as things stand now.")
    return Tip(lines)


def district_tip(scene: MapScene, region: int) -> Tip:
    """A district's numbers: every side among every group, mobilisation, and why they moved."""
    state, rules, before = scene.session.state, scene.rules, scene.before
    group = scene.overlay.group
    among = "all groups" if group is None else rules.model.groups[group].name.lower()
    head = [scene.support_line(region), f"(among {among})"]
    table = district_breakdown(rules, state, before, region)
    caption = "Per cent of each group; mobilised of 100" + (
        "" if before is None else "; last turn's change in brackets"
    )
    after = district_causes(rules, state, scene.me, region)
    if before is None:
        after.append("The first turn: nothing has moved yet.")
    elif not after:
        after.append("Nothing recorded moved these numbers last turn.")
    units = [
        rules.model.units[u].name
        for u in range(len(rules.model.units))
        if int(state.unit_region[u]) == region
    ]
    if units:
        after.append(f"Armed units here: {', '.join(units)} (hover their flags for the numbers)")
    return Tip(head, table, caption, after)


def unit_tip(scene: MapScene, region: int, unit: int) -> Tip:
    """A unit's flag: the unit in a line, then every unit in its district with its numbers."""
    state, rules, before = scene.session.state, scene.rules, scene.before
    spec = rules.model.units[unit]
    owner = owner_name(rules, int(state.unit_owner[unit]))
    head = (
        f"{spec.name} ({spec.kind.replace('_', ' ')}): {owner}, "
        f"{int(state.unit_strength[unit])} men, loyalty {int(state.unit_loyalty[unit])}"
    )
    where = rules.model.regions[region].name
    return Tip(
        [head],
        units_in(rules, state, before, region),
        f"Armed units in {where}",
        unit_reasons(rules, state, before, region),
    )


def site_tip(scene: MapScene, site: int) -> Tip:
    """A site: who holds it, its defence, and the units in its district with their numbers."""
    state, rules, before = scene.session.state, scene.rules, scene.before
    region = int(rules.site_region[site])
    lines = site_lines(rules, state, before, site)
    units = units_in(rules, state, before, region)
    where = rules.model.regions[region].name
    if not units.rows:
        return Tip([*lines, f"No armed units stand in {where}."])
    return Tip(lines, units, f"Armed units in {where}", unit_reasons(rules, state, before, region))


def open_words(row: ActionRow) -> str:
    if row.targets == 1:
        return "Open: Enter or click to queue it."
    return f"Open at {row.open_targets} of {row.targets} targets: choose one after taking it."
