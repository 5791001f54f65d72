"""Pytest fixtures for the emulator (filled in by the foundation issue)."""
