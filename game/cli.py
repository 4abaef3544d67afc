"""The command line: `python -m game` and `dual-power` are this program.

Exit status: 0 when all went well, 1 when the input (a scenario, a save) was
bad, 2 when the command itself was used wrongly, 3 when `check --strict` found
something that never happens.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from game import __version__
from game.paths import default_scenario
from game.saves.format import SaveError, guarded
from game.scenario.catalogue import Catalogue, UnknownName, user_mods_dir
from game.scenario.layering import Origins
from game.scenario.loader import (
    Scenario,
    ScenarioError,
    Source,
    load_scenario,
    load_traced,
)
from game.terminal import BadLine, clean_stream, number, read_line, tolerate_undecodable

if TYPE_CHECKING:
    from game.engine.rules import Rules
    from game.lab.tally import Tally
    from game.session import Session

EXIT_OK, EXIT_BAD_INPUT, EXIT_USAGE, EXIT_FOUND = 0, 1, 2, 3

# The games `check` plays unless told: enough for an event that fires in one game in
# fifty to show, in about ten seconds for the bundled scenario on two cores.
DEFAULT_CHECK_RUNS = 200

# Below this many games, simulate plays in its own process unless --jobs says otherwise:
# starting worker processes would take longer than the games.
FEW_GAMES = 32


class UsageError(Exception):
    """A command used wrongly: reported on stderr with exit status 2."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dual-power",
        usage="%(prog)s [-h] [--version] [COMMAND [OPTIONS]]",
        description="Dual Power: a strategy and narrative game of Petrograd, autumn 1917.",
        epilog="With no command, dual-power opens the game window (as 'play' does). "
        "Each command has --help.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    # Each command's usage and errors read "dual-power check: ...", not the whole usage line.
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", prog=parser.prog)

    validate = sub.add_parser(
        "validate",
        help="check scenario folders and list every problem",
        description="Check scenario folders; print every problem as "
        "FILE:LINE:COL: message, then a count.",
    )
    validate.add_argument(
        "paths",
        nargs="+",
        metavar="ID|DIR",
        help="a scenario or mod (laid over what it extends): its id (as `mods` lists) or "
        "its folder",
    )
    _mod_option(validate)

    mods = sub.add_parser(
        "mods",
        help="list the scenarios and mods found",
        description="List every scenario and mod found (bundled, in your mods folder "
        f"{user_mods_dir()} or given with --mod): id, name, version, what it extends, "
        "and whether it is valid.",
    )
    _mod_option(mods)

    scaffold = sub.add_parser(
        "new-mod",
        help="start a mod: a folder with an example of each kind of change",
        description="Create a mod folder (mod.yaml, changes.yaml with a key changed, an "
        "entry added and one deleted, and a README) that validates and plays at once.",
    )
    scaffold.add_argument("name", metavar="NAME", help="the mod's name, e.g. 'Stronger Kornilov'")
    scaffold.add_argument(
        "--id",
        dest="ident",
        metavar="ID",
        default=None,
        help="the mod's id (default: made from NAME, e.g. stronger_kornilov): small Latin "
        "letters, digits and _",
    )
    scaffold.add_argument(
        "--extends",
        metavar="ID",
        default=None,
        help="the scenario or mod it is laid over (default: the bundled October 1917)",
    )
    scaffold.add_argument(
        "--in",
        dest="into",
        metavar="DIR",
        type=Path,
        default=None,
        help=f"where to create it (default: your mods folder, {user_mods_dir()})",
    )

    check = sub.add_parser(
        "check",
        help="find what in a scenario never happens",
        description="Validate a scenario folder, warn of conditions that can never hold "
        "(without playing), then play AI games and list the events, choices, actions, "
        "endings and contests that never came about in any. Exit 0 when the scenario is "
        "valid, warnings or not; 1 when it is not valid.",
    )
    check.add_argument(
        "path", metavar="ID|DIR", help="a scenario or mod: its id (as `mods` lists) or its folder"
    )
    _mod_option(check)
    check.add_argument(
        "--runs",
        type=_natural,
        default=DEFAULT_CHECK_RUNS,
        metavar="N",
        help=f"AI games to play, shared among the balance lab's configurations "
        f"(default {DEFAULT_CHECK_RUNS}; 0: only the warnings)",
    )
    check.add_argument(
        "--seed",
        type=_seed,
        default=1,
        metavar="N",
        help="first seed; the games use N, N+1, ... (default 1, so that runs compare)",
    )
    check.add_argument(
        "--jobs",
        "-j",
        type=_positive,
        metavar="N",
        help=f"games played at once (default: every core, or 1 for fewer than {FEW_GAMES})",
    )
    check.add_argument("--json", action="store_true", help="print the result as JSON")
    check.add_argument(
        "--strict",
        action="store_true",
        help="exit 3 when anything can never hold or never happened",
    )

    play = sub.add_parser("play", help="play a game", description="Play a game.")
    play.add_argument("--text", action="store_true", help="play in the terminal, not the window")
    _scenario_options(play)
    play.add_argument("--faction", metavar="ID", help="the faction you lead (asked if absent)")
    play.add_argument(
        "--difficulty",
        metavar="ID",
        help="how your rivals play: one of the scenario's difficulties "
        "(default: the scenario's default)",
    )
    play.add_argument("--load", metavar="FILE", type=Path, help="go on with a saved game")
    play.add_argument(
        "--take-over",
        type=_turn,
        metavar="N",
        help="with --load: play a new game from the save's turn N (0 = its start); "
        "in an all-AI save, --faction picks your seat",
    )
    play.add_argument(
        "--ironman",
        action="store_true",
        help="one save, written after every turn; no loading, no undo",
    )
    _saves_option(play)

    sim = sub.add_parser(
        "simulate",
        help="let the AI play whole games",
        description="Let the AI play whole games and report the endings.",
    )
    _scenario_options(sim)
    seat = sim.add_mutually_exclusive_group()
    seat.add_argument("--faction", metavar="ID", help="put the AI in this faction's player seat")
    seat.add_argument("--all-ai", action="store_true", help="no player seat (the default)")
    sim.add_argument(
        "--difficulty",
        metavar="ID",
        help="the rivals of the --faction seat play this difficulty's AI profiles (default: "
        "each its own); the seat plays its faction's seat_profile, the side's best play",
    )
    sim.add_argument(
        "--runs",
        type=_positive,
        default=1,
        metavar="N",
        help="games to play, with seeds SEED, SEED+1, ... (default 1)",
    )
    sim.add_argument(
        "--profile",
        action="append",
        default=[],
        metavar="[FACTION=]PROFILE",
        help="AI profile for every faction, or FACTION=PROFILE for one; repeatable",
    )
    sim.add_argument(
        "--jobs",
        "-j",
        type=_positive,
        metavar="N",
        help="games played at once, in worker processes (default: every core, or 1 for "
        f"fewer than {FEW_GAMES} games); 1 plays them in this process. The results are "
        "the same for any N",
    )
    sim.add_argument("--json", action="store_true", help="print the result as JSON")
    sim.add_argument("--save", metavar="FILE", type=Path, help="save the game (one run only)")
    sim.add_argument(
        "--report",
        metavar="FILE",
        type=Path,
        help="write a balance report: Markdown, or HTML with charts if FILE ends in .html",
    )
    sim.add_argument(
        "--matrix",
        action="store_true",
        help="play --runs games in each configuration: all AI; each playable seat at each "
        "difficulty; every faction on each profile (not with --faction, --difficulty, "
        "--profile or --save)",
    )

    rep = sub.add_parser(
        "replay",
        help="replay a saved game, checking every turn",
        description="Replay a saved game turn by turn, checking each turn's state hash. "
        "Exit 0 when every turn matches, 1 when a turn differs or the file is bad.",
    )
    rep.add_argument("file", metavar="FILE", type=Path, help="a save file")
    rep.add_argument("--verify", action="store_true", help="only check it; print one line")
    rep.add_argument("--to-turn", type=_positive, metavar="N", help="stop after turn N")
    shape = rep.add_mutually_exclusive_group()
    shape.add_argument("--text", action="store_true", help="print the turns as text (the default)")
    shape.add_argument("--json", action="store_true", help="print the turns as JSON")

    schema = sub.add_parser(
        "schema",
        help="print the scenario format as JSON Schema",
        description="Print the scenario format as JSON Schema, for editors.",
    )
    schema.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead")
    schema.add_argument(
        "--mod",
        action="store_true",
        help="the schema of a mod's files: entries that add, change only some keys, or delete",
    )

    shot = sub.add_parser(
        "screenshot",
        help="draw a screen of the game window to a PNG, without a display",
        description=(
            "Draw one scene of the game window to a PNG file, without a display. Over a "
            "fresh game the AI plays as far as the scene needs (the ending: a whole game, "
            "every seat; the event: until a decision comes to the player; the replay: a "
            "whole all-AI game, saved to a temporary file; the error page: the problems of "
            "a copy of the scenario with one file damaged). With --save FILE the scenes "
            "show that game: the map and the event its last turn, the report its last "
            "turn played, the ending its ending, "
            "the journal and charts its turns, the replay that file, load its folder. "
            "Exit 1 when the save does not load or has no such scene (e.g. no ending yet)."
        ),
    )
    shot.add_argument(
        "scene",
        metavar="SCENE",
        help="the scene to draw: title, new-game, mods (New game's choice of scenario and "
        "mods), map, event, report, endings, journal, charts, codex, ending, load, replay, "
        "settings or error",
    )
    shot.add_argument("output", metavar="OUT.png", type=Path, help="the PNG to write")
    shot.add_argument(
        "--size", type=_size, default=(1280, 720), metavar="WxH", help="default 1280x720"
    )
    _scenario_options(shot)
    shot.add_argument("--faction", metavar="ID", help="the player's faction (default: the first)")
    shot.add_argument(
        "--save",
        metavar="FILE",
        type=Path,
        help="show the game saved in FILE (checked by replaying it) instead of a fresh one",
    )
    return parser


def _size(text: str) -> tuple[int, int]:
    width, sep, height = text.lower().partition("x")
    try:
        size = (int(width), int(height))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT, got '{text}'") from None
    if not sep or not (320 <= size[0] <= 8192 and 240 <= size[1] <= 8192):
        raise argparse.ArgumentTypeError("expected WIDTHxHEIGHT from 320x240 to 8192x8192")
    return size


def _scenario_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--scenario",
        metavar="ID|DIR",
        help="the scenario: an id that `mods` lists, or a scenario or mod folder "
        "(default: the bundled October 1917)",
    )
    _mod_option(parser)
    parser.add_argument("--seed", type=_seed, metavar="N", help="random seed (default: random)")


def _mod_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--mod",
        metavar="ID|DIR",
        action="append",
        default=[],
        help="lay a mod over the scenario: its id (as `mods` lists) or its folder "
        "(repeatable, in load order)",
    )


def _saves_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--saves-dir",
        metavar="DIR",
        type=Path,
        help="where saves go (default: $DUAL_POWER_SAVES, saves/ in a checkout, "
        "else ~/.local/share/dual-power/saves)",
    )


def _turn(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None
    if value < 0:
        raise argparse.ArgumentTypeError("expected 0 or more")
    return value


def _natural(text: str) -> int:
    return _turn(text)  # a whole number, 0 or more


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None
    if value < 1:
        raise argparse.ArgumentTypeError("expected at least 1")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError("expected a number from 0 to 2**63 - 1")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    # Whatever a command prints may carry a scenario's or a save's words (a title, an id
    # in an error): none of it reaches the terminal with its escape codes or controls.
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = clean_stream(stdout), clean_stream(stderr)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = stdout, stderr


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        # A player who types the game's name, or clicks its launcher, wants to play:
        # the window, with play's defaults (the commands are one --help away).
        args = parser.parse_args(["play"])
    try:
        if args.command == "validate":
            return cmd_validate(args.paths, sys.stdout, args.mod)
        if args.command == "mods":
            return cmd_mods(args.mod, sys.stdout)
        if args.command == "new-mod":
            return cmd_new_mod(args)
        if args.command == "check":
            return cmd_check(args)
        if args.command == "play":
            return cmd_play(args)
        if args.command == "simulate":
            return cmd_simulate(args)
        if args.command == "schema":
            return cmd_schema(args)
        if args.command == "replay":
            return cmd_replay(args)
        if args.command == "screenshot":
            return cmd_screenshot(args)
        raise UsageError(f"no command '{args.command}'")
    except UsageError as wrong:
        print(f"dual-power: {wrong}", file=sys.stderr)
        return EXIT_USAGE
    except ScenarioError as bad:
        for error in bad.errors:
            print(error, file=sys.stderr)
        print(
            f"{len(bad.errors)} problem{'s' if len(bad.errors) != 1 else ''} found", file=sys.stderr
        )
        return EXIT_BAD_INPUT
    except SaveError as bad:
        print(f"dual-power: {bad}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (e.g. `| head`): stop quietly, and keep Python's
        # shutdown from complaining about the closed stdout.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BAD_INPUT


def cmd_validate(paths: Sequence[str], out: TextIO, mods: Sequence[str] = ()) -> int:
    out = clean_stream(out)
    catalogue = _catalogue([*paths, *mods])
    laid = _located(catalogue, mods)
    problems = warnings = 0
    for path in paths:
        try:
            folder = catalogue.locate(path)
            scenario = load_scenario(folder, laid)
        except UnknownName as unknown:
            print(unknown, file=out)
            problems += 1
        except ScenarioError as bad:
            for error in bad.errors:
                print(error, file=out)
            problems += len(bad.errors)
        else:
            for warning in scenario.warnings:
                print(f"{warning.mark}: warning: {warning.message}", file=out)
            warnings += len(scenario.warnings)
            m = scenario.model
            print(
                f"{path}: valid: {_what(scenario, catalogue)}, {len(m.factions)} factions, "
                f"{len(m.regions)} regions, {len(m.events)} events, {len(m.endings)} endings",
                file=out,
            )
    noted = f", {_plural(warnings, 'warning')}" if warnings else ""
    print(f"{_plural(problems, 'problem')} found{noted}", file=out)
    return EXIT_BAD_INPUT if problems else EXIT_OK


def _what(scenario: Scenario, catalogue: Catalogue) -> str:
    """The scenario's title, and the names of the mods laid over it: "mod 'Stronger
    Kornilov' over 'Dual Power'"."""
    title = f"'{scenario.model.scenario.title}'"
    names = [f"'{name}'" for name in _mod_names(scenario, catalogue)]
    if not names:
        return title
    return f"{'mod' if len(names) == 1 else 'mods'} {', '.join(names)} over {title}"


def _mod_names(scenario: Scenario, catalogue: Catalogue) -> list[str]:
    """The names of the mods laid over the scenario, in order."""
    names = []
    for layer in scenario.layers:
        if layer == scenario.id:
            continue  # a scenario built on another: its title says which it is
        found = catalogue.get(layer)
        names.append(found.name if found is not None and found.name else layer)
    return names


def _own_files(scenario: Scenario, catalogue: Catalogue) -> Callable[[str], bool]:
    """Whether a file is one of the mods' own, not one of what they are laid over."""
    folders = set()
    for layer in scenario.layers:
        found = catalogue.get(layer)
        if found is not None:
            folders.add(found.folder.resolve())
    return lambda file: Path(file).resolve().parent in folders


def cmd_new_mod(args: argparse.Namespace) -> int:
    from game.paths import DEFAULT_SCENARIO
    from game.scaffold import ScaffoldError, new_mod

    into = args.into or user_mods_dir()
    catalogue = Catalogue.search()
    catalogue.scan(into)  # a mod may extend one beside it
    try:
        made = new_mod(
            args.name, args.extends or DEFAULT_SCENARIO, into, catalogue, ident=args.ident
        )
    except ScaffoldError as cannot:
        raise UsageError(str(cannot)) from None
    except OSError as failed:
        raise UsageError(f"cannot create the mod in {into}: {failed.strerror or failed}") from None
    print(
        f"Created {made.folder}: the mod '{args.name}' (id {made.folder.name}) of "
        f"{made.base.id}, in {', '.join(made.files)}"
    )
    print(f"  check it:  python -m game validate {made.folder}")
    print(f"  play it:   python -m game play --scenario {made.folder}")
    return EXIT_OK


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def cmd_mods(mods: Sequence[str], out: TextIO) -> int:
    """Every scenario and mod found, with whether it loads: a modder's first look round."""
    from game.scenario.offer import Kinds

    catalogue = Catalogue.search(_located(_catalogue(mods), mods))
    kinds = Kinds(catalogue)
    rows = []
    for found in catalogue.found:
        if found.error is not None:
            verdict = f"broken: {found.error}"
        else:
            try:
                loaded = load_scenario(found.folder, catalogue=catalogue)
            except ScenarioError as bad:
                more = len(bad.errors) - 1
                verdict = f"broken: {bad.errors[0]}" + (f" (and {more} more)" if more else "")
            else:
                verdict = "valid" + (
                    f", {_plural(len(loaded.warnings), 'warning')}" if loaded.warnings else ""
                )
        what = f"a {found.kind}"
        if found.extends:
            built = kinds.is_scenario(found)
            what = f"a {'scenario built on' if built else 'mod of'} {found.extends}"
        rows.append((found, what, verdict))
    if not rows:
        print("no scenarios or mods found", file=out)
    rows.sort(key=lambda row: row[0].kind != "scenario")  # scenarios first, else as found
    width = max((len(f.id) for f, _, _ in rows), default=0)
    for found, what, verdict in rows:
        version = f", version {found.version}" if found.version else ""
        print(f"{found.id:<{width}}  {found.name or found.id}{version}: {what}", file=out)
        print(f"{'':<{width}}  {found.folder}", file=out)
        print(f"{'':<{width}}  {verdict}", file=out)
    for unused, used in catalogue.shadowed:
        print(
            f"note: {unused.folder} is not used: its id '{unused.id}' is already {used.folder}'s",
            file=out,
        )
    for folder, why in catalogue.passed_over:
        print(f"passed over: {folder}: {why}", file=out)
    print(f"your mods folder: {user_mods_dir()}", file=out)
    return EXIT_OK


def _load(args: argparse.Namespace) -> Scenario:
    return _source(args).load()


def _source(args: argparse.Namespace) -> Source:
    """The scenario `--scenario` names and the mods `--mod` names (each a folder or an id)."""
    scenario: str | None = args.scenario
    catalogue = _catalogue([*([scenario] if scenario else []), *args.mod])
    mods = _located(catalogue, args.mod)
    if scenario is None:
        return Source(default_scenario(), mods)
    return Source(_located(catalogue, [scenario])[0], mods)


def _catalogue(names: Sequence[str]) -> Catalogue:
    """Where the scenarios and mods named on the command line are looked for: the bundled
    ones, the player's mods folder, and beside each folder named."""
    return Catalogue.search([Path(name) for name in names if Path(name).exists()])


def _located(catalogue: Catalogue, names: Sequence[str]) -> tuple[Path, ...]:
    """The folders of scenarios or mods named on the command line; UsageError for a name
    that is neither a folder nor an id found."""
    try:
        return tuple(catalogue.locate(name) for name in names)
    except UnknownName as unknown:
        raise UsageError(str(unknown)) from None


def _load_for(source: Source) -> tuple[Scenario, Origins]:
    """The scenario a command is given, with where each part of it was written."""
    return load_traced(source.folder, source.mods)


def cmd_check(args: argparse.Namespace) -> int:
    from game.engine.rules import Rules
    from game.lab.check import lines, plans, report, where_in
    from game.lab.runner import Plan, default_jobs, progress_bar, run_plans
    from game.lab.tally import Tally
    from game.scenario.never import find

    catalogue = _catalogue([args.path, *args.mod])
    mods = _located(catalogue, args.mod)
    try:
        source = Source(catalogue.locate(args.path), mods)
        scenario, origins = _load_for(source)
    except (UnknownName, ScenarioError) as bad:
        # As `validate` tells it (or as JSON): every problem, then their count.
        errors = [str(e) for e in bad.errors] if isinstance(bad, ScenarioError) else [str(bad)]
        if args.json:
            shown = {"scenario": str(args.path), "valid": False, "errors": errors}
            print(json.dumps(shown, indent=2))
        else:
            print("\n".join(errors))
            print(f"{len(errors)} problem{'s' if len(errors) != 1 else ''} found")
        return EXIT_BAD_INPUT
    rules = Rules(scenario)
    findings = find(rules.model)
    where = where_in(origins, str(args.path))
    tally = None
    games = plans(rules, args.seed, args.runs) if args.runs else []
    if games:
        jobs = args.jobs or (default_jobs() if args.runs >= FEW_GAMES else 1)
        with progress_bar(args.runs) as done:
            results = run_plans(rules, source, games, jobs, done)
        played = [g for found in results for g in found]
        tally = Tally(rules, Plan(args.seed, args.runs), played)
    laid = Catalogue.search([source.folder, *source.mods])  # as the loader finds them
    names = _mod_names(scenario, laid)
    own = _own_files(scenario, laid) if scenario.layers else None
    found = report(rules, str(args.path), findings, tally, where, games, names, own)
    if args.json:
        print(json.dumps(found, indent=2))
    else:
        print("\n".join(lines(found)))
    something = found["warnings"] or any((found["never"] or {}).values())
    return EXIT_FOUND if args.strict and something else EXIT_OK


def _check_faction(scenario: Scenario, faction: str | None, playable_only: bool) -> None:
    if faction is None:
        return
    factions = scenario.model.factions
    ids = [f.id for f in factions if f.playable or not playable_only]
    if faction not in ids:
        raise UsageError(
            f"no {'playable ' if playable_only else ''}faction '{faction}'; "
            f"choose one of {', '.join(ids)}"
        )


def _check_difficulty(scenario: Scenario, difficulty: str | None) -> None:
    if difficulty is None:
        return
    ids = [d.id for d in scenario.model.difficulties]
    if difficulty not in ids:
        known = f"choose one of {', '.join(ids)}" if ids else "the scenario has none"
        raise UsageError(f"no difficulty '{difficulty}'; {known}")


def seat_profiles(
    rules: Rules, seat: str | None, difficulty: str | None, specs: Sequence[str]
) -> dict[str, str]:
    """The AI profiles of a simulated game: the difficulty's for the rivals of `seat`
    and the seat's stand-in, then each --profile on top, so that one named wins."""
    from game.session import stand_in_profiles

    _check_difficulty(rules.scenario, difficulty)
    found = stand_in_profiles(rules, difficulty, seat)
    found.update(_profiles(rules.scenario, specs))
    return found


def play_in_window(args: argparse.Namespace) -> int:
    """Open the game window: on the title, or on the map of a game loaded with --load.
    With --ironman the new-game page starts with Ironman on (a loaded game stays as saved)."""
    if args.take_over is not None and args.load is None:
        raise UsageError("--take-over needs --load FILE")
    session = _saved_session(args) if args.load is not None else None
    import pygame

    from game.saves.store import SaveStore, default_saves_dir
    from game.ui.app import run

    source = _source(args)
    # A game from a save plays on its own copy of the scenario: there is nothing to read again.
    # Otherwise Ctrl+R reads the same folders as the game began with.
    read = source.load if session is None else None
    scenario: Scenario | None = None
    if read is not None:
        try:
            scenario = read()
        except ScenarioError:
            pass  # the window reads it again and shows every problem (and Reload)
        else:
            _check_faction(scenario, args.faction, playable_only=True)
            _check_difficulty(scenario, args.difficulty)
    saves = SaveStore(args.saves_dir or default_saves_dir())
    try:
        return run(
            scenario,
            seed=args.seed,
            faction=args.faction,
            saves=saves,
            session=session,
            ironman=args.ironman,
            difficulty=args.difficulty,
            reload_scenario=read,
            source=source,
        )
    except pygame.error as failed:
        print(
            f"dual-power: cannot open the game window ({failed}); "
            "play in the terminal with: python -m game play --text",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT


def _saved_session(args: argparse.Namespace) -> Session:
    """The game `play --load FILE [--take-over N]` goes on with; UsageError when it cannot."""
    if args.seed is not None or args.scenario or (args.faction and args.take_over is None):
        raise UsageError("--load takes the scenario, seed and faction from the save")
    if args.difficulty is not None:
        raise UsageError("--load takes the difficulty from the save")
    from game.saves.replay import load

    loaded = load(args.load)
    if args.take_over is None:
        session = loaded.resume()
    else:
        try:
            session = loaded.take_over(args.take_over, args.faction, str(args.load))
        except ValueError as wrong:
            raise UsageError(str(wrong)) from None
    if session.player is None:
        raise UsageError(
            f"{args.load} is an all-AI game; take a seat with --take-over N --faction ID"
        )
    if session.over:
        raise UsageError(f"{args.load} is a finished game; replay it with: replay FILE")
    return session


def cmd_play(args: argparse.Namespace) -> int:
    if not args.text:
        return play_in_window(args)
    # Bytes typed that are not text become U+FFFD, which the game answers, rather than a
    # UnicodeDecodeError under a strict UTF-8 locale.
    tolerate_undecodable(sys.stdin)
    from game.saves.store import SaveStore, default_saves_dir
    from game.session import Session
    from game.textplay import Quit, TextGame

    store = SaveStore(args.saves_dir or default_saves_dir())
    if args.take_over is not None and args.load is None:
        raise UsageError("--take-over needs --load FILE")
    if args.load is not None:
        session = _saved_session(args)
        print(f"Loaded {args.load}: turn {len(session.records) + 1}.")
        return TextGame(session, sys.stdin, sys.stdout, store=store).run()
    source = _source(args)
    scenario = source.load()
    _check_faction(scenario, args.faction, playable_only=True)
    _check_difficulty(scenario, args.difficulty)
    seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
    faction = args.faction
    if faction is None:
        try:
            faction = _ask_faction(scenario, sys.stdin, sys.stdout)
        except Quit:
            return EXIT_OK
    print(f"Seed {seed}.")
    from game.engine.rules import Rules
    from game.session import default_difficulty, difficulty_profiles

    rules = Rules(scenario)
    # As in the window: the scenario's default level unless one was named.
    level = args.difficulty or default_difficulty(rules)
    profiles = difficulty_profiles(rules, level, faction)
    session = Session(rules, seed, player=faction, profiles=profiles, ironman=args.ironman)
    return TextGame(session, sys.stdin, sys.stdout, store=store, reload_scenario=source.load).run()


def cmd_screenshot(args: argparse.Namespace) -> int:
    from game.ui.screenshot import scene_names, screenshot

    names = scene_names()  # first: it keeps pygame headless and quiet before importing it
    from game.ui.scenes import ShotError

    if args.scene not in names:
        raise UsageError(f"no scene '{args.scene}'; choose one of {', '.join(names)}")
    source = _source(args)
    scenario = source.load()
    _check_faction(scenario, args.faction, playable_only=True)
    seed = args.seed if args.seed is not None else 0
    try:
        out = screenshot(
            args.scene,
            args.output,
            scenario,
            size=args.size,
            seed=seed,
            faction=args.faction,
            save=args.save,
            source=source,
        )
    except ShotError as cannot:
        print(f"dual-power: {cannot}", file=sys.stderr)
        return EXIT_BAD_INPUT
    shown = f" of {args.save}" if args.save is not None else ""
    print(f"{out}: {args.scene}{shown}, {args.size[0]}x{args.size[1]}")
    return EXIT_OK


def _ask_faction(scenario: Scenario, inp: TextIO, out: TextIO) -> str:
    from game.textplay import Quit

    out = clean_stream(out)
    playable = [f for f in scenario.model.factions if f.playable]
    out.write("Whom will you lead?\n")
    for n, f in enumerate(playable, 1):
        out.write(f"  {n}. {f.name}\n")
        if f.description:
            out.write(f"     {f.description.strip()}\n")
    while True:
        out.write(f"Faction (1-{len(playable)}): ")
        out.flush()
        try:
            answer = read_line(inp)
        except BadLine as bad:
            out.write(f"{bad}\n")
            continue
        if answer is None or answer.lower() in ("q", "quit"):
            raise Quit("no faction chosen")
        picked = number(answer, len(playable))
        if picked is not None:
            return playable[picked - 1].id
        ids = [f.id for f in playable]
        if answer in ids:
            return answer
        out.write(f"Type a number from 1 to {len(playable)}.\n")


def _profiles(scenario: Scenario, specs: Sequence[str]) -> dict[str, str]:
    m = scenario.model
    known = [p.id for p in m.ai_profiles]
    out: dict[str, str] = {}
    for spec in specs:
        faction, _, profile = spec.rpartition("=")
        if profile not in known:
            raise UsageError(f"no AI profile '{profile}'; choose one of {', '.join(known)}")
        if faction:
            _check_faction(scenario, faction, playable_only=False)
            out[faction] = profile
        else:
            out.update({f.id: profile for f in m.factions})
    return out


def cmd_simulate(args: argparse.Namespace) -> int:
    from game.engine.rules import Rules
    from game.lab.runner import Plan, default_jobs, matrix, progress_bar, run_plans
    from game.lab.tally import Tally

    source = _source(args)
    scenario = source.load()
    _check_faction(scenario, args.faction, playable_only=False)
    if args.difficulty is not None and args.faction is None:
        raise UsageError("--difficulty sets how the rivals of a seat play; give --faction ID")
    if args.save is not None and (args.runs != 1 or args.matrix):
        raise UsageError("--save keeps one game; use it with --runs 1")
    if args.matrix and (args.faction or args.difficulty or args.profile):
        raise UsageError(
            "--matrix plays its own seats and profiles; drop --faction, --difficulty and --profile"
        )
    if args.report is not None and args.report.suffix.lower() not in (".md", ".html", ".htm"):
        raise UsageError("--report FILE must end in .md (Markdown) or .html")
    rules = Rules(scenario)
    profiles = seat_profiles(rules, args.faction, args.difficulty, args.profile)
    seed = args.seed if args.seed is not None else secrets.randbelow(2**31)
    if args.runs == 1 and not args.matrix:
        _simulate_one(args, rules, seed, profiles)
        if args.report is None:
            return EXIT_OK
    if args.matrix:
        plans = matrix(rules, seed, args.runs)
    else:
        plans = [Plan(seed, args.runs, args.faction, profiles, args.difficulty)]
    games = sum(p.runs for p in plans)
    jobs = args.jobs or (default_jobs() if games >= FEW_GAMES else 1)
    with progress_bar(games) as done:
        results = run_plans(rules, source, plans, jobs, done)
    tallies = [Tally(rules, plan, games) for plan, games in zip(plans, results, strict=True)]
    if args.report is not None:
        from game.lab.report import write_report

        try:
            write_report(args.report, tallies)
        except OSError as failed:
            print(f"dual-power: cannot write {args.report}: {failed.strerror}", file=sys.stderr)
            return EXIT_BAD_INPUT
    if args.runs == 1 and not args.matrix:
        return EXIT_OK  # the game is told already
    if args.json:
        if args.matrix:
            shown: object = {
                "configurations": [{"label": t.plan.label, **t.to_json()} for t in tallies]
            }
        else:
            shown = tallies[0].to_json()
        print(json.dumps(shown, indent=2))
    else:
        for tally in tallies:
            _print_tally(tally)
    if args.report is not None:
        print(f"Report written to {args.report}", file=sys.stderr)
    return EXIT_OK


def _simulate_one(
    args: argparse.Namespace, rules: Rules, seed: int, profiles: dict[str, str]
) -> None:
    """One game, told with its state hash, and saved with --save."""
    from game.session import Session

    session = Session(rules, seed, player=args.faction, profiles=profiles)
    state = session.run()
    ending = rules.model.endings[state.ending]
    last = {
        "seed": seed,
        "ending": ending.id,
        "title": ending.title,
        "turns": len(session.records),
        "state_hash": state.digest(),
        "winners": list(ending.winners),
    }
    if args.json:
        print(json.dumps(last, indent=2))
    else:
        print(f"Seed {seed}: {ending.title} ({ending.id}) after {last['turns']} turns")
        print(f"Final state hash: {last['state_hash']}")
    if args.save is not None:
        # Saved after the result is told: a path that cannot be written costs the save, not
        # the game's result.
        sys.stdout.flush()
        _write_save(args.save, session)


def _write_save(path: Path, session: Session) -> None:
    """Write a game's save to a path given on the command line; SaveError when it cannot."""
    from game.saves.atomic import atomic_write
    from game.saves.format import document, dump
    from game.saves.store import now_utc

    data = dump(document(session, now_utc()))
    try:
        atomic_write(path, data)
    except OSError as failed:
        raise SaveError(
            f"{path}: cannot write the save ({failed.strerror or failed}); nothing was written"
        ) from None


def _print_tally(tally: Tally) -> None:
    rules, plan, runs = tally.rules, tally.plan, tally.runs
    if plan.label:
        print(f"== {plan.label}")
    print(f"{runs} games, seeds {plan.first_seed} to {plan.first_seed + runs - 1}:")
    for ending in rules.model.endings:
        count = tally.endings[ending.id]
        print(f"  {ending.title:<40} {count:>6}  {100 * count / runs:5.1f}%")
    print("Wins by faction: " + ", ".join(f"{f} {tally.wins[f]}" for f in rules.faction_ids))
    lengths = tally.lengths
    print(
        f"Mean length: {round(sum(lengths) / runs, 2)} turns "
        f"(shortest {min(lengths)}, longest {max(lengths)})"
    )
    if tally.seat_rate is not None:
        level = f" at {plan.difficulty}" if plan.difficulty else ""
        print(f"The {plan.seat} seat{level} won {100 * tally.seat_rate:.1f}% of the games")
    never = sum(len(ids) for ids in tally.never().values())
    blocked = sum(tally.blocked.values())
    print(
        f"Never happened: {never} ids (see --json or --report); "
        f"blocked orders: {blocked} of {sum(tally.ordered.values())}"
    )


def cmd_replay(args: argparse.Namespace) -> int:
    from game.paths import scenarios_dir
    from game.saves.replay import Divergence, disk_note, read_save, rebuild_rules, verify
    from game.saves.show import turn_json, turn_lines

    doc, _, save = read_save(args.file)
    rules = rebuild_rules(doc, save, str(args.file))
    # A plain check says one line; the note is for someone watching the game.
    note = None if args.verify else disk_note(save, scenarios_dir())
    if note:
        print(note, file=sys.stderr)
    try:
        loaded = verify(save, rules, str(args.file), to_turn=args.to_turn)
    except Divergence as differs:
        if not args.json:
            raise
        # The one-line reason names a few differences; JSON carries them all.
        report = {
            "file": str(args.file),
            "verified": False,
            "error": str(differs),
            "turn": differs.turn,
            "differences": differs.detail,
        }
        print(json.dumps(report, indent=2))
        return EXIT_BAD_INPUT
    turns = loaded.turns
    # A save's own scenario may break the telling as it could the replay: one line, then.
    with guarded(str(args.file), "cannot be shown"):
        final = loaded.states[-1]
        ending = rules.model.endings[final.ending].id if final.over else None
        telling = range(0 if args.verify else turns)
        told_json = [turn_json(loaded, n) for n in telling] if args.json else []
        lines = [] if args.json else [x for n in telling for x in turn_lines(loaded, n)]
    if args.verify:
        if args.json:
            print(
                json.dumps(
                    {"file": str(args.file), "verified": True, "turns": turns, "ending": ending}
                )
            )
        else:
            print(
                f"{args.file}: verified, {turns} turns match"
                + (f", ending {ending}" if ending else "")
            )
        return EXIT_OK
    if args.json:
        print(json.dumps({"file": str(args.file), "turns": told_json}, indent=2))
        return EXIT_OK
    m = rules.model
    who = save.player or "no one (all AI)"
    print(f"{m.scenario.title}: seed {save.seed}, player {who}, {turns} turns")
    for line in lines:
        print(line)
    print(f"Verified: all {turns} turns match their recorded hashes.")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from game.scenario.jsonschema import editor_schema, mod_schema

    text = json.dumps(mod_schema() if args.mod else editor_schema(), indent=2)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    return EXIT_OK
