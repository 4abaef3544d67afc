"""An event that puts a decision to the player: a card over the map with its choices,
and the event's picture under its title when the scenario ships one.

The scene only reports the choice (through `on_choose`); the map scene keeps
it with the turn's orders and the session judges it when the turn is played.

Drawing: see `game.ui.scenes.card`, whose cached background this card shares.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UITextBox

from game.describe import sources_line
from game.engine.rules import EventRule
from game.play import ChoicePreview
from game.ui import gui, pictures, theme
from game.ui.scene import Transition
from game.ui.scenes.card import CardScene, card_width, words_face
from game.ui.text import wrap

_NUMBER_KEYS = {getattr(pygame, f"K_{n}"): n - 1 for n in range(1, 10)}


# Heights that hold text follow the player's text size, which changes at run time.
def choice_height() -> int:
    return theme.step(44, 18)


def number_width() -> int:
    """The button with a choice's number, left of its words."""
    return theme.step(44, 18)


class EventScene(CardScene):
    name = "event"

    def __init__(
        self,
        event: EventRule,
        choices: list[ChoicePreview],
        on_choose: Callable[[str, str], Transition],
        date: str = "",
        picture: Path | None = None,
    ) -> None:
        """`date` is the turn's date as the player reads it (e.g. both calendars);
        `picture` the event's picture file, as the loader checked it (None: none)."""
        super().__init__()
        self.event = event
        self.date = date
        self.picture_file = picture
        # The note on what really happened opens on request (H or its button), so the
        # player can decide before reading how it really went.
        self.show_history = False
        self.history_button: UIButton | None = None
        self.choices = choices
        self.on_choose = on_choose
        self.buttons: list[UIButton] = []  # one per choice, its number
        self.rows: list[UITextBox] = []  # one per choice, its words and what it will do
        self.face: str | None = None  # the words' theme block and size (larger when the
        self.face_size = 15  # window is): set with the card's size
        self.row_rects: list[pygame.Rect] = []  # a choice's whole row, for the mouse
        self.body: UITextBox | None = None
        self.selected = next((i for i, c in enumerate(choices) if c.problem is None), 0)

    @property
    def title(self) -> str:
        return self.event.spec.title

    def card(self, size: tuple[int, int]) -> pygame.Rect:
        """The card, as tall as its words (and picture) need but no taller than the window."""
        w, h = size
        width = card_width(860, size)
        self.face, self.face_size = words_face(size)
        body = self.text_height(self.body_text(), width - 48)
        choices = sum(self.row_heights(width))
        band = self.picture_band(size)
        height = min(h - 40, self.header(width) + band + body + 12 + choices + 16)
        return pygame.Rect((w - width) // 2, (h - height) // 2, width, height)

    def picture(self, size: tuple[int, int]) -> pygame.Surface | None:
        """The event's picture fitted across the card, at most a sixth of the window high
        (None: the event has none, or it does not decode)."""
        k = min(size[0] / 1280, size[1] / 720)
        box = (card_width(860, size) - 48, min(round(180 * k), size[1] // 6))
        return pictures.picture(self.picture_file, box)

    def picture_band(self, size: tuple[int, int]) -> int:
        """The height the picture takes on the card, with its space below."""
        image = self.picture(size)
        return 0 if image is None else image.get_height() + 12

    def body_text(self) -> str:
        spec = self.event.spec
        text = spec.text.strip()
        if spec.history.strip() and self.show_history:
            text += "\n\nHistory. " + spec.history.strip()
            if sources_line(spec.sources):
                text += "\n\n" + sources_line(spec.sources)
        return text

    def text_height(self, text: str, width: int) -> int:
        """About how tall a text box of the card's face needs to be for `text` (the box
        scrolls if this falls short)."""
        font = theme.font(self.face_size)
        lines = sum(len(wrap(font, p, width - 16)) + 1 for p in text.split("\n\n") if p.strip())
        return round(lines * font.get_linesize() * 1.1) + 12

    def choice_words(self, index: int) -> str:
        option = self.choices[index]
        said = f"Closed: {option.problem}" if option.problem else f"Will: {option.effects}"
        return f"{option.choice.spec.text}\n\n{said}"

    def row_heights(self, width: int) -> list[int]:
        """Each choice's row: its whole text and what it will do (or why it is closed)."""
        room = width - 48 - number_width() - 8
        # The box puts the two parts on consecutive lines, with no blank line between.
        gap = round(theme.line_height(self.face_size) * 1.1)
        return [
            max(choice_height(), self.text_height(self.choice_words(i), room) - gap)
            for i in range(len(self.choices))
        ]

    def body_html(self) -> str:
        spec = self.event.spec
        parts = [html.escape(spec.text.strip())]
        if spec.history.strip() and self.show_history:
            faded = theme.html(theme.INK_FADED)
            parts.append(
                f"<font color='{faded}'><i>History. {html.escape(spec.history.strip())}</i></font>"
            )
            if sources_line(spec.sources):
                sources = html.escape(sources_line(spec.sources))
                parts.append(f"<font color='{faded}'>{sources}</font>")
        return "<br><br>".join(parts)

    def choice_html(self, index: int) -> str:
        option = self.choices[index]
        text = html.escape(option.choice.spec.text)
        if option.problem is not None:
            pale = theme.html(theme.INK_FADED)
            red = theme.html(theme.ACCENT)
            return (
                f"<font color='{pale}'>{text}</font><br>"
                f"<font color='{red}'><i>Closed: {html.escape(option.problem)}</i></font>"
            )
        return f"{text}<br><i>Will: {html.escape(option.effects)}</i>"

    def build(self, size: tuple[int, int]) -> None:
        card = self.card(size)
        heights = self.row_heights(card.width)
        header = self.header(card.width) + self.picture_band(size)
        room = card.height - header - 12 - 16
        if sum(heights) > room * 2 // 3:
            # Too much to show at once: the choices share two thirds of the card, each
            # box scrolling within itself, and the event's words take the rest.
            share = max(choice_height(), room * 2 // 3 // max(1, len(heights)))
            heights = [min(h, share) for h in heights]
        rows_top = card.bottom - 16 - sum(heights) - 6 * (len(heights) - 1)
        self.body = UITextBox(
            self.body_html(),
            pygame.Rect(
                card.left + 24, card.top + header, card.width - 48, rows_top - card.top - header - 8
            ),
            self.manager,
            object_id=self.face,
        )
        self.add(self.body)
        self.history_button = None
        if self.event.spec.history.strip():
            label = "Hide the history" if self.show_history else "What really happened"
            width = theme.font(14, "italic").size(label)[0] + 28
            height = theme.step(26, 14)
            self.history_button = UIButton(
                pygame.Rect(card.right - 24 - width, card.top + 14, width, height),
                label,
                self.manager,
                object_id="#page_button",
                tool_tip_text="How it really went (H)",
            )
            self.add(self.history_button)
        self.buttons, self.rows, self.row_rects = [], [], []
        y = rows_top
        for i, (option, height) in enumerate(zip(self.choices, heights, strict=True)):
            number = pygame.Rect(card.left + 24, y, number_width(), min(height, choice_height()))
            button = UIButton(
                number,
                f"{i + 1}.",
                self.manager,
                tool_tip_text=html.escape(option.problem or option.choice.spec.text),
            )
            gui.enable(button, option.problem is None)
            self.add(button)
            self.buttons.append(button)
            words = pygame.Rect(number.right + 8, y, card.right - 24 - number.right - 8, height)
            box = UITextBox(self.choice_html(i), words, self.manager, object_id=self.face)
            self.add(box)
            self.rows.append(box)
            self.row_rects.append(pygame.Rect(card.left + 24, y, card.width - 48, height))
            y += height + 6
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

    def toggle_history(self) -> None:
        if self.history_button is None:
            return
        self.show_history = not self.show_history
        self.layout(self.app.size)

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element in self.buttons:
            return self._choose(self.buttons.index(event.ui_element))
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.history_button:
            self.toggle_history()
            return None
        if event.type == pygame.MOUSEBUTTONDOWN and getattr(event, "button", 0) == 1:
            row = next((i for i, r in enumerate(self.row_rects) if r.collidepoint(event.pos)), None)
            if row is not None and self.choices[row].problem is None:
                return self._choose(row)
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_h:
                self.toggle_history()
                return None
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

    # -- drawing -------------------------------------------------------------------

    @property
    def kicker(self) -> str:
        return "A decision for you" + (f"  ·  {self.date}" if self.date else "")

    def draw(self, surface: pygame.Surface) -> None:
        super().draw(surface)
        image = self.picture(surface.get_size())
        if image is not None:
            card, _ = self.card_image(surface.get_size())
            at = (card.centerx - image.get_width() // 2, card.top + self.header(card.width))
            surface.blit(image, at)
            pygame.draw.rect(surface, theme.INK_FADED, image.get_rect(topleft=at).inflate(2, 2), 1)
        if 0 <= self.selected < len(self.row_rects):
            # The chosen row framed, as the keys move it (its number button is selected too).
            pygame.draw.rect(surface, theme.ACCENT, self.row_rects[self.selected].inflate(8, 4), 2)

    def shown_texts(self) -> list[str]:
        texts = [self.title, self.date, self.event.spec.text.strip()]
        if self.show_history:
            texts.append(self.event.spec.history.strip())
        if self.history_button is not None:
            texts.append(self.history_button.text)
        texts += [b.text for b in self.buttons]
        texts += [self.choice_words(i) for i in range(len(self.choices))]
        return texts
