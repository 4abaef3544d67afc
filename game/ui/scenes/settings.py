"""The settings page: window size, full screen, text size, map palette, replay speed
and the first-game guide, one row each.

`SettingsScene()` goes over whatever scene opened it. Every change is applied at once
through `App.change_settings` (so a new text size shows straight away) and saved there;
Esc or Back closes the page. Keys: ↑/↓/Tab choose a row, ←/→ change its value, Enter
toggles (or steps) it; the last two rows are the Restore defaults and Back buttons.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from game.ui import gui, theme
from game.ui.scene import POP, Scene, Transition
from game.ui.scenes.journal import hint, masthead, masthead_bottom, page
from game.ui.scenes.title import FRAME
from game.ui.settings import (
    DEFAULTS,
    PALETTES,
    REPLAY_SPEEDS,
    TEXT_SCALES,
    WINDOW_SIZES,
    Settings,
)
from game.ui.text import fit, wrap

TEXT_NAMES = {0.9: "Small", 1.0: "Normal", 1.15: "Large", 1.3: "Larger"}
PALETTE_NAMES = {"colours": "Colours", "patterns": "Patterns and initials"}
SPEED_NAMES = {"slow": "Slow", "normal": "Normal", "fast": "Fast"}
RESTORE = "Restore defaults"
BACK = "Back"
HINT = "↑↓ or Tab choose  ·  ←→ change  ·  Enter toggle  ·  F11 full screen  ·  Esc back"
_ENTER = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)


@dataclass(frozen=True)
class Row:
    """One setting as the page shows it: its values in order and which one is current."""

    key: str  # the Settings field it changes
    label: str
    values: tuple[object, ...]
    names: tuple[str, ...]
    current: int
    note: str

    @property
    def shown(self) -> str:
        return self.names[self.current]


def _choice(
    values: list[object], names: list[str], now: object
) -> tuple[list[object], list[str], int]:
    """The values with the current one among them (a hand-edited file may hold any)."""
    if now not in values:
        values.append(now)
        names.append(str(now))
    return values, names, values.index(now)


def setting_rows(settings: Settings, fullscreen: bool) -> list[Row]:
    """The page's rows for these settings; `fullscreen` is the window's actual state,
    which F11 may have changed since the settings were last saved."""
    rows: list[Row] = []

    sizes: list[object] = list(WINDOW_SIZES)
    if settings.window not in sizes:  # a size the player dragged the window to
        sizes.append(settings.window)
        sizes.sort(key=lambda s: s[0] * s[1] if isinstance(s, tuple) else 0)
    size_names = [f"{s[0]} × {s[1]}" for s in sizes if isinstance(s, tuple)]
    note = "Used when the game is not in full screen." if fullscreen else "The window's size."
    rows.append(
        Row(
            "window",
            "Window size",
            tuple(sizes),
            tuple(size_names),
            sizes.index(settings.window),
            note,
        )
    )
    rows.append(
        Row(
            "fullscreen",
            "Full screen",
            (False, True),
            ("Off", "On"),
            int(fullscreen),
            "Fill the whole screen; F11 switches on every page.",
        )
    )
    scales, scale_names, at = _choice(
        list(TEXT_SCALES),
        [f"{TEXT_NAMES.get(s, '')} ({round(s * 100)}%)".strip() for s in TEXT_SCALES],
        settings.text_scale,
    )
    if scale_names[at] == str(settings.text_scale):
        scale_names[at] = f"{round(settings.text_scale * 100)}%"
    rows.append(
        Row(
            "text_scale",
            "Text size",
            tuple(scales),
            tuple(scale_names),
            at,
            "The size of all the words in the game.",
        )
    )
    palettes, palette_names, at = _choice(
        list(PALETTES), [PALETTE_NAMES.get(p, p) for p in PALETTES], settings.palette
    )
    rows.append(
        Row(
            "palette",
            "Map palette",
            tuple(palettes),
            tuple(palette_names),
            at,
            PALETTES.get(settings.palette, ""),
        )
    )
    speeds, speed_names, at = _choice(
        list(REPLAY_SPEEDS), [SPEED_NAMES.get(s, s) for s in REPLAY_SPEEDS], settings.replay_speed
    )
    rows.append(
        Row(
            "replay_speed",
            "Replay speed",
            tuple(speeds),
            tuple(speed_names),
            at,
            f"A replay dwells {settings.seconds_per_turn:g} s on each turn.",
        )
    )
    rows.append(
        Row(
            "guide",
            "First-game guide",
            (False, True),
            ("Off", "On"),
            int(settings.guide),
            "A guided first turn at the next new game (seen or skipped, it turns itself off).",
        )
    )
    return rows


class SettingsScene(Scene):
    name = "settings"

    def __init__(self) -> None:
        super().__init__()
        # The chosen row outlives the rebuilds that every applied change causes.
        self.selected = 0
        self.rows: list[Row] = []
        self.row_rects: list[pygame.Rect] = []
        self.arrows: list[tuple[UIButton, UIButton]] = []
        self.restore_button: UIButton | None = None
        self.back_button: UIButton | None = None
        self.compact = False  # the notes did not fit under the labels: only the chosen one shows
        self.note_rect = pygame.Rect(0, 0, 0, 0)
        self.note_width = 0
        self.note_lines: list[list[str]] = []  # each row's note, wrapped under its label
        self.note_lines_below: list[list[str]] = []  # ... and across the page (compact)
        self.scale = 1.0

    # -- what is shown -------------------------------------------------------------------

    @property
    def count(self) -> int:
        """Rows, then the two buttons: everything the keyboard can reach."""
        return len(self.rows) + 2

    def _fonts(self) -> tuple[pygame.font.Font, pygame.font.Font, pygame.font.Font]:
        k = self.scale
        return (
            theme.font(max(13, round(19 * k)), "bold"),  # the setting's name
            theme.font(max(13, round(19 * k)), "regular"),  # its value
            theme.font(max(12, round(15 * k)), "italic"),  # the note under it
        )

    def build(self, size: tuple[int, int]) -> None:
        w, h = size
        k = self.scale = min(w / 1280, h / 720)
        self.rows = setting_rows(self.app.settings, self.app.fullscreen)
        label_font, value_font, note_font = self._fonts()
        top = masthead_bottom(size) + round(4 * k)  # the rows start below the masthead
        bh = max(40, value_font.get_linesize() + 14)
        hint_h = theme.font(max(12, round(15 * k)), "regular").get_linesize()
        buttons_top = h - FRAME - 12 - hint_h - round(14 * k) - bh
        # The arrows wear the menu's face (24 at the normal text size): as wide as it needs.
        arrow = max(
            30,
            value_font.get_linesize() + 4,
            theme.button_font(k, "#menu_button").size("<")[0] + 14,
        )
        line = max(label_font.get_linesize(), arrow)
        pad = max(8, round(10 * k))
        room = buttons_top - round(10 * k) - top
        width = min(round(900 * k), w - 2 * FRAME - 60)
        left = (w - width) // 2
        value_w = min(
            round(width * 0.48),
            max(value_font.size(n)[0] for r in self.rows for n in r.names) + 2 * arrow + 40,
        )
        # A note wraps under its label, in the room the value leaves it.
        self.note_width = width - value_w - 24 - 10
        self.note_lines = [wrap(note_font, r.note, self.note_width) or [""] for r in self.rows]
        note_h = note_font.get_linesize() * max(len(lines) for lines in self.note_lines)
        row_h = line + note_h + pad
        self.compact = row_h * len(self.rows) > room
        if self.compact:
            row_h = line + pad // 2
            room -= note_h + pad  # the chosen row's note goes beneath the rows
        row_h = min(row_h, max(line, room // max(1, len(self.rows))))
        self.row_rects, self.arrows = [], []
        for i, row in enumerate(self.rows):
            rect = pygame.Rect(left, top + i * row_h, width, row_h)
            self.row_rects.append(rect)
            box_top = rect.top + (line - arrow) // 2 + pad // 4
            back = UIButton(
                pygame.Rect(rect.right - value_w, box_top, arrow, arrow),
                "<",
                self.manager,
                object_id=theme.button_face(k, "#menu_button"),
                tool_tip_text=f"Previous {row.label.lower()} (←)",
            )
            forward = UIButton(
                pygame.Rect(rect.right - arrow, box_top, arrow, arrow),
                ">",
                self.manager,
                object_id=theme.button_face(k, "#menu_button"),
                tool_tip_text=f"Next {row.label.lower()} (→)",
            )
            self.add(back)
            self.add(forward)
            self.arrows.append((back, forward))
        self.note_rect = pygame.Rect(left, top + len(self.rows) * row_h + pad // 2, width, note_h)
        self.note_lines_below = [wrap(note_font, r.note, width) or [""] for r in self.rows]
        bw = max(label_font.size(RESTORE)[0] + 40, round(220 * k))
        gap = round(28 * k)
        self.restore_button = UIButton(
            pygame.Rect(w // 2 - gap // 2 - bw, buttons_top, bw, bh),
            RESTORE,
            self.manager,
            object_id=theme.button_face(k),
        )
        self.back_button = UIButton(
            pygame.Rect(w // 2 + gap // 2, buttons_top, bw, bh),
            BACK,
            self.manager,
            object_id=theme.button_face(k),
        )
        self.add(self.restore_button)
        self.add(self.back_button)
        self._mark()

    def _mark(self) -> None:
        """Show which of the two buttons the keyboard is on (the rows are drawn)."""
        self.selected %= self.count
        for index, button in (
            (len(self.rows), self.restore_button),
            (len(self.rows) + 1, self.back_button),
        ):
            if button is not None:
                gui.select(button, self.selected == index)
        self.dirty = True

    # -- changing things ----------------------------------------------------------------

    def current(self) -> Settings:
        """The settings as they stand, with the window's real full-screen state."""
        return self.app.settings.with_(fullscreen=self.app.fullscreen)

    def step(self, index: int, by: int) -> None:
        """Move row `index` to its next (by=1) or previous (by=-1) value, and apply it."""
        row = self.rows[index]
        value = row.values[(row.current + by) % len(row.values)]
        self.selected = index
        self.app.change_settings(self.current().with_(**{row.key: value}))
        self.dirty = True

    def restore(self) -> None:
        self.app.change_settings(DEFAULTS)
        self.dirty = True

    def activate(self) -> Transition | None:
        """Enter: toggle the chosen row (or step it on), or press the chosen button."""
        if self.selected < len(self.rows):
            self.step(self.selected, 1)
            return None
        if self.selected == len(self.rows):
            self.restore()
            return None
        return POP

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is self.back_button:
                return POP
            if event.ui_element is self.restore_button:
                self.selected = len(self.rows)
                self.restore()
                return None
            for i, (back, forward) in enumerate(self.arrows):
                if event.ui_element is back or event.ui_element is forward:
                    self.step(i, -1 if event.ui_element is back else 1)
                    return None
            return None
        if event.type == pygame.MOUSEBUTTONDOWN and getattr(event, "button", 0) == 1:
            for i, rect in enumerate(self.row_rects):
                if rect.collidepoint(event.pos):
                    self.selected = i
                    self._mark()
        if event.type != pygame.KEYDOWN:
            return None
        code = event.key
        if code == pygame.K_ESCAPE:
            return POP
        if code in _ENTER:
            return self.activate()
        if code in (pygame.K_DOWN, pygame.K_UP, pygame.K_TAB):
            upward = code == pygame.K_UP or (
                code == pygame.K_TAB and bool(getattr(event, "mod", 0) & pygame.KMOD_SHIFT)
            )
            self.selected = (self.selected + (-1 if upward else 1)) % self.count
            self._mark()
        elif code in (pygame.K_LEFT, pygame.K_RIGHT):
            by = 1 if code == pygame.K_RIGHT else -1
            if self.selected < len(self.rows):
                self.step(self.selected, by)
            else:  # between the two buttons, the arrows move as they look
                self.selected = len(self.rows) + (1 if by > 0 else 0)
                self._mark()
        elif code == pygame.K_HOME:
            self.selected = 0
            self._mark()
        return None

    # -- drawing ------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        frame = page(surface)
        masthead(surface, frame, "Dual Power", "Settings")
        label_font, value_font, note_font = self._fonts()
        for i, (row, rect) in enumerate(zip(self.rows, self.row_rects, strict=True)):
            back, forward = self.arrows[i]
            chosen = i == self.selected
            if chosen:
                band = rect.inflate(16, 0)
                pygame.draw.rect(surface, theme.PAPER_DARK, band, border_radius=4)
                pygame.draw.rect(surface, theme.INK_FADED, band, 1, border_radius=4)
                tip = (band.left + 8, back.rect.centery)
                pygame.draw.polygon(
                    surface,
                    theme.ACCENT,
                    [(tip[0] - 3, tip[1] - 5), (tip[0] + 3, tip[1]), (tip[0] - 3, tip[1] + 5)],
                )
            room = back.rect.left - rect.left - 24
            label = label_font.render(fit(label_font, row.label, room), True, theme.INK)
            surface.blit(label, (rect.left + 10, back.rect.centery - label.get_height() // 2))
            if not self.compact:
                y = back.rect.centery + label.get_height() // 2
                for text in self.note_lines[i]:
                    surface.blit(note_font.render(text, True, theme.INK_FADED), (rect.left + 10, y))
                    y += note_font.get_linesize()
            between = pygame.Rect(
                back.rect.right,
                back.rect.top,
                forward.rect.left - back.rect.right,
                back.rect.height,
            )
            shown = fit(value_font, row.shown, between.width - 8)
            value = value_font.render(shown, True, theme.ACCENT if chosen else theme.INK)
            surface.blit(value, value.get_rect(center=between.center))
        if self.compact and self.selected < len(self.rows):
            y = self.note_rect.top
            for line in self.note_lines_below[self.selected]:
                image = note_font.render(line, True, theme.INK_FADED)
                surface.blit(image, (self.note_rect.centerx - image.get_width() // 2, y))
                y += note_font.get_linesize()
        problem = self.app.settings_note
        if problem:  # in the hint's place: the one thing the player must read here
            image = note_font.render(fit(note_font, problem, frame.width - 40), True, theme.ACCENT)
            y = frame.bottom - image.get_height() - 12
            surface.blit(image, ((surface.get_width() - image.get_width()) // 2, y))
        else:
            hint(surface, frame, HINT)

    def shown_texts(self) -> list[str]:
        texts = [f"{row.label}: {row.shown}" for row in self.rows]
        texts += [row.note for row in self.rows]
        texts += [RESTORE, BACK]
        if self._app is not None and self.app.settings_note:
            texts.append(self.app.settings_note)
        return texts
