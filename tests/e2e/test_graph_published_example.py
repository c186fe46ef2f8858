"""The Graph rendering of a redundant-export skip, pinned to Microsoft's published provisionOnDemand example.

``fixtures/recorded/provision-on-demand-skip.json`` holds the example's shape (keys, order, value types, nulls,
step names and text forms); the run is the example's: an assigned user with the "User" role, provisioned, then
provisioned again with nothing to change.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness.render.graph import to_graph

EXAMPLE = json.loads(
    (Path(__file__).parents[2] / "fixtures" / "recorded" / "provision-on-demand-skip.json").read_text()
)


def kinds(data: dict[str, Any]) -> dict[str, str]:
    return {key: type(value).__name__ for key, value in data.items()}


@pytest.fixture
def skipped(world, scene) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The decoded key and value of the second run of a user assigned with the app's "User" role."""
    role = next(r["id"] for r in scene.sp["appRoles"] if r["value"] == "User")
    user = scene.user("ada")
    scene.assign(user, role=role)
    assert world.provision(user=user["userPrincipalName"]).action == "Create"
    response = json.loads(to_graph(world.provision(user=user["userPrincipalName"])))
    return user, json.loads(response["key"]), json.loads(response["value"])


def test_the_key_is_the_examples(skipped):
    _, key, _ = skipped
    assert key == EXAMPLE["key"]


def test_the_value_has_the_examples_keys_in_order(skipped):
    _, _, value = skipped
    assert list(value) == list(EXAMPLE["value"])


@pytest.mark.parametrize("name", ["sourceIdentity", "sourceSystem", "targetIdentity", "targetSystem"])
def test_identities_and_systems_have_the_examples_keys_and_types(skipped, name):
    _, _, value = skipped
    assert kinds(value[name]) == kinds(EXAMPLE["value"][name])


def test_a_skipped_status_info_holds_nulls(skipped):
    _, _, value = skipped
    assert value["statusInfo"] == EXAMPLE["value"]["statusInfo"]


def test_steps_have_the_examples_names_types_statuses_and_keys(skipped):
    _, _, value = skipped
    ours, theirs = value["provisioningSteps"], EXAMPLE["value"]["provisioningSteps"]
    assert [(s["name"], s["type"], s["status"]) for s in ours] == [
        (s["name"], s["type"], s["status"]) for s in theirs
    ]
    assert [list(s) for s in ours] == [list(s) for s in theirs]
    assert all(isinstance(v, str) for s in ours for v in s["details"].values())
    assert list(ours[2]["details"]) == list(theirs[2]["details"])
    assert ours[3]["details"] == theirs[3]["details"]


def test_the_skip_description_names_the_user(skipped):
    user, _, value = skipped
    skip = value["provisioningSteps"][-1]
    expected = EXAMPLE["value"]["provisioningSteps"][-1]["description"]
    assert skip["description"] == expected.replace("<upn>", user["userPrincipalName"])


def test_a_skips_modified_properties_are_the_imported_source_attributes(skipped):
    _, _, value = skipped
    imported = value["provisioningSteps"][0]["details"]
    listed = value["modifiedProperties"]
    assert [p["displayName"] for p in listed] == list(imported)
    assert all(p["oldValue"] is None and p["newValue"] == imported[p["displayName"]] for p in listed)
    assert {tuple(p) for p in listed} == {tuple(p) for p in EXAMPLE["value"]["modifiedProperties"]}
    assert {"objectId", "IsSoftDeleted", "appRoleAssignments"} <= set(imported)


def test_app_role_assignments_is_the_role_name(skipped):
    _, _, value = skipped
    assert value["provisioningSteps"][0]["details"]["appRoleAssignments"] == "User"
