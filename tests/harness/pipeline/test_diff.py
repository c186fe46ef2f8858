"""The diff against the target's resource: only changed attributes, Add vs Replace, the comparison rules."""

from __future__ import annotations

from typing import Any

import pytest

from harness.jobs.defaults import ENTERPRISE_URN
from harness.jobs.model import Settings
from harness.pipeline.diff import Change, diff, diff_reference, read_path, same_value
from harness.pipeline.mapping import MappedObject

TARGET: dict[str, Any] = {
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE_URN],
    "id": "t-1",
    "userName": "ada@contoso.com",
    "active": True,
    "displayName": "Ada Lovelace",
    "externalId": "ada",
    "name": {"givenName": "Ada", "familyName": "Lovelace"},
    "emails": [
        {"type": "work", "value": "ada@contoso.com", "primary": True},
        {"type": "home", "value": "a@h"},
    ],
    "addresses": [{"type": "work", "locality": "London", "primary": False}],
    ENTERPRISE_URN: {"department": "Sales", "manager": {"value": "m-9"}},
}


def changes(values: dict[str, Any], current: dict[str, Any] | None = TARGET, **settings: Any) -> list[Change]:
    """Return the diff of a desired User holding ``values`` against ``current``."""
    return diff(MappedObject("User", False, values=values), current, settings=Settings(**settings))


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("userName", "ada@contoso.com"),
        ("active", True),
        ("externalId", "ada"),
        ("name.givenName", "Ada"),
        ('emails[type eq "work"].value', "ada@contoso.com"),
        ('emails[type eq "home"].value', "a@h"),
        ('addresses[type eq "work"].locality', "London"),
        (f"{ENTERPRISE_URN}:department", "Sales"),
        (f"{ENTERPRISE_URN}:manager", "m-9"),
        ('phoneNumbers[type eq "work"].value', None),
        ("nickName", None),
        (f"{ENTERPRISE_URN}:employeeNumber", None),
    ],
)
def test_read_path(path: str, value: Any) -> None:
    assert read_path(TARGET, path) == value


def test_nothing_changed_gives_no_changes() -> None:
    assert (
        changes(
            {
                "userName": "ada@contoso.com",
                "active": "True",
                "name.givenName": "Ada",
                'emails[type eq "work"].value': "ada@contoso.com",
                f"{ENTERPRISE_URN}:department": "Sales",
            }
        )
        == []
    )


def test_only_the_changed_attribute() -> None:
    assert changes({"displayName": "Ada Lovelace", f"{ENTERPRISE_URN}:department": "Marketing"}) == [
        Change(f"{ENTERPRISE_URN}:department", "Sales", "Marketing", "Replace")
    ]


@pytest.mark.parametrize(
    ("path", "op"),
    [
        ("nickName", "Add"),
        ('phoneNumbers[type eq "mobile"].value', "Add"),
        (f"{ENTERPRISE_URN}:employeeNumber", "Add"),
        ("displayName", "Replace"),
        ('emails[type eq "work"].value', "Replace"),
    ],
)
def test_add_when_the_target_had_no_value(path: str, op: str) -> None:
    assert [c.op for c in changes({path: "new"})] == [op]


def test_create_diff_is_all_adds() -> None:
    assert [c.op for c in changes({"userName": "x", "displayName": "y"}, current=None)] == ["Add", "Add"]


@pytest.mark.parametrize(
    ("old", "new", "case_exact", "same"),
    [
        (True, "True", False, True),
        (False, "False", False, True),
        (True, "False", False, False),
        ("Ada", "ada", False, True),
        ("Ada", "ada", True, False),
        (7, "7", True, True),
        (["a", "b"], ["B", "A"], False, True),
        (None, "x", False, False),
    ],
)
def test_same_value(old: Any, new: Any, case_exact: bool, same: bool) -> None:
    assert same_value(old, new, case_exact=case_exact) is same


@pytest.mark.parametrize(
    ("compare_case", "path", "changed"),
    [
        ("schema", "displayName", False),  # caseExact false (RFC 7643 §4.1)
        ("schema", "externalId", True),  # caseExact true (RFC 7643 §3.1)
        ("exact", "displayName", True),
        ("ignore", "externalId", False),
    ],
)
def test_case_rule_is_a_setting(compare_case: str, path: str, changed: bool) -> None:
    value = TARGET[path].upper()
    assert bool(changes({path: value}, compare_case=compare_case)) is changed


def test_an_attribute_the_target_does_not_return_counts_as_different() -> None:
    assert changes({"password": "p"}) == [Change("password", None, "p", "Add")]


def test_never_returned_attribute_skipped_by_setting() -> None:
    assert changes({"password": "p"}, unreturned_attribute_differs=False) == []


def test_fill_if_empty_only_when_empty() -> None:
    desired = MappedObject("User", False, fill_if_empty={"title": "Staff", "displayName": "x"})
    assert diff(desired, TARGET) == [Change("title", None, "Staff", "Add")]


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        (TARGET, None),
        ({**TARGET, ENTERPRISE_URN: {}}, Change(f"{ENTERPRISE_URN}:manager", None, "m-9", "Add")),
        (
            {**TARGET, ENTERPRISE_URN: {"manager": "m-1"}},
            Change(f"{ENTERPRISE_URN}:manager", "m-1", "m-9", "Replace"),
        ),
    ],
)
def test_diff_reference(current: dict[str, Any], expected: Change | None) -> None:
    assert diff_reference(f"{ENTERPRISE_URN}:manager", "m-9", current) == expected


def test_groups_compare_display_name_case_insensitively() -> None:
    desired = MappedObject("Group", False, values={"displayName": "SALES", "externalId": "g-1"})
    assert diff(desired, {"id": "1", "displayName": "Sales", "externalId": "g-1"}) == []
