"""Profiles and quirks: each reported vendor bug, reproduced on demand."""

from __future__ import annotations

import pytest

from mockscim.profiles import PROFILES, UnknownProfile, resolve
from tests.mockscim.conftest import USER_SCHEMA


def test_unknown_profile_and_quirk_are_rejected():
    with pytest.raises(UnknownProfile):
        resolve("nope")
    with pytest.raises(UnknownProfile):
        resolve("entra-compatible", ["nope"])


def test_quirks_combine():
    profile = resolve("strict-rfc", ["hide-inactive", "filterable=userName,externalId", "patch-204"])
    assert (profile.hide_inactive, profile.filterable, profile.patch_status) == (
        True,
        frozenset({"username", "externalid"}),
        204,
    )


def test_every_preset_has_a_description():
    assert all(profile.description for profile in PROFILES.values())


@pytest.mark.parametrize(
    "quirks, status, scim_type",
    [
        (["filterable=userName"], 400, "invalidFilter"),
        (["filterable=userName", "filter-501"], 501, None),
    ],
)
def test_unsupported_filter_answers(make_client, quirks, status, scim_type):
    scim = make_client(quirks=quirks)
    response = scim.get("/Users", params={"filter": 'externalId eq "x"'})
    assert (response.status_code, response.json().get("scimType")) == (status, scim_type)
    assert scim.get("/Users", params={"filter": 'userName eq "x"'}).status_code == 200


def test_ignore_filter_returns_everyone(make_client):
    scim = make_client("ignores-filter")
    scim.user("a")
    scim.user("b")
    assert len(scim.find('externalId eq "nobody"')) == 2


def test_ignore_filter_alone_ignores_every_filter(make_client):
    scim = make_client(quirks=["ignore-filter"])
    scim.user("a")
    scim.user("b")
    assert len(scim.find('userName eq "a"')) == 2


def test_case_sensitive_username(make_client):
    scim = make_client(quirks=["case-sensitive-username"])
    scim.user("Bjensen")
    assert scim.find('userName eq "bjensen"') == []
    assert scim.post("/Users", {"schemas": [USER_SCHEMA], "userName": "bjensen"}).status_code == 201


def test_no_uniqueness_creates_duplicates(make_client):
    scim = make_client("duplicates-allowed")
    scim.user("a")
    scim.user("a")
    assert len(scim.find('userName eq "a"')) == 2


def test_soft_delete_keeps_the_user_inactive(make_client):
    scim = make_client(quirks=["soft-delete"])
    user = scim.user()
    assert scim.delete(f"/Users/{user['id']}").status_code == 204
    assert scim.get(f"/Users/{user['id']}").json()["active"] is False


def test_hide_inactive_hides_from_filters_only(make_client):
    scim = make_client(quirks=["hide-inactive"])
    user = scim.user(active=False)
    assert scim.find('userName eq "bjensen"') == []
    assert scim.get(f"/Users/{user['id']}").status_code == 200


def test_patch_204(make_client):
    scim = make_client(quirks=["patch-204"])
    user = scim.user()
    response = scim.patch(f"/Users/{user['id']}", {"op": "add", "path": "title", "value": "t"})
    assert (response.status_code, response.text) == (204, "")


def test_ignore_member_removal(make_client):
    scim = make_client(quirks=["ignore-member-removal"])
    a = scim.user()["id"]
    group = scim.group(members=[a])
    scim.patch(f"/Groups/{group['id']}", {"op": "Remove", "path": "members", "value": [{"value": a}]})
    assert len(scim.get(f"/Groups/{group['id']}").json()["members"]) == 1


def test_add_replaces_members(make_client):
    scim = make_client(quirks=["add-replaces-members"])
    a, b = scim.user("a")["id"], scim.user("b")["id"]
    group = scim.group(members=[a])
    scim.patch(f"/Groups/{group['id']}", {"op": "Add", "path": "members", "value": [{"value": b}]})
    assert [m["value"] for m in scim.get(f"/Groups/{group['id']}").json()["members"]] == [b]


def test_rfc_literal_remove_with_value_removes_all(make_client):
    scim = make_client("rfc-literal-remove")
    a, b = scim.user("a")["id"], scim.user("b")["id"]
    group = scim.group(members=[a, b])
    scim.patch(f"/Groups/{group['id']}", {"op": "Remove", "path": "members", "value": [{"value": a}]})
    assert "members" not in scim.get(f"/Groups/{group['id']}").json()


def test_not_found_on_empty(make_client):
    scim = make_client(quirks=["not-found-on-empty"])
    assert scim.get("/Users", params={"filter": 'userName eq "x"'}).status_code == 404


def test_no_id_on_create(make_client):
    scim = make_client(quirks=["no-id-on-create"])
    assert "id" not in scim.post("/Users", {"schemas": [USER_SCHEMA], "userName": "a"}).json()


def test_json_content_type(make_client):
    scim = make_client(quirks=["json-content-type"])
    assert scim.get("/Users").headers["Content-Type"] == "application/json"


def test_profile_switch_over_control(scim):
    response = scim.control("POST", "/profile", {"profile": "strict-rfc", "quirks": ["patch-204"]})
    assert response.json()["profile"] == "strict-rfc" and response.json()["quirks"] == ["patch-204"]
    assert scim.control("GET", "/profile").json()["patchStatus"] == 204


def test_switch_to_unique_fails_when_duplicates_exist(make_client):
    scim = make_client("duplicates-allowed")
    scim.user("a")
    scim.user("A")
    assert scim.control("POST", "/profile", {"profile": "entra-compatible"}).status_code == 409
    assert scim.control("GET", "/profile").json()["profile"] == "duplicates-allowed"


def test_unknown_profile_over_control_is_400(scim):
    assert scim.control("POST", "/profile", {"profile": "nope"}).status_code == 400


@pytest.mark.parametrize(
    "profile, case_exact, uniqueness",
    [
        ("entra-compatible", False, "server"),
        ("case-sensitive", True, "server"),
        ("duplicates-allowed", False, "none"),
    ],
)
def test_schemas_follow_the_profile(make_client, profile, case_exact, uniqueness):
    scim = make_client(profile)
    user_schema = next(s for s in scim.get("/Schemas").json()["Resources"] if s["name"] == "User")
    user_name = next(a for a in user_schema["attributes"] if a["name"] == "userName")
    assert (user_name["caseExact"], user_name["uniqueness"]) == (case_exact, uniqueness)
