"""The whole game in a terminal: plain lines in, plain lines out.

No colours or cursor tricks, so a screen reader reads it in order and a test
can play it through a pipe. Every prompt says what it accepts; bad input is
answered with what was expected, never a traceback.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from collections.abc import Sequence
from typing import TextIO

from game.describe import capital, owner_name, sources_line, turn_heading, why_support, why_tracks
from game.engine.context import EvalCtx
from game.engine.rules import ActionRule, EventRule, Rules
from game.engine.state import NO_ONE, State
from game.play import AskOverwrite, Game, PlayError
from game.play.reload import NotReloaded, ReadScenario, reload_game
from game.saves.store import SaveStore
from game.scenario.expr import Kind
from game.session import Session
from game.terminal import BadLine, clean_stream, number, read_line

HELP = """Commands at the action prompt:
  a number   pick that action, then its target
  d or Enter end the turn
  s          show the situation again
  r NAME     show one region in detail (e.g. r vyborg)
  w          why things moved last turn: tracks and your support
  e          every ending: who wins it and where its conditions stand now
  u          take back the last action you queued
  save NAME  save the game (at the start of this turn); save alone quicksaves
  load NAME  load a saved game; load alone quickloads
  saves      list the saves
  undo       take back the whole of your last turn
  reload     read the scenario's files again and replay the game so far under them
  h          this help
  q          quit the game
The game saves itself after every turn; `saves` lists the autosaves."""


class Quit(Exception):
    """The player asked to leave, or the input ran out."""


class Restart(Exception):
    """The game changed under the turn being played (a load, an undo or a reload): start it
    again."""


def terminal_width(out: TextIO) -> int | None:
    """The columns of the terminal `out` writes to, or None when it is not a terminal."""
    try:
        if not out.isatty():
            return None
    except (AttributeError, ValueError):  # a closed or a bare stream
        return None
    return shutil.get_terminal_size().columns


def wrapped(line: str, width: int) -> list[str]:
    """A line broken at words to `width` columns, its continuation indented under its text
    (past a list's "  ! " or "  1. "); a word longer than the line is left whole."""
    if len(line) <= width:
        return [line]
    body = line.lstrip(" ")
    marker = re.match(r"(?:[!+*-]|\d+\.) ", body)
    hang = " " * (len(line) - len(body) + (marker.end() if marker else 0))
    return textwrap.wrap(
        line,
        width=max(20, width - 1),  # the last column: some terminals wrap on writing it
        subsequent_indent=hang if len(hang) < width // 2 else "",
        break_long_words=False,
        break_on_hyphens=False,
        drop_whitespace=True,
    ) or [line]


def table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(
            str(c).ljust(w) if i == 0 else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ).rstrip()
        for row in [header, *rows]
    ]
    return "\n".join(lines)


class TextGame:
    def __init__(
        self,
        session: Session,
        inp: TextIO,
        out: TextIO,
        store: SaveStore | None = None,
        reload_scenario: ReadScenario | None = None,
        width: int | None = None,
    ) -> None:
        self.inp = inp
        # Long lines are wrapped at words to the terminal's width; into a pipe or a file
        # they go whole (a reader or a program there does its own wrapping).
        self.width = width if width is not None else terminal_width(out)
        # Scenario text reaches the terminal only through this: no escape codes, no controls.
        self.out = clean_stream(out)
        # Where `reload` reads the scenario again (None: a game from a save, with nowhere).
        self.reload_scenario = reload_scenario
        # store None: no saving at all (tests, and games that ask for none)
        self.use(Game(session, store))

    def use(self, game: Game) -> None:
        self.game = game
        self.session = game.session
        self.reported = False  # whether the last turn's report has just been shown
        # Whether the turn's choices and orders came with the game (a reload that changed
        # nothing keeps them): else the turn starts with none.
        self.kept_plan = False
        self.rules: Rules = game.rules
        self.me = game.me

    # -- input/output ------------------------------------------------------------

    def say(self, text: str = "", wrap: bool = True) -> None:
        """Write the text; wrapped at words to the terminal's width unless `wrap` is False
        (a table: its columns mean more than the margin)."""
        if self.width is None or not wrap:
            self.out.write(text + "\n")
            return
        for line in text.split("\n"):
            self.out.write("\n".join(wrapped(line, self.width)) + "\n")

    def ask(self, prompt: str) -> str:
        """The next usable line typed at `prompt`; a line that is not (not text, control
        characters, too long) is answered with why, and the prompt comes again."""
        while True:
            self.out.write(prompt)
            self.out.flush()
            try:
                answer = read_line(self.inp)
            except BadLine as bad:
                self.say(str(bad))
                continue
            if answer is None:
                self.say()
                raise Quit("input ended")
            if answer.lower() in ("q", "quit"):
                raise Quit("quit")
            return answer

    # -- the game ------------------------------------------------------------------

    def run(self) -> int:
        """Play until the game ends or the player quits; returns an exit status."""
        rules = self.rules
        faction = rules.model.factions[self.me]
        self.say(rules.model.scenario.title)
        if rules.model.scenario.introduction:
            self.say(rules.model.scenario.introduction.strip())
        self.say(f"You lead the {faction.name}. Type h at the action prompt for help.")
        if self.session.ironman and self.game.store is not None:
            self.say(f"Ironman: one save, {self.game.ironman_name}, written after every turn.")
        try:
            while not self.session.over:
                try:
                    self.turn()
                except Restart:
                    continue
        except Quit as why:
            self.say(f"Game left unfinished ({why}).")
            return 0
        self.ending()
        return 0

    # -- saving ----------------------------------------------------------------------

    def save(self, name: str) -> None:
        try:
            if not name:
                self.say(self.game.quicksave())
                return
            try:
                self.say(self.game.save(name))
            except AskOverwrite as ask:
                if self.ask(f"{ask} (y/n): ").lower() not in ("y", "yes"):
                    self.say("Not saved.")
                    return
                self.say(self.game.save(name, overwrite=True))
        except PlayError as refused:
            self.say(str(refused))

    def load(self, name: str) -> None:
        try:
            game = self.game.load(name) if name else self.game.quickload()
        except PlayError as refused:
            self.say(str(refused))
            return
        self.use(game)
        what = f"'{name}'" if name else "the quicksave"
        self.say(
            f"Loaded {what}: {turn_heading(self.rules, game.state)}; "
            f"all {game.turns_played} turns replayed and verified."
        )
        raise Restart

    def undo(self) -> None:
        try:
            self.say(self.game.undo())
        except PlayError as refused:
            self.say(str(refused))
            return
        self.use(self.game)
        raise Restart

    def reload(self) -> None:
        """Read the scenario again and replay the game so far under it; the player picks
        how to go on when play differs. Nothing changes when the files do not load."""
        outcome = reload_game(self.game, self.reload_scenario)
        if isinstance(outcome, NotReloaded):
            self.say(outcome.message)
            for problem in outcome.problems:
                self.say(problem)  # FILE:LINE:COL: message, as validate prints it
            return
        for line in outcome.lines:
            self.say(line)
        ways = outcome.ways
        chosen = ways[0]
        if len(ways) > 1:
            for n, way in enumerate(ways, 1):
                self.say(f"  {n}. {way.label}: {way.text}")
            while True:
                answer = self.ask(f"How will you go on? (1-{len(ways)}): ")
                picked = number(answer, len(ways))
                if picked is not None:
                    chosen = ways[picked - 1]
                    break
                self.say(f"Type a number from 1 to {len(ways)}.")
            self.say(chosen.done)
        if chosen.game is None:
            return
        self.use(chosen.game)
        self.kept_plan = outcome.difference is None
        raise Restart

    def list_saves(self) -> None:
        store = self.game.store
        if store is None:
            self.say("Saving is off in this game.")
            return
        saves = store.list()
        if not saves:
            self.say(f"No saves in {store.folder}.")
        for listed in saves:
            h = listed.header or {}
            summary = h.get("summary") or {}
            if listed.problem or not isinstance(summary, dict):
                self.say(f"  {listed.name}: unreadable")
                continue
            self.say(
                f"  {listed.name}: {summary.get('faction')}, turn {summary.get('turn')}, "
                f"{summary.get('date')} (saved {summary.get('saved_at')})"
            )

    # -- turns -------------------------------------------------------------------------

    def turn(self) -> None:
        state = self.session.state
        self.say()
        self.say("=" * 60)
        self.say(turn_heading(self.rules, state))
        self.say("=" * 60)
        if not self.reported:  # the report just shown told the last turn's news already
            self.news(state)
        self.reported = False
        self.situation(state)
        self.threats()
        if not self.kept_plan:
            self.game.choices.clear()
            self.game.book.clear()
        self.kept_plan = False
        while (event := self.game.next_event()) is not None:
            self.decide_event(event)
        while True:
            self.pick_actions(state)
            ended = self.game.end_turn()
            if ended.dangers:
                self.say("Before you end the turn:")
                for danger in ended.dangers:
                    self.say(f"  ! {danger.line()}")
                if self.ask("End the turn anyway? (y/n): ").lower() not in ("y", "yes"):
                    continue
                ended = self.game.end_turn(confirmed=True)
            break
        if not ended.played:
            self.say(ended.message)
            return
        if ended.autosave:
            self.say(ended.autosave)
        if ended.report is not None:
            self.say()
            self.say("-" * 60)
            for line in ended.report.lines():
                self.say(line)
            self.reported = True

    def threats(self) -> None:
        """Every ending that could come at the end of this turn: those against the player
        (dangers, with how to stop them), then those the player would win."""
        dangers = self.game.dangers()
        if dangers:
            self.say("Could end the game against you at the end of this turn:")
            for threat in dangers:
                self.say(f"  ! {threat.line()}")
        wins = [t for t in self.game.threats() if t not in dangers]
        if wins:
            self.say("Could end the game with your win at the end of this turn:")
            for threat in wins:
                self.say(f"  + {threat.line()}")

    def endings(self) -> None:
        """Every ending: who wins it, and where each of its conditions stands now."""
        for road in self.game.roads():
            for line in road.lines():
                self.say(line)
            self.say()

    def news(self, state: State) -> None:
        lines = self.game.news()
        if lines:
            self.say("News:")
            for line in lines:
                self.say(f"  - {line}")

    def situation(self, state: State) -> None:
        rules = self.rules
        ctx = EvalCtx(rules, state)
        factions = rules.model.factions
        header = [
            "Support %",
            *[f.short_name or f.name for f in factions],
            "Unaligned",
            "Mobilised",
        ]
        rows = []
        for g, group in enumerate(rules.model.groups):
            shares = [ctx.support_pct(f, g, None) for f in range(rules.n_factions + 1)]
            rows.append([group.name, *map(str, shares), str(ctx.mobilisation(g, None))])
        self.say(table(rows, header), wrap=False)
        if rules.model.tracks:
            self.say(
                "Tracks: "
                + "; ".join(
                    f"{t.name} {int(v)}"
                    for t, v in zip(rules.model.tracks, state.tracks, strict=True)
                )
            )
        held: dict[int, list[str]] = {}
        for site, controller in zip(rules.model.sites, state.site_controller, strict=True):
            held.setdefault(int(controller), []).append(site.name)
        for controller, names in sorted(held.items()):
            who = "no one" if controller == NO_ONE else f"the {factions[controller].name}"
            self.say(f"Held by {who}: {', '.join(names)}")
        mine = ", ".join(
            f"{int(n)} {r.name.lower()}"
            for r, n in zip(rules.model.resources, state.resources[self.me], strict=True)
        )
        self.say(f"Your resources: {mine}")

    def region(self, state: State, name: str) -> None:
        rules = self.rules
        ids = rules.ids[Kind.REGION]
        matches = [
            i for i, r in enumerate(rules.model.regions) if name.lower() in (r.id, r.name.lower())
        ] or [
            i for i, r in enumerate(rules.model.regions) if r.name.lower().startswith(name.lower())
        ]
        if not matches:
            self.say(f"No region '{name}'. Regions: {', '.join(ids)}")
            return
        r = matches[0]
        region = rules.model.regions[r]
        self.say(f"{region.name}:")
        header = [
            "Group",
            "People",
            *[f.short_name or f.name for f in rules.model.factions],
            "Unaligned",
            "Mobilised",
        ]
        rows = []
        for g, group in enumerate(rules.model.groups):
            pop = int(rules.population[g, r])
            if pop == 0:
                continue
            shares = [str(int(state.support[f, g, r]) // 100) for f in range(rules.n_factions + 1)]
            rows.append([group.name, f"{pop}k", *shares, str(int(state.mobilisation[g, r]))])
        self.say(table(rows, header), wrap=False)
        units = [
            f"{u.name} ({int(state.unit_strength[i])} men, "
            f"{self.owner_name(int(state.unit_owner[i]))}, loyalty {int(state.unit_loyalty[i])})"
            for i, u in enumerate(rules.model.units)
            if int(state.unit_region[i]) == r
        ]
        if units:
            self.say("Units: " + "; ".join(units))

    def why(self, state: State) -> None:
        lines = why_tracks(self.rules, state)
        support = why_support(self.rules, state, self.me)
        if support:
            lines += ["Your support, in points across the map:", *[f"  {x}" for x in support]]
        self.say("\n".join(lines) if lines else "Nothing moved last turn.")

    def owner_name(self, faction: int) -> str:
        return owner_name(self.rules, faction)

    def decide_event(self, event_rule: EventRule) -> None:
        """Put an event to the player and keep the choice with the turn's orders."""
        spec = event_rule.spec
        self.say()
        self.say(f"EVENT: {spec.title}")
        self.say(spec.text.strip())
        if spec.history:
            self.say(f"What really happened: {spec.history.strip()}")
            sources = sources_line(spec.sources)
            if sources:
                self.say(sources)
        options = self.game.options(event_rule)
        for n, option in enumerate(options, 1):
            if option.problem is None:
                self.say(f"  {n}. {option.choice.spec.text} ({option.effects})")
            else:
                self.say(f"  {n}. [locked] {option.choice.spec.text} ({option.problem})")
        open_numbers = [n for n, o in enumerate(options, 1) if o.problem is None]
        while True:
            answer = self.ask(f"Your choice ({', '.join(map(str, open_numbers))}): ")
            picked = number(answer, len(options))
            if picked is not None and picked in open_numbers:
                self.game.choose(spec.id, options[picked - 1].choice.spec.id)
                return
            self.say(f"Type one of {', '.join(map(str, open_numbers))}.")

    def pick_actions(self, state: State) -> None:
        """Queue the turn's orders with the play layer's order book, until the player is done."""
        book = self.game.book
        while True:
            rows = book.rows(state)
            self.say()
            self.say(f"Actions ({len(book.queued)} of {book.limit} queued):")
            self.say(f"  To spend this turn: {', '.join(book.resource_parts(state))}")
            for queued in book.listing(state):
                self.say(f"  queued: {queued.label}")
                if queued.warning:
                    self.say(f"    {capital(queued.warning)}")
            for n, row in enumerate(rows, 1):
                if row.reason is not None:
                    self.say(f"  {n}. [closed] {row.name}: {row.reason}")
                else:
                    count = (
                        f", {row.open_targets} targets" if row.action.spec.target != "none" else ""
                    )
                    self.say(f"  {n}. {row.name} (cost {row.cost}{count})")
            answer = self.ask("Action number, d to end the turn, h for help: ")
            low = answer.lower()
            if low in ("", "d", "done"):
                return
            if low in ("h", "help", "?"):
                self.say(HELP)
            elif low == "s":
                self.situation(state)
            elif low == "w":
                self.why(state)
            elif low in ("e", "endings"):
                self.endings()
            elif low.startswith("r "):
                self.region(state, answer[2:].strip())
            elif low == "save" or low.startswith("save "):
                self.save(answer[4:].strip())
            elif low == "load" or low.startswith("load "):
                self.load(answer[4:].strip())
            elif low == "saves":
                self.list_saves()
            elif low == "undo":
                self.undo()
            elif low == "reload":
                self.reload()
            elif low == "u":
                taken = self.game.take_back()
                self.say(f"Taken back: {taken}." if taken else "Nothing queued to take back.")
            elif (picked := number(answer, len(rows))) is not None:
                row = rows[picked - 1]
                if row.reason is not None:
                    self.say(f"{row.name} is closed: {row.reason}")
                    continue
                picked = self.pick_target(state, row.action)
                if picked is not None:
                    _, said = self.game.queue_said(row.action, picked)
                    self.say(said)
            else:
                self.say(
                    f"Type a number from 1 to {len(rows)}, d, s, r NAME, w, e, u, "
                    "save NAME, load NAME, undo, reload, h or q."
                )

    def pick_target(self, state: State, action: ActionRule) -> int | None:
        rules = self.rules
        book = self.game.book
        targets = book.open_targets(state, action)
        if action.spec.description:
            self.say(action.spec.description.strip())
        if action.spec.target == "group_region":
            # Groups first, then places: one list of every pair would run to dozens of lines.
            groups = sorted({action.candidates[c][0] for c in targets})
            names = [
                f"{rules.model.groups[g].name} "
                f"({sum(action.candidates[c][0] == g for c in targets)} places)"
                for g in groups
            ]
            picked = self.choose("Group", names)
            if picked is None:
                return None
            targets = [c for c in targets if action.candidates[c][0] == groups[picked]]
        labels = [book.target_label(state, action, c) for c in targets]
        chosen = 0 if action.spec.target == "none" else self.choose("Target", labels)
        if chosen is None:
            return None
        candidate = targets[chosen]
        self.say(f"Effects: {book.effects(state, action, candidate)}")
        return candidate

    def choose(self, noun: str, labels: Sequence[str]) -> int | None:
        for n, label in enumerate(labels, 1):
            self.say(f"  {n}. {label}")
        while True:
            answer = self.ask(f"{noun} (1-{len(labels)}), or b to go back: ")
            if answer.lower() == "b":
                return None
            picked = number(answer, len(labels))
            if picked is not None:
                return picked - 1
            self.say(f"Type a number from 1 to {len(labels)}, or b.")

    def ending(self) -> None:
        rules, state = self.rules, self.session.state
        ending = rules.model.endings[state.ending]
        self.say()
        self.say("=" * 60)
        self.say(f"THE END: {ending.title}")
        self.say("=" * 60)
        self.say(ending.epilogue.strip())
        if ending.history:
            self.say(f"What really happened: {ending.history.strip()}")
            if ending.sources:
                self.say(f"Sources: {'; '.join(ending.sources)}")
        won = rules.faction_ids[self.me] in ending.winners
        self.say("You have won." if won else "You have lost.")
        self.say(f"The game lasted {len(self.session.records)} turns.")
        self.say("Your score:")
        for line in self.game.score():
            self.say(f"  {line.text}")
