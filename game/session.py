"""A game in progress: the rules, the seeded generators, the states and the log of decisions.

The Session is what front ends drive and what a save records: every
faction's decisions, the AI's included, and the state hash after every turn,
so a replay needs neither the AI nor the scenario files to reproduce a game.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from game.engine import ai
from game.engine.decisions import Decisions, Orders
from game.engine.rules import Rules
from game.engine.state import NO_ONE, State
from game.engine.turns import new_game, step
from game.scenario.loader import Scenario


@dataclass(frozen=True)
class TurnRecord:
    turn: int
    decisions: Mapping[str, Orders]
    state_hash: str  # of the state after the turn


@dataclass(frozen=True)
class Checkpoint:
    """Everything needed to play a turn again: the state before it and both generators' states.

    Kept for every turn so that undo and taking over from a replay restore the
    dice exactly (a taken-back turn rolls the same dice if played the same way).
    """

    state: State
    dice: Mapping[str, Any]  # rng.bit_generator.state before the turn
    ai: Mapping[str, Any]  # ai_rng.bit_generator.state before the turn


@dataclass(frozen=True)
class Branch:
    """Where a game taken over from a replay came from: a save file and a turn."""

    file: str
    turn: int  # turns of the original game kept (0 = from the start)


def generators(seed: int) -> tuple[np.random.Generator, np.random.Generator]:
    """The game's dice and the AI's own stream, both from the one seed.

    The AI draws from its own stream so that the dice fall the same whether
    the AI decided a turn or its decisions were read back from a save.
    """
    dice, thinking = np.random.SeedSequence(seed).spawn(2)
    return np.random.Generator(np.random.PCG64(dice)), np.random.Generator(
        np.random.PCG64(thinking)
    )


def difficulty_profiles(rules: Rules, difficulty: str | None, player: str | None) -> dict[str, str]:
    """The AI profiles a new game at `difficulty` gives the factions the player does not lead.

    A rival named for the player's faction in the difficulty's `seats` plays that
    profile; else one named in its `profiles`; the others play `rivals`; with none of
    these, a faction keeps its own. The result is what `Session(profiles=...)` takes,
    so saves record it as it is.
    """
    if difficulty is None:
        return {}
    chosen = next((d for d in rules.model.difficulties if d.id == difficulty), None)
    if chosen is None:
        known = ", ".join(d.id for d in rules.model.difficulties) or "none"
        raise ValueError(f"no difficulty '{difficulty}' (known: {known})")
    against = chosen.seats.get(player, {}) if player is not None else {}
    found = {
        f.id: against.get(f.id, chosen.profiles.get(f.id, chosen.rivals))
        for f in rules.model.factions
        if f.id != player
    }
    return {fid: profile for fid, profile in found.items() if profile is not None}


def stand_in_profiles(rules: Rules, difficulty: str | None, seat: str | None) -> dict[str, str]:
    """The AI profiles of a lab game with the AI standing in for a player in `seat`: the
    difficulty's for the rivals, and the faction's `seat_profile` (its best play) for the
    seat, so that a seat's win rate measures what a capable player meets."""
    found = difficulty_profiles(rules, difficulty, seat)
    if seat is not None:
        stand_in = rules.model.factions[rules.faction_index[seat]].seat_profile
        if stand_in is not None:
            found[seat] = stand_in
    return found


def default_difficulty(rules: Rules) -> str | None:
    """The difficulty a new game starts at: the one marked default, else the first, else none."""
    found = rules.model.difficulties
    marked = next((d.id for d in found if d.default), None)
    return marked or (found[0].id if found else None)


class Session:
    def __init__(
        self,
        scenario: Scenario | Rules,
        seed: int,
        player: str | None = None,
        profiles: Mapping[str, str] | None = None,
        *,
        game_id: str | None = None,
        branched_from: Branch | None = None,
        ironman: bool = False,
    ) -> None:
        self.rules = scenario if isinstance(scenario, Rules) else Rules(scenario)
        if player is not None and player not in self.rules.faction_index:
            raise ValueError(f"no faction '{player}'")
        self.seed = seed
        self.player = player
        self.profiles = dict(profiles or {})
        for fid, profile in self.profiles.items():
            if fid not in self.rules.faction_index or profile not in self.rules.profiles:
                raise ValueError(f"cannot give profile '{profile}' to '{fid}'")
        self.rng, self.ai_rng = generators(seed)
        player_index = NO_ONE if player is None else self.rules.faction_index[player]
        self.state = new_game(self.rules, player_index, self.rng)
        self.initial_hash = self.state.digest()
        self.records: list[TurnRecord] = []
        # The AI stream as the current turn began, before any AI decided it.
        self.ai_at_turn_start: Mapping[str, Any] = self.ai_rng.bit_generator.state
        self.checkpoints: list[Checkpoint] = []  # one per record: how things stood before it
        # Names this game among saves (never hashed): a save of another game is not
        # overwritten without asking.
        self.game_id = game_id or uuid.uuid4().hex
        self.branched_from = branched_from
        self.ironman = ironman
        # In a game taken over from an all-AI replay, the turn the player took a seat.
        self.seat_from: int | None = None

    @property
    def over(self) -> bool:
        return self.state.over

    def ai_orders(self, faction: str) -> Orders:
        index = self.rules.faction_index[faction]
        profile_id = self.profiles.get(faction)
        profile = self.rules.profiles[profile_id] if profile_id else None
        return ai.decide(self.rules, self.state, index, self.ai_rng, profile)

    def play_turn(self, player_orders: Orders | None = None) -> State:
        """Resolve a turn: the player's orders (if any) and the AI's for everyone else.

        Raises IllegalDecision without changing anything if the player's orders are illegal.
        """
        decisions: dict[str, Orders] = {}
        for fid in self.rules.faction_ids:
            if fid == self.player:
                decisions[fid] = player_orders or Orders()
            else:
                decisions[fid] = self.ai_orders(fid)
        return self.apply(decisions)

    def apply(self, decisions: Decisions) -> State:
        before = Checkpoint(self.state, self.rng.bit_generator.state, self.ai_at_turn_start)
        new = step(self.rules, self.state, decisions, self.rng)
        self.records.append(TurnRecord(self.state.turn, dict(decisions), new.digest()))
        self.checkpoints.append(before)
        self.state = new
        self.ai_at_turn_start = self.ai_rng.bit_generator.state
        return new

    def undo(self) -> bool:
        """Take back the last turn, dice and all; False when there is none to take back."""
        if not self.checkpoints:
            return False
        before = self.checkpoints.pop()
        self.records.pop()
        self.state = before.state
        self.rng.bit_generator.state = dict(before.dice)
        self.ai_rng.bit_generator.state = dict(before.ai)
        self.ai_at_turn_start = before.ai
        return True

    def restore(
        self,
        records: Sequence[TurnRecord],
        checkpoints: Sequence[Checkpoint],
        state: State,
        dice: Mapping[str, Any],
        ai: Mapping[str, Any],
    ) -> None:
        """Continue a game already played (a loaded save): its log, states and generators."""
        if len(records) != len(checkpoints):
            raise ValueError("one checkpoint is needed per record")
        self.records = list(records)
        self.checkpoints = list(checkpoints)
        self.state = state
        self.rng.bit_generator.state = dict(dice)
        self.ai_rng.bit_generator.state = dict(ai)
        self.ai_at_turn_start = self.ai_rng.bit_generator.state

    def run(self, max_turns: int = 10_000) -> State:
        """Play on with the AI in every seat until the game ends."""
        for _ in range(max_turns):
            if self.over:
                break
            self.play_turn(None if self.player is None else self.ai_orders(self.player))
        return self.state


class ReplayMismatch(Exception):
    def __init__(self, turn: int, expected: str, got: str) -> None:
        self.turn, self.expected, self.got = turn, expected, got
        super().__init__(
            f"turn {turn + 1}: state hash {got[:12]} differs from the recorded {expected[:12]}"
        )


def replay(
    rules: Rules, seed: int, player: str | None, records: Sequence[TurnRecord]
) -> list[State]:
    """Replay recorded decisions and check every turn's hash; returns every state."""
    rng, _ = generators(seed)
    state = new_game(rules, NO_ONE if player is None else rules.faction_index[player], rng)
    states = [state]
    for record in records:
        state = step(rules, state, record.decisions, rng)
        got = state.digest()
        if got != record.state_hash:
            raise ReplayMismatch(record.turn, record.state_hash, got)
        states.append(state)
    return states
