"""The end of a game: the ending's title and epilogue, what really happened, whether the
player won, the score with its breakdown, and "your game beside history" (the scenario's
`beside_history` text): each dated decision of the scenario, what came of it in this game
next to what happened (`in_history`).

`EndingScene(session)` needs only a finished session. Its buttons open the journal and
the charts, go on to the new-game page, go back to the title (when the game was begun
from one: the title is then at the bottom of the stack), or quit.

Keys: Tab and Shift+Tab move the focus round the story, the game beside history and
the buttons (a red frame marks a column, a button shows selected). Left/Right move
between the buttons, or between the columns when one has the focus. Up/Down, PgUp/PgDn,
Home/End and Space scroll the focused column (with a button focused, they scroll the
story, then the history once the story is at its end). Enter or Space press the focused
button. J opens the journal, H the charts, N a new game; Esc or T go back to the title
(with no title below, Esc quits); Q quits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pygame
import pygame_gui
from pygame_gui.elements import UIButton

from game.describe import MONTHS, both_styles, scenario_text, sources_line
from game.engine.score import explain, score, turns_played
from game.engine.state import NO_ONE
from game.scenario.schema import Event
from game.session import Session
from game.ui import theme
from game.ui.scene import QUIT, Scene, Transition, home, push
from game.ui.scenes.charts import ChartsScene
from game.ui.scenes.journal import (
    ACTIVATE,
    SCROLL_KEYS,
    Block,
    Column,
    Focus,
    JournalScene,
    drag_bars,
    focus_mark,
    hint,
    page,
    tab_step,
)
from game.ui.scenes.title import FRAME, ornament
from game.ui.text import fit

BUTTONS = ("Journal", "Charts", "New game", "Title", "Quit")  # Title only over a title
PANES = ("story", "history")
# The right column's heading and the name of its history side, unless the scenario words
# them (`texts: beside_history, in_history`: "Your October beside history", "In 1917").
BESIDE = "Your game beside history"
THIS_GAME, IN_HISTORY = "In this game", "In history"
SPLIT = 0.46  # of the history column's width, the part that tells this game
_SIDEWAYS = {pygame.K_RIGHT: 1, pygame.K_LEFT: -1}
_HOTKEYS = {
    pygame.K_j: "Journal",
    pygame.K_h: "Charts",
    pygame.K_n: "New game",
    pygame.K_t: "Title",
    pygame.K_q: "Quit",
}
_SENTENCE = re.compile(r"(.+?[.!?])(?=\s+[A-Z\"'“(]|\s*$)", re.S)


def first_sentence(text: str) -> str:
    """The text's first sentence (all of it when no full stop ends one)."""
    text = " ".join(text.split())
    found = _SENTENCE.match(text)
    return found.group(1) if found else text


def short_date(session: Session, event: Event) -> str:
    """'3 September (16 September N.S.)': without the year when the whole calendar lies
    in one year."""
    assert event.date is not None
    calendar = session.rules.model.calendar
    text = both_styles(event.date, session.rules.new_style_offset)
    if calendar.turns[0].date.year == calendar.end.year:
        text = text.replace(f" {event.date.year}", "")
    return text.replace(" New Style", " N.S.")


@dataclass(frozen=True)
class BesideRow:
    """One dated decision: what came of it in this game beside what really happened."""

    date: str
    title: str
    this_game: str
    history: str
    mine: bool  # the player decided it (and did)
    happened: bool


class EndingScene(Scene):
    name = "ending"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        rules = session.rules
        state = session.state
        index = state.ending if state.ending is not None and state.ending >= 0 else None
        self.ending = rules.model.endings[index] if index is not None else None
        player = session.player
        self.me = rules.faction_index[player] if player is not None else NO_ONE
        self.faction = rules.model.factions[self.me].name if player is not None else ""
        self.turns = turns_played(rules, state)
        self.score = score(rules, state, self.me) if player is not None else None
        self.won = self.score is not None and self.score.won
        self.buttons: list[UIButton] = []
        self.labels: tuple[str, ...] = BUTTONS  # the buttons shown (see `build`)
        self.focus = Focus([*PANES, *BUTTONS], at="New game")
        self.beside = scenario_text(rules.model, "beside_history", BESIDE)
        self.in_history = scenario_text(rules.model, "in_history", IN_HISTORY)
        self.story = Column(self.story_blocks())
        self.timeline = Column(self.beside_blocks())
        self.left = pygame.Rect(0, 0, 0, 0)
        self.right = pygame.Rect(0, 0, 0, 0)

    # -- what it says ------------------------------------------------------------------

    @property
    def title(self) -> str:
        return self.ending.title if self.ending is not None else "The game is not over"

    @property
    def verdict(self) -> str:
        if not self.faction:
            return "The game is over."
        if self.won:
            return f"Victory for the {self.faction}"
        return f"Defeat for the {self.faction}"

    @property
    def turns_line(self) -> str:
        plural = "s" if self.turns != 1 else ""
        return f"Ended after {self.turns} turn{plural}"

    @property
    def score_line(self) -> str:
        return f"Score {self.score.total}" if self.score is not None else ""

    def story_blocks(self) -> list[Block]:
        if self.ending is None:
            blocks = [Block("faded", "The calendar has not run out and no ending holds yet.")]
        else:
            blocks = [Block("body", self.ending.epilogue.strip())]
            if self.ending.history.strip():
                blocks.append(Block("heading", "What really happened"))
                blocks.append(Block("faded", self.ending.history.strip()))
                if sources_line(self.ending.sources):
                    blocks.append(Block("small_faded", sources_line(self.ending.sources)))
        return blocks + self.score_blocks()

    def score_blocks(self) -> list[Block]:
        """The score's breakdown, a row per part: what earned it beside the points."""
        if self.score is None:
            return []
        blocks = [Block("heading", f"Your score: {self.score.total}")]
        rules, state = self.session.rules, self.session.state
        # Each part in words: what it counts, how this game earned it, why it weighs so.
        for line in explain(rules, state, self.me):
            if line.label == "Total":
                continue
            blocks.append(
                Block(
                    "small",
                    line.text,
                    beside=f"{line.points}",
                    beside_kind="small_date",
                    split=0.8,
                )
            )
        return blocks

    def fired_turns(self) -> dict[str, int]:
        """The turn each event first fired in, by title, from the journal."""
        turns: dict[str, int] = {}
        for entry in self.session.state.journal:
            if entry.faction == NO_ONE:
                turns.setdefault(entry.text, entry.turn)
        return turns

    def chosen(self) -> dict[tuple[str, str], str]:
        """(event id, faction id) -> the choice id taken, from the session's records."""
        taken: dict[tuple[str, str], str] = {}
        for record in self.session.records:
            for fid, orders in record.decisions.items():
                for event_id, choice in orders.choices:
                    taken.setdefault((event_id, fid), choice)
        return taken

    def beside_rows(self) -> list[BesideRow]:
        """The scenario's dated decision events in date order, each with this game's
        outcome (whether it came, when, and who chose what) and its history's first sentence."""
        rules = self.session.rules
        fired, taken = self.fired_turns(), self.chosen()
        dated = [e for e in rules.model.events if e.date is not None and e.choices]
        rows = []
        for event in sorted(dated, key=lambda e: e.date or 0):
            decider = event.faction or ""
            happened = event.title in fired
            mine = happened and decider == self.session.player
            rows.append(
                BesideRow(
                    short_date(self.session, event),
                    event.title,
                    self._outcome(event, fired.get(event.title), taken.get((event.id, decider))),
                    first_sentence(event.history) or "No note on what happened.",
                    mine and (event.id, decider) in taken,
                    happened,
                )
            )
        return rows

    def _outcome(self, event: Event, turn: int | None, choice: str | None) -> str:
        if turn is None:
            return "It never came to this."
        day = self.session.rules.date_of(turn)
        when = f"Turn {turn + 1}, {day.day} {MONTHS[day.month - 1]}"
        if choice is None:
            return f"{when}. It came, and passed undecided."
        text = next((c.text for c in event.choices if c.id == choice), choice)
        if event.faction == self.session.player:
            return f"{when}. You chose: {text}"
        faction = self.session.rules.model.factions[
            self.session.rules.faction_index[event.faction or ""]
        ]
        return f"{when}. {faction.short_name or faction.name} chose: {text}"

    def beside_blocks(self) -> list[Block]:
        blocks = []
        for row in self.beside_rows():
            blocks.append(Block("small_date", f"{row.date}  ·  {row.title}"))
            kind = "small_mine" if row.mine else "small" if row.happened else "small_faded"
            blocks.append(
                Block(
                    kind, row.this_game, beside=row.history, beside_kind="small_faded", split=SPLIT
                )
            )
        return blocks or [Block("small_faded", "This scenario dates none of its decisions.")]

    # -- widgets and keys --------------------------------------------------------------

    def build(self, size: tuple[int, int]) -> None:
        w, h = size
        k = min(w / 1280, h / 720)
        self.story = Column(self.story.blocks, k)
        self.timeline = Column(self.timeline.blocks, k)
        self.labels = tuple(b for b in BUTTONS if b != "Title" or self.title_below())
        self.focus = Focus([*PANES, *self.labels], at=self.focus.part)
        count = len(self.labels)
        bw, bh, gap = round(190 * k), max(38, round(44 * k)), round(22 * k)
        # Five buttons on a narrow window: narrower, as far as their words allow.
        room = w - 2 * FRAME - round(60 * k)
        if bw * count + gap * (count - 1) > room:
            gap = round(14 * k)
            bw = (room - gap * (count - 1)) // count
        left = (w - (bw * count + gap * (count - 1))) // 2
        top = h - FRAME - max(44, round(44 * k)) - bh
        self.buttons = []
        for i, label in enumerate(self.labels):
            rect = pygame.Rect(left + i * (bw + gap), top, bw, bh)
            big = theme.button_face(k, "#menu_button" if k >= 0.85 else None)
            button = UIButton(rect, label, self.manager, object_id=big)
            self.add(button)
            self.buttons.append(button)
        inner = pygame.Rect(0, 0, w, h).inflate(-2 * FRAME - round(90 * k), 0)
        # Below the head's rule, which comes lower as the text grows.
        body_top = max(FRAME + round(200 * k), self.head_rule(k) + max(10, round(12 * k)))
        body_h = top - round(22 * k) - body_top
        right_w = round(inner.width * 0.56)
        heading, names = self._column_fonts(k)
        # Over the right column: its heading, then the names of its two columns.
        head = heading.get_linesize() + names.get_linesize() + max(16, round(20 * k))
        self.left = pygame.Rect(inner.left, body_top, inner.width - right_w - round(60 * k), body_h)
        self.right = pygame.Rect(inner.right - right_w, body_top + head, right_w, body_h - head)
        self.story.set(self.left.width, self.left.height)
        self.timeline.set(self.right.width, self.right.height)
        self._show_focus()

    def title_below(self) -> bool:
        """Whether a title lies at the bottom of the stack, under this ending, to go back to
        (not so when the window was opened straight on a game)."""
        stack = self.app.stack if self._app is not None else []
        return len(stack) > 1 and stack[0] is not self and stack[0].name == "title"

    def _show_focus(self) -> None:
        self.focus.show(dict(zip(self.labels, self.buttons, strict=True)))
        self.dirty = True

    def _activate(self, label: str) -> Transition | None:
        if label == "Journal":
            return push(JournalScene(self.session))
        if label == "Charts":
            return push(ChartsScene(self.session))
        if label == "New game":
            return self.new_game()
        if label == "Title":
            return home() if self.title_below() else None
        return QUIT

    def new_game(self) -> Transition:
        """Back to the bottom of the stack (the title) and on to the new-game page."""
        from game.ui.scenes.newgame import NewGameScene

        # Whoever played ironman is offered it again: the toggle starts as this game had it.
        scene = NewGameScene(self.session.rules.scenario, ironman=self.session.ironman)
        return home(scene)

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element in self.buttons:
            return self._activate(self.labels[self.buttons.index(event.ui_element)])
        if event.type == pygame.KEYDOWN:
            return self._key(event)
        if event.type == pygame.MOUSEWHEEL:
            over = self.right if self.right.collidepoint(self.pointer) else None
            self.dirty |= (self.timeline if over else self.story).handle(event)
        self.dirty |= drag_bars(event, self.story, self.timeline)
        return None

    def _key(self, event: pygame.event.Event) -> Transition | None:
        part = self.focus.part
        if event.key == pygame.K_ESCAPE:  # "Esc for the menu": quit only with no title below
            return home() if self.title_below() else QUIT
        if event.key in _HOTKEYS:
            return self._activate(_HOTKEYS[event.key])
        if tab_step(event):
            self.focus.move(tab_step(event))
        elif event.key in _SIDEWAYS:
            self._sideways(part, _SIDEWAYS[event.key])
        elif part in self.labels and event.key in ACTIVATE:
            return self._activate(part)
        elif event.key in (*SCROLL_KEYS, pygame.K_SPACE):
            self._scroll(part, event)
        self._show_focus()
        return None

    def _sideways(self, part: str, step: int) -> None:
        """Left/Right stay among their kind: the columns, or the buttons."""
        among = PANES if part in PANES else self.labels
        self.focus.to(among[(among.index(part) + step) % len(among)])

    def _scroll(self, part: str, event: pygame.event.Event) -> None:
        if part == "story":
            self.dirty |= self.story.handle(event)
        elif part == "history":
            self.dirty |= self.timeline.handle(event)
        elif self.story.handle(event) or self.timeline.handle(event):
            self.dirty = True  # what the story cannot scroll scrolls the history

    # -- drawing -----------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        frame = page(surface)
        w, h = surface.get_size()
        k = min(w / 1280, h / 720)
        self._draw_head(surface, frame, k)
        self.story.draw(surface, self.left)
        rule_x = self.right.left - round(30 * k)
        top = self.left.top
        pygame.draw.line(surface, theme.INK_PALE, (rule_x, top), (rule_x, self.left.bottom), 1)
        heading, names = self._column_fonts(k)
        beside = fit(heading, self.beside, self.right.width)
        surface.blit(heading.render(beside, True, theme.INK), (self.right.left, top))
        y = self.right.top - names.get_linesize() - round(4 * k)
        gap = round(24 * k)  # as BESIDE_GAP in the column
        x = self.right.left + round((self.right.width - gap) * SPLIT) + gap
        surface.blit(names.render(THIS_GAME, True, theme.ACCENT), (self.right.left, y))
        in_history = fit(names, self.in_history, self.right.right - x)
        surface.blit(names.render(in_history, True, theme.INK_FADED), (x, y))
        pygame.draw.line(
            surface,
            theme.INK_PALE,
            (self.right.left, self.right.top - 2),
            (self.right.right, self.right.top - 2),
        )
        self.timeline.draw(surface, self.right)
        if self.focus.part == "story":
            focus_mark(surface, self.left)
        elif self.focus.part == "history":  # the column's names belong to it
            above = self.right.top - y
            focus_mark(surface, self.right.inflate(0, above).move(0, -above // 2))
        hint(
            surface,
            frame,
            "Tab to move  ·  Enter to choose  ·  J journal  ·  H charts  ·  "
            + ("Esc to the title" if self.title_below() else "Esc to quit"),
        )

    @staticmethod
    def _column_fonts(k: float) -> tuple[pygame.font.Font, pygame.font.Font]:
        """The right column's heading, and the names of its two columns."""
        return (
            theme.font(max(14, round(20 * k)), "bold"),
            theme.font(max(12, round(14 * k)), "italic"),
        )

    @staticmethod
    def _head_fonts(k: float) -> tuple[pygame.font.Font, pygame.font.Font, pygame.font.Font]:
        return (
            theme.font(max(12, round(15 * k)), "regular"),
            theme.font(max(24, round(52 * k)), "bold"),
            theme.font(max(16, round(26 * k)), "italic"),
        )

    def head_rule(self, k: float) -> int:
        """The y of the rule under the head (as `_draw_head` sets it, line by line)."""
        y = FRAME + round(22 * k)
        for font in self._head_fonts(k):
            y += font.render("A", True, theme.INK).get_height()  # a rendered line's height
        return y + round(14 * k)

    def _draw_head(self, surface: pygame.Surface, frame: pygame.Rect, k: float) -> None:
        """The kicker, the ending's title, and the verdict with the turns and the score."""
        w = surface.get_width()
        small, big, verdict = self._head_fonts(k)
        y = frame.top + round(22 * k)
        line = small.render("   ".join("THE END OF THE GAME"), True, theme.INK_FADED)
        surface.blit(line, ((w - line.get_width()) // 2, y))
        y += line.get_height()
        image = big.render(fit(big, self.title, frame.width - 40), True, theme.INK)
        surface.blit(image, ((w - image.get_width()) // 2, y))
        y += image.get_height()
        colour = theme.ACCENT if self.won else theme.INK_FADED
        text = "  ·  ".join(t for t in (self.verdict, self.turns_line, self.score_line) if t)
        image = verdict.render(fit(verdict, text, frame.width - 40), True, colour)
        surface.blit(image, ((w - image.get_width()) // 2, y))
        y += image.get_height() + round(14 * k)
        ornament(surface, (w // 2, y), round(260 * k), theme.INK_FADED)

    def shown_texts(self) -> list[str]:
        texts = [self.title, self.verdict, self.turns_line, self.score_line, self.beside]
        texts += [THIS_GAME, self.in_history]
        return texts + self.story.texts() + self.timeline.texts() + [b.text for b in self.buttons]
