"""Mapping evaluation: Direct/Constant/Expression/None, nulls, defaults on create, on-create mappings, references."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

import pytest

from harness.jobs.defaults import ENTERPRISE_URN
from harness.jobs.model import Job, ObjectMapping, Settings
from harness.pipeline.mapping import MappingError, eval_context, evaluate_mappings, match_values

NOW = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
MATCH = {"target": "userName", "source": "userPrincipalName", "match": 1}
SOURCE: dict[str, Any] = {
    "objectId": "u-1",
    "userPrincipalName": "ada@contoso.com",
    "displayName": "Ada Lovelace",
    "givenName": "Ada",
    "surname": "Lovelace",
    "mail": "ada@contoso.com",
    "mailNickname": "ada",
    "department": "Sales",
    "IsSoftDeleted": False,
    "manager": {"id": "m-1"},
    "city": "London",
}


def job_for(*rows: dict[str, Any], **extra: Any) -> Job:
    """Return a job whose users have these mappings."""
    mappings: Any = list(rows) if rows else "default"
    return Job.from_dict(
        {
            "source": {"url": "http://idp"},
            "target": {"url": "http://scim", "auth": {"token": "t"}},
            "users": {"mappings": mappings},
            **extra,
        }
    )


def run(
    *rows: dict[str, Any],
    creating: bool = True,
    source: dict[str, Any] | None = None,
    seed: int = 0,
    **kwargs: Any,
) -> Any:
    """Evaluate the users mappings of a job made of ``rows`` against ``source``."""
    job = job_for(*rows)
    ctx = eval_context(job, lambda: NOW, random.Random(seed))
    return evaluate_mappings(
        job.users, SOURCE if source is None else source, ctx, creating=creating, **kwargs
    )


def test_default_mappings_give_the_non_null_values() -> None:
    mapped = run()
    assert mapped.values["userName"] == "ada@contoso.com"
    assert mapped.values["active"] == "True"
    assert mapped.values["name.formatted"] == "Ada Lovelace"
    assert mapped.values['addresses[type eq "work"].locality'] == "London"
    assert mapped.values[f"{ENTERPRISE_URN}:department"] == "Sales"


def test_null_attributes_are_never_in_the_object() -> None:
    mapped = run()
    assert 'phoneNumbers[type eq "mobile"].value' not in mapped.values
    assert 'phoneNumbers[type eq "mobile"].value' in mapped.dropped
    assert None not in mapped.values.values()


@pytest.mark.parametrize(
    ("row", "value"),
    [
        ({"target": "title", "source": "department"}, "Sales"),
        ({"target": "title", "source": "DEPARTMENT"}, "Sales"),
        ({"target": "title", "constant": "Employee"}, "Employee"),
        ({"target": "title", "expression": "ToUpper([department])"}, "SALES"),
        (
            {"target": "title", "expression": 'Switch([IsSoftDeleted], , "False", "True", "True", "False")'},
            "True",
        ),
    ],
)
def test_mapping_kinds(row: dict[str, Any], value: str) -> None:
    assert run(MATCH, row).values["title"] == value


@pytest.mark.parametrize(("creating", "expected"), [(True, "n/a"), (False, None)])
def test_default_value_only_on_create(creating: bool, expected: str | None) -> None:
    mapped = run(MATCH, {"target": "title", "source": "jobTitle", "default": "n/a"}, creating=creating)
    assert mapped.values.get("title") == expected


@pytest.mark.parametrize(("creating", "present"), [(True, True), (False, False)])
def test_on_create_mappings_only_when_creating(creating: bool, present: bool) -> None:
    mapped = run(MATCH, {"target": "title", "constant": "New", "apply": "on_create"}, creating=creating)
    assert ("title" in mapped.values) is present


def test_none_mapping_default_fills_an_empty_target_only() -> None:
    mapped = run(MATCH, {"target": "title", "default": "Staff"})
    assert "title" not in mapped.values and mapped.fill_if_empty == {"title": "Staff"}


def test_ignore_flow_drops_without_default() -> None:
    mapped = run(
        MATCH, {"target": "title", "expression": "IgnoreFlowIfNullOrEmpty([jobTitle])", "default": "x"}
    )
    assert "title" not in mapped.values and "title" in mapped.dropped


@pytest.mark.parametrize(("empty_is_null", "present"), [(True, False), (False, True)])
def test_empty_string_is_null_by_setting(empty_is_null: bool, present: bool) -> None:
    mapped = run(
        MATCH,
        {"target": "title", "source": "jobTitle"},
        source={**SOURCE, "jobTitle": ""},
        settings=Settings(empty_string_is_null=empty_is_null),
    )
    assert ("title" in mapped.values) is present


def test_manager_is_a_reference_not_a_value() -> None:
    mapped = run()
    manager = f"{ENTERPRISE_URN}:manager"
    assert manager not in mapped.values
    assert mapped.references == {manager: "m-1"}
    assert mapped.attempted[manager] == "m-1"


@pytest.mark.parametrize("manager", ["m-1", {"id": "m-1"}, {"value": "m-1"}])
def test_manager_reference_shapes(manager: Any) -> None:
    assert list(run(source={**SOURCE, "manager": manager}).references.values()) == ["m-1"]


def test_roles_are_not_provisioned_on_demand() -> None:
    roles = {"target": "roles", "expression": "AppRoleAssignmentsComplex([appRoleAssignments])"}
    mapped = run(MATCH, roles, source={**SOURCE, "appRoleAssignments": [{"id": "r", "value": "Admin"}]})
    assert "roles" not in mapped.values and mapped.roles == {"roles": "AppRoleAssignmentsComplex"}
    assert mapped.roles_skipped


def test_group_members_are_references() -> None:
    job = job_for()
    ctx = eval_context(job, lambda: NOW, random.Random(0))
    group = {"objectId": "g-1", "displayName": "Sales", "members": [{"id": "u-1"}, {"id": "u-2"}]}
    mapped = evaluate_mappings(job.groups, group, ctx, creating=True, object_type="Group")
    assert mapped.values == {"displayName": "Sales", "externalId": "g-1"}
    assert mapped.references == {"members": ["u-1", "u-2"]}


def test_random_values_come_from_the_seeded_context() -> None:
    row = {"target": "title", "expression": "Guid()"}
    assert run(MATCH, row, seed=7).values["title"] == run(MATCH, row, seed=7).values["title"]
    assert run(MATCH, row, seed=7).values["title"] != run(MATCH, row, seed=8).values["title"]


def test_now_comes_from_the_clock() -> None:
    assert run(MATCH, {"target": "title", "expression": "Now()"}).values["title"] == "1/5/2026 9:00:00 AM"


def test_redact_is_marked_and_shown_as_redact() -> None:
    mapped = run(MATCH, {"target": "title", "expression": "Redact([department])"})
    assert mapped.redacted == {"title"} and mapped.values["title"] == "Sales"
    assert (mapped.shown("title", "Sales"), mapped.shown("userName", "a")) == ("[Redact]", "a")


def test_failing_expression_raises_mapping_error() -> None:
    with pytest.raises(MappingError) as caught:
        run(MATCH, {"target": "title", "expression": 'IIF([jobTitle] = "x", "a", "b")'})
    assert caught.value.target == "title"


def test_match_values_in_precedence_order() -> None:
    job = job_for(
        MATCH,
        {"target": "externalId", "source": "mailNickname", "match": 2},
        {"target": "title", "source": "employeeId", "match": 3},
    )
    ctx = eval_context(job, lambda: NOW, random.Random(0))
    found = match_values(job.users, SOURCE, ctx)
    assert [(m.precedence, m.target, m.value) for m in found] == [
        (1, "userName", "ada@contoso.com"),
        (2, "externalId", "ada"),
        (3, "title", None),
    ]


def test_disabled_object_mapping_still_evaluates() -> None:
    mapped = evaluate_mappings(
        ObjectMapping(enabled=False),
        SOURCE,
        eval_context(job_for(), lambda: NOW, random.Random(0)),
        creating=True,
    )
    assert mapped.values == {}
