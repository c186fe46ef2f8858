"""The shared kernel on a tiny app: errors, control auth, clock, faults, journal, the in-process adapter."""

from __future__ import annotations

import pytest
import requests
from flask import Flask, jsonify

from idcore import appkit
from idcore.clock import ManualClock
from idcore.control import ControlHooks
from idcore.errors import ProtocolError
from idcore.testing import LiveServer, mount

BASE = "http://tiny.test"


class TinyError(ProtocolError):
    code = "tiny"

    def to_dict(self) -> dict:
        return {"tinyError": {"status": self.status, "detail": self.detail}}


def make_app(token: str | None = "ctl") -> tuple[Flask, list[int]]:
    app = Flask("tiny")
    app.config["CONTROL_TOKEN"] = token
    stored: list[int] = []
    bp = appkit.init_app(
        app, TinyError, ControlHooks(family=TinyError, reset=stored.clear), clock=ManualClock()
    )
    app.register_blueprint(bp)

    @app.post("/things")
    def create():
        stored.append(1)
        return jsonify({"count": len(stored)}), 201

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret traceback")

    return app, stored


@pytest.fixture
def tiny():
    app, stored = make_app()
    session = mount(requests.Session(), BASE, app)
    session.headers["Authorization"] = "Bearer ctl"
    return app, stored, session


def test_unknown_route_answers_in_the_app_shape(tiny):
    _, _, http = tiny
    response = http.get(f"{BASE}/nowhere")
    assert response.status_code == 404
    assert response.json()["tinyError"]["status"] == 404


def test_crash_hides_the_traceback(tiny):
    _, _, http = tiny
    response = http.get(f"{BASE}/boom")
    assert response.status_code == 500
    assert "secret" not in response.text


def test_control_is_off_without_a_token():
    app, _ = make_app(token=None)
    http = mount(requests.Session(), BASE, app)
    assert http.post(f"{BASE}/_control/reset", headers={"Authorization": "Bearer x"}).status_code == 404


def test_control_rejects_a_wrong_token(tiny):
    _, _, http = tiny
    assert http.post(f"{BASE}/_control/reset", headers={"Authorization": "Bearer nope"}).status_code == 401


def test_clock_advances_over_control(tiny):
    _, _, http = tiny
    before = http.get(f"{BASE}/_control/clock").json()["now"]
    after = http.post(f"{BASE}/_control/clock", json={"advance": 90}).json()["now"]
    assert (before, after) == ("2026-01-05T09:00:00Z", "2026-01-05T09:01:30Z")


@pytest.mark.parametrize("body", [{"advance": "soon"}, {"set": "not a date"}, {}])
def test_bad_clock_moves_are_400(tiny, body):
    _, _, http = tiny
    assert http.post(f"{BASE}/_control/clock", json=body).status_code == 400


def test_fault_answers_429_twice_then_passes(tiny):
    _, _, http = tiny
    http.post(
        f"{BASE}/_control/faults",
        json={"method": "POST", "path": "/things", "status": 429, "retry_after": 30, "times": 2},
    )
    statuses = [http.post(f"{BASE}/things").status_code for _ in range(3)]
    assert statuses == [429, 429, 201]


def test_fault_retry_after_header(tiny):
    _, _, http = tiny
    http.post(f"{BASE}/_control/faults", json={"path": "/things", "status": 429, "retry_after": 30})
    assert http.post(f"{BASE}/things").headers["Retry-After"] == "30"


def test_fault_latency_moves_the_manual_clock(tiny):
    _, _, http = tiny
    http.post(f"{BASE}/_control/faults", json={"path": "/things", "latency": 45})
    http.post(f"{BASE}/things")
    assert http.get(f"{BASE}/_control/clock").json()["now"] == "2026-01-05T09:00:45Z"


def test_drop_after_stores_then_times_out(tiny):
    _, stored, http = tiny
    http.post(f"{BASE}/_control/faults", json={"path": "/things", "drop": "after", "times": 1})
    with pytest.raises(requests.ReadTimeout):
        http.post(f"{BASE}/things")
    assert stored == [1]


def test_drop_before_stores_nothing(tiny):
    _, stored, http = tiny
    http.post(f"{BASE}/_control/faults", json={"path": "/things", "drop": "before"})
    with pytest.raises(requests.ConnectionError):
        http.post(f"{BASE}/things")
    assert stored == []


def test_nth_fault_fires_once(tiny):
    _, _, http = tiny
    http.post(f"{BASE}/_control/faults", json={"path": "/things", "status": 503, "nth": 2})
    assert [http.post(f"{BASE}/things").status_code for _ in range(3)] == [201, 503, 201]


def test_bad_fault_rule_is_400(tiny):
    _, _, http = tiny
    assert http.post(f"{BASE}/_control/faults", json={"path": "/x", "colour": "red"}).status_code == 400


def test_journal_records_requests_but_not_control(tiny):
    _, _, http = tiny
    http.post(f"{BASE}/things", json={"a": 1})
    entries = http.get(f"{BASE}/_control/requests").json()["requests"]
    assert [(e["method"], e["path"], e["body"], e["status"]) for e in entries] == [
        ("POST", "/things", '{"a": 1}', 201)
    ]


def test_reset_clears_store_and_faults(tiny):
    _, stored, http = tiny
    http.post(f"{BASE}/things")
    http.post(f"{BASE}/_control/faults", json={"path": "/things", "status": 500})
    http.post(f"{BASE}/_control/reset")
    assert stored == [] and http.get(f"{BASE}/_control/faults").json()["faults"] == []


@pytest.mark.live
def test_live_server_serves_and_drops_over_a_socket():
    app, stored = make_app()
    with LiveServer(app) as server:
        assert requests.post(f"{server.url}/things", timeout=5).status_code == 201
        requests.post(
            f"{server.url}/_control/faults",
            json={"path": "/things", "drop": "after"},
            headers={"Authorization": "Bearer ctl"},
            timeout=5,
        )
        with pytest.raises(requests.ConnectionError):
            requests.post(f"{server.url}/things", timeout=5)
    assert stored == [1, 1]


def test_journal_survives_a_body_refused_for_its_size():
    app, _ = make_app()
    app.config["MAX_CONTENT_LENGTH"] = 10
    http = mount(requests.Session(), BASE, app)
    assert http.post(f"{BASE}/things", data="x" * 100).status_code != 500


def test_fault_matches_the_decoded_query_string(tiny):
    _, _, http = tiny
    http.post(f"{BASE}/_control/faults", json={"query_contains": 'userName eq "ada"', "status": 500})
    assert http.post(f"{BASE}/things", params={"filter": 'userName eq "ada"'}).status_code == 500
    assert http.post(f"{BASE}/things", params={"filter": 'userName eq "bob"'}).status_code == 201
