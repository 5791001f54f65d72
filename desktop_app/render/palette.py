"""Colours for rendered Markdown, one palette per theme."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Palette:
    name: str
    code_background: str
    inline_code_background: str
    table_border: str
    muted: str
    link: str
    pygments_style: str


LIGHT = Palette(
    name="light",
    # Darker than GitHub's: the light transcript is #f5f5f7, and #f6f8fa vanished on it.
    code_background="#e9ecf0",
    inline_code_background="#e4e7eb",
    table_border="#d0d7de",
    muted="#6e7781",
    link="#0969da",
    pygments_style="default",
)

DARK = Palette(
    name="dark",
    code_background="#161b22",
    inline_code_background="#2d333b",
    table_border="#444c56",
    muted="#8b949e",
    link="#58a6ff",
    pygments_style="github-dark",
)


def palette_for(dark: bool) -> Palette:
    return DARK if dark else LIGHT
