"""The codex: the people, parties, places, units, organisations and terms of the scenario.

A list by category on the left, the chosen entry on the right with the other entries
it names under it ("See also", numbered links) and its portrait beside it when the
scenario ships one, a Close button.

Keys: Tab and Shift+Tab move the focus round the list, the entry's text, its See
also (when it has one) and Close. On the list, Up/Down choose an entry, PgUp/PgDn
jump a page, Home/End go to the ends, Enter goes to the entry's text and Space pages
it. On the text, Up/Down, PgUp/PgDn, Space and Home/End scroll it, and Enter goes
back to the list. On See also, the arrows choose a name and Enter or Space open it;
from anywhere, 1-9 open the name with that number. Left/Right jump a category from
the list or the text. Enter or Space on Close, Esc or C close the codex. The mouse:
click an entry or a See-also name, the wheel scrolls what is under it.
"""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from game.describe import masthead as masthead_words
from game.scenario.loader import Scenario
from game.scenario.schema import CodexEntry
from game.ui import pictures, theme
from game.ui.scene import POP, Scene, Transition
from game.ui.scenes.journal import (
    ACTIVATE,
    SCROLL_KEYS,
    WHEEL_STEP,
    Block,
    Column,
    Focus,
    bar_position,
    corner_button,
    drag_bars,
    focus_mark,
    grabs,
    hint,
    masthead,
    masthead_bottom,
    page,
    tab_step,
)
from game.ui.scenes.title import FRAME
from game.ui.text import wrap

CATEGORIES = {
    "person": "People",
    "party": "Parties",
    "place": "Places",
    "unit": "Units",
    "organisation": "Organisations",
    "term": "Terms",
}
CATEGORY_ONE = {
    "person": "A person",
    "party": "A party",
    "place": "A place",
    "unit": "A unit",
    "organisation": "An organisation",
    "term": "A term",
}
_PAGE = 12
_MOVES = {pygame.K_DOWN: 1, pygame.K_UP: -1, pygame.K_PAGEDOWN: _PAGE, pygame.K_PAGEUP: -_PAGE}
_ALONG = {pygame.K_RIGHT: 1, pygame.K_DOWN: 1, pygame.K_LEFT: -1, pygame.K_UP: -1}
_DIGITS = {getattr(pygame, f"K_{n}"): n - 1 for n in range(1, 10)}
SEE_ALSO = "See also:"


class CodexScene(Scene):
    name = "codex"

    def __init__(self, scenario: Scenario) -> None:
        super().__init__()
        entries = scenario.model.codex
        self.scenario = scenario
        self.kicker = masthead_words(scenario.model)
        # By category in the codex's order, and in the scenario's order within each.
        self.entries: list[CodexEntry] = [e for c in CATEGORIES for e in entries if e.category == c]
        self.selected = 0
        self.scale = 1.0
        self.list_rect = pygame.Rect(0, 0, 0, 0)
        self.text_rect = pygame.Rect(0, 0, 0, 0)
        self.list_offset = 0
        self.rows: list[tuple[int, str, int | None]] = []  # (y, text, entry index or None)
        self.list_height = 0
        self.list_dragging = False  # the list's scroll bar is held
        self.article = Column([])
        self.article_rect = pygame.Rect(0, 0, 0, 0)  # the text's part of text_rect
        self.also: list[int] = []  # the entries the chosen one names, by index
        self.link = 0  # which of them the keyboard is on
        self.links: list[tuple[pygame.Rect, int]] = []  # where each is drawn, and which it is
        self.also_rect = pygame.Rect(0, 0, 0, 0)
        self.portrait: pygame.Surface | None = None  # the chosen entry's, fitted to the page
        self.focus = Focus(["list", "article", "also", "close"])
        self.close_button: UIButton | None = None

    @property
    def entry(self) -> CodexEntry | None:
        return self.entries[self.selected] if self.entries else None

    def related(self, entry: CodexEntry) -> list[int]:
        """The other entries the text names (by title, or a person by surname), by index."""
        found = []
        for i, other in enumerate(self.entries):
            if other is entry:
                continue
            keys = [other.title]
            if other.category == "person" and len(other.title.split()[-1]) > 3:
                keys.append(other.title.split()[-1])
            if any(k in entry.text for k in keys):
                found.append(i)
        return found

    def _fonts(self) -> tuple[pygame.font.Font, pygame.font.Font]:
        k = self.scale
        return (
            theme.font(max(12, round(15 * k)), "regular"),
            theme.font(max(12, round(15 * k)), "bold"),
        )

    def _link_fonts(self) -> tuple[pygame.font.Font, pygame.font.Font, pygame.font.Font]:
        """See also's label, its names, and the numbers before them."""
        k = self.scale
        return (
            theme.font(max(12, round(16 * k)), "italic"),
            theme.font(max(12, round(16 * k)), "regular"),
            theme.font(max(11, round(13 * k)), "bold"),
        )

    def build(self, size: tuple[int, int]) -> None:
        w, h = size
        k = self.scale = min(w / 1280, h / 720)
        top = max(FRAME + round(122 * k), masthead_bottom(size))
        bottom = h - FRAME - max(46, round(46 * k))
        margin = FRAME + round(50 * k)
        list_w = round(330 * k)
        self.list_rect = pygame.Rect(margin, top, list_w, bottom - top)
        left = margin + list_w + round(56 * k)
        self.text_rect = pygame.Rect(left, top, w - left - margin - round(20 * k), bottom - top)
        item, heading = self._fonts()
        self.rows = []
        y = 0
        category = ""
        for i, e in enumerate(self.entries):
            if e.category != category:
                category = e.category
                y += round(10 * k) if i else 0
                self.rows.append((y, CATEGORIES[category].upper(), None))
                y += heading.get_linesize() + 2
            # A long title (a list of towns, a regiment's full name) takes two lines, not
            # an ellipsis or the clip; the second is indented (see `draw`), or it would
            # read as an entry of its own. Wrapped to the narrower width of the second.
            for line in wrap(item, e.title, list_w - round(16 * k) - self._hang()) or [e.title]:
                self.rows.append((y, line, i))
                y += item.get_linesize() + 1
        self.list_height = y
        self.close_button = corner_button(self.manager, size, "Close")
        self.add(self.close_button)
        self._select(self.selected)
        self._show_focus()

    def _hang(self) -> int:
        """How far a wrapped title's second line is indented in the list."""
        return round(16 * self.scale)

    def _show_focus(self) -> None:
        if self.close_button is not None:
            self.focus.show({"close": self.close_button})
        self.dirty = True

    def _row_of(self, index: int) -> tuple[int, int]:
        """The top and bottom of the entry's lines in the list."""
        item, _ = self._fonts()
        ys = [r[0] for r in self.rows if r[2] == index] or [0]
        return ys[0], ys[-1] + item.get_linesize()

    def _select(self, index: int) -> None:
        if not self.entries:
            self.article = Column([Block("faded", "This scenario has no codex.")], self.scale)
            self.also = []
            self.portrait = None
            self._place_links()
            return
        self.selected = max(0, min(len(self.entries) - 1, index))
        e = self.entries[self.selected]
        self.portrait = self._portrait(e)
        self.also = self.related(e)
        self.link = 0
        if not self.also and self.focus.part == "also":
            self.focus.to("article")
        self.article = Column(
            [
                Block("kicker", CATEGORY_ONE[e.category]),
                Block("title", e.title),
                Block("body", e.text.strip()),
            ],
            self.scale,
        )
        self._place_links()
        top, bottom = self._row_of(self.selected)
        if top < self.list_offset + 30:
            self.list_offset = top - 30  # keep the category heading in view when near it
        elif bottom > self.list_offset + self.list_rect.height:
            self.list_offset = bottom - self.list_rect.height
        self._clamp()
        self.dirty = True

    def _portrait(self, entry: CodexEntry) -> pygame.Surface | None:
        """The entry's portrait fitted to a third of the text's width at most (None: it has
        none, or it does not decode)."""
        width = min(round(220 * self.scale), self.text_rect.width // 3)
        box = (width, min(self.text_rect.height, round(width * 1.5)))
        return pictures.picture(pictures.path_of(self.scenario, entry.portrait), box)

    def portrait_rect(self) -> pygame.Rect | None:
        """Where the portrait goes: the top right corner of the text's part of the page."""
        if self.portrait is None:
            return None
        size = self.portrait.get_size()
        return pygame.Rect((self.text_rect.right - size[0], self.text_rect.top), size)

    def text_column(self) -> pygame.Rect:
        """Where the entry's words go: the text's part of the page, less its portrait."""
        rect = pygame.Rect(self.text_rect)
        if self.portrait is not None:
            rect.width -= self.portrait.get_width() + round(24 * self.scale)
        return rect

    def _place_links(self) -> None:
        """Lay the See-also names out in rows under the text: right after it when all of it
        fits, else along the bottom with the text scrolling above them."""
        rect = self.text_column()
        self.links = []
        if not self.also:
            self.article_rect = pygame.Rect(rect)
            self.also_rect = pygame.Rect(rect.left, rect.bottom, rect.width, 0)
            self.article.set(rect.width, rect.height)
            return
        label, name, number = self._link_fonts()
        k = self.scale
        gap, pad = round(22 * k), round(6 * k)
        line = name.get_linesize() + round(6 * k)
        start = label.size(SEE_ALSO)[0] + round(14 * k)
        x = y = 0
        placed: list[tuple[int, int, int, int]] = []  # (x, y, width, entry) in the strip
        for n, index in enumerate(self.also, 1):
            width = number.size(str(n))[0] + pad + name.size(self.entries[index].title)[0]
            if placed and start + x + width > rect.width:
                x, y = 0, y + line
            placed.append((start + x, y, width, index))
            x += width + gap
        height = y + line
        space = round(16 * k)
        self.article.set(rect.width, rect.height - height - space)
        top = rect.top + min(self.article.height, self.article.view) + space
        self.article_rect = pygame.Rect(rect.left, rect.top, rect.width, top - space - rect.top)
        self.also_rect = pygame.Rect(rect.left, top, rect.width, height)
        self.links = [
            (pygame.Rect(rect.left + lx, top + ly, width, name.get_linesize()), index)
            for lx, ly, width, index in placed
        ]

    def open_link(self, which: int) -> bool:
        """Open the See-also entry at that place in the list (the text gets the keyboard);
        whether there was one."""
        if not 0 <= which < len(self.also):
            return False
        self._select(self.also[which])
        self.focus.to("article")
        self._show_focus()
        return True

    def list_bar(self) -> pygame.Rect | None:
        """Where the list's scroll bar runs (None while the whole list is in view)."""
        rect = self.list_rect
        if self.list_height <= rect.height:
            return None
        return pygame.Rect(rect.right + 8, rect.top, 3, rect.height)

    def list_thumb(self) -> int:
        rect = self.list_rect
        return max(24, rect.height * rect.height // max(1, self.list_height))

    def _drag_list(self, event: pygame.event.Event) -> bool:
        """The list's scroll bar, pressed or dragged; whether the event was the bar's."""
        if event.type == pygame.MOUSEBUTTONUP:
            self.list_dragging = False
        bar = self.list_bar()
        if bar is None or not (grabs(bar, event) or self.list_dragging):
            return False
        if event.type == pygame.MOUSEBUTTONDOWN:
            self.list_dragging = True
        if event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEMOTION):
            limit = self.list_height - self.list_rect.height
            self.list_offset = bar_position(bar, self.list_thumb(), event.pos[1], limit)
            self.dirty = True
        return True

    def _clamp(self) -> None:
        limit = max(0, self.list_height - self.list_rect.height)
        self.list_offset = max(0, min(limit, self.list_offset))

    def _jump_category(self, step: int) -> None:
        if not self.entries:
            return
        cats = [c for c in CATEGORIES if any(e.category == c for e in self.entries)]
        at = cats.index(self.entries[self.selected].category)
        want = cats[(at + step) % len(cats)]
        self._select(next(i for i, e in enumerate(self.entries) if e.category == want))

    def _move_focus(self, step: int) -> None:
        """Tab's walk round the page, past See also when the entry has none."""
        self.focus.move(step)
        if self.focus.part == "also" and not self.also:
            self.focus.move(step)
        self._show_focus()

    def _click(self, pos: tuple[int, int]) -> None:
        item, _ = self._fonts()
        y = pos[1] - self.list_rect.top + self.list_offset
        for top, _, index in self.rows:
            if index is not None and top <= y < top + item.get_linesize() + 1:
                self._select(index)
                return

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.close_button:
            return POP
        if event.type == pygame.KEYDOWN:
            return self._key(event)
        if drag_bars(event, self.article) or self.article.dragging:
            self.dirty = True
            return None
        if self._drag_list(event):
            return None
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            if self.list_rect.collidepoint(event.pos):
                self.focus.to("list")
                self._click(event.pos)
            else:
                hit = next(
                    (n for n, (r, _) in enumerate(self.links) if r.collidepoint(event.pos)), None
                )
                if hit is not None:
                    self.open_link(hit)
        elif event.type == pygame.MOUSEWHEEL:
            if self.list_rect.collidepoint(self.pointer):
                self.list_offset -= event.y * WHEEL_STEP
                self._clamp()
                self.dirty = True
            else:
                self.dirty |= self.article.handle(event)
        return None

    def _key(self, event: pygame.event.Event) -> Transition | None:
        part = self.focus.part
        if event.key in (pygame.K_ESCAPE, pygame.K_c) or (
            event.key in ACTIVATE and part == "close"
        ):
            return POP
        if tab_step(event):
            self._move_focus(tab_step(event))
        elif event.key in _DIGITS:
            self.open_link(_DIGITS[event.key])
        elif part == "also" and event.key in ACTIVATE:
            self.open_link(self.link)
        elif part == "also" and event.key in _ALONG:
            self.link = (self.link + _ALONG[event.key]) % max(1, len(self.also))
            self.dirty = True
        elif event.key in (pygame.K_RETURN, pygame.K_KP_ENTER):
            self.focus.to("article" if part == "list" else "list")
            self._show_focus()
        elif event.key in (pygame.K_RIGHT, pygame.K_LEFT):
            self._jump_category(1 if event.key == pygame.K_RIGHT else -1)
        elif part == "article" and event.key in (*SCROLL_KEYS, pygame.K_SPACE):
            self.dirty |= self.article.handle(event)
        elif event.key in _MOVES:
            self._select(self.selected + _MOVES[event.key])
        elif event.key == pygame.K_HOME:
            self._select(0)
        elif event.key == pygame.K_END:
            self._select(len(self.entries) - 1)
        elif event.key == pygame.K_SPACE:
            self.dirty |= self.article.handle(event)
        return None

    def draw(self, surface: pygame.Surface) -> None:
        frame = page(surface)
        k = self.scale
        masthead(surface, frame, self.kicker, "The Codex")
        item, heading = self._fonts()
        rect = self.list_rect
        old = surface.get_clip()
        surface.set_clip(rect.inflate(8, 0))
        previous: int | None = None
        for y, text, index in self.rows:
            # The lines after an entry's first are its title's continuation: indented.
            hang = self._hang() if index is not None and index == previous else 0
            previous = index
            top = rect.top + y - self.list_offset
            if top + item.get_linesize() < rect.top:
                continue
            if top > rect.bottom:
                break
            if index is None:
                surface.blit(heading.render(text, True, theme.ACCENT), (rect.left, top))
                continue
            colour = theme.INK
            if index == self.selected:  # red while the list has the keyboard, else pale
                band = pygame.Rect(rect.left - 4, top - 1, rect.width, item.get_linesize() + 2)
                on = self.focus.part == "list"
                pygame.draw.rect(surface, theme.ACCENT if on else theme.PAPER_DARK, band)
                colour = theme.PAPER_LIGHT if on else theme.INK
            surface.blit(item.render(text, True, colour), (rect.left + round(12 * k) + hang, top))
        surface.set_clip(old)
        bar = self.list_bar()
        if bar is not None:  # a thin scroll bar beside the list, to drag or only to read
            pygame.draw.rect(surface, theme.PAPER_DARK, bar)
            size = self.list_thumb()
            at = (rect.height - size) * self.list_offset // (self.list_height - rect.height)
            ink = theme.ACCENT if self.list_dragging else theme.INK_FADED
            pygame.draw.rect(surface, ink, (bar.left - 1, rect.top + at, 5, size))
        x = rect.right + round(28 * k)
        pygame.draw.line(surface, theme.INK_PALE, (x, rect.top), (x, rect.bottom), 1)
        self.article.draw(surface, self.article_rect)
        portrait = self.portrait_rect()
        if self.portrait is not None and portrait is not None:
            surface.blit(self.portrait, portrait)
            pygame.draw.rect(surface, theme.INK_FADED, portrait.inflate(2, 2), 1)
        self._draw_links(surface)
        marked = {"list": rect, "article": self.article_rect, "also": self.also_rect}
        if self.focus.part in marked:
            focus_mark(surface, marked[self.focus.part])
        hint(
            surface,
            frame,
            "Up/down to choose  ·  left/right a category  ·  Tab to the text  ·  "
            + ("1-9 see also  ·  " if self.also else "")
            + "Esc to close",
        )

    def _draw_links(self, surface: pygame.Surface) -> None:
        """See also: each name numbered and underlined, as a link; the keyboard's in red."""
        if not self.links:
            return
        label, name, number = self._link_fonts()
        k = self.scale
        surface.blit(label.render(SEE_ALSO, True, theme.INK_FADED), self.also_rect.topleft)
        on = self.focus.part == "also"
        for n, (place, index) in enumerate(self.links):
            chosen = on and n == self.link
            if chosen:
                pygame.draw.rect(surface, theme.ACCENT, place.inflate(round(10 * k), 2))
            ink = theme.PAPER_LIGHT if chosen else theme.ACCENT
            digit = number.render(
                str(n + 1), True, theme.PAPER_LIGHT if chosen else theme.INK_FADED
            )
            surface.blit(digit, (place.left, place.top + name.get_ascent() - number.get_ascent()))
            x = place.left + digit.get_width() + round(6 * k)
            words = name.render(self.entries[index].title, True, ink)
            surface.blit(words, (x, place.top))
            under = place.top + name.get_ascent() + 2
            pygame.draw.line(surface, ink, (x, under), (x + words.get_width() - 1, under), 1)

    def link_texts(self) -> list[str]:
        """See also as it reads: the label, then each name after its number."""
        if not self.also:
            return []
        return [SEE_ALSO] + [f"{n} {self.entries[i].title}" for n, i in enumerate(self.also, 1)]

    def shown_texts(self) -> list[str]:
        titles = [self.kicker, "The Codex"]
        titles += [CATEGORIES[c].upper() for c in dict.fromkeys(e.category for e in self.entries)]
        titles += [e.title for e in self.entries]
        return titles + self.article.texts() + self.link_texts()
