"""Renderers on real engine results from the in-process world (scenarios 1, 2 and 30)."""

from __future__ import annotations

import json

import pytest

from harness.cli import demo_runs
from harness.render import to_graph, to_json_runs, to_terminal


@pytest.fixture(scope="module")
def runs():
    return demo_runs(seed=0, users=25)


def test_demo_runs_create_then_skip(runs):
    assert [(r.action, r.result) for r in runs] == [("Create", "Success"), ("Skip", "Skipped")]


def test_same_seed_gives_byte_identical_reports(runs):
    again = demo_runs(seed=0, users=25)
    assert to_json_runs(again) == to_json_runs(runs)
    assert to_terminal(again[0], verbose=True) == to_terminal(runs[0], verbose=True)


def test_graph_shape_of_a_redundant_run_is_scenario_30(runs):
    body = json.loads(to_graph(runs[1]))
    key, value = json.loads(body["key"]), json.loads(body["value"])
    assert key["result"] == "Skipped" and key["details"]["errorCode"] == "RedundantExport"
    assert [(s["name"], s["type"]) for s in value["provisioningSteps"]] == [
        ("EntryImport", "Import"),
        ("EntryImport", "Matching"),
        ("EntrySynchronizationScoping", "Scoping"),
        ("EntrySynchronizationSkip", "Export"),
    ]
    matching = value["provisioningSteps"][1]["details"]
    assert {"id", "userName", "active", "displayName", "externalId"} <= set(matching)
    scoping = value["provisioningSteps"][2]["details"]
    assert set(scoping) == {
        "IsActive",
        "Assigned",
        "IsEffectivelyEntitledForProvisioning",
        "IsInProvisioningScopeDisplayName",
        "ScopeEvaluationResult",
    }
    assert value["sourceSystem"]["name"] == "Azure Active Directory"


def test_graph_create_run_exports_with_entry_export_add(runs):
    value = json.loads(json.loads(to_graph(runs[0]))["value"])
    assert value["action"] == "Create"
    assert value["provisioningSteps"][-1]["name"] == "EntryExportAdd"
    assert any(p["displayName"] == "userName" for p in value["modifiedProperties"])
