"""Cross-tenant synchronization on demand: one table of documented behaviours, run through the real apps.

Each row sets the two tenants up, provisions a user of the source tenant on demand and checks the outcome
(Microsoft Learn "Configure cross-tenant synchronization", "What is cross-tenant synchronization?", the
provisioning logs' cross-tenant error codes, entra-behavior.md §1.4, §3.4, §5.3).
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import pytest

from harness.jobs.model import JobError
from harness.pipeline import OnDemandRefused
from harness.world import World, add_target_tenant, build_world
from tests.e2e.conftest import Scene

B2B_SELECT = (
    "id,userPrincipalName,userType,externalUserState,accountEnabled,department,showInAddressList,mail"
)


class Tenants:
    """The source tenant (a Scene) and the target tenant, with what a row needs to change them."""

    def __init__(self, world: World) -> None:
        self.world = world
        self.ids = add_target_tenant(world, users=0)
        self.scene = Scene(world)
        self.ada = self.scene.user("ada")
        self.assignment = self.scene.assign(self.ada)

    def provision(self, user: str | None = None, **job: Any) -> Any:
        return self.world.provision(self.world.cross_tenant_job(**job), user=user or self.ada["id"])

    def target_users(self, deleted: bool = False) -> list[dict[str, Any]]:
        path = "/directory/deletedItems/microsoft.graph.user" if deleted else "/users"
        users = self.world.target_graph("GET", path, params={"$select": B2B_SELECT}).json()["value"]
        return [u for u in users if "#EXT#" in u["userPrincipalName"]]

    def target_policy(self, **policy: Any) -> None:
        body = {"tenant": World.TARGET_TENANT, "partner": self.ids["source"], **policy}
        self.world.control("target", "POST", "/cross-tenant", json=body).raise_for_status()

    def source_policy(self, **policy: Any) -> None:
        body = {"tenant": World.TENANT, "partner": self.ids["target"], **policy}
        self.world.control("idp", "POST", "/cross-tenant", json=body).raise_for_status()


@pytest.fixture
def tenants(database_url: str):
    world = build_world(seed=7, users=0, idp_database_url=database_url)
    yield Tenants(world)
    world.close()


def _sms_user(t: Tenants) -> str:
    key = base64.b64encode(b"+15550100").decode()
    user = t.scene.user("sam", alternativeSecurityIds=[{"type": 2, "identityProvider": None, "key": key}])
    t.scene.assign(user)
    return user["id"]


def _external_user(t: Tenants) -> str:
    t.world.control("idp", "POST", "/cross-tenant", json={"partner": t.ids["target"], "inboundSync": True})
    issuer = f"https://sts.windows.net/{t.ids['target']}/"
    key = base64.b64encode(b"someone-elsewhere").decode()
    user = t.scene.user("eve", alternativeSecurityIds=[{"type": 5, "identityProvider": issuer, "key": key}])
    t.scene.assign(user)
    return user["id"]


def _guest(t: Tenants) -> str:
    user = t.scene.user("gus", userType="Guest")
    t.scene.assign(user)
    return user["id"]


def _internal_clash(t: Tenants) -> None:
    body = {
        "accountEnabled": True,
        "displayName": "Ada Internal",
        "mailNickname": "adainternal",
        "userPrincipalName": "adainternal@fabrikam.onmicrosoft.com",
        "mail": t.ada["mail"],
    }
    assert t.world.target_graph("POST", "/users", json=body).status_code == 201


def _post_fails(t: Tenants) -> None:
    rule = {"method": "POST", "path": "/v1.0/users", "status": 500, "times": 4}
    t.world.control("target", "POST", "/faults", json=rule).raise_for_status()


def _mastered(t: Tenants) -> None:
    t.provision()
    created = t.target_users()[0]
    rule = {"tenant": World.TARGET_TENANT, "user": created["id"], "externalService": ["department"]}
    t.world.control("target", "POST", "/source-of-authority", json=rule).raise_for_status()
    t.scene.update(t.ada, department="Finance")


ROWS: list[tuple[str, Callable[[Tenants], Any], dict[str, Any], tuple[str, str, str | None]]] = [
    ("create", lambda t: None, {}, ("Success", "Create", None)),
    ("redundant", lambda t: t.provision(), {}, ("Skipped", "Skip", None)),
    (
        "update",
        lambda t: (t.provision(), t.scene.update(t.ada, department="Finance")),
        {},
        ("Success", "Update", None),
    ),
    (
        "disabled-blocks-sign-in",
        lambda t: (t.provision(), t.scene.update(t.ada, accountEnabled=False)),
        {},
        ("Success", "Update", None),
    ),
    (
        "unassigned-soft-deletes",
        lambda t: (t.provision(), t.scene.unassign(t.assignment)),
        {},
        ("Success", "Delete", None),
    ),
    (
        "skip-out-of-scope-deletions-has-no-effect",
        lambda t: (t.provision(), t.scene.unassign(t.assignment)),
        {"skip_out_of_scope_deletions": True},
        ("Success", "Delete", None),
    ),
    ("sms-sign-in-skipped", _sms_user, {}, ("Skipped", "Skip", None)),
    ("external-user-skipped", _external_user, {}, ("Skipped", "Skip", None)),
    ("internal-guest-skipped", _guest, {}, ("Skipped", "Skip", None)),
    (
        "auto-redemption-missing",
        lambda t: t.target_policy(inboundAutoRedeem=False),
        {},
        ("Failure", "Other", "AzureDirectoryB2BManagementPolicyCheckFailure"),
    ),
    (
        "source-outbound-redemption-missing",
        lambda t: t.source_policy(outboundAutoRedeem=False),
        {},
        ("Failure", "Other", "AzureDirectoryB2BManagementPolicyCheckFailure"),
    ),
    (
        "inbound-sync-blocked",
        lambda t: t.target_policy(inboundSync=False),
        {},
        ("Failure", "Create", "AzureActiveDirectoryForbidden"),
    ),
    (
        "matches-internal-user",
        _internal_clash,
        {},
        ("Failure", "Create", "InvitationCreationFailureAmbiguousUser"),
    ),
    ("invitation-failure", _post_fails, {}, ("Failure", "Create", "InvitationCreationFailure")),
    (
        "source-of-authority",
        _mastered,
        {},
        ("Failure", "Update", "AzureActiveDirectoryCannotUpdateObjectsOriginatedInExternalService"),
    ),
]


@pytest.mark.parametrize(
    ("setup", "job", "expected"), [row[1:] for row in ROWS], ids=[row[0] for row in ROWS]
)
def test_cross_tenant_outcomes(tenants, setup, job, expected):
    user = setup(tenants)
    result = tenants.provision(user if isinstance(user, str) else None, **job)
    failed = next((step for step in result.steps if step.error), None)
    assert (result.result, result.action, failed.error.code if failed else None) == expected


def test_a_created_user_is_an_external_member_with_an_ext_upn(tenants):
    tenants.provision()
    [created] = tenants.target_users()
    assert created["userPrincipalName"] == "ada_contoso.onmicrosoft.com#EXT#@fabrikam.onmicrosoft.com"
    assert (created["userType"], created["externalUserState"], created["showInAddressList"]) == (
        "Member",
        "Accepted",
        True,
    )


def test_the_constant_guest_creates_a_guest(tenants):
    extend = [{"target": "userType", "constant": "Guest", "apply": "on_create"}]
    tenants.provision(users={"mappings": {"extend": extend}})
    assert tenants.target_users()[0]["userType"] == "Guest"


@pytest.mark.parametrize(("apply", "user_type"), [("on_create", "Guest"), ("always", "Member")])
def test_user_type_of_an_existing_b2b_user_changes_only_when_applied_always(tenants, apply, user_type):
    tenants.provision(users={"mappings": {"extend": [{"target": "userType", "constant": "Guest"}]}})
    extend = [{"target": "userType", "constant": "Member", "apply": apply}]
    tenants.provision(users={"mappings": {"extend": extend}})
    assert tenants.target_users()[0]["userType"] == user_type


def test_disabled_at_the_source_blocks_sign_in_in_the_target(tenants):
    tenants.provision()
    tenants.scene.update(tenants.ada, accountEnabled=False)
    tenants.provision()
    assert tenants.target_users()[0]["accountEnabled"] is False


def test_unassigned_user_is_soft_deleted_into_the_recycle_bin(tenants):
    tenants.provision()
    tenants.scene.unassign(tenants.assignment)
    tenants.provision()
    assert not tenants.target_users() and len(tenants.target_users(deleted=True)) == 1


def test_deleted_at_the_source_is_soft_deleted_in_the_target(tenants):
    tenants.provision()
    assert tenants.world.graph("DELETE", f"/users/{tenants.ada['id']}").status_code == 204
    result = tenants.provision()
    assert (result.result, result.action) == ("Success", "Delete")
    assert len(tenants.target_users(deleted=True)) == 1


def test_sms_sign_in_scope_shows_the_documented_clause(tenants):
    result = tenants.provision(_sms_user(tenants))
    evaluation = result.step("scope").details["ScopeEvaluationResult"]
    assert "\"Filter external users.alternativeSecurityIds EQUALS 'None'\": false" in evaluation


def test_manager_is_linked_when_both_are_in_scope(tenants):
    boss = tenants.scene.user("bob")
    tenants.scene.assign(boss)
    tenants.scene.set_manager(tenants.ada, boss)
    tenants.provision(boss["id"])
    result = tenants.provision()
    target_id = result.target["id"]
    manager = tenants.world.target_graph("GET", f"/users/{target_id}/manager").json()
    assert manager["userPrincipalName"].startswith("bob_contoso")


def test_soft_delete_restore_then_provision_duplicates_the_user(tenants):
    """The known limitation: soft-delete on demand, restore the target user, provision again → two users."""
    tenants.provision()
    tenants.scene.unassign(tenants.assignment)
    tenants.provision()
    [binned] = tenants.target_users(deleted=True)
    assert tenants.world.target_graph("POST", f"/directory/deletedItems/{binned['id']}/restore").ok
    tenants.scene.assign(tenants.ada)
    tenants.provision()
    assert len(tenants.target_users()) == 2


def test_with_the_restore_setting_a_returning_user_is_restored(tenants):
    tenants.provision()
    [first] = [u["id"] for u in tenants.target_users()]
    tenants.scene.unassign(tenants.assignment)
    tenants.provision()
    tenants.scene.assign(tenants.ada)
    result = tenants.provision(settings={"restore_soft_deleted": True})
    assert result.action == "Update" and [u["id"] for u in tenants.target_users()] == [first]


def test_group_provisioning_on_demand_is_refused(tenants):
    with pytest.raises(OnDemandRefused, match="cross-tenant"):
        tenants.world.provision(tenants.world.cross_tenant_job(), group="Sales")


@pytest.mark.parametrize(
    "mappings",
    [
        {"extend": [{"target": "alternativeSecurityIdentifier", "source": "mail", "match": 1}]},
        {"extend": [{"target": "mail", "source": "mail", "match": 2}]},
    ],
    ids=["changed", "added"],
)
def test_changing_or_adding_a_matching_attribute_is_schema_invalid(tenants, mappings):
    with pytest.raises(JobError, match="schemaInvalid"):
        tenants.world.cross_tenant_job(users={"mappings": mappings})
