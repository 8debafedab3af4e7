import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from lifecue_client.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

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
    __slots__ = ("consumer_id", "upcoming_within_days", "as_of", "include_sensitive")
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    UPCOMING_WITHIN_DAYS_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    INCLUDE_SENSITIVE_FIELD_NUMBER: _ClassVar[int]
    consumer_id: str
    upcoming_within_days: int
    as_of: _timestamp_pb2.Timestamp
    include_sensitive: bool
    def __init__(self, consumer_id: _Optional[str] = ..., upcoming_within_days: _Optional[int] = ..., as_of: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., include_sensitive: _Optional[bool] = ...) -> None: ...

class ListLifeEventsResponse(_message.Message):
    __slots__ = ("events",)
    EVENTS_FIELD_NUMBER: _ClassVar[int]
    events: _containers.RepeatedCompositeFieldContainer[_common_pb2.LifeEvent]
    def __init__(self, events: _Optional[_Iterable[_Union[_common_pb2.LifeEvent, _Mapping]]] = ...) -> None: ...
