import datetime

from google.protobuf import struct_pb2 as _struct_pb2
from google.protobuf import timestamp_pb2 as _timestamp_pb2
from lifecue_client.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GrantConsentRequest(_message.Message):
    __slots__ = ("consumer_id", "purpose", "source", "evidence", "granted_at")
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    GRANTED_AT_FIELD_NUMBER: _ClassVar[int]
    consumer_id: str
    purpose: _common_pb2.Purpose
    source: str
    evidence: str
    granted_at: _timestamp_pb2.Timestamp
    def __init__(self, consumer_id: _Optional[str] = ..., purpose: _Optional[_Union[_common_pb2.Purpose, str]] = ..., source: _Optional[str] = ..., evidence: _Optional[str] = ..., granted_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class ConsentState(_message.Message):
    __slots__ = ("purpose", "granted", "at", "source", "evidence")
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    GRANTED_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    purpose: _common_pb2.Purpose
    granted: bool
    at: _timestamp_pb2.Timestamp
    source: str
    evidence: str
    def __init__(self, purpose: _Optional[_Union[_common_pb2.Purpose, str]] = ..., granted: _Optional[bool] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., source: _Optional[str] = ..., evidence: _Optional[str] = ...) -> None: ...

class ConsentChange(_message.Message):
    __slots__ = ("purpose", "granted", "at", "source", "evidence", "actor")
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    GRANTED_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    purpose: _common_pb2.Purpose
    granted: bool
    at: _timestamp_pb2.Timestamp
    source: str
    evidence: str
    actor: str
    def __init__(self, purpose: _Optional[_Union[_common_pb2.Purpose, str]] = ..., granted: _Optional[bool] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., source: _Optional[str] = ..., evidence: _Optional[str] = ..., actor: _Optional[str] = ...) -> None: ...

class GrantConsentResponse(_message.Message):
    __slots__ = ("consent", "changed")
    CONSENT_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELD_NUMBER: _ClassVar[int]
    consent: ConsentState
    changed: bool
    def __init__(self, consent: _Optional[_Union[ConsentState, _Mapping]] = ..., changed: _Optional[bool] = ...) -> None: ...

class RevokeConsentRequest(_message.Message):
    __slots__ = ("consumer_id", "purpose", "source", "evidence")
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    PURPOSE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_FIELD_NUMBER: _ClassVar[int]
    EVIDENCE_FIELD_NUMBER: _ClassVar[int]
    consumer_id: str
    purpose: _common_pb2.Purpose
    source: str
    evidence: str
    def __init__(self, consumer_id: _Optional[str] = ..., purpose: _Optional[_Union[_common_pb2.Purpose, str]] = ..., source: _Optional[str] = ..., evidence: _Optional[str] = ...) -> None: ...

class RevokeConsentResponse(_message.Message):
    __slots__ = ("consent", "changed", "posts_deleted", "life_events_deleted", "review_items_deleted")
    CONSENT_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELD_NUMBER: _ClassVar[int]
    POSTS_DELETED_FIELD_NUMBER: _ClassVar[int]
    LIFE_EVENTS_DELETED_FIELD_NUMBER: _ClassVar[int]
    REVIEW_ITEMS_DELETED_FIELD_NUMBER: _ClassVar[int]
    consent: ConsentState
    changed: bool
    posts_deleted: int
    life_events_deleted: int
    review_items_deleted: int
    def __init__(self, consent: _Optional[_Union[ConsentState, _Mapping]] = ..., changed: _Optional[bool] = ..., posts_deleted: _Optional[int] = ..., life_events_deleted: _Optional[int] = ..., review_items_deleted: _Optional[int] = ...) -> None: ...

class GetConsentsRequest(_message.Message):
    __slots__ = ("consumer_id",)
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    consumer_id: str
    def __init__(self, consumer_id: _Optional[str] = ...) -> None: ...

class GetConsentsResponse(_message.Message):
    __slots__ = ("consumer_id", "consents", "history")
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    CONSENTS_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    consumer_id: str
    consents: _containers.RepeatedCompositeFieldContainer[ConsentState]
    history: _containers.RepeatedCompositeFieldContainer[ConsentChange]
    def __init__(self, consumer_id: _Optional[str] = ..., consents: _Optional[_Iterable[_Union[ConsentState, _Mapping]]] = ..., history: _Optional[_Iterable[_Union[ConsentChange, _Mapping]]] = ...) -> None: ...

class ExportConsumerDataRequest(_message.Message):
    __slots__ = ("consumer_id",)
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    consumer_id: str
    def __init__(self, consumer_id: _Optional[str] = ...) -> None: ...

class ExportConsumerDataResponse(_message.Message):
    __slots__ = ("consumer_id", "json", "exported_at")
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    JSON_FIELD_NUMBER: _ClassVar[int]
    EXPORTED_AT_FIELD_NUMBER: _ClassVar[int]
    consumer_id: str
    json: str
    exported_at: _timestamp_pb2.Timestamp
    def __init__(self, consumer_id: _Optional[str] = ..., json: _Optional[str] = ..., exported_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class EraseConsumerRequest(_message.Message):
    __slots__ = ("consumer_id", "reason")
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    consumer_id: str
    reason: str
    def __init__(self, consumer_id: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class EraseConsumerResponse(_message.Message):
    __slots__ = ("pseudonym", "deleted")
    class DeletedEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    PSEUDONYM_FIELD_NUMBER: _ClassVar[int]
    DELETED_FIELD_NUMBER: _ClassVar[int]
    pseudonym: str
    deleted: _containers.ScalarMap[str, int]
    def __init__(self, pseudonym: _Optional[str] = ..., deleted: _Optional[_Mapping[str, int]] = ...) -> None: ...

class ListAuditLogRequest(_message.Message):
    __slots__ = ("consumer_id", "action", "page_size", "page_token")
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    consumer_id: str
    action: str
    page_size: int
    page_token: str
    def __init__(self, consumer_id: _Optional[str] = ..., action: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class AuditEntry(_message.Message):
    __slots__ = ("entry_id", "at", "actor", "action", "consumer_id", "details")
    ENTRY_ID_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    ACTOR_FIELD_NUMBER: _ClassVar[int]
    ACTION_FIELD_NUMBER: _ClassVar[int]
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    DETAILS_FIELD_NUMBER: _ClassVar[int]
    entry_id: str
    at: _timestamp_pb2.Timestamp
    actor: str
    action: str
    consumer_id: str
    details: _struct_pb2.Struct
    def __init__(self, entry_id: _Optional[str] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., actor: _Optional[str] = ..., action: _Optional[str] = ..., consumer_id: _Optional[str] = ..., details: _Optional[_Union[_struct_pb2.Struct, _Mapping]] = ...) -> None: ...

class ListAuditLogResponse(_message.Message):
    __slots__ = ("entries", "next_page_token")
    ENTRIES_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    entries: _containers.RepeatedCompositeFieldContainer[AuditEntry]
    next_page_token: str
    def __init__(self, entries: _Optional[_Iterable[_Union[AuditEntry, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...
