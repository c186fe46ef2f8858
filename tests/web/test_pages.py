"""The server-rendered pages without JavaScript: forms in, pages out, every problem a message in the page."""

from __future__ import annotations

import re

import pytest


def _text(reply) -> str:
    return re.sub(r"\s+", " ", reply.get_data(as_text=True))


def test_the_provision_page_has_a_search_field_and_a_provision_button(client):
    page = _text(client.get("/"))
    assert '<label for="user">Search</label>' in page
    assert '<button type="submit" class="primary">Provision</button>' in page


def test_provisioning_from_the_form_shows_the_steps_with_view_details(client, key, admin):
    user = admin.assigned_user()
    posted = client.post("/provision", data={"job": key, "mode": "user", "user": user["userPrincipalName"]})
    assert posted.status_code == 303
    page = _text(client.get(posted.headers["Location"]))
    titles = re.findall(r'<span class="num">\d</span> ([^<]+?) <span', page)
    assert titles == [
        "Import user",
        "Determine if user is in scope",
        "Match user between source and target system",
        "Perform action",
    ]
    assert page.count("<summary>View details</summary>") == 4
    assert "Download as Graph provisionOnDemand" in page


def test_the_exchanges_show_what_the_target_answered(client, key, admin):
    user = admin.assigned_user()
    posted = client.post("/provision", data={"job": key, "mode": "user", "user": user["userPrincipalName"]})
    page = _text(client.get(posted.headers["Location"]))
    assert '<th scope="col">Answer</th>' in page
    assert "lastModified" in page  # only the target's answer to the POST carries meta.lastModified


def test_find_users_without_javascript_lists_the_matches_to_pick(client, key, admin):
    admin.user("pickable")
    page = _text(client.get("/", query_string={"job": key, "user": "pickable", "find": 1}))
    assert 'name="pick" value="pickable@contoso.onmicrosoft.com"' in page


def test_a_picked_user_wins_over_the_search_text(client, key, admin):
    user = admin.assigned_user("picked")
    posted = client.post(
        "/provision", data={"job": key, "mode": "user", "user": "pick", "pick": user["userPrincipalName"]}
    )
    assert "picked@contoso.onmicrosoft.com" in _text(client.get(posted.headers["Location"]))


def test_a_group_shows_its_members_to_choose_with_the_limit(client, key, admin):
    group = admin.group("Page Group", [admin.user() for _ in range(2)])
    page = _text(client.get("/", query_string={"job": key, "group": group["displayName"], "show": "members"}))
    assert page.count('name="members"') == 2
    assert "updates up to 5 members of a group at a time" in page


def test_six_members_without_javascript_are_refused_in_the_page(client, key, admin):
    group = admin.group("Six Pack", [admin.user() for _ in range(6)])
    members = [m["id"] for m in client.get(f"/api/jobs/{key}/groups/{group['id']}/members").json["members"]]
    reply = client.post(
        "/provision", data={"job": key, "mode": "group", "group": "Six Pack", "members": members}
    )
    assert reply.status_code == 422
    assert "choose at most 5" in _text(reply)


def test_an_unknown_user_shows_the_failed_import_and_its_tips(client, key):
    posted = client.post("/provision", data={"job": key, "mode": "user", "user": "no-such-person-anywhere"})
    page = _text(client.get(posted.headers["Location"]))
    assert "Troubleshooting tips" in page and "No user &#39;no-such-person-anywhere&#39; exists" in page


def test_a_job_file_that_does_not_load_is_a_message_not_a_traceback(client, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nsource: {type: nowhere}\n", encoding="utf-8")
    reply = client.post("/jobs", data={"path": str(bad)})
    page = _text(reply)
    assert reply.status_code == 400
    assert "The job file does not load" in page and "Traceback" not in page


def test_an_unreachable_target_is_a_failed_test_connection_in_the_page(world, make_app, admin):
    client = make_app(world.default_job(target={"url": "http://127.0.0.1:9/scim/v2"})).test_client()
    key = client.get("/api/jobs").json["jobs"][0]["key"]
    posted = client.post(
        "/provision", data={"job": key, "mode": "user", "user": admin.assigned_user()["userPrincipalName"]}
    )
    page = _text(client.get(posted.headers["Location"]))
    assert "Test connection" in page and "Troubleshooting tips" in page


def test_an_unknown_page_is_a_page_with_a_message(client):
    reply = client.get("/runs/nothing-here")
    assert reply.status_code == 404
    assert "No run with change ID" in _text(reply)


def test_the_logs_page_filters_and_opens_a_detail_panel(client, key, admin):
    user = admin.assigned_user()
    client.post(f"/api/jobs/{key}/provision", json={"user": user["userPrincipalName"]})
    record = client.get("/api/logs").json["value"][0]
    page = _text(client.get("/logs", query_string={"status": "success", "id": record["id"]}))
    assert 'aria-labelledby="detail-h"' in page and record["changeId"] in page
    assert "No provisioning log entries match" in _text(
        client.get("/logs", query_string={"status": "failure"})
    )


def test_the_expression_page_marks_the_position_of_a_parse_error(client, key):
    page = _text(client.post("/expression", data={"job": key, "expression": 'Join(" ", [mail]'}))
    assert "(column 17)" in page and "<mark> </mark>" in page


def test_the_scope_page_starts_from_the_jobs_filters(world, make_app):
    filters = [
        {"title": "Sales", "clauses": [{"attribute": "department", "operator": "EQUALS", "value": "Sales"}]}
    ]
    client = make_app(world.default_job(users={"scoping_filters": filters})).test_client()
    assert "attribute: department" in client.get("/scope").get_data(as_text=True)


@pytest.mark.parametrize(
    ("control", "form", "said"),
    [
        ("clock", {"seconds": "30"}, "Moved the clock 30 s forward"),
        ("replication", {"delay": "12", "mode": "time"}, "Replication: delay 12 s, mode time."),
        ("profile", {"profile": "strict-rfc", "quirks": ""}, "Target profile strict-rfc."),
        (
            "fault",
            {"app": "scim", "method": "POST", "path": "/scim/v2/Users", "status": "503"},
            "Fault rule added",
        ),
        ("clock", {"seconds": "soon"}, "must be a number of seconds"),
        ("fault", {"app": "scim", "status": "x"}, "must be a whole number"),
    ],
)
def test_the_activity_controls_say_what_they_did(client, key, control, form, said):
    assert said in _text(client.post(f"/activity/{control}", data={"job": key, **form}))


def test_the_activity_page_shows_what_the_target_received(client, key, admin):
    client.post(f"/api/jobs/{key}/provision", json={"user": admin.assigned_user()["userPrincipalName"]})
    page = _text(client.get("/activity", query_string={"job": key, "method": "POST"}))
    assert "POST /scim/v2/Users" in page and "GET /scim/v2/Users" not in page
