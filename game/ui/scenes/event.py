"""An event that puts a decision to the player: a card over the map with its choices.

The scene only reports the choice (through `on_choose`); the map scene keeps
it with the turn's orders and the session judges it when the turn is played.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UITextBox

from game.engine.legal import ChoiceOption
from game.engine.rules import EventRule
from game.ui import gui, theme
from game.ui.scene import Scene, Transition
from game.ui.text import fit, wrap

CHOICE_HEIGHT = 44
_NUMBER_KEYS = {getattr(pygame, f"K_{n}"): n - 1 for n in range(1, 10)}


class EventScene(Scene):
    name = "event"
    opaque = False  # the map stays in view, dimmed, behind the card

    def __init__(
        self,
        event: EventRule,
        choices: list[ChoiceOption],
        on_choose: Callable[[str, str], Transition],
    ) -> None:
        super().__init__()
        self.event = event
        self.choices = choices
        self.on_choose = on_choose
        self.buttons: list[UIButton] = []
        self.body: UITextBox | None = None
        self.selected = next((i for i, c in enumerate(choices) if c.problem is None), 0)

    @property
    def title(self) -> str:
        return self.event.spec.title

    def card(self, size: tuple[int, int]) -> pygame.Rect:
        """The card, as tall as its words need (an estimate) but no taller than the window."""
        w, h = size
        width = min(820, w - 120)
        spec = self.event.spec
        font = theme.font(16)
        paragraphs = [spec.text, spec.history] + [
            f"Closed: {c.choice.spec.text}: {c.problem}" for c in self.choices if c.problem
        ]
        lines = sum(len(wrap(font, p, width - 64)) + 1 for p in paragraphs if p.strip())
        words = lines * (font.get_linesize() + 2) + 24
        choices = len(self.choices) * (CHOICE_HEIGHT + 8)
        height = min(h - 60, 72 + words + 12 + choices + 12)
        return pygame.Rect((w - width) // 2, (h - height) // 2, width, height)

    def body_html(self) -> str:
        spec = self.event.spec
        parts = [html.escape(spec.text.strip())]
        if spec.history.strip():
            faded = theme.html(theme.INK_FADED)
            parts.append(
                f"<font color='{faded}'><i>History. {html.escape(spec.history.strip())}</i></font>"
            )
        closed = [c for c in self.choices if c.problem is not None]
        if closed:
            red = theme.html(theme.ACCENT)
            parts.append(
                "<br>".join(
                    f"<font color='{red}'><i>Closed: {html.escape(c.choice.spec.text)}: "
                    f"{html.escape(c.problem or '')}</i></font>"
                    for c in closed
                )
            )
        return "<br><br>".join(parts)

    def build(self, size: tuple[int, int]) -> None:
        card = self.card(size)
        buttons_top = card.bottom - 20 - len(self.choices) * (CHOICE_HEIGHT + 8) + 8
        self.body = UITextBox(
            self.body_html(),
            pygame.Rect(
                card.left + 24, card.top + 72, card.width - 48, buttons_top - card.top - 84
            ),
            self.manager,
        )
        self.add(self.body)
        self.buttons = []
        font = theme.font(18)
        for i, option in enumerate(self.choices):
            rect = pygame.Rect(
                card.left + 24,
                buttons_top + i * (CHOICE_HEIGHT + 8),
                card.width - 48,
                CHOICE_HEIGHT,
            )
            text = fit(font, f"{i + 1}.  {option.choice.spec.text}", rect.width - 24)
            button = UIButton(
                rect,
                text,
                self.manager,
                tool_tip_text=html.escape(option.problem or option.choice.spec.text),
            )
            gui.enable(button, option.problem is None)
            self.add(button)
            self.buttons.append(button)
        self._select(self.selected)

    def _select(self, index: int) -> None:
        self.selected = index % len(self.buttons)
        for i, button in enumerate(self.buttons):
            gui.select(button, i == self.selected)
        self.dirty = True

    def _choose(self, index: int) -> Transition | None:
        if not 0 <= index < len(self.choices) or self.choices[index].problem is not None:
            return None
        return self.on_choose(self.event.spec.id, self.choices[index].choice.spec.id)

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element in self.buttons:
            return self._choose(self.buttons.index(event.ui_element))
        if event.type == pygame.KEYDOWN:
            if event.key in _NUMBER_KEYS:
                return self._choose(_NUMBER_KEYS[event.key])
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
                return self._choose(self.selected)
            if event.key in (pygame.K_DOWN, pygame.K_UP):
                step = 1 if event.key == pygame.K_DOWN else -1
                for _ in self.choices:  # skip the closed ones
                    self._select(self.selected + step)
                    if self.choices[self.selected].problem is None:
                        break
        return None

    def draw(self, surface: pygame.Surface) -> None:
        veil = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
        veil.fill((*theme.INK, 130))
        surface.blit(veil, (0, 0))
        card = self.card(surface.get_size())
        pygame.draw.rect(surface, theme.INK, card.move(5, 5))
        pygame.draw.rect(surface, theme.PAPER_LIGHT, card)
        pygame.draw.rect(surface, theme.INK_FADED, card, 2)
        pygame.draw.rect(surface, theme.INK_PALE, card.inflate(-10, -10), 1)
        kicker = theme.font(14, "italic")
        title = theme.font(30, "bold")
        who = kicker.render("A decision for you", True, theme.ACCENT)
        surface.blit(who, (card.left + 26, card.top + 14))
        text = fit(title, self.title, card.width - 52)
        surface.blit(title.render(text, True, theme.INK), (card.left + 24, card.top + 30))

    def shown_texts(self) -> list[str]:
        texts = [self.title, self.event.spec.text.strip()]
        texts += [b.text for b in self.buttons]
        texts += [f"{c.choice.spec.text}: {c.problem}" for c in self.choices if c.problem]
        return texts
