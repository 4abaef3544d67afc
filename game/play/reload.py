"""Reading the scenario again in the middle of a game (Ctrl+R in the window, `reload` in
the terminal), so that a modder can edit a file and see what it changes.

When the files load, the game so far is played again under the new rules, turn by turn,
as a new game with the same seed, the same sides and the same rivals would go: the
player's own decisions are the ones recorded, and every other side decides again under
the new rules (with the AI's stream as it stood at each turn), so a changed AI profile
shows as surely as a changed number. The first turn where play differs is named, with why:

- the game begins otherwise (a starting number changed);
- a side the AI plays now decides otherwise;
- the player's recorded decisions are no longer allowed;
- the turn comes out otherwise (quantity by quantity, by id: see `game.play.compare`);
- the turn draws the dice otherwise, so every later roll falls otherwise.

Then the player chooses how to go on (`Reloaded.ways`): from the last turn that still
matches (the turns before it stand, and the differing turn is decided again), or with
every recorded decision replayed as far as they remain allowed, or keeping the game as it
was. With no difference the game goes on under the new files, this turn's plan kept.

When the files do not load, or the game cannot be played again on them, nothing changes
and the problems are given as `validate` prints them. Nothing here reads a file itself:
the front end passes in the function that reads the scenario (and the mods, once there
are mods), and the old game is never touched: every way on is a new Session.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from game.describe import both_styles
from game.engine.decisions import IllegalDecision, Orders
from game.engine.legal import candidate_index
from game.engine.rules import Rules
from game.play import Game, PlayError, one_line
from game.play.compare import changes, orders_words, summary
from game.scenario.loader import Scenario, ScenarioError
from game.session import Session

ReadScenario = Callable[[], Scenario]

NOTHING_TO_READ = (
    "There are no files to read again: this game was opened from a save, which carries its "
    "own copy of the scenario. To reload while you edit, start the game from the scenario's "
    "folder (play --scenario FOLDER)."
)
IRONMAN_RELOAD = "Ironman: the game keeps the rules it began with; it cannot be reloaded."
UNCHANGED = "Your game goes on as it was."
NO_DIFFERENCE = "Reloaded: no difference. Every turn so far plays out as before."
KEEP_LABEL = "Keep the game as it was"
KEEP_TEXT = (
    "under the rules it was played with so far; the files are read again at the next reload."
)
KEPT = f"{UNCHANGED} The files are read again at the next reload."


class CannotReplay(Exception):
    """The game cannot be played again under the new rules (its side is gone, say): one
    sentence for the player."""


def turn_words(rules: Rules, turn: int) -> str:
    """A turn as the game names it: 'turn 3, 15 October 1917 (28 October New Style)'."""
    spec = rules.model.calendar.turns[min(turn, rules.last_turn)]
    return f"turn {turn + 1}, {both_styles(spec.date, rules.new_style_offset)}"


@dataclass(frozen=True)
class Difference:
    """The first turn that plays out otherwise under the new rules, and why."""

    turn: int  # the turns before it, which still match (0: it is the first turn, or the start)
    when: str  # the turn as the game names it
    reasons: tuple[str, ...]  # plain sentences


@dataclass(frozen=True)
class Replay:
    """The game so far, played again under other rules (see `replay_under`)."""

    player: str
    difference: Difference | None
    whole: Session  # every recorded decision of the player, as far as they still stand
    stopped: str | None  # why `whole` stopped short of the recorded turns (a decision refused)

    def matching(self) -> Session:
        """The game under the new rules up to the last turn that plays out as recorded."""
        if self.difference is None:
            return self.whole
        return cut(self.whole, self.difference.turn, self.player)


def replay_under(old: Session, rules: Rules) -> Replay:
    """Play the game `old` again under `rules`; `old` is left as it was.

    Raises CannotReplay when the game cannot be set up under the new rules (the player's
    side or a rival's AI profile is gone); anything else a broken rule raises comes
    through as it is (`reload_game` catches it).
    """
    player = old.player
    if player is None:
        raise CannotReplay("Only a game with a player's side can be reloaded.")
    _check_sides(old, rules)
    # A rival gone from the scenario takes its way of playing with it.
    profiles = {f: p for f, p in old.profiles.items() if f in rules.faction_index}
    new = Session(
        rules,
        old.seed,
        player=player if old.seat_from in (None, 0) else None,
        profiles=profiles,
        game_id=old.game_id,
        branched_from=old.branched_from,
        ironman=old.ironman,
    )
    new.seat_from = old.seat_from
    states = [c.state for c in old.checkpoints] + [old.state]
    dice = [c.dice for c in old.checkpoints] + [old.rng.bit_generator.state]
    streams = [c.ai for c in old.checkpoints] + [old.ai_at_turn_start]
    first: Difference | None = None
    start = changes(old.rules, states[0], rules, new.state)
    if start or new.rng.bit_generator.state != dice[0]:
        why = (
            f"The game now begins otherwise: {summary(start)}."
            if start
            else (
                "The game now draws the dice otherwise as it begins, so every roll falls otherwise."
            )
        )
        first = Difference(0, turn_words(old.rules, 0), (why,))
    stopped = None
    for n, record in enumerate(old.records):
        if new.over:
            break
        # Each side thinks with the AI's stream as it stood when the turn was first played.
        new.ai_rng.bit_generator.state = dict(streams[n])
        new.ai_at_turn_start = new.ai_rng.bit_generator.state
        decisions, reasons = _decide(old, new, record.decisions, compare=first is None)
        refusal = None
        if new.player is not None:
            refusal = _refusal(new, old.rules, decisions[new.player])
        if refusal is None:
            try:
                new.apply(decisions)
            except IllegalDecision:
                refusal = "the orders of that turn are no longer allowed"
        if refusal is not None:
            when = turn_words(old.rules, n)
            if first is None:
                first = Difference(
                    n, when, (*reasons, f"Your decisions no longer stand: {refusal}.")
                )
            stopped = f"{when}: {refusal}"
            break
        if old.seat_from == n + 1:  # the player took a seat after this turn, as recorded
            _seat(new, player)
        if first is None:
            found = changes(old.rules, states[n + 1], rules, new.state)
            if found:
                reasons.append(f"The turn now comes out otherwise: {summary(found)}.")
            elif new.rng.bit_generator.state != dice[n + 1]:
                reasons.append(
                    "The turn now draws the dice otherwise, so the rolls after it fall otherwise."
                )
            if reasons:
                first = Difference(n, turn_words(old.rules, n), tuple(reasons))
    played = len(new.records)
    new.ai_rng.bit_generator.state = dict(streams[played])
    new.ai_at_turn_start = new.ai_rng.bit_generator.state
    if new.player is None:  # stopped before the turn the player took a seat: take it there
        _seat(new, player)
    return Replay(player, first, new, stopped)


def _check_sides(old: Session, rules: Rules) -> None:
    model = old.rules.model
    if old.player not in rules.faction_index:
        name = model.factions[old.rules.faction_index[str(old.player)]].name
        raise CannotReplay(f"The scenario no longer has your side, the {name}.")
    for fid, profile in old.profiles.items():
        if fid in rules.faction_index and profile not in rules.profiles:
            said = old.rules.profiles[profile].name if profile in old.rules.profiles else profile
            who = model.factions[old.rules.faction_index[fid]].name
            raise CannotReplay(
                f"The scenario no longer has the way the {who} play in this game ({said})."
            )


def _seat(session: Session, player: str) -> None:
    """Give the player their seat from the session's current turn on."""
    session.player = player
    session.seat_from = len(session.records)
    index = session.rules.faction_index[player]
    session.state = dataclasses.replace(session.state, player=index)
    if not session.records:
        session.initial_hash = session.state.digest()


def _decide(
    old: Session, new: Session, recorded: Mapping[str, Orders], *, compare: bool
) -> tuple[dict[str, Orders], list[str]]:
    """The turn's decisions under the new rules: the player's as recorded, every other
    side's decided again; and, with `compare`, which sides now decide otherwise."""
    decisions: dict[str, Orders] = {}
    reasons: list[str] = []
    for fid in new.rules.faction_ids:
        was = recorded.get(fid, Orders())
        if fid == new.player:
            decisions[fid] = was
            continue
        decisions[fid] = now = new.ai_orders(fid)
        if compare and not _same(now, was):
            name = new.rules.model.factions[new.rules.faction_index[fid]].name
            reasons.append(
                f"The {name} now decide otherwise: {orders_words(new.rules, now)} "
                f"(before: {orders_words(old.rules, was)})."
            )
    return decisions, reasons


def _same(a: Orders, b: Orders) -> bool:
    return sorted(a.choices) == sorted(b.choices) and a.actions == b.actions


def _refusal(session: Session, before: Rules, orders: Orders) -> str | None:
    """Why the player's recorded decisions may not be given now, in the words the game
    answers a player with; None when they may. The engine's step checks them again."""
    game = Game(session)
    rules = session.rules
    for event_id, choice_id in orders.choices:
        said = orders_words(before, Orders(((event_id, choice_id),)))
        event = next((e for e in game.events() if e.spec.id == event_id), None)
        if event is None:
            return f"{said}: that choice is no longer asked of you then"
        option = next((o for o in game.options(event) if o.choice.spec.id == choice_id), None)
        if option is None:
            return f"{said}: that choice is gone"
        if option.problem is not None:
            return f"{said}: the choice is closed ({option.problem})"
        game.choose(event_id, choice_id)
    waiting = game.next_event()
    if waiting is not None:
        return f"'{waiting.spec.title}' now asks for your choice"
    for order in orders.actions:
        said = orders_words(before, Orders((), (order,)))
        action = next((a for a in game.book.mine if a.spec.id == order.action), None)
        if action is None:
            return f"{said}: that action is no longer yours to take"
        target = rules.target_indices(action, order.target)
        candidate = None if target is None else candidate_index(action, target)
        if candidate is None:
            return f"{said}: that target is gone"
        problem = game.queue(action, candidate, ahead=False)  # as the step checked it
        if problem is not None:
            return f"{game.book.label(action, candidate)}: {problem}"
    return None


def cut(session: Session, turns: int, player: str) -> Session:
    """A game that keeps the first `turns` turns of `session` and plays on from there,
    dice and AI as they stood (`session` itself when it has no more turns than that)."""
    if turns >= len(session.records):
        return session
    if turns == 0:  # the start: as a new game with the same seed
        return Session(
            session.rules,
            session.seed,
            player=player,
            profiles=session.profiles,
            game_id=session.game_id,
            branched_from=session.branched_from,
            ironman=session.ironman,
        )
    at = session.checkpoints[turns]
    out = Session(
        session.rules,
        session.seed,
        player=player if session.seat_from in (None, 0) else None,
        profiles=session.profiles,
        game_id=session.game_id,
        branched_from=session.branched_from,
        ironman=session.ironman,
    )
    out.initial_hash = session.initial_hash
    out.restore(session.records[:turns], session.checkpoints[:turns], at.state, at.dice, at.ai)
    out.seat_from = session.seat_from
    if session.seat_from is not None and session.seat_from > turns:
        _seat(out, player)  # the player takes the seat where the game now goes on
    return out


# -- what the front ends show ----------------------------------------------------------


@dataclass(frozen=True)
class Way:
    """One way to go on after a reload: a button's words, what it does, what was done,
    and the game it goes on with (None: the game as it was)."""

    label: str
    text: str  # what it does, to follow the label and a colon
    done: str  # what was done, once it is taken
    game: Game | None


@dataclass(frozen=True)
class Reloaded:
    """The files loaded and the game was played again under them.

    `lines` say what came of it. `ways` are how to go on, the first the default: one
    way when nothing differs; else going on from the last turn that matches, replaying
    every decision as far as it still stands (when that goes further), and keeping the
    game as it was, always last.
    """

    scenario: Scenario
    difference: Difference | None
    lines: tuple[str, ...]
    ways: tuple[Way, ...]


@dataclass(frozen=True)
class NotReloaded:
    """Nothing changed: why, and the problems of the files (each `FILE:LINE:COL: message`,
    as `validate` prints them) when they do not load."""

    message: str
    problems: tuple[str, ...] = ()


def reload_game(game: Game, read: ReadScenario | None) -> Reloaded | NotReloaded:
    """Read the scenario again with `read` and play `game` so far under it.

    `game` is never changed: a front end goes on with the Way the player picks.
    """
    if read is None:
        return NotReloaded(NOTHING_TO_READ)
    if game.session.ironman:
        return NotReloaded(IRONMAN_RELOAD)
    try:
        scenario = read()
    except ScenarioError as bad:
        count = len(bad.errors)
        found = f"{count} problem{'s' if count != 1 else ''}"
        return NotReloaded(
            f"The files do not load ({found}). {UNCHANGED}", tuple(str(e) for e in bad.errors)
        )
    except Exception as failed:  # whatever reading raises, the game in play is kept
        return NotReloaded(f"The files could not be read. {UNCHANGED}", (one_line(failed),))
    before = game.rules.model.scenario
    if scenario.id != before.id:
        return NotReloaded(
            f"The folder now holds another scenario, '{scenario.model.scenario.title}', "
            f"not this game's '{before.title}'. {UNCHANGED}"
        )
    try:
        replay = replay_under(game.session, Rules(scenario))
        return _reloaded(game, scenario, replay)
    except CannotReplay as why:
        return NotReloaded(f"{why} {UNCHANGED}")
    except Exception as failed:  # a rule that breaks in play must not take the game down
        return NotReloaded(
            f"The game so far could not be played again under the new files. {UNCHANGED}",
            (one_line(failed),),
        )


def _reloaded(game: Game, scenario: Scenario, replay: Replay) -> Reloaded:
    store, rules = game.store, replay.whole.rules
    found = replay.difference
    if found is None:
        kept = Game(replay.whole, store)
        dropped = carry_over(game, kept)
        said = [NO_DIFFERENCE]
        if dropped:
            said.append(f"Not kept from this turn's plan: {'; '.join(dropped)}.")
        return Reloaded(scenario, None, tuple(said), (Way("Go on", said[0], said[0], kept),))
    lines = (f"Reloaded: play differs from {found.when}.", *found.reasons)
    if found.turn == 0:
        first = Way(
            "Start again",
            "from the first turn, under the new rules, with the same sides, rivals and seed.",
            "Reloaded: the game starts again under the new rules.",
            Game(replay.matching(), store),
        )
    else:
        first = Way(
            f"Go on from turn {found.turn + 1}",
            "the turns before it stand as played, and you decide that turn again under the "
            "new rules.",
            f"Reloaded: back at {found.when}, under the new rules.",
            Game(replay.matching(), store),
        )
    ways = [first]
    whole = replay.whole
    played = len(whole.records)
    if played > found.turn:
        if whole.over:
            ending = rules.model.endings[whole.state.ending].title
            reach = f"the game then ends after {turn_words(rules, played - 1)}: {ending}"
        elif replay.stopped is not None:
            reach = f"they stop at {replay.stopped}"
        else:
            reach = "they take you to where you are now"
        ways.append(
            Way(
                "Replay all my moves",
                "every decision you made, as far as they still stand, with the other sides "
                f"deciding anew: {reach}.",
                "Reloaded: your decisions replayed under the new rules, as far as they still "
                f"stand; now {turn_words(rules, whole.state.turn)}.",
                Game(whole, store),
            )
        )
    ways.append(Way(KEEP_LABEL, KEEP_TEXT, KEPT, None))
    return Reloaded(scenario, found, lines, tuple(ways))


def carry_over(old: Game, new: Game) -> list[str]:
    """Give `new` the turn's choices and queued orders of `old` that its rules still allow;
    returns the ones left behind, each with why, in words."""
    dropped: list[str] = []
    for event_id, choice_id in old.choices.items():
        try:
            new.choose(event_id, choice_id)
        except PlayError:
            dropped.append(orders_words(old.rules, Orders(((event_id, choice_id),))))
    for action, candidate in old.book.queued:
        label = old.book.label(action, candidate)
        fresh = next((a for a in new.book.mine if a.spec.id == action.spec.id), None)
        if fresh is None:
            dropped.append(f"{label} (no longer an action of yours)")
            continue
        ids = old.rules.target_ids(action, action.candidates[candidate])
        target = new.rules.target_indices(fresh, ids)
        at = None if target is None else candidate_index(fresh, target)
        # As queued: one the player's choices now close stays, flagged in the listing.
        problem = "the target is gone" if at is None else new.queue(fresh, at, ahead=False)
        if problem is not None:
            dropped.append(f"{label} ({problem})")
    return dropped
