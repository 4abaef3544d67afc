"""Dual Power: a strategy and narrative game of Petrograd, autumn 1917."""

__version__ = "0.1.0"
