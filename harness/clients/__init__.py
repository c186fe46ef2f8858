"""The harness's HTTP clients: the directory (Graph), the HR systems and the SCIM target.

Each takes a ``requests.Session`` (real sockets, or the in-process WSGI adapter), the injected clock, the job's
settings and a ``WireLog`` that records every exchange for the run's report. None of them imports a mock app:
the same code drives a vendor's real endpoint.
"""

from harness.clients.cache import RunCache
from harness.clients.graph import REPLICA_HEADER, DirectoryClient, GraphClient, GraphError
from harness.clients.hr import HrError, SuccessFactorsClient, WorkdayClient
from harness.clients.http import Channel, WireLog
from harness.clients.reply import CONNECTION_ERROR, TIMEOUT, Reply
from harness.clients.scim import SCIM_JSON, ScimClient, eq_filter, resources

__all__ = [
    "CONNECTION_ERROR",
    "REPLICA_HEADER",
    "SCIM_JSON",
    "TIMEOUT",
    "Channel",
    "DirectoryClient",
    "GraphClient",
    "GraphError",
    "HrError",
    "Reply",
    "RunCache",
    "ScimClient",
    "SuccessFactorsClient",
    "WireLog",
    "WorkdayClient",
    "eq_filter",
    "resources",
]
