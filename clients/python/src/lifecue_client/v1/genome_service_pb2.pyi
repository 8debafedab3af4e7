import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from lifecue_client.v1 import common_pb2 as _common_pb2
from lifecue_client.v1 import consent_service_pb2 as _consent_service_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetGenomeRequest(_message.Message):
    __slots__ = ("consumer_id",)
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    consumer_id: str
    def __init__(self, consumer_id: _Optional[str] = ...) -> None: ...

class CategorySpend(_message.Message):
    __slots__ = ("category", "value_12m", "lifetime_value", "orders")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    VALUE_12M_FIELD_NUMBER: _ClassVar[int]
    LIFETIME_VALUE_FIELD_NUMBER: _ClassVar[int]
    ORDERS_FIELD_NUMBER: _ClassVar[int]
    category: str
    value_12m: float
    lifetime_value: float
    orders: int
    def __init__(self, category: _Optional[str] = ..., value_12m: _Optional[float] = ..., lifetime_value: _Optional[float] = ..., orders: _Optional[int] = ...) -> None: ...

class PurchaseSummary(_message.Message):
    __slots__ = ("value_12m", "lifetime_value", "orders", "first_at", "last_at", "per_category")
    VALUE_12M_FIELD_NUMBER: _ClassVar[int]
    LIFETIME_VALUE_FIELD_NUMBER: _ClassVar[int]
    ORDERS_FIELD_NUMBER: _ClassVar[int]
    FIRST_AT_FIELD_NUMBER: _ClassVar[int]
    LAST_AT_FIELD_NUMBER: _ClassVar[int]
    PER_CATEGORY_FIELD_NUMBER: _ClassVar[int]
    value_12m: float
    lifetime_value: float
    orders: int
    first_at: _timestamp_pb2.Timestamp
    last_at: _timestamp_pb2.Timestamp
    per_category: _containers.RepeatedCompositeFieldContainer[CategorySpend]
    def __init__(self, value_12m: _Optional[float] = ..., lifetime_value: _Optional[float] = ..., orders: _Optional[int] = ..., first_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., last_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., per_category: _Optional[_Iterable[_Union[CategorySpend, _Mapping]]] = ...) -> None: ...

class LoyaltyState(_message.Message):
    __slots__ = ("tier", "since")
    TIER_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    tier: _common_pb2.Tier
    since: _timestamp_pb2.Timestamp
    def __init__(self, tier: _Optional[_Union[_common_pb2.Tier, str]] = ..., since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Segments(_message.Message):
    __slots__ = ("rfm", "behaviour")
    RFM_FIELD_NUMBER: _ClassVar[int]
    BEHAVIOUR_FIELD_NUMBER: _ClassVar[int]
    rfm: str
    behaviour: str
    def __init__(self, rfm: _Optional[str] = ..., behaviour: _Optional[str] = ...) -> None: ...

class Genome(_message.Message):
    __slots__ = ("consumer_id", "schema_version", "created_at", "updated_at", "consents", "life_events", "purchases", "loyalty", "segments")
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    SCHEMA_VERSION_FIELD_NUMBER: _ClassVar[int]
    CREATED_AT_FIELD_NUMBER: _ClassVar[int]
    UPDATED_AT_FIELD_NUMBER: _ClassVar[int]
    CONSENTS_FIELD_NUMBER: _ClassVar[int]
    LIFE_EVENTS_FIELD_NUMBER: _ClassVar[int]
    PURCHASES_FIELD_NUMBER: _ClassVar[int]
    LOYALTY_FIELD_NUMBER: _ClassVar[int]
    SEGMENTS_FIELD_NUMBER: _ClassVar[int]
    consumer_id: str
    schema_version: int
    created_at: _timestamp_pb2.Timestamp
    updated_at: _timestamp_pb2.Timestamp
    consents: _containers.RepeatedCompositeFieldContainer[_consent_service_pb2.ConsentState]
    life_events: _containers.RepeatedCompositeFieldContainer[_common_pb2.LifeEvent]
    purchases: PurchaseSummary
    loyalty: LoyaltyState
    segments: Segments
    def __init__(self, consumer_id: _Optional[str] = ..., schema_version: _Optional[int] = ..., created_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., updated_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., consents: _Optional[_Iterable[_Union[_consent_service_pb2.ConsentState, _Mapping]]] = ..., life_events: _Optional[_Iterable[_Union[_common_pb2.LifeEvent, _Mapping]]] = ..., purchases: _Optional[_Union[PurchaseSummary, _Mapping]] = ..., loyalty: _Optional[_Union[LoyaltyState, _Mapping]] = ..., segments: _Optional[_Union[Segments, _Mapping]] = ...) -> None: ...

class GetGenomeResponse(_message.Message):
    __slots__ = ("genome",)
    GENOME_FIELD_NUMBER: _ClassVar[int]
    genome: Genome
    def __init__(self, genome: _Optional[_Union[Genome, _Mapping]] = ...) -> None: ...

class UpsertProductsRequest(_message.Message):
    __slots__ = ("products",)
    PRODUCTS_FIELD_NUMBER: _ClassVar[int]
    products: _containers.RepeatedCompositeFieldContainer[_common_pb2.Product]
    def __init__(self, products: _Optional[_Iterable[_Union[_common_pb2.Product, _Mapping]]] = ...) -> None: ...

class UpsertProductsResponse(_message.Message):
    __slots__ = ("results",)
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[_common_pb2.ItemResult]
    def __init__(self, results: _Optional[_Iterable[_Union[_common_pb2.ItemResult, _Mapping]]] = ...) -> None: ...

class RecordPurchasesRequest(_message.Message):
    __slots__ = ("purchases",)
    PURCHASES_FIELD_NUMBER: _ClassVar[int]
    purchases: _containers.RepeatedCompositeFieldContainer[_common_pb2.Purchase]
    def __init__(self, purchases: _Optional[_Iterable[_Union[_common_pb2.Purchase, _Mapping]]] = ...) -> None: ...

class RecordPurchasesResponse(_message.Message):
    __slots__ = ("results", "accepted", "duplicates")
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    DUPLICATES_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[_common_pb2.ItemResult]
    accepted: int
    duplicates: int
    def __init__(self, results: _Optional[_Iterable[_Union[_common_pb2.ItemResult, _Mapping]]] = ..., accepted: _Optional[int] = ..., duplicates: _Optional[int] = ...) -> None: ...
