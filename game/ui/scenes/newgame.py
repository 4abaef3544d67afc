"""A new game: whom to lead (each playable faction with its paragraph and what it
wants) and the seed (random unless the player types one), then Start.

Keys: up/down (or left/right outside the seed box) choose the faction, Tab moves
between the factions and the seed, Enter starts, Esc goes back to the title.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UITextEntryLine

from game.scenario.loader import Scenario
from game.scenario.schema import Faction
from game.session import Session
from game.ui import gui, theme
from game.ui.scene import POP, Scene, Transition, replace
from game.ui.scenes.journal import Block, Column, hint, masthead, page
from game.ui.scenes.title import FRAME

MAX_SEED = 2**31
_STEP = {pygame.K_DOWN: 1, pygame.K_UP: -1, pygame.K_RIGHT: 1, pygame.K_LEFT: -1}


def random_seed() -> int:
    return secrets.randbelow(MAX_SEED)


def wants(scenario: Scenario, faction: Faction) -> list[str]:
    """What the faction plays for, in plain words: the endings it wins, what it hopes, dreads."""
    model = scenario.model
    lines = []
    wins = [e.title for e in model.endings if faction.id in e.winners]
    if wins:
        lines.append("Wins with: " + "; ".join(wins) + ".")
    flags = {f.id: f.description.strip() for f in model.flags}
    ranked = sorted(faction.goals.flags.items(), key=lambda item: -abs(item[1]))
    hopes = [flags[f] for f, v in ranked if v >= 100 and flags.get(f)]
    dreads = [flags[f] for f, v in ranked if v <= -100 and flags.get(f)]
    if hopes:
        lines.append("Hopes: " + " ".join(hopes))
    if dreads:
        lines.append("Dreads: " + " ".join(dreads))
    return lines


def _map_of(session: Session) -> Scene:
    from game.ui.scenes.map import MapScene

    return MapScene(session)


class NewGameScene(Scene):
    name = "new-game"

    def __init__(
        self,
        scenario: Scenario,
        seed: int | None = None,
        start: Callable[[Session], Scene] = _map_of,
    ) -> None:
        super().__init__()
        self.scenario = scenario
        self.factions = [f for f in scenario.model.factions if f.playable] or list(
            scenario.model.factions[:1]
        )
        self.seed_text = str(seed if seed is not None else random_seed())
        self.start = start
        self.selected = 0
        self.problem = ""
        self.buttons: list[UIButton] = []
        self.seed_entry: UITextEntryLine | None = None
        self.start_button: UIButton | None = None
        self.back_button: UIButton | None = None
        self.reroll_button: UIButton | None = None
        self.about = Column([])
        self.about_rect = pygame.Rect(0, 0, 0, 0)
        self.scale = 1.0

    @property
    def faction(self) -> Faction:
        return self.factions[self.selected]

    # -- widgets -----------------------------------------------------------------------

    def build(self, size: tuple[int, int]) -> None:
        w, h = size
        k = self.scale = min(w / 1280, h / 720)
        margin = FRAME + round(70 * k)
        top = FRAME + round(132 * k)
        bw, bh, gap = max(290, round(330 * k)), max(40, round(50 * k)), round(12 * k)
        big = "#menu_button" if k >= 0.85 else None  # the menu's large face, when it fits
        self.buttons = []
        for i, faction in enumerate(self.factions):
            rect = pygame.Rect(margin, top + i * (bh + gap), bw, bh)
            button = UIButton(rect, faction.name, self.manager, object_id=big)
            self.add(button)
            self.buttons.append(button)
        y = top + len(self.factions) * (bh + gap) + round(30 * k)
        label_h = theme.font(max(12, round(16 * k)), "italic").get_linesize()
        eh = max(34, round(40 * k))
        self.seed_entry = UITextEntryLine(
            pygame.Rect(margin, y + label_h + 4, max(150, round(200 * k)), eh), self.manager
        )
        self.seed_entry.set_allowed_characters("numbers")
        self.seed_entry.set_text_length_limit(10)
        self.seed_entry.set_text(self.seed_text)
        self.add(self.seed_entry)
        self.reroll_button = UIButton(
            pygame.Rect(
                margin + max(160, round(210 * k)),
                y + label_h + 4,
                bw - max(160, round(210 * k)),
                eh,
            ),
            "New seed",
            self.manager,
        )
        self.add(self.reroll_button)
        sw, sh = round(220 * k), max(44, round(52 * k))
        bottom = h - FRAME - max(44, round(44 * k)) - sh
        self.back_button = UIButton(
            pygame.Rect(w // 2 - sw - round(14 * k), bottom, sw, sh),
            "Back",
            self.manager,
            object_id=big,
        )
        self.start_button = UIButton(
            pygame.Rect(w // 2 + round(14 * k), bottom, sw, sh),
            "Start",
            self.manager,
            object_id="#end_turn",
        )
        self.add(self.back_button)
        self.add(self.start_button)
        left = margin + bw + round(60 * k)
        self.about_rect = pygame.Rect(left, top, w - left - margin, bottom - round(20 * k) - top)
        self._select(self.selected)

    def _select(self, index: int) -> None:
        self.selected = index % len(self.factions)
        for i, button in enumerate(self.buttons):
            gui.select(button, i == self.selected)
        faction = self.faction
        blocks = [Block("kicker", "You lead"), Block("title", faction.name)]
        if faction.description.strip():
            blocks.append(Block("body", faction.description.strip()))
        blocks += [Block("faded", line) for line in wants(self.scenario, faction)]
        self.about = Column(blocks, self.scale)
        if self.about_rect.width:
            self.about.set(self.about_rect.width, self.about_rect.height)
        self.dirty = True

    # -- starting ----------------------------------------------------------------------

    def seed(self) -> int | None:
        text = self.seed_entry.get_text() if self.seed_entry is not None else self.seed_text
        text = text.strip()
        if not text.isdigit() or int(text) >= MAX_SEED:
            return None
        return int(text)

    def begin(self) -> Transition | None:
        seed = self.seed()
        if seed is None:
            self.problem = f"The seed must be a whole number below {MAX_SEED}."
            self.dirty = True
            return None
        return replace(self.start(Session(self.scenario, seed, player=self.faction.id)))

    def reroll(self) -> None:
        self.seed_text = str(random_seed())
        if self.seed_entry is not None:
            self.seed_entry.set_text(self.seed_text)
        self.problem = ""
        self.dirty = True

    def _typing(self) -> bool:
        return self.seed_entry is not None and self.seed_entry.is_focused

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element in self.buttons:
                self._select(self.buttons.index(event.ui_element))
            elif event.ui_element is self.start_button:
                return self.begin()
            elif event.ui_element is self.back_button:
                return POP
            elif event.ui_element is self.reroll_button:
                self.reroll()
            return None
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and self.seed_entry is not None:
            self.seed_text = self.seed_entry.get_text()
            self.problem = ""
            self.dirty = True
        if event.type == pygame.MOUSEWHEEL:
            self.dirty |= self.about.handle(event)
        if event.type != pygame.KEYDOWN:
            return None
        if event.key == pygame.K_ESCAPE:
            return POP
        if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            return self.begin()
        if event.key == pygame.K_TAB and self.seed_entry is not None:
            if self._typing():
                self.seed_entry.unfocus()  # type: ignore[no-untyped-call]
            else:
                self.seed_entry.focus()  # type: ignore[no-untyped-call]
            self.dirty = True
        elif event.key in _STEP and not (
            self._typing() and event.key in (pygame.K_LEFT, pygame.K_RIGHT)
        ):
            self._select(self.selected + _STEP[event.key])
        elif event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            self.dirty |= self.about.handle(event)
        return None

    def draw(self, surface: pygame.Surface) -> None:
        frame = page(surface)
        k = self.scale
        masthead(surface, frame, "Petrograd · 1917", "A New Game")
        label = theme.font(max(12, round(16 * k)), "italic")
        x = self.buttons[0].rect.left if self.buttons else frame.left
        above = self.buttons[0].rect.top - label.get_linesize() - 4 if self.buttons else 0
        surface.blit(label.render("Whom will you lead?", True, theme.INK_FADED), (x, above))
        if self.seed_entry is not None:
            rect = self.seed_entry.rect
            y = rect.top - label.get_linesize() - 4
            text = "Seed (the same seed plays the same dice)"
            surface.blit(label.render(text, True, theme.INK_FADED), (x, y))
            if self.problem:
                surface.blit(label.render(self.problem, True, theme.ACCENT), (x, rect.bottom + 6))
        colour = theme.hex_colour(self.faction.color)
        bar = self.about_rect.move(-round(24 * k), 0)
        pygame.draw.rect(surface, colour, (bar.left, bar.top + 4, max(3, round(5 * k)), 70))
        self.about.draw(surface, self.about_rect)
        hint(surface, frame, "Arrows to choose  ·  Tab to the seed  ·  Enter to start  ·  Esc back")

    def shown_texts(self) -> list[str]:
        texts = [b.text for b in self.buttons] + self.about.texts()
        texts.append(self.seed_entry.get_text() if self.seed_entry else self.seed_text)
        return texts + ([self.problem] if self.problem else [])
