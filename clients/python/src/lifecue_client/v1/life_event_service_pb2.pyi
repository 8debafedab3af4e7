import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from lifecue_client.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ReviewReason(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REVIEW_REASON_UNSPECIFIED: _ClassVar[ReviewReason]
    REVIEW_REASON_LOW_CONFIDENCE: _ClassVar[ReviewReason]
    REVIEW_REASON_SENSITIVE: _ClassVar[ReviewReason]

class ReviewState(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REVIEW_STATE_UNSPECIFIED: _ClassVar[ReviewState]
    REVIEW_STATE_PENDING: _ClassVar[ReviewState]
    REVIEW_STATE_CONFIRMED: _ClassVar[ReviewState]
    REVIEW_STATE_CORRECTED: _ClassVar[ReviewState]
    REVIEW_STATE_REJECTED: _ClassVar[ReviewState]

class ReviewDecision(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
    __slots__ = ()
    REVIEW_DECISION_UNSPECIFIED: _ClassVar[ReviewDecision]
    REVIEW_DECISION_CONFIRM: _ClassVar[ReviewDecision]
    REVIEW_DECISION_CORRECT: _ClassVar[ReviewDecision]
    REVIEW_DECISION_REJECT: _ClassVar[ReviewDecision]
REVIEW_REASON_UNSPECIFIED: ReviewReason
REVIEW_REASON_LOW_CONFIDENCE: ReviewReason
REVIEW_REASON_SENSITIVE: ReviewReason
REVIEW_STATE_UNSPECIFIED: ReviewState
REVIEW_STATE_PENDING: ReviewState
REVIEW_STATE_CONFIRMED: ReviewState
REVIEW_STATE_CORRECTED: ReviewState
REVIEW_STATE_REJECTED: ReviewState
REVIEW_DECISION_UNSPECIFIED: ReviewDecision
REVIEW_DECISION_CONFIRM: ReviewDecision
REVIEW_DECISION_CORRECT: ReviewDecision
REVIEW_DECISION_REJECT: ReviewDecision

class IngestPostsRequest(_message.Message):
    __slots__ = ("posts",)
    POSTS_FIELD_NUMBER: _ClassVar[int]
    posts: _containers.RepeatedCompositeFieldContainer[_common_pb2.SocialPost]
    def __init__(self, posts: _Optional[_Iterable[_Union[_common_pb2.SocialPost, _Mapping]]] = ...) -> None: ...

class PostResult(_message.Message):
    __slots__ = ("post_id", "status", "error", "events")
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ERROR_FIELD_NUMBER: _ClassVar[int]
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    post_id: str
    status: _common_pb2.ItemStatus
    error: str
    events: _containers.RepeatedCompositeFieldContainer[_common_pb2.LifeEvent]
    def __init__(self, post_id: _Optional[str] = ..., status: _Optional[_Union[_common_pb2.ItemStatus, str]] = ..., error: _Optional[str] = ..., events: _Optional[_Iterable[_Union[_common_pb2.LifeEvent, _Mapping]]] = ...) -> None: ...

class IngestPostsResponse(_message.Message):
    __slots__ = ("results", "model_version")
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[PostResult]
    model_version: str
    def __init__(self, results: _Optional[_Iterable[_Union[PostResult, _Mapping]]] = ..., model_version: _Optional[str] = ...) -> None: ...

class ClassifyTextRequest(_message.Message):
    __slots__ = ("text", "posted_at")
    TEXT_FIELD_NUMBER: _ClassVar[int]
    POSTED_AT_FIELD_NUMBER: _ClassVar[int]
    text: str
    posted_at: _timestamp_pb2.Timestamp
    def __init__(self, text: _Optional[str] = ..., posted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ClassifyTextResponse(_message.Message):
    __slots__ = ("events", "model_version")
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[_common_pb2.LifeEvent]
    model_version: str
    def __init__(self, events: _Optional[_Iterable[_Union[_common_pb2.LifeEvent, _Mapping]]] = ..., model_version: _Optional[str] = ...) -> None: ...

class ListLifeEventsRequest(_message.Message):
    __slots__ = ("consumer_id", "upcoming_within_days", "as_of", "include_sensitive", "include_pending")
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    UPCOMING_WITHIN_DAYS_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_SENSITIVE_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_PENDING_FIELD_NUMBER: _ClassVar[int]
    consumer_id: str
    upcoming_within_days: int
    as_of: _timestamp_pb2.Timestamp
    include_sensitive: bool
    include_pending: bool
    def __init__(self, consumer_id: _Optional[str] = ..., upcoming_within_days: _Optional[int] = ..., as_of: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., include_sensitive: _Optional[bool] = ..., include_pending: _Optional[bool] = ...) -> None: ...

class ListLifeEventsResponse(_message.Message):
    __slots__ = ("events",)
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[_common_pb2.LifeEvent]
    def __init__(self, events: _Optional[_Iterable[_Union[_common_pb2.LifeEvent, _Mapping]]] = ...) -> None: ...

class ReviewItem(_message.Message):
    __slots__ = ("item_id", "consumer_id", "post_id", "post_text", "platform", "posted_at", "proposed", "reasons", "state", "held_at", "expires_at", "resolved_by", "resolved_at", "resolved_event")
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    POST_ID_FIELD_NUMBER: _ClassVar[int]
    POST_TEXT_FIELD_NUMBER: _ClassVar[int]
    PLATFORM_FIELD_NUMBER: _ClassVar[int]
    POSTED_AT_FIELD_NUMBER: _ClassVar[int]
    PROPOSED_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    STATE_FIELD_NUMBER: _ClassVar[int]
    HELD_AT_FIELD_NUMBER: _ClassVar[int]
    EXPIRES_AT_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_BY_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_AT_FIELD_NUMBER: _ClassVar[int]
    RESOLVED_EVENT_FIELD_NUMBER: _ClassVar[int]
    item_id: str
    consumer_id: str
    post_id: str
    post_text: str
    platform: str
    posted_at: _timestamp_pb2.Timestamp
    proposed: _common_pb2.LifeEvent
    reasons: _containers.RepeatedScalarFieldContainer[ReviewReason]
    state: ReviewState
    held_at: _timestamp_pb2.Timestamp
    expires_at: _timestamp_pb2.Timestamp
    resolved_by: str
    resolved_at: _timestamp_pb2.Timestamp
    resolved_event: _common_pb2.LifeEvent
    def __init__(self, item_id: _Optional[str] = ..., consumer_id: _Optional[str] = ..., post_id: _Optional[str] = ..., post_text: _Optional[str] = ..., platform: _Optional[str] = ..., posted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., proposed: _Optional[_Union[_common_pb2.LifeEvent, _Mapping]] = ..., reasons: _Optional[_Iterable[_Union[ReviewReason, str]]] = ..., state: _Optional[_Union[ReviewState, str]] = ..., held_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., expires_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., resolved_by: _Optional[str] = ..., resolved_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., resolved_event: _Optional[_Union[_common_pb2.LifeEvent, _Mapping]] = ...) -> None: ...

class ListReviewItemsRequest(_message.Message):
    __slots__ = ("event_type", "reason", "consumer_id", "page_size", "page_token")
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    event_type: str
    reason: ReviewReason
    consumer_id: str
    page_size: int
    page_token: str
    def __init__(self, event_type: _Optional[str] = ..., reason: _Optional[_Union[ReviewReason, str]] = ..., consumer_id: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListReviewItemsResponse(_message.Message):
    __slots__ = ("items", "next_page_token")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[ReviewItem]
    next_page_token: str
    def __init__(self, items: _Optional[_Iterable[_Union[ReviewItem, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class ReviewCorrection(_message.Message):
    __slots__ = ("event_type", "subject", "relation", "date", "date_precision")
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    RELATION_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    DATE_PRECISION_FIELD_NUMBER: _ClassVar[int]
    event_type: str
    subject: _common_pb2.Subject
    relation: str
    date: _timestamp_pb2.Timestamp
    date_precision: _common_pb2.DatePrecision
    def __init__(self, event_type: _Optional[str] = ..., subject: _Optional[_Union[_common_pb2.Subject, str]] = ..., relation: _Optional[str] = ..., date: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., date_precision: _Optional[_Union[_common_pb2.DatePrecision, str]] = ...) -> None: ...

class ResolveReviewItemRequest(_message.Message):
    __slots__ = ("item_id", "decision", "correction")
    ITEM_ID_FIELD_NUMBER: _ClassVar[int]
    DECISION_FIELD_NUMBER: _ClassVar[int]
    CORRECTION_FIELD_NUMBER: _ClassVar[int]
    item_id: str
    decision: ReviewDecision
    correction: ReviewCorrection
    def __init__(self, item_id: _Optional[str] = ..., decision: _Optional[_Union[ReviewDecision, str]] = ..., correction: _Optional[_Union[ReviewCorrection, _Mapping]] = ...) -> None: ...

class ResolveReviewItemResponse(_message.Message):
    __slots__ = ("item", "changed", "event")
    ITEM_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELD_NUMBER: _ClassVar[int]
    EVENT_FIELD_NUMBER: _ClassVar[int]
    item: ReviewItem
    changed: bool
    event: _common_pb2.LifeEvent
    def __init__(self, item: _Optional[_Union[ReviewItem, _Mapping]] = ..., changed: _Optional[bool] = ..., event: _Optional[_Union[_common_pb2.LifeEvent, _Mapping]] = ...) -> None: ...
