"""The web app's JSON API, in process over both mocks: jobs, search, provisioning, results and testers."""

from __future__ import annotations

import pytest

from harness.world import World

STEP_ORDER = ["import", "scope", "match", "action"]


def test_jobs_lists_a_loaded_job_and_one_that_does_not_load(world, make_app, tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("name: [unclosed\n", encoding="utf-8")
    jobs = make_app(world.default_job(), str(broken)).test_client().get("/api/jobs").json["jobs"]
    assert [j["name"] for j in jobs] == [World.APP_NAME, None]
    assert "not valid YAML" in jobs[1]["error"]


def test_adding_a_job_file_that_does_not_exist_says_so(client, tmp_path):
    reply = client.post("/api/jobs", json={"path": str(tmp_path / "missing.yaml")})
    assert reply.status_code == 400
    assert "cannot read the job file" in reply.json["error"]


@pytest.mark.parametrize("field", ["givenName", "surname", "displayName", "userPrincipalName", "mail"])
def test_search_finds_a_user_by_each_field_the_portal_names(client, key, admin, field):
    user = admin.user("quintessa", surname="Marlowe", displayName="Quintessa Marlowe")
    found = client.get(f"/api/jobs/{key}/users", query_string={"q": user[field]}).json["users"]
    assert user["userPrincipalName"] in [u["userPrincipalName"] for u in found]


def test_search_does_not_offer_a_disabled_user_and_says_why(client, key, admin):
    user = admin.user("dormant")
    admin.disable(user)
    reply = client.get(f"/api/jobs/{key}/users", query_string={"q": user["userPrincipalName"]}).json
    assert reply["users"] == []
    assert "disabled" in reply["note"] and "dormant@contoso.onmicrosoft.com" in reply["note"]


def test_search_does_not_offer_a_deleted_user_and_says_why(client, key, admin):
    user = admin.user("departed")
    admin.delete(user)
    reply = client.get(f"/api/jobs/{key}/users", query_string={"q": "departed@contoso.onmicrosoft.com"}).json
    assert reply["users"] == []
    assert "recycle bin" in reply["note"]


def test_provision_creates_then_skips_the_same_user(client, key, admin):
    user = admin.assigned_user()
    first = client.post(f"/api/jobs/{key}/provision", json={"user": user["userPrincipalName"]}).json
    again = client.post(f"/api/jobs/{key}/provision", json={"user": user["userPrincipalName"]}).json
    assert (first["action"], again["result"]) == ("Create", "Skipped")
    assert [s["id"] for s in first["steps"]] == STEP_ORDER
    assert first["links"]["page"] == f"/runs/{first['changeId']}"


def test_provision_of_an_unknown_user_is_a_failed_import_with_tips(client, key):
    result = client.post(f"/api/jobs/{key}/provision", json={"user": "nobody-at-all"}).json
    assert result["result"] == "Failure"
    assert result["steps"][0]["error"]["tips"]


def test_a_sixth_member_is_refused_with_the_portals_explanation(client, key):
    reply = client.post(
        f"/api/jobs/{key}/provision", json={"group": "G", "members": [f"m{n}" for n in range(6)]}
    )
    assert reply.status_code == 422
    assert "up to 5 members" in reply.json["error"]["message"]


def test_a_group_with_five_chosen_members(client, key, admin):
    members = [admin.user() for _ in range(6)]
    group = admin.group("Web Five", members)
    admin.assign(group)
    listed = client.get(f"/api/jobs/{key}/groups/{group['id']}/members").json
    assert (len(listed["members"]), listed["limit"]) == (6, 5)
    chosen = [m["id"] for m in listed["members"][:5]]
    result = client.post(f"/api/jobs/{key}/provision", json={"group": "Web Five", "members": chosen}).json
    assert result["action"] == "Create"
    assert len(result["members"]) == 5


def test_groups_are_found_by_display_name(client, key, admin):
    admin.group("Findable Team", [])
    found = client.get(f"/api/jobs/{key}/groups", query_string={"q": "Findable"}).json["groups"]
    assert [g["displayName"] for g in found] == ["Findable Team"]


def test_a_workday_job_takes_a_worker_id(world, make_app, admin):
    job = world.default_job(source={"type": "workday"}, scope="all")
    client = make_app(job).test_client()
    key = client.get("/api/jobs").json["jobs"][0]["key"]
    result = client.post(f"/api/jobs/{key}/provision", json={"worker_id": admin.employee_id()}).json
    assert result["steps"][0]["description"].endswith("from Workday")


def test_a_workday_job_without_a_worker_id_says_what_it_takes(world, make_app):
    client = make_app(world.default_job(source={"type": "workday"})).test_client()
    key = client.get("/api/jobs").json["jobs"][0]["key"]
    reply = client.post(f"/api/jobs/{key}/provision", json={"user": "someone"})
    assert reply.status_code == 400
    assert "WID or Worker ID" in reply.json["error"]["message"]


def test_a_kept_run_reads_back_as_json_and_in_graphs_shape(client, key, admin):
    user = admin.assigned_user()
    change_id = client.post(f"/api/jobs/{key}/provision", json={"user": user["userPrincipalName"]}).json[
        "changeId"
    ]
    assert client.get(f"/api/runs/{change_id}").json["changeId"] == change_id
    graph = client.get(f"/api/runs/{change_id}/graph", query_string={"download": 1})
    assert "attachment" in graph.headers["Content-Disposition"]
    assert isinstance(graph.json["value"], str) and '"result":"Success"' in graph.json["key"].replace(" ", "")


def test_an_unknown_run_is_a_404_with_a_message(client):
    reply = client.get("/api/runs/no-such-change")
    assert reply.status_code == 404
    assert "No run with change ID" in reply.json["error"]["message"]


def test_an_unreachable_directory_is_a_clear_error(world, make_app):
    job = world.default_job(source={"url": "http://127.0.0.1:9"})
    client = make_app(job).test_client()
    key = client.get("/api/jobs").json["jobs"][0]["key"]
    reply = client.get(f"/api/jobs/{key}/users", query_string={"q": "ada"})
    assert reply.status_code == 502
    assert "http://127.0.0.1:9" in reply.json["error"]["message"]


def test_a_body_that_is_not_json_is_refused(client, key):
    reply = client.post(f"/api/jobs/{key}/provision", data="user=x", content_type="application/json")
    assert reply.status_code == 400
    assert reply.json["error"]["message"] == "The body must be JSON."


def test_openapi_describes_every_api_route(app, client):
    paths = client.get("/openapi.json").json["paths"]
    rules = {
        r.rule.replace("<", "{").replace(">", "}")
        for r in app.url_map.iter_rules()
        if r.rule.startswith("/api/")
    }
    assert set(paths) == rules
    assert paths["/api/jobs/{key}/provision"]["post"]["summary"].startswith("Provision on demand")
