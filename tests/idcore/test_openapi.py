"""idcore.openapi: paths come from the URL map, operations from the views, and a silent view is an error."""

from __future__ import annotations

import pytest
from flask import Flask

from idcore.openapi import Undocumented, build_paths, install_converters, openapi_path, operation


def _render(declared, rule, method):
    return {
        "summary": declared.summary,
        "responses": {str(s): {"description": "x"} for s in declared.responses},
    }


def _app() -> Flask:
    app = Flask("t")
    install_converters(app)

    @operation("GET", summary="read", responses={200: None})
    @operation("DELETE", summary="drop", responses={204: None})
    def one(item_id: str) -> str:
        return item_id

    @operation("POST", summary="search", responses={200: None})
    def search() -> str:
        return "search"

    app.add_url_rule("/items/<segment('.search'):item_id>", "one", one, methods=["GET", "DELETE"])
    app.add_url_rule("/items/.search", "search", search, methods=["POST"])
    return app


def test_paths_and_methods_come_from_the_url_map():
    paths = build_paths(_app(), lambda rule: rule.rule.startswith("/items"), _render)
    assert {path: sorted(set(item) - {"parameters"}) for path, item in paths.items()} == {
        "/items/.search": ["post"],
        "/items/{item_id}": ["delete", "get"],
    }
    assert paths["/items/{item_id}"]["parameters"][0]["name"] == "item_id"


def test_a_route_without_a_declaration_is_refused():
    app = _app()
    app.add_url_rule("/items", "silent", lambda: "", methods=["GET"])
    with pytest.raises(Undocumented, match="GET /items"):
        build_paths(app, lambda rule: rule.rule.startswith("/items"), _render)


@pytest.mark.parametrize(
    ("rule", "path"),
    [("/a/<b>", "/a/{b}"), ("/a/<path:urn>", "/a/{urn}"), ("/a/<segment('delta'):key>/x", "/a/{key}/x")],
)
def test_openapi_path(rule, path):
    assert openapi_path(rule) == path


@pytest.mark.parametrize(("method", "status"), [("GET", 405), ("OPTIONS", 200), ("POST", 200)])
def test_a_reserved_word_is_not_an_id(method, status):
    response = _app().test_client().open("/items/.search", method=method)
    assert response.status_code == status
    if method != "POST":
        assert set(response.headers["Allow"].split(", ")) - {"OPTIONS"} == {"POST"}


def test_other_segments_are_ids():
    assert _app().test_client().get("/items/.searchable").get_data(as_text=True) == ".searchable"
