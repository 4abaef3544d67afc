"""What New game offers: scenarios and the mods over each, ticked in the order they load."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.scenario import catalogue
from game.scenario.catalogue import Catalogue, Found
from game.scenario.loader import Source
from game.scenario.offer import Offer, choice_to_make, origin, own_scenario_id

MINI = Path(__file__).resolve().parents[1] / "fixtures" / "mini"


def write_mod(
    root: Path, ident: str, extends: str = "mini", files: dict[str, str] | None = None
) -> Path:
    folder = root / ident
    folder.mkdir()
    (folder / "mod.yaml").write_text(
        f"mod:\n  id: {ident}\n  name: {ident.title()}\n  extends: {extends}\n"
    )
    for file, text in (files or {}).items():
        (folder / file).write_text(textwrap.dedent(text))
    return folder


@pytest.fixture
def mods(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A mods folder holding a copy of mini, three mods of it (the third over the second), a
    new scenario made from mini with a mod of its own, and two mods that cannot be placed."""
    root = tmp_path / "mods"
    root.mkdir()
    monkeypatch.setenv("DUAL_POWER_MODS", str(root))
    shutil.copytree(MINI, root / "mini")
    write_mod(root, "alpha")
    write_mod(root, "beta")
    write_mod(root, "gamma", extends="beta")
    write_mod(root, "remake", files={"z.yaml": "scenario: {id: mini_remade, title: Remade}\n"})
    write_mod(root, "extra", extends="remake")
    write_mod(root, "orphan", extends="nowhere")
    (root / "garbled").mkdir()
    (root / "garbled" / "mod.yaml").write_text("mod: [unclosed\n")
    return root


def offer_of(root: Path, source: Source | None = None) -> Offer:
    catalogue = Catalogue.search([], places=[root])
    return Offer(catalogue, source)


def names(found: list[Found]) -> list[str]:
    return [f.id for f in found]


def test_a_mod_giving_its_own_scenario_id_is_a_scenario_and_the_others_are_options(
    mods: Path,
) -> None:
    offer = offer_of(mods)
    assert names(offer.scenarios) == ["mini", "remake"]
    assert names(offer.offered()) == ["alpha", "beta", "gamma"]
    assert names(offer.unplaced()) == ["garbled", "orphan"]
    offer.choose(1)
    assert names(offer.offered()) == ["extra"]  # laid over the new scenario, not over mini


def test_a_mod_repeating_the_scenarios_own_id_stays_an_option(mods: Path) -> None:
    write_mod(mods, "retitled", files={"s.yaml": "scenario: {id: mini, title: Retitled}\n"})
    offer = offer_of(mods)
    assert "retitled" in names(offer.offered())
    assert own_scenario_id(mods / "retitled") == "mini"
    assert own_scenario_id(mods / "alpha") is None


def test_ticking_a_mod_brings_along_the_mod_it_extends_and_untick_takes_off_what_needs_it(
    mods: Path,
) -> None:
    offer = offer_of(mods)
    alpha, beta, gamma = offer.offered()
    offer.tick(alpha)
    offer.tick(gamma)
    assert offer.ticked == [alpha, beta, gamma]
    assert offer.brought_by(beta) == [gamma]
    assert offer.listed()[:3] == [alpha, beta, gamma]
    offer.untick(beta)
    assert offer.ticked == [alpha]


def test_a_mod_moves_in_the_order_but_never_before_what_it_needs(mods: Path) -> None:
    offer = offer_of(mods)
    alpha, beta, gamma = offer.offered()
    offer.tick(gamma)
    offer.tick(alpha)
    assert offer.ticked == [beta, gamma, alpha]
    assert not offer.move(gamma, -1)  # beta must load first
    assert offer.move(alpha, -1)
    assert offer.ticked == [beta, alpha, gamma]
    assert not offer.move(beta, -1)  # already first
    assert offer.number(alpha) == 2
    source = offer.source()
    assert source is not None
    assert source.mods == (beta.folder, alpha.folder, gamma.folder)


def test_the_current_source_is_chosen_with_its_mods_in_their_order(mods: Path) -> None:
    offer = offer_of(mods, Source(mods / "alpha", (mods / "gamma",)))
    assert offer.scenario is not None and offer.scenario.id == "mini"
    assert names(offer.ticked) == ["alpha", "beta", "gamma"]
    offer = offer_of(mods, Source(mods / "extra"))
    assert offer.scenario is not None and offer.scenario.id == "remake"
    assert names(offer.ticked) == ["extra"]


def test_each_scenario_keeps_its_own_ticks(mods: Path) -> None:
    offer = offer_of(mods)
    offer.tick(offer.offered()[0])
    offer.choose(1)
    assert offer.ticked == []
    offer.choose(0)
    assert names(offer.ticked) == ["alpha"]


def test_unplaced_mods_cannot_be_ticked(mods: Path) -> None:
    offer = offer_of(mods)
    for found in offer.unplaced():
        offer.tick(found)
        assert offer.problems[found.folder] is not None
    assert offer.ticked == []


def test_where_each_comes_from(mods: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    write_mod(tmp_path, "elsewhere")
    catalogue = Catalogue.search([elsewhere])
    kinds = {f.id: origin(f) for f in catalogue.found}
    assert kinds["october1917"] == "bundled"
    assert kinds["alpha"] == "mods"
    assert kinds["elsewhere"] == "given"


def test_a_choice_is_offered_only_with_a_second_scenario_or_a_mod(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundled, empty = tmp_path / "bundled", tmp_path / "empty"
    shutil.copytree(MINI, bundled / "mini")
    empty.mkdir()
    monkeypatch.setattr(catalogue, "scenarios_dir", lambda: bundled)
    monkeypatch.setenv("DUAL_POWER_MODS", str(empty))
    assert not choice_to_make(Catalogue.search([]))
    write_mod(empty, "alpha")
    assert choice_to_make(Catalogue.search([]))
    (empty / "alpha" / "mod.yaml").unlink()
    shutil.copytree(MINI, empty / "other")  # a second scenario, even with the same id
    assert choice_to_make(Catalogue.search([])) is False  # the same id: one is passed over
    text = (empty / "other" / "scenario.yaml").read_text().replace("id: mini", "id: other")
    (empty / "other" / "scenario.yaml").write_text(text)
    assert choice_to_make(Catalogue.search([]))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    moves=st.lists(st.tuples(st.sampled_from(["tick", "untick", "up", "down"]), st.integers(0, 2)))
)
def test_whatever_is_pressed_every_mod_loads_after_the_mods_it_needs(
    mods: Path, moves: list[tuple[str, int]]
) -> None:
    offer = offer_of(mods)
    offered = offer.offered()
    for what, which in moves:
        found = offered[which]
        if what == "tick":
            offer.tick(found)
        elif what == "untick":
            offer.untick(found)
        else:
            offer.move(found, -1 if what == "up" else 1)
        ticked = offer.ticked
        assert len(set(ticked)) == len(ticked)
        for at, mod in enumerate(ticked):
            assert all(ticked.index(need) <= at for need in offer.needs(mod))
