"""Plans of AI games, played in this process or across worker processes.

Each game is decided by its seed alone (`Session(rules, seed, player, profiles)`),
so the games are cut into chunks of consecutive seeds, played wherever, and put
back in seed order: the summaries are the same for any number of jobs.

Workers are started with "spawn" (a fresh interpreter; nothing of the parent's
threads, such as the progress bar's, is copied half-way) and are given the
scenario folder, not its objects: each loads its Rules once and keeps them.
They ignore Ctrl-C; the parent stops them, so an interrupt leaves no tracebacks
from the workers, only the parent's KeyboardInterrupt for the command line to report.
"""

from __future__ import annotations

import gc
import math
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from game.engine.rules import Rules
from game.lab.summary import GameSummary, play
from game.scenario.loader import Source, load_scenario

# A chunk stays small enough for the progress bar to move often and for the last
# chunks not to leave one worker busy while the others wait.
MAX_CHUNK = 10


@dataclass(frozen=True)
class Plan:
    """Games to play: `runs` seeds from `first_seed`, with a seat and AI profiles."""

    first_seed: int
    runs: int
    seat: str | None = None  # the faction in the player's seat (played by the AI), if any
    profiles: Mapping[str, str] = field(default_factory=dict)
    difficulty: str | None = None  # how the profiles were chosen, for the report
    label: str = ""  # names the plan in a report of several
    # Note which parts of the events' conditions held while they waited (`check` asks it).
    watch: bool = False

    @property
    def seeds(self) -> range:
        return range(self.first_seed, self.first_seed + self.runs)


Progress = Callable[[int], None]  # told how many more games are done


def default_jobs() -> int:
    return os.cpu_count() or 1


def run_plans(
    rules: Rules,
    folder: str | Path | Source,
    plans: Sequence[Plan],
    jobs: int,
    progress: Progress | None = None,
) -> list[list[GameSummary]]:
    """Every plan's games, each plan's in seed order.

    `rules` must be `Rules(load_scenario(folder))` (or of `folder.load()` for a scenario
    with mods): this process plays with it when `jobs` is 1, the workers load their own.
    """
    done = progress or (lambda _: None)
    chunks = list(_chunks(plans, jobs))
    if jobs <= 1 or len(chunks) <= 1:
        results = []
        with _fewer_collections():
            for chunk in chunks:
                results.append(_play_chunk_with(rules, chunk))
                done(len(chunk[3]))
    else:
        where = folder if isinstance(folder, Source) else str(folder)
        results = _in_workers(where, chunks, min(jobs, len(chunks)), done)
    out: list[list[GameSummary]] = [[] for _ in plans]
    for (index, *_), summaries in sorted(zip(chunks, results, strict=True), key=_chunk_order):
        out[index].extend(summaries)
    return out


# A chunk: (plan index, seat, profiles as pairs, seeds, watch), plain enough to pickle cheaply.
Chunk = tuple[int, str | None, tuple[tuple[str, str], ...], range, bool]


def _chunks(plans: Sequence[Plan], jobs: int) -> Iterator[Chunk]:
    for index, plan in enumerate(plans):
        size = max(1, min(MAX_CHUNK, math.ceil(plan.runs / (4 * max(1, jobs)))))
        profiles = tuple(sorted(plan.profiles.items()))
        for start in range(0, plan.runs, size):
            yield index, plan.seat, profiles, plan.seeds[start : start + size], plan.watch


def _chunk_order(pair: tuple[Chunk, list[GameSummary]]) -> tuple[int, int]:
    chunk = pair[0]
    return chunk[0], chunk[3].start


def _play_chunk_with(rules: Rules, chunk: Chunk) -> list[GameSummary]:
    _, seat, profiles, seeds, watch = chunk
    return [play(rules, seed, seat, dict(profiles), watch=watch) for seed in seeds]


# A game makes tens of thousands of short-lived containers, which set off the collector's
# youngest generation every 700 or so; it finds almost no cycles among them. Looking
# every 10,000 costs the games about 3% less time, and keeps a little garbage longer.
GAME_GC_THRESHOLDS = (10_000, 50, 100)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """The collector's thresholds for playing many games, then back as they were."""
    before = gc.get_threshold()
    gc.set_threshold(*GAME_GC_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*before)


# -- the workers --------------------------------------------------------------------------

_worker_rules: dict[str | Source, Rules] = {}


def _start_worker(folder: str | Source) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    loaded = folder.load() if isinstance(folder, Source) else load_scenario(folder)
    _worker_rules[folder] = Rules(loaded)
    # The rules and the modules live as long as the worker: kept out of the collector's
    # sight, its collections walk only what the games make, and it looks less often.
    gc.freeze()
    gc.set_threshold(*GAME_GC_THRESHOLDS)


def _work(job: tuple[str | Source, Chunk]) -> tuple[Chunk, list[GameSummary]]:
    folder, chunk = job
    return chunk, _play_chunk_with(_worker_rules[folder], chunk)


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Ctrl-C ignored while workers start: they inherit it, and so never raise
    KeyboardInterrupt while still importing, before their initializer runs."""
    try:
        before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    except ValueError:  # not the main thread: signals are not ours to change
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, before)


def _in_workers(
    folder: str | Source, chunks: list[Chunk], jobs: int, done: Progress
) -> list[list[GameSummary]]:
    context = multiprocessing.get_context("spawn")
    with _sigint_ignored():
        pool = context.Pool(jobs, initializer=_start_worker, initargs=(folder,))
    by_chunk: dict[tuple[int, int], list[GameSummary]] = {}
    # The context manager terminates the pool: on Ctrl-C the workers stop at once.
    with pool:
        for chunk, summaries in pool.imap_unordered(_work, [(folder, c) for c in chunks]):
            by_chunk[(chunk[0], chunk[3].start)] = summaries
            done(len(summaries))
    return [by_chunk[(c[0], c[3].start)] for c in chunks]


# -- the progress bar ---------------------------------------------------------------------


@contextmanager
def progress_bar(total: int, stream: TextIO | None = None) -> Iterator[Progress]:
    """A progress bar on `stream` (stderr) while games are played, only when it is a
    terminal: piped or captured output gets no bar, not even its control codes."""
    out = stream if stream is not None else sys.stderr
    if not out.isatty():
        yield lambda _: None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from game.terminal import raw_stream

    bar = Progress(
        TextColumn("games"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        # The bar's own escape codes go to the terminal itself, not through the cleaning
        # that stands between it and a scenario's words.
        console=Console(file=raw_stream(out)),
        transient=True,
    )
    task = bar.add_task("games", total=total)
    with bar:
        yield lambda n: bar.advance(task, n)


# -- several plans at once ---------------------------------------------------------------


def matrix(rules: Rules, first_seed: int, runs: int) -> list[Plan]:
    """The plans of `simulate --matrix`, all on the same seeds so that they compare
    game for game: every faction its own profile with no seat; each playable seat at
    each difficulty; every faction playing one profile, for each profile."""
    from game.session import stand_in_profiles

    m = rules.model
    plans = [Plan(first_seed, runs, label="All AI, every faction its own profile")]
    for faction in m.factions:
        if not faction.playable:
            continue
        for level in m.difficulties:
            plans.append(
                Plan(
                    first_seed,
                    runs,
                    faction.id,
                    stand_in_profiles(rules, level.id, faction.id),
                    level.id,
                    f"{faction.name} seat, {level.name}",
                )
            )
    for profile in m.ai_profiles:
        plans.append(
            Plan(
                first_seed,
                runs,
                profiles={f.id: profile.id for f in m.factions},
                label=f"All AI, every faction {profile.name}",
            )
        )
    return plans
