"""Consent purposes and how a genome document says one is granted."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

SOCIAL_ANALYSIS = "social_analysis"
PERSONALIZATION = "personalization"
SENSITIVE_INFERENCE = "sensitive_inference"
PURPOSES: tuple[str, ...] = (SOCIAL_ANALYSIS, PERSONALIZATION, SENSITIVE_INFERENCE)


def is_granted(genome: Mapping[str, Any] | None, purpose: str) -> bool:
    """Whether ``genome`` (a stored genome document, or None) has ``purpose`` granted now."""
    if not genome:
        return False
    consent = (genome.get("consents") or {}).get(purpose) or {}
    return bool(consent.get("granted"))
