"""Entra's wire format: POST bodies, both PATCH dialects, disable, manager and member bodies (S3, S4)."""

from __future__ import annotations

from typing import Any

import pytest

from harness.defaults import ENTERPRISE_URN
from harness.job import Job, Settings
from harness.pipeline.diff import Change, diff
from harness.pipeline.mapping import MappedObject
from harness.pipeline.wire import (
    ADSCIM_GROUP_SCHEMA,
    PATCH_SCHEMA,
    Dialect,
    create_body,
    dialect_for,
    disable_body,
    manager_body,
    members_add_body,
    members_remove_body,
    patch_body,
)

DEFAULT, FLAG = Dialect(flag_mode=False), Dialect(flag_mode=True)
USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User"


def user(**values: Any) -> MappedObject:
    """Return a desired User being created with these values."""
    return MappedObject("User", True, values=values)


def ops(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the operations of a PatchOp body."""
    assert body["schemas"] == [PATCH_SCHEMA]
    return body["Operations"]


def test_post_body_matches_the_entra_sample_shape() -> None:
    body = create_body(
        MappedObject(
            "User",
            True,
            values={
                "userName": "ada@contoso.com",
                "active": "True",
                "displayName": "Ada",
                'emails[type eq "work"].value': "ada@contoso.com",
                "name.givenName": "Ada",
                "name.familyName": "Lovelace",
                "externalId": "ada",
            },
        ),
        "User",
    )
    assert body == {
        "schemas": [USER_URN],
        "externalId": "ada",
        "userName": "ada@contoso.com",
        "active": True,
        "displayName": "Ada",
        "emails": [{"primary": True, "type": "work", "value": "ada@contoso.com"}],
        "meta": {"resourceType": "User"},
        "name": {"familyName": "Lovelace", "givenName": "Ada"},
    }
    assert list(body)[:4] == ["schemas", "externalId", "userName", "active"]


def test_enterprise_attributes_nest_under_their_urn_and_add_the_schema() -> None:
    body = create_body(
        user(
            userName="a", **{f"{ENTERPRISE_URN}:employeeNumber": "7", f"{ENTERPRISE_URN}:department": "Sales"}
        ),
        "User",
    )
    assert body["schemas"] == [USER_URN, ENTERPRISE_URN]
    assert body[ENTERPRISE_URN] == {"department": "Sales", "employeeNumber": "7"}
    assert list(body)[-1] == ENTERPRISE_URN


def test_custom_extension_urn_is_not_listed_in_schemas() -> None:
    custom = "urn:ietf:params:scim:schemas:extension:Contoso:2.0:User"
    body = create_body(user(userName="a", **{f"{custom}:badge": "42"}), "User")
    assert body["schemas"] == [USER_URN] and body[custom] == {"badge": "42"}


def test_typed_entries_group_their_sub_attributes() -> None:
    body = create_body(
        user(
            **{
                'addresses[type eq "work"].locality': "London",
                'addresses[type eq "work"].country': "GB",
                'phoneNumbers[type eq "work"].value': "1",
                'phoneNumbers[type eq "mobile"].value': "2",
            }
        ),
        "User",
    )
    assert body["addresses"] == [{"country": "GB", "locality": "London", "primary": False, "type": "work"}]
    assert body["phoneNumbers"] == [
        {"primary": False, "type": "work", "value": "1"},
        {"primary": False, "type": "mobile", "value": "2"},
    ]


def test_primary_flags_can_be_left_out() -> None:
    body = create_body(
        user(**{'emails[type eq "work"].value': "a@b"}), "User", Settings(typed_entries_have_primary=False)
    )
    assert body["emails"] == [{"type": "work", "value": "a@b"}]


def test_multi_valued_result_gives_one_entry_per_value() -> None:
    body = create_body(user(**{'emails[type eq "other"].value': ["a@x", "b@x"]}), "User")
    assert [e["value"] for e in body["emails"]] == ["a@x", "b@x"]


def test_group_post_is_empty_of_members() -> None:
    body = create_body(
        MappedObject(
            "Group",
            True,
            values={"displayName": "Sales", "externalId": "g-1"},
            references={"members": ["u-1"]},
        ),
        "Group",
    )
    assert body == {
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group", ADSCIM_GROUP_SCHEMA],
        "externalId": "g-1",
        "displayName": "Sales",
        "meta": {"resourceType": "Group"},
    }


def test_references_are_never_in_the_post() -> None:
    body = create_body(
        MappedObject("User", True, values={"userName": "a"}, references={f"{ENTERPRISE_URN}:manager": "m-1"}),
        "User",
    )
    assert ENTERPRISE_URN not in body


@pytest.mark.parametrize(
    ("dialect", "expected"),
    [
        (
            DEFAULT,
            [
                {"op": "Replace", "path": "displayName", "value": "Pvlo"},
                {"op": "Replace", "path": 'emails[type eq "work"].value', "value": "x@y"},
                {"op": "Replace", "path": "name.givenName", "value": "Gtfd"},
                {"op": "Replace", "path": f"{ENTERPRISE_URN}:employeeNumber", "value": "Eqpj"},
            ],
        ),
        (
            FLAG,
            [
                {"op": "replace", "path": 'emails[type eq "work"].value', "value": "x@y"},
                {
                    "op": "replace",
                    "value": {
                        "displayName": "Pvlo",
                        "name.givenName": "Gtfd",
                        f"{ENTERPRISE_URN}:employeeNumber": "Eqpj",
                    },
                },
            ],
        ),
    ],
)
def test_replacing_several_attributes(dialect: Dialect, expected: list[dict[str, Any]]) -> None:
    changes = [
        Change("displayName", "a", "Pvlo", "Replace"),
        Change('emails[type eq "work"].value', "a", "x@y", "Replace"),
        Change("name.givenName", "a", "Gtfd", "Replace"),
        Change(f"{ENTERPRISE_URN}:employeeNumber", "a", "Eqpj", "Replace"),
    ]
    assert ops(patch_body(changes, dialect)) == expected


@pytest.mark.parametrize(("dialect", "op"), [(DEFAULT, "Add"), (FLAG, "add")])
def test_adding_a_single_value_keeps_its_path(dialect: Dialect, op: str) -> None:
    assert ops(patch_body([Change("nickName", None, "Babs", "Add")], dialect)) == [
        {"op": op, "path": "nickName", "value": "Babs"}
    ]


@pytest.mark.parametrize(("dialect", "value"), [(DEFAULT, "True"), (FLAG, True)])
def test_boolean_attributes_in_patch(dialect: Dialect, value: Any) -> None:
    assert ops(patch_body([Change("active", False, "True", "Replace")], dialect))[0]["value"] == value


@pytest.mark.parametrize(
    ("dialect", "expected"),
    [
        (DEFAULT, {"op": "Replace", "path": "active", "value": "False"}),
        (FLAG, {"op": "replace", "path": "active", "value": False}),
    ],
)
def test_disable(dialect: Dialect, expected: dict[str, Any]) -> None:
    assert ops(disable_body(dialect)) == [expected]


@pytest.mark.parametrize(
    ("shape", "value"),
    [
        ("string", "m-1"),
        ("object", {"value": "m-1"}),
        ("array", [{"value": "m-1"}]),
    ],
)
def test_manager_value_shape(shape: str, value: Any) -> None:
    assert ops(manager_body("m-1", DEFAULT, shape)) == [  # type: ignore[arg-type]
        {"op": "Add", "path": f"{ENTERPRISE_URN}:manager", "value": value}
    ]


def test_manager_replace() -> None:
    assert ops(manager_body("m-1", FLAG, replace=True))[0]["op"] == "replace"


def test_members_added_in_one_op() -> None:
    assert ops(members_add_body(["u-1", "u-2"], DEFAULT)) == [
        {"op": "Add", "path": "members", "value": [{"value": "u-1"}, {"value": "u-2"}]}
    ]


@pytest.mark.parametrize(
    ("dialect", "expected"),
    [
        (DEFAULT, [{"op": "Remove", "path": "members", "value": [{"value": "u1091"}]}]),
        (FLAG, [{"op": "remove", "path": 'members[value eq "u1091"]'}]),
    ],
)
def test_member_removal(dialect: Dialect, expected: list[dict[str, Any]]) -> None:
    assert ops(members_remove_body(["u1091"], dialect)) == expected


def job(url: str, **settings: Any) -> Job:
    """Return a job with this Tenant URL and settings."""
    return Job.from_dict(
        {
            "source": {"url": "http://idp"},
            "settings": settings,
            "target": {"url": url, "auth": {"token": "t"}},
        }
    )


@pytest.mark.parametrize(
    ("url", "settings", "on_demand", "flagged"),
    [
        ("http://s/scim", {}, True, False),
        ("http://s/scim?aadOptscim062020", {}, True, False),  # S4: the flag doesn't work on demand
        ("http://s/scim?aadOptscim062020", {}, False, True),
        ("http://s/scim?aadOptscim062020", {"flag_applies_on_demand": True}, True, True),
        (
            "http://s/scim?aadOptscim062020&AzureAdScimPatch2017",
            {"flag_applies_on_demand": True},
            True,
            False,
        ),
    ],
)
def test_dialect_for(url: str, settings: dict[str, Any], on_demand: bool, flagged: bool) -> None:
    assert dialect_for(job(url, **settings), on_demand=on_demand) == Dialect(flag_mode=flagged)


def test_flag_folds_only_several_replaces() -> None:
    body = patch_body(
        [Change("displayName", "a", "b", "Replace"), Change("nickName", None, "n", "Add")], FLAG
    )
    assert ops(body) == [
        {"op": "replace", "path": "displayName", "value": "b"},
        {"op": "add", "path": "nickName", "value": "n"},
    ]


# --- round trips through a real mockscim: what we send is accepted, and reads back as "nothing to change" ---------

SCIM = "http://mockscim.local/scim/v2"
TOKEN = "wire-token"
FULL_USER = {
    "userName": "ada@contoso.com",
    "active": "True",
    "displayName": "Ada Lovelace",
    "externalId": "ada",
    "name.givenName": "Ada",
    "name.familyName": "Lovelace",
    "name.formatted": "Ada Lovelace",
    'emails[type eq "work"].value': "ada@contoso.com",
    'addresses[type eq "work"].locality': "London",
    'addresses[type eq "work"].country': "GB",
    'phoneNumbers[type eq "mobile"].value': "+44 1",
    f"{ENTERPRISE_URN}:employeeNumber": "7",
    f"{ENTERPRISE_URN}:department": "Sales",
}
UPDATED = {
    "displayName": "Ada King",
    "name.familyName": "King",
    'emails[type eq "work"].value': "ada@king.org",
    f"{ENTERPRISE_URN}:department": "Science",
    'phoneNumbers[type eq "work"].value': "+44 2",
}


@pytest.fixture
def scim(database_url: str) -> Any:
    """Return a requests session reaching an entra-compatible mockscim in process."""
    import requests

    from harness.world import create_scim_app
    from idcore.testing import mount

    app = create_scim_app({"DATABASE_URL": database_url, "TOKEN": TOKEN, "PROFILE": "entra-compatible"})
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {TOKEN}"
    mount(session, SCIM, app)
    return session


def round_trip(session: Any, base: str, dialect: Dialect) -> dict[str, Any]:
    """Create the full user, update it in ``dialect``, disable it; return the final resource."""
    created = session.post(
        f"{base}/Users", json=create_body(MappedObject("User", True, values=FULL_USER), "User")
    )
    assert created.status_code == 201, created.text
    user_id = created.json()["id"]
    assert (
        diff(MappedObject("User", False, values=FULL_USER), session.get(f"{base}/Users/{user_id}").json())
        == []
    )
    desired = MappedObject("User", False, values={**FULL_USER, **UPDATED})
    changes = diff(desired, session.get(f"{base}/Users/{user_id}").json())
    assert {c.path for c in changes} == set(UPDATED)
    patched = session.patch(f"{base}/Users/{user_id}", json=patch_body(changes, dialect))
    assert patched.status_code in (200, 204), patched.text
    assert diff(desired, session.get(f"{base}/Users/{user_id}").json()) == []
    manager = session.post(f"{base}/Users", json={"schemas": [USER_URN], "userName": "boss"}).json()["id"]
    assert session.patch(f"{base}/Users/{user_id}", json=manager_body(manager, dialect)).status_code in (
        200,
        204,
    )
    assert session.patch(f"{base}/Users/{user_id}", json=disable_body(dialect)).status_code in (200, 204)
    return session.get(f"{base}/Users/{user_id}").json()


@pytest.mark.parametrize("dialect", [DEFAULT, FLAG], ids=["default", "aadOptscim062020"])
def test_user_round_trip(scim: Any, dialect: Dialect) -> None:
    final = round_trip(scim, SCIM, dialect)
    assert final["active"] is False
    assert final[ENTERPRISE_URN]["manager"]["value"]


@pytest.mark.parametrize("dialect", [DEFAULT, FLAG], ids=["default", "aadOptscim062020"])
def test_group_round_trip(scim: Any, dialect: Dialect) -> None:
    members = [
        scim.post(f"{SCIM}/Users", json={"schemas": [USER_URN], "userName": f"u{i}"}).json()["id"]
        for i in range(3)
    ]
    group = MappedObject("Group", True, values={"displayName": "Sales", "externalId": "g-1"})
    created = scim.post(f"{SCIM}/Groups", json=create_body(group, "Group"))
    assert created.status_code == 201, created.text
    url = f"{SCIM}/Groups/{created.json()['id']}"
    assert scim.patch(url, json=members_add_body(members, dialect)).status_code in (200, 204)
    assert scim.patch(url, json=members_remove_body(members[:1], dialect)).status_code in (200, 204)
    assert sorted(m["value"] for m in scim.get(url).json()["members"]) == sorted(members[1:])


@pytest.mark.live
def test_user_round_trip_over_a_socket(database_url: str) -> None:
    import requests

    from harness.world import create_scim_app
    from idcore.testing import LiveServer

    app = create_scim_app({"DATABASE_URL": database_url, "TOKEN": TOKEN, "PROFILE": "entra-compatible"})
    with LiveServer(app) as server, requests.Session() as session:
        session.headers["Authorization"] = f"Bearer {TOKEN}"
        assert round_trip(session, f"{server.url}/scim/v2", DEFAULT)["active"] is False


@pytest.mark.parametrize(
    ("module", "names"),
    [
        (
            "harness.pipeline.mapping",
            [
                "MappedObject",
                "MappingError",
                "MatchValue",
                "eval_context",
                "evaluate_mapping",
                "evaluate_mappings",
                "match_values",
            ],
        ),
        (
            "harness.pipeline.diff",
            ["Change", "diff", "diff_reference", "is_empty", "read_path", "resource_type_for", "same_value"],
        ),
        (
            "harness.pipeline.wire",
            [
                "ADSCIM_GROUP_SCHEMA",
                "MANAGER_PATH",
                "PATCH_SCHEMA",
                "Dialect",
                "create_body",
                "dialect_for",
                "disable_body",
                "manager_body",
                "members_add_body",
                "members_remove_body",
                "patch_body",
            ],
        ),
    ],
)
def test_public_surface_is_pinned(module: str, names: list[str]) -> None:
    import importlib

    imported = importlib.import_module(module)
    assert sorted(imported.__all__) == sorted(names)
    assert all(hasattr(imported, name) for name in names)
