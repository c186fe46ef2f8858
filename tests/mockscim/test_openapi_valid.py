"""mockscim's /openapi.json is derived from the URL map and the profile: every route in it, valid OpenAPI 3."""

from __future__ import annotations

import re

import openapi_spec_validator
import pytest

from idcore.openapi import Undocumented
from idcore.scim.schema_data import USER
from mockscim.openapi import openapi_document
from tests.mockscim.conftest import BASE, SCIM

METHODS = {"get", "post", "put", "patch", "delete"}
NOT_SCIM = ("/_control/", "/static/")


def spec_of(client) -> dict:
    response = client.http.get(f"{BASE}/openapi.json")
    assert response.status_code == 200
    return response.json()


def app_routes(app) -> set[tuple[str, str]]:
    out = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(NOT_SCIM):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([a-z_]+)>", "{x}", rule.rule)
        out |= {(path, method.lower()) for method in rule.methods - {"HEAD", "OPTIONS"}}
    return out


@pytest.mark.parametrize("profile", ["entra-compatible", "strict-rfc", "plain-json"])
def test_openapi_document_validates(make_client, profile):
    openapi_spec_validator.validate(spec_of(make_client(profile)))


def test_every_route_is_described_and_nothing_else(scim):
    described = {
        (re.sub(r"\{[A-Za-z_]+\}", "{x}", path), method)
        for path, item in spec_of(scim)["paths"].items()
        for method in item
        if method in METHODS
    }
    assert described == app_routes(scim.app)


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/scim/v2/.search", "post"),
        ("/scim/v2/ResourceTypes/{name}", "get"),
        ("/scim/v2/Schemas/{urn}", "get"),
        ("/scim/v2/Users/.search", "post"),
    ],
)
def test_routes_the_hand_written_document_missed_are_described(scim, path, method):
    assert spec_of(scim)["paths"][path][method]["responses"]


def test_a_view_without_a_declaration_cannot_be_served(scim):
    scim.app.add_url_rule("/scim/v2/Undeclared", "undeclared", lambda: "")
    with pytest.raises(Undocumented, match="/scim/v2/Undeclared"), scim.app.app_context():
        openapi_document(scim.app)


def test_user_schema_comes_from_the_schema_data(scim):
    user = spec_of(scim)["components"]["schemas"]["User"]["properties"]
    assert {attribute.name for attribute in USER.schema.attributes} <= set(user)
    assert user["emails"]["items"]["properties"]["primary"] == {
        "type": "boolean",
        "description": "Indicates the 'primary' or preferred value.",
    }


@pytest.mark.parametrize(
    ("profile", "required", "closed"),
    [("entra-compatible", ["userName"], False), ("strict-rfc", ["schemas", "userName"], True)],
)
def test_request_schema_follows_the_profile(make_client, profile, required, closed):
    user = spec_of(make_client(profile))["components"]["schemas"]["UserInput"]
    assert user["required"] == required
    assert (user.get("additionalProperties") is False) is closed


def test_media_type_follows_the_profile(make_client):
    spec = spec_of(make_client("plain-json"))
    assert set(spec["paths"]["/scim/v2/Users"]["get"]["responses"]["200"]["content"]) == {"application/json"}


def test_start_index_below_one_is_documented_and_read_as_one(scim):
    parameter = next(
        p for p in spec_of(scim)["paths"]["/scim/v2/Users"]["get"]["parameters"] if p["name"] == "startIndex"
    )
    assert "minimum" not in parameter["schema"] and "interpreted as 1" in parameter["description"]
    scim.user("bjensen")
    assert scim.get("/Users", params={"startIndex": 0}).json()["startIndex"] == 1


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
def test_search_is_not_a_resource_id(scim, method):
    response = scim.http.request(method, f"{SCIM}/Users/.search")
    assert response.status_code == 405
    assert response.headers["Allow"] == "POST" or set(response.headers["Allow"].split(", ")) <= {
        "POST",
        "OPTIONS",
    }


def test_options_on_search_allows_only_post(scim):
    allowed = set(scim.http.options(f"{SCIM}/Users/.search").headers["Allow"].split(", "))
    assert allowed - {"OPTIONS", "HEAD"} == {"POST"}
