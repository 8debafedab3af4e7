"""Settings and bearer tokens for benchmark servers (authentication stays on, as it ships).

Every benchmark server gets a fresh random HS256 key; clients send a token of the role
their calls need (``commerce`` for Recommend, ``ingest`` for IngestPosts, ``admin`` for
anything).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any


def bench_settings(state_dir: Path, **overrides: Any) -> Any:
    """lifecue settings for a benchmark: database ``bench``, quiet logs, a fresh token key."""
    from lifecue.config import AuthSettings, Settings

    values: dict[str, Any] = {"db_name": "bench", "state_dir": state_dir, "log_level": "WARNING",
                              "auth": AuthSettings(keys={"bench": secrets.token_hex(32)})}  # fmt: skip
    return Settings(**{**values, **overrides})


def bearer(settings: Any, role: str = "admin") -> tuple[tuple[str, str], ...]:
    """Call metadata carrying a token of ``role`` that servers built from ``settings`` accept."""
    from services.auth import TokenSigner

    token = TokenSigner(settings, embedded=False).token(role, f"bench-{role}", timedelta(hours=6))
    return (("authorization", f"Bearer {token}"),)
