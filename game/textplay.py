"""The whole game in a terminal: plain lines in, plain lines out.

No colours or cursor tricks, so a screen reader reads it in order and a test
can play it through a pipe. Every prompt says what it accepts; bad input is
answered with what was expected, never a traceback.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TextIO

import numpy as np

from game.describe import (
    cost_text,
    effects_text,
    owner_name,
    target_label,
    turn_heading,
    why_support,
    why_tracks,
)
from game.engine.context import EvalCtx
from game.engine.decisions import ActionOrder, Orders
from game.engine.legal import action_problem, bind, choice_options, pending_for
from game.engine.rules import ActionRule, EventRule, Rules
from game.engine.state import NO_ONE, State
from game.saves.format import SaveError
from game.saves.store import QUICKSAVE, OtherGame, SaveStore
from game.scenario.expr import Kind
from game.session import Session

HELP = """Commands at the action prompt:
  a number   pick that action, then its target
  d or Enter end the turn
  s          show the situation again
  r NAME     show one region in detail (e.g. r vyborg)
  w          why things moved last turn: tracks and your support
  u          take back the last action you queued
  save NAME  save the game (at the start of this turn); save alone quicksaves
  load NAME  load a saved game; load alone quickloads
  saves      list the saves
  undo       take back the whole of your last turn
  h          this help
  q          quit the game
The game saves itself after every turn (autosave-1 is the newest of five)."""


class Quit(Exception):
    """The player asked to leave, or the input ran out."""


class Restart(Exception):
    """The game changed under the turn being played (a load or an undo): start it again."""


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
        self, session: Session, inp: TextIO, out: TextIO, store: SaveStore | None = None
    ) -> None:
        self.inp = inp
        self.out = out
        self.store = store  # None: no saving at all (tests, and games that ask for none)
        self.use(session)

    def use(self, session: Session) -> None:
        if session.player is None:
            raise ValueError("a text game needs a player faction")
        self.session = session
        self.rules: Rules = session.rules
        self.me = self.rules.faction_index[session.player]
        # Journal entries already shown: a loaded game shows its last turn's news again.
        self.seen = len(session.checkpoints[-1].state.journal) if session.checkpoints else 0

    # -- input/output ------------------------------------------------------------

    def say(self, text: str = "") -> None:
        self.out.write(text + "\n")

    def ask(self, prompt: str) -> str:
        self.out.write(prompt)
        self.out.flush()
        line = self.inp.readline()
        if not line:
            self.say()
            raise Quit("input ended")
        answer = line.strip()
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
        if self.session.ironman and self.store is not None:
            self.say(f"Ironman: one save, {self.ironman_name()}, written after every turn.")
        try:
            while not self.session.over:
                try:
                    self.turn()
                except Restart:
                    continue
                self.autosave()
        except Quit as why:
            self.say(f"Game left unfinished ({why}).")
            return 0
        self.ending()
        return 0

    # -- saving ----------------------------------------------------------------------

    def ironman_name(self) -> str:
        return f"ironman-{self.session.game_id[:8]}"

    def autosave(self) -> None:
        if self.store is None:
            return
        try:
            if self.session.ironman:
                self.store.save(self.session, self.ironman_name(), overwrite=True)
            else:
                self.store.autosave(self.session)
        except OSError as failed:
            self.say(f"Autosave failed: {failed.strerror or failed}")

    def no_saving(self) -> str | None:
        if self.store is None:
            return "Saving is off in this game."
        if self.session.ironman:
            return "Ironman: the game keeps its one save; no saving, loading or undo."
        return None

    def save(self, name: str) -> None:
        refused = self.no_saving()
        if refused or self.store is None:
            self.say(refused or "")
            return
        try:
            try:
                path = self.store.save(self.session, name or QUICKSAVE, overwrite=not name)
            except OtherGame as other:
                answer = self.ask(f"{other}. Overwrite it? (y/n): ")
                if answer.lower() not in ("y", "yes"):
                    self.say("Not saved.")
                    return
                path = self.store.save(self.session, name, overwrite=True)
        except SaveError as bad:
            self.say(f"Not saved: {bad}")
            return
        except OSError as failed:
            self.say(f"Not saved: {failed.strerror or failed}")
            return
        self.say(f"Saved to {path} (as at the start of this turn).")

    def load(self, name: str) -> None:
        from game.saves.replay import load

        refused = self.no_saving()
        if refused or self.store is None:
            self.say(refused or "")
            return
        try:
            loaded = load(self.store.path(name or QUICKSAVE))
            session = loaded.resume()
        except SaveError as bad:
            self.say(f"Not loaded: {bad}")
            return
        if session.player is None or session.over:
            self.say("Not loaded: that save is an all-AI or finished game; replay it instead.")
            return
        self.use(session)
        self.say(f"Loaded {loaded.name}: all {loaded.turns} turns replayed and verified.")
        raise Restart

    def undo(self) -> None:
        refused = self.no_saving() if self.session.ironman else None
        if refused:
            self.say(refused)
            return
        if not self.session.undo():
            self.say("No turn to take back yet.")
            return
        self.use(self.session)
        self.say("Your last turn is taken back; the dice will fall the same way again.")
        raise Restart

    def list_saves(self) -> None:
        if self.store is None:
            self.say("Saving is off in this game.")
            return
        saves = self.store.list()
        if not saves:
            self.say(f"No saves in {self.store.folder}.")
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
        self.news(state)
        self.situation(state)
        choices = tuple(
            choice
            for e in pending_for(self.rules, state, self.me)
            if (choice := self.decide_event(e)) is not None
        )
        actions = self.pick_actions(state)
        self.session.play_turn(Orders(choices, tuple(actions)))

    def news(self, state: State) -> None:
        rules = self.rules
        # Everything written since the player last looked: what the last turn's
        # choices and actions brought, then what the new turn opened with.
        lines = [e.text for e in state.journal[self.seen :]]
        self.seen = len(state.journal)
        for record in state.last_actions:
            if record.faction == self.me and record.outcome == "done":
                continue
            action = rules.actions[record.action]
            who = rules.model.factions[record.faction].name
            target = rules.target_name(action, record.target)
            where = f" ({target})" if target else ""
            outcome = "" if record.outcome == "done" else f": {record.outcome}"
            lines.append(f"{who}: {action.spec.name}{where}{outcome}")
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
        self.say(table(rows, header))
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
        self.say(table(rows, header))
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

    def decide_event(self, event_rule: EventRule) -> tuple[str, str] | None:
        rules, state = self.rules, self.session.state
        spec = event_rule.spec
        self.say()
        self.say(f"EVENT: {spec.title}")
        self.say(spec.text.strip())
        if spec.history:
            self.say(f"What really happened: {spec.history.strip()}")
        options = choice_options(rules, state, event_rule)
        params = {"faction": self.me}
        for n, option in enumerate(options, 1):
            if option.problem is None:
                effects = effects_text(rules, option.choice.effects, params)
                self.say(f"  {n}. {option.choice.spec.text} ({effects})")
            else:
                self.say(f"  {n}. [locked] {option.choice.spec.text} ({option.problem})")
        open_numbers = [n for n, o in enumerate(options, 1) if o.problem is None]
        if not open_numbers:
            self.say("No choice is open to you; the moment passes.")
            return None
        while True:
            answer = self.ask(f"Your choice ({', '.join(map(str, open_numbers))}): ")
            if answer.isdigit() and int(answer) in open_numbers:
                return spec.id, options[int(answer) - 1].choice.spec.id
            self.say(f"Type one of {', '.join(map(str, open_numbers))}.")

    def pick_actions(self, state: State) -> list[ActionOrder]:
        rules = self.rules
        mine = [a for a in rules.actions if self.me in a.factions]
        queued: list[tuple[int, int]] = []  # (action index in `mine`, candidate)
        while True:
            spent = sum((mine[a].cost for a, _ in queued), np.zeros_like(state.resources[self.me]))
            taken: Counter[int] = Counter(mine[a].index for a, _ in queued)
            limit = rules.actions_per_turn[self.me]
            self.say()
            self.say(f"Actions ({len(queued)} of {limit} queued):")
            for a, c in queued:
                self.say(
                    f"  queued: {mine[a].spec.name} {rules.target_name(mine[a], mine[a].candidates[c])}"
                )
            for n, action in enumerate(mine, 1):
                targets = self.open_targets(state, action, spent, taken, len(queued))
                status = f"{len(targets)} targets" if action.spec.target != "none" else ""
                if not targets:
                    status = self.first_problem(state, action, spent, taken, len(queued))
                    self.say(f"  {n}. [closed] {action.spec.name}: {status}")
                else:
                    extra = f", {status}" if status else ""
                    self.say(f"  {n}. {action.spec.name} (cost {cost_text(rules, action)}{extra})")
            answer = self.ask("Action number, d to end the turn, h for help: ")
            low = answer.lower()
            if low in ("", "d", "done"):
                return [
                    ActionOrder(mine[a].spec.id, rules.target_ids(mine[a], mine[a].candidates[c]))
                    for a, c in queued
                ]
            if low in ("h", "help", "?"):
                self.say(HELP)
            elif low == "s":
                self.situation(state)
            elif low == "w":
                self.why(state)
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
            elif low == "u":
                if queued:
                    queued.pop()
                    self.say("Taken back.")
                else:
                    self.say("Nothing queued to take back.")
            elif answer.isdigit() and 1 <= int(answer) <= len(mine):
                index = int(answer) - 1
                picked = self.pick_target(state, mine[index], spent, taken, len(queued))
                if picked is not None:
                    queued.append((index, picked))
            else:
                self.say(
                    f"Type a number from 1 to {len(mine)}, d, s, r NAME, w, u, "
                    "save NAME, load NAME, undo, h or q."
                )

    def open_targets(
        self, state: State, action: ActionRule, spent: np.ndarray, taken: Counter[int], count: int
    ) -> list[int]:
        return [
            c
            for c in range(len(action.candidates))
            if action_problem(self.rules, state, self.me, action, c, spent, taken, count) is None
        ]

    def first_problem(
        self, state: State, action: ActionRule, spent: np.ndarray, taken: Counter[int], count: int
    ) -> str:
        for c in range(len(action.candidates)):
            problem = action_problem(self.rules, state, self.me, action, c, spent, taken, count)
            if problem:
                return problem
        return "no target"

    def pick_target(
        self, state: State, action: ActionRule, spent: np.ndarray, taken: Counter[int], count: int
    ) -> int | None:
        rules = self.rules
        targets = self.open_targets(state, action, spent, taken, count)
        if not targets:
            problem = self.first_problem(state, action, spent, taken, count)
            self.say(f"{action.spec.name} is closed: {problem}")
            return None
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
        labels = [self.target_label(state, action, action.candidates[c]) for c in targets]
        chosen = 0 if action.spec.target == "none" else self.choose("Target", labels)
        if chosen is None:
            return None
        candidate = targets[chosen]
        params = bind(rules, state, action, candidate, self.me)
        self.say(f"Effects: {effects_text(rules, action.effects, params)}")
        return candidate

    def choose(self, noun: str, labels: Sequence[str]) -> int | None:
        for n, label in enumerate(labels, 1):
            self.say(f"  {n}. {label}")
        while True:
            answer = self.ask(f"{noun} (1-{len(labels)}), or b to go back: ")
            if answer.lower() == "b":
                return None
            if answer.isdigit() and 1 <= int(answer) <= len(labels):
                return int(answer) - 1
            self.say(f"Type a number from 1 to {len(labels)}, or b.")

    def target_label(self, state: State, action: ActionRule, target: tuple[int, ...]) -> str:
        return target_label(self.rules, state, self.me, action, target)

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
        won = rules.faction_ids[self.me] in ending.winners
        self.say("You have won." if won else "You have lost.")
        self.say(f"The game lasted {len(self.session.records)} turns.")
