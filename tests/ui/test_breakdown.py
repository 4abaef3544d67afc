"""The lines under a district's table speak its units: points of a group, causes in words."""

from __future__ import annotations

import dataclasses

from game.engine.rules import Rules
from game.engine.state import Change
from game.report import change_words
from game.session import Session
from game.ui.breakdown import district_causes
from tests.rawtext import raw_rule_text


def test_a_change_across_the_map_is_given_per_group_as_the_table_and_the_report_give_it(
    october_rules: Rules,
) -> None:
    rules = october_rules
    session = Session(rules, 3, player="bolsheviks")
    before = session.state
    coalition = next(e for e in rules.events if e.spec.id == "third_coalition")
    kadets = next(c for c in coalition.spec.choices if c.id == "kadets")
    regions = rules.population.shape[1]
    ledger = (
        # +3 points among the middle classes everywhere: the ledger holds their sum.
        Change(
            "support:government:middle_classes:all",
            300 * regions,
            f"event:{coalition.spec.id}:kadets",
        ),
        Change("support:bolsheviks:workers:vyborg", 200, "action:agitate:bolsheviks"),
    )
    after = dataclasses.replace(before, ledger=ledger, drift=None)
    vyborg = rules.region_index["vyborg"]
    lines = district_causes(rules, after, 0, vyborg)
    assert f"{coalition.spec.title}: {kadets.text}: Government +3 middle classes" in lines
    assert "Agitate (Bolsheviks): Bolsheviks +2 workers" in lines
    assert not any(": kadets" in line or raw_rule_text(line) for line in lines)
    # The report says the same move in the same number of points.
    said = change_words(rules, ledger[0].quantity, ledger[0].delta)
    assert said.endswith("+3.0 points across the map")
