"""A new game: whom to lead (each playable faction with its paragraph and what it
wants), the difficulty (when the scenario offers any), the seed (random unless
the player types one) and Ironman (one save, no undo), then Start.

Keys: Tab and Shift+Tab move the focus round the factions, the difficulties, the
seed, New seed, Ironman, Back and Start (a red frame marks it). On the factions,
Up/Down choose; on the difficulties, Left/Right (or Up/Down) choose; on the buttons
the arrows move between them. The number keys choose a faction and I turns Ironman
on or off, unless the seed is being typed. Enter starts the game (on Back it goes
back, on New seed it draws another seed, on Ironman it turns it on or off); Space
presses the button that has the focus. Esc goes back to the title.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

import pygame
import pygame_gui
from pygame_gui.elements import UIButton, UITextEntryLine

from game.describe import masthead as masthead_words
from game.engine.rules import Rules
from game.scenario.loader import Scenario
from game.scenario.schema import Difficulty, Faction
from game.session import Session, default_difficulty, difficulty_profiles
from game.ui import gui, theme
from game.ui.scene import POP, Scene, Transition, replace
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
from game.ui.text import wrap

MAX_SEED = 2**31
_STEP = {pygame.K_DOWN: 1, pygame.K_UP: -1, pygame.K_RIGHT: 1, pygame.K_LEFT: -1}
_ENTER = (pygame.K_RETURN, pygame.K_KP_ENTER)
_BUTTONS = ("reroll", "ironman", "back", "start")  # the parts Space presses
_DIGITS = {getattr(pygame, f"K_{n}"): n - 1 for n in range(1, 10)}
IRONMAN_NOTE = "One save, written after every turn: no saving, loading or undo."


def random_seed() -> int:
    return secrets.randbelow(MAX_SEED)


def wants(scenario: Scenario, faction: Faction) -> list[str]:
    """What the faction plays for, in plain words: the endings it wins, what it hopes, dreads."""
    model = scenario.model
    lines = []
    wins = [e.title for e in model.endings if faction.id in e.winners]
    if wins:
        lines.append("Wins with: " + "; ".join(wins) + ".")
    flags = {f.id: f.description.strip() for f in model.flags}
    ranked = sorted(faction.goals.flags.items(), key=lambda item: -abs(item[1]))
    hopes = [flags[f] for f, v in ranked if v >= 100 and flags.get(f)]
    dreads = [flags[f] for f, v in ranked if v <= -100 and flags.get(f)]
    if hopes:
        lines.append("Hopes: " + " ".join(hopes))
    if dreads:
        lines.append("Dreads: " + " ".join(dreads))
    return lines


def _map_of(session: Session) -> Scene:
    from game.ui.scenes.map import MapScene

    # A new game: the map offers the guided first turn (if the settings still want it).
    return MapScene(session, guide=True, decisions_first=True)


class NewGameScene(Scene):
    name = "new-game"

    def __init__(
        self,
        scenario: Scenario,
        seed: int | None = None,
        start: Callable[[Session], Scene] = _map_of,
        *,
        ironman: bool = False,
        difficulty: str | None = None,
    ) -> None:
        super().__init__()
        self.scenario = scenario
        self.rules = Rules(scenario)
        self.factions = [f for f in scenario.model.factions if f.playable] or list(
            scenario.model.factions[:1]
        )
        self.difficulties: list[Difficulty] = list(scenario.model.difficulties)
        chosen = difficulty or default_difficulty(self.rules)
        self.level = next((i for i, d in enumerate(self.difficulties) if d.id == chosen), 0)
        self.seed_text = str(seed if seed is not None else random_seed())
        self.start = start
        self.ironman = ironman
        self.selected = 0
        self.problem = ""
        self.buttons: list[UIButton] = []
        self.level_buttons: list[UIButton] = []
        self.seed_entry: UITextEntryLine | None = None
        self.start_button: UIButton | None = None
        self.back_button: UIButton | None = None
        self.reroll_button: UIButton | None = None
        self.ironman_button: UIButton | None = None
        parts = ["factions", "difficulty", "seed", "reroll", "ironman", "back", "start"]
        self.focus = Focus([p for p in parts if p != "difficulty" or self.difficulties])
        self.about = Column([])
        self.about_rect = pygame.Rect(0, 0, 0, 0)
        self.level_rect = pygame.Rect(0, 0, 0, 0)  # the difficulties' row and description
        self.scale = 1.0

    @property
    def faction(self) -> Faction:
        return self.factions[self.selected]

    @property
    def difficulty(self) -> Difficulty | None:
        return self.difficulties[self.level] if self.difficulties else None

    # -- widgets -----------------------------------------------------------------------

    def _label_font(self) -> pygame.font.Font:
        return theme.font(max(12, round(16 * self.scale)), "italic")

    def _description_font(self) -> pygame.font.Font:
        return theme.font(max(12, round(15 * self.scale)), "italic")

    def build(self, size: tuple[int, int]) -> None:
        w, h = size
        k = self.scale = min(w / 1280, h / 720)
        margin = FRAME + round(70 * k)
        label_h = self._label_font().get_linesize()
        # The label above the buttons stays below the masthead's rule (16k above
        # masthead_bottom) as the masthead grows with the text.
        top = max(FRAME + round(132 * k), masthead_bottom(size) - round(14 * k) + label_h + 4)
        menu = "#menu_button" if k >= 0.85 else None  # the menu's large face, when it fits
        big = theme.button_face(k, menu)
        face = theme.button_font(k, menu)
        widest = max((face.size(f.name)[0] for f in self.factions), default=0)
        bw = max(290, round(330 * k), widest + 24)
        bh, gap = max(40, round(50 * k), face.get_linesize() + 8), round(12 * k)
        eh = max(34, round(40 * k))
        sh = foot_size(k)[1]
        bottom = h - FRAME - max(44, round(44 * k)) - sh
        # Large text on a small window: the faction buttons give up height (down to their
        # text's) before the seed box runs into Back and Start.
        below = round(18 * k) + label_h + 4 + eh + round(12 * k)
        if self.difficulties:
            below += label_h + 4 + eh + round(22 * k)
        room = bottom - top - below
        if len(self.factions) * (bh + gap) > room:
            bh = max(face.get_linesize() + 4, room // max(1, len(self.factions)) - gap)
        self.buttons = []
        for i, faction in enumerate(self.factions):
            rect = pygame.Rect(margin, top + i * (bh + gap), bw, bh)
            button = UIButton(rect, faction.name, self.manager, object_id=big)
            self.add(button)
            self.buttons.append(button)
        y = top + len(self.factions) * (bh + gap) + round(18 * k)
        y = self._build_difficulties(margin, y, bw, eh, label_h) if self.difficulties else y
        self.seed_entry = UITextEntryLine(
            pygame.Rect(margin, y + label_h + 4, max(150, round(200 * k)), eh),
            self.manager,
            object_id=theme.entry_face(k),
        )
        self.seed_entry.set_allowed_characters("numbers")
        self.seed_entry.set_text_length_limit(10)
        self.seed_entry.set_text(self.seed_text)
        self.add(self.seed_entry)
        self.reroll_button = UIButton(
            pygame.Rect(
                margin + max(160, round(210 * k)),
                y + label_h + 4,
                bw - max(160, round(210 * k)),
                eh,
            ),
            "New seed",
            self.manager,
            object_id=theme.button_face(k),
        )
        self.add(self.reroll_button)
        self.back_button, self.start_button = foot_buttons(self, k, w, bottom, "Start", big)
        left = margin + bw + round(60 * k)
        # Ironman closes the right-hand column, its note beside it, just above Back and Start.
        row = bottom - round(20 * k) - eh
        toggle_w = max(140, round(170 * k), face.size("Ironman: Off")[0] + 24)
        self.ironman_button = UIButton(
            pygame.Rect(left, row, toggle_w, eh),
            "",
            self.manager,
            tool_tip_text="I: " + IRONMAN_NOTE,
            object_id=theme.button_face(k),
        )
        self.add(self.ironman_button)
        self._show_ironman()
        self.about_rect = pygame.Rect(left, top, w - left - margin, row - round(16 * k) - top)
        self._select(self.selected)
        self._choose_level(self.level)
        self._show_focus()

    def _build_difficulties(self, x: int, y: int, width: int, height: int, label_h: int) -> int:
        """The row of difficulty buttons under its label; returns the y below its description."""
        k = self.scale
        count = len(self.difficulties)
        gap = round(8 * k)
        each = (width - gap * (count - 1)) // count
        top = y + label_h + 4
        self.level_buttons = []
        for i, level in enumerate(self.difficulties):
            rect = pygame.Rect(x + i * (each + gap), top, each, height)
            button = UIButton(
                rect,
                level.name,
                self.manager,
                tool_tip_text=level.description,
                object_id=theme.button_face(k),
            )
            self.add(button)
            self.level_buttons.append(button)
        # The chosen level's description is told in the column on the right, which scrolls.
        self.level_rect = pygame.Rect(x, top, width, height)
        return self.level_rect.bottom + round(22 * k)

    def _select(self, index: int) -> None:
        self.selected = index % len(self.factions)
        for i, button in enumerate(self.buttons):
            gui.select(button, i == self.selected)
        self._tell()

    def _tell(self) -> None:
        """The right-hand column: the faction chosen, what it wants, and the difficulty."""
        faction = self.faction
        blocks = [Block("kicker", "You lead"), Block("title", faction.name)]
        mods = self.scenario.mod_labels
        if mods:  # first, where it is seen: the game is not the scenario as it ships
            laid = ", then ".join(mods)
            blocks.insert(
                0, Block("faded", f"Played with {'mods' if len(mods) > 1 else 'a mod'}: {laid}.")
            )
        if faction.description.strip():
            blocks.append(Block("body", faction.description.strip()))
        blocks += [Block("faded", line) for line in wants(self.scenario, faction)]
        level = self.difficulty
        if level is not None:
            blocks.append(Block("heading", f"Difficulty: {level.name}"))
            if level.description.strip():
                blocks.append(Block("faded", level.description.strip()))
        self.about = Column(blocks, self.scale)
        if self.about_rect.width:
            self.about.set(self.about_rect.width, self.about_rect.height)
        self.dirty = True

    def _choose_level(self, index: int) -> None:
        if not self.difficulties:
            return
        self.level = index % len(self.difficulties)
        for i, button in enumerate(self.level_buttons):
            gui.select(button, i == self.level)
        self._tell()

    @property
    def ironman_text(self) -> str:
        return f"Ironman: {'On' if self.ironman else 'Off'}"

    def _show_ironman(self) -> None:
        if self.ironman_button is not None:
            self.ironman_button.set_text(self.ironman_text)
        self.dirty = True

    def toggle_ironman(self) -> None:
        self.ironman = not self.ironman
        self._show_ironman()

    def _show_focus(self) -> None:
        """Buttons alone in the ring show the focus as selected; the seed box takes the keys."""
        singles = {"reroll": self.reroll_button, "back": self.back_button}
        singles["ironman"] = self.ironman_button
        singles["start"] = self.start_button
        self.focus.show({name: b for name, b in singles.items() if b is not None})
        if self.seed_entry is not None:
            if self.focus.part == "seed" and not self.seed_entry.is_focused:
                self.seed_entry.focus()  # type: ignore[no-untyped-call]
            elif self.focus.part != "seed" and self.seed_entry.is_focused:
                self.seed_entry.unfocus()  # type: ignore[no-untyped-call]
        self.dirty = True

    def focus_rect(self) -> pygame.Rect | None:
        """Where the focus mark goes: around the part of the page that has the keyboard."""
        part = self.focus.part
        if part == "factions" and self.buttons:
            return pygame.Rect(self.buttons[0].rect).union(self.buttons[-1].rect)
        if part == "difficulty":
            return self.level_rect
        widgets = {
            "seed": self.seed_entry,
            "reroll": self.reroll_button,
            "ironman": self.ironman_button,
            "back": self.back_button,
            "start": self.start_button,
        }
        widget = widgets.get(part)
        return pygame.Rect(widget.rect) if widget is not None else None

    # -- starting ----------------------------------------------------------------------

    def seed(self) -> int | None:
        text = self.seed_entry.get_text() if self.seed_entry is not None else self.seed_text
        text = text.strip()
        if not text.isdigit() or int(text) >= MAX_SEED:
            return None
        return int(text)

    def profiles(self) -> dict[str, str]:
        """The AI profiles the rivals play at the chosen difficulty."""
        level = self.difficulty
        return difficulty_profiles(self.rules, level.id if level else None, self.faction.id)

    def begin(self) -> Transition | None:
        seed = self.seed()
        if seed is None:
            self.problem = f"The seed must be a whole number below {MAX_SEED}."
            self.dirty = True
            return None
        session = Session(
            self.rules,
            seed,
            player=self.faction.id,
            profiles=self.profiles(),
            ironman=self.ironman,
        )
        return replace(self.start(session))

    def reroll(self) -> None:
        self.seed_text = str(random_seed())
        if self.seed_entry is not None:
            self.seed_entry.set_text(self.seed_text)
        self.problem = ""
        self.dirty = True

    def _typing(self) -> bool:
        return self.seed_entry is not None and self.seed_entry.is_focused

    # -- events ------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            return self._pressed(event.ui_element)
        if event.type == pygame_gui.UI_TEXT_ENTRY_CHANGED and self.seed_entry is not None:
            self.seed_text = self.seed_entry.get_text()
            self.problem = ""
            self.dirty = True
        if event.type == pygame.MOUSEBUTTONUP and (self._typing() or self.focus.part == "seed"):
            # A click in the box gives it the focus; a click on the bare page leaves it there.
            self.focus.to("seed")
            self._show_focus()
        if event.type == pygame.MOUSEWHEEL:
            self.dirty |= self.about.handle(event)
        self.dirty |= drag_bars(event, self.about)
        if event.type == pygame.KEYDOWN:
            return self._key(event)
        return None

    def _pressed(self, element: object) -> Transition | None:
        if element in self.buttons:
            self.focus.to("factions")
            self._select(self.buttons.index(element))
        elif element in self.level_buttons:
            self.focus.to("difficulty")
            self._choose_level(self.level_buttons.index(element))
        elif element is self.start_button:
            return self.begin()
        elif element is self.back_button:
            return POP
        elif element is self.reroll_button:
            self.focus.to("reroll")
            self.reroll()
        elif element is self.ironman_button:
            self.focus.to("ironman")
            self.toggle_ironman()
        self._show_focus()
        return None

    def _activate(self) -> Transition | None:
        """Enter or Space on the focused part."""
        part = self.focus.part
        if part == "back":
            return POP
        if part == "reroll":
            self.reroll()
            return None
        if part == "ironman":
            self.toggle_ironman()
            return None
        return self.begin()

    def _key(self, event: pygame.event.Event) -> Transition | None:
        part = self.focus.part
        if event.key == pygame.K_ESCAPE:
            return POP
        if tab_step(event):
            self.focus.move(tab_step(event))
            self._show_focus()
        elif event.key in _ENTER or (event.key == pygame.K_SPACE and part in _BUTTONS):
            return self._activate()
        elif event.key in _DIGITS and not self._typing():
            if _DIGITS[event.key] < len(self.factions):
                self.focus.to("factions")
                self._select(_DIGITS[event.key])
                self._show_focus()
        elif event.key == pygame.K_i and not self._typing():
            self.toggle_ironman()
        elif event.key in _STEP:
            self._arrow(part, _STEP[event.key], event.key in (pygame.K_LEFT, pygame.K_RIGHT))
        elif event.key in (pygame.K_PAGEUP, pygame.K_PAGEDOWN):
            self.dirty |= self.about.handle(event)
        return None

    def _arrow(self, part: str, step: int, sideways: bool) -> None:
        """Arrows choose within a row; elsewhere they move the focus (but not in the seed box,
        where left and right move the cursor)."""
        if part == "factions" and not sideways:
            self._select(self.selected + step)
        elif part == "difficulty":
            self._choose_level(self.level + step)
        elif part == "seed" and sideways:
            return
        else:
            self.focus.move(step)
            self._show_focus()

    # -- drawing -----------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        frame = page(surface)
        k = self.scale
        masthead(surface, frame, masthead_words(self.scenario.model), "A New Game")
        label = self._label_font()
        x = self.buttons[0].rect.left if self.buttons else frame.left
        above = self.buttons[0].rect.top - label.get_linesize() - 4 if self.buttons else 0
        surface.blit(label.render("Whom will you lead?", True, theme.INK_FADED), (x, above))
        if self.difficulty is not None and self.level_buttons:
            self._draw_difficulty(surface, self.difficulty, x)
        if self.seed_entry is not None:
            rect = self.seed_entry.rect
            y = rect.top - label.get_linesize() - 4
            text = "Seed (the same seed plays the same dice)"
            surface.blit(label.render(text, True, theme.INK_FADED), (x, y))
            if self.problem:
                surface.blit(label.render(self.problem, True, theme.ACCENT), (x, rect.bottom + 6))
        colour = theme.hex_colour(self.faction.color)
        bar = self.about_rect.move(-round(24 * k), 0)
        pygame.draw.rect(surface, colour, (bar.left, bar.top + 4, max(3, round(5 * k)), 70))
        self.about.draw(surface, self.about_rect)
        self._draw_ironman_note(surface)
        mark = self.focus_rect()
        if mark is not None:
            focus_mark(surface, mark.inflate(-14, 0))
        hint(surface, frame, "Tab to move  ·  arrows to choose  ·  Enter to start  ·  Esc back")

    def _draw_ironman_note(self, surface: pygame.Surface) -> None:
        """What Ironman means, beside its button (on two lines where the column is narrow)."""
        if self.ironman_button is None:
            return
        rect = self.ironman_button.rect
        font = self._description_font()
        x = rect.right + max(18, round(20 * self.scale))  # clear of the focus mark's frame
        width = self.about_rect.right - x
        lines = wrap(font, IRONMAN_NOTE, width)
        y = rect.centery - len(lines) * font.get_linesize() // 2
        colour = theme.ACCENT if self.ironman else theme.INK_FADED
        for line in lines:
            surface.blit(font.render(line, True, colour), (x, y))
            y += font.get_linesize()

    def _draw_difficulty(self, surface: pygame.Surface, level: Difficulty, x: int) -> None:
        label = self._label_font()
        top = self.level_buttons[0].rect.top
        surface.blit(
            label.render("Difficulty", True, theme.INK_FADED),
            (x, top - label.get_linesize() - 4),
        )

    def shown_texts(self) -> list[str]:
        texts = [masthead_words(self.scenario.model), "A New Game"]
        texts += [b.text for b in self.buttons] + self.about.texts()
        level = self.difficulty
        if level is not None:
            texts += [b.text for b in self.level_buttons] + [level.description.strip()]
        texts.append(self.seed_entry.get_text() if self.seed_entry else self.seed_text)
        texts += [self.ironman_text, IRONMAN_NOTE]
        return texts + ([self.problem] if self.problem else [])
