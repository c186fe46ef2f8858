"""Bulk (RFC 7644 §3.7), discovery consistent with the profile, and the OpenAPI document."""

from __future__ import annotations

from tests.mockscim.conftest import BASE, GROUP_SCHEMA, USER_SCHEMA

BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest"


def bulk(scim, operations, **extra):
    return scim.post("/Bulk", {"schemas": [BULK], "Operations": operations, **extra})


def test_bulk_resolves_bulk_ids(scim):
    response = bulk(
        scim,
        [
            {
                "method": "POST",
                "path": "/Users",
                "bulkId": "u1",
                "data": {"schemas": [USER_SCHEMA], "userName": "a"},
            },
            {
                "method": "POST",
                "path": "/Groups",
                "bulkId": "g1",
                "data": {"schemas": [GROUP_SCHEMA], "displayName": "G", "members": [{"value": "bulkId:u1"}]},
            },
        ],
    )
    statuses = [op["status"] for op in response.json()["Operations"]]
    assert response.status_code == 200 and statuses == ["201", "201"]
    assert scim.find('displayName eq "G"', "/Groups")[0]["members"][0]["type"] == "User"


def test_bulk_fail_on_errors_stops(scim):
    bad = {"method": "POST", "path": "/Users", "data": {"schemas": [USER_SCHEMA]}}
    good = {"method": "POST", "path": "/Users", "data": {"schemas": [USER_SCHEMA], "userName": "z"}}
    response = bulk(scim, [bad, bad, good], failOnErrors=2)
    assert [op["status"] for op in response.json()["Operations"]] == ["400", "400"]
    assert scim.get("/Users").json()["totalResults"] == 0


def test_bulk_max_operations_is_413(scim):
    operations = [{"method": "DELETE", "path": f"/Users/{n}"} for n in range(101)]
    assert bulk(scim, operations).status_code == 413


def test_service_provider_config_matches_the_profile(make_client):
    body = make_client("strict-rfc").get("/ServiceProviderConfig").json()
    assert body["patch"]["supported"] and body["bulk"]["maxOperations"] == 100
    assert body["filter"] == {"supported": True, "maxResults": 1000} and body["etag"]["supported"]


def test_resource_types_and_schemas(scim):
    types = {rt["name"]: rt for rt in scim.get("/ResourceTypes").json()["Resources"]}
    assert types["User"]["schemaExtensions"][0]["schema"].endswith("enterprise:2.0:User")
    urn = "urn:ietf:params:scim:schemas:core:2.0:Group"
    assert scim.get(f"/Schemas/{urn}").json()["id"] == urn
    assert scim.get("/ResourceTypes/Group").json()["endpoint"] == "/Groups"


def test_openapi_lists_the_scim_routes(scim):
    paths = scim.http.get(f"{BASE}/openapi.json").json()["paths"]
    assert {
        "/scim/v2/Users",
        "/scim/v2/Users/{resource_id}",
        "/scim/v2/Groups/{resource_id}",
        "/scim/v2/Bulk",
    } <= set(paths)
