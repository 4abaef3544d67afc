"""Every rule of the October scenario reads as English: no ids, no $parameters, no source."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from game.describe import effects_text, target_label
from game.engine.effects import Effect
from game.engine.legal import bind
from game.engine.rules import Rules
from game.engine.state import State
from game.engine.wording import condition_words, unmet_words
from game.session import Session
from tests.rawtext import raw_rule_text


@pytest.fixture(scope="module", params=[0, 8], ids=["first turn", "eighth turn"])
def start(october_rules: Rules, request: pytest.FixtureRequest) -> State:
    """The board at the start and in mid-game, when other flags are set and sites changed hands."""
    session = Session(october_rules, 5, player=None)
    for _ in range(request.param):
        session.play_turn()
    return session.state


def worded(rules: Rules, state: State) -> Iterator[tuple[str, str]]:
    """(where, text) for every rule a player may be shown, every way it is shown."""
    for f, fid in enumerate(rules.faction_ids):
        for action in rules.actions:
            if f not in action.factions:
                continue
            where = f"{fid} {action.spec.id}"
            unbound = {"faction": f}
            yield where, condition_words(rules, action.condition.text, unbound)
            yield where, condition_words(rules, action.targets.text, unbound)
            yield where, effects_text(rules, action.effects, unbound)
            for c, target in enumerate(action.candidates):
                params = bind(rules, state, action, c, f)
                at = f"{where} {rules.target_ids(action, target)}"
                yield at, condition_words(rules, action.condition.text, params)
                yield at, condition_words(rules, action.targets.text, params)
                yield at, unmet_words(rules, action.condition.text, state, params)
                yield at, unmet_words(rules, action.targets.text, state, params)
                yield at, effects_text(rules, action.effects, params)
                yield at, effects_text(rules, action.effects, params, board=state)
                yield at, target_label(rules, state, f, action, target)
    for event in rules.events:
        params = {"faction": event.faction} if event.faction >= 0 else {}
        yield event.spec.id, condition_words(rules, event.when.text, params)
        yield event.spec.id, effects_text(rules, event.effects, params, board=state)
        for choice in event.choices:
            where = f"{event.spec.id} {choice.spec.id}"
            yield where, condition_words(rules, choice.condition.text, params)
            yield where, unmet_words(rules, choice.condition.text, state, params)
            yield where, effects_text(rules, choice.effects, params)
            yield where, effects_text(rules, choice.effects, params, board=state)
    for ending in rules.endings:
        yield ending.spec.id, condition_words(rules, ending.condition.text)
        yield ending.spec.id, unmet_words(rules, ending.condition.text, state)


def test_no_rule_of_the_october_scenario_shows_its_source_to_a_player(
    october_rules: Rules, start: State
) -> None:
    shown = list(worded(october_rules, start))
    raw = [(where, text, bad) for where, text in shown if (bad := raw_rule_text(text))]
    assert len(shown) > 1000
    assert not raw, "\n".join(f"{w}: {bad!r} in {t!r}" for w, t, bad in raw[:20])


def test_every_flag_the_october_rules_test_reads_as_its_own_sentences(
    october_rules: Rules,
) -> None:
    for flag in october_rules.model.flags:
        set_words = condition_words(october_rules, f"flag({flag.id})")
        clear_words = condition_words(october_rules, f"not flag({flag.id})")
        assert (set_words, clear_words) == (flag.when_set, flag.when_clear)


def contests(effects: tuple[Effect, ...]) -> bool:
    return any("contest" in type(e).__name__.lower() for e in effects)


def test_every_contested_action_shows_its_odds_against_every_open_target(
    october_rules: Rules, start: State
) -> None:
    from game.engine.legal import action_problem

    shown = 0
    for f in range(october_rules.n_factions):
        for action in october_rules.actions:
            if f not in action.factions or not contests(action.effects):
                continue
            for c, target in enumerate(action.candidates):
                if action_problem(october_rules, start, f, action, c) is not None:
                    continue
                label = target_label(october_rules, start, f, action, target)
                params = bind(october_rules, start, action, c, f)
                said = effects_text(october_rules, action.effects, params, board=start)
                assert "% chance" in label, label
                assert said.startswith("a contest ("), said
                shown += 1
    assert shown


@pytest.mark.parametrize("folder", ["october1917", "moscow1917"])
def test_a_sides_short_name_is_seen_to_be_the_same_side_as_its_name(folder: str) -> None:
    """Tables and the map say the short name, the endings and the journal the name: a player
    must see that "Kadets" and "Kadets and Kornilovites" are one side ("Right" was not)."""
    from game.paths import scenarios_dir
    from game.scenario.loader import load_scenario

    model = load_scenario(scenarios_dir() / folder).model
    for faction in model.factions:
        short = faction.short_name or faction.name
        assert short.lower()[:5] in faction.name.lower(), (faction.name, short)
