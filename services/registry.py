"""Every lifecue service, by key; `lifecue serve --services` picks from these keys."""

from __future__ import annotations

from services import consent, genome, lifeevents, loyalty, recommender
from services.spec import ServiceSpec

SERVICES: dict[str, ServiceSpec] = {
    spec.key: spec for spec in (consent.SPEC, genome.SPEC, lifeevents.SPEC, recommender.SPEC, loyalty.SPEC)
}


def select(keys: list[str] | None) -> list[ServiceSpec]:
    """The specs for ``keys`` (all when None); unknown keys raise ValueError naming them."""
    if not keys:
        return list(SERVICES.values())
    unknown = [k for k in keys if k not in SERVICES]
    if unknown:
        raise ValueError(f"unknown service(s) {unknown}; choose from {sorted(SERVICES)}")
    return [SERVICES[k] for k in dict.fromkeys(keys)]
