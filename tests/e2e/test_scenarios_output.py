"""Scenario 30 (output): the Graph provisionOnDemand format of a run.

Scenario numbers are scenarios.md's; each test sets its scene over the real APIs and runs one on-demand provisioning.
"""

from __future__ import annotations

from tests.e2e.scenes import provisioned


# 30 -----------------------------------------------------------------------------------------------------------
def test_30_graph_format_of_a_redundant_export(world, scene):
    import json

    from harness.render.graph import to_graph

    user, _ = provisioned(world, scene)
    response = json.loads(to_graph(world.provision(user=user["userPrincipalName"])))
    key, value = json.loads(response["key"]), json.loads(response["value"])
    assert key == {
        "result": "Skipped",
        "details": {
            "errorCode": "RedundantExport",
            "errorMessage": "The state of the user in both the source and target systems already match.",
        },
    }
    steps = [(s["name"], s["type"]) for s in value["provisioningSteps"]]
    assert steps == [
        ("EntryImport", "Import"),
        ("EntryImport", "Matching"),
        ("EntrySynchronizationScoping", "Scoping"),
        ("EntrySynchronizationSkip", "Export"),
    ]
    assert value["provisioningSteps"][-1]["details"]["SkipReason"] == "RedundantExport"
