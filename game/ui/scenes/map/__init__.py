"""The map screen, in parts: see `scene` for how the work is shared out.

`from game.ui.scenes.map import MapScene` is the way in; the layout's measures are
named here too, for the guide and the tests that check the layout.
"""

from __future__ import annotations

from game.play.orders import ActionRow
from game.ui.scenes.map.layout import (
    LEFT,
    OVERLAY_GAP,
    SIDE,
    bottom_bar,
    overlay_button_widths,
    overlay_buttons_right,
    overlay_label,
    page_button_height,
    panel_heading,
    row_height,
    top_bar,
    track_row,
)
from game.ui.scenes.map.scene import PAGE_BUTTONS, MapScene
from game.ui.scenes.map.targets import Targeting
from game.ui.scenes.map.tips import Tip
from game.ui.scenes.map.words import FOOTER, TARGET_FOOTER

__all__ = [
    "FOOTER",
    "LEFT",
    "OVERLAY_GAP",
    "PAGE_BUTTONS",
    "SIDE",
    "TARGET_FOOTER",
    "ActionRow",
    "MapScene",
    "Targeting",
    "Tip",
    "bottom_bar",
    "overlay_button_widths",
    "overlay_buttons_right",
    "overlay_label",
    "page_button_height",
    "panel_heading",
    "row_height",
    "top_bar",
    "track_row",
]
