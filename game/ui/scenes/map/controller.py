"""The map's keys and mouse: what each press, click, wheel turn and drag does.

Every rule of playing (what may be queued, ending a turn, saving, undo) is the play
layer's (`game.play.Game`); this turns the player's intent into calls on it and keeps
the screen's own state: the chosen row, target mode, the lists' scroll positions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pygame
import pygame_gui

from game.describe import turn_heading
from game.engine.rules import ActionRule
from game.play import PlayError
from game.ui.mapview import OVERLAYS, Overlay
from game.ui.scene import POP, Transition, push, replace
from game.ui.scenes import saveload
from game.ui.scenes.briefing import danger_card, report_card, roads_card
from game.ui.scenes.map.scroll import ScrollList
from game.ui.scenes.map.targets import Targeting

if TYPE_CHECKING:
    from game.ui.scenes.map.scene import MapScene

OVERLAY_KEYS = {pygame.K_1: 0, pygame.K_2: 1, pygame.K_3: 2}
NEXT_KEYS = (pygame.K_TAB, pygame.K_DOWN)
PREV_KEYS = (pygame.K_UP,)
ENTER_KEYS = (pygame.K_RETURN, pygame.K_KP_ENTER)
REMOVE_KEYS = (pygame.K_DELETE, pygame.K_BACKSPACE)


class MapControl:
    """The map scene's handling of input; it changes the scene and asks the game."""

    def __init__(self, scene: MapScene) -> None:
        self.scene = scene

    # -- events ---------------------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> Transition | None:
        s = self.scene
        if event.type == pygame_gui.UI_BUTTON_PRESSED:
            if event.ui_element is s.end_turn:
                return self.end_turn_pressed()
            if event.ui_element in s.overlay_buttons:
                self.set_overlay(OVERLAYS[s.overlay_buttons.index(event.ui_element)])
            elif event.ui_element in s.page_buttons:
                return self.open_page(s.page_codes[s.page_buttons.index(event.ui_element)])
        elif event.type == pygame.MOUSEMOTION:
            if any(lst.drag(event.pos) for lst in s.scroll_lists()):
                s.layout_hit_areas(s.app.size)
                s.dirty = True
            self.hover_at(event.pos)
        elif event.type == pygame.MOUSEWHEEL:
            self.wheel(int(getattr(event, "y", 0)))
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            self.click_at(event.pos)
        elif event.type == pygame.MOUSEBUTTONUP and event.button == 1:
            for lst in s.scroll_lists():
                lst.release()
            s.dirty = True
        elif event.type == pygame.KEYDOWN:
            if event.key == pygame.K_r and getattr(event, "mod", 0) & pygame.KMOD_CTRL:
                return self.reload()
            if s.targeting is not None:
                return self.target_key(event.key)
            return self.key(event)
        return None

    def reload(self) -> Transition | None:
        """Ctrl+R: read the scenario's files again and replay the game under them."""
        from game.ui.scenes.reloading import reload_map

        s = self.scene
        if s.targeting is not None:
            self.leave_targeting()
        s.focus = None
        return reload_map(s)

    def key(self, event: pygame.event.Event) -> Transition | None:
        s = self.scene
        mod = getattr(event, "mod", 0)
        code = event.key
        if code in ENTER_KEYS:
            if s.focus is not None:
                self.choose_action(s.focus)
                return None
            return self.end_turn_pressed()
        if code in NEXT_KEYS or code in PREV_KEYS:
            step = -1 if code in PREV_KEYS or mod & pygame.KMOD_SHIFT else 1
            if s.rows:
                start = -1 if s.focus is None and step > 0 else (s.focus or 0)
                s.focus = (start + step) % len(s.rows)
                s.layout_hit_areas(s.app.size)
                s.dirty = True
        elif code in REMOVE_KEYS:
            self.remove_order(len(s.book.queued) - 1)
        elif code == pygame.K_ESCAPE:
            if s.focus is None:
                from game.ui.scenes.map.confirm import LeaveScene

                return push(LeaveScene(s))
            s.focus = None
            s.dirty = True
        elif code in OVERLAY_KEYS:
            self.set_overlay(OVERLAYS[OVERLAY_KEYS[code]])
        elif code == pygame.K_F5:
            s.status = self.attempt(s.game.quicksave)
        elif code == pygame.K_F9:
            return self.quickload()
        elif code == pygame.K_z and mod & pygame.KMOD_CTRL:
            s.status = self.attempt(s.game.undo)
            # The queued orders and choices belonged to the turn undone: the game forgot them.
            self.leave_targeting()
            s.focus = None
            s.refresh()
        elif code in PAGES:
            return PAGES[code](s)
        elif code == pygame.K_f:
            o = s.overlay
            s.overlay = Overlay("support", (o.faction + 1) % s.rules.n_factions, o.group)
            s.mark_overlay()
        elif code == pygame.K_g:
            groups, group = len(s.rules.model.groups), s.overlay.group
            nxt = 0 if group is None else (None if group + 1 >= groups else group + 1)
            kind = s.overlay.kind if s.overlay.kind != "control" else "support"
            s.overlay = Overlay(kind, s.overlay.faction, nxt)
            s.mark_overlay()
        return None

    def quickload(self) -> Transition | None:
        from game.ui.scenes.map.scene import MapScene

        s = self.scene
        try:
            loaded = s.game.quickload()
        except PlayError as refused:
            s.status = str(refused)
            s.dirty = True
            return None
        scene = MapScene(loaded, decisions_first=True)
        scene.status = (
            f"Loaded the quicksave: {turn_heading(s.rules, loaded.state)}; "
            f"all {loaded.turns_played} turns replayed and verified."
        )
        return replace(scene)

    def target_key(self, code: int) -> Transition | None:
        s = self.scene
        t = s.targeting
        assert t is not None
        if code == pygame.K_ESCAPE:
            self.leave_targeting()
            s.status = ""
        elif code in ENTER_KEYS:
            self.target_enter()
        elif code in NEXT_KEYS:
            self.target_focus_step(1)
        elif code in PREV_KEYS:
            self.target_focus_step(-1)
        elif code in (pygame.K_LEFT, pygame.K_RIGHT) and t.group is not None:
            groups = s.target_groups()
            if groups:
                at = groups.index(t.group) if t.group in groups else 0
                step = 1 if code == pygame.K_RIGHT else -1
                self.set_target_group(groups[(at + step) % len(groups)])
        if s._app is not None:
            s.layout_hit_areas(s.app.size)
        return None

    # -- the mouse ------------------------------------------------------------------------

    def wheel(self, notches: int) -> None:
        s = self.scene
        for lst in s.scroll_lists():
            if lst.wheel(s.mouse, notches):
                s.layout_hit_areas(s.app.size)
                self.hover_at(s.mouse)
                s.dirty = True
                return

    def hover_at(self, pos: tuple[int, int]) -> None:
        s = self.scene
        s.mouse = pos
        area = s.map_rect(s.app.size)
        region = site = unit = None
        if area.collidepoint(pos):
            region = s.view.region_at((pos[0] - area.left, pos[1] - area.top))
            site = s.site_at(pos)
            unit = s.unit_at(pos)
        track = next((i for i, r in enumerate(s.track_rects) if r.collidepoint(pos)), None)
        rects = s.target_rects if s.targeting is not None else s.row_rects
        row = next((i for i, r in enumerate(rects) if r.collidepoint(pos)), None)
        queued = next((i for i, r in enumerate(s.queued_rects) if r.collidepoint(pos)), None)
        means = next((i for i, r in enumerate(s.resource_rects) if r.collidepoint(pos)), None)
        now = (region, site, unit, track, row, queued, means)
        was = (
            s.hover,
            s.hover_site,
            s.hover_unit,
            s.hover_track,
            s.hover_row,
            s.hover_queued,
            s.hover_resource,
        )
        if now != was:
            (
                s.hover,
                s.hover_site,
                s.hover_unit,
                s.hover_track,
                s.hover_row,
                s.hover_queued,
                s.hover_resource,
            ) = now
            s.dirty = True
        elif any(v is not None for v in now):
            s.dirty = True  # a tooltip follows the mouse

    def click_at(self, pos: tuple[int, int]) -> None:
        s = self.scene
        s.mouse = pos
        if any(lst.press(pos) for lst in s.scroll_lists()):
            s.layout_hit_areas(s.app.size)
            s.dirty = True
            return
        for i, rect in enumerate(s.remove_rects):
            if rect.collidepoint(pos):
                self.remove_order(i)
                s.layout_hit_areas(s.app.size)
                return
        t = s.targeting
        if t is None:
            for i, rect in enumerate(s.row_rects):
                if rect.collidepoint(pos):
                    self.choose_action(i)
                    s.layout_hit_areas(s.app.size)
                    return
            return
        for g, rect in s.group_rects:
            if rect.collidepoint(pos):
                self.set_target_group(g)
                s.layout_hit_areas(s.app.size)
                return
        for i, rect in enumerate(s.target_rects):
            if rect.collidepoint(pos):
                self.queue(t.action, s.open_list_targets()[i])
                s.layout_hit_areas(s.app.size)
                return
        area = s.map_rect(s.app.size)
        if t.on_map and area.collidepoint(pos):
            region = s.view.region_at((pos[0] - area.left, pos[1] - area.top))
            if region is None:
                return
            candidate, problem = s.region_target(region)
            name = s.view.names[region]
            if candidate is None:
                s.status = f"{name} is not a target of {t.action.spec.name}."
            elif problem is not None:
                s.status = f"{name} is closed: {problem}"
            else:
                self.queue(t.action, candidate)
            s.layout_hit_areas(s.app.size)
            s.dirty = True

    # -- what the player does -------------------------------------------------------------

    def choose_action(self, index: int) -> None:
        """Take an action row: queue it at once, or enter target mode, or say why not."""
        s = self.scene
        row = s.rows[index]
        if row.reason is not None:
            s.status = f"{row.name} is closed: {row.reason}"
            s.dirty = True
            return
        action = row.action
        if action.spec.target == "none":
            self.queue(action, 0)
            return
        s.targeting = Targeting(action)
        s.target_scroll, s.effects_scroll = ScrollList(), ScrollList()
        s.hover_row = None
        if action.spec.target == "group_region":
            groups = s.target_groups()
            wanted = s.overlay.group
            self.set_target_group(wanted if wanted in groups else groups[0])
        s.status = f"{action.spec.name}: choose a target."
        s.dirty = True

    def set_target_group(self, group: int) -> None:
        s = self.scene
        t = s.targeting
        if t is None:
            return
        t.group, t.focus = group, 0
        if s.overlay_before is None:
            s.overlay_before = s.overlay
        s.overlay = Overlay("support", s.me, group)
        s.mark_overlay()

    def leave_targeting(self) -> None:
        s = self.scene
        s.targeting = None
        if s.overlay_before is not None:
            s.overlay, s.overlay_before = s.overlay_before, None
            s.mark_overlay()
        s.dirty = True

    def queue(self, action: ActionRule, candidate: int) -> bool:
        s = self.scene
        queued, s.status = s.game.queue_said(action, candidate)
        if queued:
            self.leave_targeting()
            if len(s.book.queued) >= s.book.limit:
                s.focus = None  # Enter ends the turn again
        s.refresh()
        return queued

    def remove_order(self, index: int) -> None:
        s = self.scene
        if not 0 <= index < len(s.book.queued):
            return
        label = s.game.take_back(index)
        s.status = f"Taken back: {label}."
        s.refresh()

    def target_focus_step(self, step: int) -> None:
        s = self.scene
        t = s.targeting
        if t is None:
            return
        count = len(s.open_regions()) if t.on_map else len(s.open_list_targets())
        if count:
            t.focus = (t.focus + step) % count
        s.dirty = True

    def target_enter(self) -> None:
        s = self.scene
        t = s.targeting
        if t is None:
            return
        if t.on_map:
            regions = s.open_regions()
            if regions:
                candidate = s.region_candidates()[regions[t.focus % len(regions)]]
                self.queue(t.action, candidate)
        else:
            targets = s.open_list_targets()
            if targets:
                self.queue(t.action, targets[t.focus % len(targets)])

    def set_overlay(self, kind: str) -> None:
        s = self.scene
        if kind in OVERLAYS:
            s.overlay = Overlay(kind, s.overlay.faction, s.overlay.group)
        s.mark_overlay()

    def open_page(self, code: int) -> Transition | None:
        """What a page button does: the same as its key, from wherever the player was."""
        s = self.scene
        if s.targeting is not None:
            self.leave_targeting()
        s.focus = None
        if code == pygame.K_F1:
            from game.ui.scenes.keys import KeysScene

            return push(KeysScene(s))
        return self.key(pygame.event.Event(pygame.KEYDOWN, key=code, mod=0, unicode=""))

    def attempt(self, act: Callable[[], str]) -> str:
        """What a save, load or undo of the play layer says, done or refused."""
        self.scene.dirty = True
        try:
            return act()
        except PlayError as refused:
            return str(refused)

    def end_turn_pressed(self, *, confirmed: bool = False) -> Transition | None:
        """Decide the events first, and hear any warning of an ending against the player;
        then play the turn, show its report, and open the next turn's events."""
        s = self.scene
        if s.targeting is not None:
            self.leave_targeting()
        ended = s.game.end_turn(confirmed=confirmed)
        if ended.waiting is not None:
            return push(s.card(ended.waiting))
        if ended.dangers:
            return push(danger_card(ended.dangers, self.end_turn_anyway))
        s.status = ended.autosave or ended.message
        if ended.played:
            s.focus = None
            s.news_scroll.first = 0  # a new week's news, read from its start
        s.refresh()
        if s._app is not None:
            s.layout_hit_areas(s.app.size)
        if s.session.over:
            # Imported here: the ending scene leads back to a new game, which leads here.
            from game.ui.scenes.ending import EndingScene

            return replace(EndingScene(s.session))
        if ended.report is not None:
            return push(report_card(ended.report, self.after_report))
        following = s.next_event()
        return push(following) if following is not None else None

    def end_turn_anyway(self) -> Transition | None:
        """The warning's "End the turn anyway": the card goes, and the turn is played."""
        self.scene.app.pop()
        return self.end_turn_pressed(confirmed=True)

    def after_report(self) -> Transition:
        """The report read: the next turn's first event in its place, or the map."""
        following = self.scene.next_event()
        return replace(following) if following is not None else POP

    def choose(self, event_id: str, choice_id: str) -> Transition:
        """Keep the player's choice for the turn's orders; show the next event, or the map."""
        s = self.scene
        s.status = self.attempt(lambda: s.game.choose(event_id, choice_id))
        following = s.next_event()
        return replace(following) if following is not None else POP


def _save_page(s: MapScene) -> Transition:
    return push(saveload.SaveLoadScene(s.session, s.store, "save"))


def _charts(s: MapScene) -> Transition:
    from game.ui.scenes.charts import ChartsScene

    return push(ChartsScene(s.session))


def _journal(s: MapScene) -> Transition:
    from game.ui.scenes.journal import JournalScene

    return push(JournalScene(s.session, s.game.report))


def _endings(s: MapScene) -> Transition:
    return push(roads_card(s.game.roads()))


def _codex(s: MapScene) -> Transition:
    from game.ui.scenes.codex import CodexScene

    return push(CodexScene(s.rules.scenario))


PAGES: dict[int, Callable[[MapScene], Transition]] = {
    pygame.K_s: _save_page,
    pygame.K_h: _charts,
    pygame.K_j: _journal,
    pygame.K_e: _endings,
    pygame.K_c: _codex,
}
