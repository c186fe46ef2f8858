"""PATCH tests: each path form under add, replace and remove, Entra's dialect, and errors."""

import copy

import pytest

from idcore.scim.errors import InvalidPath, InvalidSyntax, InvalidValue, Mutability, NoTarget
from idcore.scim.patch import RFC_DIALECT, apply_patch
from idcore.scim.schema_data import ENTERPRISE_USER_URN, GROUP, USER, USER_URN

EXT = ENTERPRISE_USER_URN

USER_DOC = {
    "schemas": [USER_URN],
    "id": "u1",
    "userName": "bjensen",
    "active": True,
    "name": {"givenName": "Barbara", "familyName": "Jensen"},
    "emails": [{"value": "b@home.org", "type": "home", "primary": True}],
    "meta": {"resourceType": "User", "created": "2024-01-01T00:00:00Z"},
}
GROUP_DOC = {
    "id": "g1",
    "displayName": "Sales",
    "members": [{"value": "u1"}, {"value": "u2", "type": "User"}],
}


def patch(*operations, resource=USER_DOC, schema=USER, **kwargs):
    return apply_patch(resource, list(operations), schema, **kwargs)


def op(name, path=None, value=...):
    body = {"op": name}
    if path is not None:
        body["path"] = path
    if value is not ...:
        body["value"] = value
    return body


# (operation, dotted key to read, expected value)
USER_CASES = [
    (op("add", "nickName", "Babs"), "nickName", "Babs"),
    (op("Add", "nickName", "Babs"), "nickName", "Babs"),
    (op("REPLACE", "userName", "bj2"), "userName", "bj2"),
    (op("replace", "USERNAME", "bj2"), "userName", "bj2"),
    (op("replace", "name.givenName", "Babs"), "name", {"givenName": "Babs", "familyName": "Jensen"}),
    (
        op("add", "name", {"middleName": "M"}),
        "name",
        {"givenName": "Barbara", "familyName": "Jensen", "middleName": "M"},
    ),
    (op("replace", "name", {"givenName": "B"}), "name", {"givenName": "B", "familyName": "Jensen"}),
    (op("remove", "name.givenName"), "name", {"familyName": "Jensen"}),
    (op("remove", "name"), "name", None),
    (op("replace", "active", "False"), "active", False),
    (op("Replace", "active", "TRUE"), "active", True),
    (op("replace", "active", False), "active", False),
    (op("replace", f"{USER_URN}:title", "Boss"), "title", "Boss"),
    (
        op("add", "emails", [{"value": "w@x", "type": "work"}]),
        "emails",
        [{"value": "b@home.org", "type": "home", "primary": True}, {"value": "w@x", "type": "work"}],
    ),
    (
        op("add", "emails", {"value": "w@x", "type": "work"}),
        "emails",
        [{"value": "b@home.org", "type": "home", "primary": True}, {"value": "w@x", "type": "work"}],
    ),
    (
        op("add", "emails", [{"value": "b@home.org", "type": "home", "primary": True}]),
        "emails",
        [{"value": "b@home.org", "type": "home", "primary": True}],
    ),
    (
        op("replace", "emails", [{"value": "w@x", "type": "work"}]),
        "emails",
        [{"value": "w@x", "type": "work"}],
    ),
    (
        op("replace", 'emails[type eq "home"].value', "new@home.org"),
        "emails",
        [{"value": "new@home.org", "type": "home", "primary": True}],
    ),
    (
        op("Replace", 'emails[type eq "work"].value', "w@x"),
        "emails",
        [{"value": "b@home.org", "type": "home", "primary": True}, {"type": "work", "value": "w@x"}],
    ),
    (
        op("add", 'emails[type eq "work"].value', "w@x"),
        "emails",
        [{"value": "b@home.org", "type": "home", "primary": True}, {"type": "work", "value": "w@x"}],
    ),
    (
        op("replace", 'emails[type eq "home"]', {"value": "n@h", "type": "home"}),
        "emails",
        [{"value": "n@h", "type": "home"}],
    ),
    (op("remove", 'emails[type eq "home"]'), "emails", None),
    (
        op("remove", 'emails[type eq "work"]'),
        "emails",
        [{"value": "b@home.org", "type": "home", "primary": True}],
    ),
    (op("remove", 'emails[type eq "home"].primary'), "emails", [{"value": "b@home.org", "type": "home"}]),
    (op("remove", "emails.primary"), "emails", [{"value": "b@home.org", "type": "home"}]),
    (op("remove", "emails"), "emails", None),
    (
        op("replace", "emails[primary eq true].type", "other"),
        "emails",
        [{"value": "b@home.org", "type": "other", "primary": True}],
    ),
    (
        op("add", "emails", [{"value": "w@x", "primary": True}]),
        "emails",
        [{"value": "b@home.org", "type": "home", "primary": False}, {"value": "w@x", "primary": True}],
    ),
    (op("replace", "nickName", None), "nickName", None),
    (op("replace", "name.givenName", None), "name", {"familyName": "Jensen"}),
]


def read(resource, dotted):
    if dotted.startswith("urn:"):
        urn, _, attr = dotted.rpartition(":")
        return resource.get(urn, {}).get(attr)
    return resource.get(dotted)


@pytest.mark.parametrize(("operation", "key", "expected"), USER_CASES, ids=[str(c[0]) for c in USER_CASES])
def test_user_operations(operation, key, expected):
    assert read(patch(operation), key) == expected


MANAGER_SHAPES = ["m1", {"value": "m1"}, [{"value": "m1"}], [{"$ref": None, "value": "m1"}]]


@pytest.mark.parametrize("value", MANAGER_SHAPES, ids=[repr(v) for v in MANAGER_SHAPES])
def test_manager_shapes(value):
    result = patch(op("add", f"{EXT}:manager", value))
    assert result[EXT] == {"manager": {"value": "m1"}}


def test_adding_extension_attribute_lists_the_schema():
    assert patch(op("replace", f"{EXT}:employeeNumber", "7"))["schemas"] == [USER_URN, EXT]


def test_removing_last_extension_attribute_drops_the_object():
    start = patch(op("add", f"{EXT}:employeeNumber", "7"))
    assert EXT not in patch(op("remove", f"{EXT}:employeeNumber"), resource=start)


def test_manager_removal_by_value_filter():
    start = patch(op("add", f"{EXT}:manager", "m1"))
    assert EXT not in patch(op("remove", f'{EXT}:manager[value eq "m1"]'), resource=start)


def test_pathless_replace_with_flat_keys():
    result = patch(
        op("replace", value={"displayName": "B J", "name.givenName": "Kkom", f"{EXT}:employeeNumber": "Aklq"})
    )
    assert (result["displayName"], result["name"]["givenName"], result[EXT]["employeeNumber"]) == (
        "B J",
        "Kkom",
        "Aklq",
    )


def test_pathless_replace_with_nested_extension():
    result = patch(op("replace", value={EXT: {"department": "Sales"}, "userName": "x"}))
    assert (result[EXT], result["userName"]) == ({"department": "Sales"}, "x")


def test_pathless_flat_keys_rejected_in_rfc_dialect():
    with pytest.raises(InvalidPath):
        patch(op("replace", value={"name.givenName": "x"}), dialect=RFC_DIALECT)


GROUP_CASES = [
    (op("Add", "members", [{"$ref": None, "value": "u3"}]), ["u1", "u2", "u3"]),
    (op("add", "members", [{"value": "u1"}]), ["u1", "u2"]),
    (op("Remove", "members", [{"$ref": None, "value": "u1"}]), ["u2"]),
    (op("remove", 'members[value eq "u2"]'), ["u1"]),
    (op("remove", "members"), []),
    (op("replace", "members", [{"value": "u9"}]), ["u9"]),
]


@pytest.mark.parametrize(("operation", "members"), GROUP_CASES, ids=[str(c[0]) for c in GROUP_CASES])
def test_group_members(operation, members):
    result = patch(operation, resource=GROUP_DOC, schema=GROUP)
    assert [m["value"] for m in result.get("members", [])] == members


def test_spec_literal_remove_with_value_removes_all_members():
    result = patch(
        op("remove", "members", [{"value": "u1"}]), resource=GROUP_DOC, schema=GROUP, dialect=RFC_DIALECT
    )
    assert "members" not in result


ERRORS = [
    (op("remove"), NoTarget),
    (op("frobnicate", "userName", "x"), InvalidSyntax),
    (op("add", "nope", "x"), InvalidPath),
    (op("add", "name.nope", "x"), InvalidPath),
    (op("add", "userName.sub", "x"), InvalidPath),
    (op("add", "emails[type eq", "x"), InvalidPath),
    (op("add", "nickName"), InvalidValue),
    (op("add", value="x"), InvalidValue),
    (op("replace", "active", "maybe"), InvalidValue),
    (op("replace", "userName", 5), InvalidValue),
    (op("replace", "id", "other"), Mutability),
    (op("replace", "meta.created", "2025-01-01T00:00:00Z"), Mutability),
    (op("add", "groups", [{"value": "g1"}]), Mutability),
    (op("remove", "userName"), InvalidValue),
]


@pytest.mark.parametrize(("operation", "error"), ERRORS, ids=[str(c[0]) for c in ERRORS])
def test_errors(operation, error):
    with pytest.raises(error):
        patch(operation)


def test_replace_filter_without_match_is_no_target_in_rfc_dialect():
    with pytest.raises(NoTarget):
        patch(op("replace", 'emails[type eq "work"].value', "w@x"), dialect=RFC_DIALECT)


def test_string_boolean_rejected_in_rfc_dialect():
    with pytest.raises(InvalidValue):
        patch(op("replace", "active", "False"), dialect=RFC_DIALECT)


def test_immutable_member_value_cannot_change():
    with pytest.raises(Mutability):
        patch(op("replace", 'members[value eq "u1"].value', "u7"), resource=GROUP_DOC, schema=GROUP)


def test_rewriting_readonly_with_same_value_is_allowed():
    assert patch(op("replace", value={"id": "u1", "userName": "x"}))["userName"] == "x"


def test_input_is_never_mutated():
    before = copy.deepcopy(USER_DOC)
    patch(op("replace", 'emails[type eq "home"].value', "z"), op("remove", "name.givenName"))
    assert USER_DOC == before


def test_failing_operation_changes_nothing():
    before = copy.deepcopy(USER_DOC)
    with pytest.raises(Mutability):
        patch(op("replace", "userName", "changed"), op("replace", "id", "x"))
    assert USER_DOC == before


def test_unknown_attribute_stored_when_allowed():
    from idcore.scim.patch import PatchDialect

    result = patch(op("add", "urn:custom:1.0:User:costume", "cape"), dialect=PatchDialect(allow_unknown=True))
    assert result["urn:custom:1.0:User"] == {"costume": "cape"}


def test_without_schema_everything_is_untyped():
    assert apply_patch({"a": 1}, [op("replace", "b", "x")]) == {"a": 1, "b": "x"}
