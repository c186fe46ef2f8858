"""Every PATCH path form of the issue, over HTTP, under entra-compatible and strict-rfc.

Each form is accepted by both profiles or rejected by strict-rfc with its scimType, and a rejected PATCH changes
nothing (RFC 7644 §3.5.2: the operations are atomic).
"""

from __future__ import annotations

import pytest

from tests.mockscim.conftest import ENTERPRISE

OK = 200
# (operation, what the user looks like afterwards, strict-rfc's answer: OK or the scimType of its 400)
FORMS = [
    ({"op": "replace", "path": "title", "value": "T"}, lambda u: u["title"] == "T", OK),
    (
        {"op": "replace", "path": "name.familyName", "value": "F"},
        lambda u: u["name"]["familyName"] == "F",
        OK,
    ),
    (
        {"op": "replace", "path": 'emails[type eq "work"].value', "value": "new@x.com"},
        lambda u: u["emails"] == [{"type": "work", "value": "new@x.com"}],
        OK,
    ),
    (
        {"op": "replace", "path": f"{ENTERPRISE}:employeeNumber", "value": "7"},
        lambda u: u[ENTERPRISE]["employeeNumber"] == "7" and ENTERPRISE in u["schemas"],
        OK,
    ),
    (
        {"op": "add", "path": f"{ENTERPRISE}:manager", "value": {"value": "m-id"}},
        lambda u: u[ENTERPRISE]["manager"]["value"] == "m-id",
        OK,
    ),
    (
        {
            "op": "replace",
            "value": {"title": "T", "name": {"givenName": "G"}, ENTERPRISE: {"department": "D"}},
        },
        lambda u: (u["title"], u["name"]["givenName"], u[ENTERPRISE]["department"]) == ("T", "G", "D"),
        OK,
    ),
    # Entra's dialect: accepted by entra-compatible, rejected by strict-rfc.
    (
        {"op": "add", "path": f"{ENTERPRISE}:manager", "value": "m-id"},
        lambda u: u[ENTERPRISE]["manager"]["value"] == "m-id",
        "invalidValue",
    ),
    (
        {"op": "add", "path": f"{ENTERPRISE}:manager", "value": [{"value": "m-id"}]},
        lambda u: u[ENTERPRISE]["manager"]["value"] == "m-id",
        "invalidValue",
    ),
    (
        {"op": "add", "path": "manager", "value": {"value": "m-id"}},
        lambda u: u[ENTERPRISE]["manager"]["value"] == "m-id",
        "invalidPath",
    ),
    (
        {
            "op": "replace",
            "value": {"title": "T", "name.givenName": "G", f"{ENTERPRISE}:employeeNumber": "9"},
        },
        lambda u: (u["title"], u["name"]["givenName"], u[ENTERPRISE]["employeeNumber"]) == ("T", "G", "9"),
        "invalidPath",
    ),
    ({"op": "Replace", "path": "active", "value": "False"}, lambda u: u["active"] is False, "invalidValue"),
]


@pytest.mark.parametrize("profile", ["entra-compatible", "strict-rfc"])
@pytest.mark.parametrize("operation, check, strict", FORMS)
def test_user_patch_forms(make_client, profile, operation, check, strict):
    scim = make_client(profile)
    user = scim.user(emails=[{"type": "work", "value": "old@x.com"}], name={"givenName": "A"}, title="keep")
    response = scim.patch(f"/Users/{user['id']}", operation)
    after = scim.get(f"/Users/{user['id']}").json()
    if profile == "entra-compatible" or strict == OK:
        assert response.status_code == 200, response.text
        assert check(after) and after == response.json()
    else:
        assert (response.status_code, response.json()["scimType"]) == (400, strict)
        assert after == user


@pytest.mark.parametrize("profile", ["entra-compatible", "strict-rfc"])
def test_remove_by_value_path_removes_only_that_member(make_client, profile):
    scim = make_client(profile)
    a, b = scim.user("a"), scim.user("b")
    group = scim.group("G", members=[a["id"], b["id"]])
    response = scim.patch(
        f"/Groups/{group['id']}", {"op": "remove", "path": f'members[value eq "{a["id"]}"]'}
    )
    assert response.status_code == 200, response.text
    assert [m["value"] for m in scim.get(f"/Groups/{group['id']}").json()["members"]] == [b["id"]]


@pytest.mark.parametrize("profile", ["entra-compatible", "strict-rfc"])
@pytest.mark.parametrize("op", ["add", "Add"])
def test_add_members_by_value_list(make_client, profile, op):
    scim = make_client(profile)
    a, b = scim.user("a"), scim.user("b")
    group = scim.group("G", members=[a["id"]])
    response = scim.patch(
        f"/Groups/{group['id']}", {"op": op, "path": "members", "value": [{"value": b["id"]}]}
    )
    assert response.status_code == 200, response.text
    assert [m["value"] for m in scim.get(f"/Groups/{group['id']}").json()["members"]] == [a["id"], b["id"]]


@pytest.mark.parametrize("profile", ["entra-compatible", "strict-rfc"])
@pytest.mark.parametrize(
    "path, scim_type",
    [
        ('members[value eq "x"', "invalidPath"),
        ("members[value zz 1]", "invalidPath"),
        ("nope", "invalidPath"),
    ],
)
def test_bad_member_paths_change_nothing(make_client, profile, path, scim_type):
    scim = make_client(profile)
    a = scim.user("a")
    group = scim.group("G", members=[a["id"]])
    response = scim.patch(
        f"/Groups/{group['id']}",
        {"op": "replace", "path": "displayName", "value": "Renamed"},
        {"op": "remove", "path": path},
    )
    assert (response.status_code, response.json()["scimType"]) == (400, scim_type)
    assert scim.get(f"/Groups/{group['id']}").json() == group
