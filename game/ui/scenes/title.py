"""The title screen: the scenario's masthead, title, subtitle and introduction, and a menu.

The introduction scrolls (the wheel, PgUp/PgDn) where the window is too small for it.
Given a save store, the menu also offers Continue (the newest save; disabled
when there is none), Load (the save/load page in load mode) and Replays (that
page in replay mode). Settings opens the settings page. Six entries stand in
two rows of three: the arrows move along a row and up or down a column, Tab
goes through them in order, and each has its letter (N C L R S Q).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from game.describe import scenario_text
from game.saves.store import SaveStore
from game.scenario.loader import Scenario
from game.ui import gui, pictures, theme
from game.ui.scene import QUIT, Scene, Transition, push
from game.ui.text import fit

if TYPE_CHECKING:
    from game.ui.scenes.journal import Column

MENU = ("New game", "Settings", "Quit")
MENU_WITH_SAVES = ("Continue", "New game", "Load", "Replays", "Settings", "Quit")
COLUMNS = 3  # entries in a row of the menu
FRAME = 18  # the margin of the double rule around the page
_ALONG = {pygame.K_RIGHT: 1, pygame.K_LEFT: -1}
_SCROLL = (pygame.K_PAGEUP, pygame.K_PAGEDOWN)  # the introduction's (the arrows are the menu's)
_ACROSS = {pygame.K_DOWN: 1, pygame.K_UP: -1}
_LETTERS = {
    pygame.K_n: "New game",
    pygame.K_c: "Continue",
    pygame.K_l: "Load",
    pygame.K_r: "Replays",
    pygame.K_s: "Settings",
    pygame.K_q: "Quit",
}


def ornament(
    surface: pygame.Surface, centre: tuple[int, int], half: int, colour: theme.Colour
) -> None:
    """A printer's rule: two lines and a diamond between them."""
    x, y = centre
    pygame.draw.line(surface, colour, (x - half, y), (x - 12, y), 1)
    pygame.draw.line(surface, colour, (x + 12, y), (x + half, y), 1)
    pygame.draw.polygon(surface, colour, [(x, y - 5), (x + 6, y), (x, y + 5), (x - 6, y)])


def spaced(text: str) -> str:
    """A masthead set in spaced capitals: 'Petrograd · 1917' -> 'P E T R O G R A D     ·     1 9 1 7'."""
    return "     ".join(" ".join(word) for word in text.upper().split())


def _kicker(k: float) -> pygame.font.Font:
    """The small spaced-out face of the top line and the key hints."""
    return theme.font(max(12, round(16 * k)), "regular")


def _fonts(k: float) -> tuple[pygame.font.Font, pygame.font.Font, pygame.font.Font]:
    """The kicker's, the title's and the subtitle's faces (the introduction is set as a
    Column's "intro" blocks)."""
    return (
        _kicker(k),
        theme.font(max(28, round(84 * k)), "bold"),
        theme.font(max(14, round(27 * k)), "italic"),
    )


class TitleScene(Scene):
    name = "title"

    def __init__(
        self,
        scenario: Scenario,
        new_game: Callable[[], Scene],
        store: SaveStore | None = None,
    ) -> None:
        super().__init__()
        self.scenario = scenario
        # Its games come back from saves without its folder: they find its pictures here.
        pictures.remember(scenario)
        self.store = store  # None: no Continue, Load or Replays (as in screenshots)
        self.can_continue = False
        meta = scenario.model.scenario
        self.title = meta.title
        # Only the scenario's own masthead: its title is the big line just below.
        self.kicker = scenario_text(scenario.model, "masthead")
        self.subtitle = meta.subtitle
        self.introduction = meta.introduction.strip() or meta.description.strip()
        self.new_game = new_game
        self.buttons: list[UIButton] = []
        self.menu_top = 0  # where the menu starts: the introduction stops above it
        self.intro = None if not self.introduction else self._intro_column(1.0)
        self.intro_rect = pygame.Rect(0, 0, 0, 0)
        self.selected = 0 if store is None else -1  # -1: choose once the saves are known

    def _intro_column(self, k: float) -> Column:
        from game.ui.scenes.journal import Block, Column

        paragraphs = [p.strip() for p in self.introduction.split("\n\n") if p.strip()]
        return Column([Block("intro", p) for p in paragraphs], k)

    def head_bottom(self, size: tuple[int, int]) -> int:
        """The y below the ornament under the title: where the introduction starts (the sums
        of `draw`, with rendered lines' heights)."""
        w, h = size
        k = min(w / 1280, h / 720)
        kicker, big, sub = _fonts(k)
        y = FRAME + round(40 * k) + kicker.render("P", True, theme.INK).get_height() + round(8 * k)
        y += big.render("D", True, theme.INK).get_height()
        if self.subtitle:
            y += sub.render("P", True, theme.INK).get_height()
        return y + round(18 * k) + round(26 * k)

    @property
    def menu(self) -> tuple[str, ...]:
        return MENU if self.store is None else MENU_WITH_SAVES

    def build(self, size: tuple[int, int]) -> None:
        from game.play.saving import newest

        menu = self.menu
        self.can_continue = self.store is not None and newest(self.store) is not None
        if self.selected < 0:
            self.selected = menu.index("Continue" if self.can_continue else "New game")
        w, h = size
        k = min(w / 1280, h / 720)
        columns = min(COLUMNS, len(menu))
        rows = -(-len(menu) // columns)
        gap, row_gap = round(28 * k), round(14 * k)
        bw = min(round(230 * k), (w - 2 * FRAME - 80 - gap * (columns - 1)) // columns)
        bh = max(44, round(52 * k))
        left = (w - (bw * columns + gap * (columns - 1))) // 2
        hint = _kicker(k).get_linesize()
        top = h - FRAME - 14 - hint - round(18 * k) - rows * bh - (rows - 1) * row_gap
        self.menu_top = top
        if self.intro is not None:
            self.intro = self._intro_column(k)
            width = min(round(820 * k), w - 160)
            head = self.head_bottom(size)
            self.intro_rect = pygame.Rect((w - width) // 2, head, width, top - round(14 * k) - head)
            self.intro.set(width, max(0, self.intro_rect.height))
        self.buttons = []
        for i, label in enumerate(menu):
            row, column = divmod(i, columns)
            rect = pygame.Rect(left + column * (bw + gap), top + row * (bh + row_gap), bw, bh)
            face = theme.button_face(k, "#menu_button")
            button = UIButton(rect, label, self.manager, object_id=face)
            gui.enable(button, self._enabled(label))
            self.add(button)
            self.buttons.append(button)
        self._select(self.selected)

    def uncover(self) -> None:
        super().uncover()
        if self.store is not None:  # a game played meanwhile may have saved: Continue again
            self.layout(self.app.size)

    def _enabled(self, label: str) -> bool:
        return label != "Continue" or self.can_continue

    def _select(self, index: int, step: int = 1) -> None:
        count = len(self.buttons)
        index %= count
        for _ in range(count):  # a disabled entry is stepped over
            if self._enabled(self.menu[index]):
                break
            index = (index + step) % count
        self.selected = index
        for i, button in enumerate(self.buttons):
            if button.is_enabled:  # unselecting would repaint a disabled entry as enabled
                gui.select(button, i == self.selected)
        self.dirty = True

    @property
    def columns(self) -> int:
        return min(COLUMNS, len(self.menu))

    def _across(self, step: int) -> None:
        """Up or down a column, wrapping (along the row when there is only one)."""
        count, columns = len(self.buttons), self.columns
        if count <= columns:
            self._select(self.selected + step, step)
            return
        index = self.selected
        for _ in range(count):  # a disabled entry is stepped over the same way
            index = (index + step * columns) % count
            if self._enabled(self.menu[index]):
                break
        self._select(index, step)

    def _activate(self, index: int) -> Transition | None:
        label = self.menu[index]
        if not self._enabled(label):
            return None
        if label == "New game":
            return push(self.new_game())
        if label == "Settings":
            from game.ui.scenes.settings import SettingsScene

            return push(SettingsScene())
        if label in ("Continue", "Load", "Replays") and self.store is not None:
            return self._saves(label)
        return QUIT if label == "Quit" else None

    def _saves(self, label: str) -> Transition | None:
        from game.ui.scenes.error import ErrorScene
        from game.ui.scenes.saveload import Mode, SaveLoadScene, continue_game, map_of

        assert self.store is not None
        if label in ("Load", "Replays"):
            mode: Mode = "load" if label == "Load" else "replay"
            return push(SaveLoadScene(None, self.store, mode, scenario=self.scenario))
        if not self.can_continue:
            return None
        result = continue_game(self.store)
        if isinstance(result, str):
            return push(ErrorScene("The game cannot continue", [result]))
        return push(map_of(result, self.store))

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element in self.buttons:
            return self._activate(self.buttons.index(event.ui_element))
        if self.intro is not None and (
            event.type == pygame.MOUSEWHEEL
            or (event.type == pygame.KEYDOWN and event.key in _SCROLL)
        ):
            self.dirty |= self.intro.handle(event)
            return None
        if self.intro is not None:
            from game.ui.scenes.journal import drag_bars

            self.dirty |= drag_bars(event, self.intro)
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
                return self._activate(self.selected)
            if event.key == pygame.K_ESCAPE:
                return QUIT
            if event.key == pygame.K_TAB:
                step = -1 if getattr(event, "mod", 0) & pygame.KMOD_SHIFT else 1
                self._select(self.selected + step, step)
            elif event.key in _ALONG:
                self._select(self.selected + _ALONG[event.key], _ALONG[event.key])
            elif event.key in _ACROSS:
                self._across(_ACROSS[event.key])
            elif _LETTERS.get(event.key) in self.menu:
                return self._activate(self.menu.index(_LETTERS[event.key]))
        return None

    def draw(self, surface: pygame.Surface) -> None:
        w, h = surface.get_size()
        surface.fill(theme.PAPER)
        frame = pygame.Rect(0, 0, w, h).inflate(-FRAME * 2, -FRAME * 2)
        pygame.draw.rect(surface, theme.INK_FADED, frame, 2)
        pygame.draw.rect(surface, theme.INK_PALE, frame.inflate(-10, -10), 1)
        k = min(w / 1280, h / 720)
        kicker, big, sub = _fonts(k)
        y = frame.top + round(40 * k)
        # Without a masthead its line stays empty, so the page keeps the same proportions.
        line = kicker.render(
            fit(kicker, spaced(self.kicker), frame.width - 40) or " ", True, theme.INK_FADED
        )
        surface.blit(line, ((w - line.get_width()) // 2, y))
        y += line.get_height() + round(8 * k)
        title = big.render(self.title, True, theme.INK)
        surface.blit(title, ((w - title.get_width()) // 2, y))
        y += title.get_height()
        if self.subtitle:
            image = sub.render(self.subtitle, True, theme.ACCENT)
            surface.blit(image, ((w - image.get_width()) // 2, y))
            y += image.get_height()
        y += round(18 * k)
        ornament(surface, (w // 2, y), round(220 * k), theme.INK_FADED)
        if self.intro is not None:
            # On a small window, or in large text, the introduction scrolls above the menu.
            self.intro.draw(surface, self.intro_rect)
        hint = kicker.render(
            "Enter to begin  ·  arrows or Tab to choose  ·  or an initial letter  ·  Esc to quit",
            True,
            theme.INK_PALE,
        )
        surface.blit(hint, ((w - hint.get_width()) // 2, frame.bottom - hint.get_height() - 14))

    def shown_texts(self) -> list[str]:
        texts = [self.kicker, self.title, self.subtitle, self.introduction]
        return [t for t in texts if t] + [b.text for b in self.buttons]
