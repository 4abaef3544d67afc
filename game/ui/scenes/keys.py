"""F1: a card over the current screen listing the keys that work there.

The lists are data, by the `name` of the scene below, so a new screen only adds
an entry here; tests/ui/test_keys.py presses every key listed for every screen,
in a state where it applies, and checks that each one does something, so the
card and the code cannot quietly drift apart. The app handles F1 itself (see
`App.global_key`): a second F1 closes the card as Esc and Enter do.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from game.ui import theme
from game.ui.scene import POP, Scene, Transition
from game.ui.text import fit, wrap


@dataclass(frozen=True)
class Key:
    """One line of the card: the keys as printed, what they do, and the codes they stand for."""

    label: str
    does: str
    codes: tuple[int, ...] = ()  # for the tests that press them; empty for the mouse
    mod: int = 0  # a modifier that must be held (Ctrl for undo)
    shifted: tuple[int, ...] = ()  # codes pressed with Shift held (Shift+Tab), for the tests


Section = tuple[str, tuple[Key, ...]]

ENTER = (pygame.K_RETURN, pygame.K_KP_ENTER)
TAB = (pygame.K_TAB,)
DIGITS = tuple(getattr(pygame, f"K_{n}") for n in range(1, 10))

# Keys the app itself answers on every screen. Esc is not among them: each screen says
# what its Esc does (back, quit, let go of an action), and a decision has none.
GLOBAL: tuple[Key, ...] = (
    Key("F1", "Show or hide this list of keys", (pygame.K_F1,)),
    Key("F11", "Fill the screen, or go back to a window", (pygame.K_F11,)),
)

KEYS: dict[str, tuple[Key, ...]] = {
    "title": (
        Key(
            "← →, Tab / Shift+Tab",
            "Move along the menu",
            (pygame.K_LEFT, pygame.K_RIGHT, *TAB),
            shifted=TAB,
        ),
        Key("↑ ↓", "Move up or down the menu", (pygame.K_UP, pygame.K_DOWN)),
        Key("Enter, Space", "Take the chosen item", (*ENTER, pygame.K_SPACE)),
        Key("N", "A new game", (pygame.K_n,)),
        Key("C", "Continue the latest saved game", (pygame.K_c,)),
        Key("L", "Load a saved game", (pygame.K_l,)),
        Key("R", "Watch the replay of a saved game", (pygame.K_r,)),
        Key("S", "Settings", (pygame.K_s,)),
        Key("Q, Esc", "Quit", (pygame.K_q, pygame.K_ESCAPE)),
        Key(
            "PgUp, PgDn",
            "Scroll the introduction (when it is longer than its room)",
            (pygame.K_PAGEUP, pygame.K_PAGEDOWN),
        ),
    ),
    "new-game": (
        Key("Tab / Shift+Tab", "Move between the parts of the page", TAB, shifted=TAB),
        Key(
            "↑ ↓",
            "Choose whom to lead, or how hard; elsewhere, move between the parts",
            (pygame.K_UP, pygame.K_DOWN),
        ),
        Key(
            "← →",
            "Choose how hard; elsewhere, move between the parts (in the seed: the cursor)",
            (pygame.K_LEFT, pygame.K_RIGHT),
        ),
        Key("1, 2, 3 …", "Lead the side with that number (in the seed: type it)", DIGITS),
        Key(
            "I", "Ironman on or off: one save, no loading or undo (not in the seed)", (pygame.K_i,)
        ),
        Key(
            "Enter",
            "Start the game (on Back: go back; on New seed: draw another; on Ironman: switch it)",
            ENTER,
        ),
        Key(
            "Space",
            "Press the chosen button (New seed, Ironman, Back, Start)",
            (pygame.K_SPACE,),
        ),
        Key("Esc", "Back to the title", (pygame.K_ESCAPE,)),
    ),
    "mods": (
        Key(
            "Tab / Shift+Tab",
            "Move between the scenarios, the mods and the buttons",
            TAB,
            shifted=TAB,
        ),
        Key(
            "↑ ↓",
            "Choose a scenario, or go along the mods; on the buttons, move between them",
            (pygame.K_UP, pygame.K_DOWN),
        ),
        Key("← →", "Move between the buttons", (pygame.K_LEFT, pygame.K_RIGHT)),
        Key("Space", "Tick or untick the mod chosen (on a button: press it)", (pygame.K_SPACE,)),
        Key(
            "Ctrl+↑ ↓ (or Alt)",
            "Load the mod chosen earlier or later",
            (pygame.K_UP, pygame.K_DOWN),
            pygame.KMOD_CTRL,
        ),
        Key("Home, End", "The first or the last mod", (pygame.K_HOME, pygame.K_END)),
        Key(
            "PgUp, PgDn",
            "Scroll what is told of the scenario or mod chosen",
            (pygame.K_PAGEUP, pygame.K_PAGEDOWN),
        ),
        Key("Enter", "Continue to the new game (on a button: press it)", ENTER),
        Key("Esc", "Back to the title", (pygame.K_ESCAPE,)),
        Key(
            "Mouse",
            "Click a scenario or a mod, a mod's box to tick it; the wheel scrolls what is under it",
        ),
    ),
    "map": (
        Key("Tab, ↓", "Choose the next action", (pygame.K_TAB, pygame.K_DOWN)),
        Key("↑, Shift+Tab", "Choose the previous action", (pygame.K_UP,), shifted=TAB),
        Key("Enter", "Take the chosen action; with none chosen, end the turn", ENTER),
        Key(
            "Del, Backspace",
            "Take back the last order queued",
            (pygame.K_DELETE, pygame.K_BACKSPACE),
        ),
        Key(
            "1  2  3",
            "Show support, mobilisation or control on the map",
            (pygame.K_1, pygame.K_2, pygame.K_3),
        ),
        Key("F", "Show the next side's support", (pygame.K_f,)),
        Key("G", "Show the next group (then all groups again)", (pygame.K_g,)),
        Key("J", "The journal of the game so far, with every turn's report", (pygame.K_j,)),
        Key("E", "The roads to the endings: how near each one is", (pygame.K_e,)),
        Key("C", "The codex: people, places, rules", (pygame.K_c,)),
        Key("H", "Charts of support and the tracks", (pygame.K_h,)),
        Key("S", "Save or load a game", (pygame.K_s,)),
        Key("F5", "Quicksave", (pygame.K_F5,)),
        Key("F9", "Quickload", (pygame.K_F9,)),
        Key("Ctrl+Z", "Take back your last turn", (pygame.K_z,), pygame.KMOD_CTRL),
        Key(
            "Ctrl+R",
            "Read the scenario's files again and replay the game so far under them",
            (pygame.K_r,),
            pygame.KMOD_CTRL,
        ),
        Key(
            "Esc",
            "Let go of the chosen action; else leave for the title (it asks first)",
            (pygame.K_ESCAPE,),
        ),
        Key(
            "Mouse",
            "Hover anything for its numbers; click an action, then a target; "
            "the wheel or a list's bar scrolls it",
        ),
    ),
    "map-target": (
        Key(
            "↓, Tab / ↑",
            "The next / previous open target",
            (pygame.K_DOWN, pygame.K_TAB, pygame.K_UP),
        ),
        Key("← →", "Another group (actions aimed at a group)", (pygame.K_LEFT, pygame.K_RIGHT)),
        Key("Enter", "Queue the order on the chosen target", ENTER),
        Key("Esc", "Give up choosing a target", (pygame.K_ESCAPE,)),
    ),
    "event": (
        Key("1, 2, 3 …", "Take the choice with that number", DIGITS),
        Key("↑ ↓", "Move between the open choices", (pygame.K_UP, pygame.K_DOWN)),
        Key("Enter", "Take the chosen one", ENTER),
        Key("H", "Show or hide what really happened", (pygame.K_h,)),
    ),
    "journal": (
        Key("↑ ↓, wheel", "Scroll", (pygame.K_UP, pygame.K_DOWN)),
        Key("PgUp, PgDn", "A page up or down", (pygame.K_PAGEUP, pygame.K_PAGEDOWN)),
        Key("Home, End", "The beginning or the latest turn", (pygame.K_HOME, pygame.K_END)),
        Key("Space", "A page down (on Close: close)", (pygame.K_SPACE,)),
        Key("Tab / Shift+Tab", "To the Close button and back", TAB, shifted=TAB),
        Key("Enter", "On Close: close the journal", ENTER),
        Key("Esc, J", "Close the journal", (pygame.K_ESCAPE, pygame.K_j)),
    ),
    "codex": (
        Key(
            "Tab / Shift+Tab",
            "Move between the list, the entry, its See also and Close",
            TAB,
            shifted=TAB,
        ),
        Key(
            "↑ ↓",
            "The previous or next entry (on See also: the name before or after)",
            (pygame.K_UP, pygame.K_DOWN),
        ),
        Key("PgUp, PgDn", "Several entries at once", (pygame.K_PAGEUP, pygame.K_PAGEDOWN)),
        Key("Home, End", "The first or last entry", (pygame.K_HOME, pygame.K_END)),
        Key(
            "← →",
            "The previous or next part of the codex (on See also: the name before or after)",
            (pygame.K_LEFT, pygame.K_RIGHT),
        ),
        Key("1, 2, 3 …", "Open the entry with that number under See also", DIGITS),
        Key(
            "Enter",
            "From the list to the entry, and back (on See also: open the name; on Close: close)",
            ENTER,
        ),
        Key(
            "Space",
            "On See also: open the name chosen; on Close: close the codex",
            (pygame.K_SPACE,),
        ),
        Key("Esc, C", "Close the codex", (pygame.K_ESCAPE, pygame.K_c)),
    ),
    "charts": (
        Key(
            "Tab / Shift+Tab, ↓ ↑",
            "Move round the group row, the side row and Close",
            (*TAB, pygame.K_DOWN, pygame.K_UP),
            shifted=TAB,
        ),
        Key("← →", "Choose within the row", (pygame.K_LEFT, pygame.K_RIGHT)),
        Key(
            "Enter, Space", "The next choice in the row (on Close: close)", (*ENTER, pygame.K_SPACE)
        ),
        Key("1, 2, 3 …", "The group with that number (1: all of them)", DIGITS),
        Key("Esc, H", "Close the charts", (pygame.K_ESCAPE, pygame.K_h)),
    ),
    "ending": (
        Key(
            "Tab / Shift+Tab",
            "Move round the story, the history and the buttons",
            TAB,
            shifted=TAB,
        ),
        Key(
            "← →",
            "From one column to the other, or along the buttons",
            (pygame.K_LEFT, pygame.K_RIGHT),
        ),
        Key(
            "↑ ↓, PgUp, PgDn",
            "Scroll the column (from a button: the story)",
            (pygame.K_UP, pygame.K_DOWN, pygame.K_PAGEUP, pygame.K_PAGEDOWN),
        ),
        Key("Home, End", "The top or the end of the column", (pygame.K_HOME, pygame.K_END)),
        Key("Space", "A page down (on a button: press it)", (pygame.K_SPACE,)),
        Key("Enter", "Press the chosen button", ENTER),
        Key("J, H, N", "The journal, the charts, a new game", (pygame.K_j, pygame.K_h, pygame.K_n)),
        Key(
            "Esc, T",
            "Back to the title (with no title behind the game, Esc quits)",
            (pygame.K_ESCAPE, pygame.K_t),
        ),
        Key("Q", "Quit", (pygame.K_q,)),
    ),
    "saveload": (
        Key("↑ ↓", "Choose a save", (pygame.K_UP, pygame.K_DOWN)),
        Key("PgUp, PgDn", "A page of saves at once", (pygame.K_PAGEUP, pygame.K_PAGEDOWN)),
        Key("Tab", "Between the list and the name box (to save)", TAB),
        Key("Enter", "Load (or watch) the chosen save; in the name box, save", ENTER),
        Key("Home, End", "The first or last save (in the list)", (pygame.K_HOME, pygame.K_END)),
        Key("L", "Load (or watch) the chosen save (in the list)", (pygame.K_l,)),
        Key("Del", "Delete the chosen save, asking first (in the list)", (pygame.K_DELETE,)),
        Key("Y / N", "Answer the question asked (Enter / Esc too)", (pygame.K_y, pygame.K_n)),
        Key("Esc", "Back", (pygame.K_ESCAPE,)),
    ),
    "replay": (
        Key("Space", "Play or pause", (pygame.K_SPACE,)),
        Key("← →", "A turn back or forward", (pygame.K_LEFT, pygame.K_RIGHT)),
        Key("Home, End", "The first or the last turn", (pygame.K_HOME, pygame.K_END)),
        Key(
            "Tab / Shift+Tab, ↑ ↓",
            "Move between the controls",
            (*TAB, pygame.K_UP, pygame.K_DOWN),
            shifted=TAB,
        ),
        Key("Enter", "Press the chosen control", ENTER),
        Key("PgUp, PgDn", "Scroll the side panel", (pygame.K_PAGEUP, pygame.K_PAGEDOWN)),
        Key(
            "1  2  3", "Show support, mobilisation or control", (pygame.K_1, pygame.K_2, pygame.K_3)
        ),
        Key("F", "Show the next side's support", (pygame.K_f,)),
        Key("Esc", "Back", (pygame.K_ESCAPE,)),
    ),
    "settings": (
        Key(
            "↑ ↓, Tab / Shift+Tab",
            "Choose a setting",
            (pygame.K_UP, pygame.K_DOWN, *TAB),
            shifted=TAB,
        ),
        Key("← →", "Change it", (pygame.K_LEFT, pygame.K_RIGHT)),
        Key("Home", "The first setting", (pygame.K_HOME,)),
        Key(
            "Enter, Space",
            "Change the chosen setting, or press the chosen button",
            (*ENTER, pygame.K_SPACE),
        ),
        Key("Esc", "Back", (pygame.K_ESCAPE,)),
    ),
    "error": (
        Key("↑ ↓, wheel", "Scroll the list of problems", (pygame.K_UP, pygame.K_DOWN)),
        Key("PgUp, PgDn", "A page up or down", (pygame.K_PAGEUP, pygame.K_PAGEDOWN)),
        Key("Home, End", "The top or the end of the list", (pygame.K_HOME, pygame.K_END)),
        Key("Space", "A page down (on Back: go back; on Reload: reload)", (pygame.K_SPACE,)),
        Key("Tab / Shift+Tab", "To the Reload and Back buttons and back", TAB, shifted=TAB),
        Key("R", "Reload: read the files again, once you have fixed them", (pygame.K_r,)),
        Key(
            "Enter, Esc, Q",
            "Go back (or quit, when nothing is behind)",
            (*ENTER, pygame.K_ESCAPE, pygame.K_q),
        ),
    ),
    "card": (
        Key("Enter, Space", "Do what the chosen button says", (*ENTER, pygame.K_SPACE)),
        Key("Esc", "Close the card (back to the map)", (pygame.K_ESCAPE,)),
        Key("← →, Tab", "Choose another button", (pygame.K_LEFT, pygame.K_RIGHT, *TAB)),
    ),
    "leave": (
        Key("Y, L", "Leave the game for the title", (pygame.K_y, pygame.K_l)),
        Key("Esc, N", "Stay in the game", (pygame.K_ESCAPE, pygame.K_n)),
        Key("← →, Tab", "Choose Leave or Stay", (pygame.K_LEFT, pygame.K_RIGHT, *TAB)),
        Key("Enter, Space", "Do what is chosen (Stay at first)", (*ENTER, pygame.K_SPACE)),
    ),
    "guide": (
        Key("Enter, →", "The next tip", (*ENTER, pygame.K_RIGHT)),
        Key("←", "The tip before", (pygame.K_LEFT,)),
        Key("Esc", "Skip the guide (Settings can show it again)", (pygame.K_ESCAPE,)),
    ),
}

# What each screen is called on the card's title.
TITLES: dict[str, str] = {
    "title": "the title page",
    "new-game": "a new game",
    "mods": "the choice of scenario and mods",
    "map": "the map",
    "event": "a decision",
    "journal": "the journal",
    "codex": "the codex",
    "charts": "the charts",
    "ending": "the ending",
    "saveload": "saving and loading",
    "replay": "the replay",
    "settings": "the settings",
    "error": "the problem page",
    "guide": "the guide",
    "leave": "leaving the game",
    "card": "a card over the map",
}


def sections(under: Scene) -> list[Section]:
    """The headed lists the card shows for a scene: its own keys first, then the global ones."""
    out: list[Section] = []
    targeting = getattr(under, "targeting", None) is not None
    if under.name == "map" and targeting:
        out.append(("Choosing a target", KEYS["map-target"]))
    own = KEYS.get(under.name, ())
    if own:
        out.append(("On " + TITLES.get(under.name, "this screen"), own))
    if under.name == "map" and not targeting:
        out.append(("After taking an action that needs a target", KEYS["map-target"]))
    out.append(("Everywhere", GLOBAL))
    return out


_CLOSE = (pygame.K_ESCAPE, *ENTER)
TEXT_SIZES = (15, 14, 13, 12)  # the card's text, shrunk a step at a time until it fits
FOOT_ROOM = 44


def _head_fonts() -> tuple[pygame.font.Font, pygame.font.Font]:
    """The card's kicker and title."""
    return theme.font(14, "italic"), theme.font(28, "bold")


def head_room() -> int:
    """From the card's top to its first section: the kicker and the title, as they grow."""
    kicker, title = _head_fonts()
    return 16 + kicker.get_linesize() + title.get_linesize() + 12


class KeysScene(Scene):
    name = "keys"
    opaque = False  # the screen whose keys these are stays in view, dimmed

    def __init__(self, under: Scene) -> None:
        super().__init__()
        self.under = under
        self.sections = sections(under)
        # Laid out by `place`: (heading or None, key or None, x, y) in card coordinates.
        self.placed: list[tuple[str | None, Key | None, int, int]] = []
        self.card_rect = pygame.Rect(0, 0, 0, 0)
        self.col_width = 0
        self.key_width = 0  # the keys' labels; their meanings take the rest of a column
        self.text_size = TEXT_SIZES[0]

    @property
    def title(self) -> str:
        return f"Keys on {TITLES.get(self.under.name, 'this screen')}"

    # -- layout ----------------------------------------------------------------------------

    def _fonts(self) -> tuple[pygame.font.Font, pygame.font.Font, pygame.font.Font]:
        size = self.text_size
        return theme.font(size + 1, "bold"), theme.font(size, "bold"), theme.font(size, "regular")

    def _item_height(self, key: Key | None, width: int) -> int:
        heading, label, words = self._fonts()
        if key is None:
            return heading.get_linesize() + 10
        lines = len(wrap(words, key.does, width - self.key_width)) or 1
        labels = len(self.label_lines(key))
        return max(labels * label.get_linesize(), lines * words.get_linesize()) + 5

    def label_lines(self, key: Key) -> list[str]:
        """A key's label, on two lines or more where the column is narrow."""
        _, label, _ = self._fonts()
        return wrap(label, key.label, self.key_width - 12) or [key.label]

    def place(self, size: tuple[int, int]) -> None:
        """Lay the sections out in two columns (one in a narrow window), in the largest text
        that lets every line fit the window."""
        for text_size in TEXT_SIZES:
            self.text_size = text_size
            if self._place(size):
                return

    def _place(self, size: tuple[int, int]) -> bool:
        w, h = size
        items: list[tuple[str | None, Key | None]] = []
        for title, keys in self.sections:
            items.append((title, None))
            items += [(None, k) for k in keys]
        # A large window gets a wider card (the text is no bigger, so more fits a line).
        width = min(max(980, w * 3 // 5), w - 80)
        columns = 2 if width >= 760 else 1
        col_width = (width - 64 - 32 * (columns - 1)) // columns
        _, label_font, _ = self._fonts()
        widest = max(label_font.size(k.label)[0] for _, k in items if k is not None)
        self.key_width = min(widest + 18, col_width * 2 // 5)
        heights = [self._item_height(k, col_width) for _, k in items]
        split = len(items)
        if columns == 2:
            # Split where the taller column is shortest, never leaving a heading at a column's foot.
            best = None
            for i in range(1, len(items)):
                if items[i - 1][1] is None:
                    continue
                tallest = max(sum(heights[:i]), sum(heights[i:]))
                if best is None or tallest < best:
                    best, split = tallest, i
        body = max(sum(heights[:split]), sum(heights[split:]))
        head = head_room()
        height = min(h - 40, head + body + FOOT_ROOM)
        self.card_rect = pygame.Rect((w - width) // 2, (h - height) // 2, width, height)
        self.placed = []
        x, y = 32, head
        for i, ((heading, key), step) in enumerate(zip(items, heights, strict=True)):
            if i == split:
                x, y = 32 + col_width + 32, head
            self.placed.append((heading, key, x, y))
            y += step
        self.col_width = col_width
        return head + body + FOOT_ROOM <= h - 40

    def build(self, size: tuple[int, int]) -> None:
        self.place(size)

    # -- events and drawing ---------------------------------------------------------------

    def handle(self, event: pygame.event.Event) -> Transition | None:
        if event.type == pygame.KEYDOWN and event.key in _CLOSE:
            return POP
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            return POP  # a click anywhere puts the card away, as a reader would expect
        return None

    def draw(self, surface: pygame.Surface) -> None:
        surface.blit(theme.veil(surface.get_size(), 130), (0, 0))
        card = self.card_rect
        pygame.draw.rect(surface, theme.INK, card.move(5, 5))
        pygame.draw.rect(surface, theme.PAPER_LIGHT, card)
        pygame.draw.rect(surface, theme.INK_FADED, card, 2)
        pygame.draw.rect(surface, theme.INK_PALE, card.inflate(-10, -10), 1)
        kicker, title = _head_fonts()
        surface.blit(
            kicker.render("F1 on any screen", True, theme.ACCENT), (card.left + 32, card.top + 16)
        )
        surface.blit(
            title.render(fit(title, self.title, card.width - 64), True, theme.INK),
            (card.left + 30, card.top + 16 + kicker.get_linesize()),
        )
        heading_font, label_font, words_font = self._fonts()
        old_clip = surface.get_clip()
        surface.set_clip(card.inflate(-12, -12))
        for heading, key, x, y in self.placed:
            left, top = card.left + x, card.top + y
            if top > card.bottom - FOOT_ROOM:
                continue  # a window too small for the whole list: the rest is cut, not spilled
            if heading is not None:
                image = heading_font.render(heading, True, theme.ACCENT)
                surface.blit(image, (left, top + 4))
                pygame.draw.line(
                    surface,
                    theme.INK_PALE,
                    (left, top + heading_font.get_linesize() + 5),
                    (left + self.col_width, top + heading_font.get_linesize() + 5),
                )
                continue
            assert key is not None
            for n, label in enumerate(self.label_lines(key)):
                line_top = top + n * label_font.get_linesize()
                surface.blit(label_font.render(label, True, theme.INK), (left, line_top))
            ty = top
            for line in wrap(words_font, key.does, self.col_width - self.key_width):
                surface.blit(
                    words_font.render(line, True, theme.INK_FADED), (left + self.key_width, ty)
                )
                ty += words_font.get_linesize()
        surface.set_clip(old_clip)
        hint = theme.font(14, "italic")
        image = hint.render("Esc, Enter or F1 to close", True, theme.INK_PALE)
        surface.blit(image, (card.centerx - image.get_width() // 2, card.bottom - 32))

    def shown_texts(self) -> list[str]:
        texts = [self.title]
        for heading, keys in self.sections:
            texts.append(heading)
            texts += [f"{k.label}: {k.does}" for k in keys]
        return texts
