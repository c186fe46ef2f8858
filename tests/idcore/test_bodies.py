"""idcore.bodies: JSON read with a depth limit and without NaN, huge numbers or NUL; the body size limit."""

from __future__ import annotations

import pytest
import requests
from flask import Flask, jsonify

from idcore import appkit
from idcore.bodies import JsonBodyError, json_depth, parse_json, read_json
from idcore.clock import ManualClock
from idcore.control import ControlHooks
from idcore.testing import LiveServer, mount
from tests.idcore.test_kernel import TinyError

BASE = "http://tiny.test"


@pytest.mark.parametrize(
    "text, depth",
    [("1", 0), ("[]", 1), ('{"a": [1, {"b": []}]}', 4), ("[" * 64 + "]" * 64, 64), ('{"a": "[[[["}', 1)],
)
def test_json_depth_counts_arrays_and_objects(text, depth):
    assert json_depth(parse_json(text, 100)) == depth


@pytest.mark.parametrize(
    "text, message",
    [
        ("[" * 65 + "]" * 65, "deeper than 64"),
        ("[" * 100_000 + "]" * 100_000, "deeper than 64"),
        ('{"a": ' * 5000 + "1" + "}" * 5000, "deeper than 64"),
        ("NaN", "NaN is not a JSON value"),
        ('{"a": -Infinity}', "-Infinity is not a JSON value"),
        ("[1e999]", "too large"),
        ('{"a": "b\\u0000"}', "NUL character"),
        ('{"a\\u0000": 1}', "NUL character"),
        ('{"a": "\\ud800"}', "lone surrogate"),
        ('["x\\uDFFFy"]', "lone surrogate"),
        (b'"\xff"', "not valid JSON"),
        ("{", "not valid JSON"),
        ("1" * 5000, "not valid JSON"),
    ],
)
def test_json_the_apps_cannot_store_is_refused(text, message):
    with pytest.raises(JsonBodyError, match=message):
        parse_json(text, 64)


def test_an_escaped_backslash_before_u0000_is_not_nul():
    assert parse_json('"\\\\u0000"', 64) == "\\u0000"


def test_a_surrogate_pair_is_one_character():
    assert parse_json('"\\ud83d\\ude00"', 64) == "\U0001f600"


def tiny_app(**config) -> Flask:
    app = Flask("tiny")
    app.config.update({"CONTROL_TOKEN": "ctl", **config})
    app.register_blueprint(
        appkit.init_app(
            app, TinyError, ControlHooks(family=TinyError, reset=lambda: None), clock=ManualClock()
        )
    )

    @app.post("/echo")
    def echo():
        return jsonify({"got": read_json()})

    return app


@pytest.mark.parametrize(
    "body, status",
    [('{"a": 1}', 200), ("[" * 65 + "]" * 65, 400), ("", 400), ("x" * 2001, 413)],
)
def test_read_json_answers_in_the_apps_shape(body, status):
    http = mount(requests.Session(), BASE, tiny_app(MAX_BODY_BYTES=2000))
    response = http.post(f"{BASE}/echo", data=body, headers={"Content-Type": "application/json"})
    assert response.status_code == status
    if status != 200:
        assert response.json()["tinyError"]["status"] == status


@pytest.mark.live
def test_chunked_body_over_the_limit_is_413_over_a_socket():
    with LiveServer(tiny_app(MAX_BODY_BYTES=100)) as server:
        chunks = iter([b'{"a": "', b"x" * 200, b'"}'])
        response = requests.post(f"{server.url}/echo", data=chunks, timeout=10)
        small = requests.post(f"{server.url}/echo", data=iter([b'{"a": ', b"1}"]), timeout=10)
    assert response.status_code == 413 and response.json()["tinyError"]["status"] == 413
    assert small.status_code == 200 and small.json() == {"got": {"a": 1}}


@pytest.mark.parametrize("url", [f"{BASE}/echo%00", f"{BASE}/echo?a=%00", f"{BASE}/echo?%00=1"])
def test_nul_in_path_or_query_is_400(url):
    http = mount(requests.Session(), BASE, tiny_app())
    response = http.post(url, json={})
    assert response.status_code == 400 and "NUL" in response.json()["tinyError"]["detail"]
