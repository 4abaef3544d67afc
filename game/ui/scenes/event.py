"""An event that puts a decision to the player: a card over the map with its choices,
and the event's picture under its title when the scenario ships one.

The scene only reports the choice (through `on_choose`); the map scene keeps
it with the turn's orders and the session judges it when the turn is played.

Drawing: see `game.ui.scenes.card`, whose cached background this card shares.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
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
BODY_GAP = 8  # between the event's words and the first choice
ROW_GAP = 6  # between two choices
HISTORY_LABELS = ("What really happened", "Hide the history")  # the history hidden, shown
BOTTOM = 16  # under the last choice


# Heights that hold text follow the player's text size, which changes at run time.
def choice_height() -> int:
    return theme.step(44, 18)


def number_width() -> int:
    """The button with a choice's number, left of its words."""
    return theme.step(44, 18)


@dataclass(frozen=True)
class Measured:
    """How a text lies in a text box: the box's padding and border above and below its
    lines (together), where each line's letters end and where its spacing ends, from the
    top of the first line."""

    inset: int
    bottoms: list[int]
    end: int  # the last line's spacing included: what pygame_gui asks room for

    @property
    def need(self) -> int:
        """The height of a box that shows every line whole, with no scroll bar."""
        return self.end + self.inset

    @property
    def pitch(self) -> int:
        """From one line to the next."""
        return self.end // len(self.bottoms)


@dataclass(frozen=True)
class Plan:
    """The card at one window size: its rect, the height of the event's words and of each
    choice's row."""

    card: pygame.Rect
    body: int
    rows: list[int]


def share(needs: list[int], room: int, least: int) -> list[int]:
    """Heights for boxes that need `needs` in `room`: every box that needs no more than an
    even share gets all it needs, the others split what is left evenly (never below
    `least`)."""
    if sum(needs) <= room:
        return list(needs)
    out = list(needs)
    left, count = room, len(needs)
    for i in sorted(range(len(needs)), key=lambda i: needs[i]):
        even = left // count
        out[i] = needs[i] if needs[i] <= even else max(least, even)
        left -= out[i]
        count -= 1
    return out


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
        self._plan: tuple[tuple[tuple[int, int], float, bool], Plan] | None = None

    @property
    def title(self) -> str:
        return self.event.spec.title

    def history_width(self) -> int:
        """The history's button, wide enough for either of its labels (0: no history)."""
        if not self.event.spec.history.strip():
            return 0
        font = theme.font(14, "italic")
        return max(font.size(label)[0] for label in HISTORY_LABELS) + 28

    def title_lines(self, width: int) -> list[str]:
        """The title wrapped beside the history's button, whose top it shares."""
        room = width - 52 - (self.history_width() + 12 if self.history_width() else 0)
        return wrap(theme.font(30, "bold"), self.title, room)

    def card(self, size: tuple[int, int]) -> pygame.Rect:
        """The card, as tall as its words (and picture) need but no taller than the window."""
        return self.plan(size).card

    def card_state(self) -> object:
        return self.show_history  # the history's words make the card taller

    def plan(self, size: tuple[int, int]) -> Plan:
        """Where the card and its boxes go at `size`: made once per window size, text size
        and history shown or hidden (see `Plan`)."""
        key = (size, theme.text_scale(), self.show_history)
        if self._plan is None or self._plan[0] != key:
            self._plan = (key, self._make_plan(size))
        return self._plan[1]

    def _make_plan(self, size: tuple[int, int]) -> Plan:
        w, h = size
        width = card_width(860, size)
        self.face, self.face_size = words_face(size)
        top = self.header(width) + self.picture_band(size)
        n = len(self.choices)
        # Around the boxes: the gap under the words, between the rows and under the last.
        fixed = top + BODY_GAP + ROW_GAP * (n - 1) + BOTTOM
        room = h - 40 - fixed
        body_box = (width - 48, room)
        row_box = (width - 48 - number_width() - 8, room)
        body = self.measure(self.body_html(), body_box)
        rows = [self.measure(self.choice_html(i), row_box) for i in range(n)]
        body_height = body.need
        heights = [max(choice_height(), r.need) for r in rows]
        if body_height + sum(heights) > room:
            # Not all at once: the choices are what the player acts on, so they are shown
            # whole if they fit beside a few lines of the event's words; else they share
            # what room there is, with a quarter of it left to the words.
            few = min(body.need, body.inset + 3 * body.pitch)
            if sum(heights) > room - few:
                few = min(body.need, max(few, room // 4))
                heights = share(heights, room - few, choice_height())
            body_height = room - sum(heights)
            # A box that scrolls ends under a whole line, never through one.
            heights = [
                self.whole_lines(self.choice_html(i), (row_box[0], a)) if a < r.need else a
                for i, (r, a) in enumerate(zip(rows, heights, strict=True))
            ]
            if body_height < body.need:
                body_height = self.whole_lines(self.body_html(), (body_box[0], body_height))
        height = fixed + body_height + sum(heights)
        card = pygame.Rect((w - width) // 2, (h - height) // 2, width, height)
        return Plan(card, body_height, heights)

    def measure(self, words: str, box: tuple[int, int]) -> Measured:
        """How `words` lie in a text box of the card's face `box` wide and at most `box`
        high (past that, the box scrolls and its lines are narrower): the box is made and
        thrown away, so the measure is pygame_gui's own."""
        probe = UITextBox(words, pygame.Rect((0, 0), box), self.manager, object_id=self.face)
        try:
            inset = 2 * (probe.padding[1] + probe.border_width["top"] + probe.shadow_width)
            rows = probe.text_box_layout.layout_rows if probe.text_box_layout else []
            bottoms = [row.bottom for row in rows]
            end = rows[-1].top + rows[-1].line_spacing_height if rows else 0
        finally:
            gui.kill(probe)
        if not bottoms:
            bottoms = [theme.line_height(self.face_size)]
        return Measured(inset, bottoms, max(end, bottoms[-1]))

    def whole_lines(self, words: str, box: tuple[int, int]) -> int:
        """The height, at most `box`'s, of a scrolling box of `words` that ends under a
        whole line: as many lines as fit, at least one."""
        lines = self.measure(words, box)
        fits = [b for b in lines.bottoms if b + lines.inset <= box[1]]
        if len(fits) == len(lines.bottoms):
            # Every line fits but the spacing under the last: a box that needs no scroll
            # bar is worth those few pixels more.
            return lines.need
        return (fits[-1] if fits else lines.bottoms[0]) + lines.inset

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

    def choice_words(self, index: int) -> str:
        option = self.choices[index]
        said = f"Closed: {option.problem}" if option.problem else f"Will: {option.effects}"
        return f"{option.choice.spec.text}\n\n{said}"

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
        plan = self.plan(size)
        card, heights = plan.card, plan.rows
        header = self.header(card.width) + self.picture_band(size)
        rows_top = card.top + header + plan.body + BODY_GAP
        self.body = UITextBox(
            self.body_html(),
            pygame.Rect(card.left + 24, card.top + header, card.width - 48, plan.body),
            self.manager,
            object_id=self.face,
        )
        self.add(self.body)
        self.history_button = None
        if self.event.spec.history.strip():
            label = HISTORY_LABELS[self.show_history]
            width = self.history_width()
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
            y += height + ROW_GAP
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
