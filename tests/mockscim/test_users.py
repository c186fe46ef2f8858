"""Users: create, read, list, replace, patch (every path form, Entra's dialect), delete, ETags, errors."""

from __future__ import annotations

import pytest

from tests.mockscim.conftest import ENTERPRISE, SCIM, USER_SCHEMA


def test_create_answers_201_with_location_and_etag(scim):
    response = scim.post("/Users", {"schemas": [USER_SCHEMA], "userName": "bjensen"})
    body = response.json()
    assert response.status_code == 201
    assert response.headers["Location"] == f"{SCIM}/Users/{body['id']}" == body["meta"]["location"]
    assert response.headers["ETag"] == body["meta"]["version"] == 'W/"1"'
    assert response.headers["Content-Type"] == "application/scim+json"


def test_read_only_attributes_are_ignored_on_create(scim):
    user = scim.user(id="mine", meta={"created": "1999-01-01T00:00:00Z"}, groups=[{"value": "g"}])
    assert user["id"] != "mine" and "groups" not in user and user["meta"]["created"] != "1999-01-01T00:00:00Z"


def test_same_seed_gives_the_same_ids(make_client):
    first, second = make_client(DATABASE_URL="sqlite://"), make_client(DATABASE_URL="sqlite://")
    assert first.user()["id"] == second.user()["id"]


def test_entra_create_body_is_accepted(scim):
    user = scim.user(
        "Test_User_1",
        active=True,
        externalId="0a21f0f2",
        addresses=None,
        phoneNumbers=None,
        emails=[{"primary": True, "type": "work", "value": "Test_User_1@testuser.com"}],
        meta={"resourceType": "User"},
        roles=[],
        name={"formatted": "g f", "familyName": "f", "givenName": "g"},
    )
    assert user["emails"][0]["value"] == "Test_User_1@testuser.com" and "roles" not in user


@pytest.mark.parametrize("name", ["bjensen", "BJENSEN", "bJensen"])
def test_username_is_unique_ignoring_case(scim, name):
    scim.user("bjensen")
    response = scim.post("/Users", {"schemas": [USER_SCHEMA], "userName": name})
    assert (response.status_code, response.json()["scimType"]) == (409, "uniqueness")


def test_rejected_create_changes_nothing(scim):
    scim.user("bjensen")
    scim.post("/Users", {"schemas": [USER_SCHEMA], "userName": "BJENSEN", "title": "dup"})
    assert scim.get("/Users").json()["totalResults"] == 1


@pytest.mark.parametrize(
    "body, scim_type",
    [
        ({"schemas": [USER_SCHEMA]}, "invalidValue"),
        ({"schemas": [USER_SCHEMA], "userName": 7}, "invalidValue"),
        ({"schemas": [USER_SCHEMA], "userName": "a", "active": "maybe"}, "invalidValue"),
        ({"schemas": [USER_SCHEMA], "userName": "a", "emails": "x@y"}, "invalidValue"),
        ({"schemas": ["urn:other"], "userName": "a"}, "invalidSyntax"),
        ([1, 2], "invalidSyntax"),
    ],
)
def test_bad_bodies_are_400_with_scim_type(scim, body, scim_type):
    response = scim.post("/Users", body)
    assert (response.status_code, response.json().get("scimType")) == (400, scim_type)


def test_malformed_json_is_invalid_syntax(scim):
    response = scim.http.post(
        f"{SCIM}/Users", data="{not json", headers={"Content-Type": "application/scim+json"}
    )
    assert (response.status_code, response.json()["scimType"]) == (400, "invalidSyntax")


def test_get_unknown_id_is_404_in_the_error_schema(scim):
    body = scim.get("/Users/nope").json()
    assert body == {
        "schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"],
        "status": "404",
        "detail": "User 'nope' not found",
    }


def test_empty_filter_result_is_200_and_an_empty_list(scim):
    body = scim.get("/Users?filter=userName+eq+%22a9b8c7d6-0000-4000-8000-000000000000%22").json()
    assert (body["totalResults"], body["Resources"]) == (0, [])


def test_unquoted_value_of_an_old_sample_is_accepted(scim):
    scim.user(externalId="jyoung")
    assert len(scim.find("externalId eq jyoung")) == 1


def test_paging_is_one_based_and_count_zero_gives_only_the_total(scim):
    for n in range(12):
        scim.user(f"user{n:02}")
    page = scim.get("/Users", params={"startIndex": 11, "count": 5, "sortBy": "userName"}).json()
    assert [r["userName"] for r in page["Resources"]] == ["user10", "user11"]
    assert (page["startIndex"], page["itemsPerPage"], page["totalResults"]) == (11, 2, 12)
    assert scim.get("/Users", params={"count": 0}).json()["Resources"] == []


@pytest.mark.parametrize(
    "params, scim_type",
    [
        ({"startIndex": "first"}, "invalidValue"),
        ({"count": "many"}, "invalidValue"),
        ({"sortBy": "emails"}, "invalidFilter"),
        ({"filter": 'userName eq "a" or'}, "invalidFilter"),
    ],
)
def test_bad_list_parameters_are_400(scim, params, scim_type):
    response = scim.get("/Users", params=params)
    assert (response.status_code, response.json()["scimType"]) == (400, scim_type)


def test_count_is_capped_at_max_results(scim):
    scim.user()
    assert scim.get("/Users", params={"count": 10**9}).status_code == 200


@pytest.mark.parametrize("order, first", [("ascending", "a"), ("descending", "c")])
def test_sort_by_username(scim, order, first):
    for name in "bca":
        scim.user(name)
    body = scim.get("/Users", params={"sortBy": "userName", "sortOrder": order}).json()
    assert body["Resources"][0]["userName"] == first


def test_attributes_and_excluded_attributes_project(scim):
    scim.user(title="Boss", name={"givenName": "B"})
    only = scim.get("/Users", params={"attributes": "title"}).json()["Resources"][0]
    without = scim.get("/Users", params={"excludedAttributes": "title,name"}).json()["Resources"][0]
    assert set(only) == {"schemas", "id", "title"}
    assert "title" not in without and "name" not in without and "userName" in without


def test_search_endpoint_filters(scim):
    scim.user("a")
    scim.user("b")
    body = scim.post(
        "/Users/.search",
        {
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
            "filter": 'userName eq "b"',
            "attributes": ["userName"],
        },
    ).json()
    assert [r["userName"] for r in body["Resources"]] == ["b"]


def test_put_replaces_and_keeps_id_and_created(scim):
    user = scim.user(title="x")
    response = scim.put(
        f"/Users/{user['id']}", {"schemas": [USER_SCHEMA], "userName": "bjensen", "nickName": "B"}
    )
    body = response.json()
    assert response.status_code == 200 and "title" not in body and body["nickName"] == "B"
    assert body["meta"]["created"] == user["meta"]["created"] and body["meta"]["version"] == 'W/"2"'


PATCHES = [
    (
        {"op": "Replace", "path": 'emails[type eq "work"].value', "value": "new@x.com"},
        lambda u: u["emails"][0]["value"] == "new@x.com",
    ),
    (
        {"op": "Replace", "path": "name.familyName", "value": "Fam"},
        lambda u: u["name"]["familyName"] == "Fam",
    ),
    ({"op": "Add", "path": "nickName", "value": "Babs"}, lambda u: u["nickName"] == "Babs"),
    ({"op": "Replace", "path": "active", "value": "False"}, lambda u: u["active"] is False),
    ({"op": "replace", "path": "active", "value": False}, lambda u: u["active"] is False),
    (
        {"op": "Replace", "path": f"{ENTERPRISE}:employeeNumber", "value": "7"},
        lambda u: u[ENTERPRISE]["employeeNumber"] == "7" and ENTERPRISE in u["schemas"],
    ),
    (
        {"op": "add", "path": f"{ENTERPRISE}:manager", "value": "m-id"},
        lambda u: u[ENTERPRISE]["manager"]["value"] == "m-id",
    ),
    (
        {"op": "Add", "path": "manager", "value": [{"$ref": None, "value": "m-id"}]},
        lambda u: u[ENTERPRISE]["manager"]["value"] == "m-id",
    ),
    (
        {"op": "add", "path": f"{ENTERPRISE}:manager", "value": {"value": "m-id"}},
        lambda u: u[ENTERPRISE]["manager"]["value"] == "m-id",
    ),
    (
        {
            "op": "replace",
            "value": {"displayName": "D", "name.givenName": "G", f"{ENTERPRISE}:employeeNumber": "9"},
        },
        lambda u: (
            (u["displayName"], u["name"]["givenName"], u[ENTERPRISE]["employeeNumber"]) == ("D", "G", "9")
        ),
    ),
    ({"op": "replace", "value": {"userName": "renamed"}}, lambda u: u["userName"] == "renamed"),
    ({"op": "remove", "path": 'emails[type eq "work"]'}, lambda u: "emails" not in u),
    (
        {"op": "add", "path": 'phoneNumbers[type eq "work"].value', "value": "555"},
        lambda u: u["phoneNumbers"] == [{"type": "work", "value": "555"}],
    ),
]


@pytest.mark.parametrize("operation, check", PATCHES)
def test_patch_path_forms(scim, operation, check):
    user = scim.user(emails=[{"type": "work", "value": "old@x.com"}], name={"givenName": "A"})
    response = scim.patch(f"/Users/{user['id']}", operation)
    assert response.status_code == 200, response.text
    assert check(scim.get(f"/Users/{user['id']}").json())


def test_manager_remove_by_value_filter(scim):
    user = scim.user(**{ENTERPRISE: {"manager": {"value": "m1"}}})
    scim.patch(f"/Users/{user['id']}", {"op": "remove", "path": 'manager[value eq "m1"]'})
    assert ENTERPRISE not in scim.get(f"/Users/{user['id']}").json()


@pytest.mark.parametrize(
    "operation, scim_type",
    [
        ({"op": "replace", "path": "emails[type eq", "value": "x"}, "invalidPath"),
        ({"op": "replace", "path": "nope", "value": "x"}, "invalidPath"),
        ({"op": "replace", "path": "id", "value": "x"}, "mutability"),
        ({"op": "explode", "path": "title", "value": "x"}, "invalidSyntax"),
        ({"op": "remove", "path": "userName"}, "invalidValue"),
    ],
)
def test_bad_patches_change_nothing(scim, operation, scim_type):
    user = scim.user(title="keep")
    response = scim.patch(
        f"/Users/{user['id']}", {"op": "replace", "path": "title", "value": "changed"}, operation
    )
    assert (response.status_code, response.json().get("scimType")) == (400, scim_type)
    assert scim.get(f"/Users/{user['id']}").json()["title"] == "keep"


def test_strict_profile_rejects_entra_string_booleans(make_client):
    scim = make_client("strict-rfc")
    user = scim.user()
    response = scim.patch(f"/Users/{user['id']}", {"op": "replace", "path": "active", "value": "False"})
    assert (response.status_code, response.json()["scimType"]) == (400, "invalidValue")


def test_patch_to_a_taken_username_is_409(scim):
    scim.user("a")
    b = scim.user("b")
    response = scim.patch(f"/Users/{b['id']}", {"op": "replace", "path": "userName", "value": "A"})
    assert response.status_code == 409


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_if_match_mismatch_is_412(scim, method):
    user = scim.user()
    headers = {"If-Match": 'W/"99"'}
    path = f"/Users/{user['id']}"
    if method == "put":
        response = scim.put(path, {"schemas": [USER_SCHEMA], "userName": "x"}, headers=headers)
    elif method == "patch":
        response = scim.patch(path, {"op": "add", "path": "title", "value": "t"}, headers=headers)
    else:
        response = scim.delete(path, headers=headers)
    assert response.status_code == 412
    assert scim.get(path).json()["meta"]["version"] == 'W/"1"'


def test_if_match_current_version_passes(scim):
    user = scim.user()
    response = scim.patch(
        f"/Users/{user['id']}",
        {"op": "add", "path": "title", "value": "t"},
        headers={"If-Match": user["meta"]["version"]},
    )
    assert response.status_code == 200 and response.headers["ETag"] == 'W/"2"'


def test_delete_is_204_then_404(scim):
    user = scim.user()
    assert scim.delete(f"/Users/{user['id']}").status_code == 204
    assert scim.get(f"/Users/{user['id']}").status_code == 404
    assert scim.delete(f"/Users/{user['id']}").status_code == 404


def test_custom_extension_is_kept_and_returned(scim):
    urn = "urn:ietf:params:scim:schemas:extension:contoso:2.0:User"
    user = scim.user(**{urn: {"badge": "42"}})
    assert scim.get(f"/Users/{user['id']}").json()[urn] == {"badge": "42"}
    assert len(scim.find(f'{urn}:badge eq "42"')) == 1


def test_oversized_body_is_413(make_client):
    scim = make_client(MAX_BODY_BYTES=200)
    response = scim.post("/Users", {"schemas": [USER_SCHEMA], "userName": "x" * 500})
    assert response.status_code == 413 and response.json()["status"] == "413"
    assert scim.get("/Users").json()["totalResults"] == 0


def test_unknown_route_is_a_scim_404(scim):
    body = scim.get("/Nothing").json()
    assert body["status"] == "404" and body["schemas"] == ["urn:ietf:params:scim:api:messages:2.0:Error"]
