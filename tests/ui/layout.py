"""Layout checks for any scene: every text drawn with the game's fonts, where, and what hides it.

The scenes draw their words with `theme.font(...)` fonts and `surface.blit`, the widgets
with pygame_gui. While `recording()` is on, every font of the game is a `NotingFont`,
which notes each image it renders, and `draw(app)` draws the window onto a `Canvas`,
which notes where each such image is blitted and the clip in force. The result, a
`Frame`, says what a player would see wrong:

- a text outside the window, or cut short with an ellipsis ("…");
- a text partly hidden by its clip, unless the wheel brings it into full view
  (`scroll_through` turns the wheel over the clipped area and collects the frames;
  `never_whole` lists what never showed whole);
- two texts over each other, or a text under a widget;
- a widget outside the window, over another widget, or whose label is wider than it.

Usage (see test_layout.py):

    with recording():                       # before the window: fonts are cached
        app = App(size, settings=DEFAULTS.with_(text_scale=scale))
        app.push(scene)
        frame = draw(app)
        assert frame.problems() == []
        assert never_whole(scroll_through(app, frame.clips()[0])) == []

A text drawn onto another surface first (a cached picture, the map's sheet) is not
seen: only what reaches the window is.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pygame
from pygame_gui.core import UIElement
from pygame_gui.elements import UIButton

from game.ui import text, theme
from game.ui.app import App

ELLIPSES = ("…", "...")
WHEEL_MOST = 400  # notches turned before a scroll is taken to be endless
OVERLAP = 0.3  # the share of the smaller text's height two texts may share (ascenders)


@dataclass
class _Noted:
    images: dict[int, tuple[str, pygame.Surface]] = field(default_factory=dict)


_noted: _Noted | None = None


class NotingFont(theme.SafeFont):
    """A font that notes every text it renders (while `recording()` is on)."""

    def render(  # type: ignore[override]
        self,
        words: str | bytes | None,
        antialias: bool,
        color: Any,
        bgcolor: Any = None,
        wraplength: int = 0,
    ) -> pygame.Surface:
        image = super().render(words, antialias, color, bgcolor, wraplength)
        if _noted is not None and words:
            said = words.decode() if isinstance(words, bytes) else str(words)
            # The image is kept with its words: an id is only unique while its object lives.
            _noted.images[id(image)] = (said, image)
        return image


@dataclass(frozen=True)
class Drawn:
    """One text as drawn: its words, the box the whole image takes, and the clip it met."""

    words: str
    box: pygame.Rect
    clip: pygame.Rect
    scene: str = ""  # the name of the scene that drew it

    @property
    def seen(self) -> pygame.Rect:
        """The part of the box that shows."""
        return self.box.clip(self.clip)

    @property
    def whole(self) -> bool:
        return self.clip.contains(self.box)

    @property
    def hidden(self) -> bool:
        return self.seen.width == 0 or self.seen.height == 0


class Canvas(pygame.Surface):
    """A window-sized surface that notes each noted text blitted onto it."""

    def __init__(self, size: tuple[int, int], flags: int = 0) -> None:
        super().__init__(size, flags)
        self.drawn: list[Drawn] = []
        self.scene = ""  # who is drawing now

    def blit(  # type: ignore[override]
        self,
        source: pygame.Surface,
        dest: Any = (0, 0),
        area: Any = None,
        special_flags: int = 0,
    ) -> pygame.Rect:
        done = super().blit(source, dest, area, special_flags)
        if isinstance(source, Canvas):  # a sheet drawn first: its texts, where it went
            self._take(source, dest)
            return done
        noted = _noted.images.get(id(source)) if _noted is not None else None
        if noted is not None and noted[1] is source:
            at = dest.topleft if isinstance(dest, pygame.Rect) else (int(dest[0]), int(dest[1]))
            size = source.get_size() if area is None else pygame.Rect(area).size
            box = pygame.Rect(at, size)
            self.drawn.append(Drawn(noted[0], box, self.get_clip(), self.scene))
        return done

    def _take(self, sheet: Canvas, dest: Any) -> None:
        at = dest.topleft if isinstance(dest, pygame.Rect) else (int(dest[0]), int(dest[1]))
        clip = self.get_clip()
        for d in sheet.drawn:
            seen = d.clip.move(at).clip(clip)
            self.drawn.append(Drawn(d.words, d.box.move(at), seen, d.scene or self.scene))


@contextlib.contextmanager
def recording() -> Iterator[None]:
    """Make every font of the game a NotingFont until the block ends."""
    global _noted
    old, old_sheet = theme.font_class, theme.sheet_class
    theme.font_class = NotingFont
    theme.sheet_class = Canvas
    theme.font.cache_clear()
    _noted = _Noted()
    try:
        yield
    finally:
        _noted = None
        theme.font_class, theme.sheet_class = old, old_sheet
        theme.font.cache_clear()
        text.fit.cache_clear()


def _visible_widgets(app: App) -> list[tuple[str, UIElement]]:
    return [
        (scene.name, w) for scene in app.stack for w in scene.widgets if w.visible and w.alive()
    ]


@dataclass
class Frame:
    """One drawing of the window: the texts on it and the widgets over them."""

    size: tuple[int, int]
    drawn: list[Drawn]
    widgets: list[tuple[str, UIElement]]  # (the scene's name, a widget that shows)
    picture: pygame.Surface | None = None  # what was drawn (to save as a PNG and look at)

    @property
    def window(self) -> pygame.Rect:
        return pygame.Rect((0, 0), self.size)

    def words(self) -> list[str]:
        """Every text that shows, whole or in part."""
        return [d.words for d in self.drawn if not d.hidden]

    def whole(self) -> list[str]:
        """Every text that shows whole."""
        return [d.words for d in self.drawn if d.whole]

    def clips(self, scenes: Sequence[str] | None = None) -> list[pygame.Rect]:
        """The clips that cut some text (of the named `scenes`, default all): scrolling
        areas, or text cut by its box."""
        cut = [
            d.clip
            for d in self.drawn
            if not d.whole and d.clip != self.window and (scenes is None or d.scene in scenes)
        ]
        return [pygame.Rect(r) for r in dict.fromkeys(tuple(r) for r in cut)]

    def problems(
        self,
        *,
        scenes: Sequence[str] | None = None,
        cuts_allowed: Callable[[str], bool] = lambda words: False,
    ) -> list[str]:
        """What a player would see wrong here, one line each (see the module's notes), in
        what the named `scenes` draw (default: all). Texts cut by a clip are left to
        `reachable`; `cuts_allowed` passes texts that end with an ellipsis by design."""
        out: list[str] = []
        window = self.window
        shown = [
            d
            for d in self.drawn
            if not d.hidden and d.words.strip() and (scenes is None or d.scene in scenes)
        ]
        for d in shown:
            if not window.contains(d.box):
                out.append(f"outside the window {window.size}: {d.words!r} at {tuple(d.box)}")
            if d.words.rstrip().endswith(ELLIPSES) and not cuts_allowed(d.words):
                out.append(f"cut short: {d.words!r}")
        for i, a in enumerate(shown):
            for b in shown[i + 1 :]:
                if _over(a.seen, b.seen):
                    out.append(f"over each other: {a.words!r} and {b.words!r}")
        widgets = [
            w
            for scene, w in self.widgets
            if w.rect.width and w.rect.height and (scenes is None or scene in scenes)
        ]
        for w in widgets:
            name = _name(w)
            if not window.contains(w.rect):
                out.append(f"widget outside the window: {name} at {tuple(w.rect)}")
            if isinstance(w, UIButton) and w.text:
                room = w.rect.width - 2 * max(w.border_width.values()) - 2 * w.shadow_width
                if w.font.size(w.text)[0] > room:
                    out.append(f"label wider than its button: {name} ({w.rect.width} px)")
            for d in shown:
                if _over(d.seen, w.rect):
                    out.append(f"text under a widget: {d.words!r} under {name}")
        for i, a in enumerate(widgets):
            for b in widgets[i + 1 :]:
                if a.rect.colliderect(b.rect) and not (_inside(a, b) or _inside(b, a)):
                    out.append(f"widgets over each other: {_name(a)} and {_name(b)}")
        return out


def _name(widget: UIElement) -> str:
    label = getattr(widget, "text", "") or ""
    return f"{type(widget).__name__}({label!r})" if label else type(widget).__name__


def _inside(part: UIElement, whole: UIElement) -> bool:
    """A widget made of widgets (a text box's scroll bar) holds its parts."""
    return (
        bool(whole.rect.contains(part.rect))
        and part.ui_container is not None
        and (part.ui_container is getattr(whole, "get_container", lambda: None)())
    )


def _over(a: pygame.Rect, b: pygame.Rect) -> bool:
    both = a.clip(b)
    least = max(1, min(a.height, b.height))
    return both.width > 2 and both.height > OVERLAP * least


def draw(app: App) -> Frame:
    """Draw the window once onto a Canvas, as `App.draw` does but noting which scene drew
    what, and return what it shows."""
    canvas = Canvas(app.size)
    app.manager.update(0.0)
    canvas.fill(theme.PAPER)
    first = max((i for i, s in enumerate(app.stack) if s.opaque), default=0)
    for scene in app.stack[first:]:
        canvas.scene = scene.name
        scene.dirty = False
        scene.draw(canvas)
    canvas.scene = ""
    app.manager.draw_ui(canvas)
    return Frame(app.size, list(canvas.drawn), _visible_widgets(app), canvas)


def wheel(down: bool = True) -> pygame.event.Event:
    """One notch of the mouse wheel (down: towards the end)."""
    return pygame.event.Event(
        pygame.MOUSEWHEEL,
        x=0,
        y=-1 if down else 1,
        flipped=False,
        precise_x=0.0,
        precise_y=-1.0 if down else 1.0,
    )


def scroll_through(app: App, area: pygame.Rect, *, most: int = WHEEL_MOST) -> list[Frame]:
    """Point at `area`, turn the wheel up until nothing moves (a page may open scrolled to
    its end), then down until nothing moves; every frame drawn on the way down, the first
    at the top. (Nothing moving means the same texts in the same places: a text repeated
    line after line can look still while it scrolls; tell the lines apart.)"""
    pointer = area.center
    app.feed([pygame.event.Event(pygame.MOUSEMOTION, pos=pointer, rel=(0, 0), buttons=(0, 0, 0))])
    for down in (False, True):
        frames = [draw(app)]
        for _ in range(most):
            app.feed([wheel(down)])
            frames.append(draw(app))
            if _same(frames[-1], frames[-2]):
                break
        else:
            raise AssertionError(f"the wheel over {tuple(area)} found no end in {most} notches")
    return frames


def _same(a: Frame, b: Frame) -> bool:
    return [(d.words, tuple(d.box)) for d in a.drawn] == [(d.words, tuple(d.box)) for d in b.drawn]


def never_whole(frames: Sequence[Frame], area: pygame.Rect | None = None) -> list[str]:
    """Texts (clipped by `area`, or by any clip) that showed in part and never whole."""
    whole: set[str] = set()
    cut: list[str] = []
    for frame in frames:
        for d in frame.drawn:
            if area is not None and d.clip != area:
                continue
            if d.whole:
                whole.add(d.words)
            elif not d.hidden and d.words.strip():
                cut.append(d.words)
    return list(dict.fromkeys(w for w in cut if w not in whole))


def reachable(app: App, frame: Frame, scenes: Sequence[str] | None = None) -> list[str]:
    """For each area that cuts text in `frame` (drawn by the named `scenes`, default all),
    turn the wheel over it to the end; the texts that never showed whole (empty when every
    cut text can be scrolled into view)."""
    out = []
    for area in frame.clips(scenes):
        frames = scroll_through(app, area)
        out += [f"never whole in {tuple(area)}: {w!r}" for w in never_whole(frames, area)]
    return out
