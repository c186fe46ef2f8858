"""The renderers: terminal cards, JSON, Graph's provisionOnDemand shape, JUnit and HTML."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import pytest

from harness.render import FORMATS, render, to_graph, to_html, to_json, to_json_runs, to_junit, to_terminal
from tests.harness.render import samples


@pytest.mark.parametrize("make", [samples.created, samples.redundant, samples.conflict, samples.group_run])
@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_deterministic(make, fmt):
    assert render([make()], fmt, verbose=True) == render([make()], fmt, verbose=True)


def test_terminal_lists_steps_in_portal_order_with_glyphs():
    text = to_terminal(samples.created())
    titles = [
        "✓ 1. Import user",
        "✓ 2. Determine if user is in scope",
        "✓ 3. Match user between source and target system",
        "✓ 4. Perform action",
    ]
    positions = [text.index(t) for t in titles]
    assert positions == sorted(positions)


def test_terminal_hides_details_unless_verbose():
    assert "mailNickname" not in to_terminal(samples.created())
    assert "mailNickname" in to_terminal(samples.created(), verbose=True)


def test_terminal_shows_error_code_message_and_tips():
    text = to_terminal(samples.connection_failed())
    assert "✗ 1. Test connection" in text
    assert "Error code: Unauthorized" in text
    assert "• Check the secret token and the tenant URL." in text


def test_terminal_names_the_skip_reason():
    assert "(RedundantExport)" in to_terminal(samples.redundant())
    assert "(NotEffectivelyEntitled)" in to_terminal(samples.out_of_scope())


def test_terminal_calls_failed_export_properties_attempted():
    assert "Attempted to modify" in to_terminal(samples.conflict())
    assert "Modified properties" in to_terminal(samples.created())


def test_terminal_respects_width():
    assert max(len(line) for line in to_terminal(samples.created(), width=100).splitlines()) <= 100


def test_terminal_prints_members_of_a_group_run():
    assert "Member adele.vance@contoso.onmicrosoft.com" in to_terminal(samples.group_run())


def test_json_is_the_result_model():
    data = json.loads(to_json(samples.created()))
    assert data["result"] == "Success" and data["action"] == "Create"
    assert [s["id"] for s in data["steps"]] == ["import", "scope", "match", "action"]
    assert data["modifiedProperties"][0] == {"name": "userName", "oldValue": None, "newValue": samples.UPN}


def test_json_runs_wraps_several_results():
    data = json.loads(to_json_runs([samples.created(), samples.redundant()]))
    assert [r["action"] for r in data["runs"]] == ["Create", "Skip"]


def _graph(result):
    body = json.loads(to_graph(result))
    return body, json.loads(body["key"]), json.loads(body["value"])


def test_graph_key_and_value_are_json_strings():
    body = json.loads(to_graph(samples.redundant()))
    assert isinstance(body["key"], str) and isinstance(body["value"], str)


def test_graph_redundant_export_matches_scenario_30():
    _, key, value = _graph(samples.redundant())
    assert key["result"] == "Skipped" and key["details"]["errorCode"] == "RedundantExport"
    steps = [(s["name"], s["type"]) for s in value["provisioningSteps"]]
    assert steps == [
        ("EntryImport", "Import"),
        ("EntryImport", "Matching"),
        ("EntrySynchronizationScoping", "Scoping"),
        ("EntrySynchronizationSkip", "Export"),
    ]
    assert value["provisioningSteps"][-1]["details"] == {"SkipReason": "RedundantExport"}
    assert value["action"] == "Other" and value["targetSystem"]["name"] == "customappsso"


def test_graph_step_details_are_strings():
    _, _, value = _graph(samples.redundant())
    for step in value["provisioningSteps"]:
        assert all(isinstance(v, str) for v in step["details"].values())


@pytest.mark.parametrize(
    ("make", "step_name"),
    [
        (samples.created, "EntryExportAdd"),
        (samples.out_of_scope, "EntrySynchronizationSkip"),
    ],
)
def test_graph_export_step_is_named_after_the_action(make, step_name):
    _, _, value = _graph(make())
    assert value["provisioningSteps"][-1]["name"] == step_name


def test_graph_out_of_scope_reports_not_effectively_entitled():
    _, key, value = _graph(samples.out_of_scope())
    assert key["details"]["errorCode"] == "NotEffectivelyEntitled"
    scoping = value["provisioningSteps"][1]
    assert scoping["details"]["Assigned"] == "False"
    assert scoping["details"]["IsEffectivelyEntitledForProvisioning"] == "False"


def test_graph_success_has_empty_key_details():
    _, key, value = _graph(samples.created())
    assert key == {"result": "Success", "details": {}}
    assert value["targetIdentity"]["type"] == "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
    assert value["modifiedProperties"][0] == {
        "displayName": "userName",
        "oldValue": None,
        "newValue": samples.UPN,
    }


def test_graph_failure_carries_error_code_in_status_info():
    _, key, value = _graph(samples.conflict())
    assert key["details"]["errorCode"] == "ContosoSCIMappEntryConflict"
    assert value["statusInfo"]["errorCategory"] == "nonServiceFailure"


def test_graph_group_value_is_empty_as_documented():
    body = json.loads(to_graph(samples.group_run()))
    assert body["value"] == "{}" and json.loads(body["key"]) == {"result": "Success", "details": {}}


def test_junit_has_one_testcase_per_run():
    root = ET.fromstring(to_junit([samples.created(), samples.conflict(), samples.redundant()]))
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == 3
    assert root.get("failures") == "1" and root.get("skipped") == "1"
    failure = cases[1].find("failure")
    assert failure is not None and failure.get("type") == "ContosoSCIMappEntryConflict"
    assert cases[2].find("skipped").get("message") == "RedundantExport"
    assert cases[0].get("time") == "1.250"


def test_html_is_self_contained_and_escaped():
    result = samples.created()
    result.steps[0].details["displayName"] = "<script>alert(1)</script>"
    page = to_html([result])
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "http" not in page.split("<body>")[0]


def test_unknown_format_is_refused():
    with pytest.raises(ValueError, match="unknown format"):
        render([samples.created()], "yaml")
