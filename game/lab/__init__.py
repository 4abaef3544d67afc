"""The balance lab: games played in bulk to measure how the scenario plays."""
