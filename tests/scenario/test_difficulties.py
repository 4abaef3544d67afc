"""Difficulties: scenario data that gives the player's rivals another AI profile."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.engine.rules import Rules
from game.scenario.loader import load_scenario
from game.session import Session, default_difficulty, difficulty_profiles, stand_in_profiles
from tests.scenario.test_loader import edit, errors_of, line_of, mod

__all__ = ["mod"]

DIFFICULTIES = """difficulties:
  - {id: easy, name: Easy, rivals: cautious}
  - {id: normal, name: Normal, default: true}
  - {id: hard, name: Hard, rivals: bold}
factions:
"""


def with_difficulties(folder: Path, text: str = DIFFICULTIES) -> Rules:
    edit(folder, "factions.yaml", "factions:\n", text)
    return Rules(load_scenario(folder))


def test_a_difficulty_gives_every_rival_its_profile_and_leaves_the_player_alone(mod: Path) -> None:
    rules = with_difficulties(mod)
    player = rules.model.factions[0].id
    hard = difficulty_profiles(rules, "hard", player)
    assert hard == {f.id: "bold" for f in rules.model.factions[1:]}
    assert difficulty_profiles(rules, "normal", player) == {}
    assert difficulty_profiles(rules, None, player) == {}
    # An all-AI game (no player) gives every faction the profile.
    assert set(difficulty_profiles(rules, "easy", None)) == set(rules.faction_ids)


def test_the_default_difficulty_is_the_marked_one_else_the_first_else_none(mod: Path) -> None:
    assert default_difficulty(Rules(load_scenario(mod))) is None
    rules = with_difficulties(mod)
    assert default_difficulty(rules) == "normal"


def test_an_unknown_difficulty_is_refused_naming_the_known_ones(mod: Path) -> None:
    rules = with_difficulties(mod)
    with pytest.raises(ValueError, match="no difficulty 'brutal' \\(known: easy, normal, hard\\)"):
        difficulty_profiles(rules, "brutal", None)


def test_a_session_at_a_difficulty_records_the_profiles_it_plays_with(mod: Path) -> None:
    rules = with_difficulties(mod)
    player = rules.model.factions[0].id
    session = Session(rules, 3, player=player, profiles=difficulty_profiles(rules, "hard", player))
    assert session.profiles and set(session.profiles.values()) == {"bold"}


def test_a_misspelt_rivals_profile_is_named_at_its_line(mod: Path) -> None:
    edit(mod, "factions.yaml", "factions:\n", "difficulties:\n  - {id: hard, name: Hard, rivals: bould}\nfactions:\n")
    [error] = errors_of(mod)
    assert f"factions.yaml:{line_of(mod, 'factions.yaml', 'rivals: bould')}:" in error
    assert "unknown AI profile 'bould'; did you mean 'bold'?" in error


def test_two_default_difficulties_are_refused(mod: Path) -> None:
    edit(
        mod,
        "factions.yaml",
        "factions:\n",
        "difficulties:\n  - {id: a, name: A, default: true}\n  - {id: b, name: B, default: true}\nfactions:\n",
    )
    [error] = errors_of(mod)
    assert "at most one difficulty may be the default; found a, b" in error


SEATS = """difficulties:
  - id: hard
    name: Hard
    rivals: bold
    profiles: {FIRST: cautious}
    seats: {SECOND: {FIRST: balanced}}
factions:
"""


def test_a_seat_may_meet_its_own_rivals_over_rivals_and_profiles(mod: Path) -> None:
    first, second, *_ = Rules(load_scenario(mod)).faction_ids
    rules = with_difficulties(mod, SEATS.replace("FIRST", first).replace("SECOND", second))
    leading_second = difficulty_profiles(rules, "hard", second)
    assert leading_second[first] == "balanced"  # `seats` wins over `profiles`
    assert {p for f, p in leading_second.items() if f != first} == {"bold"}
    # Another seat, or no seat, meets the first faction as `profiles` names it.
    third = rules.faction_ids[2] if len(rules.faction_ids) > 2 else None
    if third is not None:
        assert difficulty_profiles(rules, "hard", third)[first] == "cautious"
    assert difficulty_profiles(rules, "hard", None)[first] == "cautious"


def test_a_seat_naming_the_players_own_faction_or_an_unknown_one_is_refused(mod: Path) -> None:
    first, second, *_ = Rules(load_scenario(mod)).faction_ids
    text = SEATS.replace("FIRST", first).replace("SECOND", second)
    edit(mod, "factions.yaml", "factions:\n", text.replace(f"{{{first}: balanced}}", f"{{{second}: balanced}}"))
    [error] = errors_of(mod)
    assert f"'{second}' is the player's own faction here, not a rival" in error
    assert f"factions.yaml:{line_of(mod, 'factions.yaml', 'seats:')}:" in error


def test_an_unknown_seat_profile_is_named_at_its_line(mod: Path) -> None:
    edit(mod, "factions.yaml", "    ai_profile: ", "    seat_profile: bould\n    ai_profile: ")
    [error] = errors_of(mod)
    assert f"factions.yaml:{line_of(mod, 'factions.yaml', 'seat_profile: bould')}:" in error
    assert "unknown AI profile 'bould'; did you mean 'bold'?" in error


def test_the_ai_standing_in_for_a_player_plays_the_seat_profile(mod: Path) -> None:
    edit(mod, "factions.yaml", "    ai_profile: ", "    seat_profile: cautious\n    ai_profile: ")
    rules = with_difficulties(mod)
    seat = rules.model.factions[0]
    assert seat.seat_profile == "cautious" and seat.ai_profile != "cautious"
    assert stand_in_profiles(rules, "normal", seat.id) == {seat.id: "cautious"}
    # The rivals are as the difficulty has them; a player's own game never names the seat.
    easy = stand_in_profiles(rules, "easy", seat.id)
    assert easy == {**difficulty_profiles(rules, "easy", seat.id), seat.id: "cautious"}
    assert seat.id not in difficulty_profiles(rules, "easy", seat.id)
    # A faction without one stands in with its own profile.
    other = rules.model.factions[1].id
    assert other not in stand_in_profiles(rules, "normal", other)
