import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class Purpose(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    PURPOSE_UNSPECIFIED: _ClassVar[Purpose]
    PURPOSE_SOCIAL_ANALYSIS: _ClassVar[Purpose]
    PURPOSE_PERSONALIZATION: _ClassVar[Purpose]
    PURPOSE_SENSITIVE_INFERENCE: _ClassVar[Purpose]

class Tier(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    TIER_UNSPECIFIED: _ClassVar[Tier]
    TIER_NONE: _ClassVar[Tier]
    TIER_SILVER: _ClassVar[Tier]
    TIER_GOLD: _ClassVar[Tier]
    TIER_PLATINUM: _ClassVar[Tier]

class InteractionKind(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    INTERACTION_KIND_UNSPECIFIED: _ClassVar[InteractionKind]
    VIEW: _ClassVar[InteractionKind]
    CLICK: _ClassVar[InteractionKind]
    ADD_TO_CART: _ClassVar[InteractionKind]
    PURCHASE: _ClassVar[InteractionKind]
    DISMISS: _ClassVar[InteractionKind]
    OFFER_REDEEMED: _ClassVar[InteractionKind]

class Subject(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    SUBJECT_UNSPECIFIED: _ClassVar[Subject]
    SUBJECT_SELF: _ClassVar[Subject]
    SUBJECT_NETWORK: _ClassVar[Subject]

class Recurrence(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    RECURRENCE_UNSPECIFIED: _ClassVar[Recurrence]
    RECURRING: _ClassVar[Recurrence]
    ONE_OFF: _ClassVar[Recurrence]

class DatePrecision(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    DATE_PRECISION_UNSPECIFIED: _ClassVar[DatePrecision]
    DAY: _ClassVar[DatePrecision]
    MONTH: _ClassVar[DatePrecision]
    YEAR: _ClassVar[DatePrecision]
    UNKNOWN: _ClassVar[DatePrecision]

class ItemStatus(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    ITEM_STATUS_UNSPECIFIED: _ClassVar[ItemStatus]
    ACCEPTED: _ClassVar[ItemStatus]
    DUPLICATE: _ClassVar[ItemStatus]
    INVALID: _ClassVar[ItemStatus]
    REJECTED_NO_CONSENT: _ClassVar[ItemStatus]

class JobState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    JOB_STATE_UNSPECIFIED: _ClassVar[JobState]
    JOB_STATE_QUEUED: _ClassVar[JobState]
    JOB_STATE_RUNNING: _ClassVar[JobState]
    JOB_STATE_DONE: _ClassVar[JobState]
    JOB_STATE_FAILED: _ClassVar[JobState]
PURPOSE_UNSPECIFIED: Purpose
PURPOSE_SOCIAL_ANALYSIS: Purpose
PURPOSE_PERSONALIZATION: Purpose
PURPOSE_SENSITIVE_INFERENCE: Purpose
TIER_UNSPECIFIED: Tier
TIER_NONE: Tier
TIER_SILVER: Tier
TIER_GOLD: Tier
TIER_PLATINUM: Tier
INTERACTION_KIND_UNSPECIFIED: InteractionKind
VIEW: InteractionKind
CLICK: InteractionKind
ADD_TO_CART: InteractionKind
PURCHASE: InteractionKind
DISMISS: InteractionKind
OFFER_REDEEMED: InteractionKind
SUBJECT_UNSPECIFIED: Subject
SUBJECT_SELF: Subject
SUBJECT_NETWORK: Subject
RECURRENCE_UNSPECIFIED: Recurrence
RECURRING: Recurrence
ONE_OFF: Recurrence
DATE_PRECISION_UNSPECIFIED: DatePrecision
DAY: DatePrecision
MONTH: DatePrecision
YEAR: DatePrecision
UNKNOWN: DatePrecision
ITEM_STATUS_UNSPECIFIED: ItemStatus
ACCEPTED: ItemStatus
DUPLICATE: ItemStatus
INVALID: ItemStatus
REJECTED_NO_CONSENT: ItemStatus
JOB_STATE_UNSPECIFIED: JobState
JOB_STATE_QUEUED: JobState
JOB_STATE_RUNNING: JobState
JOB_STATE_DONE: JobState
JOB_STATE_FAILED: JobState

class SocialPost(_message.Message):
    __slots__ = ("post_id", "consumer_id", "platform", "text", "posted_at")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    POSTED_AT_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    consumer_id: str
    platform: str
    text: str
    posted_at: _timestamp_pb2.Timestamp
    def __init__(self, post_id: _Optional[str] = ..., consumer_id: _Optional[str] = ..., platform: _Optional[str] = ..., text: _Optional[str] = ..., posted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class LifeEvent(_message.Message):
    __slots__ = ("event_id", "type", "recurrence", "subject", "relation", "date", "date_precision", "next_occurrence", "confidence", "sensitive", "source_post_ids", "model_version", "detected_at", "pending", "review_item_id")
    EVENT_ID_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    RECURRENCE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    RELATION_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    DATE_PRECISION_FIELD_NUMBER: _ClassVar[int]
    NEXT_OCCURRENCE_FIELD_NUMBER: _ClassVar[int]
    CONFIDENCE_FIELD_NUMBER: _ClassVar[int]
    SENSITIVE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_POST_IDS_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    DETECTED_AT_FIELD_NUMBER: _ClassVar[int]
    PENDING_FIELD_NUMBER: _ClassVar[int]
    REVIEW_ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    event_id: str
    type: str
    recurrence: Recurrence
    subject: Subject
    relation: str
    date: _timestamp_pb2.Timestamp
    date_precision: DatePrecision
    next_occurrence: _timestamp_pb2.Timestamp
    confidence: float
    sensitive: bool
    source_post_ids: _containers.RepeatedScalarFieldContainer[str]
    model_version: str
    detected_at: _timestamp_pb2.Timestamp
    pending: bool
    review_item_id: str
    def __init__(self, event_id: _Optional[str] = ..., type: _Optional[str] = ..., recurrence: _Optional[_Union[Recurrence, str]] = ..., subject: _Optional[_Union[Subject, str]] = ..., relation: _Optional[str] = ..., date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., date_precision: _Optional[_Union[DatePrecision, str]] = ..., next_occurrence: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., confidence: _Optional[float] = ..., sensitive: _Optional[bool] = ..., source_post_ids: _Optional[_Iterable[str]] = ..., model_version: _Optional[str] = ..., detected_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., pending: _Optional[bool] = ..., review_item_id: _Optional[str] = ...) -> None: ...

class Product(_message.Message):
    __slots__ = ("product_id", "title", "category", "price", "tags", "in_stock", "description")
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    TITLE_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    TAGS_FIELD_NUMBER: _ClassVar[int]
    IN_STOCK_FIELD_NUMBER: _ClassVar[int]
    DESCRIPTION_FIELD_NUMBER: _ClassVar[int]
    product_id: str
    title: str
    category: str
    price: float
    tags: _containers.RepeatedScalarFieldContainer[str]
    in_stock: bool
    description: str
    def __init__(self, product_id: _Optional[str] = ..., title: _Optional[str] = ..., category: _Optional[str] = ..., price: _Optional[float] = ..., tags: _Optional[_Iterable[str]] = ..., in_stock: _Optional[bool] = ..., description: _Optional[str] = ...) -> None: ...

class Purchase(_message.Message):
    __slots__ = ("purchase_id", "consumer_id", "product_id", "quantity", "amount", "currency", "purchased_at")
    PURCHASE_ID_FIELD_NUMBER: _ClassVar[int]
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    AMOUNT_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    PURCHASED_AT_FIELD_NUMBER: _ClassVar[int]
    purchase_id: str
    consumer_id: str
    product_id: str
    quantity: int
    amount: float
    currency: str
    purchased_at: _timestamp_pb2.Timestamp
    def __init__(self, purchase_id: _Optional[str] = ..., consumer_id: _Optional[str] = ..., product_id: _Optional[str] = ..., quantity: _Optional[int] = ..., amount: _Optional[float] = ..., currency: _Optional[str] = ..., purchased_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class Interaction(_message.Message):
    __slots__ = ("interaction_id", "consumer_id", "product_id", "kind", "occurred_at")
    INTERACTION_ID_FIELD_NUMBER: _ClassVar[int]
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    OCCURRED_AT_FIELD_NUMBER: _ClassVar[int]
    interaction_id: str
    consumer_id: str
    product_id: str
    kind: InteractionKind
    occurred_at: _timestamp_pb2.Timestamp
    def __init__(self, interaction_id: _Optional[str] = ..., consumer_id: _Optional[str] = ..., product_id: _Optional[str] = ..., kind: _Optional[_Union[InteractionKind, str]] = ..., occurred_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ItemResult(_message.Message):
    __slots__ = ("id", "status", "error")
    ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    id: str
    status: ItemStatus
    error: str
    def __init__(self, id: _Optional[str] = ..., status: _Optional[_Union[ItemStatus, str]] = ..., error: _Optional[str] = ...) -> None: ...

class Job(_message.Message):
    __slots__ = ("job_id", "kind", "state", "requested_at", "started_at", "finished_at", "worker", "attempts", "error", "result", "progress")
    class ResultEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class ProgressEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    REQUESTED_AT_FIELD_NUMBER: _ClassVar[int]
    STARTED_AT_FIELD_NUMBER: _ClassVar[int]
    FINISHED_AT_FIELD_NUMBER: _ClassVar[int]
    WORKER_FIELD_NUMBER: _ClassVar[int]
    ATTEMPTS_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    RESULT_FIELD_NUMBER: _ClassVar[int]
    PROGRESS_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    kind: str
    state: JobState
    requested_at: _timestamp_pb2.Timestamp
    started_at: _timestamp_pb2.Timestamp
    finished_at: _timestamp_pb2.Timestamp
    worker: str
    attempts: int
    error: str
    result: _containers.ScalarMap[str, str]
    progress: _containers.ScalarMap[str, str]
    def __init__(self, job_id: _Optional[str] = ..., kind: _Optional[str] = ..., state: _Optional[_Union[JobState, str]] = ..., requested_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., started_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., finished_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., worker: _Optional[str] = ..., attempts: _Optional[int] = ..., error: _Optional[str] = ..., result: _Optional[_Mapping[str, str]] = ..., progress: _Optional[_Mapping[str, str]] = ...) -> None: ...
