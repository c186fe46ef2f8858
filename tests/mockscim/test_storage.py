"""Storage: snapshots, a file database surviving a restart, concurrent creates and the journal."""

from __future__ import annotations

import threading

import pytest
import requests

import mockscim
from idcore.testing import LiveServer
from tests.mockscim.conftest import USER_SCHEMA, Client


def test_snapshot_round_trip(scim):
    a = scim.user("a", emails=[{"type": "work", "value": "a@x"}])
    scim.group("G", members=[a["id"]])
    saved = scim.control("GET", "/snapshot").json()
    scim.control("POST", "/reset")
    assert scim.get("/Users").json()["totalResults"] == 0
    assert scim.control("POST", "/snapshot", saved).status_code == 200
    assert scim.find('emails.value eq "a@x"')[0]["groups"][0]["display"] == "G"
    assert scim.control("GET", "/snapshot").json() == saved


def test_seed_is_deterministic(make_client):
    first, second = make_client(DATABASE_URL="sqlite://"), make_client(DATABASE_URL="sqlite://")
    for client in (first, second):
        assert client.control("POST", "/seed", {"users": 5, "groups": 2}).status_code == 200
    assert first.get("/Users").json() == second.get("/Users").json()
    assert first.get("/Groups").json()["totalResults"] == 2


def test_bad_snapshot_is_400(scim):
    assert scim.control("POST", "/snapshot", {"format": "other"}).status_code == 400


def test_file_database_survives_a_restart(tmp_path):
    url = f"sqlite:///{tmp_path / 'scim.sqlite'}"
    first = Client(mockscim.create_app({"DATABASE_URL": url}))
    user = first.user("kept")
    second = Client(mockscim.create_app({"DATABASE_URL": url, "SEED": 1}))
    assert second.get(f"/Users/{user['id']}").json()["userName"] == "kept"


def test_two_processes_on_one_seed_do_not_collide_on_ids(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    first, second = (
        Client(mockscim.create_app({"DATABASE_URL": url})),
        Client(mockscim.create_app({"DATABASE_URL": url})),
    )
    a, b = first.user("a"), second.user("b")
    assert a["id"] != b["id"] and second.get("/Users").json()["totalResults"] == 2


def test_journal_records_what_was_sent(scim):
    scim.get("/Users?filter=userName+eq+%22x%22")
    entry = scim.control("GET", "/requests").json()["requests"][-1]
    assert (entry["method"], entry["path"], entry["query"], entry["status"]) == (
        "GET",
        "/scim/v2/Users",
        "filter=userName+eq+%22x%22",
        200,
    )


def test_fault_429_with_retry_after(scim):
    scim.control(
        "POST",
        "/faults",
        {"method": "POST", "path": "/scim/v2/Users", "status": 429, "retry_after": 7, "times": 1},
    )
    first = scim.post("/Users", {"schemas": [USER_SCHEMA], "userName": "a"})
    assert (first.status_code, first.headers["Retry-After"], first.json()["status"]) == (429, "7", "429")
    assert scim.post("/Users", {"schemas": [USER_SCHEMA], "userName": "a"}).status_code == 201


def test_dropped_connection_after_create_keeps_the_user(scim):
    scim.control("POST", "/faults", {"method": "POST", "path": "/scim/v2/Users", "drop": "after", "times": 1})
    with pytest.raises(requests.ReadTimeout):
        scim.post("/Users", {"schemas": [USER_SCHEMA], "userName": "a"})
    assert len(scim.find('userName eq "a"')) == 1


@pytest.mark.live
def test_concurrent_creates_yield_one_user(tmp_path):
    app = mockscim.create_app({"DATABASE_URL": f"sqlite:///{tmp_path / 'c.sqlite'}"})
    statuses: list[int] = []
    with LiveServer(app) as server:

        def create() -> None:
            response = requests.post(
                f"{server.url}/scim/v2/Users",
                timeout=30,
                headers={"Authorization": "Bearer scimulator-token"},
                json={"schemas": [USER_SCHEMA], "userName": "race"},
            )
            statuses.append(response.status_code)

        threads = [threading.Thread(target=create) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        listed = requests.get(
            f"{server.url}/scim/v2/Users", headers={"Authorization": "Bearer scimulator-token"}, timeout=30
        ).json()
    assert sorted(statuses).count(201) == 1 and set(statuses) <= {201, 409}
    assert listed["totalResults"] == 1


@pytest.mark.live
def test_entra_query_over_a_real_socket(database_url):
    app = mockscim.create_app({"DATABASE_URL": database_url})
    headers = {"Authorization": "Bearer scimulator-token"}
    with LiveServer(app) as server:
        base = f"{server.url}/scim/v2"
        created = requests.post(
            f"{base}/Users",
            headers=headers,
            timeout=10,
            json={"schemas": [USER_SCHEMA], "userName": "Live.User"},
        )
        found = requests.get(f"{base}/Users?filter=userName+eq+%22live.user%22", headers=headers, timeout=10)
    assert created.status_code == 201 and found.json()["Resources"][0]["id"] == created.json()["id"]
