"""Entry point and wiring: QApplication, the qasync loop, single instance, services.

``gemdesk ask|history|models`` goes to :mod:`desktop_app.cli` and ``--version``
prints before anything heavy is imported: Qt, httpx and the renderer are
imported inside the functions that need them, so the command line stays fast
and works without a display.

::

    gemdesk [--verbose] [--basedir DIR] [--quick-prompt | --new-chat] [FILE...]
    gemdesk --self-test
    gemdesk --version

A second launch hands its request to the running instance and exits 0.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from desktop_app import __version__

if TYPE_CHECKING:
    import argparse

CLI_COMMANDS = frozenset({"ask", "history", "models"})
# QApplication's own options that take a value (``-style fusion``), so that the
# value is not mistaken for a file to attach.
QT_OPTIONS_WITH_VALUE = frozenset(
    {
        "platform",
        "platformpluginpath",
        "platformtheme",
        "plugin",
        "qwindowgeometry",
        "qwindowicon",
        "qwindowtitle",
        "display",
        "style",
        "stylesheet",
        "session",
        "name",
        "title",
        "visual",
        "qmljsdebugger",
    }
)

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_USAGE = 2


@dataclass(frozen=True)
class Options:
    verbose: bool = False
    quick_prompt: bool = False
    new_chat: bool = False
    self_test: bool = False
    basedir: str | None = None
    files: list[str] = field(default_factory=list)
    qt_args: list[str] = field(default_factory=list)


def build_parser() -> argparse.ArgumentParser:
    import argparse  # only with arguments: a launch without any never needs it

    parser = argparse.ArgumentParser(
        prog="gemdesk",
        description="Gemdesk, a desktop assistant for Google's Gemini Interactions API. "
        "`gemdesk ask|history|models --help` for the command line.",
    )
    parser.add_argument("--version", action="version", version=f"gemdesk {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log at debug level")
    parser.add_argument(
        "--basedir", metavar="DIR", help="keep settings, history and logs below DIR"
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--quick-prompt",
        action="store_true",
        help="open the quick prompt (bind this to a global shortcut)",
    )
    mode.add_argument("--new-chat", action="store_true", help="open a new chat")
    mode.add_argument(
        "--self-test",
        action="store_true",
        help="check that the app can start (temporary profile, no window shown), then exit",
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="attach to a new chat")
    return parser


def parse_options(args: Sequence[str]) -> Options:
    """Parse our flags; unknown ``-x`` options are left for Qt (``-platform``, ``-style``)."""
    if not args:
        # The launcher's case. argparse would import shutil (and lzma, bz2) to size help
        # text nobody asked for: ~10 ms before the first paint.
        return Options()
    qt_args: list[str] = []
    ours: list[str] = []
    tokens = iter(args)
    for token in tokens:
        if token.startswith("-") and token.lstrip("-") in QT_OPTIONS_WITH_VALUE:
            qt_args.append(token)
            value = next(tokens, None)
            if value is not None:
                qt_args.append(value)
        else:
            ours.append(token)
    namespace, rest = build_parser().parse_known_args(ours)
    qt_args += [a for a in rest if a.startswith("-")]
    files = [*namespace.files, *(a for a in rest if not a.startswith("-"))]
    return Options(
        verbose=namespace.verbose,
        quick_prompt=namespace.quick_prompt,
        new_chat=namespace.new_chat,
        self_test=namespace.self_test,
        basedir=namespace.basedir,
        files=files,
        qt_args=qt_args,
    )


def skip_httpx_command_line() -> None:
    """Keep httpx from importing its own command-line client into this process.

    ``import httpx`` loads ``httpx._main`` (click, rich, pygments' formatters:
    ≈9 MiB and ≈100 ms) whenever those packages happen to be installed, e.g. by
    development tools. Gemdesk never runs httpx's CLI; with the entry blocked,
    httpx falls back to its stub ``httpx.main`` and everything else is unchanged.
    """
    if "httpx" not in sys.modules:
        sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]


def main(argv: Sequence[str] | None = None) -> int:
    skip_httpx_command_line()
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] in CLI_COMMANDS:
        from desktop_app.cli import main as cli_main

        return cli_main(args)
    if args[:1] == ["--version"]:
        print(f"gemdesk {__version__}")  # noqa: T201
        return EXIT_OK
    try:
        options = parse_options(args)
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2)
        return exc.code if isinstance(exc.code, int) else EXIT_USAGE
    if options.self_test:
        import faulthandler

        from desktop_app.ui.self_test import run_self_test

        # A crash in native code still names the step: the traceback goes to stderr.
        faulthandler.enable()
        return run_self_test()
    from desktop_app import paths

    if options.basedir:
        paths.set_base_dir(options.basedir)
    return run_gui(options)


def run_gui(options: Options) -> int:
    from desktop_app.crash import CrashHandler
    from desktop_app.logging_setup import setup_logging, shutdown_logging

    setup_logging(verbose=options.verbose)
    crash_handler = CrashHandler()
    crash_handler.install()
    try:
        import PySide6.QtCore  # noqa: F401  (the hook to adjust comes with it)

        from desktop_app.ui.qt_import_hook import spare_linecache

        spare_linecache()
        from desktop_app.ui.single_instance import InstanceRequest, send_to_running

        request = InstanceRequest.from_args(
            quick_prompt=options.quick_prompt, new_chat=options.new_chat, files=options.files
        )
        # A second launch hands over before the window's heavy imports: it stays quick.
        if send_to_running(request):
            logging.getLogger(__name__).info("handed the request to the running instance")
            return EXIT_OK
        from desktop_app.ui.launch import run_shell

        return run_shell(options, request, crash_handler)
    except Exception as exc:
        report = crash_handler.handle((type(exc), exc, exc.__traceback__), context="start-up")
        where = report.crash_file if report is not None and report.crash_file else "the log"
        print(f"gemdesk: could not start; details in {where}", file=sys.stderr)  # noqa: T201
        return EXIT_FAILURE
    finally:
        crash_handler.uninstall()
        shutdown_logging()
