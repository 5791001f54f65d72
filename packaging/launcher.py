"""PyInstaller entry script: the same `main` as the `gemdesk` console script."""

import sys

from desktop_app.app import main

if __name__ == "__main__":
    sys.exit(main())
