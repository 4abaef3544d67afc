"""Cards over the map: the event card, the turn's report, a warning, the roads to the endings.

Drawing: the scenes under a card cannot change while it covers them (they get no
events), so the card paints them, the dimming veil and its own frame, kicker and
title once into a background kept between frames, and a frame is one blit of it
plus the widgets. The background is made again when the window's size or the text
size changes, or a scene below says it is dirty.

`CardScene` is that machinery; `TextCard` is a card of words (a scrolling box of
rich text) with a row of buttons, which the report, the warning and the endings use.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UITextBox

from game.ui import gui, theme
from game.ui.scene import POP, Scene, Transition
from game.ui.text import wrap

VEIL_ALPHA = 130  # how much the map behind the card is dimmed (0-255)
SHADOW = 5  # the card's drop shadow, in pixels

CardKey = tuple[tuple[int, int], float, object]  # (window size, text scale, `card_state`)


# Heights that hold text follow the player's text size, which changes at run time.
def header_height() -> int:
    """The card's head: the kicker line and the title under it."""
    return theme.step(72, 30, "bold") + theme.step(0, 14, "italic")


def title_top() -> int:
    """The title's y in the card, under the kicker."""
    return theme.step(30, 14, "italic")


def button_height() -> int:
    return theme.step(36, 16)


def buttons_height(size: tuple[int, int]) -> int:
    """A card's buttons: tall enough for their lettering, which is larger in a large window."""
    k = min(size[0] / 1280, size[1] / 720)
    return max(button_height(), theme.button_font(k).get_linesize() + 12)


def words_face(size: tuple[int, int]) -> tuple[str | None, int]:
    """The object id and designed size of a card's words in a window of `size`: larger in
    a large window, as the pages' words are (see `theme.LARGE_PAGE`)."""
    k = min(size[0] / 1280, size[1] / 720)
    return ("#large_text", 20) if k >= theme.LARGE_PAGE else (None, 15)


def card_width(designed: int, size: tuple[int, int]) -> int:
    """A card's width: as designed, wider in proportion in a large window, always with
    room around it."""
    k = max(1.0, min(size[0] / 1280, size[1] / 720))
    return min(round(designed * k), size[0] - 80)


class CardScene(Scene):
    """A card over the scenes below, which stay in view, dimmed.

    The card draws them itself, into its cached background, so to the app it is
    opaque and they are not redrawn every frame under it.
    """

    opaque = True

    def __init__(self) -> None:
        super().__init__()
        self._veil: pygame.Surface | None = None
        self._card: tuple[CardKey, pygame.Rect, pygame.Surface] | None = None
        self._background: pygame.Surface | None = None
        self._background_key: tuple[CardKey, tuple[int, ...]] | None = None
        # How many times each cached picture was made ("veil", "card", "background"):
        # the tests count them to prove that frames reuse them.
        self.builds: Counter[str] = Counter()

    @property
    def title(self) -> str:
        raise NotImplementedError

    @property
    def kicker(self) -> str:
        """The small line above the title."""
        return ""

    def card(self, size: tuple[int, int]) -> pygame.Rect:
        raise NotImplementedError

    def card_state(self) -> object:
        """What else than the window and text size shapes the card (e.g. a part shown or
        hidden): when it changes, the card's frame is drawn again at its new size."""
        return None

    def card_key(self, size: tuple[int, int]) -> CardKey:
        return (size, theme.text_scale(), self.card_state())

    def title_lines(self, width: int) -> list[str]:
        """The title wrapped to the card (a long title takes two lines, never cut)."""
        return wrap(theme.font(30, "bold"), self.title, width - 52)

    def header(self, width: int) -> int:
        """The kicker and the title's lines, above the words."""
        extra = (len(self.title_lines(width)) - 1) * theme.line_height(30, "bold")
        return header_height() + extra

    def below(self) -> list[Scene]:
        """The scenes that show through behind the card, bottom first (as App.draw picks them)."""
        if self._app is None or self not in self.app.stack:
            return []
        under = self.app.stack[: self.app.stack.index(self)]
        first = max((i for i, s in enumerate(under) if s.opaque), default=0)
        return under[first:]

    def veil(self, size: tuple[int, int]) -> pygame.Surface:
        """The dimming over the whole window, made once per window size."""
        if self._veil is None or self._veil.get_size() != size:
            # Per-pixel alpha: pygame blends it about three times faster than surface alpha.
            self._veil = pygame.Surface(size, pygame.SRCALPHA)
            self._veil.fill((*theme.INK, VEIL_ALPHA))
            self.builds["veil"] += 1
        return self._veil

    def card_image(self, size: tuple[int, int]) -> tuple[pygame.Rect, pygame.Surface]:
        """Where the card goes and its frame and shadow, made once per window size and text
        size: the kicker and title are drawn over it each frame, the rest are widgets."""
        key = self.card_key(size)
        if self._card is None or self._card[0] != key:
            card = self.card(size)
            image = pygame.Surface((card.width + SHADOW, card.height + SHADOW), pygame.SRCALPHA)
            local = pygame.Rect(0, 0, card.width, card.height)
            pygame.draw.rect(image, theme.INK, local.move(SHADOW, SHADOW))
            pygame.draw.rect(image, theme.PAPER_LIGHT, local)
            pygame.draw.rect(image, theme.INK_FADED, local, 2)
            pygame.draw.rect(image, theme.INK_PALE, local.inflate(-10, -10), 1)
            self._card = (key, card, image)
            self.builds["card"] += 1
        return self._card[1], self._card[2]

    def background(self, surface: pygame.Surface) -> pygame.Surface:
        """The scenes below, dimmed, with the card's frame: remade only when one of them
        is dirty or the window or text size changed."""
        size = surface.get_size()
        below = self.below()
        key = (self.card_key(size), tuple(id(s) for s in below))
        stale = self._background_key != key or any(s.dirty for s in below)
        if self._background is None or self._background.get_size() != size:
            # The window's own pixel format, so the frame's one blit is a plain copy.
            self._background = pygame.Surface(size, 0, surface)
            stale = True
        if stale:
            bg = self._background
            bg.fill(theme.PAPER)  # as App.draw starts a frame
            for scene in below:
                scene.draw(bg)
                scene.dirty = False
            bg.blit(self.veil(size), (0, 0))
            card, image = self.card_image(size)
            bg.blit(image, card.topleft)
            self._background_key = key
            self.builds["background"] += 1
        return self._background

    def draw(self, surface: pygame.Surface) -> None:
        surface.blit(self.background(surface), (0, 0))
        self.draw_head(surface)

    def draw_head(self, surface: pygame.Surface) -> None:
        """The kicker and the title, on the card (two or three lines: cheaper to draw than
        to keep a second picture of the whole window for)."""
        card, _ = self.card_image(surface.get_size())  # the rect laid out once per size
        kicker = theme.font(14, "italic")
        title = theme.font(30, "bold")
        surface.blit(kicker.render(self.kicker, True, theme.ACCENT), (card.left + 26, card.top + 14))
        for n, line in enumerate(self.title_lines(card.width)):
            top = card.top + title_top() + n * title.get_linesize()
            surface.blit(title.render(line, True, theme.INK), (card.left + 24, top))


@dataclass(frozen=True)
class CardButton:
    """A button of a text card: its label, its key in words for the tooltip, what it does."""

    label: str
    act: Callable[[], Transition | None]
    tip: str = ""


class TextCard(CardScene):
    """A card of words with buttons: Enter takes the selected button, Esc the last one,
    Left and Right (or Tab) move between them, the wheel scrolls the words."""

    name = "card"

    def __init__(
        self,
        title: str,
        kicker: str,
        body_html: str,
        buttons: Sequence[CardButton] = (),
        *,
        selected: int = 0,
        width: int = 860,
    ) -> None:
        super().__init__()
        self._title = title
        self._kicker = kicker
        self.body_html = body_html
        self.choices = list(buttons) or [CardButton("Close", lambda: POP, "Esc")]
        self.selected = selected
        self.width = width
        self.body: UITextBox | None = None
        self.buttons: list[UIButton] = []

    @property
    def title(self) -> str:
        return self._title

    @property
    def kicker(self) -> str:
        return self._kicker

    def plain(self) -> str:
        """The words without their markup, for measuring and for `shown_texts`."""
        text = self.body_html.replace("<br>", "\n")
        while "<" in text and ">" in text[text.index("<") :]:
            start = text.index("<")
            text = text[:start] + text[text.index(">", start) + 1 :]
        return text

    def card(self, size: tuple[int, int]) -> pygame.Rect:
        """As tall as the words need, no taller than the window (the words then scroll)."""
        w, h = size
        width = card_width(self.width, size)
        font = theme.font(words_face(size)[1])
        lines = sum(max(1, len(wrap(font, line, width - 64))) for line in self.plain().split("\n"))
        words = round(lines * font.get_linesize() * 1.1) + 16
        height = min(h - 40, self.header(width) + words + 16 + buttons_height(size) + 20)
        return pygame.Rect((w - width) // 2, (h - height) // 2, width, height)

    def build(self, size: tuple[int, int]) -> None:
        card = self.card(size)
        header = self.header(card.width)
        row_top = card.bottom - 18 - buttons_height(size)
        self.body = UITextBox(
            self.body_html,
            pygame.Rect(
                card.left + 24, card.top + header, card.width - 48, row_top - card.top - header - 10
            ),
            self.manager,
            object_id=words_face(size)[0],
        )
        self.add(self.body)
        self.buttons = []
        k = min(size[0] / 1280, size[1] / 720)
        font = theme.button_font(k)
        height = buttons_height(size)
        x = card.right - 24
        for choice in reversed(self.choices):
            width = font.size(choice.label)[0] + 36
            x -= width
            button = UIButton(
                pygame.Rect(x, row_top, width, height),
                choice.label,
                self.manager,
                tool_tip_text=choice.tip or None,
                object_id=theme.button_face(k),
            )
            self.add(button)
            self.buttons.insert(0, button)
            x -= 10
        self._select(self.selected)

    def _select(self, index: int) -> None:
        self.selected = index % len(self.choices)
        for i, button in enumerate(self.buttons):
            gui.select(button, i == self.selected)
        self.dirty = True

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element in self.buttons:
            return self.choices[self.buttons.index(event.ui_element)].act()
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                return self.choices[self.selected].act()
            if event.key == pygame.K_ESCAPE:
                return self.choices[-1].act()
            if event.key in (pygame.K_LEFT, pygame.K_RIGHT, pygame.K_TAB):
                back = event.key == pygame.K_LEFT or (
                    event.key == pygame.K_TAB and getattr(event, "mod", 0) & pygame.KMOD_SHIFT
                )
                self._select(self.selected + (-1 if back else 1))
        return None

    def shown_texts(self) -> list[str]:
        return [self.title, self.kicker, self.plain(), *(b.label for b in self.choices)]
