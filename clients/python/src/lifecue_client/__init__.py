"""lifecue-client: the gRPC stubs of lifecue.v1 and a small typed helper, without the service.

from lifecue_client import LifecueClient
with LifecueClient("lifecue-recommender:50051", token=TOKEN) as client:
    reply = client.recommend("c-123", n=10)
"""

from lifecue_client import v1
from lifecue_client._client import LifecueClient, Tls
from lifecue_client._policy import IDEMPOTENT_METHODS, service_config

__version__ = "0.1.0"

__all__ = ["IDEMPOTENT_METHODS", "LifecueClient", "Tls", "__version__", "service_config", "v1"]
