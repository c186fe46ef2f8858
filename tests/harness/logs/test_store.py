"""The provisioning log store: provisioningObjectSummary records, filters and the three CSV files."""

from __future__ import annotations

import csv
import json

import pytest

from harness.logs.store import CSV_FILES, LogFilterError, LogStore, export_json
from tests.harness.render import samples

pytestmark = pytest.mark.storage


@pytest.fixture
def store(tmp_path):
    log_store = LogStore(home=tmp_path)
    yield log_store
    log_store.close()


@pytest.fixture
def filled(store):
    for make in (samples.created, samples.redundant, samples.conflict, samples.out_of_scope):
        store.append(make())
    return store


def test_append_writes_a_provisioning_object_summary(store):
    (record,) = store.append(samples.created())
    assert record["provisioningAction"] == "create"
    assert record["changeId"] == "c0ffee00-0000-4000-8000-000000000001"
    assert record["durationInMilliseconds"] == 1250
    assert record["provisioningStatusInfo"] == {"status": "success", "errorInformation": None}
    assert record["initiatedBy"]["displayName"] == "Azure AD Provisioning Service"
    assert record["sourceIdentity"]["displayName"] == "Adele Vance"
    assert [s["provisioningStepType"] for s in record["provisioningSteps"]] == [
        "import",
        "matching",
        "scoping",
        "export",
    ]


def test_failure_record_carries_error_information(store):
    (record,) = store.append(samples.conflict())
    error = record["provisioningStatusInfo"]["errorInformation"]
    assert error["errorCode"] == "ContosoSCIMappEntryConflict"
    assert error["errorCategory"] == "nonServiceFailure"


def test_group_run_logs_the_group_and_each_member(store):
    records = store.append(samples.group_run())
    assert [r["sourceIdentity"]["identityType"] for r in records] == ["Group", "User"]
    assert store.count() == 2


def test_a_file_store_survives_reopening(tmp_path):
    LogStore(home=tmp_path).append(samples.created())
    assert LogStore(home=tmp_path).count() == 1


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, 4),
        ({"status": "failure"}, 1),
        ({"status": "Skipped"}, 2),
        ({"action": "create"}, 2),
        ({"action": "other"}, 2),
        ({"error_code": "ContosoSCIMappEntryConflict"}, 1),
        ({"error_code": "contososcimappentryconflict"}, 0),
        ({"identity": "Adele"}, 4),
        ({"identity": "ADELE"}, 4),
        ({"identity": "adèle"}, 4),
        ({"identity": "nobody"}, 0),
        ({"job": "contoso scim app"}, 4),
        ({"job": "Another app"}, 0),
        ({"identity": "6e7b768e-07e2-4810-8459-485f84f8f204"}, 4),
        ({"since": "2026-01-05T09:00:00Z"}, 4),
        ({"since": "2026-01-06"}, 0),
        ({"until": "2026-01-04T23:59:59Z"}, 0),
    ],
)
def test_list_filters(filled, filters, expected):
    assert len(filled.list(**filters)) == expected


@pytest.mark.parametrize("filters", [{"status": "done"}, {"action": "remove"}, {"since": "yesterday"}])
def test_bad_filters_are_refused(filled, filters):
    with pytest.raises(LogFilterError):
        filled.list(**filters)


def test_export_json_is_a_graph_list(filled):
    data = json.loads(export_json(filled.list(status="failure")))
    assert [r["provisioningAction"] for r in data["value"]] == ["create"]


def test_export_csv_writes_three_files_joined_by_change_id(filled, tmp_path):
    paths = filled.export_csv(tmp_path / "out", filled.list())
    assert [p.name for p in paths] == list(CSV_FILES)
    tables = [list(csv.DictReader(p.open(encoding="utf-8-sig"))) for p in paths]
    logs, steps, properties = tables
    records = {r["changeId"]: r for r in filled.list()}
    assert len(logs) == 4 and {row["Change ID"] for row in logs} == set(records)
    for change_id, record in records.items():  # each log's steps and properties, joined by its change ID
        its_steps = [row["Name"] for row in steps if row["Change ID"] == change_id]
        its_properties = [row["Property"] for row in properties if row["Change ID"] == change_id]
        assert its_steps == [step["name"] for step in record["provisioningSteps"]] and its_steps
        assert its_properties == [prop["displayName"] for prop in record["modifiedProperties"]]
    assert {row["Property"] for row in properties} == {"userName", "active", "displayName"}
