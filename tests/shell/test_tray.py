"""The tray under a real X server and a real XEmbed tray host (Xvfb + trayer).

Gemdesk runs as a subprocess on the xcb platform (the rest of the suite is
offscreen in-process); the test clicks the icon and walks its menu with
xdotool, and checks windows on the X server and lines in the app's log.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.fake_gemini import FakeGemini, Fault
from tests.shell.harness import GemdeskProcess, X, wait_until
from tests.shell.xserver import TrayDisplay

WINDOW_NAME = "— Gemdesk$"
QUICK_NAME = "^Gemdesk quick prompt$"

MENU = ("Quick prompt", "New chat", "Show/Hide window", "Quit")


def _start(
    tray_display: TrayDisplay, profile: Path, processes: list[GemdeskProcess]
) -> GemdeskProcess:
    process = GemdeskProcess(profile, tray_display.env()).start()
    processes.append(process)
    process.wait_for_log("tray icon shown")
    process.wait_for_log("running (profile")
    return process


def _icon_centre(x: X, app: GemdeskProcess) -> tuple[int, int]:
    """The centre of our icon inside trayer's panel (a small window at the top edge)."""
    assert app.proc is not None
    found: list[tuple[int, int, int, int]] = []

    def embedded() -> bool:
        geometries = [x.geometry(w) for w in x.process_windows(app.proc.pid)]
        found[:] = [g for g in geometries if g[2] <= 64 and g[3] <= 64 and g[1] < 40]
        return bool(found)

    wait_until(embedded, what="the tray icon window")
    left, top, width, height = found[0]
    return left + width // 2, top + height // 2


def _menu(x: X, app: GemdeskProcess, centre: tuple[int, int], item: str) -> None:
    """Open the context menu with a right click and pick *item* from the keyboard."""
    assert app.proc is not None
    pid = app.proc.pid
    before = set(x.process_windows(pid, visible=True))
    popup: list[str] = []

    def menu_shown() -> bool:
        popup[:] = sorted(set(x.process_windows(pid, visible=True)) - before)
        return bool(popup)

    # Qt swallows a press that lands right after a popup closed: click again.
    for attempt in range(3):
        x.click(*centre, button=3)
        try:
            wait_until(menu_shown, timeout=3, what="the tray menu")
            break
        except AssertionError:
            if attempt == 2:
                raise
    x.keys(*["Down"] * (MENU.index(item) + 1), "Return")
    wait_until(lambda: popup[0] not in x.process_windows(pid, visible=True), what="menu to close")


def test_the_system_tray_is_available(tray_display: TrayDisplay) -> None:
    code = (
        "from PySide6.QtWidgets import QApplication, QSystemTrayIcon\n"
        "app = QApplication([])\n"
        "print(QSystemTrayIcon.isSystemTrayAvailable())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=tray_display.env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.stdout.strip() == "True", out.stderr


def test_icon_click_and_every_menu_action(
    tray_display: TrayDisplay, tmp_path: Path, gemdesk_processes: list[GemdeskProcess]
) -> None:
    app = _start(tray_display, tmp_path / "profile", gemdesk_processes)
    x = X(tray_display.env())
    centre = _icon_centre(x, app)
    wait_until(lambda: len(x.windows(WINDOW_NAME)) == 1, what="the main window")

    # A left click opens the quick prompt; Esc hides it.
    x.click(*centre)
    app.wait_for_log("showing the quick prompt")
    wait_until(lambda: len(x.windows(QUICK_NAME)) == 1, what="the quick prompt")
    wait_until(lambda: x.focused() in x.windows(QUICK_NAME), what="the quick prompt's focus")
    x.keys("Escape")
    wait_until(lambda: not x.windows(QUICK_NAME), what="the quick prompt to hide")

    _menu(x, app, centre, "Quick prompt")
    app.wait_for_log("showing the quick prompt", count=2)
    wait_until(lambda: len(x.windows(QUICK_NAME)) == 1, what="the quick prompt again")
    wait_until(lambda: x.focused() in x.windows(QUICK_NAME), what="the quick prompt's focus")
    x.keys("Escape")
    wait_until(lambda: not x.windows(QUICK_NAME), what="the quick prompt to hide again")

    _menu(x, app, centre, "Show/Hide window")
    app.wait_for_log("hiding the main window")
    wait_until(lambda: not x.windows(WINDOW_NAME), what="the main window to hide")

    _menu(x, app, centre, "New chat")
    app.wait_for_log("new chat")
    wait_until(lambda: len(x.windows("^New chat — Gemdesk$")) == 1, what="a new chat window")

    _menu(x, app, centre, "Show/Hide window")
    app.wait_for_log("hiding the main window", count=2)
    _menu(x, app, centre, "Show/Hide window")
    app.wait_for_log("showing the main window", count=3)  # start, new chat, show
    wait_until(lambda: len(x.windows(WINDOW_NAME)) == 1, what="the main window to come back")

    _menu(x, app, centre, "Quit")
    assert app.wait_exit() == 0, app.output()
    log = app.log()
    assert "quit requested" in log
    assert "shut down" in log


def test_close_to_tray_hides_and_says_where_the_app_went(
    tray_display: TrayDisplay, tmp_path: Path, gemdesk_processes: list[GemdeskProcess]
) -> None:
    profile = tmp_path / "profile"
    (profile / "config").mkdir(parents=True)
    (profile / "config" / "settings.json").write_text(
        json.dumps({"schema_version": 1, "close_to_tray": True}), encoding="utf-8"
    )
    app = _start(tray_display, profile, gemdesk_processes)
    x = X(tray_display.env())
    centre = _icon_centre(x, app)
    windows: list[str] = []

    def one_window() -> bool:
        windows[:] = x.windows(WINDOW_NAME)
        return len(windows) == 1

    wait_until(one_window, what="the main window")
    assert app.proc is not None
    pid = app.proc.pid
    before = set(x.process_windows(pid, visible=True))
    x.run("windowfocus", "--sync", windows[0])
    x.keys("ctrl+w")
    app.wait_for_log("hiding the main window")
    wait_until(lambda: not x.windows(WINDOW_NAME), what="the window to go to the tray")
    assert app.proc.poll() is None  # still running, in the tray
    assert (profile / "config" / "tray-hint-shown").exists()

    # The first time, a balloon says where the app went; clicking it brings the window back.
    balloon: list[str] = []

    def balloon_shown() -> bool:
        balloon[:] = sorted(set(x.process_windows(pid, visible=True)) - before)
        return bool(balloon)

    wait_until(balloon_shown, what="the tray balloon")
    left, top, width, height = x.geometry(balloon[0])
    x.click(left + width // 2, top + height // 2)
    app.wait_for_log("showing the main window", count=2)
    wait_until(lambda: len(x.windows(WINDOW_NAME)) == 1, what="the window to come back")

    _menu(x, app, centre, "Quit")
    assert app.wait_exit() == 0


def test_an_answer_that_ends_while_hidden_is_notified(
    tray_display: TrayDisplay,
    tmp_path: Path,
    gemdesk_processes: list[GemdeskProcess],
    fake_gemini: FakeGemini,
    fake_gemini_env: dict[str, str],
) -> None:
    # The answer pauses after a few events: time to hide the quick prompt meanwhile.
    fake_gemini.add_fault(Fault("stall", after=2, seconds=2))
    process = GemdeskProcess(tmp_path / "profile", {**tray_display.env(), **fake_gemini_env})
    app = process.start()
    gemdesk_processes.append(app)
    app.wait_for_log("tray icon shown")
    x = X(tray_display.env())
    centre = _icon_centre(x, app)
    assert app.proc is not None
    pid = app.proc.pid

    x.click(*centre)
    wait_until(lambda: len(x.windows(QUICK_NAME)) == 1, what="the quick prompt")
    # Keys sent before the window has the focus go elsewhere, as they would for a user.
    wait_until(lambda: x.focused() in x.windows(QUICK_NAME), what="the quick prompt's focus")
    x.type("Say hello")
    x.keys("Return")
    app.wait_for_log("quick prompt started conversation")
    before = set(x.process_windows(pid, visible=True))
    x.keys("Escape")
    wait_until(lambda: not x.windows(QUICK_NAME), what="the quick prompt to hide")
    app.wait_for_log("notified: answer in conversation 1 ended (complete)")
    assert "Say hello" not in app.log()

    # Clicking the notification brings the quick prompt back, answer and all.
    balloon: list[str] = []

    def balloon_shown() -> bool:
        balloon[:] = sorted(set(x.process_windows(pid, visible=True)) - before)
        return bool(balloon)

    wait_until(balloon_shown, what="the notification balloon")
    left, top, width, height = x.geometry(balloon[0])
    x.click(left + width // 2, top + height // 2)
    app.wait_for_log("showing the quick prompt", count=2)
    wait_until(lambda: len(x.windows(QUICK_NAME)) == 1, what="the quick prompt to return")
    requests = fake_gemini.requests_to("/interactions", "POST")
    assert any("Say hello" in str(r.json) for r in requests)
