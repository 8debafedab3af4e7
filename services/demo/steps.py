"""The order of the demo steps."""

from __future__ import annotations

from types import ModuleType

from services.demo import catalog, consents, health, loyalty, posts, recommend, review

STEPS: tuple[ModuleType, ...] = (health, catalog, consents, posts, review, loyalty, recommend)
