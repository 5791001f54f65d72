"""Render the hicolor PNG sizes from the scalable SVG.

Run after editing the SVG: ``.venv/bin/python resources/icons/render_icons.py``.
tests/shell/test_desktop_files.py fails when the PNGs drift from the SVG.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

ICON_NAME = "io.github.gemdesk.Gemdesk"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
HICOLOR = Path(__file__).resolve().parent / "hicolor"
SVG = HICOLOR / "scalable" / "apps" / f"{ICON_NAME}.svg"


def png_path(size: int) -> Path:
    return HICOLOR / f"{size}x{size}" / "apps" / f"{ICON_NAME}.png"


def render(size: int) -> QImage:
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise RuntimeError(f"invalid SVG: {SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for size in SIZES:
        target = png_path(size)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(size).save(str(target), "PNG"):
            sys.stderr.write(f"could not write {target}\n")
            return 1
        sys.stdout.write(f"{target.relative_to(HICOLOR)}\n")
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
