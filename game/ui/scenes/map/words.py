"""The map screen's words that are not a tooltip's: the resources line, the support
line of a district, target mode's prompts, the keys' line, and every text shown (for
tests and a future screen reader)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pygame_gui.elements import UIButton

from game.ui.mapview import Overlay

if TYPE_CHECKING:
    from game.ui.scenes.map.scene import MapScene

# F1 comes first: it lists all the rest. The page buttons name their own keys.
FOOTER = "F1 all keys · Tab/↑↓ choose · Enter take · Del remove · Ctrl+Z undo · Esc title"
TARGET_FOOTER = "F1 all keys · ↑↓ target · ←→ group · Enter queue · Esc back"
# For a panel too narrow for those on two lines.
SHORT_FOOTER = "F1 all keys · Enter take · Esc title"
SHORT_TARGET_FOOTER = "F1 all keys · Enter queue · Esc back"


def resource_parts(scene: MapScene) -> list[str]:
    """Each resource's name and what is left of it to spend on this turn's orders, as the
    order book counts it (with what the player's choices bring next turn)."""
    return scene.book.resource_parts(scene.session.state)


def resources_line(scene: MapScene) -> str:
    per_turn, queued = scene.rules.actions_per_turn[scene.me], len(scene.book.queued)
    parts = resource_parts(scene)
    return "   ·   ".join(parts) + f"      ({queued} of {per_turn} actions queued)"


def share(scene: MapScene, region: int, faction: int) -> int:
    """A side's support in a district, in per cent, among the overlay's group(s)."""
    overlay = Overlay("support", faction, scene.overlay.group)
    return round(float(scene.view.values(scene.session.state, overlay)[region]) * 100)


def support_line(scene: MapScene, region: int) -> str:
    parts = [
        f"{faction.short_name or faction.name} {share(scene, region, f)}%"
        for f, faction in enumerate(scene.rules.model.factions)
    ]
    return f"{scene.view.names[region]}: " + ",  ".join(parts)


def short_support_line(scene: MapScene, region: int) -> str:
    """The district and the shown side's support: the bottom bar's brief form."""
    faction = scene.rules.model.factions[scene.overlay.faction]
    who = faction.short_name or faction.name
    return f"{scene.view.short_names[region]}: {who} {share(scene, region, scene.overlay.faction)}%"


def target_prompt(scene: MapScene, short: bool = False) -> str:
    t = scene.targeting
    if t is None:
        return ""
    if short:
        return f"Choose {'a district' if t.on_map else 'from the list'} · Esc cancels"
    where = "a district on the map" if t.on_map else "a target from the list"
    return f"{t.action.spec.name}: choose {where}  ·  Esc to cancel"


def footer(scene: MapScene, short: bool = False) -> str:
    t = scene.targeting
    if t is None:
        return SHORT_FOOTER if short else FOOTER
    if short:
        return SHORT_TARGET_FOOTER
    return TARGET_FOOTER if t.by_group else TARGET_FOOTER.replace(" · ←→ group", "")


def target_lines(scene: MapScene) -> list[str]:
    """What target mode shows in the side panel."""
    t = scene.targeting
    if t is None:
        return []
    lines = [scene.target_title.replace("  (", " (")]
    if t.on_map:
        return [*lines, "Click an open district on the map."]
    state = scene.session.state
    return lines + [scene.book.target_label(state, t.action, c) for c in scene.open_list_targets()]


def shown_texts(scene: MapScene) -> list[str]:
    s = scene
    texts = [s.heading, s.faction_name, s.resources_line, s.status, s.hover_text]
    texts += [f"{name} {value}" for name, value, _, _ in s.track_lines]
    texts += [row.text for row in s.rows]
    texts += [f"{label}: {effects}" for label, effects in s.queued_lines]
    texts += [w for w in s.queued_warnings if w]
    texts += [*s.news, *s.tooltip, *target_lines(s), s.footer, s.target_prompt]
    texts += [s.view.describe(s.overlay)]
    texts += [w.text for w in s.widgets if isinstance(w, UIButton)]
    return [t for t in texts if t]
