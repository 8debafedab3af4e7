"""Hostile requests for property-based tests, generated from the protobuf descriptors.

`request_strategy(message_class)` draws any message of that type: every field of every
nested message, so a field added to a ``.proto`` is covered without touching the tests.
Scalars mix arbitrary values with the ones that broke lifecue before or are known to break
servers: NUL and control characters, ``.`` and ``$`` in names, 10,000-character strings,
integers at the edges of their width, NaN and infinities, timestamps near year 1 and 9999
and past them, unknown enum numbers. Ids are drawn partly from a small pool (`KNOWN_IDS`)
so that requests also reach stored consumers and products.

``LIFECUE_FUZZ_EXAMPLES`` sets the examples per RPC (default `DEFAULT_EXAMPLES`, what CI
runs); the nightly and outside-style probe runs set it in the thousands.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Callable
from typing import Any

from google.protobuf import descriptor_pool, message_factory
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from google.protobuf.message import Message
from hypothesis import strategies as st

import lifecue.v1
from services.registry import SERVICES

DEFAULT_EXAMPLES = 12
EXAMPLES = int(os.environ.get("LIFECUE_FUZZ_EXAMPLES", DEFAULT_EXAMPLES))

#: ids that exist in the fuzzed database (consumers c1/c2, products p1/p2, ...)
KNOWN_IDS = ("c1", "c2", "p1", "p2", "o1", "i1", "post-1")
KNOWN_CATEGORIES = ("food", "baby")

HOSTILE_TEXT = (
    "",
    " ",
    "\x00",
    "a\x00b",
    "\x00\x01\x02\x1f\x7f",
    ".",
    "a.b",
    "$",
    "$where",
    "$gt",
    "a$b",
    " padded ",
    "\t",
    "\n",
    "\u202e\u200b\ufeff",
    "\U0001f382\U0001f476",
    "e\u0301",
    "\ufffd",
    "../../etc/passwd",
    '{"$ne": null}',
    "' OR 1=1 --",
    "x" * 129,
    "y" * 5001,
    "z" * 10_000,
    "\x00" * 300,
    "my sister's wedding is next Saturday!",
    "We're expecting a baby in June",
    "PURPOSE_PERSONALIZATION",
    "gold",
    "A",
    "sleeping",
)
INT32 = (0, 1, -1, 2, 7, 100, 1000, 1001, 2**31 - 1, -(2**31), 2**15, 36500, 366)
INT64 = (*INT32, 2**63 - 1, -(2**63), 2**53, 10**12)
UINT = (0, 1, 2**32 - 1, 2**64 - 1)
DOUBLES = (0.0, -0.0, 1.0, -1.0, 0.01, 9.99, 1e308, -1e308, 5e-324, float("nan"), float("inf"), float("-inf"))
# seconds of 0001-01-01, 1900, 1969-12-31, 1970, 2026, 2199, 9999-12-31 and just past both ends
SECONDS = (-62135596800, -62135596801, -2208988800, -1, 0, 1_780_000_000, 7_258_118_400,
           253402300799, 253402300800, 2**63 - 1, -(2**63))  # fmt: skip
NANOS = (0, 1, 999_999_999, 1_000_000_000, -1, 2**31 - 1, -(2**31))

_INTS = {
    FieldDescriptor.TYPE_INT32: (INT32, -(2**31), 2**31 - 1),
    FieldDescriptor.TYPE_SINT32: (INT32, -(2**31), 2**31 - 1),
    FieldDescriptor.TYPE_SFIXED32: (INT32, -(2**31), 2**31 - 1),
    FieldDescriptor.TYPE_INT64: (INT64, -(2**63), 2**63 - 1),
    FieldDescriptor.TYPE_SINT64: (INT64, -(2**63), 2**63 - 1),
    FieldDescriptor.TYPE_SFIXED64: (INT64, -(2**63), 2**63 - 1),
    FieldDescriptor.TYPE_UINT32: (UINT[:3], 0, 2**32 - 1),
    FieldDescriptor.TYPE_FIXED32: (UINT[:3], 0, 2**32 - 1),
    FieldDescriptor.TYPE_UINT64: (UINT, 0, 2**64 - 1),
    FieldDescriptor.TYPE_FIXED64: (UINT, 0, 2**64 - 1),
}


def text() -> st.SearchStrategy[str]:
    """Any string protobuf can carry: hostile samples, known ids, arbitrary Unicode (no lone surrogates)."""
    return st.one_of(
        st.sampled_from(HOSTILE_TEXT),
        st.sampled_from(KNOWN_IDS),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
        st.text(st.characters(codec="ascii"), min_size=1, max_size=12),
    )


def _scalar(field: FieldDescriptor) -> st.SearchStrategy[Any]:
    kind = field.type
    if kind == FieldDescriptor.TYPE_STRING:
        if field.name.endswith(("_id", "_ids")):  # mostly stored ids, so requests reach real data
            return st.one_of(st.sampled_from(KNOWN_IDS), st.sampled_from(KNOWN_IDS), text())
        if field.name in ("category", "categories"):
            return st.one_of(st.sampled_from(KNOWN_CATEGORIES), text())
        return text()
    if kind == FieldDescriptor.TYPE_BYTES:
        return st.binary(max_size=64)
    if kind == FieldDescriptor.TYPE_BOOL:
        return st.booleans()
    if kind in (FieldDescriptor.TYPE_DOUBLE, FieldDescriptor.TYPE_FLOAT):
        values = st.floats(allow_nan=True, allow_infinity=True)
        if kind == FieldDescriptor.TYPE_FLOAT:
            values = st.floats(width=32, allow_nan=True, allow_infinity=True)
        return st.one_of(st.sampled_from(DOUBLES), values)
    if kind == FieldDescriptor.TYPE_ENUM:
        numbers = [v.number for v in field.enum_type.values]
        return st.one_of(st.sampled_from(numbers), st.sampled_from((-1, 99, 2**31 - 1, -(2**31))))
    samples, low, high = _INTS[kind]
    return st.one_of(st.sampled_from(samples), st.integers(low, high))


def _timestamp() -> st.SearchStrategy[dict[str, int]]:
    return st.fixed_dictionaries(
        {},
        optional={
            "seconds": st.one_of(st.sampled_from(SECONDS), st.integers(-(2**63), 2**63 - 1)),
            "nanos": st.one_of(st.sampled_from(NANOS), st.integers(-(2**31), 2**31 - 1)),
        },
    )


def _value(field: FieldDescriptor, depth: int) -> st.SearchStrategy[Any]:
    """Strategy for one (non-repeated) value of ``field``, as a constructor argument."""
    if field.type == FieldDescriptor.TYPE_MESSAGE:
        if field.message_type.full_name == "google.protobuf.Timestamp":
            return _timestamp()
        return _fields(field.message_type, depth + 1)
    return _scalar(field)


def _fields(descriptor: Descriptor, depth: int = 0) -> st.SearchStrategy[dict[str, Any]]:
    """Constructor keyword arguments for a message: each field present or not."""
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for field in descriptor.fields:
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            key, value = field.message_type.fields_by_name["key"], field.message_type.fields_by_name["value"]
            optional[field.name] = st.dictionaries(_scalar(key), _value(value, depth), max_size=3)
        elif field.is_repeated:
            if depth > 2:
                continue
            optional[field.name] = st.lists(_value(field, depth), max_size=4)
        elif field.type == FieldDescriptor.TYPE_MESSAGE and depth > 3:
            continue
        else:
            optional[field.name] = _value(field, depth)
    return st.fixed_dictionaries({}, optional=optional)


def request_strategy(message_class: type[Message]) -> st.SearchStrategy[Message]:
    """Any message of ``message_class`` (values protobuf itself refuses to hold are left out)."""
    build: Callable[[dict[str, Any]], Message] = lambda kwargs: _build(message_class, kwargs)  # noqa: E731
    return _fields(message_class.DESCRIPTOR).map(build).filter(lambda m: m is not None)


def _build(message_class: type[Message], kwargs: dict[str, Any]) -> Message | None:
    try:
        return message_class(**kwargs)
    except (ValueError, TypeError, OverflowError):
        return None  # e.g. a float32 protobuf rounds to infinity; the client could not send it either


def lifecue_methods() -> list[tuple[str, Any]]:
    """(``/lifecue.v1.Service/Method``, input message class) of every method the protos define."""
    for module in pkgutil.iter_modules(lifecue.v1.__path__):
        if module.name.endswith("_pb2"):
            importlib.import_module(f"lifecue.v1.{module.name}")
    pool = descriptor_pool.Default()
    found = []
    for spec in SERVICES.values():
        service = pool.FindServiceByName(spec.full_name)
        for method in service.methods:
            message = message_factory.GetMessageClass(method.input_type)
            found.append((f"/{service.full_name}/{method.name}", message))
    for module in pkgutil.iter_modules(lifecue.v1.__path__):
        if module.name.endswith("_pb2"):
            file = importlib.import_module(f"lifecue.v1.{module.name}").DESCRIPTOR
            for service in file.services_by_name.values():
                assert service.full_name in {s.full_name for s in SERVICES.values()}, (
                    f"{service.full_name} is defined in protos/ but not served by services/registry.py"
                )
    return found
