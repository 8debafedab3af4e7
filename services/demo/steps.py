"""The order of the demo steps."""

from __future__ import annotations

from types import ModuleType

from services.demo import consents, health, loyalty

STEPS: tuple[ModuleType, ...] = (health, consents, loyalty)
