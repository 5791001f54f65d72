"""`python -m desktop_app` behaves like the `gemdesk` command."""

import sys

from desktop_app.app import main

sys.exit(main())
