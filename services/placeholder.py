"""Servicers for services whose domain logic has not landed: every RPC answers UNIMPLEMENTED."""

from __future__ import annotations

from typing import Any

import grpc
from google.protobuf.descriptor import ServiceDescriptor


def unimplemented(base: type, descriptor: ServiceDescriptor, why: str) -> Any:
    """A servicer of ``base`` whose every method aborts with UNIMPLEMENTED and ``why``."""

    def make(method: str) -> Any:
        def handler(self: Any, request: Any, context: grpc.ServicerContext) -> Any:
            context.abort(
                grpc.StatusCode.UNIMPLEMENTED, f"{descriptor.name}.{method} is not available yet: {why}"
            )

        return handler

    namespace: dict[str, Any] = {m.name: make(m.name) for m in descriptor.methods}
    namespace["implemented"] = False
    return type(f"Unimplemented{descriptor.name}", (base,), namespace)()
