"""Entra's POST bodies: the sample shape, extension URNs, typed entries, empty groups (S3)."""

from __future__ import annotations

import pytest

from harness.jobs.defaults import ENTERPRISE_URN
from harness.jobs.model import Settings
from harness.pipeline.mapping import MappedObject
from harness.pipeline.wire import (
    ADSCIM_GROUP_SCHEMA,
    create_body,
)
from tests.harness.pipeline.wiredata import USER_URN, user


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
        "roles": [],
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
                "roles_replace_body",
            ],
        ),
    ],
)
def test_public_surface_is_pinned(module: str, names: list[str]) -> None:
    import importlib

    imported = importlib.import_module(module)
    assert sorted(imported.__all__) == sorted(names)
    assert all(hasattr(imported, name) for name in names)
