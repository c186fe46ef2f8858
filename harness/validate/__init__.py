"""``scimulator validate --url``: check any SCIM endpoint the way Entra drives it, offline (docs/validate.md).

A check is data (id, title, tags, the Entra behaviour it mirrors, the Microsoft page that says so, what Entra does
when it fails) plus one small function; ``runner.validate`` runs them against an endpoint with an in-process
source tenant and the harness's own engine and wire code, and returns a ``Report``; ``render`` prints it.
"""

from harness.validate.model import Check, CheckResult, Exchange
from harness.validate.run import Endpoint
from harness.validate.runner import Report, catalog, select, validate

__all__ = ["Check", "CheckResult", "Endpoint", "Exchange", "Report", "catalog", "select", "validate"]
