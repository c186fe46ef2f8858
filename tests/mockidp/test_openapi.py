"""/openapi.json: valid OpenAPI 3 structure, every route of the app described, every $ref resolving."""

from __future__ import annotations

import re

import pytest

from tests.mockidp.conftest import BASE

METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def spec(graph) -> dict:
    response = graph.get(f"{BASE}/openapi.json")
    assert response.status_code == 200
    return response.json()


def app_routes(app) -> set[tuple[str, str]]:
    """Return (OpenAPI path, method) for the app's Graph, token and openapi routes."""
    out = set()
    for rule in app.url_map.iter_rules():
        if not (rule.rule.startswith("/v1.0/") or "/v2.0/" in rule.rule or rule.rule == "/openapi.json"):
            continue
        path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", "{x}", rule.rule)
        out |= {(path, method.lower()) for method in rule.methods - {"HEAD", "OPTIONS"}}
    return out


def test_every_route_is_described_and_nothing_else(app, spec):
    described = {
        (re.sub(r"\{[A-Za-z]+\}", "{x}", path), method)
        for path, item in spec["paths"].items()
        for method in item
        if method in METHODS
    }
    assert described == app_routes(app)


def resolve(spec: dict, ref: str) -> dict:
    assert ref.startswith("#/"), ref
    node = spec
    for part in ref[2:].split("/"):
        assert part in node, f"unresolved {ref}"
        node = node[part]
    return node


def walk_refs(node, found: list[str]) -> list[str]:
    if isinstance(node, dict):
        if "$ref" in node:
            found.append(node["$ref"])
        for value in node.values():
            walk_refs(value, found)
    elif isinstance(node, list):
        for value in node:
            walk_refs(value, found)
    return found


def test_structure_refs_and_path_parameters(spec):
    assert spec["openapi"].startswith("3.0") and spec["info"]["title"] and spec["info"]["version"]
    refs = walk_refs(spec, [])
    assert refs and all(resolve(spec, ref) for ref in refs)
    for path, item in spec["paths"].items():
        declared = {p["name"] for p in item.get("parameters", []) if p["in"] == "path"}
        assert declared == set(re.findall(r"\{([A-Za-z]+)\}", path)), path
        assert all(p["required"] for p in item.get("parameters", []))
        for method in set(item) & METHODS:
            operation = item[method]
            assert operation["summary"] and operation["responses"], (path, method)
            assert all(re.fullmatch(r"[1-5]\d\d", status) for status in operation["responses"])


@pytest.mark.parametrize(
    ("name", "props"),
    [
        (
            "user",
            ["id", "userPrincipalName", "accountEnabled", "proxyAddresses", "onPremisesExtensionAttributes"],
        ),
        ("group", ["id", "displayName", "groupTypes", "securityEnabled", "members@delta"]),
        ("servicePrincipal", ["id", "appId", "appRoles", "appRoleAssignmentRequired"]),
        ("appRoleAssignment", ["id", "principalId", "principalType", "resourceId", "appRoleId"]),
        ("error", ["error"]),
    ],
)
def test_component_schemas(spec, name, props):
    schema = spec["components"]["schemas"][name]
    assert schema["type"] == "object" and set(props) <= set(schema["properties"])


@pytest.mark.parametrize(
    ("kind", "path", "schema"),
    [
        ("user", "/v1.0/users/{id}", "user"),
        ("group", "/v1.0/groups/{id}", "group"),
        ("servicePrincipal", "/v1.0/servicePrincipals/{id}", "servicePrincipal"),
    ],
)
def test_schemas_cover_what_the_app_answers(graph, spec, kind, path, schema):
    listing = {"user": "/v1.0/users", "group": "/v1.0/groups", "servicePrincipal": "/v1.0/servicePrincipals"}[
        kind
    ]
    first = graph.get(f"{BASE}{listing}", params={"$top": 1}).json()["value"][0]
    got = graph.get(f"{BASE}{path.replace('{id}', first['id'])}").json()
    properties = spec["components"]["schemas"][schema]["properties"]
    assert {key for key in got if not key.startswith("@")} <= set(properties)
    operation = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert operation == {"$ref": f"#/components/schemas/{schema}"}


def test_assignment_schema_covers_an_assignment(graph, spec):
    sp = graph.get(f"{BASE}/v1.0/servicePrincipals").json()["value"][0]
    assignment = graph.get(f"{BASE}/v1.0/servicePrincipals/{sp['id']}/appRoleAssignedTo").json()["value"][0]
    assert set(assignment) <= set(spec["components"]["schemas"]["appRoleAssignment"]["properties"])


def test_error_schema_matches_an_error(graph, spec):
    error = graph.get(f"{BASE}/v1.0/users/nobody@contoso.onmicrosoft.com").json()
    schema = spec["components"]["schemas"]["error"]
    assert set(schema["required"]) <= set(error) and set(error["error"]) <= set(
        schema["properties"]["error"]["properties"]
    )


def test_validates_as_openapi_3(spec):
    import openapi_spec_validator as validator

    validator.validate(spec)
