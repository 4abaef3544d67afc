"""Drawing a tooltip: its lines wrapped, a breakdown set as a table, the box kept on screen.

A tooltip with much to say in a small window grows wider before it grows taller, and
its table's row labels take what room the numbers leave, so nothing in it is cut short.
"""

from __future__ import annotations

import pygame

from game.ui import ink, theme
from game.ui.breakdown import Breakdown, Cell
from game.ui.scenes.map import face
from game.ui.scenes.map.tips import Tip
from game.ui.text import wrap

MIN_WIDTH = 330
PAD = 10

Line = tuple[pygame.font.Font, str]


class TableLayout:
    """A breakdown set as a table: row labels on the left, a column per number, changes beside
    each number in red; the factions' columns are underlined in their colours."""

    def __init__(self, table: Breakdown, colours: list[theme.Colour], room: int) -> None:
        self.table = table
        self.colours = colours
        self.label_font, self.head_font = face.font(13, "regular"), face.font(12, "italic")
        self.value_font, self.change_font = face.font(13, "bold"), face.font(11, "regular")
        self.widths = []
        for c, name in enumerate(table.columns):
            cells = [cells[c] for _, cells in table.rows]
            widest = max((self._cell_width(cell) for cell in cells), default=0)
            self.widths.append(max(self.head_font.size(name)[0], widest) + 10)
        # A label longer than the room the numbers leave is wrapped, never cut.
        longest = max((self.label_font.size(label)[0] for label, _ in table.rows), default=0) + 10
        self.label_width = max(80, min(longest, room - sum(self.widths)))
        self.labels = [
            wrap(self.label_font, label, self.label_width - 8) or [""] for label, _ in table.rows
        ]
        self.line = self.label_font.get_linesize()
        self.row_heights = [len(lines) * self.line + 2 for lines in self.labels]
        self.width = self.label_width + sum(self.widths)
        self.height = self.head_font.get_linesize() + 4 + sum(self.row_heights)

    def _cell_width(self, cell: Cell) -> int:
        width = self.value_font.size(cell.text)[0]
        if cell.change:
            width += 3 + self.change_font.size(f"{cell.change:+d}")[0]
        return width

    def draw(self, surface: pygame.Surface, topleft: tuple[int, int]) -> None:
        x0, y = topleft
        x = x0 + self.label_width
        line_y = y + self.head_font.get_linesize() + 1
        for c, (name, width) in enumerate(zip(self.table.columns, self.widths, strict=True)):
            head_box = pygame.Rect(x, y, width, line_y - y)
            size = self.head_font.size(name)
            ink.text(
                surface,
                self.head_font,
                name,
                theme.INK_FADED,
                (x + width - 10 - size[0], y),
                head_box,
            )
            if c < len(self.colours) and len(self.table.columns) > len(self.colours):
                pygame.draw.line(
                    surface, self.colours[c], (x + 4, line_y), (x + width - 6, line_y), 2
                )
            x += width
        y = line_y + 3
        rows = zip(self.table.rows, self.labels, self.row_heights, strict=True)
        for r, ((_, cells), lines, height) in enumerate(rows):
            if r % 2:
                band = pygame.Rect(x0 - 4, y, self.width + 4, height)
                pygame.draw.rect(surface, theme.PAPER, band)
            box = pygame.Rect(x0, y, self.label_width, height)
            for i, line in enumerate(lines):
                ink.text(
                    surface, self.label_font, line, theme.INK, (x0, y + 1 + i * self.line), box
                )
            x = x0 + self.label_width
            for cell, width in zip(cells, self.widths, strict=True):
                room = pygame.Rect(x, y, width, height)
                right = x + width - 10
                if cell.change:
                    change = f"{cell.change:+d}"
                    right -= self.change_font.size(change)[0]
                    ink.text(
                        surface, self.change_font, change, theme.ACCENT, (right + 3, y + 3), room
                    )
                value_width = self.value_font.size(cell.text)[0]
                ink.text(
                    surface,
                    self.value_font,
                    cell.text,
                    theme.INK,
                    (right - value_width, y + 1),
                    room,
                )
                x += width
            y += height


def _set(
    tip: Tip, table: Breakdown | None, colours: list[theme.Colour], width: int
) -> tuple[list[Line], TableLayout | None, list[Line]]:
    """The tooltip's lines wrapped for a box `width` wide, and its table."""
    head, body = face.font(15, "bold"), face.font(14, "regular")
    caption = face.font(13, "italic")
    room = width - 2 * PAD

    def wrapped(font: pygame.font.Font, lines: list[str]) -> list[Line]:
        return [(font, part) for line in lines for part in wrap(font, line, room)]

    layout = TableLayout(table, colours, room) if table is not None else None
    above = wrapped(head, tip.lines[:1]) + wrapped(body, tip.lines[1:])
    if layout is not None and tip.caption:
        above += wrapped(caption, [tip.caption])
    return above, layout, wrapped(body, tip.after)


def _sized(
    tip: Tip, colours: list[theme.Colour], room: pygame.Rect
) -> tuple[list[Line], TableLayout | None, list[Line], int, int]:
    """The tooltip set for `room`: wider where it would be too tall (a small window, large
    text), so its lines wrap less. Returns its lines, table, width and height."""
    widest = room.width - 8
    width = min(MIN_WIDTH, widest)
    if tip.table is not None:
        width = min(max(width, TableLayout(tip.table, colours, 10_000).width + 2 * PAD), widest)
    while True:
        above, table, below = _set(tip, tip.table, colours, width)
        table_height = table.height + 6 if table is not None else 0
        height = _tall(above) + table_height + _tall(below) + 14
        if height <= room.height - 8 or width >= widest:
            return above, table, below, width, height
        width = min(widest, width + 80)


def _tall(lines: list[Line]) -> int:
    return sum(f.get_linesize() + 1 for f, _ in lines)


def draw_tip(
    surface: pygame.Surface,
    tip: Tip,
    colours: list[theme.Colour],
    mouse: tuple[int, int],
    rooms: list[pygame.Rect],
) -> pygame.Rect | None:
    """Draw the tooltip near the mouse in the first of `rooms` it fits (else the last);
    returns its box (None: nothing to say)."""
    if not tip.lines:
        return None
    for room in rooms:
        set_ = _sized(tip, colours, room)
        if set_[4] <= room.height - 8:
            break
    above, table, below, width, height = set_
    mx, my = mouse
    x = mx + 18 if mx + 18 + width < room.right else mx - 18 - width
    x = max(room.left + 4, min(x, room.right - width - 4))
    y = max(room.top + 4, min(my + 18, room.bottom - height - 4))
    box = pygame.Rect(x, y, width, height)
    pygame.draw.rect(surface, theme.INK_PALE, box.move(3, 3), border_radius=4)
    pygame.draw.rect(surface, theme.PAPER_LIGHT, box, border_radius=4)
    pygame.draw.rect(surface, theme.INK_FADED, box, 1, border_radius=4)
    inner = box.inflate(-2 * PAD + 2, -2)
    caption_font = face.font(13, "italic")
    ty = box.top + 7
    for font, text in above:
        colour = theme.INK_FADED if font is caption_font else theme.INK
        ink.text(surface, font, text, colour, (box.left + PAD, ty), inner)
        ty += font.get_linesize() + 1
    if table is not None:
        table.draw(surface, (box.left + PAD, ty + 2))
        ty += table.height + 6
    for font, text in below:
        ink.text(surface, font, text, theme.INK, (box.left + PAD, ty), inner)
        ty += font.get_linesize() + 1
    return box
