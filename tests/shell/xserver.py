"""A private X server with a system tray: Xvfb plus trayer (an XEmbed tray host).

Used by the tray tests, which run Gemdesk in a subprocess on the xcb platform
while the rest of the suite stays offscreen in-process.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

START_TIMEOUT = 20.0


class XServerError(RuntimeError):
    pass


def _libx11() -> ctypes.CDLL:
    name = ctypes.util.find_library("X11")
    if name is None:
        raise XServerError("libX11 is not installed")
    lib = ctypes.CDLL(name)
    lib.XOpenDisplay.restype = ctypes.c_void_p
    lib.XOpenDisplay.argtypes = [ctypes.c_char_p]
    lib.XInternAtom.restype = ctypes.c_ulong
    lib.XInternAtom.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int]
    lib.XGetSelectionOwner.restype = ctypes.c_ulong
    lib.XGetSelectionOwner.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
    lib.XCloseDisplay.argtypes = [ctypes.c_void_p]
    return lib


def tray_owner(display: str) -> int:
    """The window owning ``_NET_SYSTEM_TRAY_S0`` on *display* (0: no tray host)."""
    lib = _libx11()
    handle = lib.XOpenDisplay(display.encode())
    if not handle:
        raise XServerError(f"cannot open display {display}")
    try:
        atom = lib.XInternAtom(handle, b"_NET_SYSTEM_TRAY_S0", 0)
        return int(lib.XGetSelectionOwner(handle, atom))
    finally:
        lib.XCloseDisplay(handle)


@dataclass
class TrayDisplay:
    display: str
    xvfb: subprocess.Popen[bytes]
    trayer: subprocess.Popen[bytes]

    def env(self, base: dict[str, str] | None = None) -> dict[str, str]:
        env = dict(os.environ if base is None else base)
        env["DISPLAY"] = self.display
        env["QT_QPA_PLATFORM"] = "xcb"
        # No D-Bus session here: Qt must use the XEmbed tray, not StatusNotifierItem.
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        env.pop("WAYLAND_DISPLAY", None)
        return env

    def stop(self) -> None:
        for proc in (self.trayer, self.xvfb):
            if proc.poll() is None:
                proc.terminate()
                try:
                    proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    proc.kill()
                    proc.wait(timeout=10)


def start_tray_display(log_dir: Path, attempts: int = 3) -> TrayDisplay:
    """Xvfb plus trayer, retried: another suite's X server may race us for a display."""
    for attempt in range(attempts):
        try:
            return _start_once(log_dir)
        except XServerError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.5)
    raise AssertionError("unreachable")


def _start_once(log_dir: Path) -> TrayDisplay:
    """Start Xvfb on a display it picks itself (``-displayfd``), then trayer on it."""
    for tool in ("Xvfb", "trayer"):
        if shutil.which(tool) is None:
            raise XServerError(f"{tool} is not installed (apt-get install xvfb trayer)")
    read_fd, write_fd = os.pipe()
    xvfb_log = open(log_dir / "xvfb.log", "wb")  # noqa: SIM115 (closed with the process)
    try:
        xvfb = subprocess.Popen(
            [
                "Xvfb",
                "-displayfd",
                str(write_fd),
                "-screen",
                "0",
                "1280x800x24",
                "-nolisten",
                "tcp",
            ],
            pass_fds=(write_fd,),
            stdout=xvfb_log,
            stderr=subprocess.STDOUT,
        )
    finally:
        xvfb_log.close()
        os.close(write_fd)
    try:
        number = b""
        deadline = time.monotonic() + START_TIMEOUT
        while not number.endswith(b"\n"):
            remaining = deadline - time.monotonic()
            ready, _, _ = select.select([read_fd], [], [], max(remaining, 0))
            if not ready:
                raise XServerError("Xvfb did not report its display number")
            chunk = os.read(read_fd, 16)
            if not chunk:
                raise XServerError("Xvfb exited before reporting its display")
            number += chunk
    except BaseException:
        xvfb.kill()
        xvfb.wait(timeout=10)
        raise
    finally:
        os.close(read_fd)
    display = f":{number.decode().strip()}"
    env = dict(os.environ, DISPLAY=display)
    trayer_log = open(log_dir / "trayer.log", "wb")  # noqa: SIM115
    try:
        trayer = subprocess.Popen(
            [
                "trayer",
                "--edge",
                "top",
                "--align",
                "right",
                "--widthtype",
                "request",
                "--height",
                "32",
                "--expand",
                "true",
                "--transparent",
                "false",
            ],
            env=env,
            stdout=trayer_log,
            stderr=subprocess.STDOUT,
        )
    finally:
        trayer_log.close()
    server = TrayDisplay(display, xvfb, trayer)
    deadline = time.monotonic() + START_TIMEOUT
    try:
        while tray_owner(display) == 0:
            if trayer.poll() is not None or time.monotonic() > deadline:
                text = (log_dir / "trayer.log").read_text(errors="replace")
                raise XServerError(f"trayer never owned the tray selection: {text[-1000:]}")
            time.sleep(0.05)
    except BaseException:
        server.stop()
        raise
    return server
