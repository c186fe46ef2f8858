"""A mockscim app mounted on a session, a manual clock and a job pointing at it."""

from __future__ import annotations

from typing import Any

import pytest
import requests

import mockscim
from harness.clients import ScimClient, WireLog
from harness.clients.retry import RetryPolicy
from harness.jobs.model import Job
from idcore.clock import ManualClock
from idcore.testing import mount

SCIM_URL = "http://target.local/scim/v2"
TOKEN = "t0ken"


def make_job(**overrides: Any) -> Job:
    """Return a default job whose target is the mounted mockscim."""
    data: dict[str, Any] = {
        "name": "Contoso SCIM app",
        "source": {
            "type": "entra",
            "url": "http://idp.local",
            "tenant": "contoso",
            "client_id": "c",
            "client_secret": "s",
            "app": "Contoso SCIM app",
        },
        "target": {"type": "scim", "url": SCIM_URL, "auth": {"type": "bearer", "token": TOKEN}},
    }
    data.update(overrides)
    return Job.from_dict(data)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def target(clock: ManualClock, database_url: str) -> Any:
    return mockscim.create_app(
        {"DATABASE_URL": database_url, "TOKEN": TOKEN, "CONTROL_TOKEN": "ctl"}, clock=clock
    )


@pytest.fixture
def http(target: Any) -> requests.Session:
    return mount(requests.Session(), "http://target.local", target)


@pytest.fixture
def log() -> WireLog:
    return WireLog()


@pytest.fixture
def scim(http: requests.Session, clock: ManualClock, log: WireLog) -> ScimClient:
    job = make_job()
    return ScimClient(
        http, clock, job.settings, job.target, log, retry=RetryPolicy.from_settings(job.settings)
    )


def add_fault(http: requests.Session, **rule: Any) -> None:
    """Install a fault rule on the target through its control API."""
    response = http.post(
        "http://target.local/_control/faults", json=rule, headers={"Authorization": "Bearer ctl"}
    )
    assert response.status_code == 200, response.text
