"""PATCH forms real clients send: a whole extension URN as the path, echoed ``schemas``, a bare ``manager``."""

import pytest

from idcore.scim.errors import InvalidPath, InvalidValue
from idcore.scim.patch import ENTRA_DIALECT, RFC_DIALECT, apply_patch
from idcore.scim.schema_data import ENTERPRISE_USER_URN, USER, USER_URN

EXT = ENTERPRISE_USER_URN
DOC = {"schemas": [USER_URN, EXT], "userName": "bjensen", EXT: {"employeeNumber": "7", "department": "Sales"}}
DIALECTS = [ENTRA_DIALECT, RFC_DIALECT]

# (operation, expected extension object) — the same in every dialect: RFC 7644 §3.10 allows the URN path.
URN_PATH_CASES = [
    (
        {"op": "add", "path": EXT, "value": {"costCenter": "C1"}},
        {"employeeNumber": "7", "department": "Sales", "costCenter": "C1"},
    ),
    (
        {"op": "replace", "path": EXT, "value": {"department": "Ops"}},
        {"employeeNumber": "7", "department": "Ops"},
    ),
    (
        {"op": "Replace", "path": EXT.lower(), "value": {"department": "Ops"}},
        {"employeeNumber": "7", "department": "Ops"},
    ),
    (
        {"op": "add", "path": EXT, "value": {"schemas": [EXT], "division": "D"}},
        {"employeeNumber": "7", "department": "Sales", "division": "D"},
    ),
    (
        {"op": "replace", "value": {EXT: {"schemas": [EXT], "division": "D"}}},
        {"employeeNumber": "7", "department": "Sales", "division": "D"},
    ),
    ({"op": "remove", "path": EXT}, None),
]


@pytest.mark.parametrize("dialect", DIALECTS, ids=["entra", "rfc"])
@pytest.mark.parametrize(("operation", "expected"), URN_PATH_CASES, ids=[str(c[0]) for c in URN_PATH_CASES])
def test_whole_extension_path(operation, expected, dialect):
    assert apply_patch(DOC, [operation], USER, dialect=dialect).get(EXT) == expected


@pytest.mark.parametrize("value", ["x", ["x"], None])
def test_whole_extension_path_needs_an_object(value):
    with pytest.raises(InvalidValue):
        apply_patch(DOC, [{"op": "replace", "path": EXT, "value": value}], USER)


# (path, expected manager) under Entra's dialect: a bare name only the enterprise extension defines.
BARE_CASES = [
    ("manager", {"value": "m1"}),
    ("Manager", {"value": "m1"}),
    ("manager.value", {"value": "m1"}),
]


@pytest.mark.parametrize(("path", "expected"), BARE_CASES)
def test_bare_manager_path_is_the_extension_attribute(path, expected):
    result = apply_patch(DOC, [{"op": "Add", "path": path, "value": "m1"}], USER)
    assert (result[EXT]["manager"], "manager" in result) == (expected, False)


def test_bare_manager_removal_by_value_filter():
    start = apply_patch(DOC, [{"op": "add", "path": "manager", "value": "m1"}], USER)
    result = apply_patch(start, [{"op": "remove", "path": 'manager[value eq "m1"]'}], USER)
    assert "manager" not in result[EXT]


def test_bare_manager_path_is_invalid_in_rfc_dialect():
    with pytest.raises(InvalidPath):
        apply_patch(DOC, [{"op": "add", "path": "manager", "value": "m1"}], USER, dialect=RFC_DIALECT)


def test_core_attribute_is_never_qualified():
    result = apply_patch(DOC, [{"op": "replace", "path": "displayName", "value": "B"}], USER)
    assert (result["displayName"], "displayName" in result[EXT]) == ("B", False)
