"""Moscow First, the bundled mod of the October scenario: it loads, it plays to an end,
and what a player reads of it is about Moscow, not Petrograd.

Petrograd's names may appear in history notes and in the codex, where the capital is
context; they must not name Moscow's districts, places, forces, orders or events.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from game.engine.rules import Rules
from game.paths import scenarios_dir
from game.scenario.loader import Scenario, load_scenario
from game.scenario.schema import ScenarioModel
from game.session import Session
from tests.scenarios.test_october_texts import shingles

MOSCOW = scenarios_dir() / "moscow1917"
HISTORY = Path(__file__).resolve().parents[3] / "shared" / "history"

# Places, forces and men that belong to Petrograd's October alone.
PETROGRAD_ONLY = (
    "Smolny",
    "Winter Palace",
    "Neva",
    "Vyborg side",
    "Aurora",
    "Peter and Paul",
    "Liteiny",
    "Nevsky",
    "Putilov",
    "Mariinsky Palace",
    "Palace Square",
    "Trud press",
    "Pavlovsky",
    "Polkovnikov",
    "Karpovka",
    "Kresty",
    "Tsentrobalt",
    "Admiralty",
    "Field of Mars",
)


@pytest.fixture(scope="module")
def moscow() -> Scenario:
    return load_scenario(MOSCOW)


@pytest.fixture(scope="module")
def moscow_rules(moscow: Scenario) -> Rules:
    return Rules(moscow)


def player_texts(m: ScenarioModel) -> Iterator[tuple[str, str]]:
    """Every text a player reads as part of Moscow's own story, with where it is."""
    yield "scenario.title", m.scenario.title
    yield "scenario.description", m.scenario.description
    yield "scenario.introduction", m.scenario.introduction
    for key, text in m.texts.items():
        yield f"texts.{key}", text
    for section in (m.factions, m.regions, m.sites, m.units, m.actions):
        for entry in section:
            yield f"{entry.id}.name", entry.name
            yield f"{entry.id}.description", entry.description
    for difficulty in m.difficulties:
        yield f"difficulties.{difficulty.id}", difficulty.description
    for flag in m.flags:
        yield f"flags.{flag.id}", f"{flag.name} {flag.when_set} {flag.when_clear}"
    for event in m.events:
        yield f"events.{event.id}.title", event.title
        yield f"events.{event.id}.text", event.text
        for choice in event.choices:
            yield f"events.{event.id}.{choice.id}", choice.text
    for ending in m.endings:
        yield f"endings.{ending.id}", f"{ending.title} {ending.epilogue}"


def test_the_mod_loads_as_a_scenario_of_its_own(moscow: Scenario) -> None:
    m = moscow.model
    assert m.scenario.id == "moscow1917"
    assert len([f for f in m.factions if f.playable]) >= 2
    # Moscow's map replaces Petrograd's: none of October's city districts is left.
    assert {"vyborg", "admiralty", "moscow"}.isdisjoint(r.id for r in m.regions)
    assert {"kremlin", "city_duma", "alexandrovsky_school"} <= {s.id for s in m.sites}
    # The lines over its pages name Moscow, not the scenario it was laid over.
    assert "Moscow" in m.texts["masthead"] and "Moscow" in m.texts["map_title"]


def test_every_ending_has_a_winner_or_is_the_fallback(moscow: Scenario) -> None:
    endings = moscow.model.endings
    winners = {w for e in endings for w in e.winners}
    assert {"bolsheviks", "moderates", "government"} <= winners
    assert sum(e.fallback for e in endings) == 1


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_fixed_seed_ai_game_reaches_an_ending_within_the_calendar(
    moscow_rules: Rules, seed: int
) -> None:
    state = Session(moscow_rules, seed).run()
    assert state.over
    assert state.turn < len(moscow_rules.model.calendar.turns)


def test_the_same_seed_plays_the_same_game(moscow_rules: Rules) -> None:
    first, second = Session(moscow_rules, 7).run(), Session(moscow_rules, 7).run()
    assert first.digest() == second.digest()


def leaks(m: ScenarioModel) -> list[str]:
    pattern = re.compile("|".join(re.escape(name) for name in PETROGRAD_ONLY))
    return [
        f"{where}: {found.group()}"
        for where, text in player_texts(m)
        if (found := pattern.search(text))
    ]


def test_no_petrograd_only_name_leaks_into_moscows_story(moscow: Scenario) -> None:
    assert leaks(moscow.model) == []


def test_the_name_check_catches_a_district_named_for_petrograd(moscow: Scenario) -> None:
    m = moscow.model
    renamed = m.regions[0].model_copy(update={"name": "Smolny and the Neva"})
    changed = m.model_copy(update={"regions": [renamed, *m.regions[1:]]})
    assert leaks(changed) == [f"{renamed.id}.name: Smolny"]


def all_texts(m: ScenarioModel) -> Iterator[tuple[str, str]]:
    """What a player reads, with the history notes and the codex."""
    yield from player_texts(m)
    for event in m.events:
        yield f"events.{event.id}.history", event.history
    for ending in m.endings:
        yield f"endings.{ending.id}.history", ending.history
    for entry in m.codex:
        yield f"codex.{entry.id}", entry.text


def test_no_text_the_mod_wrote_shares_eight_words_with_the_history_sources(
    moscow: Scenario, october: Scenario
) -> None:
    sources = [HISTORY / "seed-article.txt", HISTORY / "facts.md"]
    if not all(p.exists() for p in sources):
        pytest.skip("the shared history folder is not beside the checkout")
    known = set().union(*(shingles(p.read_text(encoding="utf-8")) for p in sources))
    # October's own texts, carried over unchanged, are October's test's business.
    inherited = {text for _, text in all_texts(october.model)}
    copied = [
        f"{where}: '{' '.join(sorted(common)[0])}'"
        for where, text in all_texts(moscow.model)
        if text not in inherited and (common := shingles(text) & known)
    ]
    assert copied == []
