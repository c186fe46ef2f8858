"""Job data the job tests share: the example job files, a minimal job and its variations."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from harness.jobs import defaults

JOBS = Path(__file__).resolve().parents[2] / "fixtures" / "jobs"
ENTERPRISE = defaults.ENTERPRISE_URN

BASE: dict[str, Any] = {
    "name": "Contoso SCIM app",
    "source": {"type": "entra", "url": "http://mockidp.local", "tenant": "contoso"},
    "target": {"url": "http://mockscim.local/scim/v2", "auth": {"type": "bearer", "token": "t0k"}},
}


def job_with(**changes: Any) -> dict[str, Any]:
    """Return the base job data with top-level keys replaced."""
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data


def users(*mappings: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """Return job data whose users have exactly these mappings."""
    return job_with(users={"mappings": list(mappings), **extra})
