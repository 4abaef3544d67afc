"""New game's first question, when there is one: which scenario, and which mods laid over it.

Shown between the title's New game and the new-game page only when something was found
to choose (more than one scenario, or any mod; see `game.scenario.offer`). The scenarios
are listed with their version and where they come from; under them the mods that can be
laid over the scenario chosen, each with a box to tick; a ticked mod is numbered with
its place in the load order (the order of ticking, which Load earlier and Load later
change; the rows themselves stay put). A mod that extends another brings that one along. The
column on the right tells the scenario or mod last chosen: its description, what it is
laid over, and why it cannot be used, if it cannot. Continue reads the scenario with the
mods in order: the new-game page of that scenario, or the problem page naming every file
and line at fault (Back returns here).

Whether each scenario and mod loads is found out in the background as the page opens
(a quarter of a second each for a scenario the size of October), so a modder sees at a
glance which one is broken and why. A mod whose description cannot be read, or whose
base is missing, is greyed and cannot be ticked; one that does not load can still be
ticked, so that Continue lists all its problems.

Keys: Tab and Shift+Tab move the focus round the scenarios, the mods, Load earlier,
Load later, Back and Continue (a red frame marks it). On the scenarios Up/Down choose;
on the mods Up/Down move along the list, Space ticks or unticks, and Ctrl (or Alt)
with Up/Down loads the mod earlier or later; on the buttons the arrows move between
them; Home/End go to the first or last mod. Enter continues (on a button, presses it).
PgUp/PgDn scroll the right-hand column. Esc goes back to the title. The mouse: a click chooses a scenario or a mod, a
click on a mod's box ticks it, the wheel scrolls what is under it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from game.scenario.catalogue import Found
from game.scenario.loader import Scenario, ScenarioError, Source
from game.scenario.offer import Offer, choice_to_make, origin, search
from game.scenario.yamlio import LoadError, Mark
from game.ui import theme
from game.ui.scene import POP, Scene, Transition, push
from game.ui.scenes.error import ErrorScene
from game.ui.scenes.journal import (
    Block,
    Column,
    Focus,
    drag_bars,
    focus_mark,
    foot_buttons,
    foot_size,
    hint,
    masthead,
    masthead_bottom,
    page,
    tab_step,
)
from game.ui.scenes.title import FRAME
from game.ui.text import fit, wrap

MAX_SCENARIO_ROWS = 3  # rows the scenarios' list shows before it scrolls
_ENTER = (pygame.K_RETURN, pygame.K_KP_ENTER)
_STEP = {pygame.K_DOWN: 1, pygame.K_UP: -1, pygame.K_RIGHT: 1, pygame.K_LEFT: -1}
_BUTTONS = ("earlier", "later", "back", "continue")
_REORDER = pygame.KMOD_CTRL | pygame.KMOD_ALT
ORIGINS = {"bundled": "bundled", "mods": "your mods folder", "given": "a folder given"}
FROM = {
    "bundled": "bundled with the game",
    "mods": "from your mods folder",
    "given": "from a folder given",
}


# -- whether each one loads, found out in the background ---------------------------------------


class Checks:
    """Each scenario, and each mod laid alone over its scenario, loaded one after the other
    in a background thread; `result` is None while unknown, else the first problem
    (or `VALID`). The loader only reads files, so the window goes on meanwhile."""

    def __init__(self, jobs: list[tuple[Found, Source]], done: Callable[[], None]) -> None:
        self.jobs = jobs
        self.done = done  # called (from the thread) after each result: the page redraws
        self.results: dict[Path, LoadError | None] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="mod checks", daemon=True)

    def start(self) -> Checks:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def wait(self, timeout: float | None = None) -> None:
        if self._thread.is_alive():
            self._thread.join(timeout)

    def known(self, found: Found) -> bool:
        return found.folder in self.results

    def problem(self, found: Found) -> LoadError | None:
        return self.results.get(found.folder)

    def _run(self) -> None:
        for found, source in self.jobs:
            if self._stop.is_set():
                return
            if found.folder in self.results:
                continue
            self.results[found.folder] = first_problem(source)
            self.done()


def first_problem(source: Source) -> LoadError | None:
    """The first problem reading `source` finds (in file order), or None if it loads."""
    try:
        source.load()
    except ScenarioError as broken:
        return broken.errors[0] if broken.errors else LoadError(Mark(str(source.folder), 1, 1), "")
    except Exception as failed:  # a hostile folder is a broken one, never a dead thread
        return LoadError(Mark(str(source.folder), 1, 1), f"cannot be read ({failed})")
    return None


# -- a scrolled list of rows -------------------------------------------------------------------


@dataclass
class Rows:
    """Where a list's rows are drawn: its rect, the height of a row and the first shown."""

    rect: pygame.Rect
    height: int = 1
    first: int = 0

    @property
    def shown(self) -> int:
        return max(1, self.rect.height // max(1, self.height))

    def keep(self, index: int, count: int) -> None:
        """Scroll so that row `index` of `count` is in view."""
        if index < self.first:
            self.first = index
        elif index >= self.first + self.shown:
            self.first = index - self.shown + 1
        self.first = max(0, min(self.first, count - self.shown))

    def scroll(self, by: int, count: int) -> bool:
        before = self.first
        self.first = max(0, min(self.first + by, count - self.shown))
        return self.first != before

    def at(self, pos: tuple[int, int], count: int) -> int | None:
        if not self.rect.collidepoint(pos):
            return None
        index = self.first + (pos[1] - self.rect.top) // max(1, self.height)
        return index if index < count else None

    def row(self, index: int) -> pygame.Rect | None:
        """Where row `index` is drawn (None when scrolled out of view)."""
        if not self.first <= index < self.first + self.shown:
            return None
        top = self.rect.top + (index - self.first) * self.height
        return pygame.Rect(self.rect.left, top, self.rect.width, self.height - 4)

    def draw_bar(self, surface: pygame.Surface, count: int) -> None:
        """A thin bar beside the list while some rows are out of view."""
        if count <= self.shown:
            return
        area = self.rect
        pygame.draw.rect(surface, theme.PAPER_DARK, (area.right + 8, area.top, 3, area.height))
        size = max(24, area.height * self.shown // count)
        at = (area.height - size) * self.first // max(1, count - self.shown)
        pygame.draw.rect(surface, theme.INK_FADED, (area.right + 7, area.top + at, 5, size))


# -- the page ----------------------------------------------------------------------------------


class PickerScene(Scene):
    name = "mods"

    def __init__(
        self,
        offer: Offer,
        open_game: Callable[[Scenario], Scene],
        *,
        valid: Source | None = None,
        check: bool = True,
    ) -> None:
        """`open_game` makes the new-game page of the scenario read; `valid` is a source
        known to load (the one the title shows), not checked again; without `check`
        nothing is loaded before Continue."""
        super().__init__()
        self.offer = offer
        self.open_game = open_game
        self.cursor = 0  # the mod the keyboard is on, in `offer.listed()`
        self.telling = "scenario"  # what the right-hand column tells: "scenario" or "mod"
        self.note = ""  # what the last key or click could not do
        self.scale = 1.0
        has_mods = bool(offer.options)
        parts = ["scenarios", "mods", "earlier", "later", "back", "continue"]
        self.focus = Focus([p for p in parts if has_mods or p in ("scenarios", *_BUTTONS[2:])])
        self.scenario_rows = Rows(pygame.Rect(0, 0, 0, 0))
        self.mod_rows = Rows(pygame.Rect(0, 0, 0, 0))
        self.about = Column([])
        self.told: Found | None = None  # what the column tells
        self.seen = 0  # how many checks were known when it was set
        self.about_rect = pygame.Rect(0, 0, 0, 0)
        self.summary_rect = pygame.Rect(0, 0, 0, 0)
        self.earlier_button: UIButton | None = None
        self.later_button: UIButton | None = None
        self.back_button: UIButton | None = None
        self.continue_button: UIButton | None = None
        self.stale = False  # Continue found problems: check again when the page is back
        self.checks = Checks(self._jobs(valid), self._checked)
        if check:
            self.checks.start()

    # -- what is known ------------------------------------------------------------------

    def _jobs(self, valid: Source | None) -> list[tuple[Found, Source]]:
        """Everything to try loading: the mods offered for the scenario chosen first."""
        offer = self.offer
        jobs: list[tuple[Found, Source]] = []
        for scenario in offer.scenarios:
            source = Source(scenario.folder)
            if valid is None or not _same_source(source, valid):
                jobs.append((scenario, source))
        chosen = offer.scenario
        mods = []
        for scenario in sorted(offer.scenarios, key=lambda s: s is not chosen):
            mods += [
                (mod, Source(scenario.folder, (mod.folder,))) for mod in offer.offered(scenario)
            ]
        return mods + jobs

    def _checked(self) -> None:
        self.dirty = True

    @property
    def mods(self) -> list[Found]:
        return self.offer.listed()

    @property
    def mod(self) -> Found | None:
        mods = self.mods
        return mods[self.cursor] if 0 <= self.cursor < len(mods) else None

    def problem(self, found: Found) -> tuple[LoadError, bool] | None:
        """What is wrong with a scenario or mod, and whether it can still be chosen (a mod
        that does not load can be, so that Continue lists every problem)."""
        cannot = self.offer.problems.get(found.folder)
        if cannot is not None:
            return cannot, False
        loads = self.checks.problem(found)
        return (loads, True) if loads is not None else None

    # -- widgets ------------------------------------------------------------------------

    def _label_font(self) -> pygame.font.Font:
        return theme.font(max(12, round(16 * self.scale)), "italic")

    def _fonts(self) -> tuple[pygame.font.Font, pygame.font.Font, pygame.font.Font]:
        """A row's name, its version and origin, and its second line."""
        k = self.scale
        return (
            theme.font(max(13, round(18 * k)), "bold"),
            theme.font(max(12, round(15 * k)), "italic"),
            theme.font(max(12, round(15 * k)), "regular"),
        )

    def build(self, size: tuple[int, int]) -> None:
        w, h = size
        k = self.scale = min(w / 1280, h / 720)
        margin = FRAME + round(70 * k)
        label_h = self._label_font().get_linesize()
        top = max(FRAME + round(132 * k), masthead_bottom(size) - round(14 * k) + label_h + 4)
        name, _, line = self._fonts()
        row_h = name.get_linesize() + line.get_linesize() + round(14 * k)
        width = max(340, round(500 * k))
        sh = foot_size(k)[1]
        bottom = h - FRAME - max(44, round(44 * k)) - sh
        eh = max(34, round(40 * k))
        row = bottom - round(20 * k) - eh  # Load earlier and Load later, under the mods
        count = len(self.offer.scenarios)
        shown = max(1, min(count, MAX_SCENARIO_ROWS))
        if self.offer.options:
            # With large text on a small window the scenarios give up rows before the mods
            # are left fewer than two.
            room = row - round(14 * k) - top - round(18 * k) - label_h - 4 - 2 * row_h
            shown = max(1, min(shown, room // row_h))
        self.scenario_rows = Rows(pygame.Rect(margin, top, width, shown * row_h), row_h)
        self.scenario_rows.keep(self.offer.chosen, count)
        mods_top = self.scenario_rows.rect.bottom + round(18 * k) + label_h + 4
        self.mod_rows = Rows(
            pygame.Rect(margin, mods_top, width, max(row_h, row - round(14 * k) - mods_top)),
            row_h,
            self.mod_rows.first,
        )
        self.mod_rows.keep(self.cursor, len(self.mods))
        face = theme.button_face(k)
        big = theme.button_face(k, "#menu_button" if k >= 0.85 else None)
        self.earlier_button = self.later_button = None
        if self.offer.options:
            half = (width - round(12 * k)) // 2
            self.earlier_button = UIButton(
                pygame.Rect(margin, row, half, eh), "Load earlier", self.manager, object_id=face
            )
            self.later_button = UIButton(
                pygame.Rect(margin + width - half, row, half, eh),
                "Load later",
                self.manager,
                object_id=face,
            )
            self.add(self.earlier_button)
            self.add(self.later_button)
        self.back_button, self.continue_button = foot_buttons(self, k, w, bottom, "Continue", big)
        left = margin + width + round(60 * k)
        right = w - margin
        self.about_rect = pygame.Rect(left, top, right - left, row - round(16 * k) - top)
        self.summary_rect = pygame.Rect(left, row, right - left, bottom - round(8 * k) - row)
        self._tell()
        self._show_focus()

    def _show_focus(self) -> None:
        buttons = {
            "earlier": self.earlier_button,
            "later": self.later_button,
            "back": self.back_button,
            "continue": self.continue_button,
        }
        self.focus.show({part: b for part, b in buttons.items() if b is not None})
        if self.focus.part in ("scenarios", "mods"):
            self._telling("scenario" if self.focus.part == "scenarios" else "mod")
        self.dirty = True

    def focus_rect(self) -> pygame.Rect | None:
        part = self.focus.part
        if part == "scenarios":
            return self.scenario_rows.rect
        if part == "mods":
            return self.mod_rows.rect
        return None  # a button: its selected face shows the focus

    # -- the right-hand column ------------------------------------------------------------

    def _telling(self, what: str) -> None:
        if what == "mod" and self.mod is None:
            what = "scenario"
        if what != self.telling:
            self.telling = what
            self._tell()

    def _tell(self) -> None:
        """The right-hand column: the scenario or mod chosen last, in full."""
        found = self.mod if self.telling == "mod" else self.offer.scenario
        blocks = self._blocks(found)
        # Told again as the checks come in: the same one keeps its place in the column.
        offset = self.about.offset if found == self.told else 0
        self.told = found
        self.seen = len(self.checks.results)
        self.about = Column(blocks, self.scale)
        if self.about_rect.width:
            self.about.set(self.about_rect.width, self.about_rect.height)
            self.about.scroll(offset)
        self.dirty = True

    def _blocks(self, found: Found | None) -> list[Block]:
        if found is None:
            return [Block("faded", "No scenario was found.")]
        offer = self.offer
        is_mod = found in offer.options
        where = origin(found)
        blocks = [
            Block("kicker", f"{'A mod' if is_mod else 'A scenario'} {FROM[where]}"),
            Block("title", found.name or found.id),
        ]
        byline = [f"Version {found.version}"] if found.version else []
        byline += [f"by {found.author}"] if found.author else []
        if byline:
            blocks.append(Block("faded", "  ·  ".join(byline)))
        if found.description.strip():
            blocks.append(Block("body", found.description.strip()))
        if found.kind == "mod":
            blocks += self._lineage(found, is_mod)
        if where == "given":  # a folder the player named: say which
            blocks.append(Block("faded", f"In {found.folder}"))
        problem = self.problem(found)
        if problem is not None:
            error, choosable = problem
            head = "It does not load" if choosable else "It cannot be used"
            blocks.append(Block("heading", head))
            blocks.append(Block("mine", str(error)))
            if choosable and is_mod:
                ticked = found in offer.ticked
                see = "Continue lists" if ticked else "Tick it, and Continue lists"
                blocks.append(Block("faded", f"{see} every problem, at its file and line."))
        elif not self.checks.known(found) and any(f == found for f, _ in self.checks.jobs):
            blocks.append(Block("faded", "Checking whether it loads…"))
        return blocks

    def _lineage(self, found: Found, is_mod: bool) -> list[Block]:
        """What a mod is laid over, what it brings along, and its place in the order."""
        offer = self.offer
        below = offer.catalogue.get(found.extends) if found.extends else None
        blocks = []
        if below is not None:
            how = "Laid over" if is_mod else "Made from"
            blocks.append(Block("faded", f"{how} {below.name or below.id}."))
        if not is_mod:
            return blocks
        needs = offer.needs(found)[:-1]
        if needs:
            names = ", ".join(f.name or f.id for f in needs)
            blocks.append(Block("faded", f"Brings along: {names}."))
        number = offer.number(found)
        if number is not None:
            by = offer.brought_by(found)
            why = f", brought along by {', '.join(f.name or f.id for f in by)}" if by else ""
            blocks.append(Block("faded", f"Loaded {_ordinal(number)}{why}."))
        return blocks

    def summary(self) -> str:
        """The game Continue reads, in a sentence."""
        scenario = self.offer.scenario
        if scenario is None:
            return ""
        ticked = self.offer.ticked
        name = scenario.name or scenario.id
        if not ticked:
            return f"You will play {name}, as it comes."
        names = [f.name or f.id for f in ticked]
        if len(names) == 1:
            return f"You will play {name} with {names[0]}."
        return f"You will play {name} with {', then '.join(names)} (loaded in that order)."

    # -- choosing -------------------------------------------------------------------------

    def choose_scenario(self, index: int) -> None:
        if not self.offer.scenarios:
            return
        self.offer.choose(index)
        self.scenario_rows.keep(self.offer.chosen, len(self.offer.scenarios))
        self.cursor = 0
        self.mod_rows.first = 0
        self.note = ""
        self.telling = "scenario"
        self._tell()

    def move_cursor(self, index: int) -> None:
        mods = self.mods
        if not mods:
            return
        self.cursor = max(0, min(index, len(mods) - 1))
        self.mod_rows.keep(self.cursor, len(mods))
        self.note = ""
        self.telling = "mod"
        self._tell()

    def toggle(self) -> None:
        """Tick or untick the mod the cursor is on."""
        mod = self.mod
        if mod is None:
            return
        if self.offer.problems.get(mod.folder) is not None:
            self.note = f"{mod.name or mod.id} cannot be used: see why on the right."
            self._tell()
            return
        was = self.offer.ticked.copy()
        self.offer.toggle(mod)
        dropped = [f for f in was if f not in self.offer.ticked and f != mod]
        self.note = (
            f"Also taken off, as it needs {mod.name or mod.id}: "
            + ", ".join(f.name or f.id for f in dropped)
            if dropped
            else ""
        )
        self._follow(mod)

    def reorder(self, step: int) -> None:
        """Load the mod the cursor is on a place earlier (-1) or later (+1)."""
        mod = self.mod
        if mod is None:
            return
        name = mod.name or mod.id
        if mod not in self.offer.ticked:
            self.note = f"Tick {name} first: only the mods ticked are loaded, in order."
        elif not self.offer.move(mod, step):
            ticked = self.offer.ticked
            at = ticked.index(mod) + step
            if 0 <= at < len(ticked):
                first, then = (ticked[at], mod) if step < 0 else (mod, ticked[at])
                self.note = (
                    f"{then.name or then.id} needs {first.name or first.id}: it loads after it."
                )
            else:
                self.note = f"{name} is loaded {'first' if step < 0 else 'last'} already."
        else:
            self.note = ""
        self._follow(mod)

    def _follow(self, mod: Found) -> None:
        """Keep the cursor on `mod` and tell it (after a tick or a move)."""
        mods = self.mods
        self.cursor = mods.index(mod) if mod in mods else 0
        self.mod_rows.keep(self.cursor, len(mods))
        self.telling = "mod"
        self._tell()

    def go(self) -> Transition | None:
        """Continue: read the scenario with the mods ticked, in order."""
        source = self.offer.source()
        if source is None:
            return None
        try:
            scenario = source.load()  # the files as they are now: a modder may have mended one
        except ScenarioError as broken:
            self.stale = True
            title = "The mods chosen do not load" if source.mods else "The scenario does not load"
            return push(ErrorScene(title, [str(e) for e in broken.errors]))
        if self._app is not None:
            # Ctrl+R in the game begun here reads these files again, mods and all; and
            # the title beneath is this scenario's, whose New game offers this choice first.
            self.app.reload_scenario = source.load
            self.app.retitle(scenario, source)
        return push(self.open_game(scenario))

    # -- events ---------------------------------------------------------------------------

    def uncover(self) -> None:
        super().uncover()
        if self.stale:  # back from the problems: a file may be mended by now, look again
            self.stale = False
            self.checks.stop()
            self.checks = Checks(self.checks.jobs, self._checked).start()
            self._tell()

    def leave(self) -> None:
        self.checks.stop()
        super().leave()

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            return self._pressed(event.ui_element)
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self._click(event.pos)
        elif event.type == pygame.MOUSEWHEEL:
            self._wheel(event)
        self.dirty |= drag_bars(event, self.about)
        if event.type == pygame.KEYDOWN:
            return self._key(event)
        return None

    def _pressed(self, element: object) -> Transition | None:
        if element is self.continue_button:
            return self.go()
        if element is self.back_button:
            return POP
        if element is self.earlier_button:
            self.focus.to("earlier")
            self.reorder(-1)
        elif element is self.later_button:
            self.focus.to("later")
            self.reorder(1)
        self._show_focus()
        return None

    def box(self, row: pygame.Rect) -> pygame.Rect:
        """The tick box of a mod's row (a click there ticks it)."""
        side = max(14, round(20 * self.scale))
        return pygame.Rect(row.left + round(14 * self.scale), row.centery - side // 2, side, side)

    def _click(self, pos: tuple[int, int]) -> None:
        index = self.scenario_rows.at(pos, len(self.offer.scenarios))
        if index is not None:
            self.focus.to("scenarios")
            self.choose_scenario(index)
            self._show_focus()
            return
        mods = self.mods
        index = self.mod_rows.at(pos, len(mods))
        if index is None:
            return
        self.focus.to("mods")
        self.move_cursor(index)
        row = self.mod_rows.row(index)
        if row is not None and self.box(row).inflate(12, 12).collidepoint(pos):
            self.toggle()
        self._show_focus()

    def _wheel(self, event: pygame.event.Event) -> None:
        pointer = self.pointer
        if self.scenario_rows.rect.collidepoint(pointer):
            self.dirty |= self.scenario_rows.scroll(-event.y, len(self.offer.scenarios))
        elif self.mod_rows.rect.collidepoint(pointer):
            self.dirty |= self.mod_rows.scroll(-event.y, len(self.mods))
        else:
            self.dirty |= self.about.handle(event)

    def _key(self, event: pygame.event.Event) -> Transition | None:
        part = self.focus.part
        code = event.key
        if code == pygame.K_ESCAPE:
            return POP
        if tab_step(event):
            self.focus.move(tab_step(event))
            self._show_focus()
        elif code in _ENTER or (code == pygame.K_SPACE and part in _BUTTONS):
            return self._activate(part)
        elif code == pygame.K_SPACE and part == "mods":
            self.toggle()
        elif code in (pygame.K_UP, pygame.K_DOWN) and part == "mods" and event.mod & _REORDER:
            self.reorder(_STEP[code])
        elif code in _STEP:
            self._arrow(part, _STEP[code], code in (pygame.K_LEFT, pygame.K_RIGHT))
        elif code in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            self.dirty |= self.about.handle(event)
        elif code in (pygame.K_HOME, pygame.K_END) and part == "mods":
            self.move_cursor(0 if code == pygame.K_HOME else len(self.mods) - 1)
        return None

    def _activate(self, part: str) -> Transition | None:
        """Enter (or Space on a button)."""
        if part == "back":
            return POP
        if part in ("earlier", "later"):
            self.reorder(-1 if part == "earlier" else 1)
            return None
        return self.go()

    def _arrow(self, part: str, step: int, sideways: bool) -> None:
        if part == "scenarios" and not sideways:
            self.choose_scenario(self.offer.chosen + step)
        elif part == "mods" and not sideways:
            self.move_cursor(self.cursor + step)
        elif part not in ("scenarios", "mods"):
            self.focus.move(step)
            self._show_focus()

    # -- drawing --------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        if len(self.checks.results) != self.seen:
            self._tell()  # a check came in: the column may have a problem to tell
        frame = page(surface)
        masthead(surface, frame, "A new game", "Scenario and Mods")
        label = self._label_font()
        rows = self.scenario_rows
        above = rows.rect.top - label.get_linesize() - 4
        surface.blit(
            label.render("Which scenario?", True, theme.INK_FADED), (rows.rect.left, above)
        )
        for index, found in enumerate(self.offer.scenarios):
            rect = rows.row(index)
            if rect is not None:
                self._draw_scenario(surface, rect, found, index == self.offer.chosen)
        rows.draw_bar(surface, len(self.offer.scenarios))
        if self.offer.options:
            self._draw_mods(surface, label)
        self._draw_about(surface)
        mark = self.focus_rect()
        if mark is not None:
            focus_mark(surface, mark.inflate(-14, 0))
        hint(surface, frame, self.keys_hint(frame.width - 40))

    def keys_hint(self, width: int) -> str:
        """The line of keys at the foot, shortened where large text would run it off the page
        (F1 lists them all)."""
        font = theme.font(max(12, round(15 * self.scale)), "regular")  # as `hint` sets it
        ticks = ["Space to tick", "Ctrl+Up/Down to reorder"] if self.offer.options else []
        long = ["Tab to move", "Up/Down to choose", *ticks, "Enter to continue", "Esc back"]
        short = ["Tab", "Up/Down", *(["Space ticks", "Ctrl+Up/Down"] if ticks else [])]
        for parts in (long, [*short, "Enter", "Esc"], ["F1 for the keys", "Enter", "Esc"]):
            text = "  ·  ".join(parts)
            if font.size(text)[0] <= width:
                break
        return text

    def _draw_mods(self, surface: pygame.Surface, label: pygame.font.Font) -> None:
        rows = self.mod_rows
        above = rows.rect.top - label.get_linesize() - 4
        text = "Which mods, in what order?"
        surface.blit(
            label.render(fit(label, text, rows.rect.width), True, theme.INK_FADED),
            (rows.rect.left, above),
        )
        mods = self.mods
        if not mods:
            scenario = self.offer.scenario
            name = (scenario.name or scenario.id) if scenario is not None else "it"
            lines = wrap(label, f"No mods were found for {name}.", rows.rect.width - 24)
            y = rows.rect.top + 8
            for line in lines:
                surface.blit(label.render(line, True, theme.INK_FADED), (rows.rect.left + 12, y))
                y += label.get_linesize()
        for index, found in enumerate(mods):
            rect = rows.row(index)
            if rect is not None:
                self._draw_mod(surface, rect, found, index == self.cursor)
        rows.draw_bar(surface, len(mods))

    def _row_ground(self, surface: pygame.Surface, rect: pygame.Rect, chosen: bool) -> None:
        if chosen:
            pygame.draw.rect(surface, theme.PAPER_LIGHT, rect)
            pygame.draw.rect(surface, theme.INK_FADED, rect, 1)
            pygame.draw.rect(surface, theme.ACCENT, (rect.left, rect.top, 4, rect.height))
        else:
            y = rect.bottom + 1
            pygame.draw.line(surface, theme.PAPER_DARK, (rect.left, y), (rect.right, y))

    def _draw_text(
        self,
        surface: pygame.Surface,
        rect: pygame.Rect,
        left: int,
        found: Found,
        second: tuple[str, theme.Colour],
        greyed: bool,
    ) -> None:
        """A row's name and version, where it comes from (at the right), and a second line."""
        name_font, small, line_font = self._fonts()
        pad = round(10 * self.scale)
        where = small.render(ORIGINS[origin(found)], True, theme.INK_PALE)
        surface.blit(where, (rect.right - pad - where.get_width(), rect.top + pad // 2 + 2))
        room = rect.right - pad - where.get_width() - pad - left
        name = fit(name_font, found.name or found.id, room)
        image = name_font.render(name, True, theme.INK_PALE if greyed else theme.INK)
        surface.blit(image, (left, rect.top + pad // 2))
        said = version_words(found.version)
        if said and name_font.size(name)[0] + pad + small.size(said)[0] < room:
            version = small.render(said, True, theme.INK_FADED)
            x = left + image.get_width() + pad
            surface.blit(version, (x, rect.top + pad // 2 + 2))
        text, colour = second
        y = rect.top + pad // 2 + name_font.get_linesize()
        line = fit(line_font, text, rect.right - pad - left)
        surface.blit(line_font.render(line, True, colour), (left, y))

    def _second_line(self, found: Found) -> tuple[str, theme.Colour]:
        problem = self.problem(found)
        if problem is not None:
            error, choosable = problem
            head = "Does not load" if choosable else "Cannot be used"
            return f"{head}: {error.message}", theme.ACCENT if choosable else theme.INK_PALE
        by = self.offer.brought_by(found)
        if by:
            return f"Brought along by {', '.join(f.name or f.id for f in by)}", theme.INK_FADED
        first = found.description.strip().split("\n\n")[0]
        return " ".join(first.split()), theme.INK_FADED

    def _draw_scenario(
        self, surface: pygame.Surface, rect: pygame.Rect, found: Found, chosen: bool
    ) -> None:
        self._row_ground(surface, rect, chosen)
        side = max(14, round(20 * self.scale))
        centre = (rect.left + round(14 * self.scale) + side // 2, rect.centery)
        pygame.draw.circle(surface, theme.INK_FADED, centre, side // 2, 1)
        if chosen:
            pygame.draw.circle(surface, theme.ACCENT, centre, side // 2 - 4)
        left = centre[0] + side // 2 + round(12 * self.scale)
        problem = self.problem(found)
        self._draw_text(surface, rect, left, found, self._second_line(found), problem is not None)

    def _draw_mod(
        self, surface: pygame.Surface, rect: pygame.Rect, found: Found, cursor: bool
    ) -> None:
        self._row_ground(surface, rect, cursor)
        k = self.scale
        box = self.box(rect)
        problem = self.problem(found)
        usable = problem is None or problem[1]
        number = self.offer.number(found)
        if number is not None:
            pygame.draw.rect(surface, theme.ACCENT, box, border_radius=3)
            a = (box.left + box.width // 5, box.centery)
            b = (box.left + box.width * 2 // 5, box.bottom - box.height // 4)
            c = (box.right - box.width // 5, box.top + box.height // 4)
            pygame.draw.lines(surface, theme.PAPER_LIGHT, False, [a, b, c], max(2, round(3 * k)))
        else:
            ink = theme.INK_FADED if usable else theme.INK_PALE
            pygame.draw.rect(surface, theme.PAPER_LIGHT if usable else theme.PAPER, box)
            pygame.draw.rect(surface, ink, box, 1, border_radius=3)
        name_font = self._fonts()[0]
        at = box.right + round(10 * k)
        # The place in the load order, as "1st": a bare number beside a name read as a count.
        width = name_font.size("10th")[0]
        if number is not None:
            digits = name_font.render(_place(number), True, theme.ACCENT)
            surface.blit(digits, (at + width - digits.get_width(), rect.top + round(5 * k)))
        left = at + width + round(10 * k)
        self._draw_text(surface, rect, left, found, self._second_line(found), not usable)

    def _draw_about(self, surface: pygame.Surface) -> None:
        k = self.scale
        bar = self.about_rect.move(-round(24 * k), 0)
        pygame.draw.rect(surface, theme.ACCENT, (bar.left, bar.top + 4, max(3, round(5 * k)), 70))
        self.about.draw(surface, self.about_rect)
        # Under it: what the last key could not do, or else the game Continue reads.
        font = theme.font(max(12, round(15 * k)), "italic")
        text, colour = (self.note, theme.ACCENT) if self.note else (self.summary(), theme.INK_FADED)
        area = self.summary_rect
        lines = wrap(font, text, area.width)
        most = max(1, area.height // font.get_linesize())
        if len(lines) > most:
            lines = [*lines[: most - 1], fit(font, " ".join(lines[most - 1 :]), area.width)]
        y = area.top
        for line in lines:
            surface.blit(font.render(line, True, colour), (area.left, y))
            y += font.get_linesize()

    def shown_texts(self) -> list[str]:
        texts = ["Which scenario?"]
        for found in [*self.offer.scenarios, *self.mods]:
            number = self.offer.number(found) if found in self.mods else None
            place = _place(number) if number is not None else ""
            texts += [place, found.name or found.id, version_words(found.version)]
            texts.append(ORIGINS[origin(found)])
            texts.append(self._second_line(found)[0])
        texts += self.about.texts()
        texts.append(self.note or self.summary())
        buttons = (self.earlier_button, self.later_button, self.back_button, self.continue_button)
        return [t for t in texts if t] + [b.text for b in buttons if b is not None]


def _same_source(a: Source, b: Source) -> bool:
    return Path(a.folder).resolve() == Path(b.folder).resolve() and [
        Path(m).resolve() for m in a.mods
    ] == [Path(m).resolve() for m in b.mods]


def version_words(version: str) -> str:
    """'version 1' for a bare version number (a '1' beside a name says nothing); '' for none."""
    text = version.strip()
    return f"version {text}" if text[:1].isdigit() else text


def _place(n: int) -> str:
    """1st, 2nd, 3rd, 4th ... 11th, 12th, 13th, 21st: a place in the load order."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _ordinal(n: int) -> str:
    words = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")
    return words[n - 1] if n <= len(words) else f"{n}th"


def picker_for(source: Source, open_game: Callable[[Scenario], Scene]) -> PickerScene | None:
    """The page for New game over the scenario `source` reads (which loads), or None when
    there is nothing to choose: one scenario and no mods."""
    catalogue = search(source)
    if not choice_to_make(catalogue):
        return None
    return PickerScene(Offer(catalogue, source), open_game, valid=source)
