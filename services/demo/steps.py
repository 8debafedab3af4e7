"""The order of the demo steps."""

from __future__ import annotations

from types import ModuleType

from services.demo import health

STEPS: tuple[ModuleType, ...] = (health,)
