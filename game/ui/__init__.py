"""The game window (pygame-ce and pygame_gui). It reads the session's state and sends
decisions; no rule of the game lives here.

- app.py: the window, the scene stack and the idle main loop; `run()` opens the game.
- scene.py: the Scene base class and its transitions (push, pop, replace, quit).
- scenes/: title, map (top bar, tracks, actions, End turn) and event (a choice card).
- mapview.py: the map drawn from the scenario's geometry, cached, with overlays.
- theme.py, text.py, gui.py: colours and fonts, setting text, typed pygame_gui calls.
- screenshot.py: a scene drawn headless to a PNG (`python -m game screenshot`).
"""
