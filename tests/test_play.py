"""The play layer (game.play): the rules of playing a game, tested without any front end."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from game.engine.rules import ActionRule, Rules
from game.engine.state import State
from game.play import AskOverwrite, Game, PlayError, continue_game, load_game
from game.saves.store import SaveStore
from game.scenario.expr import Kind
from game.scenario.loader import Scenario
from game.session import Session


def new(october: Scenario | Rules, seed: int = 3, *, ironman: bool = False) -> Session:
    return Session(october, seed, player="bolsheviks", ironman=ironman)


def answer_events(game: Game) -> None:
    """Take the first open choice of every event awaiting the player."""
    while (event := game.next_event()) is not None:
        first = next(o for o in game.options(event) if o.problem is None)
        game.choose(event.spec.id, first.choice.spec.id)


def play(game: Game, turns: int) -> None:
    for _ in range(turns):
        answer_events(game)
        assert game.end_turn().played


@pytest.fixture
def store(tmp_path: Path) -> SaveStore:
    return SaveStore(tmp_path / "saves")


def test_a_turn_waits_for_every_event_then_plays_and_autosaves(
    october_rules: Rules, store: SaveStore
) -> None:
    game = Game(new(october_rules), store)
    while game.next_event() is None:  # the first turn that puts a decision to the player
        assert game.end_turn().played
    waiting, turn = game.next_event(), game.state.turn
    ended = game.end_turn()
    assert not ended.played and ended.waiting is waiting and game.state.turn == turn
    answer_events(game)
    ended = game.end_turn()
    assert ended.played and ended.autosave is None and game.state.turn == turn + 1
    assert game.choices == {} and game.book.queued == []
    assert [listed.path for listed in store.list()], "the turn was autosaved"


def test_queued_orders_are_sent_with_the_turn_and_can_be_taken_back(
    october_rules: Rules,
) -> None:
    game = Game(new(october_rules))
    rows = [r for r in game.book.rows(game.state) if r.reason is None]
    first, second = rows[0], rows[1]
    c1 = game.book.open_targets(game.state, first.action)[0]
    c2 = game.book.open_targets(game.state, second.action)[0]
    assert game.queue(first.action, c1) is None
    assert game.queue(second.action, c2) is None
    assert game.take_back() == game.book.label(second.action, c2)
    assert game.take_back(5) is None
    answer_events(game)
    assert game.end_turn().played
    sent = game.session.records[-1].decisions["bolsheviks"].actions
    assert [o.action for o in sent] == [first.action.spec.id]


def test_a_closed_or_unknown_choice_is_refused_in_words(october_rules: Rules) -> None:
    game = Game(new(october_rules))
    while (event := game.next_event()) is None:
        assert game.end_turn().played
    with pytest.raises(PlayError, match="no such choice"):
        game.choose(event.spec.id, "no_such_choice")
    with pytest.raises(PlayError, match="awaits your choice"):
        game.choose("no_such_event", "x")
    closed = [o for o in game.options(event) if o.problem is not None]
    for option in closed:
        with pytest.raises(PlayError, match="closed"):
            game.choose(event.spec.id, option.choice.spec.id)


def test_quicksave_quickload_and_named_saves(october_rules: Rules, store: SaveStore) -> None:
    game = Game(new(october_rules), store)
    with pytest.raises(PlayError, match="no quicksave yet"):
        game.quickload()
    play(game, 2)
    assert game.quicksave().startswith("Quicksaved")
    loaded = game.quickload()
    assert loaded.state.digest() == game.state.digest() and loaded.store is store
    assert "Saved as 'mine'" in game.save("mine")
    other = Game(new(october_rules, 9), store)
    with pytest.raises(AskOverwrite):
        other.save("mine")
    other.save("mine", overwrite=True)
    assert store.owner(store.path("mine")) == other.session.game_id
    with pytest.raises(PlayError, match="kept for the game's own saves"):
        game.save("autosave-1")
    with pytest.raises(PlayError, match="Type a name"):
        game.save("  ")
    for path in ("../outside.yaml", "x.yaml", "a/b", "/tmp/abs"):
        with pytest.raises(PlayError, match="not a file or folder"):
            game.save(path)
    assert sorted(p.name for p in store.folder.parent.iterdir()) == ["saves"]
    with pytest.raises(PlayError, match="no save called"):
        game.load("nothing-here")
    (store.folder / "quicksave.yaml").write_text("nonsense")
    with pytest.raises(PlayError) as bad:
        game.quickload()
    assert str(bad.value).startswith("Not loaded:") and "\n" not in str(bad.value)


def test_undo_takes_back_the_turn_and_forgets_its_orders(october_rules: Rules) -> None:
    game = Game(new(october_rules))
    with pytest.raises(PlayError, match="No turn to take back"):
        game.undo()
    play(game, 1)
    digest = game.state.digest()
    row = next(r for r in game.book.rows(game.state) if r.reason is None)
    game.queue(row.action, game.book.open_targets(game.state, row.action)[0])
    assert game.undo().startswith("Your last turn is taken back")
    assert game.state.turn == 0 and game.book.queued == [] and game.choices == {}
    play(game, 1)
    assert game.state.digest() == digest  # the dice fall the same way again


def test_ironman_refuses_saving_loading_and_undo_and_keeps_one_save(
    october_rules: Rules, store: SaveStore
) -> None:
    game = Game(new(october_rules, ironman=True), store)
    play(game, 1)
    for act in (game.quicksave, game.quickload, game.undo, lambda: game.save("x")):
        with pytest.raises(PlayError, match="Ironman"):
            act()
    assert [e.name for e in store.list()] == [game.ironman_name]


def test_a_game_without_a_store_plays_but_does_not_save(october_rules: Rules) -> None:
    game = Game(new(october_rules))
    play(game, 1)
    with pytest.raises(PlayError, match="Saving is off"):
        game.quicksave()


def test_loading_any_bad_file_is_one_play_error(store: SaveStore, tmp_path: Path) -> None:
    with pytest.raises(PlayError, match="no saves yet"):
        continue_game(store)
    bad = tmp_path / "bad.yaml"
    for content in (b"", b"\xff\xfe", b"format: 99\n", b"[1, 2"):
        bad.write_bytes(content)
        with pytest.raises(PlayError) as refused:
            load_game(bad)
        assert "\n" not in str(refused.value)
        assert bad.read_bytes() == content


def test_a_finished_or_all_ai_save_is_not_played_on(
    october_rules: Rules, store: SaveStore, tmp_path: Path
) -> None:
    everyone = Session(october_rules, 2)
    everyone.run()
    path = store.save(everyone, "all-ai")
    with pytest.raises(PlayError, match="replay it instead"):
        load_game(path)


def test_an_autosave_failure_is_said_and_the_game_goes_on(
    october_rules: Rules, tmp_path: Path
) -> None:
    blocked = tmp_path / "file-not-folder"
    blocked.write_text("")
    game = Game(new(october_rules), SaveStore(blocked / "saves"))
    answer_events(game)
    ended = game.end_turn()
    assert ended.played and ended.autosave is not None
    assert ended.autosave.startswith("Autosave failed")


# -- orders checked against the board they will meet ----------------------------------


def set_up(game: Game, *, flags: tuple[str, ...] = (), pending: str | None = None) -> State:
    """Put the game at a made-up start of turn: flags set, an event awaiting the player,
    resources to spare (so that only the board closes an order)."""
    rules, state = game.rules, game.state
    raised = state.flags.copy()
    for flag in flags:
        raised[rules.id_index[Kind.FLAG][flag]] = True
    tracks = state.tracks.copy()
    tracks[rules.id_index[Kind.TRACK]["soviet_authority"]] = 60
    resources = state.resources.copy()
    resources[game.me] = 20
    waiting: tuple[tuple[int, int], ...] = ()
    fired = state.fired.copy()
    if pending is not None:
        event = rules.id_index[Kind.EVENT][pending]
        waiting, fired[event] = ((event, game.me),), True
    game.session.state = dataclasses.replace(
        state, flags=raised, tracks=tracks, resources=resources, pending=waiting, fired=fired
    )
    return game.state


def action(game: Game, action_id: str) -> ActionRule:
    return next(a for a in game.rules.actions if a.spec.id == action_id)


def test_an_order_the_players_own_choice_closes_is_refused_and_flagged_if_queued_before(
    october_rules: Rules,
) -> None:
    game = Game(new(october_rules))
    state = set_up(game, pending="mrc_debate")
    form = action(game, "form_mrc")
    assert game.book.problem(state, form, 0) is None
    game.choose("mrc_debate", "mrc")  # the choice forms the committee before any order
    problem = game.book.problem(state, form, 0)
    assert problem is not None and problem.startswith("no longer possible after your choice")
    assert "Make it the Soviet's Military Revolutionary Committee" in problem
    row = next(r for r in game.book.rows(state) if r.action is form)
    assert row.reason == problem and game.book.open_targets(state, form) == []
    queued, said = game.queue_said(form, 0)
    assert not queued and said.startswith("Cannot queue Form a Military Revolutionary")
    # Queued under the other choice, then the choice changed: the order is flagged.
    game.choose("mrc_debate", "leave")
    assert game.queue(form, 0) is None
    said = game.choose("mrc_debate", "mrc")
    assert "It stops orders you queued: Form a Military Revolutionary Committee" in said
    (listed,) = game.book.listing(state)
    assert listed.sure and listed.warning is not None
    assert listed.warning.startswith("will not be carried out after your choice")
    # An order already given (a save's, a reloaded game's) is taken as the step takes it.
    game.take_back()
    assert game.queue(form, 0) is not None and game.queue(form, 0, ahead=False) is None
    # The engine agrees: sent anyway, the order is not carried out.
    assert game.end_turn(confirmed=True).played
    (record,) = [r for r in game.state.last_actions if r.faction == game.me]
    assert record.outcome == "blocked"


def test_an_order_an_earlier_sure_order_closes_is_refused_a_contested_one_is_warned_of(
    october_rules: Rules,
) -> None:
    game = Game(new(october_rules))
    state = set_up(game, flags=("rising_begun", "mrc_formed", "insurrection_agreed"))
    bring = action(game, "bring_in_detachment")
    unit = game.book.open_targets(state, bring)[0]
    assert game.queue(bring, unit) is None
    # Moving the unit to the centre is certain: the same order again could do nothing.
    assert unit not in game.book.open_targets(state, bring)
    queued, said = game.queue_said(bring, unit)
    assert not queued and "already queued: no longer possible once the first is carried out" in said
    # Seizing a building is a contest: a second try is allowed, with a warning.
    seize = action(game, "seize_site")
    station = next(
        c
        for c, (site,) in enumerate(seize.candidates)
        if game.rules.model.sites[site].id == "finland_station"
    )
    assert game.queue(seize, station) is None
    queued, said = game.queue_said(seize, station)
    assert (
        queued and "Already queued: if the first succeeds, this one will not be carried out" in said
    )
    first, second, third = game.book.listing(state)
    assert first.warning is None and second.warning is None
    assert third.warning is not None and not third.sure


def test_odds_are_shown_on_the_board_the_players_earlier_sure_orders_leave(
    october_rules: Rules,
) -> None:
    game = Game(new(october_rules))
    state = set_up(game, flags=("rising_begun", "mrc_formed", "insurrection_agreed"))
    storm = action(game, "storm_winter_palace")
    alone = game.book.effects(state, storm, 0)
    assert "with your earlier orders" not in alone
    bring = action(game, "bring_in_detachment")
    game.queue(bring, game.book.open_targets(state, bring)[0])  # Palace defence -100
    before = re.search(r"(\d+)% chance", alone)
    after = re.search(r"(\d+)% chance", game.book.effects(state, storm, 0))
    assert before and after and int(after[1]) > int(before[1])
    assert game.book.effects(state, storm, 0).endswith("(with your earlier orders)")
    assert game.book.target_label(state, storm, 0).endswith("% chance (with your earlier orders)")
    seize = action(game, "seize_site")
    hq = next(
        c
        for c, (site,) in enumerate(seize.candidates)
        if game.rules.model.sites[site].id == "district_hq"
    )
    assert game.book.target_label(state, seize, hq).endswith("% chance, with your earlier orders)")
    game.queue(storm, 0)
    assert game.book.listing(state)[1].effects == game.book.effects(state, storm, 0, at=1)


def test_resources_a_choice_spends_or_brings_are_counted_for_this_turns_orders(
    october_rules: Rules,
) -> None:
    game = Game(new(october_rules))
    state = set_up(game, pending="lenin_letters")
    arms = [r.id for r in game.rules.model.resources].index("arms")
    before = game.book.resource_parts(state)[arms]
    assert before == "Arms 20"
    game.choose("lenin_letters", "prepare")  # arms +2, after the orders are checked
    assert game.book.resource_parts(state)[arms] == "Arms 20 (+2 next turn)"
    assert game.book.left(state)[arms] == 20
    # What the orders spend comes off what is left, and the gain still waits for next turn.
    row = next(r for r in game.book.rows(state) if r.reason is None and r.action.cost[arms])
    game.queue(row.action, game.book.open_targets(state, row.action)[0])
    left = 20 - int(row.action.cost[arms])
    assert game.book.resource_parts(state)[arms] == f"Arms {left} (+2 next turn)"


def test_an_order_a_contest_in_the_players_choice_may_close_is_queued_with_a_warning(
    october_rules: Rules,
) -> None:
    game = Game(Session(october_rules, 3, player="government"))
    state = set_up(game, flags=("mrc_formed",), pending="countersignature_order")
    arrest = action(game, "arrest_mrc")
    game.choose("countersignature_order", "arrest")  # a contest: it may arrest the committee
    assert game.book.problem(state, arrest, 0) is None
    queued, said = game.queue_said(arrest, 0)
    assert queued
    assert "Will not be carried out if the contest in your choice \"Order the committee's" in said
    (listed,) = game.book.listing(state)
    assert not listed.sure and listed.warning is not None


def test_a_plan_changed_after_the_warning_is_warned_of_again(october: Scenario) -> None:
    from game.forecast import Threat

    game = Game(new(october))
    answer_events(game)
    danger = Threat(1, "Their ending", ("them",), False, 1, "they: Strike", 0.5, ("x",))
    game.threats = lambda: [danger]  # type: ignore[method-assign]
    first = game.end_turn()
    assert not first.played and first.dangers == (danger,)
    row = next(r for r in game.book.rows(game.state) if r.reason is None)
    assert game.queue(row.action, game.book.open_targets(game.state, row.action)[0]) is None
    again = game.end_turn()  # the orders changed since the warning: warned again
    assert not again.played and again.dangers == (danger,)
    assert game.end_turn().played  # the same plan a second time: the player has seen it
