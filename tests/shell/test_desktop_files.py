"""resources/: the desktop entry, AppStream metainfo, icons, and `make install-desktop`."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from desktop_app.ui.tray import APP_ID, app_icon

ROOT = Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "resources"
DESKTOP = RESOURCES / "desktop" / f"{APP_ID}.desktop"
METAINFO = RESOURCES / "metainfo" / f"{APP_ID}.metainfo.xml"
HICOLOR = RESOURCES / "icons" / "hicolor"
PNG_SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def _entry() -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DESKTOP, encoding="utf-8")
    return parser


def test_desktop_entry_has_the_actions_and_mime_types() -> None:
    entry = _entry()
    main = entry["Desktop Entry"]
    assert main["Exec"] == "gemdesk %F"
    assert main["Icon"] == APP_ID
    assert main["Actions"].rstrip(";").split(";") == ["quick-prompt", "new-chat"]
    assert entry["Desktop Action quick-prompt"]["Exec"] == "gemdesk --quick-prompt"
    assert entry["Desktop Action new-chat"]["Exec"] == "gemdesk --new-chat"
    mimes = main["MimeType"].rstrip(";").split(";")
    assert {"image/png", "image/jpeg", "application/pdf", "text/plain"} <= set(mimes)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (.ci/run installs it)")
    return path


def test_desktop_entry_validates() -> None:
    out = subprocess.run(
        [_tool("desktop-file-validate"), str(DESKTOP)], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "error" not in out.stdout


def test_metainfo_validates() -> None:
    out = subprocess.run(
        [_tool("appstreamcli"), "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert f'<launchable type="desktop-id">{DESKTOP.name}</launchable>' in METAINFO.read_text()


def test_every_png_size_matches_the_svg(qapp: object) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "render_icons", RESOURCES / "icons" / "render_icons.py"
    )
    assert spec is not None
    assert spec.loader is not None
    render_icons = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(render_icons)
    assert tuple(render_icons.SIZES) == PNG_SIZES
    for size in PNG_SIZES:
        stored = QImage(str(HICOLOR / f"{size}x{size}" / "apps" / f"{APP_ID}.png"))
        assert (stored.width(), stored.height()) == (size, size)
        fresh = render_icons.render(size).convertToFormat(stored.format())
        stored_bytes = bytes(stored.constBits())[: stored.sizeInBytes()]
        fresh_bytes = bytes(fresh.constBits())[: fresh.sizeInBytes()]
        # Same picture (a Qt upgrade may move a few anti-aliased pixels, not the drawing).
        differing = sum(abs(a - b) > 8 for a, b in zip(stored_bytes, fresh_bytes, strict=True))
        assert differing <= len(stored_bytes) // 50, f"{size}px PNG is stale: rerun render_icons.py"


def test_the_app_icon_loads(qapp: object) -> None:
    icon = app_icon()
    assert not icon.isNull()
    assert icon.pixmap(48, 48).width() == 48


def test_make_install_desktop_uses_xdg_data_home(tmp_path: Path) -> None:
    target = tmp_path / "share"
    make = _tool("make")
    run = subprocess.run(
        # -o: never rebuild the venv from inside a test.
        [make, "-s", "-o", ".venv/.installed", "install-desktop", f"XDG_DATA_HOME={target}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    desktop = target / "applications" / f"{APP_ID}.desktop"
    text = desktop.read_text(encoding="utf-8")
    gemdesk = ROOT / ".venv" / "bin" / "gemdesk"
    assert f"Exec={gemdesk} %F" in text
    assert f"Exec={gemdesk} --quick-prompt" in text
    assert (target / "metainfo" / METAINFO.name).is_file()
    assert (target / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    for size in PNG_SIZES:
        assert (
            target / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        ).is_file()
    run = subprocess.run(
        [make, "-s", "uninstall-desktop", f"XDG_DATA_HOME={target}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert not desktop.exists()
