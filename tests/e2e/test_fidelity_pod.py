"""Pins of entra-behavior.md §1.1, §3.2–§3.4 where the on-demand run once said something else.

Each test runs the real apps (``harness.world.build_world``) and reads the Graph provisionOnDemand answer.
"""

from __future__ import annotations

import json
from typing import Any

from harness.render.graph import to_graph
from tests.e2e.scenes import provisioned


def _value(result: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    response = json.loads(to_graph(result, group_value_empty=False))
    return json.loads(response["key"]), json.loads(response["value"])


def _step(value: dict[str, Any], name: str, kind: str) -> dict[str, Any]:
    [step] = [s for s in value["provisioningSteps"] if (s["name"], s["type"]) == (name, kind)]
    return step


def test_the_matching_step_retrieves_from_customappsso(world, scene):
    # §1.1/§3.2 (S2): EntryImport / Matching / "Retrieved '<upn>' from customappsso"
    user, _ = provisioned(world, scene)
    _, value = _value(world.provision(user=user["userPrincipalName"]))
    matching = _step(value, "EntryImport", "Matching")
    assert matching["description"] == f"Retrieved '{user['userPrincipalName']}' from customappsso"
    assert value["sourceSystem"]["name"] == "Azure Active Directory"
    assert value["targetSystem"]["name"] == "customappsso"
    assert value["targetIdentity"]["type"] == "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def test_a_409_is_an_app_entry_conflict_returned_with_the_status_code(world, scene):
    # §3.4 (S20): <App>EntryConflict, "…returned an error response with the HTTP status code 409…",
    # errorCategory nonServiceFailure; §2.4: the text names the target system (1Password/scim-examples#82)
    user = scene.user("ada")
    scene.assign(user)
    scene.fault(method="POST", path="/scim/v2/Users", status=409)
    key, value = _value(world.provision(user=user["userPrincipalName"]))
    status = value["statusInfo"]
    assert status["errorCode"] == key["details"]["errorCode"] == "ContosoSCIMappEntryConflict"
    assert status["errorCategory"] == "nonServiceFailure"
    assert status["reason"].startswith(
        f"Failed to create User '{user['userPrincipalName']}' in customappsso;"
    )
    assert "returned an error response with the HTTP status code 409" in status["reason"]
    assert "a user or a group already exists with the same name" in status["reason"]


def test_a_failed_group_create_names_a_group(world, scene):
    # §3.2 (S20): EntryExportAdd "Failed to create Group '<n>' in <App>" — not "User"
    member = scene.user("ada")
    group = scene.group("Sales team", [member])
    scene.assign(group)
    scene.fault(method="POST", path="/scim/v2/Groups", status=500)
    result = world.provision(group="Sales team", members=[member["userPrincipalName"]])
    assert result.result == "Failure"
    assert result.error is not None
    assert result.error.message.startswith("Failed to create Group 'Sales team' in customappsso;")


def test_a_not_entitled_skip_carries_its_additional_details(world, scene):
    # §3.3 (MS Q&A sample): "SkipReason: NotEffectivelyEntitled, IsActive: True, Assigned to the application:
    # False, IsInProvisioningScope: False", after the §3.3 texts and "Scope evaluation result: {...}"
    user = scene.user("zed")
    key, value = _value(world.provision(user=user["userPrincipalName"]))
    skip = _step(value, "EntrySynchronizationSkip", "Export")
    assert skip["status"] == "Skipped"
    assert skip["details"] == {
        "SkipReason": "NotEffectivelyEntitled",
        "IsActive": "True",
        "Assigned to the application": "False",
        "IsInProvisioningScope": "False",
    }
    assert skip["description"].startswith("This object is not assigned to the application.")
    assert "Scope evaluation result: {}" in skip["description"]
    assert key["details"]["errorCode"] == "NotEffectivelyEntitled"
    scoping = _step(value, "EntrySynchronizationScoping", "Scoping")
    assert list(scoping["details"]) == [
        "IsActive",
        "Assigned",
        "IsEffectivelyEntitledForProvisioning",
        "IsInProvisioningScopeDisplayName",
        "ScopeEvaluationResult",
    ]
