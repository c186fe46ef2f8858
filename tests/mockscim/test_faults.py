"""Faults set over ``/_control/faults`` against mockscim, the request journal and snapshots, clause by clause."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import requests

import mockscim
from idcore.clock import parse_iso
from idcore.testing import LiveServer
from tests.mockscim.conftest import SCIM, USER_SCHEMA, Client

ERROR = "urn:ietf:params:scim:api:messages:2.0:Error"


def _create(scim, name="a"):
    return scim.post("/Users", {"schemas": [USER_SCHEMA], "userName": name})


@pytest.mark.parametrize("status", [400, 404, 409, 429, 500, 502, 503])
def test_fault_status_answers_in_the_scim_error_schema_and_writes_nothing(scim, status):
    assert scim.control("POST", "/faults", {"method": "POST", "path": "/scim/v2/Users", "status": status}).ok
    response = _create(scim)
    assert response.status_code == status
    assert response.json()["schemas"] == [ERROR] and response.json()["status"] == str(status)
    assert scim.get("/Users").json()["totalResults"] == 0


def test_retry_after_is_sent_only_when_asked(scim):
    scim.control("POST", "/faults", {"path": "/scim/v2/Users", "status": 429, "retry_after": 30, "nth": 1})
    scim.control("POST", "/faults", {"path": "/scim/v2/Users", "status": 429, "nth": 2})
    assert _create(scim).headers["Retry-After"] == "30"
    assert "Retry-After" not in _create(scim).headers


@pytest.mark.parametrize("latency", [0.5, 90, 3600])
def test_latency_moves_the_injected_clock_instead_of_blocking(scim, latency):
    before = parse_iso(scim.control("GET", "/clock").json()["now"])
    scim.control("POST", "/faults", {"method": "GET", "path": "/scim/v2/Users", "latency": latency})
    assert scim.get("/Users").status_code == 200
    assert parse_iso(scim.control("GET", "/clock").json()["now"]) - before == timedelta(seconds=latency)
    assert _create(scim).status_code == 201
    assert parse_iso(scim.control("GET", "/clock").json()["now"]) - before == timedelta(seconds=latency)


def test_latency_then_status_answers_late(scim):
    before = parse_iso(scim.control("GET", "/clock").json()["now"])
    scim.control("POST", "/faults", {"method": "POST", "latency": 30, "status": 504})
    assert _create(scim).status_code == 504
    assert parse_iso(scim.control("GET", "/clock").json()["now"]) - before == timedelta(seconds=30)


@pytest.mark.parametrize(
    "rule, hit, spared",
    [
        ({"method": "POST"}, ("post", "/Users"), ("get", "/Users")),
        ({"method": "get"}, ("get", "/Users"), ("post", "/Users")),
        ({"path": "/scim/v2/Groups*"}, ("get", "/Groups"), ("get", "/Users")),
        ({"path": "/scim/v2/Users/*"}, ("get", "/Users/{id}"), ("get", "/Users")),
        ({"path": "/scim/v2/Users/{id}"}, ("get", "/Users/{id}"), ("get", "/Users/{other}")),
        (
            {"method": "PATCH", "path": "/scim/v2/Users/{id}"},
            ("patch", "/Users/{id}"),
            ("get", "/Users/{id}"),
        ),
        ({"body_contains": '"kim"'}, ("post", "/Users"), ("post", "/Groups")),
    ],
)
def test_faults_are_scoped_by_method_path_or_resource(scim, rule, hit, spared):
    user, other = scim.user("u1"), scim.user("u2")

    def call(method, path):
        url = SCIM + path.format(id=user["id"], other=other["id"])
        body = None
        if method == "post":
            body = (
                {"schemas": [USER_SCHEMA], "userName": "kim"}
                if "Users" in path
                else {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "K"}
            )
        if method == "patch":
            body = {
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                "Operations": [{"op": "add", "path": "title", "value": "t"}],
            }
        return scim.http.request(method, url, json=body)

    path = rule.get("path", "*").format(id=user["id"], other=other["id"])
    scim.control("POST", "/faults", {**rule, "path": path, "status": 503})
    assert call(*spared).status_code < 400
    assert call(*hit).status_code == 503


def test_nth_fires_on_that_match_only(scim):
    scim.control("POST", "/faults", {"method": "GET", "path": "/scim/v2/Users", "status": 500, "nth": 3})
    statuses = [scim.get("/Users").status_code for _ in range(5)]
    assert statuses == [200, 200, 500, 200, 200]
    rule = scim.control("GET", "/faults").json()["faults"][0]
    assert (rule["matched"], rule["fired"]) == (5, 1)


def test_times_limits_how_often_it_fires(scim):
    scim.control("POST", "/faults", {"method": "GET", "status": 500, "times": 2})
    assert [scim.get("/Users").status_code for _ in range(4)] == [500, 500, 200, 200]


def _pattern(make_client, seed):
    scim = make_client()
    scim.control("POST", "/faults", {"method": "GET", "status": 503, "probability": 0.5, "seed": seed})
    return [scim.get("/Users").status_code for _ in range(40)]


def test_probability_is_seeded(make_client):
    first, again, other = _pattern(make_client, 7), _pattern(make_client, 7), _pattern(make_client, 8)
    assert first == again and first != other
    assert 5 < first.count(503) < 35


@pytest.mark.parametrize(
    "rule",
    [
        {"status": 99},
        {"probability": 2},
        {"drop": "sideways"},
        {"path": "/x"},
        {"status": 500, "colour": "red"},
        {"status": "soon"},
    ],
)
def test_bad_fault_rules_are_400_and_add_nothing(scim, rule):
    response = scim.control("POST", "/faults", rule)
    assert response.status_code == 400 and response.json()["schemas"] == [ERROR]
    assert scim.control("GET", "/faults").json()["faults"] == []


def test_faults_are_replaced_listed_and_cleared(scim):
    rules = [{"method": "GET", "status": 500}, {"method": "POST", "status": 429, "retry_after": 1}]
    assert len(scim.control("PUT", "/faults", rules).json()["faults"]) == 2
    assert scim.control("PUT", "/faults", [{"status": 500}, {"status": 1}]).status_code == 400
    assert len(scim.control("GET", "/faults").json()["faults"]) == 2
    assert scim.control("DELETE", "/faults").json()["faults"] == []
    assert scim.get("/Users").status_code == 200


def test_dropped_connection_before_handling_writes_nothing(scim):
    scim.control(
        "POST", "/faults", {"method": "POST", "path": "/scim/v2/Users", "drop": "before", "times": 1}
    )
    with pytest.raises(requests.ConnectionError):
        _create(scim)
    assert scim.get("/Users").json()["totalResults"] == 0
    assert _create(scim).status_code == 201


@pytest.mark.live
@pytest.mark.parametrize("drop, kept", [("before", 0), ("after", 1)])
def test_dropped_connection_over_a_real_socket(drop, kept):
    app = mockscim.create_app({"DATABASE_URL": "sqlite://", "CONTROL_TOKEN": "ctl"})
    headers = {"Authorization": "Bearer scimulator-token"}
    with LiveServer(app) as server:
        requests.post(
            f"{server.url}/_control/faults",
            json={"method": "POST", "drop": drop, "times": 1},
            headers={"Authorization": "Bearer ctl"},
            timeout=10,
        ).raise_for_status()
        with pytest.raises(requests.ConnectionError):
            requests.post(
                f"{server.url}/scim/v2/Users",
                json={"schemas": [USER_SCHEMA], "userName": "dropped"},
                headers=headers,
                timeout=10,
            )
        listed = requests.get(f"{server.url}/scim/v2/Users", headers=headers, timeout=10).json()
    assert listed["totalResults"] == kept


def test_journal_records_method_path_query_body_and_status(scim):
    body = {"schemas": [USER_SCHEMA], "userName": "journal"}
    scim.post("/Users?x=1", body)
    scim.post("/Users", body)
    scim.control("GET", "/requests")
    first, second = scim.control("GET", "/requests").json()["requests"][-2:]
    assert (first["method"], first["path"], first["query"], first["status"]) == (
        "POST",
        "/scim/v2/Users",
        "x=1",
        201,
    )
    assert json.loads(first["body"]) == body and second["status"] == 409 and second["seq"] == first["seq"] + 1
    assert all(
        not entry["path"].startswith("/_control")
        for entry in scim.control("GET", "/requests").json()["requests"]
    )


def test_journal_records_faulted_and_rejected_requests_and_clears(scim):
    scim.control("POST", "/faults", {"method": "GET", "status": 503, "times": 1})
    scim.get("/Users")
    scim.http.post(f"{SCIM}/Users", data="{bad", headers={"Content-Type": "application/scim+json"})
    entries = scim.control("GET", "/requests").json()["requests"]
    assert [(e["method"], e["status"], e["body"]) for e in entries] == [
        ("GET", 503, ""),
        ("POST", 400, "{bad"),
    ]
    assert scim.control("DELETE", "/requests").json()["requests"] == []


def test_snapshot_moves_the_whole_store_to_another_app(make_client, tmp_path):
    source = make_client(TENANTS={"other": "other-token"})
    user = source.user("a", emails=[{"type": "work", "value": "a@x"}])
    source.group("G", members=[user["id"]])
    source.http.post(
        f"{SCIM}/Users",
        json={"schemas": [USER_SCHEMA], "userName": "b"},
        headers={"Authorization": "Bearer other-token"},
    )
    saved = source.control("GET", "/snapshot").json()
    (tmp_path / "snap.json").write_text(json.dumps(saved))
    target = make_client(
        DATABASE_URL=f"sqlite:///{tmp_path / 'target.sqlite'}", TENANTS={"other": "other-token"}
    )
    assert target.control("POST", "/snapshot", json.loads((tmp_path / "snap.json").read_text())).ok
    assert target.control("GET", "/snapshot").json() == saved
    assert target.get(f"/Users/{user['id']}").json()["groups"][0]["display"] == "G"
    other = target.http.get(f"{SCIM}/Users", headers={"Authorization": "Bearer other-token"}).json()
    assert [r["userName"] for r in other["Resources"]] == ["b"]
    assert target.user("c")["id"] != user["id"]


@pytest.mark.parametrize(
    "bad",
    [
        {"format": "mockscim-snapshot/1", "tables": {"scim_user": [{"pk": 1, "nonsense": True}]}},
        {"format": "mockscim-snapshot/1", "tables": {"scim_user": "rows"}},
        {"format": "mockscim-snapshot/1", "tables": []},
        {"format": "other", "tables": {}},
        [1, 2],
    ],
)
def test_a_rejected_snapshot_changes_nothing(scim, bad):
    scim.user("kept")
    before = scim.control("GET", "/snapshot").json()
    response = scim.control("POST", "/snapshot", bad)
    assert response.status_code == 400 and response.json()["status"] == "400"
    assert scim.control("GET", "/snapshot").json() == before


def test_file_database_keeps_users_groups_and_members_across_a_restart(tmp_path):
    url = f"sqlite:///{tmp_path / 'scim.sqlite'}"
    before = Client(mockscim.create_app({"DATABASE_URL": url, "CONTROL_TOKEN": "ctl"}))
    user = before.user("kept", emails=[{"type": "work", "value": "k@x"}])
    before.group("Kept", members=[user["id"]])
    saved = before.control("GET", "/snapshot").json()
    after = Client(mockscim.create_app({"DATABASE_URL": url, "CONTROL_TOKEN": "ctl"}))
    assert after.control("GET", "/snapshot").json() == saved
    assert after.find('emails.value eq "k@x"')[0]["groups"][0]["display"] == "Kept"
    assert after.user("new")["id"] != user["id"]
