"""The testers, the logs and the target's journal and controls through the JSON API."""

from __future__ import annotations

import io
import zipfile

from harness.logs.store import CSV_FILES


def test_an_expression_that_does_not_parse_reports_its_column(client, key):
    reply = client.post(f"/api/jobs/{key}/expression", json={"expression": 'Join(" ", [givenName]'}).json
    assert reply["error"]["column"] == len('Join(" ", [givenName]') + 1


def test_an_expression_is_evaluated_against_a_chosen_user(client, key, admin):
    user = admin.user("evaline")
    reply = client.post(
        f"/api/jobs/{key}/expression",
        json={"expression": 'Join("/", [givenName], [surname])', "user": user["userPrincipalName"]},
    ).json
    assert reply["value"] == "Evaline/Webtester"


def test_an_expression_against_an_unknown_user_says_the_user_was_not_found(client, key):
    reply = client.post(
        f"/api/jobs/{key}/expression", json={"expression": "[mail]", "user": "nobody-here"}
    ).json
    assert "No user 'nobody-here' exists" in reply["error"]["message"]


def test_edited_scoping_filters_are_evaluated_clause_by_clause(client, key, admin):
    user = admin.assigned_user("scopey", department="Sales")
    filters = (
        "- title: Sales only\n  clauses:\n  - {attribute: department, operator: EQUALS, value: Marketing}\n"
    )
    steps = client.post(
        f"/api/jobs/{key}/scope", json={"user": user["userPrincipalName"], "filters": filters}
    ).json["steps"]
    assert steps[1]["status"] == "Skipped"
    assert steps[1]["details"]["Sales only department EQUALS Marketing"] is False


def test_scoping_filters_that_are_not_yaml_report_line_and_column(client, key):
    reply = client.post(
        f"/api/jobs/{key}/scope", json={"user": "x", "filters": "- title: [a\n  clauses: {"}
    ).json
    assert reply["error"]["line"] >= 1 and reply["error"]["column"] >= 1


def test_logs_filter_by_status_and_export_the_portals_three_csv_files(client, key, admin):
    user = admin.assigned_user()
    for _ in range(2):
        client.post(f"/api/jobs/{key}/provision", json={"user": user["userPrincipalName"]})
    skipped = client.get("/api/logs", query_string={"status": "skipped"}).json["value"]
    assert [r["provisioningStatusInfo"]["status"] for r in skipped] == ["skipped"]
    archive = zipfile.ZipFile(io.BytesIO(client.get("/api/logs/export.csv").data))
    assert sorted(archive.namelist()) == sorted(CSV_FILES)
    assert len(client.get("/api/logs/export.json").json["value"]) == 2


def test_a_log_filter_that_names_no_status_is_a_clear_error(client):
    reply = client.get("/api/logs", query_string={"status": "sideways"})
    assert reply.status_code == 400
    assert "sideways" in reply.json["error"]["message"]


def test_the_target_journal_shows_what_a_run_sent_after_a_sequence_number(client, key, admin):
    user = admin.assigned_user()
    client.delete(f"/api/jobs/{key}/activity")
    client.post(f"/api/jobs/{key}/provision", json={"user": user["userPrincipalName"]})
    journal = client.get(f"/api/jobs/{key}/activity").json
    assert "POST" in [e["method"] for e in journal["requests"]]
    assert (
        client.get(f"/api/jobs/{key}/activity", query_string={"since": journal["last"]}).json["requests"]
        == []
    )
    posts = client.get(f"/api/jobs/{key}/activity", query_string={"method": "post"}).json["requests"]
    assert {e["method"] for e in posts} == {"POST"}


def test_moving_the_clock_moves_a_shared_clock_once(client, key, world):
    before = world.clock.now()
    client.post(f"/api/jobs/{key}/clock", json={"advance": 60})
    assert (world.clock.now() - before).total_seconds() == 60


def test_the_replication_delay_is_set_on_the_directory(client, key):
    assert client.post(f"/api/jobs/{key}/replication", json={"delay": 5}).json["delay"] == 5


def test_the_target_profile_switches_and_an_unknown_one_is_explained(client, key):
    assert (
        client.post(f"/api/jobs/{key}/profile", json={"profile": "strict-rfc"}).json["profile"]
        == "strict-rfc"
    )
    reply = client.post(f"/api/jobs/{key}/profile", json={"profile": "no-such-profile"})
    assert reply.status_code == 502
    assert "no-such-profile" in reply.json["error"]["message"]


def test_a_fault_rule_is_added_to_the_target(client, key, admin):
    client.post(f"/api/jobs/{key}/faults", json={"method": "POST", "path": "/scim/v2/Users", "status": 500})
    user = admin.assigned_user()
    result = client.post(f"/api/jobs/{key}/provision", json={"user": user["userPrincipalName"]}).json
    assert result["result"] == "Failure"
    assert client.get(f"/api/jobs/{key}/faults").json["faults"][0]["fired"] >= 1


def test_one_csv_file_of_the_three_downloads_alone(client, key, admin):
    client.post(f"/api/jobs/{key}/provision", json={"user": admin.assigned_user()["userPrincipalName"]})
    reply = client.get(
        "/api/logs/export.csv", query_string={"file": "ProvisioningLogs_ModifiedProperties.csv"}
    )
    assert reply.data.decode("utf-8-sig").splitlines()[0] == "Change ID,Property,Old Value,New Value"
