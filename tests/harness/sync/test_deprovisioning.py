"""The deprovisioning matrix (entra-behavior.md §5.3, Microsoft Learn "How Application Provisioning works").

Leaving scope (unassigned, failing a scoping filter, disabled, soft-deleted) disables the target user by PATCH
``active``; only a hard delete sends DELETE. SkipOutOfScopeDeletions stops the disables, never the delete.
"""

from __future__ import annotations

import pytest

from tests.harness.sync.conftest import target

ADA = "ada@contoso.onmicrosoft.com"
SALES_ONLY = [
    {"title": "Sales", "clauses": [{"attribute": "department", "operator": "EQUALS", "value": "Sales"}]}
]


def _unassign(scene, ada, assignment):
    scene.unassign(assignment)


def _out_of_scope(scene, ada, assignment):
    scene.update(ada, department="Ops")


def _disable(scene, ada, assignment):
    scene.update(ada, accountEnabled=False)


def _soft_delete(scene, ada, assignment):
    assert scene.world.graph("DELETE", f"/users/{ada['id']}").status_code == 204


def _hard_delete(scene, ada, assignment):
    _soft_delete(scene, ada, assignment)
    assert scene.world.graph("DELETE", f"/directory/deletedItems/{ada['id']}").status_code == 204


CHANGES = {
    "unassigned": _unassign,
    "out of scope": _out_of_scope,
    "disabled": _disable,
    "soft-deleted": _soft_delete,
    "hard-deleted": _hard_delete,
}


@pytest.mark.parametrize(
    ("change", "skip", "action", "left"),
    [
        ("unassigned", False, "disable", "disabled"),
        ("out of scope", False, "disable", "disabled"),
        ("disabled", False, "disable", "disabled"),
        ("soft-deleted", False, "disable", "disabled"),
        ("hard-deleted", False, "delete", "gone"),
        ("unassigned", True, "other", "active"),
        ("out of scope", True, "other", "active"),
        ("disabled", True, "other", "active"),
        ("soft-deleted", True, "other", "active"),
        ("hard-deleted", True, "delete", "gone"),
    ],
)
def test_deprovisioning_matrix(world, scene, change, skip, action, left):
    ada = scene.user("ada")
    assignment = scene.assign(ada)
    job = world.default_job(skip_out_of_scope_deletions=skip, users={"scoping_filters": SALES_ONLY})
    world.sync(job)
    CHANGES[change](scene, ada, assignment)
    [report] = world.sync(job)
    [record] = [
        r for r in world.logs.list() if r["cycleId"] == report.id and r["sourceIdentity"]["id"] == ada["id"]
    ]
    found = target(scene, ADA)
    state = "gone" if found is None else ("active" if found["active"] else "disabled")
    assert (record["provisioningAction"], state) == (action, left)


def test_hard_delete_without_the_delete_action_leaves_the_user(world, scene):
    ada = scene.user("ada")
    scene.assign(ada)
    job = world.default_job(users={"actions": ["create", "update"]})
    world.sync(job)
    _hard_delete(scene, ada, None)
    world.sync(job)
    assert target(scene, ADA)["active"] is True
