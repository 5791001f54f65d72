"""Standalone emulator: ``python -m tests.fake_gemini --port 8765 [--fault SPEC]...``."""

from __future__ import annotations

import argparse
import signal
import sys
import threading

from .faults import parse_fault_spec
from .server import FakeGemini


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fake_gemini", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        metavar="SPEC",
        help="queue faults, e.g. 'http_error,status=429,retry_after=1' (repeatable)",
    )
    parser.add_argument("--no-validate", action="store_true", help="skip SDK body validation")
    parser.add_argument("--processing-polls", type=int, default=1)
    args = parser.parse_args(argv)

    fake = FakeGemini(host=args.host, port=args.port, validate=not args.no_validate)
    try:
        faults = [fault for spec in args.fault for fault in parse_fault_spec(spec)]
    except (ValueError, TypeError) as exc:
        parser.error(str(exc))
    fake.start()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    for fault in faults:
        fake.add_fault(fault)
    fake.set_processing_polls(args.processing_polls)
    # The URL line is machine-readable: subprocess users wait for it.
    print(f"fake-gemini listening on {fake.base_url} (any key not starting with 'invalid')")
    sys.stdout.flush()
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        fake.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
