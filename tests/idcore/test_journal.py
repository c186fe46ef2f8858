"""The request journal is bounded (entries and body bytes), off with the control API, and holds no secrets."""

from __future__ import annotations

import requests
from flask import Flask, jsonify, request

from idcore import appkit
from idcore.clock import ManualClock
from idcore.control import ControlHooks
from idcore.journal import get_journal
from idcore.redact import MASK
from idcore.testing import mount
from tests.idcore.test_kernel import TinyError

BASE = "http://tiny.test"
CONTROL = {"Authorization": "Bearer ctl"}


def tiny_app(**config) -> Flask:
    app = Flask("tiny")
    app.config.update({"CONTROL_TOKEN": "ctl", **config})
    app.register_blueprint(
        appkit.init_app(
            app, TinyError, ControlHooks(family=TinyError, reset=lambda: None), clock=ManualClock()
        )
    )

    @app.post("/things")
    def things():
        return jsonify({"size": len(request.get_data())}), 201

    return app


def journal(http: requests.Session) -> list[dict]:
    return http.get(f"{BASE}/_control/requests", headers=CONTROL).json()["requests"]


def test_journal_keeps_the_last_journal_size_requests():
    http = mount(requests.Session(), BASE, tiny_app(JOURNAL_SIZE=5))
    for number in range(12):
        http.post(f"{BASE}/things", json={"n": number})
    entries = journal(http)
    assert [entry["seq"] for entry in entries] == [8, 9, 10, 11, 12]


def test_default_bound_is_1000_entries():
    app = tiny_app()
    http = mount(requests.Session(), BASE, app)
    for _ in range(1005):
        http.post(f"{BASE}/things", data="x")
    assert len(get_journal(app).entries()) == 1000


def test_journal_keeps_the_first_journal_body_bytes_and_the_full_size():
    http = mount(requests.Session(), BASE, tiny_app(JOURNAL_BODY_BYTES=100))
    http.post(f"{BASE}/things", data="a" * 65_536)
    http.post(f"{BASE}/things", data="b" * 100)
    big, exact = journal(http)
    assert (big["body"], big["size"], big["truncated"]) == ("a" * 100, 65_536, True)
    assert (exact["body"], exact["size"], exact["truncated"]) == ("b" * 100, 100, False)


def test_nothing_is_recorded_while_the_control_api_is_off():
    app = tiny_app(CONTROL_TOKEN=None)
    http = mount(requests.Session(), BASE, app)
    for _ in range(50):
        http.post(f"{BASE}/things", data="x" * 1000)
    assert get_journal(app).entries() == []
    assert http.get(f"{BASE}/_control/requests").status_code == 404


def test_secrets_in_a_token_request_are_redacted():
    http = mount(requests.Session(), BASE, tiny_app())
    http.post(
        f"{BASE}/things?client_secret=inquery",
        data={"grant_type": "client_credentials", "client_id": "app", "client_secret": "s3cr3t"},
        headers={"Authorization": "Basic YXBwOnMzY3IzdA=="},
    )
    (entry,) = journal(http)
    assert "s3cr3t" not in str(entry) and "inquery" not in str(entry) and "YXBw" not in str(entry)
    assert f"client_secret={MASK}" in entry["query"] and "client_id=app" in entry["body"]
