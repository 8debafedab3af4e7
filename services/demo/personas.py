"""The demo's named consumers: who they are and what they consented to.

Steps of other services use these ids (posts, purchases, recommendations), so the
summary can tell one story per person.
"""

from __future__ import annotations

from dataclasses import dataclass

from genome_store import PERSONALIZATION, SENSITIVE_INFERENCE, SOCIAL_ANALYSIS


@dataclass(frozen=True)
class Persona:
    """A demo consumer."""

    consumer_id: str
    name: str
    story: str
    consents: tuple[str, ...]


PERSONAS: tuple[Persona, ...] = (
    Persona("c-ana", "Ana", "her sister marries in a few weeks", (SOCIAL_ANALYSIS, PERSONALIZATION)),
    Persona("c-ben", "Ben", "expecting a baby, shares everything",
            (SOCIAL_ANALYSIS, PERSONALIZATION, SENSITIVE_INFERENCE)),
    Persona("c-chloe", "Chloe", "just moved house, but never allowed personalisation", (SOCIAL_ANALYSIS,)),
    Persona("c-dev", "Dev", "a big spender with a birthday coming; no social analysis", (PERSONALIZATION,)),
    Persona("c-eve", "Eve", "pregnant, but did not allow sensitive inference", (SOCIAL_ANALYSIS, PERSONALIZATION)),
)  # fmt: skip
