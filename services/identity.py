"""Who is calling: the caller identity taken from request metadata.

Until authentication lands, the identity is whatever the caller puts in the
``x-lifecue-actor`` metadata key; it is recorded in the audit log as given.
"""

from __future__ import annotations

import grpc

ACTOR_KEY = "x-lifecue-actor"
ANONYMOUS = "anonymous"


def actor_of(context: grpc.ServicerContext) -> str:
    """The caller identity of this request, or ``anonymous``."""
    for key, value in context.invocation_metadata() or ():
        if key == ACTOR_KEY and isinstance(value, str) and value.strip():
            return value.strip()[:200]
    return ANONYMOUS
