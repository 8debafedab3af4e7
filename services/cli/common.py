"""What every subcommand needs: validated settings and logging set up."""

from __future__ import annotations

import sys

from lifecue.config import Settings, UnknownSetting, load_settings
from services.logs import configure_logging


def settings_or_exit(log_format: str | None = None) -> Settings:
    """Load settings and configure logging; print the problem and exit 2 when invalid."""
    try:
        settings = load_settings()
    except (UnknownSetting, ValueError) as exc:
        print(f"lifecue: invalid configuration: {exc}", file=sys.stderr)
        raise SystemExit(2) from exc
    configure_logging(settings.log_level, log_format or settings.log_format)
    return settings
