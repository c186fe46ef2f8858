"""The harness's SCIM requests in the forms documented for Entra (shared/docs/entra-wire-corpus.md; docs/fidelity.md).

Headers are read from the prepared requests the world's session sends; bodies from the run's wire log.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_plus

import pytest
import requests

SCIM_HOST = "mockscim.local"


@pytest.fixture
def sent(world) -> list[requests.PreparedRequest]:
    """Every request the world's session sends to the SCIM target from now on."""
    seen: list[requests.PreparedRequest] = []

    def keep(response: requests.Response, *args: Any, **kwargs: Any) -> None:
        if SCIM_HOST in (response.request.url or ""):
            seen.append(response.request)

    world.http.hooks["response"].append(keep)
    return seen


def writes(result) -> list:
    return [r for r in result.requests if r.method != "GET"]


def test_bodies_are_scim_json_with_charset_utf8(world, ada, sent):
    # R3c: a real Entra POST carried "Content-Type: application/scim+json; charset=utf-8"
    world.provision(user=ada["userPrincipalName"])
    bodies = [r for r in sent if r.body]
    assert bodies and {r.headers["Content-Type"] for r in bodies} == {"application/scim+json; charset=utf-8"}


def test_no_scim_accept_is_sent_by_default(world, ada, sent):
    # R1b: a Rails target answered Entra's GET 406 "as HTML": Entra sends no SCIM Accept
    world.provision(user=ada["userPrincipalName"])
    assert sent and all("scim" not in r.headers.get("Accept", "") for r in sent)


def test_the_scim_accept_is_a_setting(world, ada, sent):
    job = world.default_job(settings={"scim_accept_header": True})
    world.provision(job, user=ada["userPrincipalName"])
    assert sent and {r.headers.get("Accept") for r in sent} == {"application/scim+json"}


def test_a_created_user_carries_empty_roles(world, ada):
    # R3: S3's "Create User" sample ends with "roles": []
    [post] = writes(world.provision(user=ada["userPrincipalName"]))
    assert post.body["roles"] == []


def test_empty_roles_are_a_setting(world, ada):
    job = world.default_job(settings={"empty_roles_on_create": False})
    [post] = writes(world.provision(job, user=ada["userPrincipalName"]))
    assert "roles" not in post.body


def test_a_job_mapping_roles_sends_no_empty_roles(world, ada):
    # S1: roles are not provisioned on demand; an empty list would tell the target the user has none
    roles = {"target": "roles", "expression": "AppRoleAssignmentsComplex([appRoleAssignments])"}
    job = world.default_job(users={"mappings": {"extend": [roles]}})
    [post] = writes(world.provision(job, user=ada["userPrincipalName"]))
    assert "roles" not in post.body


def test_a_group_create_carries_no_roles(world, scene):
    member = scene.user("ada")
    scene.assign(scene.group("Sales team", [member]))
    result = world.provision(group="Sales team", members=[member["userPrincipalName"]])
    post = next(r for r in result.requests if r.method == "POST")
    assert "roles" not in post.body


def test_a_member_add_carries_ref_null(world, scene):
    # R9: S3 and a 2019 capture add members as {"$ref": null, "value": "<id>"}
    member = scene.user("ada")
    scene.assign(scene.group("Sales team", [member]))
    result = world.provision(group="Sales team", members=[member["userPrincipalName"]])
    patch = next(r for r in result.requests if r.method == "PATCH")
    [value] = patch.body["Operations"][0]["value"]
    assert list(value) == ["$ref", "value"] and value["$ref"] is None


def test_ref_null_is_a_setting(world, scene):
    member = scene.user("ada")
    scene.assign(scene.group("Sales team", [member]))
    job = world.default_job(settings={"member_ref_null": False})
    result = world.provision(job, group="Sales team", members=[member["userPrincipalName"]])
    patch = next(r for r in result.requests if r.method == "PATCH")
    assert list(patch.body["Operations"][0]["value"][0]) == ["value"]


def _manager_lookups(result, boss: dict) -> list:
    return [
        r for r in result.requests if r.method == "GET" and boss["userPrincipalName"] in unquote_plus(r.url)
    ]


@pytest.fixture
def boss_and_dee(world, scene) -> tuple[dict, dict, str]:
    boss, dee = scene.user("boss"), scene.user("dee")
    scene.set_manager(dee, boss)
    scene.assign(boss)
    scene.assign(dee)
    boss_id = world.provision(user=boss["userPrincipalName"]).target["id"]
    return boss, dee, boss_id


def test_the_manager_is_linked_after_a_create_without_looking_it_up(world, boss_and_dee):
    # corpus: "No source shows a lookup of the manager by userName after a create"
    boss, dee, boss_id = boss_and_dee
    result = world.provision(user=dee["userPrincipalName"])
    assert _manager_lookups(result, boss) == []
    [_, patch] = writes(result)
    assert patch.body["Operations"][0]["value"] == boss_id


def test_an_update_resolves_the_manager_without_looking_it_up(world, scene, boss_and_dee):
    boss, dee, _ = boss_and_dee
    world.provision(user=dee["userPrincipalName"])
    scene.update(dee, department="Marketing")
    result = world.provision(user=dee["userPrincipalName"])
    assert result.action == "Update" and _manager_lookups(result, boss) == []


def test_a_manager_the_job_never_provisioned_is_left_out(world, scene):
    boss, dee = scene.user("boss"), scene.user("dee")
    scene.set_manager(dee, boss)
    scene.assign(dee)
    scene.target_user(userName=boss["userPrincipalName"])  # in the target, but not through this job
    result = world.provision(user=dee["userPrincipalName"])
    assert [r.method for r in writes(result)] == ["POST"] and _manager_lookups(result, boss) == []
    assert "not been provisioned by this job" in result.step("action").details["Manager"]
