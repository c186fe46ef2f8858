"""The on-demand provisioning pipeline: test connection, import, scope, match and action (design.md data flow).

``provision_on_demand(job, OnDemandRequest(user="…"), http=session, clock=clock, rng=rng)`` returns a
``harness.result.ProvisioningResult``; a request the portal refuses before sending anything raises
``OnDemandRefused``. One module per step; ``mapping``, ``diff`` and ``wire`` build what the action sends.
"""

from harness.pipeline import graph_target, targets  # noqa: F401  (they register the target types)
from harness.pipeline.context import OnDemandRequest
from harness.pipeline.errors import OnDemandRefused
from harness.pipeline.run import MAX_GROUP_MEMBERS, provision_on_demand

__all__ = ["MAX_GROUP_MEMBERS", "OnDemandRefused", "OnDemandRequest", "provision_on_demand"]
