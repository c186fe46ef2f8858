"""AssertiveAppRoleAssignmentsComplex (entra-behavior.md §4.3, §2.4; S9 "Provisioning a role to a SCIM app")."""

from __future__ import annotations

import pytest

from harness.jobs.expressions import ArgumentCountError
from harness.pipeline.wire import Dialect, roles_replace_body

ROLES = [{"appRoleId": "r1", "value": "Admin", "displayName": "Administrator"}, "Reader"]
ASSERTIVE = "AssertiveAppRoleAssignmentsComplex([appRoleAssignments])"
COMPLEX = "AppRoleAssignmentsComplex([appRoleAssignments])"


def test_assertive_gives_every_role_as_the_complex_values(run):
    assert run(ASSERTIVE, appRoleAssignments=ROLES) == run(COMPLEX, appRoleAssignments=ROLES)


def test_assertive_with_no_roles_is_an_empty_list(run):
    # a replace with an empty list is what removes the last role in the target
    assert run(ASSERTIVE, appRoleAssignments=[]) == []


def test_assertive_takes_one_argument(run):
    with pytest.raises(ArgumentCountError, match="AssertiveAppRoleAssignmentsComplex"):
        run("AssertiveAppRoleAssignmentsComplex()")


def test_the_assertive_patch_replaces_roles_with_the_objects(run):
    # S9: {"op":"replace","path":"roles","value":[{...objects...}]}, which removes roles no longer assigned
    roles = run(ASSERTIVE, appRoleAssignments=ROLES)
    body = roles_replace_body(roles, Dialect())
    assert body["Operations"] == [{"op": "replace", "path": "roles", "value": roles}]


def test_the_assertive_patch_with_no_roles_left_replaces_with_an_empty_list():
    assert roles_replace_body([], Dialect())["Operations"] == [
        {"op": "replace", "path": "roles", "value": []}
    ]
