"""What ``/_control`` sets is one server's state: two apps on one database (two workers) see the same.

The apps here are in process, two on one SQLite file, the way gunicorn's workers share one database; the last
test runs the real thing (gunicorn, 4 workers) over sockets.
"""

from __future__ import annotations

import json
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

import mockscim
from idcore.clock import ManualClock, SystemClock
from idcore.testing import GunicornServer
from tests.mockscim.conftest import CONTROL, TOKEN, Client

ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


def workers(tmp_path: Any, clock: Any = ManualClock, **config: Any) -> tuple[Client, Client]:
    """Return two clients on two apps sharing one SQLite file; the second joins the first's server."""
    settings = {"DATABASE_URL": f"sqlite:///{tmp_path}/w.db", "CONTROL_TOKEN": CONTROL, **config}
    first = mockscim.create_app(settings, clock=clock())
    second = mockscim.create_app({**settings, "CONTROL_STATE": "join"}, clock=clock())
    return Client(first), Client(second)


def test_a_manual_clock_moved_through_one_worker_moves_for_the_other(tmp_path):
    one, two = workers(tmp_path)
    one.control("POST", "/clock", {"set": "2026-03-01T10:00:00Z"})
    one.control("POST", "/clock", {"advance": 90})
    assert two.control("GET", "/clock").json()["now"] == "2026-03-01T10:01:30Z"


def test_a_system_clock_offset_is_shared(tmp_path):
    one, two = workers(tmp_path, clock=SystemClock)
    one.control("POST", "/clock", {"advance": 3600})
    seen = two.control("GET", "/clock").json()
    assert (seen["manual"], seen["offset"]) == (False, 3600.0)


def test_a_fault_rule_counts_the_requests_of_every_worker(tmp_path):
    one, two = workers(tmp_path)
    one.control("POST", "/faults", {"method": "GET", "status": 503, "times": 2})
    answers = [client.get("/Users").status_code for client in (two, one, two, one)]
    assert answers == [503, 503, 200, 200]
    rule = two.control("GET", "/faults").json()["faults"][0]
    assert (rule["matched"], rule["fired"]) == (4, 2)


def test_clearing_faults_through_one_worker_clears_them_for_the_other(tmp_path):
    one, two = workers(tmp_path)
    one.control("POST", "/faults", {"method": "GET", "status": 500})
    two.control("DELETE", "/faults")
    assert one.get("/Users").status_code == 200


def test_a_latency_on_a_manual_clock_moves_the_shared_clock(tmp_path):
    one, two = workers(tmp_path)
    start = one.control("GET", "/clock").json()["now"]
    one.control("POST", "/faults", {"method": "GET", "latency": 30})
    two.get("/Users")
    one.get("/Users")
    moved = two.control("GET", "/clock").json()["now"]
    assert (start, moved) == ("2026-01-05T09:00:00Z", "2026-01-05T09:01:00Z")


def test_a_profile_switched_through_one_worker_applies_on_the_other(tmp_path):
    one, two = workers(tmp_path)
    one.control("POST", "/profile", {"profile": "strict-rfc", "quirks": ["soft-delete"]})
    seen = two.control("GET", "/profile").json()
    assert (seen["profile"], seen["quirks"], seen["softDelete"]) == ("strict-rfc", ["soft-delete"], True)


def test_a_new_server_starts_from_its_own_settings_not_the_last_ones(tmp_path):
    one, _ = workers(tmp_path)
    one.control("POST", "/faults", {"method": "GET", "status": 500})
    restarted, _ = workers(tmp_path)
    assert restarted.get("/Users").status_code == 200


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/clock", {"advance": 1e15}),
        ("/clock", {"advance": -5}),
        ("/clock", {"advance": "soon"}),
        ("/clock", {"advance": True}),
        ("/clock", {"advance": float("inf")}),
        ("/clock", {"set": 5}),
        ("/clock", {"set": "yesterday"}),
        ("/clock", {"set": "0001-01-01T00:00:00"}),
        ("/clock", {"advance": 1, "set": "2026-01-01T00:00:00Z"}),
        ("/clock", {}),
        ("/profile", {"profile": 5}),
        ("/profile", {"profile": "nope"}),
        ("/profile", {"quirks": "soft-delete"}),
    ],
)
def test_bad_control_bodies_are_scim_400s_that_change_nothing(scim, path, body):
    before = scim.control("GET", path).json()
    response = scim.http.post(
        f"http://scim.test/_control{path}",
        data=json.dumps(body),
        headers={"Authorization": f"Bearer {CONTROL}", "Content-Type": "application/json"},
    )
    assert (response.status_code, response.json()["schemas"]) == (400, [ERROR])
    assert scim.control("GET", path).json() == before


def test_a_system_clock_can_be_moved_and_shows_its_offset(database_url):
    scim = Client(
        mockscim.create_app({"DATABASE_URL": database_url, "CONTROL_TOKEN": CONTROL, "CLOCK": "system"})
    )
    moved = scim.control("POST", "/clock", {"advance": 600}).json()
    assert (moved["manual"], moved["offset"]) == (False, 600.0)


@pytest.mark.live
def test_four_gunicorn_workers_answer_with_one_clock_fault_and_profile(tmp_path):
    url = f"sqlite:///{tmp_path}/g.db"
    mockscim.create_app({"DATABASE_URL": url})  # the server's first app starts its state, as `serve` does
    env = {"MOCKSCIM_DATABASE_URL": url, "MOCKSCIM_CONTROL_TOKEN": CONTROL, "MOCKSCIM_CONTROL_STATE": "join"}
    with GunicornServer("mockscim:create_app()", env, workers=4) as server:
        control = {"Authorization": f"Bearer {CONTROL}"}
        requests.post(f"{server.url}/_control/clock", json={"advance": 7200}, headers=control, timeout=30)
        requests.post(
            f"{server.url}/_control/profile", json={"profile": "strict-rfc"}, headers=control, timeout=30
        )
        requests.post(
            f"{server.url}/_control/faults",
            json={"path": "/scim/v2/Users", "status": 503, "times": 5},
            headers=control,
            timeout=30,
        )

        def observe(_: int) -> tuple[float, str, int]:
            clock = requests.get(f"{server.url}/_control/clock", headers=control, timeout=30).json()
            profile = requests.get(f"{server.url}/_control/profile", headers=control, timeout=30).json()
            users = requests.get(
                f"{server.url}/scim/v2/Users", headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30
            )
            return clock["offset"], profile["profile"], users.status_code

        with ThreadPoolExecutor(20) as pool:
            seen = list(pool.map(observe, range(20)))
    assert {(offset // 60, profile) for offset, profile, _ in seen} == {(120, "strict-rfc")}
    assert Counter(status for *_, status in seen) == {503: 5, 200: 15}


def test_a_clock_moved_in_process_is_not_undone_by_a_control_move(tmp_path):
    manual = ManualClock()
    app = mockscim.create_app(
        {"DATABASE_URL": f"sqlite:///{tmp_path}/c.db", "CONTROL_TOKEN": CONTROL}, clock=manual
    )
    manual.advance(3600)
    moved = Client(app).control("POST", "/clock", {"advance": 60}).json()["now"]
    assert moved == "2026-01-05T10:01:00Z"
