"""Entra's PATCH bodies in both dialects: replace, add, booleans, disable, manager, members (S3, S4)."""

from __future__ import annotations

from typing import Any

import pytest

from harness.jobs.defaults import ENTERPRISE_URN
from harness.jobs.model import Job
from harness.pipeline.diff import Change
from harness.pipeline.wire import (
    Dialect,
    dialect_for,
    disable_body,
    manager_body,
    members_add_body,
    members_remove_body,
    patch_body,
)
from tests.harness.pipeline.wiredata import DEFAULT, FLAG, ops


@pytest.mark.parametrize(
    ("dialect", "expected"),
    [
        (
            DEFAULT,
            [
                {"op": "Replace", "path": "displayName", "value": "Pvlo"},
                {"op": "Replace", "path": 'emails[type eq "work"].value', "value": "x@y"},
                {"op": "Replace", "path": "name.givenName", "value": "Gtfd"},
                {"op": "Replace", "path": f"{ENTERPRISE_URN}:employeeNumber", "value": "Eqpj"},
            ],
        ),
        (
            FLAG,
            [
                {"op": "replace", "path": 'emails[type eq "work"].value', "value": "x@y"},
                {
                    "op": "replace",
                    "value": {
                        "displayName": "Pvlo",
                        "name.givenName": "Gtfd",
                        f"{ENTERPRISE_URN}:employeeNumber": "Eqpj",
                    },
                },
            ],
        ),
    ],
)
def test_replacing_several_attributes(dialect: Dialect, expected: list[dict[str, Any]]) -> None:
    changes = [
        Change("displayName", "a", "Pvlo", "Replace"),
        Change('emails[type eq "work"].value', "a", "x@y", "Replace"),
        Change("name.givenName", "a", "Gtfd", "Replace"),
        Change(f"{ENTERPRISE_URN}:employeeNumber", "a", "Eqpj", "Replace"),
    ]
    assert ops(patch_body(changes, dialect)) == expected


@pytest.mark.parametrize(("dialect", "op"), [(DEFAULT, "Add"), (FLAG, "add")])
def test_adding_a_single_value_keeps_its_path(dialect: Dialect, op: str) -> None:
    assert ops(patch_body([Change("nickName", None, "Babs", "Add")], dialect)) == [
        {"op": op, "path": "nickName", "value": "Babs"}
    ]


@pytest.mark.parametrize(("dialect", "value"), [(DEFAULT, "True"), (FLAG, True)])
def test_boolean_attributes_in_patch(dialect: Dialect, value: Any) -> None:
    assert ops(patch_body([Change("active", False, "True", "Replace")], dialect))[0]["value"] == value


@pytest.mark.parametrize(
    ("dialect", "expected"),
    [
        (DEFAULT, {"op": "Replace", "path": "active", "value": "False"}),
        (FLAG, {"op": "replace", "path": "active", "value": False}),
    ],
)
def test_disable(dialect: Dialect, expected: dict[str, Any]) -> None:
    assert ops(disable_body(dialect)) == [expected]


@pytest.mark.parametrize(
    ("shape", "value"),
    [
        ("string", "m-1"),
        ("object", {"value": "m-1"}),
        ("array", [{"value": "m-1"}]),
    ],
)
def test_manager_value_shape(shape: str, value: Any) -> None:
    assert ops(manager_body("m-1", DEFAULT, shape)) == [  # type: ignore[arg-type]
        {"op": "Add", "path": f"{ENTERPRISE_URN}:manager", "value": value}
    ]


def test_manager_replace() -> None:
    assert ops(manager_body("m-1", FLAG, replace=True))[0]["op"] == "replace"


def test_members_added_in_one_op() -> None:
    assert ops(members_add_body(["u-1", "u-2"], DEFAULT)) == [
        {
            "op": "Add",
            "path": "members",
            "value": [{"$ref": None, "value": "u-1"}, {"$ref": None, "value": "u-2"}],
        }
    ]


@pytest.mark.parametrize(
    ("dialect", "expected"),
    [
        (DEFAULT, [{"op": "Remove", "path": "members", "value": [{"value": "u1091"}]}]),
        (FLAG, [{"op": "remove", "path": 'members[value eq "u1091"]'}]),
    ],
)
def test_member_removal(dialect: Dialect, expected: list[dict[str, Any]]) -> None:
    assert ops(members_remove_body(["u1091"], dialect)) == expected


def job(url: str, **settings: Any) -> Job:
    """Return a job with this Tenant URL and settings."""
    return Job.from_dict(
        {
            "source": {"url": "http://idp"},
            "settings": settings,
            "target": {"url": url, "auth": {"token": "t"}},
        }
    )


@pytest.mark.parametrize(
    ("url", "settings", "on_demand", "flagged"),
    [
        ("http://s/scim", {}, True, False),
        ("http://s/scim?aadOptscim062020", {}, True, False),  # S4: the flag doesn't work on demand
        ("http://s/scim?aadOptscim062020", {}, False, True),
        ("http://s/scim?aadOptscim062020", {"flag_applies_on_demand": True}, True, True),
        (
            "http://s/scim?aadOptscim062020&AzureAdScimPatch2017",
            {"flag_applies_on_demand": True},
            True,
            False,
        ),
    ],
)
def test_dialect_for(url: str, settings: dict[str, Any], on_demand: bool, flagged: bool) -> None:
    assert dialect_for(job(url, **settings), on_demand=on_demand) == Dialect(flag_mode=flagged)


def test_flag_folds_only_several_replaces() -> None:
    body = patch_body(
        [Change("displayName", "a", "b", "Replace"), Change("nickName", None, "n", "Add")], FLAG
    )
    assert ops(body) == [
        {"op": "replace", "path": "displayName", "value": "b"},
        {"op": "add", "path": "nickName", "value": "n"},
    ]
