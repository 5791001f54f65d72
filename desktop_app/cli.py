"""The `gemdesk` command line over the same engine and history as the GUI.

::

    gemdesk ask [PROMPT] [-m MODEL] [-s SYSTEM] [--thinking LEVEL] [--temperature T]
                [--top-p P] [--max-tokens N] [-a FILE]... [-c | --continue ID]
                [--stateless] [--show-thinking] [--json]
    gemdesk history list | show ID | search TEXT | export ID --format md|html|json | rm ID
    gemdesk models

Exit codes: 0 ok, 2 usage, 3 API or input error (a human message on stderr), 130 when
interrupted with Ctrl-C (the partial answer is saved as stopped). An answer the model
ended at a limit the request set (``--max-tokens``) is not an error: it is printed,
saved as incomplete, and the command exits 0 with a warning on stderr.

Never imports Qt: start-up stays fast and the CLI works on a machine without a display.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import signal
import sys
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any

from desktop_app import __version__

__all__ = ["EXIT_ERROR", "EXIT_INTERRUPTED", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_ERROR = 3
EXIT_INTERRUPTED = 130


class UsageError(Exception):
    """Bad command-line usage (exit 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}")


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive: {text}")
    return value


def _ranged_float(low: float, high: float) -> argparse._ActionType:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"must be between {low:g} and {high:g}: {text}")
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gemdesk",
        description="Gemdesk command line: ask Gemini, browse the history.",
    )
    parser.add_argument("--version", action="version", version=f"gemdesk {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    ask = commands.add_parser("ask", help="ask a question; the answer streams to stdout")
    ask.add_argument("prompt", nargs="?", help="the prompt (default: read from stdin)")
    ask.add_argument("-m", "--model", help="model id, e.g. gemini-3-flash-preview")
    ask.add_argument("-s", "--system", help="system instruction")
    ask.add_argument("--preset", help="start a new conversation from this preset")
    ask.add_argument("--thinking", metavar="LEVEL", help="minimal, low, medium, high")
    ask.add_argument("--temperature", type=_ranged_float(0.0, 2.0), metavar="T")
    ask.add_argument("--top-p", type=_ranged_float(0.0, 1.0), metavar="P")
    ask.add_argument(
        "--max-tokens",
        type=_positive_int,
        metavar="N",
        help="output token limit (an answer cut there exits 0 with a warning)",
    )
    ask.add_argument("--seed", type=int, metavar="N")
    ask.add_argument(
        "--stop", action="append", default=[], metavar="TEXT", help="stop sequence (repeatable)"
    )
    ask.add_argument(
        "-a", "--attach", action="append", default=[], metavar="FILE", help="attach a file"
    )
    follow = ask.add_mutually_exclusive_group()
    follow.add_argument(
        "-c", dest="continue_latest", action="store_true", help="continue the latest conversation"
    )
    follow.add_argument("--continue", dest="continue_id", type=int, metavar="ID")
    mode = ask.add_mutually_exclusive_group()
    mode.add_argument(
        "--stateless", action="store_true", help="store=false: replay the history each turn"
    )
    mode.add_argument("--stateful", action="store_true", help="server-side history (default)")
    ask.add_argument(
        "--show-thinking", action="store_true", help="print thought summaries to stderr"
    )
    ask.add_argument("--json", action="store_true", help="print the final interaction as JSON")

    history = commands.add_parser("history", help="the saved conversations")
    hist = history.add_subparsers(dest="history_command", metavar="ACTION", parser_class=_Parser)
    hist.required = True
    listing = hist.add_parser("list", help="list conversations, most recent first")
    listing.add_argument("-n", "--limit", type=_positive_int, default=50)
    listing.add_argument("--json", action="store_true")
    show = hist.add_parser("show", help="print a conversation")
    show.add_argument("id", type=int)
    show.add_argument("--json", action="store_true")
    search = hist.add_parser("search", help="full-text search")
    search.add_argument("text")
    search.add_argument("-n", "--limit", type=_positive_int, default=50)
    export = hist.add_parser("export", help="export a conversation")
    export.add_argument("id", type=int)
    export.add_argument("--format", choices=("md", "html", "json"), default="md")
    export.add_argument("-o", "--output", help="write to this file instead of stdout")
    remove = hist.add_parser("rm", help="delete a conversation")
    remove.add_argument("id", type=int)

    models = commands.add_parser("models", help="list the models the key can use")
    models.add_argument("--json", action="store_true")
    models.add_argument("--all", action="store_true", help="include models that cannot chat")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    try:
        args = parser.parse_args(args_list)
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        print("Try 'gemdesk COMMAND --help'.", file=sys.stderr)
        return EXIT_USAGE
    except SystemExit as exc:  # --help / --version
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    _quiet_logging()
    _safe_streams()
    try:
        if args.command == "ask":
            return _ask(args)
        if args.command == "history":
            return asyncio.run(_history(args))
        return asyncio.run(_models(args))
    except KeyboardInterrupt:
        print("\ngemdesk: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except _Failure as exc:
        print(f"gemdesk: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        # `gemdesk ... | head`: the reader left; not an error worth a traceback.
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return EXIT_OK


class _Failure(Exception):
    """An API, store or input error: its text is printed and the exit code is 3."""


def _safe_streams() -> None:
    # A terminal that cannot show a character gets a replacement, never a traceback.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors="replace")


def _quiet_logging() -> None:
    # Library warnings would garble a streamed answer; GEMDESK_DEBUG=1 shows them.
    level = logging.DEBUG if os.environ.get("GEMDESK_DEBUG") else logging.CRITICAL
    logging.basicConfig(level=level, stream=sys.stderr, format="%(name)s: %(message)s")


# -- ask ---------------------------------------------------------------------------------


def _read_prompt(args: argparse.Namespace) -> str:
    if args.prompt is not None and args.prompt != "-":
        return str(args.prompt)
    if sys.stdin is None or sys.stdin.isatty():
        if args.prompt == "-":
            return ""
        raise UsageError("gemdesk ask: give a PROMPT, or pipe one on stdin")
    try:
        return sys.stdin.read()
    except UnicodeDecodeError:
        raise _Failure("the prompt on stdin is not valid UTF-8 text") from None


def _ask(args: argparse.Namespace) -> int:
    from desktop_app.core.attachments import validate_file
    from desktop_app.core.errors import AttachmentError

    try:
        prompt = _read_prompt(args)
    except UsageError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_USAGE
    # Every input is checked before the history is opened or a byte is sent.
    sources = []
    for name in args.attach:
        try:
            sources.append(validate_file(name))
        except AttachmentError as exc:
            raise _Failure(str(exc)) from None
    if not prompt.strip() and not sources:
        raise _Failure("the prompt is empty")
    return asyncio.run(_ask_async(args, prompt, sources))


def _generation_overrides(args: argparse.Namespace) -> dict[str, Any]:
    changes: dict[str, Any] = {
        "thinking_level": args.thinking,
        "temperature": args.temperature,
        "top_p": args.top_p,
        "max_output_tokens": args.max_tokens,
        "seed": args.seed,
    }
    if args.stop:
        changes["stop_sequences"] = tuple(args.stop)
    if args.show_thinking:
        changes["thinking_summaries"] = "auto"
    return changes


async def _ask_async(args: argparse.Namespace, prompt: str, sources: list[Any]) -> int:
    from desktop_app.core import (
        Done,
        Engine,
        EngineError,
        ErrorOccurred,
        Mode,
        Notice,
        TextDelta,
        ThoughtDelta,
        UploadProgress,
    )
    from desktop_app.core.preferences import load_preferences

    async with _services(require_key=True) as (store, client):
        engine = Engine(store, client, default_settings=load_preferences().conversation_defaults())
        await _recover(engine)
        session = _ask_session(engine, args)
        settings = session.settings
        try:
            settings = settings.with_changes(
                generation=settings.generation.merged(**_generation_overrides(args))
            )
            if args.model:
                settings = settings.with_changes(model=args.model)
            if args.system is not None:
                settings = settings.with_changes(system_instruction=args.system)
        except ValueError as exc:
            raise _Failure(str(exc)) from None
        if args.stateless:
            settings = settings.with_changes(mode=Mode.STATELESS, chain_refusals=0)
        elif args.stateful:
            settings = settings.with_changes(mode=Mode.STATEFUL, chain_refusals=0)
        if settings != session.settings:
            session.update_settings(settings)

        interrupted = False

        def on_sigint() -> None:
            nonlocal interrupted
            interrupted = True
            session.stop()
            # A second Ctrl-C is the ordinary KeyboardInterrupt, should stopping hang.
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(signal.SIGINT)

        loop = asyncio.get_running_loop()
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signal.SIGINT, on_sigint)
        out = sys.stdout
        shown = ""
        status = "error"
        error: str | None = None
        final: dict[str, Any] | None = None
        progress_shown = False
        thinking_open = False
        try:
            async for event in session.send(prompt, sources):
                if isinstance(event, TextDelta):
                    if thinking_open:
                        sys.stderr.write("\n\n")
                        sys.stderr.flush()
                        thinking_open = False
                    shown += event.text
                    if not args.json:
                        out.write(event.text)
                        out.flush()
                elif isinstance(event, ThoughtDelta):
                    if args.show_thinking:
                        sys.stderr.write(event.text)
                        sys.stderr.flush()
                        thinking_open = True
                elif isinstance(event, UploadProgress):
                    progress_shown = _show_progress(event) or progress_shown
                elif isinstance(event, Notice):
                    print(f"gemdesk: note: {event.text}", file=sys.stderr)
                elif isinstance(event, ErrorOccurred):
                    error = event.message
                elif isinstance(event, Done):
                    status = event.status
                    final = event.interaction
        except EngineError as exc:
            raise _Failure(exc.human_message()) from None
        finally:
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(signal.SIGINT)
        if shown and not shown.endswith("\n") and not args.json:
            out.write("\n")
            out.flush()
        if args.json and final is not None:
            out.write(json.dumps(final, ensure_ascii=False, indent=2) + "\n")
            out.flush()
        if status == "stopped" or (interrupted and status != "complete"):
            print("gemdesk: stopped; the partial answer was saved", file=sys.stderr)
            return EXIT_INTERRUPTED
        if interrupted:  # after the answer, while naming the conversation: nothing lost
            return EXIT_INTERRUPTED
        if status == "complete" and error is None:
            return EXIT_OK
        if status == "incomplete" and final is not None and final.get("status") in _CUT_AT_LIMIT:
            print(f"gemdesk: warning: {error} It was saved as incomplete.", file=sys.stderr)
            return EXIT_OK
        print(f"gemdesk: {error or 'the answer did not complete'}", file=sys.stderr)
        return EXIT_ERROR


# Server statuses of an answer ended by a limit the request set: shown, not failed.
_CUT_AT_LIMIT = ("incomplete", "budget_exceeded")


def _show_progress(event: Any) -> bool:
    if not sys.stderr.isatty() or event.total <= 0:
        return False
    percent = int(event.sent * 100 / event.total)
    end = "\n" if event.sent >= event.total else ""
    sys.stderr.write(f"\ruploading {event.attachment}: {percent:3d}%{end}")
    sys.stderr.flush()
    return True


def _ask_session(engine: Any, args: argparse.Namespace) -> Any:
    from desktop_app.core import NotFoundError

    if args.continue_id is not None:
        try:
            return engine.open_conversation(args.continue_id)
        except NotFoundError as exc:
            raise _Failure(str(exc)) from None
    if args.continue_latest:
        latest = engine.latest_conversation()
        if latest is not None:
            return latest
    preset = None
    if args.preset:
        preset = engine.presets.get(args.preset)
        if preset is None:
            names = ", ".join(p.name for p in engine.presets.all())
            raise _Failure(f"no preset named {args.preset!r} (available: {names})")
    return engine.new_conversation(preset=preset)


# -- shared services -----------------------------------------------------------------------


@contextlib.asynccontextmanager
async def _services(
    *, require_key: bool, only_to_recover: bool = False
) -> AsyncIterator[tuple[Any, Any]]:
    """The history store and, when a key is known, an API client (closed on exit).

    *only_to_recover*: the client is wanted only to settle interrupted answers, so it
    is not created (nor httpx imported) when there are none.
    """
    from desktop_app.core.credentials import resolve_api_key
    from desktop_app.store import HistoryStore, StoreError

    key = resolve_api_key()
    if key is None and require_key:
        raise _Failure(
            "no API key: set GEMINI_API_KEY (or GOOGLE_API_KEY), or save one in the "
            "app's Preferences"
        )
    try:
        store = HistoryStore.open()
    except StoreError as exc:
        raise _Failure(str(exc)) from None
    try:
        if store.recovered_from_corruption is not None:
            print(
                "gemdesk: the history database was damaged; it was moved to "
                f"{store.recovered_from_corruption} and a new one was started",
                file=sys.stderr,
            )
        if key is None or (only_to_recover and not store.messages_in_state()):
            yield store, None
            return
        from desktop_app.api.client import GeminiClient
        from desktop_app.core.preferences import load_preferences

        base_url = load_preferences().effective_base_url()
        async with GeminiClient(key.value, base_url=base_url) as client:
            yield store, client
    except StoreError as exc:
        raise _Failure(str(exc)) from None
    finally:
        store.close()


async def _recover(engine: Any) -> None:
    from desktop_app.store import StoreError

    try:
        recovered = await engine.recover_interrupted()
    except StoreError as exc:
        raise _Failure(str(exc)) from None
    for item in recovered:
        what = "completed from the server" if item.status == "complete" else "marked incomplete"
        print(
            f"gemdesk: an interrupted answer in conversation {item.conversation_id} was {what}",
            file=sys.stderr,
        )


# -- history -----------------------------------------------------------------------------


async def _history(args: argparse.Namespace) -> int:
    from desktop_app.store import MATCH_END, MATCH_START, NotFoundError, dump_json

    async with _services(require_key=False, only_to_recover=True) as (store, client):
        if store.messages_in_state():
            from desktop_app.core import Engine

            await _recover(Engine(store, client, generate_titles=False))
        action = args.history_command
        try:
            if action == "list":
                conversations = store.list_conversations(limit=args.limit, archived=None)
                if args.json:
                    rows = [
                        {
                            "id": c.id,
                            "title": c.title,
                            "updated": c.updated.isoformat(),
                            "model": c.settings.model,
                            "stateful": c.settings.stateful,
                            "pinned": c.pinned,
                            "archived": c.archived,
                        }
                        for c in conversations
                    ]
                    print(json.dumps(rows, ensure_ascii=False, indent=2))
                    return EXIT_OK
                for c in conversations:
                    when = c.updated.astimezone().strftime("%Y-%m-%d %H:%M")
                    flags = ("*" if c.pinned else "") + ("a" if c.archived else "")
                    print(f"{c.id:>6}  {when}  {flags:<2} {c.title or '(untitled)'}")
                return EXIT_OK
            if action == "show":
                if args.json:
                    document = await asyncio.to_thread(
                        store.export_json, args.id, include_attachment_data=False
                    )
                    print(dump_json(document))
                else:
                    sys.stdout.write(await asyncio.to_thread(store.export_markdown, args.id))
                return EXIT_OK
            if action == "search":
                hits = await asyncio.to_thread(store.search, args.text, args.limit)
                if not hits:
                    print(f"gemdesk: nothing matches {args.text!r}", file=sys.stderr)
                    return EXIT_OK
                for hit in hits:
                    snippet = " ".join(hit.snippet.split())
                    snippet = snippet.replace(MATCH_START, "[").replace(MATCH_END, "]")
                    where = f"{hit.conversation_id}" + (
                        f"#{hit.message_id}" if hit.message_id is not None else ""
                    )
                    print(f"{where:>10}  {hit.title or '(untitled)'}: {snippet}")
                return EXIT_OK
            if action == "export":
                if args.format == "md":
                    text = await asyncio.to_thread(store.export_markdown, args.id)
                elif args.format == "html":
                    text = await asyncio.to_thread(store.export_html, args.id)
                else:
                    text = dump_json(await asyncio.to_thread(store.export_json, args.id))
                if args.output:
                    try:
                        await asyncio.to_thread(
                            Path(args.output).write_text, text, encoding="utf-8"
                        )
                    except OSError as exc:
                        raise _Failure(f"cannot write {args.output}: {exc.strerror}") from None
                else:
                    sys.stdout.write(text if text.endswith("\n") else text + "\n")
                return EXIT_OK
            # rm
            title = store.get_conversation(args.id).title
            await asyncio.to_thread(store.delete_conversation, args.id)
            print(f"deleted conversation {args.id} ({title or 'untitled'})", file=sys.stderr)
            return EXIT_OK
        except NotFoundError as exc:
            raise _Failure(str(exc)) from None


# -- models ------------------------------------------------------------------------------


async def _models(args: argparse.Namespace) -> int:
    from desktop_app.api.errors import ApiError

    async with _services(require_key=True) as (_, client):
        try:
            models = await client.list_models()
        except ApiError as exc:
            raise _Failure(exc.human_message()) from None
    if not args.all:
        models = [m for m in models if m.can_generate]
    if args.json:
        print(json.dumps([m.raw for m in models], ensure_ascii=False, indent=2))
        return EXIT_OK
    width = max((len(m.id) for m in models), default=0)
    for m in models:
        print(f"{m.id:<{width}}  {m.display_name}")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
