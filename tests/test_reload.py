"""Reloading the scenario in the middle of a game (game.play.reload): the game so far is
played again under the files as they are now, the first turn that plays out otherwise is
named, and nothing of the game in play changes until the player picks a way on."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.engine.decisions import ActionOrder, Orders
from game.play import Game
from game.play.reload import (
    IRONMAN_RELOAD,
    KEEP_LABEL,
    NOTHING_TO_READ,
    NotReloaded,
    Reloaded,
    reload_game,
)
from game.saves.replay import load
from game.scenario.loader import Scenario, load_scenario
from game.session import Session
from tests.conftest import MINI
from tests.saves.conftest import write_save

ACTIONS = "actions.yaml"
COMMISSAR_EFFECT = "loyalty: -10"  # what Send a commissar does to a unit's loyalty
COMMISSAR_COST = "cost: {influence: 2}\n    effects:\n      - unit"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of the mini scenario to edit, as a modder's folder."""
    copy = tmp_path / "mini"
    shutil.copytree(MINI, copy)
    return copy


def edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def play(scenario: Scenario, commissar_at: int | None, turns: int = 5, seed: int = 2) -> Game:
    """The Reds' game: every event answered "wait", a commissar sent to the Regiment on
    turn `commissar_at` (from 0) and nothing else done, for `turns` turns."""
    session = Session(scenario, seed, player="reds")
    game = Game(session)
    for n in range(turns):
        event = game.next_event()
        choices = ((event.spec.id, "wait"),) if event is not None else ()
        orders = (ActionOrder("commissar", ("regiment",)),) if n == commissar_at else ()
        session.play_turn(Orders(choices, orders))
    return game


def fingerprint(session: Session) -> tuple[object, ...]:
    """Everything of a game in play that a reload must leave as it was."""
    return (
        session.state.digest(),
        tuple(r.state_hash for r in session.records),
        len(session.checkpoints),
        repr(session.rng.bit_generator.state),
        repr(session.ai_rng.bit_generator.state),
        session.rules.scenario.content_hash,
    )


def reloaded(game: Game, folder: Path) -> Reloaded:
    outcome = reload_game(game, lambda: load_scenario(folder))
    assert isinstance(outcome, Reloaded), outcome
    return outcome


# -- the same files: no difference ------------------------------------------------------------


def test_the_same_files_make_no_difference_and_the_game_goes_on_as_it_would_have(
    folder: Path,
) -> None:
    game = play(load_scenario(folder), commissar_at=1)
    before = fingerprint(game.session)
    outcome = reloaded(game, folder)
    assert outcome.difference is None
    assert outcome.lines[0] == "Reloaded: no difference. Every turn so far plays out as before."
    [way] = outcome.ways
    assert way.game is not None and way.game.session is not game.session
    assert fingerprint(game.session) == before
    again = way.game.session
    assert [r.state_hash for r in again.records] == [r.state_hash for r in game.session.records]
    # Played on the same way, the two games stay one: the dice and the AI as they stood.
    game.session.play_turn(Orders())
    again.play_turn(Orders())
    assert again.state.digest() == game.session.state.digest()


def test_a_reworded_text_is_no_difference_and_the_game_goes_on_with_the_new_words(
    folder: Path,
) -> None:
    game = play(load_scenario(folder), commissar_at=None, turns=2)
    edit(folder, "story.yaml", "Everything starts.", "Everything begins.")
    outcome = reloaded(game, folder)
    assert outcome.difference is None
    way = outcome.ways[0]
    assert way.game is not None
    assert "Everything begins." in [e.text for e in way.game.state.journal]


def test_the_turns_plan_is_kept_and_what_the_new_rules_refuse_is_named(folder: Path) -> None:
    game = play(load_scenario(folder), commissar_at=None, turns=2)
    rules = game.rules
    agitate = next(a for a in rules.actions if a.spec.id == "agitate")
    commissar = next(a for a in rules.actions if a.spec.id == "commissar")
    assert game.queue(agitate, 0) is None
    assert game.queue(commissar, 1) is None  # the Regiment
    edit(folder, ACTIONS, COMMISSAR_COST, COMMISSAR_COST.replace("2", "40"))
    outcome = reloaded(game, folder)
    assert outcome.difference is None  # no commissar was sent in the turns played
    kept = outcome.ways[0].game
    assert kept is not None
    assert [a.spec.id for a, _ in kept.book.queued] == ["agitate"]
    assert "Not kept from this turn's plan: Send a commissar: Regiment" in outcome.lines[1]
    assert [a.spec.id for a, _ in game.book.queued] == ["agitate", "commissar"]


# -- a changed number: the first turn that differs ---------------------------------------------


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(turn=st.integers(0, 4), loyalty=st.integers(11, 40), seed=st.integers(0, 2**31))
def test_a_changed_effect_differs_first_on_the_turn_it_was_used(
    folder: Path, turn: int, loyalty: int, seed: int
) -> None:
    original = (folder / ACTIONS).read_text()
    game = play(load_scenario(folder), commissar_at=turn, seed=seed)
    try:
        edit(folder, ACTIONS, COMMISSAR_EFFECT, f"loyalty: -{loyalty}")
        outcome = reloaded(game, folder)
        again = play(load_scenario(folder), commissar_at=turn, seed=seed)
    finally:
        (folder / ACTIONS).write_text(original)
    found = outcome.difference
    if found is None:
        # The change was absorbed within its turn (the loyalty drift that follows the
        # commissar can land on the same number): then the game ends exactly as before.
        assert again.session.state.digest() == game.session.state.digest()
        return
    assert found.turn == turn
    date = game.rules.model.calendar.turns[turn].date
    assert found.when.startswith(f"turn {turn + 1}, {date.day} October 1917")
    assert outcome.lines[0] == f"Reloaded: play differs from {found.when}."
    assert any("Regiment" in reason for reason in found.reasons), found.reasons


def test_going_on_from_the_last_turn_that_matches_or_replaying_every_move(folder: Path) -> None:
    game = play(load_scenario(folder), commissar_at=2)
    before = fingerprint(game.session)
    edit(folder, ACTIONS, COMMISSAR_EFFECT, "loyalty: -20")
    outcome = reloaded(game, folder)
    assert outcome.difference is not None and outcome.difference.turn == 2
    assert "loyalty of Regiment" in outcome.difference.reasons[0]
    labels = [w.label for w in outcome.ways]
    assert labels == ["Go on from turn 3", "Replay all my moves", KEEP_LABEL]
    matching, whole, keep = (w.game for w in outcome.ways)
    assert keep is None
    assert matching is not None and whole is not None
    assert len(matching.session.records) == 2 and len(whole.session.records) == 5
    # The turns that match stand as played; the differing turn is the one to decide again.
    assert [r.state_hash for r in matching.session.records] == [
        r.state_hash for r in game.session.records[:2]
    ]
    assert matching.session.state.digest() == whole.session.checkpoints[2].state.digest()
    # Deciding it again as recorded leads where replaying every move led: the dice and the
    # AI's stream are restored as they stood at that turn.
    matching.session.play_turn(game.session.records[2].decisions["reds"])
    assert matching.session.state.digest() == whole.session.checkpoints[3].state.digest()
    assert fingerprint(game.session) == before


def test_a_changed_starting_number_differs_from_the_start(folder: Path) -> None:
    game = play(load_scenario(folder), commissar_at=None, turns=2)
    edit(folder, "scenario.yaml", "initial: 50", "initial: 60")
    outcome = reloaded(game, folder)
    found = outcome.difference
    assert found is not None and found.turn == 0
    assert found.reasons == ("The game now begins otherwise: Legitimacy 60, was 50.",)
    assert outcome.ways[0].label == "Start again"
    start = outcome.ways[0].game
    assert start is not None and start.session.records == []
    assert int(start.state.tracks[0]) == 60


def test_a_side_the_ai_plays_that_now_decides_otherwise_is_named(folder: Path) -> None:
    game = play(load_scenario(folder), commissar_at=None, turns=2)
    # The Blues' Decree now costs more than they have: they must decide otherwise at once.
    edit(
        folder,
        ACTIONS,
        "factions: [blues]\n    cost: {influence: 2}",
        "factions: [blues]\n    cost: {influence: 9}",
    )
    outcome = reloaded(game, folder)
    found = outcome.difference
    assert found is not None and found.turn == 0
    blues = [r for r in found.reasons if r.startswith("The Blues now decide otherwise: ")]
    assert blues and "(before: Decree" in blues[0]


# -- a recorded decision the new rules no longer allow -------------------------------------------


def test_a_recorded_decision_that_is_no_longer_allowed_stops_the_replay_there(
    folder: Path,
) -> None:
    game = play(load_scenario(folder), commissar_at=1)
    edit(folder, ACTIONS, COMMISSAR_COST, COMMISSAR_COST.replace("2", "40"))
    outcome = reloaded(game, folder)
    found = outcome.difference
    assert found is not None and found.turn == 1
    assert found.reasons[-1] == (
        "Your decisions no longer stand: Send a commissar: Regiment: costs 40 influence; "
        "not enough left."
    )
    # Replaying every move would stop where this one is refused: the same as going on
    # from the last turn that matches, so that is offered once.
    assert [w.label for w in outcome.ways] == ["Go on from turn 2", KEEP_LABEL]
    on = outcome.ways[0].game
    assert on is not None and len(on.session.records) == 1


def test_an_action_taken_out_of_the_scenario_is_named_in_the_old_words(folder: Path) -> None:
    game = play(load_scenario(folder), commissar_at=0, turns=2)
    edit(
        folder, ACTIONS, "factions: [reds]\n    target: unit", "factions: [blues]\n    target: unit"
    )
    outcome = reloaded(game, folder)
    assert outcome.difference is not None
    assert outcome.difference.reasons[-1] == (
        "Your decisions no longer stand: Send a commissar: Regiment: that action is no "
        "longer yours to take."
    )


def test_an_ending_that_now_comes_sooner_is_said_on_the_way_that_replays_every_move(
    folder: Path,
) -> None:
    game = play(load_scenario(folder), commissar_at=None, turns=4)
    # Legitimacy is 55 or so by now: the Blues' collapse at under 60 comes at once.
    edit(folder, "story.yaml", 'condition: "legitimacy < 10"', 'condition: "legitimacy < 60"')
    outcome = reloaded(game, folder)
    assert outcome.difference is not None
    assert "the game now ends there: Blue collapse" in " ".join(outcome.difference.reasons)
    whole = outcome.ways[-2]
    assert whole.game is not None and whole.game.over
    assert "the game then ends after turn" in whole.text and "Blue collapse" in whole.text


# -- nothing changes when the reload cannot be done -----------------------------------------------


def test_files_that_do_not_load_are_listed_as_validate_lists_them_and_nothing_changes(
    folder: Path,
) -> None:
    game = play(load_scenario(folder), commissar_at=1)
    before = fingerprint(game.session)
    edit(folder, ACTIONS, "name: Agitate", "nmae: Agitate")
    outcome = reload_game(game, lambda: load_scenario(folder))
    assert isinstance(outcome, NotReloaded)
    assert outcome.message == "The files do not load (1 problem). Your game goes on as it was."
    assert outcome.problems == (
        f"{folder / ACTIONS}:4:5: unknown key 'nmae'; did you mean 'name'?",
    )
    assert fingerprint(game.session) == before


def test_a_failure_while_replaying_leaves_the_game_as_it_was(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    game = play(load_scenario(folder), commissar_at=1)
    before = fingerprint(game.session)

    def broken(*_: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("game.play.reload.replay_under", broken)
    outcome = reload_game(game, lambda: load_scenario(folder))
    assert isinstance(outcome, NotReloaded)
    assert outcome.message.startswith("The game so far could not be played again")
    assert outcome.problems == ("division by zero",)
    assert fingerprint(game.session) == before


def test_without_files_to_read_or_in_an_ironman_game_it_says_so(mini: Scenario) -> None:
    game = play(mini, commissar_at=None, turns=1)
    assert reload_game(game, None) == NotReloaded(NOTHING_TO_READ)
    game.session.ironman = True
    assert reload_game(game, lambda: mini) == NotReloaded(IRONMAN_RELOAD)


def test_another_scenario_in_the_folder_is_refused_by_its_title(
    mini: Scenario, october: Scenario
) -> None:
    game = play(mini, commissar_at=None, turns=1)
    outcome = reload_game(game, lambda: october)
    assert isinstance(outcome, NotReloaded)
    assert "not this game's 'Mini'" in outcome.message


def test_a_rivals_way_of_playing_gone_from_the_scenario_is_refused_in_words(
    folder: Path,
) -> None:
    game = play(load_scenario(folder), commissar_at=None, turns=1)
    game.session.profiles["blues"] = "cautious"  # as a difficulty gives it
    edit(folder, "factions.yaml", "id: cautious", "id: careful")
    edit(folder, "factions.yaml", "ai_profile: cautious", "ai_profile: careful")
    outcome = reload_game(game, lambda: load_scenario(folder))
    assert outcome == NotReloaded(
        "The scenario no longer has the way the Blues play in this game (Cautious). "
        "Your game goes on as it was."
    )


# -- a game taken over from an all-AI save ---------------------------------------------------------


@pytest.fixture
def taken_over(mini: Scenario, tmp_path: Path) -> Iterator[Session]:
    everyone = Session(mini, 4)
    for _ in range(4):
        everyone.apply({fid: everyone.ai_orders(fid) for fid in everyone.rules.faction_ids})
    session = load(write_save(everyone, tmp_path / "ai.yaml")).take_over(2, player="blues")
    session.play_turn(Orders())
    yield session


def test_a_game_taken_over_from_an_all_ai_save_reloads_with_no_difference(
    taken_over: Session, mini: Scenario
) -> None:
    outcome = reload_game(Game(taken_over), lambda: mini)
    assert isinstance(outcome, Reloaded) and outcome.difference is None
    again = outcome.ways[0].game
    assert again is not None
    assert again.session.seat_from == 2 and again.session.player == "blues"
    assert again.state.digest() == taken_over.state.digest()


def test_a_rival_taken_out_of_the_scenario_is_played_without(folder: Path) -> None:
    session = Session(load_scenario(folder), 2, player="reds", profiles={"greys": "bold"})
    session.play_turn(Orders())
    edit(folder, ACTIONS, "[reds, blues, greys]", "[reds, blues]")
    factions = (folder / "factions.yaml").read_text()
    (folder / "factions.yaml").write_text(factions[: factions.index("  - id: greys")])
    edit(folder, "world.yaml", ", greys: 5", "")
    edit(folder, "story.yaml", "winners: [reds, greys]", "winners: [reds]")
    outcome = reloaded(Game(session), folder)
    assert outcome.difference is not None
    assert outcome.difference.reasons == (
        "The game now begins otherwise: 45% of soldiers in Centre unaligned, was 40%.",
    )
    again = outcome.ways[0].game
    assert again is not None and again.session.profiles == {}
