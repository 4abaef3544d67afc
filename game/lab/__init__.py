"""The balance lab: many AI games played in parallel, summed up and reported.

- `game.lab.summary`: one game played to its end and kept as a small, picklable
  `GameSummary` (ending, length, what happened and when, stocks and tracks per turn).
- `game.lab.runner`: plans of games (a scenario folder, a seat, profiles, seeds), played
  in-process or across worker processes; the results never depend on how many.
- `game.lab.tally`: the summaries of one plan added up: endings, wins, lengths, coverage
  of every id in the scenario, blocked orders, medians per turn.
- `game.lab.report`: a tally (or several) as a Markdown or HTML report.

The lab stands outside the engine: it drives `Session` as any front end does and
reads the states it leaves. `python -m game simulate` is its command line; see
docs/balance.md.
"""
