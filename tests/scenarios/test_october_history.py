"""The October scenario's second edition keeps its history straight.

Dated events fire in the turn that holds the real date, names that changed
during the game are right on every turn, and every history note says where
it comes from. Dates are Old Style, as in the scenario.
"""

from __future__ import annotations

import datetime as dt

import pytest

from game.engine.rules import Rules
from game.scenario.expr import Kind
from game.scenario.loader import Scenario
from game.scenario.schema import SetFlag
from game.session import Session

HISTORICAL_SEED = 1


@pytest.fixture(scope="module")
def turn_each_event_fired(october_rules: Rules) -> dict[str, dt.date]:
    """Plays one all-AI game and notes the date of the turn in which each event first fired.

    Events fire as a turn opens, so an event belongs to the turn of the state it first
    shows up in (the first turn's events are in the new game's state).
    """
    rules = october_rules
    events = rules.ids[Kind.EVENT]
    session = Session(rules, HISTORICAL_SEED, player="bolsheviks")
    seen: dict[str, dt.date] = {}
    state = session.state
    while True:
        for index, event_id in enumerate(events):
            if state.fired[index] and event_id not in seen:
                seen[event_id] = rules.date_of(state.turn)
        if session.over:
            return seen
        state = session.play_turn(session.ai_orders("bolsheviks"))


@pytest.mark.parametrize(
    ("event_id", "turn_date"),
    [
        # The landings on Ösel came on 29 September, in the turn of the third coalition.
        ("operation_albion", dt.date(1917, 9, 25)),
        # The Slava was scuttled on 4 October and Moon and Dagö fell: the Germans-in-the-Gulf turn.
        ("albion_islands", dt.date(1917, 10, 2)),
        # The old presidium resigned on 9 September, in the turn of Trotsky's release.
        ("presidium_resigns", dt.date(1917, 9, 4)),
        # Trotsky took the chair on 25 September, not with the resignation.
        ("trotsky_elected", dt.date(1917, 9, 25)),
    ],
)
def test_dated_events_fire_in_the_turn_that_holds_their_real_date(
    turn_each_event_fired: dict[str, dt.date], event_id: str, turn_date: dt.date
) -> None:
    assert turn_each_event_fired.get(event_id) == turn_date


def test_the_germans_in_the_gulf_turn_has_an_event_of_its_own(october: Scenario) -> None:
    dated = {e.id: e.date for e in october.model.events if e.date is not None}
    in_turn = [i for i, d in dated.items() if dt.date(1917, 10, 2) <= d <= dt.date(1917, 10, 4)]
    assert "albion_islands" in in_turn


def test_the_slava_is_not_lost_before_october(october: Scenario) -> None:
    for event in october.model.events:
        if "Slava" in event.text and event.date is not None:
            assert event.date >= dt.date(1917, 10, 4), event.id


def test_the_party_paper_is_named_rightly_on_every_turn(october: Scenario) -> None:
    """Rabochii until 2 September, Rabochii Put from the 3rd: the action's name must fit both."""
    action = next(a for a in october.model.actions if a.id == "print_paper")
    assert "Rabochii Put" not in action.name
    assert "Rabochii until 2 September" in " ".join(action.description.split())
    first_turn = october.model.calendar.turns[0].date
    assert first_turn < dt.date(1917, 9, 3)


def test_the_womens_company_starts_north_of_the_city(october: Scenario) -> None:
    unit = next(u for u in october.model.units if u.id == "womens_company")
    assert unit.region == "vyborg"
    assert "Levashovo" in unit.description


def test_trotsky_is_not_made_chairman_by_the_resignation_of_the_presidium(
    october: Scenario,
) -> None:
    event = next(e for e in october.model.events if e.id == "presidium_resigns")
    for choice in event.choices:
        flags = [e.flag for e in [*event.effects, *choice.effects] if isinstance(e, SetFlag)]
        assert "trotsky_chairman" not in flags
    elected = next(e for e in october.model.events if e.id == "trotsky_elected")
    assert elected.date == dt.date(1917, 9, 25)


def test_the_land_decree_is_dated_to_the_small_hours_of_the_27th(october: Scenario) -> None:
    event = next(e for e in october.model.events if e.id == "peace_and_land")
    decrees = next(c for c in october.model.codex if c.id == "decrees")
    for text in (event.history, decrees.text):
        flat = " ".join(text.split())
        assert "2 a.m. on 27 October" in flat
        assert "and the Decree on Land that evening" not in flat


def test_every_history_note_names_its_sources(october: Scenario) -> None:
    noted = [*october.model.events, *october.model.endings]
    missing = [item.id for item in noted if item.history.strip() and not item.sources]
    assert missing == []


def test_the_codex_has_a_page_of_further_reading(october: Scenario) -> None:
    entry = next(c for c in october.model.codex if c.id == "further_reading")
    for work in ("The Bolsheviks Come to Power", "History of the Russian Revolution", "Ten Days"):
        assert work in " ".join(entry.text.split())
