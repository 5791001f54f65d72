"""scripts/screenshots.py end to end: Xvfb + the emulator + the real window -> PNGs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "screenshots.py"
WINDOW = (1100, 750)
NAMES = (
    "main-light.png",
    "main-dark.png",
    "attachments-uploading.png",
    "streamed-answer.png",
    "answer-dark.png",
)


def _grid(image: QImage, step: int = 10) -> list[tuple[int, int, int]]:
    return [
        (c.red(), c.green(), c.blue())
        for y in range(0, image.height(), step)
        for x in range(0, image.width(), step)
        for c in [image.pixelColor(x, y)]
    ]


def _lightness(pixels: list[tuple[int, int, int]]) -> float:
    return sum((r + g + b) / 3 for r, g, b in pixels) / len(pixels)


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> dict[str, QImage]:
    out = tmp_path_factory.mktemp("screenshots")
    # Its own session: on a timeout the script, its Xvfb and its emulator all go.
    process = subprocess.Popen(
        [sys.executable, str(SCRIPT), "--fast", "--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        stdout, stderr = process.communicate(timeout=180)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        pytest.fail(f"the script did not finish:\n{stdout}{stderr}")
    assert process.returncode == 0, stdout + stderr
    images = {}
    for name in NAMES:
        assert f"wrote {out / name}" in stdout
        image = QImage(str(out / name))
        assert not image.isNull(), name
        images[name] = image
    assert sorted(p.name for p in out.iterdir()) == sorted(NAMES)
    return images


@pytest.mark.parametrize("name", NAMES)
def test_each_png_is_the_whole_window_and_not_blank(shots: dict[str, QImage], name: str) -> None:
    image = shots[name]
    assert (image.width(), image.height()) == WINDOW
    pixels = _grid(image)
    # A blank or unpainted window has a handful of colours; text and widgets give many.
    assert len(set(pixels)) > 40
    # Not one colour dominating everything either (a black X window, a white sheet).
    most = max(pixels.count(p) for p in set(pixels))
    assert most < 0.9 * len(pixels)


def test_themes_differ_as_named(shots: dict[str, QImage]) -> None:
    light = _lightness(_grid(shots["main-light.png"]))
    dark = _lightness(_grid(shots["main-dark.png"]))
    assert light > 180
    assert dark < 80
    assert _lightness(_grid(shots["answer-dark.png"])) < 80
    for name in ("attachments-uploading.png", "streamed-answer.png"):
        assert _lightness(_grid(shots[name])) > 180, name


def test_scenes_show_different_content(shots: dict[str, QImage]) -> None:
    light = shots["main-light.png"]
    for name in ("attachments-uploading.png", "streamed-answer.png"):
        other = shots[name]
        differing = sum(a != b for a, b in zip(_grid(light), _grid(other), strict=True))
        # Same window chrome and sidebar: only the transcript area differs (the sent
        # message with its upload chips sits where the conversation was).
        assert differing > 0.03 * len(_grid(light)), name
