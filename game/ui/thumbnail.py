"""A save's map in small, for its slot on the save and load screen.

`thumbnail(path, (w, h))` is the map of the save's last turn, shaded by the player's
support (or, in an all-AI game, by who controls each district); None when the file
does not load. The save is read the quick way (`load(path, verify=False)`: the last
turn comes from its snapshot, nothing is replayed), and pictures are kept by (file,
modification time, size), so a list redrawn every frame costs a stat and a dictionary
look-up a slot. A file written again (a new autosave) gets a new picture.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import Any

import pygame

from game.engine.rules import Rules
from game.engine.state import NO_ONE, State
from game.ui import theme
from game.ui.mapview import MapView, Overlay

CACHED = 32  # pictures kept: a load screen's page of saves, at a size or two
GAMES = 12  # last turns kept, so that a new size (the window resized) does not read again
DRAWN_WIDTH = 640  # the map is drawn this wide, then shrunk to the slot
VIEWS = 4  # map views kept, one per scenario (by content hash): they hold the shapes

_Key = tuple[str, int, int, tuple[int, int], float]
_FileKey = tuple[str, int, int]
_pictures: OrderedDict[_Key, pygame.Surface | None] = OrderedDict()
_views: OrderedDict[str, MapView] = OrderedDict()
_games: OrderedDict[_FileKey, tuple[Rules, State] | None] = OrderedDict()


def _key(path: Path, size: tuple[int, int]) -> _Key | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    # The text size is in the key: the districts' labels are drawn in the game's fonts.
    return (str(path.resolve()), stat.st_mtime_ns, stat.st_size, size, theme.text_scale())


def ready(path: Path, size: tuple[int, int]) -> bool:
    """Whether `thumbnail(path, size)` would answer at once (from the cache, or because the
    file is gone): a screen can draw the ready ones and make one missing picture a frame."""
    key = _key(path, size)
    return key is None or key in _pictures


def thumbnail(path: Path, size: tuple[int, int]) -> pygame.Surface | None:
    """The map of the save's last turn at `size`, or None if the file does not load.

    The surface is shared with later calls: blit it, do not draw on it. A first call
    for a file reads the whole save (0.1-0.2 s); later ones are a look-up.
    """
    key = _key(path, size)
    if key is None:
        return None
    if key in _pictures:
        _pictures.move_to_end(key)
        return _pictures[key]
    picture = _draw(path, key[:3], size)
    _remember(_pictures, key, picture, CACHED)
    return picture


def _remember(cache: OrderedDict[Any, Any], key: Any, value: Any, most: int) -> None:
    cache[key] = value
    cache.move_to_end(key)
    while len(cache) > most:
        cache.popitem(last=False)


def _draw(path: Path, file: _FileKey, size: tuple[int, int]) -> pygame.Surface | None:
    if file in _games:
        game = _games[file]
        _games.move_to_end(file)
    else:
        try:
            game = _last_turn(path)
        except Exception:  # a save that does not load (or a hostile one) just has no picture
            game = None
        _remember(_games, file, game, GAMES)
    if game is None:
        return None
    rules, state = game
    try:
        # Drawn at a readable size and shrunk: the map's labels, legend and markers are
        # sized for a screen, and at a slot's size they would crowd out the districts.
        k = max(1.0, DRAWN_WIDTH / max(1, size[0]))
        drawn = (round(size[0] * k), round(size[1] * k))
        picture = _view(rules).render(drawn, state, _overlay(state))
        return pygame.transform.smoothscale(picture, size)
    except Exception:  # a state the map cannot draw (a hostile file): no picture either
        return None


def _last_turn(path: Path) -> tuple[Rules, State]:
    """What `load(path, verify=False)` gives, the last turn's state; but the rules of a
    scenario already seen are reused, not rebuilt (a third of the cost): a load screen's
    saves are mostly of one scenario. A file whose scenario was altered under its recorded
    hash would be drawn with the real scenario's map, which is harmless for a picture; its
    states are still checked against their turns' hashes."""
    from game.saves.replay import open_save, read_save, rebuild_rules

    name = str(path)
    doc, _, save = read_save(path)
    # A view holds its scenario's rules; the views are kept by the recorded content hash.
    seen = _views.get(save.content_hash)
    rules = seen.rules if seen is not None else rebuild_rules(doc, save, name)
    loaded = open_save(save, rules, name, verify=False)  # an old save (no snapshots): replayed
    return rules, loaded.seek(loaded.turns)


def _overlay(state: State) -> Overlay:
    """The player's support, as their map opens; control when no one is seated."""
    if state.player != NO_ONE:
        return Overlay("support", state.player, None)
    return Overlay("control", 0, None)


def _view(rules: Rules) -> MapView:
    """One map view per scenario: its shapes and labels are worked out once."""
    key = rules.scenario.content_hash  # as recorded in its saves
    view = _views.get(key) or MapView(rules)
    _remember(_views, key, view, VIEWS)
    return view


def clear_pictures() -> None:
    """Forget the pictures and the games read, but not the scenarios' rules and map views."""
    _pictures.clear()
    _games.clear()


def clear() -> None:
    """Forget every picture and map view (tests; or to free their memory)."""
    _pictures.clear()
    _views.clear()
    _games.clear()
