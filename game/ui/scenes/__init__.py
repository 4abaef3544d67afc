"""The scenes of the window, by name (the names `screenshot` accepts).

SCENES      name -> factory(scenario, seed, faction) -> Scene: one scene over a fresh
            game (what `app.start_scene` opens, e.g. the title)
SHOTS       name -> factory(ShotRequest) -> the stack of scenes to draw, bottom first:
            every scene `screenshot` knows, over a fresh game or, given a save, that game
shot_stack  the stack for a name and a request
"""

from __future__ import annotations

import dataclasses
import functools
import re
import secrets
import shutil
import tempfile
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from game.engine.legal import any_choice_open, pending_for
from game.engine.rules import Rules
from game.saves.format import SaveError
from game.scenario.loader import Scenario, ScenarioError, Source, load_scenario
from game.session import Session, difficulty_profiles
from game.ui.scene import POP, Scene
from game.ui.scenes.charts import SCREENSHOT_TURNS, ChartsScene
from game.ui.scenes.codex import CodexScene
from game.ui.scenes.ending import EndingScene
from game.ui.scenes.journal import JournalScene
from game.ui.scenes.map import MapScene
from game.ui.scenes.newgame import NewGameScene
from game.ui.scenes.picker import PickerScene, picker_for
from game.ui.scenes.title import TitleScene

if TYPE_CHECKING:
    from game.saves.replay import Loaded
    from game.saves.store import SaveStore

JOURNAL_TURNS = 6  # how far the journal's screenshot plays before it is drawn
EVENT_TURNS = 40  # how long the event's screenshot waits for a decision to come to the player


class ShotError(Exception):
    """A screenshot that cannot be made from what was asked (one line, for the CLI)."""


def default_faction(scenario: Scenario) -> str:
    """The first playable faction: who a quick new game leads until the player chooses."""
    playable = [f.id for f in scenario.model.factions if f.playable]
    return playable[0] if playable else scenario.model.factions[0].id


def new_session(
    scenario: Scenario,
    seed: int | None,
    faction: str | None,
    *,
    ironman: bool = False,
    difficulty: str | None = None,
) -> Session:
    """A fresh game; at `difficulty` the rivals play its profiles (ValueError for an unknown one)."""
    rules = Rules(scenario)
    player = faction or default_faction(scenario)
    return Session(
        rules,
        seed if seed is not None else secrets.randbelow(2**31),
        player=player,
        profiles=difficulty_profiles(rules, difficulty, player),
        ironman=ironman,
    )


def all_ai(session: Session, turns: int | None = None) -> Session:
    """Let the AI play every seat, the player's too, for `turns` turns or to the end."""
    played = 0
    while not session.over and (turns is None or played < turns):
        session.apply({fid: session.ai_orders(fid) for fid in session.rules.faction_ids})
        played += 1
    return session


# -- one scene over a fresh game -----------------------------------------------------------


def title_scene(
    scenario: Scenario,
    seed: int | None,
    faction: str | None,
    *,
    ironman: bool = False,
    store: SaveStore | None = None,
    difficulty: str | None = None,
    source: Source | None = None,
) -> Scene:
    """The title; its New game asks whom to lead, unless a faction was given already.
    With `ironman` (play --ironman) the game it starts is one, or the page offers it on.
    With `difficulty` (play --difficulty) the game it starts is at that level, or the page
    offers it first. Without a `store` (screenshots, tests) it offers no Continue, Load or
    Replays. Given the `source` the scenario was read from, New game first offers the
    other scenarios and the mods found, when there are any (not with a faction given)."""
    if faction is not None:
        # As the new-game page would have it: the default level unless one was named.
        levels = scenario.model.difficulties
        marked = next((d.id for d in levels if d.default), None)
        level = difficulty or marked or (levels[0].id if levels else None)
        return TitleScene(
            scenario,
            lambda: MapScene(
                new_session(scenario, seed, faction, ironman=ironman, difficulty=level),
                guide=True,
            ),
            store,
        )

    def new_game_of(chosen: Scenario) -> Scene:
        # A level the command line named that the scenario chosen lacks is left to the page.
        level = difficulty if any(d.id == difficulty for d in chosen.model.difficulties) else None
        return NewGameScene(chosen, seed, ironman=ironman, difficulty=level)

    def new_game() -> Scene:
        if source is not None:  # looked for as New game is pressed: a mod may be new since
            picker = picker_for(source, new_game_of)
            if picker is not None:
                return picker
        return NewGameScene(scenario, seed, ironman=ironman, difficulty=difficulty)

    return TitleScene(scenario, new_game, store)


def _new_game(
    scenario: Scenario, seed: int | None, faction: str | None, *, ironman: bool = False
) -> Scene:
    scene = NewGameScene(scenario, seed, ironman=ironman)
    if faction is not None:
        scene.selected = next(i for i, f in enumerate(scene.factions) if f.id == faction)
    return scene


def _ending(scenario: Scenario, seed: int | None, faction: str | None) -> Scene:
    return EndingScene(all_ai(new_session(scenario, seed, faction)))


def _journal(scenario: Scenario, seed: int | None, faction: str | None) -> Scene:
    return JournalScene(all_ai(new_session(scenario, seed, faction), JOURNAL_TURNS))


def _codex(scenario: Scenario, seed: int | None, faction: str | None) -> Scene:
    return CodexScene(scenario)


def _charts(scenario: Scenario, seed: int | None, faction: str | None) -> Scene:
    return ChartsScene(all_ai(new_session(scenario, seed, faction), SCREENSHOT_TURNS))


def _map(scenario: Scenario, seed: int | None, faction: str | None) -> Scene:
    return MapScene(new_session(scenario, seed, faction))


def _load(scenario: Scenario, seed: int | None, faction: str | None) -> Scene:
    from game.saves.store import SaveStore, default_saves_dir
    from game.ui.scenes.saveload import SaveLoadScene

    return SaveLoadScene(None, SaveStore(default_saves_dir()), "load", scenario=scenario)


def _error(scenario: Scenario, seed: int | None, faction: str | None) -> Scene:
    from game.ui.scenes.error import ErrorScene

    return ErrorScene("The scenario does not load", broken_scenario_messages(scenario))


def _settings(scenario: Scenario, seed: int | None, faction: str | None) -> Scene:
    return settings_scene()


SCENES: dict[str, Callable[[Scenario, int | None, str | None], Scene]] = {
    "title": title_scene,
    "map": _map,
    "new-game": _new_game,
    "ending": _ending,
    "journal": _journal,
    "codex": _codex,
    "charts": _charts,
    "load": _load,
    "error": _error,
    "settings": _settings,
}


# -- the stacks screenshots draw ---------------------------------------------------------


@dataclass(frozen=True)
class ShotRequest:
    """What a screenshot shows: a fresh game of `scenario` (its seed, the player's faction),
    or with `save` the game in that file (its last turn, its ending, its replay). `source`
    is where the scenario was read from (by default its folder alone), for the page that
    offers the scenarios and mods found."""

    scenario: Scenario
    seed: int | None = None
    faction: str | None = None
    save: Path | None = None
    source: Source | None = None

    @functools.cached_property
    def loaded(self) -> Loaded:
        """The save, verified by replaying it (as Load does); SaveError in one line if bad."""
        if self.save is None:
            raise ValueError("no save was given")
        return load_save(self.save)

    def session(self) -> Session:
        """The saved game as it stands after its last turn (a new copy each time)."""
        return self.loaded.resume()

    def seated(self) -> Session:
        """The saved game with a player: in an all-AI game, the asked (or first) faction's
        seat, to see the map from; nothing is played in it."""
        session = self.session()
        if session.player is None:
            rules = session.rules
            session.player = self.faction or default_faction(rules.scenario)
            session.state = dataclasses.replace(
                session.state, player=rules.faction_index[session.player]
            )
        return session


ShotFactory = Callable[[ShotRequest], list[Scene]]


def load_save(path: Path) -> Loaded:
    from game.play.saving import one_line
    from game.saves.replay import load

    try:
        return load(path)
    except SaveError:
        raise
    except Exception as bad:  # a hostile file is a bad file, never a traceback
        raise SaveError(f"{path}: {one_line(bad)}") from None


def _fresh(factory: Callable[[Scenario, int | None, str | None], Scene]) -> ShotFactory:
    """A scene that shows the same with or without a save."""
    return lambda r: [factory(r.scenario, r.seed, r.faction)]


def _shot_title(r: ShotRequest) -> list[Scene]:
    from game.saves.store import SaveStore

    # With a save: Continue and Load, as the save's folder has them.
    store = SaveStore(r.save.parent) if r.save is not None else None
    return [title_scene(r.scenario, r.seed, r.faction, store=store)]


def _shot_mods(r: ShotRequest) -> list[Scene]:
    """New game's choice of scenario and mods, as the scenario's source finds them (drawn
    even when there is nothing to choose), once it knows which of them load."""
    from game.scenario.offer import Offer, search

    source = r.source or Source(Path(r.scenario.source))
    scene = PickerScene(
        Offer(search(source), source), lambda s: NewGameScene(s, r.seed), valid=source
    )
    scene.checks.wait()
    return [scene]


def _shot_map(r: ShotRequest) -> list[Scene]:
    if r.save is None:
        return [_map(r.scenario, r.seed, r.faction)]
    return [MapScene(r.seated())]


def _shot_event(r: ShotRequest) -> list[Scene]:
    """The map with the first decision that comes to the player on top, the AI playing
    every seat (the player's too) until one comes."""
    session = r.seated() if r.save is not None else new_session(r.scenario, r.seed, r.faction)
    assert session.player is not None
    me = session.rules.faction_index[session.player]
    for _ in range(EVENT_TURNS):
        state = session.state
        if session.over or any(
            any_choice_open(session.rules, state, e) for e in pending_for(session.rules, state, me)
        ):
            break
        all_ai(session, 1)
    the_map = MapScene(session)
    card = the_map.next_event()
    if card is None:
        where = f"{r.save}: " if r.save is not None else ""
        raise ShotError(
            f"{where}no decision comes to '{session.player}' by turn {len(session.records) + 1}"
            f"{' (the game is over)' if session.over else ''}; choose another faction or seed"
        )
    return [the_map, card]


def _shot_ending(r: ShotRequest) -> list[Scene]:
    if r.save is None:
        return [_ending(r.scenario, r.seed, r.faction)]
    session = r.session()
    if not session.over:
        raise ShotError(
            f"{r.save}: the game is not over ({len(session.records)} turns played); "
            "it has no ending to show yet"
        )
    return [EndingScene(session)]


def _shot_journal(r: ShotRequest) -> list[Scene]:
    if r.save is None:
        return [_journal(r.scenario, r.seed, r.faction)]
    return [JournalScene(r.session())]


def _shot_charts(r: ShotRequest) -> list[Scene]:
    if r.save is None:
        return [_charts(r.scenario, r.seed, r.faction)]
    return [ChartsScene(r.session())]


def _shot_codex(r: ShotRequest) -> list[Scene]:
    scenario = r.loaded.rules.scenario if r.save is not None else r.scenario
    return [CodexScene(scenario)]


def _shot_load(r: ShotRequest) -> list[Scene]:
    if r.save is None:
        return [_load(r.scenario, r.seed, r.faction)]
    from game.saves.store import SaveStore
    from game.ui.scenes.saveload import SaveLoadScene

    scene = SaveLoadScene(None, SaveStore(r.save.parent), "load", scenario=r.scenario)
    scene.refresh(select=r.save.stem)
    return [scene]


def _shot_replay(r: ShotRequest) -> list[Scene]:
    if r.save is not None:
        from game.ui.scenes.replay import ReplayScene

        return [ReplayScene(r.loaded)]  # verified already (a save that diverges fails earlier)
    # No save given: an all-AI game of the scenario, saved to a file of its own.
    from game.saves.store import SaveStore

    folder = Path(tempfile.mkdtemp(prefix="dual-power-shot-"))
    seed = r.seed if r.seed is not None else secrets.randbelow(2**31)
    session = all_ai(Session(r.scenario, seed, player=None))
    path = SaveStore(folder).save(session, "all-ai")
    scene = replay_scene(path)
    weakref.finalize(scene, shutil.rmtree, folder, True)  # the file lives as long as the scene
    return [scene]


def _played_map(r: ShotRequest) -> MapScene:
    """The map of a game with some turns played (a save's last turn, or the AI's first weeks)."""
    if r.save is not None:
        session = r.seated()
    else:
        session = all_ai(new_session(r.scenario, r.seed, r.faction), SCREENSHOT_TURNS)
    if not session.records:
        raise ShotError(f"{r.save}: no turn has been played yet; there is nothing to report")
    return MapScene(session)


def _shot_report(r: ShotRequest) -> list[Scene]:
    """The report of the last turn played, over the map, as End turn shows it."""
    from game.ui.scenes.briefing import report_card

    the_map = _played_map(r)
    game = the_map.game
    return [the_map, report_card(game.report(game.turns_played - 1), lambda: POP)]


def _shot_endings(r: ShotRequest) -> list[Scene]:
    """The roads to the endings over the map (E)."""
    from game.ui.scenes.briefing import roads_card

    the_map = _played_map(r)
    return [the_map, roads_card(the_map.game.roads())]


SHOTS: dict[str, ShotFactory] = {
    "title": _shot_title,
    "new-game": _fresh(_new_game),
    "mods": _shot_mods,
    "map": _shot_map,
    "event": _shot_event,
    "report": _shot_report,
    "endings": _shot_endings,
    "journal": _shot_journal,
    "charts": _shot_charts,
    "codex": _shot_codex,
    "ending": _shot_ending,
    "load": _shot_load,
    "replay": _shot_replay,
    "settings": _fresh(_settings),
    "error": _fresh(_error),
}


def shot_stack(name: str, request: ShotRequest) -> list[Scene]:
    """The scenes to push, bottom first, to draw `name`; KeyError for an unknown name.

    A bad save raises SaveError and a shot that cannot be made ShotError, each one line.
    """
    factory = SHOTS[name]
    if request.save is not None:
        _ = request.loaded  # a bad file fails here, whichever scene was asked
    return factory(request)


# -- scenes imported only when asked for (their modules may import this package) --------


def settings_scene() -> Scene:
    from game.ui.scenes.settings import SettingsScene

    return SettingsScene()


def replay_scene(path: Path) -> Scene:
    from game.ui.scenes.replay import open_replay

    return open_replay(path)


def broken_scenario_messages(scenario: Scenario) -> list[str]:
    """The real messages (FILE:LINE:COL: ...) of a copy of the scenario with one file damaged:
    a faction misspelt where another file names it, as a modder's typo would be."""
    source = Path(scenario.source)
    folder = source if source.is_dir() else _default_folder()
    with tempfile.TemporaryDirectory(prefix="dual-power-broken-") as temp:
        copy = Path(temp) / folder.name
        shutil.copytree(folder, copy)
        _misspell_a_faction(copy, scenario)
        try:
            load_scenario(copy)
        except ScenarioError as broken:
            # The temporary folder says nothing to a reader: name the files as the scenario's.
            return [str(e).replace(f"{temp}/", "") for e in broken.errors]
    return [f"{folder.name}: the damaged copy loaded without a problem"]


def _default_folder() -> Path:
    from game.paths import default_scenario

    return Path(default_scenario())


def _misspell_a_faction(folder: Path, scenario: Scenario) -> None:
    """Misspell the first two references to a faction in the file that has the most."""
    fid = default_faction(scenario)
    reference = re.compile(rf"(?<=faction: ){re.escape(fid)}\b")
    files = sorted(folder.glob("*.yaml"), key=lambda p: -len(reference.findall(p.read_text())))
    target = files[0] if files else folder / "broken.yaml"
    text = target.read_text() if target.exists() else ""
    if reference.search(text):
        text = reference.sub(f"{fid}x", text, count=2)
    else:  # nothing names the faction by that key: break the YAML itself
        text += "\nbroken: [unclosed\n"
    target.write_text(text)
