"""Envelope tests: ListResponse, PatchOp parsing, projection and the serializer."""

import pytest

from idcore.scim.errors import InvalidSyntax
from idcore.scim.messages import (
    LIST_RESPONSE_SCHEMA,
    PATCH_OP_SCHEMA,
    drop_empty,
    list_response,
    parse_patch_request,
    project,
    render_resource,
)
from idcore.scim.schema_data import ENTERPRISE_USER_URN, GROUP, USER

EXT = ENTERPRISE_USER_URN
USER_DOC = {
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    "id": "u1",
    "userName": "bjensen",
    "password": "secret",
    "name": {"givenName": "Barbara", "familyName": "Jensen"},
    "emails": [{"value": "b@x", "type": "work"}],
    EXT: {"employeeNumber": "7", "department": "Sales"},
}


def test_empty_list_response():
    assert list_response([]) == {
        "schemas": [LIST_RESPONSE_SCHEMA],
        "totalResults": 0,
        "startIndex": 1,
        "itemsPerPage": 0,
        "Resources": [],
    }


def test_paged_list_response():
    body = list_response([{"id": "a"}], total_results=11, start_index=6, items_per_page=5)
    assert (body["totalResults"], body["startIndex"], body["itemsPerPage"]) == (11, 6, 5)


def test_parse_patch_request():
    body = {
        "schemas": [PATCH_OP_SCHEMA],
        "Operations": [{"op": "Replace", "path": "active", "value": "False"}],
    }
    assert parse_patch_request(body) == [{"op": "Replace", "path": "active", "value": "False"}]


@pytest.mark.parametrize(
    "body",
    [
        [],
        {"Operations": [{"op": "add"}]},
        {"schemas": ["x"], "Operations": [{"op": "add"}]},
        {"schemas": [PATCH_OP_SCHEMA]},
        {"schemas": [PATCH_OP_SCHEMA], "Operations": []},
        {"schemas": [PATCH_OP_SCHEMA], "Operations": ["add"]},
    ],
)
def test_bad_patch_requests(body):
    with pytest.raises(InvalidSyntax):
        parse_patch_request(body)


def test_lenient_patch_request_without_schemas():
    assert parse_patch_request({"operations": [{"op": "add"}]}, lenient=True) == [{"op": "add"}]


PROJECTIONS = [
    ({}, ["schemas", "id", "userName", "name", "emails", EXT]),
    ({"attributes": "userName"}, ["schemas", "id", "userName"]),
    ({"attributes": "password"}, ["schemas", "id"]),
    ({"attributes": ["name.givenName"]}, ["schemas", "id", "name"]),
    ({"attributes": f"{EXT}:department"}, ["schemas", "id", EXT]),
    ({"attributes": EXT}, ["schemas", "id", EXT]),
    ({"excluded_attributes": "emails,id,schemas"}, ["schemas", "id", "userName", "name", EXT]),
    (
        {"excluded_attributes": f"{EXT}:employeeNumber,{EXT}:department"},
        ["schemas", "id", "userName", "name", "emails"],
    ),
]


@pytest.mark.parametrize(("kwargs", "keys"), PROJECTIONS, ids=[str(p[0]) for p in PROJECTIONS])
def test_projection_keys(kwargs, keys):
    assert list(project(USER_DOC, USER, **kwargs)) == keys


def test_projection_of_sub_attribute():
    assert project(USER_DOC, USER, attributes="name.givenName")["name"] == {"givenName": "Barbara"}


def test_excluding_sub_attribute():
    assert project(USER_DOC, USER, excluded_attributes="name.familyName")["name"] == {"givenName": "Barbara"}


def test_projection_inside_extension():
    assert project(USER_DOC, USER, attributes=f"{EXT}:department")[EXT] == {"department": "Sales"}


def test_group_members_excluded():
    group = {"id": "g", "displayName": "Sales", "members": [{"value": "u1"}]}
    assert project(group, GROUP, excluded_attributes="members") == {"id": "g", "displayName": "Sales"}


def test_drop_empty():
    assert drop_empty(
        {"a": None, "b": [], "c": {"d": None}, "e": [{"f": None}], "g": 0, "h": False, "i": ""}
    ) == {"g": 0, "h": False, "i": ""}


def test_render_resource_projects_and_cleans():
    assert render_resource({"id": "u", "userName": "x", "nickName": None, "password": "p"}, USER) == {
        "id": "u",
        "userName": "x",
    }
