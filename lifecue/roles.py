"""The caller roles: one list read by settings, tokens and the authorization matrix.

A role says what a caller may do (``services/auth/matrix.py`` holds the table of who
may call which method); ``admin`` may call everything.
"""

from __future__ import annotations

from typing import Literal

Role = Literal["commerce", "ingest", "loyalty", "steward", "admin"]

COMMERCE: Role = "commerce"
INGEST: Role = "ingest"
LOYALTY: Role = "loyalty"
STEWARD: Role = "steward"
ADMIN: Role = "admin"

ROLES: tuple[Role, ...] = (COMMERCE, INGEST, LOYALTY, STEWARD, ADMIN)
