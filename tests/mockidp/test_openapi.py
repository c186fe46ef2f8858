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


NOT_GRAPH = (
    "/_control/",
    "/ccx/",
    "/odata/v2/",
    "/static/",
)  # control API, Workday SOAP, SuccessFactors OData


def app_routes(app) -> set[tuple[str, str]]:
    """Return (OpenAPI path, method) for every route of the app but the control API and the HR systems."""
    out = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(NOT_GRAPH):
            continue
        path = re.sub(r"<(?:[^:<>]+:)?([a-z_]+)>", "{x}", rule.rule)
        out |= {(path, method.lower()) for method in rule.methods - {"HEAD", "OPTIONS"}}
    return out


def test_every_route_is_described_and_nothing_else(app, spec):
    described = {
        (re.sub(r"\{[A-Za-z_]+\}", "{x}", path), method)
        for path, item in spec["paths"].items()
        for method in item
        if method in METHODS
    }
    assert described == app_routes(app)


def test_a_view_without_a_declaration_cannot_be_served(app):
    from idcore.openapi import Undocumented
    from mockidp.openapi import document

    app.add_url_rule("/v1.0/undeclared", "undeclared", lambda: "")
    with pytest.raises(Undocumented, match="/v1.0/undeclared"):
        document(app)


def test_entity_schemas_come_from_the_property_tables(spec):
    from mockidp.properties import GROUP_PROPS, SP_PROPS, USER_PROPS

    schemas = spec["components"]["schemas"]
    for name, props in (("user", USER_PROPS), ("group", GROUP_PROPS), ("servicePrincipal", SP_PROPS)):
        assert {prop.wire for prop in props.values()} <= set(schemas[name]["properties"]), name


@pytest.mark.parametrize(
    ("method", "path", "allowed"),
    [
        ("OPTIONS", "/v1.0/users/delta", {"GET"}),
        ("PATCH", "/v1.0/users/delta", {"GET"}),
        ("DELETE", "/v1.0/groups/delta", {"GET"}),
    ],
)
def test_delta_is_not_an_object_id(graph, method, path, allowed):
    response = graph.request(method, f"{BASE}{path}")
    assert response.status_code == (200 if method == "OPTIONS" else 405)
    assert set(response.headers["Allow"].replace(" ", "").split(",")) - {"HEAD", "OPTIONS"} == allowed


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
        assert declared == set(re.findall(r"\{([A-Za-z_]+)\}", path)), path
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
        ("user", "/v1.0/users/{key}", "user"),
        ("group", "/v1.0/groups/{group_id}", "group"),
        ("servicePrincipal", "/v1.0/servicePrincipals/{sp_id}", "servicePrincipal"),
    ],
)
def test_schemas_cover_what_the_app_answers(graph, spec, kind, path, schema):
    listing = {"user": "/v1.0/users", "group": "/v1.0/groups", "servicePrincipal": "/v1.0/servicePrincipals"}[
        kind
    ]
    first = graph.get(f"{BASE}{listing}", params={"$top": 1}).json()["value"][0]
    got = graph.get(BASE + re.sub(r"\{\w+\}", first["id"], path)).json()
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
