#!/usr/bin/env python3
"""Screenshots of the real app for the README, taken under Xvfb against the emulator.

    python scripts/screenshots.py [--out docs/screenshots] [--fast]

Starts a private X server (Debian's ``xvfb``) and the local Gemini emulator
(``python -m tests.fake_gemini`` in a child process), then runs Gemdesk in this
process on the ``xcb`` platform, as ``gemdesk`` builds it (``make_application``,
``Shell``, ``MainWindow``), with a throw-away profile (``GEMDESK_BASEDIR``), the
emulator's URL and key. It drives the window like a user (typing, attaching,
clicking Send) and grabs the window from the X server into PNGs:

- ``main-light.png`` / ``main-dark.png``: a short conversation, history in the sidebar;
- ``attachments-uploading.png``: three attachments sent, uploads in progress;
- ``streamed-answer.png``: an answer with code and a table, caught mid-stream;
- ``answer-dark.png``: the same answer once complete, in the dark theme.

The emulator delays every upload request and pauses the first streamed answer
(its ``delay`` and ``stall`` faults) so that both are caught half-way.
``--fast`` uses smaller files and shorter pauses (the test suite runs it).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fake_gemini.markdown import long_markdown  # noqa: E402
from tests.fake_gemini.model import split_deltas  # noqa: E402
from tests.fake_gemini.process import emulator_process  # noqa: E402

WINDOW_SIZE = (1100, 750)
SCREEN = "1280x900x24"
API_KEY = "fake-gemini-key"
MARKDOWN_CHARS = 3000
# The stream pauses once the first code blocks and the table have arrived.
STALL_AFTER_TEXT = "console.log"
# interaction.created, interaction.status_update and step.start precede the text deltas.
EVENTS_BEFORE_TEXT = 3
UPLOAD_CHUNK_MB = 8  # desktop_app.api.uploads.DEFAULT_CHUNK_SIZE
NAMES = (
    "main-light.png",
    "main-dark.png",
    "attachments-uploading.png",
    "streamed-answer.png",
    "answer-dark.png",
)


@dataclass(frozen=True)
class Timing:
    upload_delay_s: float  # per upload request (start and each 8 MB chunk)
    stall_s: float  # pause of the streamed answer once the table has arrived
    report_mb: int  # the big PDF being uploaded
    survey_mb: int


FULL = Timing(upload_delay_s=0.8, stall_s=6.0, report_mb=40, survey_mb=16)
FAST = Timing(upload_delay_s=0.4, stall_s=3.0, report_mb=24, survey_mb=8)


# ----------------------------------------------------------------------------- X server


@contextmanager
def xvfb(log_dir: Path, screen: str = SCREEN, timeout: float = 20.0) -> Iterator[str]:
    """Xvfb on a display number it picks itself (``-displayfd``); yields ``":N"``."""
    if shutil.which("Xvfb") is None:
        raise SystemExit("Xvfb is not installed: apt-get install -y xvfb")
    read_fd, write_fd = os.pipe()
    with (log_dir / "xvfb.log").open("wb") as log:
        try:
            process = subprocess.Popen(
                [
                    *("Xvfb", "-displayfd", str(write_fd), "-screen", "0", screen),
                    *("-dpi", "96", "-nolisten", "tcp"),
                ],
                pass_fds=(write_fd,),
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        finally:
            os.close(write_fd)
    try:
        number = b""
        deadline = time.monotonic() + timeout
        try:
            while not number.endswith(b"\n"):
                ready, _, _ = select.select([read_fd], [], [], max(deadline - time.monotonic(), 0))
                chunk = os.read(read_fd, 16) if ready else b""
                if not chunk:
                    raise RuntimeError("Xvfb did not report its display number")
                number += chunk
        finally:
            os.close(read_fd)
        yield f":{number.decode().strip()}"
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


# ----------------------------------------------------------------------------- inputs


def stall_fault(timing: Timing) -> str:
    """Pause the first streamed answer right after the text that shows code and a table."""
    text = long_markdown(MARKDOWN_CHARS)
    end = text.index(STALL_AFTER_TEXT) + 80  # the rest of the JavaScript block
    sent, deltas = 0, 0
    for chunk in split_deltas(text):
        if sent >= end:
            break
        sent += len(chunk)
        deltas += 1
    return f"stall,after={EVENTS_BEFORE_TEXT + deltas},seconds={timing.stall_s}"


def upload_fault(timing: Timing) -> str:
    return f"delay,path=^/upload/,times=0,seconds={timing.upload_delay_s}"


def sparse_pdf(path: Path, megabytes: int) -> Path:
    with path.open("wb") as fh:
        fh.write(b"%PDF-1.7\n% Gemdesk screenshot sample\n")
        fh.truncate(megabytes * 1024 * 1024)
    return path


def floor_plan(path: Path) -> Path:
    """A small generated image (travels inline; its chip shows a thumbnail)."""
    from PySide6.QtCore import QRect, Qt
    from PySide6.QtGui import QColor, QImage, QPainter, QPen

    image = QImage(480, 320, QImage.Format.Format_RGB32)
    image.fill(QColor("#fbf7ee"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor("#34495e"), 6))
    painter.drawRect(QRect(20, 20, 440, 280))
    painter.drawLine(220, 20, 220, 190)
    painter.drawLine(20, 190, 330, 190)
    painter.fillRect(QRect(240, 40, 200, 130), QColor("#a9cce3"))
    painter.fillRect(QRect(40, 210, 160, 70), QColor("#f5cba7"))
    painter.setPen(QColor("#1d1d1f"))
    painter.drawText(QRect(240, 40, 200, 130), Qt.AlignmentFlag.AlignCenter, "Salon")
    painter.end()
    # PySide6 wants a str format here, whatever its stubs say.
    if not image.save(str(path), "PNG"):  # type: ignore[call-overload]
        raise RuntimeError(f"could not write {path}")
    return path


def seed_history() -> None:
    """A few past conversations, a folder and a pinned one, so the sidebar looks lived-in."""
    from desktop_app.store import HistoryStore

    store = HistoryStore.open()
    try:
        travel = store.create_folder("Travel")
        work = store.create_folder("Work")
        past = [
            ("Weekend in Cappadocia", travel.id, False, "Plan two days in Göreme.", "Day one: …"),
            ("Packing list for İzmir", travel.id, False, "What should I pack?", "Light clothes…"),
            ("Quarterly report outline", work.id, True, "Outline the Q3 report.", "1. Summary…"),
            ("Regex for Turkish dates", None, False, "Match 12 Ekim 2026.", "Try \\d+ \\w+ \\d{4}"),
            ("Rust lifetimes, explained", None, False, "Explain lifetimes.", "A lifetime is…"),
            ("SQLite full-text search", work.id, False, "How does FTS5 rank?", "bm25() ranks…"),
        ]
        for title, folder, pinned, question, answer in past:
            conversation = store.create_conversation(title, folder_id=folder, pinned=pinned)
            store.append_message(conversation.id, "user", text=question)
            store.append_message(conversation.id, "model", text=answer, model="gemini-3-flash")
    finally:
        store.close()


# ----------------------------------------------------------------------------- driving the app


class Driver:
    """The running app: act like a user, wait for the window, grab it.

    Every step runs inside one coroutine on the qasync loop (:meth:`run`): Qt events
    that QTest or a repaint process then find asyncio's loop running, as in the app.
    """

    def __init__(self, out: Path, timing: Timing, work: Path) -> None:
        import qasync

        from desktop_app.app import Options
        from desktop_app.ui.controller import install_asyncgen_hooks
        from desktop_app.ui.shell import Shell, make_application

        self.out = out
        self.timing = timing
        self.work = work
        self.app = make_application(Options().qt_args)
        self.loop = qasync.QEventLoop(self.app)
        asyncio.set_event_loop(self.loop)
        self._old_hooks = install_asyncgen_hooks(self.loop)
        self.shell = Shell(self.app)
        self.window = self.shell.window
        # The emulator's title for every chat would be its echo of the request.
        self.window.engine.generate_titles = False

    def run(self) -> list[Path]:
        try:
            shots: list[Path] = self.loop.run_until_complete(self.scenes())
            return shots
        finally:
            self.shell.request_quit()
            self.loop.run_until_complete(self.shell.shutdown())
            self.loop.run_until_complete(self.loop.shutdown_asyncgens())
            self.loop.close()  # joins qasync's executor threads
            asyncio.set_event_loop(None)
            sys.set_asyncgen_hooks(*self._old_hooks)

    async def scenes(self) -> list[Path]:
        from desktop_app.ui.single_instance import InstanceRequest

        self.shell.start(InstanceRequest())
        self.window.resize(*WINDOW_SIZE)
        self.window.move(0, 0)
        self.set_theme("light")
        await self.wait_until(self.window.isVisible)
        await asyncio.sleep(0.5)
        shots = await self.streamed_answer()  # first: the emulator's stall hits this stream
        shots += await self.conversation()
        shots += await self.uploads()
        return shots

    # -- helpers --------------------------------------------------------------------------

    @staticmethod
    async def wait_until(predicate: Callable[[], bool], within: float = 60.0) -> None:
        deadline = time.monotonic() + within
        # Polling is the point: the predicates read widget state that has no signal.
        while not predicate():
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out waiting for {predicate.__qualname__}")
            await asyncio.sleep(0.01)

    def idle(self) -> bool:
        return not self.window.controller.busy_conversations() and not self.window.is_painting()

    def last_answer(self) -> str:
        messages = self.window.shown_messages()
        return messages[-1].text if messages and messages[-1].role == "model" else ""

    # -- user actions ---------------------------------------------------------------------

    def set_theme(self, name: str) -> None:
        from desktop_app.core.preferences import Theme

        self.window.theme.set_theme(Theme(name))

    async def new_chat(self) -> None:
        self.window.new_chat()
        await asyncio.sleep(0.1)

    def type_and_send(self, text: str, attachments: list[Path] | None = None) -> None:
        from PySide6.QtCore import Qt
        from PySide6.QtTest import QTest

        composer = self.window.composer
        if attachments:
            added = composer.add_files(attachments)
            if len(added) != len(attachments):
                raise RuntimeError(f"attachments refused: {composer.attachment_area.chips()}")
        composer.prompt.setFocus()
        QTest.keyClicks(composer.prompt, text)
        QTest.mouseClick(composer.send_button, Qt.MouseButton.LeftButton)

    def rename_current(self, title: str) -> None:
        """What F2 does, without the inline editor: the emulator's titles are echoes."""
        current = self.window.current_conversation()
        if current is not None:
            self.window.store.rename_conversation(current, title)
            self.window.sidebar.refresh_conversation(current)

    async def grab(self, name: str) -> Path:
        """What the X server shows of the window (falls back to rendering it)."""
        self.window.update()
        await asyncio.sleep(0.3)  # let queued layouts and paints reach the server
        pixmap = self.window.screen().grabWindow(self.window.winId())
        if pixmap.isNull() or pixmap.size() != self.window.size():
            pixmap = self.window.grab()
        path = self.out / name
        if not pixmap.save(str(path), "PNG"):
            raise RuntimeError(f"could not write {path}")
        print(f"wrote {path} ({pixmap.width()}x{pixmap.height()})")
        return path

    # -- scenes ---------------------------------------------------------------------------

    async def streamed_answer(self) -> list[Path]:
        """The first streamed answer: the emulator pauses it after the code and the table."""
        await self.new_chat()
        self.type_and_send(f"/markdown {MARKDOWN_CHARS}")
        await self.wait_until(lambda: self.window.current_conversation() is not None)
        self.rename_current("Markdown rendering sample")
        await self.wait_until(lambda: STALL_AFTER_TEXT in self.last_answer())
        streamed = await self.grab("streamed-answer.png")
        await self.wait_until(self.idle)
        self.set_theme("dark")
        dark = await self.grab("answer-dark.png")
        self.set_theme("light")
        return [streamed, dark]

    async def conversation(self) -> list[Path]:
        await self.new_chat()
        self.type_and_send("I have 2 dogs and 3 cats in my house.")
        await self.wait_until(lambda: "You said" in self.last_answer() and self.idle())
        self.type_and_send("How many paws are in my house?")
        await self.wait_until(lambda: "paws" in self.last_answer() and self.idle())
        self.rename_current("Counting paws at home")
        light = await self.grab("main-light.png")
        self.set_theme("dark")
        dark = await self.grab("main-dark.png")
        self.set_theme("light")
        return [light, dark]

    async def uploads(self) -> list[Path]:
        files = [
            sparse_pdf(self.work / "quarterly-report.pdf", self.timing.report_mb),
            floor_plan(self.work / "floor-plan.png"),
            sparse_pdf(self.work / "site-survey.pdf", self.timing.survey_mb),
        ]
        await self.new_chat()
        self.type_and_send("Compare the figures in these documents.", files)

        def halfway() -> bool:
            # The sent message is in the transcript at once; its chips show the uploads.
            shown = self.window.shown_messages()
            user = next((m for m in reversed(shown) if m.role == "user"), None)
            widget = self.window.transcript.message_widget(user.id) if user else None
            values = list(widget.attachment_progress().values()) if widget else []
            if "Attachment" in self.last_answer():
                raise RuntimeError(f"the uploads ended before a half-way point: {values}")
            return any(0 < v < 1 for v in values)

        await self.wait_until(halfway)
        shot = await self.grab("attachments-uploading.png")
        await self.wait_until(lambda: "Attachment" in self.last_answer() and self.idle(), 120)
        return [shot]


def capture(out: Path, timing: Timing, work: Path) -> list[Path]:
    seed_history()
    return Driver(out, timing, work).run()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--fast", action="store_true", help="smaller files, shorter pauses")
    args = parser.parse_args(argv)
    timing = FAST if args.fast else FULL
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gemdesk-screenshots-") as tmp:
        work = Path(tmp)
        faults = (stall_fault(timing), upload_fault(timing))
        with xvfb(work) as display, emulator_process(*faults) as base_url:
            env: dict[str, str] = {
                "DISPLAY": display,
                "QT_QPA_PLATFORM": "xcb",
                "GEMDESK_BASEDIR": str(work / "profile"),
                "GEMINI_API_KEY": API_KEY,
                "GOOGLE_GEMINI_BASE_URL": base_url,
                # Never the user's keychain; the key comes from the environment.
                "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
                "QT_SCALE_FACTOR": "1",
                # US English dates and numbers; the character set stays UTF-8 either way.
                "LANG": "en_US.UTF-8",
                "LC_CTYPE": "C.UTF-8",
            }
            os.environ.update(env)
            for var in (
                *("DBUS_SESSION_BUS_ADDRESS", "WAYLAND_DISPLAY", "QT_QPA_PLATFORMTHEME"),
                *("LC_ALL", "LC_MESSAGES", "LC_TIME", "LC_NUMERIC", "LANGUAGE"),
            ):
                os.environ.pop(var, None)
            os.environ.pop("GOOGLE_API_KEY", None)
            paths = capture(out, timing, work)
    print(f"{len(paths)} screenshots in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
