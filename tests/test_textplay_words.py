"""Whole October games in the terminal read as English, and show each contest's odds."""

from __future__ import annotations

import io
import re

import pytest

from game.engine.rules import Rules
from game.session import Session
from game.textplay import TextGame
from tests.rawtext import raw_lines, raw_rule_text

ODDS = re.compile(r"(?:\d{1,3}|<1|>99)% chance")


class Player:
    """Answers the terminal's prompts as they come: looks at every action, then ends the turn.

    Each turn it opens every action in the list (showing its targets and their
    odds), backs out, queues the first target of the last open one, and ends
    the turn; at an event it takes the first open choice.
    """

    def __init__(self, out: io.StringIO, actions: int) -> None:
        self.out = out
        self.actions = actions
        self.turns_seen = 0
        self.next_action = 1
        self.queue_next = False

    def readline(self, limit: int = -1) -> str:
        text = self.out.getvalue()
        prompt = text[text.rfind("\n") + 1 :]
        turns = text.count("\n" + "=" * 60 + "\nTurn ")
        if turns != self.turns_seen:
            self.turns_seen, self.next_action, self.queue_next = turns, 1, False
        if prompt.startswith("Your choice ("):
            return prompt[len("Your choice (") :].split(",")[0].split(")")[0] + "\n"
        if prompt.startswith("Group ("):
            return "1\n"
        if prompt.startswith("Target ("):
            return "1\n" if self.queue_next else "b\n"
        if prompt.startswith("End the turn anyway"):
            return "y\n"
        if prompt.startswith("Action number"):
            if self.next_action > self.actions:
                return "d\n"
            self.queue_next = self.next_action == self.actions
            self.next_action += 1
            return f"{self.next_action - 1}\n"
        return "q\n"  # an unexpected prompt: leave rather than loop


def play(rules: Rules, faction: str, seed: int) -> tuple[str, Session]:
    session = Session(rules, seed, player=faction)
    out = io.StringIO()
    me = rules.faction_index[faction]
    actions = sum(me in a.factions for a in rules.actions)
    game = TextGame(session, Player(out, actions), out)  # type: ignore[arg-type]
    game.run()
    return out.getvalue(), session


def test_the_detector_catches_each_kind_of_rule_source() -> None:
    assert raw_rule_text("requires support($faction, soldiers) >= 40") == "$faction"
    assert raw_rule_text("if loyalty(x) < 20") == "loyalty("
    assert raw_rule_text("sets mrc_formed") == "mrc_formed"
    assert raw_rule_text("when a != b") == "!="
    assert raw_rule_text("requires 'papers closed'") == "'papers closed'"
    assert raw_rule_text("the Soviet's presidium and the parties' share (38% chance)") is None
    assert raw_rule_text("Arrest: the journal records: Lenin is found") == "the journal records"
    assert raw_rule_text("if the acting side is the Provisional Government: Socialist bloc -3")
    assert raw_rule_text("Pavlovsky Regiment: goes over to no one") == "goes over to no one"
    assert raw_rule_text("loyalty +36 (from 55, minus the loyalty of the Pavlovsky Regiment)")
    assert raw_rule_text("not carried out (it requires Socialist bloc is less than 55)")
    assert raw_rule_text("Pavlovsky Regiment: leaves every side; loyalty to 55 (+36)") is None
    assert raw_rule_text("Kronstadt (you 8%, mobilised 13, <1% chance)") is None


@pytest.mark.parametrize("faction", ["bolsheviks", "moderates", "government"])
def test_a_whole_terminal_game_shows_no_rule_source_and_gives_contest_odds(
    october_rules: Rules, faction: str
) -> None:
    playable = [f.id for f in october_rules.model.factions if f.playable]
    if faction not in playable:
        pytest.skip(f"{faction} is not playable")
    text, session = play(october_rules, faction, seed=4)
    assert session.over, text[-2000:]
    assert "THE END:" in text
    raw = raw_lines(text)
    assert not raw, "\n".join(f"{bad!r} in {line!r}" for line, bad in raw[:20])
    assert ODDS.search(text), "no contest odds were shown"


def test_every_playable_faction_is_played_through_the_terminal(october_rules: Rules) -> None:
    playable = {f.id for f in october_rules.model.factions if f.playable}
    assert playable <= {"bolsheviks", "moderates", "government"}


def test_a_cost_of_one_reads_in_the_singular_where_the_scenario_gives_it(
    october_rules: Rules,
) -> None:
    from game.describe import cost_text

    names = october_rules.names
    cadres = october_rules.resource_index["cadres"]
    arms = october_rules.resource_index["arms"]
    assert names.amount(cadres, 1) == "1 cadre"
    assert names.amount(cadres, 3) == "3 cadres"
    # Arms gives no singular: "1 arms" reads as its name.
    assert names.amount(arms, 1) == "1 arms"
    agitate = next(a for a in october_rules.actions if a.spec.id == "agitate")
    assert cost_text(october_rules, agitate) == "1 influence, 1 cadre"


def test_sources_are_shown_by_their_titles_without_citation_keys() -> None:
    from game.describe import sources_line

    said = sources_line(["Miéville, October [Mie82]", "Wikipedia, Democratic Conference [WP-DC]"])
    assert said == "Sources: Miéville, October; Wikipedia, Democratic Conference"
    assert sources_line(["Reed, Ten Days That Shook the World"]).endswith("Shook the World")
    assert sources_line([]) == ""
