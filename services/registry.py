"""Every lifecue service, by key; `lifecue serve --services` picks from these keys.

A service's edge is imported only when it is selected: the life-event service brings torch,
spaCy and the encoder (hundreds of MB), the recommender brings implicit and SciPy, so a pod
that serves only consent must not pay for them. Listing the services (keys and full names,
for the command line, health checks and tests) imports none of them.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from services.spec import ServiceSpec

__all__ = ["SERVICES", "ServiceEntry", "select"]


@dataclass(frozen=True)
class ServiceEntry:
    """A service by name, and the edge package whose ``SPEC`` builds it."""

    key: str
    full_name: str
    module: str

    def load(self) -> ServiceSpec:
        """Import the edge package and return its spec."""
        spec: ServiceSpec = importlib.import_module(self.module).SPEC
        if (spec.key, spec.full_name) != (self.key, self.full_name):
            raise RuntimeError(f"{self.module}.SPEC is {spec.key}/{spec.full_name}; the registry says {self}")
        return spec


SERVICES: dict[str, ServiceEntry] = {
    e.key: e
    for e in (
        ServiceEntry("consent", "lifecue.v1.ConsentService", "services.consent"),
        ServiceEntry("genome", "lifecue.v1.GenomeService", "services.genome"),
        ServiceEntry("lifeevents", "lifecue.v1.LifeEventService", "services.lifeevents"),
        ServiceEntry("recommender", "lifecue.v1.RecommenderService", "services.recommender"),
        ServiceEntry("loyalty", "lifecue.v1.LoyaltyService", "services.loyalty"),
    )
}


def select(keys: list[str] | None) -> list[ServiceSpec]:
    """The specs for ``keys`` (all when None), importing only those; unknown keys raise ValueError."""
    if not keys:
        return [e.load() for e in SERVICES.values()]
    unknown = [k for k in keys if k not in SERVICES]
    if unknown:
        raise ValueError(f"unknown service(s) {unknown}; choose from {sorted(SERVICES)}")
    return [SERVICES[k].load() for k in dict.fromkeys(keys)]
