"""The journal: everything that has happened in the game, turn by turn, with the dates.

`JournalScene(session)` goes over the map (the map's J key).

Keys: Up/Down, PgUp/PgDn, Space, Home/End scroll; Tab and Shift+Tab move the
focus between the text and the Close button; Enter or Space on Close, Esc or J
close the journal.

Shared with the ending, the error page, the codex, the charts and the new-game page:
`Column`, the scrolling column of set text (a block may carry a second text set
beside it), the page furniture (`page`, `masthead`, `hint`) and the keyboard's
focus (`Focus`, `tab_step`, `focus_mark`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from game.describe import both_styles
from game.engine.rules import Rules
from game.engine.state import NO_ONE, JournalEntry
from game.report import TurnReport, report_of_turn
from game.session import Session
from game.ui import gui, theme
from game.ui.scene import POP, Scene, Transition
from game.ui.scenes.title import FRAME, ornament
from game.ui.text import fit, wrap

WHEEL_STEP = 48  # pixels a notch of the mouse wheel scrolls
BAR_GRAB = 8  # pixels either side of a column's thin scroll bar that still take the mouse
BESIDE_GAP = 24  # pixels between the two cells of a row (at scale 1)
ACTIVATE = (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE)
SCROLL_KEYS = (
    pygame.K_UP,
    pygame.K_DOWN,
    pygame.K_PAGEUP,
    pygame.K_PAGEDOWN,
    pygame.K_HOME,
    pygame.K_END,
)

_MOUSE = (pygame.MOUSEBUTTONDOWN, pygame.MOUSEMOTION, pygame.MOUSEBUTTONUP)

# How each kind of block is set: (size, style, colour, space above in pixels).
STYLES: dict[str, tuple[int, str, theme.Colour, int]] = {
    "date": (19, "bold", theme.INK, 16),
    "label": (15, "italic", theme.INK_FADED, 0),
    "text": (16, "regular", theme.INK, 3),
    "mine": (16, "italic", theme.ACCENT, 3),
    "other": (16, "regular", theme.INK_FADED, 3),
    "heading": (20, "bold", theme.INK, 14),
    "small": (14, "regular", theme.INK, 2),
    "small_date": (14, "bold", theme.INK, 8),
    "small_faded": (14, "italic", theme.INK_FADED, 2),
    "small_mine": (14, "italic", theme.ACCENT, 2),
    "kicker": (14, "italic", theme.ACCENT, 0),
    "title": (30, "bold", theme.INK, 4),
    "body": (17, "regular", theme.INK, 8),
    "faded": (16, "italic", theme.INK_FADED, 8),
    "intro": (19, "regular", theme.INK, 10),
}


@dataclass(frozen=True)
class Block:
    """A paragraph of one kind, set in that kind's style (see STYLES).

    With `beside`, the block is a row of two cells: `text` on the left part of the
    column (`split` of its width) and `beside`, set as `beside_kind`, on the right.
    """

    kind: str
    text: str
    indent: int = 0
    beside: str = ""
    beside_kind: str = "text"
    split: float = 0.5


class Column:
    """Blocks wrapped to a width and drawn in a rect, scrolled by whole pixels."""

    def __init__(self, blocks: Sequence[Block], scale: float = 1.0) -> None:
        self.blocks = list(blocks)
        self.scale = scale
        self.offset = 0
        self.width = 0
        self.rows: list[tuple[int, str, pygame.font.Font, theme.Colour, int]] = []
        self.height = 0
        self.view = 0
        self.shown = pygame.Rect(0, 0, 0, 0)  # where it was drawn last (the bar's place)
        self.dragging = False

    def font(self, kind: str) -> pygame.font.Font:
        size, style, _, _ = STYLES[kind]
        return theme.font(max(11, round(size * self.scale)), style)

    def set(self, width: int, view: int) -> None:
        """Wrap to `width` for a window `view` pixels high (again only if the width changed)."""
        self.view = view
        if width != self.width:
            self.width = width
            self.rows = []
            y = 0
            for block in self.blocks:
                y += round(STYLES[block.kind][3] * self.scale)
                indent = round(block.indent * self.scale)
                if not block.beside:
                    y = self._set_cell(block.kind, block.text, y, indent, width - indent)
                    continue
                gap = round(BESIDE_GAP * self.scale)
                left = round((width - indent - gap) * block.split)
                below = self._set_cell(block.kind, block.text, y, indent, left)
                x = indent + left + gap
                y = max(below, self._set_cell(block.beside_kind, block.beside, y, x, width - x))
            self.height = y
        self.scroll(0)

    def _set_cell(self, kind: str, text: str, y: int, x: int, width: int) -> int:
        """Wrap one text into rows from (x, y); returns the y below it."""
        font = self.font(kind)
        colour = STYLES[kind][2]
        for line in wrap(font, text, width) or [""]:
            self.rows.append((y, line, font, colour, x))
            y += font.get_linesize() if line else font.get_linesize() // 2
        return y

    @property
    def limit(self) -> int:
        return max(0, self.height - self.view)

    def scroll(self, by: int) -> bool:
        """Move by `by` pixels (within bounds); whether anything moved."""
        before = self.offset
        self.offset = min(self.limit, max(0, self.offset + by))
        return self.offset != before

    def to(self, top: int, bottom: int) -> None:
        """Scroll just enough that the rows from `top` to `bottom` are in view."""
        if top < self.offset:
            self.offset = top
        elif bottom > self.offset + self.view:
            self.offset = bottom - self.view
        self.scroll(0)

    def handle(self, event: pygame.event.Event) -> bool:
        """Wheel, the scroll bar, arrows, PgUp/PgDn, Home/End; whether the column moved."""
        if event.type in _MOUSE:
            return self.drag(event)
        if event.type == pygame.MOUSEWHEEL:
            return self.scroll(-event.y * WHEEL_STEP)
        if event.type != pygame.KEYDOWN:
            return False
        page = max(40, self.view - 60)
        steps = {
            pygame.K_DOWN: WHEEL_STEP,
            pygame.K_UP: -WHEEL_STEP,
            pygame.K_PAGEDOWN: page,
            pygame.K_SPACE: page,
            pygame.K_PAGEUP: -page,
            pygame.K_HOME: -self.height,
            pygame.K_END: self.height,
        }
        return event.key in steps and self.scroll(steps[event.key])

    def bar(self) -> pygame.Rect | None:
        """Where the scroll bar runs (None while everything is in view)."""
        if not self.limit or not self.shown.height:
            return None
        return pygame.Rect(self.shown.right + 8, self.shown.top, 3, self.shown.height)

    def thumb(self) -> int:
        """The height of the bar's handle."""
        rect = self.shown
        return min(rect.height, max(24, rect.height * rect.height // max(1, self.height)))

    def drag(self, event: pygame.event.Event) -> bool:
        """The bar under the mouse: a press on it jumps there and holds it, the mouse
        moving with the button down drags it; whether the column moved."""
        bar = self.bar()
        if event.type == pygame.MOUSEBUTTONUP:
            self.dragging = False
            return False
        if bar is None:
            return False
        if event.type == pygame.MOUSEBUTTONDOWN:
            if not grabs(bar, event):
                return False
            self.dragging = True
        elif event.type != pygame.MOUSEMOTION or not self.dragging:
            return False
        return self.scroll(bar_position(bar, self.thumb(), event.pos[1], self.limit) - self.offset)

    def draw(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        self.shown = pygame.Rect(rect)
        old = surface.get_clip()
        surface.set_clip(rect)
        for y, line, font, colour, indent in self.rows:
            top = rect.top + y - self.offset
            if top + font.get_linesize() < rect.top or not line:
                continue
            if top > rect.bottom:
                break
            surface.blit(font.render(line, True, colour), (rect.left + indent, top))
        surface.set_clip(old)
        bar = self.bar()
        if bar is not None:  # a thin scroll bar in the margin, to drag or only to read
            pygame.draw.rect(surface, theme.PAPER_DARK, bar)
            size = self.thumb()
            at = (rect.height - size) * self.offset // max(1, self.limit)
            ink = theme.ACCENT if self.dragging else theme.INK_FADED
            pygame.draw.rect(surface, ink, (bar.left - 1, rect.top + at, 5, size))

    def texts(self) -> list[str]:
        return [t for b in self.blocks for t in (b.text, b.beside) if t]


def bar_position(bar: pygame.Rect, thumb: int, y: int, limit: int) -> int:
    """Where (0 to `limit`) a scroll bar's handle `thumb` pixels long puts its list when
    the mouse holds it at `y`: the handle's middle follows the mouse."""
    room = max(1, bar.height - thumb)
    return max(0, min(limit, round((y - bar.top - thumb // 2) * limit / room)))


def grabs(bar: pygame.Rect, event: pygame.event.Event) -> bool:
    """Whether a mouse event presses on a thin scroll bar (or a few pixels off it)."""
    return (
        event.type == pygame.MOUSEBUTTONDOWN
        and getattr(event, "button", 0) == 1
        and bar.inflate(2 * BAR_GRAB, 0).collidepoint(event.pos)
    )


def drag_bars(event: pygame.event.Event, *columns: Column | None) -> bool:
    """Give a mouse event to each column's scroll bar; whether any column moved."""
    if event.type not in _MOUSE:
        return False
    moved = [column.drag(event) for column in columns if column is not None]
    return any(moved)


def page(surface: pygame.Surface) -> pygame.Rect:
    """Paper with a double rule inside its edge (as on the title); returns the inner frame."""
    w, h = surface.get_size()
    surface.fill(theme.PAPER)
    frame = pygame.Rect(0, 0, w, h).inflate(-FRAME * 2, -FRAME * 2)
    pygame.draw.rect(surface, theme.INK_FADED, frame, 2)
    pygame.draw.rect(surface, theme.INK_PALE, frame.inflate(-10, -10), 1)
    return frame


def _masthead_fonts(k: float) -> tuple[pygame.font.Font, pygame.font.Font]:
    """The kicker's font and the title's, for a page `k` times the designed one."""
    return (
        theme.font(max(12, round(15 * k)), "regular"),
        theme.font(max(22, round(40 * k)), "bold"),
    )


def foot_size(k: float) -> tuple[int, int]:
    """The width and height of the buttons at a page's foot (Back and the way on)."""
    return round(220 * k), max(44, round(52 * k))


def foot_buttons(
    scene: Scene, k: float, width: int, bottom: int, onward: str, back_face: str | None
) -> tuple[UIButton, UIButton]:
    """Back and the page's way on (Start, Continue), side by side at the foot's centre."""
    sw, sh = foot_size(k)
    back = UIButton(
        pygame.Rect(width // 2 - sw - round(14 * k), bottom, sw, sh),
        "Back",
        scene.manager,
        object_id=back_face,
    )
    on = UIButton(
        pygame.Rect(width // 2 + round(14 * k), bottom, sw, sh),
        onward,
        scene.manager,
        object_id=theme.button_face(k, "#end_turn"),
    )
    scene.add(back)
    scene.add(on)
    return back, on


def masthead_bottom(size: tuple[int, int]) -> int:
    """The y `masthead` returns on a window of this size, at the current text size: a
    page's content starts no higher, or the title (which grows with the text) runs into it."""
    w, h = size
    k = min(w / 1280, h / 720)
    small, big = _masthead_fonts(k)
    # The same sums as masthead's, with the heights of rendered lines (taller than the
    # fonts' get_height(): pygame renders a line at its line size).
    y = FRAME + round(22 * k) + small.render("A", True, theme.INK).get_height() + round(2 * k)
    y += big.render("A", True, theme.INK).get_height() + round(10 * k)
    return y + round(16 * k)


def masthead(surface: pygame.Surface, frame: pygame.Rect, kicker: str, title: str) -> int:
    """A small spaced line, a big title and a printer's rule, centred; returns the y below."""
    w = surface.get_width()
    k = min(surface.get_width() / 1280, surface.get_height() / 720)
    small, big = _masthead_fonts(k)
    y = frame.top + round(22 * k)
    # The kicker may be a scenario's words (its masthead): never wider than the page.
    line = small.render(
        fit(small, "   ".join(kicker.upper()), frame.width - 40), True, theme.INK_FADED
    )
    surface.blit(line, ((w - line.get_width()) // 2, y))
    y += line.get_height() + round(2 * k)
    image = big.render(title, True, theme.INK)
    surface.blit(image, ((w - image.get_width()) // 2, y))
    y += image.get_height() + round(10 * k)
    ornament(surface, (w // 2, y), round(200 * k), theme.INK_FADED)
    return y + round(16 * k)


def hint(surface: pygame.Surface, frame: pygame.Rect, text: str) -> None:
    k = min(surface.get_width() / 1280, surface.get_height() / 720)
    font = theme.font(max(12, round(15 * k)), "regular")
    image = font.render(text, True, theme.INK_PALE)
    x = (surface.get_width() - image.get_width()) // 2
    surface.blit(image, (x, frame.bottom - image.get_height() - 12))


def tab_step(event: pygame.event.Event) -> int:
    """+1 for Tab, -1 for Shift+Tab, 0 for any other event."""
    if event.type != pygame.KEYDOWN or event.key != pygame.K_TAB:
        return 0
    return -1 if event.mod & pygame.KMOD_SHIFT else 1


class Focus:
    """Which part of a page has the keyboard; Tab walks the parts in order, and round."""

    def __init__(self, parts: Sequence[str], at: str | None = None) -> None:
        self.parts = list(parts)
        self.index = self.parts.index(at) if at in self.parts else 0

    @property
    def part(self) -> str:
        return self.parts[self.index] if self.parts else ""

    def move(self, step: int) -> None:
        if self.parts:
            self.index = (self.index + step) % len(self.parts)

    def to(self, part: str) -> None:
        if part in self.parts:
            self.index = self.parts.index(part)

    def show(self, buttons: Mapping[str, UIButton]) -> None:
        """Buttons show the focus as pygame_gui's selected state."""
        for name, button in buttons.items():
            gui.select(button, name == self.part)


def focus_mark(surface: pygame.Surface, rect: pygame.Rect) -> None:
    """The keyboard's mark on a part of the page that is not a button: a thin red frame."""
    # Wide enough to take in the scroll bar drawn just right of a Column's rect.
    pygame.draw.rect(surface, theme.ACCENT, rect.inflate(36, 12), 1, border_radius=4)


def corner_button(manager: pygame_gui.UIManager, size: tuple[int, int], label: str) -> UIButton:
    """A small button in the page's top right corner (Close, Back), for the mouse."""
    w, h = size
    k = min(w / 1280, h / 720)
    bw, bh = max(96, round(118 * k)), max(32, round(38 * k))
    rect = pygame.Rect(w - FRAME - round(26 * k) - bw, FRAME + round(22 * k), bw, bh)
    return UIButton(rect, label, manager, object_id=theme.button_face(k))


def turn_date(rules: Rules, turn: int) -> str:
    """'Turn 3: 12 September 1917 (25 September New Style)', with the turn's label if any."""
    spec = rules.model.calendar.turns[min(turn, rules.last_turn)]
    label = f"  ·  {spec.label}" if spec.label else ""
    return f"Turn {turn + 1}: {both_styles(spec.date, rules.new_style_offset)}{label}"


def report_blocks(report: TurnReport) -> list[Block]:
    """A turn's report in the journal: the player's orders in their colour, the rest plain."""
    blocks = [Block("label", "What the turn brought")]
    blocks += [Block("small_faded", note, 8) for note in report.notes]
    if report.ending:
        blocks.append(Block("small_mine", report.ending, 8))
    orders = [o.line() for o in report.orders] or ["You gave no orders."]
    blocks += [Block("small_mine", f"Yours: {line}", 8) for line in orders]
    blocks += [Block("small", line, 8) for line in report.others]
    blocks += [Block("small", line, 8) for line in report.events]
    blocks += [Block("small_faded", f"Most of all: {line}", 8) for line in report.biggest]
    return blocks


def journal_blocks(
    session: Session, reports: Callable[[int], TurnReport] | None = None
) -> list[Block]:
    """The journal as set text: a dated heading for each turn and its lines below it, and
    after each turn played, its report (`reports(i)` for the i-th turn played; by default
    made from the session)."""
    rules = session.rules
    me = NO_ONE if session.player is None else rules.faction_index[session.player]
    if reports is None:

        def reports(index: int) -> TurnReport:
            return report_of_turn(session, index, me)

    names = [(f.name, f.short_name or f.name) for f in rules.model.factions]
    by_turn: dict[int, list[JournalEntry]] = {}
    for entry in session.state.journal:
        by_turn.setdefault(entry.turn, []).append(entry)
    played = len(session.records) if me != NO_ONE else 0
    blocks: list[Block] = []
    for turn in range(max([*by_turn, played - 1], default=-1) + 1):
        entries = by_turn.get(turn, [])
        if not entries and turn >= played:
            continue
        blocks.append(Block("date", turn_date(rules, turn)))
        for entry in entries:
            if entry.faction == NO_ONE:
                blocks.append(Block("text", f"·  {entry.text}", 8))
            elif entry.faction == me:
                blocks.append(Block("mine", f"·  {entry.text}", 8))
            else:
                full, short = names[entry.faction] if 0 <= entry.faction < len(names) else ("", "")
                named = entry.text.startswith((full, short))
                text = entry.text if named else f"{short}: {entry.text}"
                blocks.append(Block("other", f"·  {text}", 8))
        if turn < played:
            blocks.extend(report_blocks(reports(turn)))
    if not blocks:
        blocks.append(Block("faded", "Nothing has been written in the journal yet."))
    return blocks


class JournalScene(Scene):
    name = "journal"

    def __init__(
        self, session: Session, reports: Callable[[int], TurnReport] | None = None
    ) -> None:
        """`reports`: the report of each turn played, as the game in play keeps them."""
        super().__init__()
        self.session = session
        self.column = Column(journal_blocks(session, reports))
        self.rect = pygame.Rect(0, 0, 0, 0)
        self.focus = Focus(["text", "close"])
        self.close_button: UIButton | None = None

    def build(self, size: tuple[int, int]) -> None:
        w, h = size
        k = min(w / 1280, h / 720)
        self.column = Column(self.column.blocks, k)
        width = min(round(860 * k), w - 2 * FRAME - 80)
        top = max(FRAME + round(120 * k), masthead_bottom(size))
        self.rect = pygame.Rect(
            (w - width) // 2, top, width, h - top - FRAME - max(46, round(48 * k))
        )
        self.column.set(self.rect.width, self.rect.height)
        self.column.scroll(self.column.height)  # open on the latest turn
        self.close_button = corner_button(self.manager, size, "Close")
        self.add(self.close_button)
        self._show_focus()

    def _show_focus(self) -> None:
        if self.close_button is not None:
            self.focus.show({"close": self.close_button})
        self.dirty = True

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.close_button:
            return POP
        if event.type == pygame.KEYDOWN:
            if event.key in (pygame.K_ESCAPE, pygame.K_j):
                return POP
            if tab_step(event):
                self.focus.move(tab_step(event))
                self._show_focus()
                return None
            if event.key in ACTIVATE and self.focus.part == "close":
                return POP
        if self.column.handle(event):
            self.dirty = True
        return None

    def draw(self, surface: pygame.Surface) -> None:
        frame = page(surface)
        rules, me = self.session.rules, self.session.player
        who = rules.model.factions[rules.faction_index[me]].name if me is not None else ""
        masthead(surface, frame, f"Journal · {who}" if who else "Journal", "The Journal")
        self.column.draw(surface, self.rect)
        if self.focus.part == "text":
            focus_mark(surface, self.rect)
        hint(
            surface, frame, "Arrows, PgUp/PgDn, Home/End to read  ·  Tab to Close  ·  Esc to close"
        )

    def shown_texts(self) -> list[str]:
        return self.column.texts()
