"""``python -m services.cli`` is the ``lifecue`` command."""

import sys

from services.cli import main

sys.exit(main())
