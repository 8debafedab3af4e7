"""``python -m services.cli`` is the ``lifecue`` command."""

import sys

from services.cli import main

if __name__ == "__main__":  # serving processes are spawned: they import this module without running it
    sys.exit(main())
