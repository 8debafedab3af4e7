import datetime

from google.protobuf import timestamp_pb2 as _timestamp_pb2
from lifecue_client.v1 import common_pb2 as _common_pb2
from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable, Mapping as _Mapping
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RecommendRequest(_message.Message):
    __slots__ = ("consumer_id", "n", "as_of", "channel", "exclude_purchased", "categories")
    CONSUMER_ID_FIELD_NUMBER: _ClassVar[int]
    N_FIELD_NUMBER: _ClassVar[int]
    AS_OF_FIELD_NUMBER: _ClassVar[int]
    CHANNEL_FIELD_NUMBER: _ClassVar[int]
    EXCLUDE_PURCHASED_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    consumer_id: str
    n: int
    as_of: _timestamp_pb2.Timestamp
    channel: str
    exclude_purchased: bool
    categories: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, consumer_id: _Optional[str] = ..., n: _Optional[int] = ..., as_of: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., channel: _Optional[str] = ..., exclude_purchased: _Optional[bool] = ..., categories: _Optional[_Iterable[str]] = ...) -> None: ...

class Reason(_message.Message):
    __slots__ = ("kind", "event_type", "subject", "relation", "days_until", "weight", "text", "product_id")
    KIND_FIELD_NUMBER: _ClassVar[int]
    EVENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SUBJECT_FIELD_NUMBER: _ClassVar[int]
    RELATION_FIELD_NUMBER: _ClassVar[int]
    DAYS_UNTIL_FIELD_NUMBER: _ClassVar[int]
    WEIGHT_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    kind: str
    event_type: str
    subject: _common_pb2.Subject
    relation: str
    days_until: int
    weight: float
    text: str
    product_id: str
    def __init__(self, kind: _Optional[str] = ..., event_type: _Optional[str] = ..., subject: _Optional[_Union[_common_pb2.Subject, str]] = ..., relation: _Optional[str] = ..., days_until: _Optional[int] = ..., weight: _Optional[float] = ..., text: _Optional[str] = ..., product_id: _Optional[str] = ...) -> None: ...

class Recommendation(_message.Message):
    __slots__ = ("product_id", "score", "reasons")
    PRODUCT_ID_FIELD_NUMBER: _ClassVar[int]
    SCORE_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    product_id: str
    score: float
    reasons: _containers.RepeatedCompositeFieldContainer[Reason]
    def __init__(self, product_id: _Optional[str] = ..., score: _Optional[float] = ..., reasons: _Optional[_Iterable[_Union[Reason, _Mapping]]] = ...) -> None: ...

class Offer(_message.Message):
    __slots__ = ("offer_id", "text", "discount_percent", "valid_from", "valid_until", "reasons", "categories")
    OFFER_ID_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    DISCOUNT_PERCENT_FIELD_NUMBER: _ClassVar[int]
    VALID_FROM_FIELD_NUMBER: _ClassVar[int]
    VALID_UNTIL_FIELD_NUMBER: _ClassVar[int]
    REASONS_FIELD_NUMBER: _ClassVar[int]
    CATEGORIES_FIELD_NUMBER: _ClassVar[int]
    offer_id: str
    text: str
    discount_percent: float
    valid_from: _timestamp_pb2.Timestamp
    valid_until: _timestamp_pb2.Timestamp
    reasons: _containers.RepeatedCompositeFieldContainer[Reason]
    categories: _containers.RepeatedScalarFieldContainer[str]
    def __init__(self, offer_id: _Optional[str] = ..., text: _Optional[str] = ..., discount_percent: _Optional[float] = ..., valid_from: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., valid_until: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., reasons: _Optional[_Iterable[_Union[Reason, _Mapping]]] = ..., categories: _Optional[_Iterable[str]] = ...) -> None: ...

class RecommendResponse(_message.Message):
    __slots__ = ("items", "offers", "model_version", "personalized", "tier")
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    OFFERS_FIELD_NUMBER: _ClassVar[int]
    MODEL_VERSION_FIELD_NUMBER: _ClassVar[int]
    PERSONALIZED_FIELD_NUMBER: _ClassVar[int]
    TIER_FIELD_NUMBER: _ClassVar[int]
    items: _containers.RepeatedCompositeFieldContainer[Recommendation]
    offers: _containers.RepeatedCompositeFieldContainer[Offer]
    model_version: str
    personalized: bool
    tier: _common_pb2.Tier
    def __init__(self, items: _Optional[_Iterable[_Union[Recommendation, _Mapping]]] = ..., offers: _Optional[_Iterable[_Union[Offer, _Mapping]]] = ..., model_version: _Optional[str] = ..., personalized: _Optional[bool] = ..., tier: _Optional[_Union[_common_pb2.Tier, str]] = ...) -> None: ...

class RecordInteractionsRequest(_message.Message):
    __slots__ = ("interactions",)
    INTERACTIONS_FIELD_NUMBER: _ClassVar[int]
    interactions: _containers.RepeatedCompositeFieldContainer[_common_pb2.Interaction]
    def __init__(self, interactions: _Optional[_Iterable[_Union[_common_pb2.Interaction, _Mapping]]] = ...) -> None: ...

class RecordInteractionsResponse(_message.Message):
    __slots__ = ("results", "accepted", "duplicates")
    RESULTS_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    DUPLICATES_FIELD_NUMBER: _ClassVar[int]
    results: _containers.RepeatedCompositeFieldContainer[_common_pb2.ItemResult]
    accepted: int
    duplicates: int
    def __init__(self, results: _Optional[_Iterable[_Union[_common_pb2.ItemResult, _Mapping]]] = ..., accepted: _Optional[int] = ..., duplicates: _Optional[int] = ...) -> None: ...

class RetrainRequest(_message.Message):
    __slots__ = ("wait",)
    WAIT_FIELD_NUMBER: _ClassVar[int]
    wait: bool
    def __init__(self, wait: _Optional[bool] = ...) -> None: ...

class ModelInfo(_message.Message):
    __slots__ = ("version", "trained_at", "parameters", "metrics", "users", "items", "interactions", "data_from", "data_to", "refresh_seq", "kind", "data_sha256", "mlflow_run_id", "selection")
    class ParametersEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    class MetricsEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: float
        def __init__(self, key: _Optional[str] = ..., value: _Optional[float] = ...) -> None: ...
    VERSION_FIELD_NUMBER: _ClassVar[int]
    TRAINED_AT_FIELD_NUMBER: _ClassVar[int]
    PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    METRICS_FIELD_NUMBER: _ClassVar[int]
    USERS_FIELD_NUMBER: _ClassVar[int]
    ITEMS_FIELD_NUMBER: _ClassVar[int]
    INTERACTIONS_FIELD_NUMBER: _ClassVar[int]
    DATA_FROM_FIELD_NUMBER: _ClassVar[int]
    DATA_TO_FIELD_NUMBER: _ClassVar[int]
    REFRESH_SEQ_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    DATA_SHA256_FIELD_NUMBER: _ClassVar[int]
    MLFLOW_RUN_ID_FIELD_NUMBER: _ClassVar[int]
    SELECTION_FIELD_NUMBER: _ClassVar[int]
    version: str
    trained_at: _timestamp_pb2.Timestamp
    parameters: _containers.ScalarMap[str, str]
    metrics: _containers.ScalarMap[str, float]
    users: int
    items: int
    interactions: int
    data_from: _timestamp_pb2.Timestamp
    data_to: _timestamp_pb2.Timestamp
    refresh_seq: int
    kind: str
    data_sha256: str
    mlflow_run_id: str
    selection: ModelSelection
    def __init__(self, version: _Optional[str] = ..., trained_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., parameters: _Optional[_Mapping[str, str]] = ..., metrics: _Optional[_Mapping[str, float]] = ..., users: _Optional[int] = ..., items: _Optional[int] = ..., interactions: _Optional[int] = ..., data_from: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., data_to: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., refresh_seq: _Optional[int] = ..., kind: _Optional[str] = ..., data_sha256: _Optional[str] = ..., mlflow_run_id: _Optional[str] = ..., selection: _Optional[_Union[ModelSelection, _Mapping]] = ...) -> None: ...

class ModelPin(_message.Message):
    __slots__ = ("version", "pinned_at", "pinned_by", "reason")
    VERSION_FIELD_NUMBER: _ClassVar[int]
    PINNED_AT_FIELD_NUMBER: _ClassVar[int]
    PINNED_BY_FIELD_NUMBER: _ClassVar[int]
    REASON_FIELD_NUMBER: _ClassVar[int]
    version: str
    pinned_at: _timestamp_pb2.Timestamp
    pinned_by: str
    reason: str
    def __init__(self, version: _Optional[str] = ..., pinned_at: _Optional[_Union[datetime.datetime, _timestamp_pb2.Timestamp, _Mapping]] = ..., pinned_by: _Optional[str] = ..., reason: _Optional[str] = ...) -> None: ...

class ModelSelection(_message.Message):
    __slots__ = ("chosen", "ndcg", "k", "validation_users", "candidates", "skipped", "unvalidated", "blend", "selection_seconds", "refit_seconds")
    CHOSEN_FIELD_NUMBER: _ClassVar[int]
    NDCG_FIELD_NUMBER: _ClassVar[int]
    K_FIELD_NUMBER: _ClassVar[int]
    VALIDATION_USERS_FIELD_NUMBER: _ClassVar[int]
    CANDIDATES_FIELD_NUMBER: _ClassVar[int]
    SKIPPED_FIELD_NUMBER: _ClassVar[int]
    UNVALIDATED_FIELD_NUMBER: _ClassVar[int]
    BLEND_FIELD_NUMBER: _ClassVar[int]
    SELECTION_SECONDS_FIELD_NUMBER: _ClassVar[int]
    REFIT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    chosen: str
    ndcg: float
    k: int
    validation_users: int
    candidates: _containers.RepeatedCompositeFieldContainer[CandidateFigures]
    skipped: _containers.RepeatedScalarFieldContainer[str]
    unvalidated: bool
    blend: BlendTrial
    selection_seconds: float
    refit_seconds: float
    def __init__(self, chosen: _Optional[str] = ..., ndcg: _Optional[float] = ..., k: _Optional[int] = ..., validation_users: _Optional[int] = ..., candidates: _Optional[_Iterable[_Union[CandidateFigures, _Mapping]]] = ..., skipped: _Optional[_Iterable[str]] = ..., unvalidated: _Optional[bool] = ..., blend: _Optional[_Union[BlendTrial, _Mapping]] = ..., selection_seconds: _Optional[float] = ..., refit_seconds: _Optional[float] = ...) -> None: ...

class CandidateFigures(_message.Message):
    __slots__ = ("name", "kind", "parameters", "ndcg", "recall", "fit_seconds", "score_seconds")
    class ParametersEntry(_message.Message):
        __slots__ = ("key", "value")
        KEY_FIELD_NUMBER: _ClassVar[int]
        VALUE_FIELD_NUMBER: _ClassVar[int]
        key: str
        value: str
        def __init__(self, key: _Optional[str] = ..., value: _Optional[str] = ...) -> None: ...
    NAME_FIELD_NUMBER: _ClassVar[int]
    KIND_FIELD_NUMBER: _ClassVar[int]
    PARAMETERS_FIELD_NUMBER: _ClassVar[int]
    NDCG_FIELD_NUMBER: _ClassVar[int]
    RECALL_FIELD_NUMBER: _ClassVar[int]
    FIT_SECONDS_FIELD_NUMBER: _ClassVar[int]
    SCORE_SECONDS_FIELD_NUMBER: _ClassVar[int]
    name: str
    kind: str
    parameters: _containers.ScalarMap[str, str]
    ndcg: float
    recall: float
    fit_seconds: float
    score_seconds: float
    def __init__(self, name: _Optional[str] = ..., kind: _Optional[str] = ..., parameters: _Optional[_Mapping[str, str]] = ..., ndcg: _Optional[float] = ..., recall: _Optional[float] = ..., fit_seconds: _Optional[float] = ..., score_seconds: _Optional[float] = ...) -> None: ...

class BlendTrial(_message.Message):
    __slots__ = ("members", "weights", "ndcg", "accepted")
    MEMBERS_FIELD_NUMBER: _ClassVar[int]
    WEIGHTS_FIELD_NUMBER: _ClassVar[int]
    NDCG_FIELD_NUMBER: _ClassVar[int]
    ACCEPTED_FIELD_NUMBER: _ClassVar[int]
    members: _containers.RepeatedScalarFieldContainer[str]
    weights: _containers.RepeatedScalarFieldContainer[float]
    ndcg: float
    accepted: bool
    def __init__(self, members: _Optional[_Iterable[str]] = ..., weights: _Optional[_Iterable[float]] = ..., ndcg: _Optional[float] = ..., accepted: _Optional[bool] = ...) -> None: ...

class RetrainResponse(_message.Message):
    __slots__ = ("state", "model", "job")
    STATE_FIELD_NUMBER: _ClassVar[int]
    MODEL_FIELD_NUMBER: _ClassVar[int]
    JOB_FIELD_NUMBER: _ClassVar[int]
    state: str
    model: ModelInfo
    job: _common_pb2.Job
    def __init__(self, state: _Optional[str] = ..., model: _Optional[_Union[ModelInfo, _Mapping]] = ..., job: _Optional[_Union[_common_pb2.Job, _Mapping]] = ...) -> None: ...

class GetModelInfoRequest(_message.Message):
    __slots__ = ("job_id",)
    JOB_ID_FIELD_NUMBER: _ClassVar[int]
    job_id: str
    def __init__(self, job_id: _Optional[str] = ...) -> None: ...

class GetModelInfoResponse(_message.Message):
    __slots__ = ("model", "training", "jobs", "pin")
    MODEL_FIELD_NUMBER: _ClassVar[int]
    TRAINING_FIELD_NUMBER: _ClassVar[int]
    JOBS_FIELD_NUMBER: _ClassVar[int]
    PIN_FIELD_NUMBER: _ClassVar[int]
    model: ModelInfo
    training: bool
    jobs: _containers.RepeatedCompositeFieldContainer[_common_pb2.Job]
    pin: ModelPin
    def __init__(self, model: _Optional[_Union[ModelInfo, _Mapping]] = ..., training: _Optional[bool] = ..., jobs: _Optional[_Iterable[_Union[_common_pb2.Job, _Mapping]]] = ..., pin: _Optional[_Union[ModelPin, _Mapping]] = ...) -> None: ...
