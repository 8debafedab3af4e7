import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from lifecue_client.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class GetTierRequest(_message.Message):
    __slots__ = ("consumer_id",)
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    consumer_id: str
    def __init__(self, consumer_id: _Optional[str] = ...) -> None: ...

class CategoryTier(_message.Message):
    __slots__ = ("category", "tier", "value_12m")
    CATEGORY_FIELD_NUMBER: _ClassVar[int]
    TIER_FIELD_NUMBER: _ClassVar[int]
    VALUE_12M_FIELD_NUMBER: _ClassVar[int]
    category: str
    tier: _common_pb2.Tier
    value_12m: float
    def __init__(self, category: _Optional[str] = ..., tier: _Optional[_Union[_common_pb2.Tier, str]] = ..., value_12m: _Optional[float] = ...) -> None: ...

class TierChange(_message.Message):
    __slots__ = ("from_tier", "to_tier", "at", "reason")
    FROM_TIER_FIELD_NUMBER: _ClassVar[int]
    TO_TIER_FIELD_NUMBER: _ClassVar[int]
    AT_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    from_tier: _common_pb2.Tier
    to_tier: _common_pb2.Tier
    at: _timestamp_pb2.Timestamp
    reason: str
    def __init__(self, from_tier: _Optional[_Union[_common_pb2.Tier, str]] = ..., to_tier: _Optional[_Union[_common_pb2.Tier, str]] = ..., at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reason: _Optional[str] = ...) -> None: ...

class TierAssignment(_message.Message):
    __slots__ = ("consumer_id", "tier", "value_12m", "since", "next_tier", "next_tier_gap", "rfm_group", "behaviour", "grace_until", "category_tiers")
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    TIER_FIELD_NUMBER: _ClassVar[int]
    VALUE_12M_FIELD_NUMBER: _ClassVar[int]
    SINCE_FIELD_NUMBER: _ClassVar[int]
    NEXT_TIER_FIELD_NUMBER: _ClassVar[int]
    NEXT_TIER_GAP_FIELD_NUMBER: _ClassVar[int]
    RFM_GROUP_FIELD_NUMBER: _ClassVar[int]
    BEHAVIOUR_FIELD_NUMBER: _ClassVar[int]
    GRACE_UNTIL_FIELD_NUMBER: _ClassVar[int]
    CATEGORY_TIERS_FIELD_NUMBER: _ClassVar[int]
    consumer_id: str
    tier: _common_pb2.Tier
    value_12m: float
    since: _timestamp_pb2.Timestamp
    next_tier: _common_pb2.Tier
    next_tier_gap: float
    rfm_group: str
    behaviour: str
    grace_until: _timestamp_pb2.Timestamp
    category_tiers: _containers.RepeatedCompositeFieldContainer[CategoryTier]
    def __init__(self, consumer_id: _Optional[str] = ..., tier: _Optional[_Union[_common_pb2.Tier, str]] = ..., value_12m: _Optional[float] = ..., since: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., next_tier: _Optional[_Union[_common_pb2.Tier, str]] = ..., next_tier_gap: _Optional[float] = ..., rfm_group: _Optional[str] = ..., behaviour: _Optional[str] = ..., grace_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., category_tiers: _Optional[_Iterable[_Union[CategoryTier, _Mapping]]] = ...) -> None: ...

class GetTierResponse(_message.Message):
    __slots__ = ("assignment", "history")
    ASSIGNMENT_FIELD_NUMBER: _ClassVar[int]
    HISTORY_FIELD_NUMBER: _ClassVar[int]
    assignment: TierAssignment
    history: _containers.RepeatedCompositeFieldContainer[TierChange]
    def __init__(self, assignment: _Optional[_Union[TierAssignment, _Mapping]] = ..., history: _Optional[_Iterable[_Union[TierChange, _Mapping]]] = ...) -> None: ...

class ListTierAssignmentsRequest(_message.Message):
    __slots__ = ("tier", "rfm_group", "behaviour", "page_size", "page_token")
    TIER_FIELD_NUMBER: _ClassVar[int]
    RFM_GROUP_FIELD_NUMBER: _ClassVar[int]
    BEHAVIOUR_FIELD_NUMBER: _ClassVar[int]
    PAGE_SIZE_FIELD_NUMBER: _ClassVar[int]
    PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    tier: _common_pb2.Tier
    rfm_group: str
    behaviour: str
    page_size: int
    page_token: str
    def __init__(self, tier: _Optional[_Union[_common_pb2.Tier, str]] = ..., rfm_group: _Optional[str] = ..., behaviour: _Optional[str] = ..., page_size: _Optional[int] = ..., page_token: _Optional[str] = ...) -> None: ...

class ListTierAssignmentsResponse(_message.Message):
    __slots__ = ("assignments", "next_page_token")
    ASSIGNMENTS_FIELD_NUMBER: _ClassVar[int]
    NEXT_PAGE_TOKEN_FIELD_NUMBER: _ClassVar[int]
    assignments: _containers.RepeatedCompositeFieldContainer[TierAssignment]
    next_page_token: str
    def __init__(self, assignments: _Optional[_Iterable[_Union[TierAssignment, _Mapping]]] = ..., next_page_token: _Optional[str] = ...) -> None: ...

class GetTierSummaryRequest(_message.Message):
    __slots__ = ()
    def __init__(self) -> None: ...

class TierTransition(_message.Message):
    __slots__ = ("from_tier", "to_tier", "count")
    FROM_TIER_FIELD_NUMBER: _ClassVar[int]
    TO_TIER_FIELD_NUMBER: _ClassVar[int]
    COUNT_FIELD_NUMBER: _ClassVar[int]
    from_tier: _common_pb2.Tier
    to_tier: _common_pb2.Tier
    count: int
    def __init__(self, from_tier: _Optional[_Union[_common_pb2.Tier, str]] = ..., to_tier: _Optional[_Union[_common_pb2.Tier, str]] = ..., count: _Optional[int] = ...) -> None: ...

class GetTierSummaryResponse(_message.Message):
    __slots__ = ("tier_counts", "rfm_counts", "behaviour_counts", "transitions", "computed_at")
    class TierCountsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    class RfmCountsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    class BehaviourCountsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: int
        def __init__(self, key: _Optional[str] = ..., value: _Optional[int] = ...) -> None: ...
    TIER_COUNTS_FIELD_NUMBER: _ClassVar[int]
    RFM_COUNTS_FIELD_NUMBER: _ClassVar[int]
    BEHAVIOUR_COUNTS_FIELD_NUMBER: _ClassVar[int]
    TRANSITIONS_FIELD_NUMBER: _ClassVar[int]
    COMPUTED_AT_FIELD_NUMBER: _ClassVar[int]
    tier_counts: _containers.ScalarMap[str, int]
    rfm_counts: _containers.ScalarMap[str, int]
    behaviour_counts: _containers.ScalarMap[str, int]
    transitions: _containers.RepeatedCompositeFieldContainer[TierTransition]
    computed_at: _timestamp_pb2.Timestamp
    def __init__(self, tier_counts: _Optional[_Mapping[str, int]] = ..., rfm_counts: _Optional[_Mapping[str, int]] = ..., behaviour_counts: _Optional[_Mapping[str, int]] = ..., transitions: _Optional[_Iterable[_Union[TierTransition, _Mapping]]] = ..., computed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ...) -> None: ...

class RecomputeTiersRequest(_message.Message):
    __slots__ = ("as_of", "detach")
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    DETACH_FIELD_NUMBER: _ClassVar[int]
    as_of: _timestamp_pb2.Timestamp
    detach: bool
    def __init__(self, as_of: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., detach: _Optional[bool] = ...) -> None: ...

class RecomputeTiersResponse(_message.Message):
    __slots__ = ("consumers", "changed", "seconds", "computed_at", "job")
    CONSUMERS_FIELD_NUMBER: _ClassVar[int]
    CHANGED_FIELD_NUMBER: _ClassVar[int]
    SECONDS_FIELD_NUMBER: _ClassVar[int]
    COMPUTED_AT_FIELD_NUMBER: _ClassVar[int]
    JOB_FIELD_NUMBER: _ClassVar[int]
    consumers: int
    changed: int
    seconds: float
    computed_at: _timestamp_pb2.Timestamp
    job: _common_pb2.Job
    def __init__(self, consumers: _Optional[int] = ..., changed: _Optional[int] = ..., seconds: _Optional[float] = ..., computed_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., job: _Optional[_Union[_common_pb2.Job, _Mapping]] = ...) -> None: ...
