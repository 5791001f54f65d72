"""The `gemdesk` command line over the same engine and history as the GUI.

Grown by the engine issue; `gemdesk ask|history|models`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    print(f"gemdesk: '{args[0] if args else ''}' is not available yet", file=sys.stderr)
    return 2
