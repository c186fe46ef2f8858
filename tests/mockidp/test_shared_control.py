"""mockidp's ``/_control`` state is one server's: two apps on one database (two workers) see the same clock and
replication settings; bad clock bodies are Graph 400s."""

from __future__ import annotations

from typing import Any

import pytest
import requests

from idcore.clock import ManualClock
from idcore.testing import mount
from mockidp import create_app
from tests.mockidp.conftest import BASE

CONTROL = {"Authorization": "Bearer ctl"}


def worker(url: str, join: bool = False) -> requests.Session:
    """Return a control session on a mockidp app on ``url`` (``join``: a worker of a running server)."""
    config: dict[str, Any] = {"DATABASE_URL": url, "CONTROL_TOKEN": "ctl", "USERS": 0}
    if join:
        config["CONTROL_STATE"] = "join"
    http = mount(requests.Session(), BASE, create_app(config, clock=ManualClock()))
    http.headers.update(CONTROL)
    return http


def test_clock_and_replication_delay_set_through_one_worker_hold_on_the_other(tmp_path):
    url = f"sqlite:///{tmp_path}/idp.db"
    one, two = worker(url), worker(url, join=True)
    one.post(f"{BASE}/_control/clock", json={"advance": 120})
    one.post(f"{BASE}/_control/replication", json={"delay": 45})
    assert two.get(f"{BASE}/_control/clock").json()["now"] == "2026-01-05T09:02:00Z"
    assert two.get(f"{BASE}/_control/replication").json()["delay"] == 45


@pytest.mark.parametrize(
    "body", [{"advance": 1e15}, {"advance": "1"}, {"advance": None}, {"set": []}, {"set": "99999-01-01"}]
)
def test_bad_clock_bodies_are_graph_400s(control, body):
    response = control.post(f"{BASE}/_control/clock", json=body)
    assert response.status_code == 400
    assert response.json()["error"]["code"]
    assert control.get(f"{BASE}/_control/clock").json()["now"] == "2026-01-05T09:00:00Z"
