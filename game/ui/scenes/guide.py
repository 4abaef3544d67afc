"""The guided first turn: a few callouts over a new game's map, each pointing at one part of it.

The map scene pushes this over itself on a new game's first appearance while the
player's settings ask for it (`Settings.guide`). The words are the scenario's
(its `texts:` keys `guide_map`, `guide_district`, ...), with plain fallbacks here
for scenarios that have none. Next (Enter, →), Back (←) and Skip guide (Esc) are
buttons and keys. The guide is shown once: finished or skipped, it turns its setting
off and keeps it, until the player turns it on again in Settings.
While it is up the map's widgets are hidden and only this scene gets events, so the
map takes no clicks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from game.ui import gui, theme
from game.ui.scene import POP, Scene, Transition, replace
from game.ui.text import fit, wrap

if TYPE_CHECKING:
    from game.ui.scenes.map import MapScene


@dataclass(frozen=True)
class Step:
    key: str  # the scenario text that explains it
    title: str
    target: Callable[
        [tuple[int, int]], pygame.Rect
    ]  # what the callout points at, for a window size


# Said on the map after the guide is skipped: new games will not show it unasked.
SKIPPED = "The guide is off for new games; Settings (First-game guide) brings it back."

# Used when a scenario's `texts:` lacks a step's key: words that fit any scenario.
FALLBACKS: dict[str, str] = {
    "guide_map": (
        "This is the map. Each district is shaded by the support of the side named "
        "below it: the deeper the colour, the stronger that side. The keys 1, 2 and 3 "
        "switch between support, readiness to act and who holds the key places."
    ),
    "guide_district": (
        "Rest the mouse on any district for the numbers behind its colour: each side's "
        "share of every group living there, how many are ready to act, and what moved "
        "them since the last turn. Places and units explain themselves the same way."
    ),
    "guide_tracks": (
        "These bars measure the state of the whole country. They change slowly, and "
        "they decide which way opinion drifts from turn to turn. Hover one to see "
        "what moved it."
    ),
    "guide_actions": (
        "These are your actions, with what each one costs. Greyed ones are closed for "
        "now; hover one to learn why. Click an action, or pick it with Tab and Enter, "
        "then choose where it goes."
    ),
    "guide_this_turn": (
        "Your orders for this turn collect here. Nothing happens until the turn ends, "
        "so you can change your mind: the cross beside an order takes it back, and "
        "so does Delete."
    ),
    "guide_end_turn": (
        "When your orders are ready, end the turn. Every side moves at the same "
        "time; if something needs your decision first, a card will ask you. Press F1 "
        "on any screen for the list of keys."
    ),
}

CALLOUT_WIDTH = 390
GAP = 30  # between the callout and what it points at
MARGIN = 8  # between the callout and the window's edge
PAD = 18
BUTTON_HEIGHT = 34  # at the normal text size; see button_height()
BUTTON_GAP = 7
# The designed shares of the buttons' row (Next, Back; Skip guide takes the rest).
BUTTON_SHARES = (24, 32)
_NEXT = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_RIGHT)


def strongest_region(scene: MapScene) -> int:
    """The mainland district where the player's side has the most support: a friendly example."""
    state, rules = scene.session.state, scene.rules
    pop = rules.population.astype(np.float64)  # (groups, regions)
    mine = (state.support[scene.me].astype(np.float64) * pop).sum(axis=0)
    share = mine / np.maximum(pop.sum(axis=0), 1.0)
    mainland = [r for r in range(len(rules.model.regions)) if not scene.view.inset[r]]
    choices = mainland or list(range(len(rules.model.regions)))
    return max(choices, key=lambda r: float(share[r]))


def button_height() -> int:
    """The buttons' height, grown with their text (the widgets' button face, 18 px)."""
    return theme.step(BUTTON_HEIGHT, 18)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(value, high)) if low <= high else (low + high) // 2


class GuideScene(Scene):
    name = "guide"
    opaque = False  # the map it explains stays in view, dimmed but for what is pointed at

    def __init__(self, map_scene: MapScene) -> None:
        super().__init__()
        self.map = map_scene
        self.index = 0
        self.next_button: UIButton | None = None
        self.back_button: UIButton | None = None
        self.skip_button: UIButton | None = None
        region = strongest_region(map_scene)
        self.steps: list[Step] = [
            Step("guide_map", "The map", map_scene.map_rect),
            Step(
                "guide_district",
                f"A district: {map_scene.view.names[region]}",
                lambda size: map_scene.region_rect(region, size),
            ),
            Step("guide_tracks", "The state of things", map_scene.tracks_rect),
            Step("guide_actions", "Your actions", map_scene.list_area),
            Step("guide_this_turn", "This turn", map_scene.queue_rect),
            Step("guide_end_turn", "End turn", map_scene.end_turn_rect),
        ]

    # -- what it says ------------------------------------------------------------------

    @property
    def step(self) -> Step:
        return self.steps[self.index]

    @property
    def last(self) -> bool:
        return self.index == len(self.steps) - 1

    def text(self, step: Step | None = None) -> str:
        key = (step or self.step).key
        given = self.map.rules.model.texts.get(key, "")
        return " ".join(given.split()) if given.strip() else FALLBACKS[key]

    @property
    def counter(self) -> str:
        return f"Guide: {self.index + 1} of {len(self.steps)}"

    # -- geometry ----------------------------------------------------------------------

    def target(self, size: tuple[int, int]) -> pygame.Rect:
        """The rectangle pointed at, kept inside the window."""
        return self.step.target(size).clip(pygame.Rect((0, 0), size))

    def _fonts(self) -> tuple[pygame.font.Font, pygame.font.Font, pygame.font.Font]:
        return theme.font(14, "italic"), theme.font(21, "bold"), theme.font(16, "regular")

    def callout(self, size: tuple[int, int]) -> tuple[pygame.Rect, str]:
        """Where the callout goes and on which side of the target ('inside' over a big one)."""
        kicker, title, body = self._fonts()
        width = min(self.callout_width(), size[0] - 2 * MARGIN)
        lines = wrap(body, self.text(), width - 2 * PAD)
        height = (
            PAD
            + kicker.get_linesize()
            + title.get_linesize()
            + 8
            + len(lines) * (body.get_linesize() + 1)
            + 16
            + button_height()
            + PAD
        )
        window = pygame.Rect((0, 0), size).inflate(-2 * MARGIN, -2 * MARGIN)
        t = self.target(size)

        def clamp_x(x: int) -> int:
            return max(window.left, min(x, window.right - width))

        def clamp_y(y: int) -> int:
            return max(window.top, min(y, window.bottom - height))

        middle_y, middle_x = clamp_y(t.centery - height // 2), clamp_x(t.centerx - width // 2)
        candidates = {
            "right": pygame.Rect(t.right + GAP, middle_y, width, height),
            "left": pygame.Rect(t.left - GAP - width, middle_y, width, height),
            "below": pygame.Rect(middle_x, t.bottom + GAP, width, height),
            "above": pygame.Rect(middle_x, t.top - GAP - height, width, height),
        }
        room = {
            "right": size[0] - t.right,
            "left": t.left,
            "below": size[1] - t.bottom,
            "above": t.top,
        }
        for side in sorted(candidates, key=lambda s: -room[s]):
            if window.contains(candidates[side]):
                return candidates[side], side
        # Nothing beside it has room (the map itself): sit inside it, near its top.
        inside = pygame.Rect(middle_x, clamp_y(t.top + 40), width, height)
        return inside, "inside"

    def button_labels(self) -> tuple[str, str, str]:
        return ("Done" if self.last else "Next", "Back", "Skip guide")

    def button_widths(self, inner: int) -> list[int]:
        """The three buttons' widths in a row `inner` pixels wide: the designed shares, or,
        where a label would not fit (large text), shares of the labels' own widths."""
        face = theme.font(18)
        labels = [face.size(label)[0] for label in self.button_labels()]
        room = inner - 2 * BUTTON_GAP
        widths = [inner * share // 100 for share in BUTTON_SHARES]
        widths.append(room - sum(widths))
        if all(label + 6 <= w for label, w in zip(labels, widths, strict=True)):
            return widths
        need = [label + 16 for label in labels]
        widths = [room * n // sum(need) for n in need[:2]]
        return [*widths, room - sum(widths)]

    def callout_width(self) -> int:
        """The designed width, or wider where the buttons' labels need it (large text)."""
        face = theme.font(18)
        # The same width on every step, as wide as the first button's longer label needs.
        first = max(("Next", "Done"), key=lambda label: face.size(label)[0])
        labels = sum(face.size(label)[0] + 16 for label in (first, *self.button_labels()[1:]))
        return max(CALLOUT_WIDTH, labels + 2 * BUTTON_GAP + 2 * PAD)

    # -- widgets -----------------------------------------------------------------------

    def build(self, size: tuple[int, int]) -> None:
        box, _ = self.callout(size)
        height = button_height()
        y = box.bottom - PAD - height
        inner = box.width - 2 * PAD
        widths = self.button_widths(inner)
        x = box.left + PAD
        self.next_button = UIButton(
            pygame.Rect(x, y, widths[0], height),
            self.button_labels()[0],
            self.manager,
            tool_tip_text="Enter or →  (← goes back)",
        )
        self.back_button = UIButton(
            pygame.Rect(x + widths[0] + BUTTON_GAP, y, widths[1], height),
            "Back",
            self.manager,
            tool_tip_text="←: the tip before",
        )
        self.skip_button = UIButton(
            pygame.Rect(x + widths[0] + widths[1] + 2 * BUTTON_GAP, y, widths[2], height),
            "Skip guide",
            self.manager,
            tool_tip_text="Esc: close the guide (Settings can show it again)",
        )
        for button in (self.next_button, self.back_button, self.skip_button):
            self.add(button)
        gui.enable(self.back_button, self.index > 0)
        gui.select(self.next_button, True)

    # -- events ------------------------------------------------------------------------

    def go(self, index: int) -> Transition | None:
        """Show another step; past the last one the guide is over."""
        if index >= len(self.steps):
            return self.finish()
        self.index = max(0, index)
        if self._app is not None:
            self.layout(self.app.size)  # the callout moves, and its buttons with it
        return None

    def finish(self) -> Transition:
        """Close the guide and turn it off (kept in the settings file): a player who has
        seen it, or chose not to, is not shown it at every new game."""
        if self.app.settings.guide:
            self.app.change_settings(self.app.settings.with_(guide=False))
            if self.index < len(self.steps):  # skipped: say how to have it back
                self.map.status = SKIPPED
                self.map.dirty = True
        following = self.map.next_event()  # the turn's first decision, if one waits
        return replace(following) if following is not None else POP

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.next_button:
                return self.go(self.index + 1)
            if event.ui_element is self.back_button:
                return self.go(self.index - 1)
            if event.ui_element is self.skip_button:
                return self.finish()
        elif event.type == pygame.KEYDOWN:
            if event.key in _NEXT:
                return self.go(self.index + 1)
            if event.key == pygame.K_LEFT:
                return self.go(self.index - 1)
            if event.key == pygame.K_ESCAPE:
                return self.finish()
        return None

    # -- drawing -----------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        size = surface.get_size()
        self._draw_end_turn_stand_in(surface)
        target = self.target(size)
        veil = pygame.Surface(size, pygame.SRCALPHA)
        veil.fill((*theme.INK, 120))
        veil.fill((0, 0, 0, 0), target)  # what is pointed at stays bright
        surface.blit(veil, (0, 0))
        pygame.draw.rect(surface, theme.ACCENT, target.inflate(6, 6), 3, border_radius=4)
        box, side = self.callout(size)
        self._draw_pointer(surface, box, side, target)
        pygame.draw.rect(surface, theme.INK, box.move(4, 4), border_radius=6)
        pygame.draw.rect(surface, theme.PAPER_LIGHT, box, border_radius=6)
        pygame.draw.rect(surface, theme.ACCENT, box, 2, border_radius=6)
        kicker, title, body = self._fonts()
        x, y = box.left + PAD, box.top + PAD
        surface.blit(kicker.render(self.counter, True, theme.ACCENT), (x, y))
        y += kicker.get_linesize()
        heading = fit(title, self.step.title, box.width - 2 * PAD)
        surface.blit(title.render(heading, True, theme.INK), (x, y))
        y += title.get_linesize() + 8
        for line in wrap(body, self.text(), box.width - 2 * PAD):
            surface.blit(body.render(line, True, theme.INK), (x, y))
            y += body.get_linesize() + 1

    def _draw_end_turn_stand_in(self, surface: pygame.Surface) -> None:
        """The map's End turn button is hidden while the guide covers the map: draw its likeness
        so the last step points at something."""
        rect = self.map.end_turn_rect(surface.get_size())
        pygame.draw.rect(surface, theme.ACCENT, rect, border_radius=3)
        font = theme.font(20, "bold")
        image = font.render("End turn", True, theme.PAPER_LIGHT)
        surface.blit(image, image.get_rect(center=rect.center))

    def _draw_pointer(
        self, surface: pygame.Surface, box: pygame.Rect, side: str, target: pygame.Rect
    ) -> None:
        """A line with an arrowhead from the callout's edge to the target's nearest edge."""
        if side == "inside":
            return
        if side in ("right", "left"):
            sy = _clamp(target.centery, box.top + 24, box.bottom - 24)
            ty = _clamp(sy, target.top + 4, target.bottom - 4)
            start = (box.left if side == "right" else box.right, sy)
            tip = (target.right + 5 if side == "right" else target.left - 5, ty)
        else:
            sx = _clamp(target.centerx, box.left + 24, box.right - 24)
            tx = _clamp(sx, target.left + 4, target.right - 4)
            start = (sx, box.top if side == "below" else box.bottom)
            tip = (tx, target.bottom + 5 if side == "below" else target.top - 5)
        pygame.draw.line(surface, theme.ACCENT, start, tip, 3)
        dx, dy = tip[0] - start[0], tip[1] - start[1]
        length = max(1.0, (dx * dx + dy * dy) ** 0.5)
        ux, uy = dx / length, dy / length
        head = [
            tip,
            (tip[0] - 12 * ux - 7 * uy, tip[1] - 12 * uy + 7 * ux),
            (tip[0] - 12 * ux + 7 * uy, tip[1] - 12 * uy - 7 * ux),
        ]
        pygame.draw.polygon(surface, theme.ACCENT, head)

    def shown_texts(self) -> list[str]:
        texts = [self.counter, self.step.title, self.text()]
        return texts + [
            b.text for b in (self.next_button, self.back_button, self.skip_button) if b
        ]
