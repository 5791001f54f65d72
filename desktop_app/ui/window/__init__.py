"""Pieces of the main window that are not widgets of their own package."""
