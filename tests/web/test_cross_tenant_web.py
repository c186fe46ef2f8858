"""The web page with a cross-tenant synchronization job: listed, searchable, provisioned, rendered as Graph does."""

from __future__ import annotations

import json

from harness.world import add_target_tenant
from tests.web.conftest import web_app


def test_a_cross_tenant_job_is_listed_and_provisions_a_b2b_user(world, admin):
    add_target_tenant(world, users=0)
    client = web_app(world, world.cross_tenant_job()).test_client()
    [job] = client.get("/api/jobs").json["jobs"]
    user = admin.assigned_user()
    found = client.get(f"/api/jobs/{job['key']}/users", query_string={"q": user["userPrincipalName"]})
    assert found.status_code == 200
    result = client.post(f"/api/jobs/{job['key']}/provision", json={"user": user["userPrincipalName"]}).json
    assert (result["result"], result["action"]) == ("Success", "Create")
    graph = client.get(f"/api/runs/{result['changeId']}/graph").json
    assert json.loads(graph["value"])["targetSystem"]["name"] == "Azure Active Directory"


def test_the_page_itself_renders_with_a_cross_tenant_job(world):
    add_target_tenant(world, users=0)
    client = web_app(world, world.cross_tenant_job()).test_client()
    page = client.get("/")
    assert page.status_code == 200 and "cross-tenant" in page.get_data(as_text=True).lower()
