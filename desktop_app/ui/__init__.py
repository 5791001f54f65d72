"""Widgets, models and windows (PySide6). Talks to the network only via core."""
