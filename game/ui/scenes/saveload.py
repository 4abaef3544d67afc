"""Saving and loading from the window: the saves listed with their summaries, and the
small functions the map binds to keys.

`SaveLoadScene(session_or_None, store, mode)` lists every save in the store (the
autosaves and the quicksave included), newest first, each with its faction, the
in-game date (Old Style), the turn, the leading factions' support and when it was
saved. Save writes the named save typed in the entry (asking before it replaces
another game's save), Load verifies the save by replaying it and opens its map in
place of the game being played, Delete asks first. Keys: up/down choose a save,
Tab moves between the list and the name, Enter saves (in the name) or loads (in
the list), Del deletes, Esc closes. A save that does not load says why in one line.
In "replay" mode the page opens the chosen save in the replay viewer instead
(`game.ui.scenes.replay.open_replay`), whatever kind of game it holds, and lists of
each game's autosaves only the newest (which holds every turn of the others).

Saving, loading and their refusals are the play layer's (`game.play`); this page
only shows them. `map_of(session)` is the map scene of a loaded game.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UITextEntryLine

from game.describe import MONTHS
from game.describe import masthead as masthead_words
from game.play import AskOverwrite, Game, PlayError, ironman_refusal
from game.play import continue_game as continue_game_in
from game.play.saving import one_line, os_text, playable_session
from game.saves.format import SaveError
from game.saves.store import QUICKSAVE, Listed, SaveStore, autosave_slot
from game.scenario.loader import Scenario
from game.session import Session
from game.ui import gui, theme, thumbnail
from game.ui.scene import POP, Scene, Transition, push, replace
from game.ui.scenes.journal import (
    bar_position,
    grabs,
    hint,
    masthead,
    masthead_bottom,
    page,
)
from game.ui.scenes.title import FRAME
from game.ui.text import fit, wrap
from game.ui.typed import typeable

Mode = Literal["save", "load", "replay"]
SUPPORT_SHOWN = 3  # factions named in a row's support line, the strongest first
WHEEL_ROWS = 1  # rows a notch of the mouse wheel scrolls
THUMB_ASPECT = 1.6  # width / height of a save's map in miniature
DETAIL_LINES = 2  # a row's details (faction, date, turn, support, ending) wrap to these
DOT = "  ·  "


# -- loading, through the play layer -----------------------------------------------------


def load_session(path: Path | str) -> Session | str:
    """A save verified by replaying it, ready to play on; or one line saying why not."""
    try:
        return playable_session(path)
    except PlayError as bad:
        return str(bad)


def continue_game(store: SaveStore) -> Session | str:
    """The newest save, verified and ready to play on; or one line saying why not."""
    try:
        return continue_game_in(store).session
    except PlayError as bad:
        return str(bad)


def map_of(session: Session | Game, store: SaveStore | None = None) -> Scene:
    """The map scene of a game (imported here: the map imports this module's callers);
    `store` is where its saves go (None: the window's folder)."""
    from game.ui.scenes.map import MapScene

    return MapScene(session, store, decisions_first=True)


def old_style(iso: object, marked: bool = True) -> str:
    """'1917-09-12' -> '12 September 1917 O.S.' (without the mark for a calendar of one
    style); the text itself if it is not a date."""
    try:
        day = dt.date.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}" + (" O.S." if marked else "")


def saved_when(iso: object) -> str:
    """The real time a save was written, in local time: '26 Nov 2026, 17:30'."""
    try:
        when = dt.datetime.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    if when.tzinfo is not None:
        when = when.astimezone()
    return when.strftime("%d %b %Y, %H:%M")


def slot_label(name: str, header: Mapping[str, object] | None = None, current: str = "") -> str:
    """'Autosave 1 (latest) · this game': a slot's name as a player tells it apart.

    Several games keep autosaves side by side; their files tell them apart by an id no
    player knows, so the row says whether it is the game being played (`current`, its
    id) or else the seed the game was begun with, as the new-game page showed it.
    """
    if name == QUICKSAVE:
        return "Quicksave"
    slot = autosave_slot(name)
    ironman = re.fullmatch(r"ironman-([0-9a-f]{8})", name)
    if slot is None and ironman is None:
        return name
    game = ironman.group(1) if ironman is not None else slot[0] if slot is not None else None
    of_game = ""
    if game and current and current.startswith(game):
        of_game = " · this game"
    elif game:
        seed = (header or {}).get("seed")
        of_game = f" · the game of seed {seed}" if isinstance(seed, int) else " · another game"
    if slot is None:
        return f"Ironman save{of_game}"
    newest_one = " (latest)" if slot[1] == 1 else ""
    return f"Autosave {slot[1]}{newest_one}{of_game}"


def describe_listed(
    listed: Listed, names: Mapping[str, str], marked: bool = True, current: str = ""
) -> tuple[str, str, str]:
    """(title, details, when) for a save's row; an unreadable save says why in one line.
    `marked`: the dates are Old Style (the scenario's calendar has two styles); `current`:
    the id of the game being played, if any."""
    title = slot_label(listed.name, listed.header, current)
    if listed.problem is not None or listed.header is None:
        return title, f"Unreadable: {one_line(listed.problem or 'no header')}", ""
    summary = listed.header.get("summary")
    if not isinstance(summary, dict):
        return title, "No summary in this save (load it to see it).", ""
    faction = summary.get("faction") or "All AI"
    played = summary.get("turn")  # turns played: the game stands at the next one...
    turn = f"turn {played + 1}" if isinstance(played, int) else "turn ?"
    if summary.get("ending") and isinstance(played, int):  # ...unless it is over
        turn = f"ended after {played} turn{'' if played == 1 else 's'}"
    parts = [str(faction), old_style(summary.get("date"), marked), turn]
    support = summary.get("support")
    if isinstance(support, dict):
        ranked = sorted(
            ((v, k) for k, v in support.items() if isinstance(v, int | float)), reverse=True
        )
        shown = [f"{names.get(str(k), str(k))} {round(v)}%" for v, k in ranked[:SUPPORT_SHOWN]]
        if shown:
            parts.append(", ".join(shown))
    if summary.get("ending"):
        parts.append(str(summary["ending"]))
    return title, DOT.join(parts), saved_when(summary.get("saved_at", ""))


def latest_autosaves(entries: list[Listed]) -> list[Listed]:
    """The saves without each game's older autosaves: a game's newest autosave holds all
    of its turns, so a list of games to watch needs no more of them."""
    newest: dict[str | None, int] = {}
    for listed in entries:
        slot = autosave_slot(listed.name)
        if slot is not None and slot[0] is not None:
            newest[slot[0]] = min(slot[1], newest.get(slot[0], slot[1]))
    out = []
    for listed in entries:
        slot = autosave_slot(listed.name)
        if slot is None or slot[0] is None or slot[1] == newest[slot[0]]:
            out.append(listed)
    return out


def detail_lines(font: pygame.font.Font, details: str, width: int) -> list[str]:
    """A row's details on at most DETAIL_LINES lines, broken between its parts where it
    can (a part is not split unless it is wider than the row alone)."""
    lines: list[str] = []
    for part in details.split(DOT):
        trial = f"{lines[-1]}{DOT}{part}" if lines else part
        if lines and font.size(trial)[0] <= width:
            lines[-1] = trial
        else:
            lines += wrap(font, part, width) or [part]
    if len(lines) > DETAIL_LINES:  # nothing in the game says this much; a file might
        lines[DETAIL_LINES - 1 :] = [fit(font, " ".join(lines[DETAIL_LINES - 1 :]), width)]
    return lines


# -- the scene -----------------------------------------------------------------------------


class SaveLoadScene(Scene):
    name = "saveload"

    def __init__(
        self,
        session: Session | None,
        store: SaveStore,
        mode: Mode = "load",
        *,
        scenario: Scenario | None = None,
    ) -> None:
        super().__init__()
        self.session = session
        self.store = store
        # Without a game being played there is nothing to save: such a page loads or replays.
        self.mode: Mode = mode if session is not None or mode == "replay" else "load"
        model = session.rules.model if session is not None else None
        if model is None and scenario is not None:
            model = scenario.model
        self.names: dict[str, str] = (
            {f.id: f.short_name or f.name for f in model.factions} if model is not None else {}
        )
        self.kicker = masthead_words(model)
        # A save's date is in its scenario's calendar: marked Old Style unless the scenario
        # at hand has only one style.
        self.old_style = model is None or model.calendar.new_style_offset != 0
        # The game being played, whose autosaves read "this game".
        self.playing_id = session.game_id if session is not None else ""
        self.entries: list[Listed] = []
        self.selected = 0
        self.first = 0  # the first row shown
        self.status = ""
        self.bad = False  # the status is a problem (drawn in red)
        self.pending: tuple[str, str] | None = None  # ("delete" | "overwrite", save name)
        self.doomed: Path | None = None  # the very file listed for "delete"
        self.name_text = ""
        self.scale = 1.0
        self.list_rect = pygame.Rect(0, 0, 0, 0)
        self.row_h = 0
        self._made_thumbnail = False  # this frame made a save's first thumbnail already
        self.dragging = False  # the list's scroll bar is held
        self.name_entry: UITextEntryLine | None = None
        self.save_button: UIButton | None = None
        self.load_button: UIButton | None = None
        self.delete_button: UIButton | None = None
        self.back_button: UIButton | None = None
        self.yes_button: UIButton | None = None
        self.no_button: UIButton | None = None
        self.refresh()

    # -- the list ------------------------------------------------------------------------

    def refresh(self, select: str | None = None) -> None:
        """List the saves again (keeping the selection, or selecting the save named)."""
        keep = select or (self.current.name if self.current is not None else None)
        self.entries = self.store.list()
        if self.mode == "replay":
            self.entries = latest_autosaves(self.entries)
        names = [e.name for e in self.entries]
        self.selected = names.index(keep) if keep in names else 0
        self.selected = min(self.selected, max(0, len(self.entries) - 1))
        self._show_selected()
        self.dirty = True

    @property
    def current(self) -> Listed | None:
        return self.entries[self.selected] if 0 <= self.selected < len(self.entries) else None

    @property
    def rows_shown(self) -> int:
        return max(1, self.list_rect.height // self.row_h) if self.row_h else 1

    def _show_selected(self) -> None:
        shown = self.rows_shown
        if self.selected < self.first:
            self.first = self.selected
        elif self.selected >= self.first + shown:
            self.first = self.selected - shown + 1
        self.first = max(0, min(self.first, max(0, len(self.entries) - shown)))

    def select(self, index: int) -> None:
        if self.entries:
            self.selected = max(0, min(index, len(self.entries) - 1))
            self._show_selected()
            self.dirty = True

    def say(self, text: str, bad: bool = False) -> None:
        self.status = one_line(text) if text else ""
        self.bad = bad
        self.dirty = True

    # -- widgets ---------------------------------------------------------------------------

    def build(self, size: tuple[int, int]) -> None:
        w, h = size
        k = self.scale = min(w / 1280, h / 720)
        margin = FRAME + round(60 * k)
        bh = max(38, round(46 * k))
        bottom = h - FRAME - max(44, round(44 * k)) - bh
        small = theme.font(max(12, round(15 * k)), "regular")
        head = theme.font(max(13, round(17 * k)), "bold")
        # The name, then the details on as many as DETAIL_LINES lines (large text wraps them).
        self.row_h = head.get_linesize() + DETAIL_LINES * small.get_linesize() + round(14 * k)
        top = max(FRAME + round(120 * k), masthead_bottom(size))
        # Room for a status of two lines (a question naming a long save, a failure's reason).
        status_h = 2 * self._status_font().get_linesize() + round(12 * k)
        self.list_rect = pygame.Rect(margin, top, w - 2 * margin, bottom - status_h - top)
        if self.name_entry is not None:
            self.name_text = self.name_entry.get_text()
        self.name_entry = self.save_button = self.load_button = None
        self.delete_button = self.back_button = self.yes_button = self.no_button = None
        bw, gap = max(110, round(150 * k)), round(12 * k)
        x = margin
        if self.pending is not None:
            yes = "Delete" if self.pending[0] == "delete" else "Overwrite"
            self.yes_button = self._button(pygame.Rect(x, bottom, bw, bh), yes, "#end_turn")
            self.no_button = self._button(pygame.Rect(x + bw + gap, bottom, bw, bh), "Cancel")
        else:
            if self.session is not None:
                ew = max(200, round(300 * k))
                entry = UITextEntryLine(
                    pygame.Rect(x, bottom, ew, bh),
                    self.manager,
                    placeholder_text="Name the save",
                    object_id=theme.entry_face(k),
                )
                entry.set_text_length_limit(64)
                entry.set_text(self.name_text)
                self.name_entry = entry
                self.add(entry)
                x += ew + gap
                self.save_button = self._button(pygame.Rect(x, bottom, bw, bh), "Save")
                x += bw + gap * 3
            opens = "Watch" if self.mode == "replay" else "Load"
            self.load_button = self._button(pygame.Rect(x, bottom, bw, bh), opens)
            x += bw + gap
            self.delete_button = self._button(pygame.Rect(x, bottom, bw, bh), "Delete")
            gui.enable(self.load_button, self.current is not None)
            gui.enable(self.delete_button, self.current is not None)
            if self.session is not None and self.mode == "save" and self.name_entry is not None:
                self.name_entry.focus()  # type: ignore[no-untyped-call]
        right = w - margin - bw
        self.back_button = self._button(pygame.Rect(right, bottom, bw, bh), "Back")
        self._show_selected()

    def _status_font(self) -> pygame.font.Font:
        return theme.font(max(12, round(14 * self.scale)), "italic")

    def _button(self, rect: pygame.Rect, label: str, object_id: str | None = None) -> UIButton:
        face = theme.button_face(self.scale, object_id)
        button = UIButton(rect, label, self.manager, object_id=face)
        self.add(button)
        return button

    def _relayout(self) -> None:
        if self._app is not None:
            self.layout(self.app.size)
        self.dirty = True

    def _typing(self) -> bool:
        return self.name_entry is not None and self.name_entry.is_focused

    # -- what the buttons do -------------------------------------------------------------------

    def save(self, name: str | None = None, *, overwrite: bool = False) -> None:
        if self.session is None:
            return
        if name is None:
            name = (self.name_entry.get_text() if self.name_entry else self.name_text).strip()
        try:
            Game(self.session, self.store).save(name, overwrite=overwrite)
        except AskOverwrite as ask:
            self.pending = ("overwrite", name)
            self.say(str(ask), True)
            self._relayout()
            return
        except PlayError as refused:
            self.say(str(refused), True)
            return
        self.name_text = ""
        if self.name_entry is not None:
            self.name_entry.set_text("")
        self.refresh(select=name)
        self.say(f"Saved as '{name}' (as at the start of this turn).")
        self._relayout()

    def load(self) -> Transition | None:
        listed = self.current
        if listed is None:
            self.say("There is no save to load.", True)
            return None
        if self.mode == "replay":
            return self.watch(listed)
        refused = ironman_refusal(self.session)
        if refused:
            self.say(refused, True)
            return None
        result = load_session(listed.path)
        if isinstance(result, str):
            self.say(result, True)
            return None
        return self.open(result)

    def watch(self, listed: Listed) -> Transition:
        """The replay viewer of a save, over this list (Esc comes back to it)."""
        from game.ui.scenes.replay import open_replay

        return push(open_replay(listed.path, self.store))

    def open(self, session: Session) -> Transition:
        """The loaded game's map in place of the game below (if any) and of this scene."""
        from game.ui.scenes.map import MapScene

        stack = self.app.stack
        at = next((i for i, s in enumerate(stack) if isinstance(s, MapScene)), None)
        if at is not None:  # the game being replaced, and whatever is over it below here
            for scene in stack[at:-1]:
                scene.leave()
            del stack[at:-1]
        return replace(MapScene(session, self.store, decisions_first=True))

    def ask_delete(self) -> None:
        listed = self.current
        if listed is None:
            return
        self.pending = ("delete", listed.name)
        self.doomed = listed.path
        shown = slot_label(listed.name, listed.header, self.playing_id)
        self.say(f"Delete '{shown}'? It cannot be brought back.", True)
        self._relayout()

    def confirm(self) -> None:
        if self.pending is None:
            return
        kind, name = self.pending
        self.pending = None
        if kind == "overwrite":
            self.save(name, overwrite=True)
            return
        doomed, self.doomed = self.doomed, None
        try:
            # The file listed, not one rebuilt from its name: 'game.yaml' is the file
            # game.yaml.yaml, and a name is never a path out of the folder.
            if doomed is None or doomed.parent != self.store.folder:
                raise SaveError(f"'{name}' is not a file in {self.store.folder}")
            doomed.unlink()
        except (SaveError, OSError) as failed:
            self.say(f"Not deleted: {os_text(failed)}", True)
        else:
            self.say(f"Deleted '{name}'.")
        self.refresh()
        self._relayout()

    def cancel(self) -> None:
        self.pending = None
        self.say("")
        self._relayout()

    # -- events ----------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            return self.pressed(event.ui_element)
        if event.type == pygame.MOUSEBUTTONUP:
            self.dragging = False
        bar = self.bar()
        if bar is not None and (grabs(bar, event) or self.dragging):
            if event.type == pygame.MOUSEBUTTONDOWN:
                self.dragging = True
            if event.type in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEMOTION):
                room = max(0, len(self.entries) - self.rows_shown)
                self.first = bar_position(bar, self.thumb(), event.pos[1], room)
                self.dirty = True
                return None
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            index = self.row_at(event.pos)
            if index is not None and self.pending is None:
                self.select(index)
                if self.mode == "save" and self.name_entry is not None:
                    self._fill_name()
        elif event.type == pygame.MOUSEWHEEL:
            self.first = max(0, self.first - event.y * WHEEL_ROWS)
            self.first = min(self.first, max(0, len(self.entries) - self.rows_shown))
            self.dirty = True
        elif event.type == pygame.KEYDOWN:
            return self.key(event.key)
        return None

    def pressed(self, element: object) -> Transition | None:
        if element is self.back_button:
            return POP
        if element is self.yes_button:
            self.confirm()
        elif element is self.no_button:
            self.cancel()
        elif element is self.save_button:
            self.save()
        elif element is self.load_button:
            return self.load()
        elif element is self.delete_button:
            self.ask_delete()
        return None

    def key(self, code: int) -> Transition | None:
        enter = code in (pygame.K_RETURN, pygame.K_KP_ENTER)
        if self.pending is not None:
            if enter or code == pygame.K_y:
                self.confirm()
            elif code in (pygame.K_ESCAPE, pygame.K_n):
                self.cancel()
            return None
        if code == pygame.K_ESCAPE:
            return POP
        if code == pygame.K_TAB and self.name_entry is not None:
            if self._typing():
                self.name_entry.unfocus()  # type: ignore[no-untyped-call]
            else:
                self.name_entry.focus()  # type: ignore[no-untyped-call]
            self.dirty = True
        elif enter:
            if self._typing():
                self.save()
                return None
            return self.load()
        elif code in (pygame.K_DOWN, pygame.K_UP):
            self.select(self.selected + (1 if code == pygame.K_DOWN else -1))
        elif code in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            step = self.rows_shown if code == pygame.K_PAGEDOWN else -self.rows_shown
            self.select(self.selected + step)
        elif self._typing():
            return None  # the letters below are the name's
        elif code in (pygame.K_HOME, pygame.K_END):
            self.select(0 if code == pygame.K_HOME else len(self.entries) - 1)
        elif code == pygame.K_DELETE:
            self.ask_delete()
        elif code == pygame.K_l:
            return self.load()
        return None

    def _fill_name(self) -> None:
        listed = self.current
        scratch = (
            listed is None or listed.name == QUICKSAVE or autosave_slot(listed.name) is not None
        )
        if listed is not None and not scratch and self.name_entry is not None:
            # A file's name can hold what no one could type (U+200B), which the box cannot draw.
            self.name_entry.set_text(typeable(listed.name))

    def bar(self) -> pygame.Rect | None:
        """Where the list's scroll bar runs (None while every save is in view)."""
        if len(self.entries) <= self.rows_shown:
            return None
        area = self.list_rect
        return pygame.Rect(area.right + 8, area.top, 3, area.height)

    def thumb(self) -> int:
        """The height of the bar's handle."""
        area = self.list_rect
        return max(24, area.height * self.rows_shown // max(1, len(self.entries)))

    def row_at(self, pos: tuple[int, int]) -> int | None:
        if not self.list_rect.collidepoint(pos) or not self.row_h:
            return None
        index = self.first + (pos[1] - self.list_rect.top) // self.row_h
        return index if index < len(self.entries) else None

    # -- drawing ---------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        frame = page(surface)
        k = self.scale
        self._made_thumbnail = False
        if self.mode == "replay":
            title = "Watch a Replay"
        else:
            title = "Save or Load" if self.session is not None else "Load a Game"
        masthead(surface, frame, self.kicker, title)
        head = theme.font(max(13, round(17 * k)), "bold")
        small = theme.font(max(12, round(15 * k)), "regular")
        faded = self._status_font()
        area = self.list_rect
        if not self.entries:
            text = f"No saves yet in {self.store.folder}."
            surface.blit(faded.render(text, True, theme.INK_FADED), (area.left + 12, area.top))
        pad = round(10 * k)
        for row in range(self.rows_shown):
            index = self.first + row
            if index >= len(self.entries):
                break
            rect = pygame.Rect(area.left, area.top + row * self.row_h, area.width, self.row_h - 4)
            chosen = index == self.selected
            if chosen:
                pygame.draw.rect(surface, theme.PAPER_LIGHT, rect)
                pygame.draw.rect(surface, theme.INK_FADED, rect, 1)
                pygame.draw.rect(surface, theme.ACCENT, (rect.left, rect.top, 4, rect.height))
            listed = self.entries[index]
            title_text, details, when = describe_listed(
                listed, self.names, self.old_style, self.playing_id
            )
            colour = theme.INK if listed.problem is None else theme.ACCENT
            left = rect.left + pad + 4 + self._draw_thumbnail(surface, listed, rect, pad) + pad
            when_image = small.render(when, True, theme.INK_FADED)
            surface.blit(when_image, (rect.right - pad - when_image.get_width(), rect.top + pad))
            width = rect.right - left - 2 * pad - when_image.get_width()
            name = head.render(fit(head, title_text, width), True, theme.INK)
            surface.blit(name, (left, rect.top + pad // 2))
            y = rect.top + pad // 2 + head.get_linesize()
            for text in detail_lines(small, details, rect.right - left - pad):
                surface.blit(small.render(text, True, colour), (left, y))
                y += small.get_linesize()
        bar = self.bar()
        if bar is not None:  # where the shown rows are in the list; it can be dragged
            pygame.draw.rect(surface, theme.PAPER_DARK, bar)
            size = self.thumb()
            room = max(1, len(self.entries) - self.rows_shown)
            at = (area.height - size) * self.first // room
            ink = theme.ACCENT if self.dragging else theme.INK_FADED
            pygame.draw.rect(surface, ink, (bar.left - 1, area.top + at, 5, size))
        if self.status:
            colour = theme.ACCENT if self.bad else theme.INK_FADED
            lines = wrap(faded, self.status, area.width)
            if len(lines) > 2:  # a reason longer than that (a deep path) keeps its start
                lines = [lines[0], fit(faded, " ".join(lines[1:]), area.width)]
            y = area.bottom + 6
            for line in lines:
                surface.blit(faded.render(line, True, colour), (area.left, y))
                y += faded.get_linesize()
        if self.pending is not None:
            keys = "Enter or Y to confirm  ·  Esc or N to cancel"
        elif self.mode == "replay":
            keys = "↑↓ choose  ·  Enter to watch  ·  Del to delete  ·  Esc back"
        elif self.session is not None:
            keys = "Type a name, Enter to save  ·  Tab to the list: ↑↓, Enter load, Del delete  ·  Esc back"
        else:
            keys = "↑↓ choose  ·  Enter to load  ·  Del to delete  ·  Esc back"
        hint(surface, frame, keys)

    def _draw_thumbnail(
        self, surface: pygame.Surface, listed: Listed, rect: pygame.Rect, pad: int
    ) -> int:
        """The save's map in miniature at the row's left; returns the width it takes.

        A first picture costs a read of the whole save (a fifth of a second), so each
        frame makes at most one and asks for another frame while any are missing."""
        size = (round((rect.height - 8) * THUMB_ASPECT), rect.height - 8)
        if listed.problem is not None or size[1] < 16:
            return 0
        at = pygame.Rect(rect.left + pad + 4, rect.top + 4, *size)
        ready = thumbnail.ready(listed.path, size)
        if ready or not self._made_thumbnail:
            self._made_thumbnail |= not ready
            picture = thumbnail.thumbnail(listed.path, size)
            if picture is not None:
                surface.blit(picture, at)
        else:
            self.dirty = True  # its turn comes next frame
            pygame.draw.rect(surface, theme.PAPER_DARK, at)
        pygame.draw.rect(surface, theme.INK_FADED, at, 1)
        return size[0]

    def shown_texts(self) -> list[str]:
        texts = [self.kicker]
        for listed in self.entries:
            texts += describe_listed(listed, self.names, self.old_style, self.playing_id)
        texts += [b.text for b in self.widgets if isinstance(b, UIButton)]
        return texts + ([self.status] if self.status else [])
