"""Changes over a user's life: manager set, changed and removed (and the plain-string form), clearing a value,
null updates, disable on unassignment and re-enable on reassignment (entra-behavior.md §2.4, §2.5, §2.10)."""

from __future__ import annotations

from typing import Any

from harness.jobs.defaults import ENTERPRISE_URN
from harness.pipeline import wire
from harness.pipeline.diff import Change
from harness.validate.compare import engine_run, error_text, last_sent, lookup_user, read_user
from harness.validate.model import Failed, Skipped, Warned, expect
from harness.validate.registry import Registry
from harness.validate.rfc import rfc_rejection
from harness.validate.sources import (
    CLEAR_VALUES,
    COMPLIANCE,
    HOW_IT_WORKS,
    LOGIC_APP_SUITE,
    MANAGER_STRING,
    SCIM_GUIDE,
    VALIDATOR,
)

__all__ = ["CHANGE_CHECKS"]

check = Registry()
CHANGE_CHECKS = check.checks


def _manager_of(run: Any) -> Any:
    manager = (read_user(run).get(ENTERPRISE_URN) or {}).get("manager")
    return manager.get("value") if isinstance(manager, dict) else manager


def _provisioned_manager(run: Any, nickname: str, key: str) -> dict[str, Any]:
    manager = run.source.user(
        nickname,
        displayName=f"Mana Ger {nickname}",
        givenName="Mana",
        surname="Ger",
        employeeId="9000" + str(len(run.state)),
    )
    run.source.assign(manager)
    result = run.provision(user=manager["userPrincipalName"])
    if result.action == "Update":
        raise Failed(
            f"the new user {manager['userPrincipalName']} was matched to an existing user and updated: the "
            "filter on userName returned a user with another userName"
        )
    post = last_sent(run, "POST")
    if result.action != "Create" or not post or not isinstance(post.response_body, dict):
        raise Skipped(f"the manager could not be created: {error_text(result)}")
    if not post.response_body.get("id"):
        raise Skipped("the manager was created without an id")
    run.state[key] = str(post.response_body["id"])
    return manager


@check(
    "users.manager-set",
    'Set the manager by its id ({"value": id} object)',
    ("baseline", "users"),
    behaviour="Manager is not in the POST: once the manager exists Entra PATCHes "
    "urn:…:enterprise:2.0:User:manager with the manager's target id (the SCIM Validator's {\"value\": id} form).",
    source=HOW_IT_WORKS,
    consequence="The manager is never set in the app.",
)
def manager_set(run: Any) -> str | None:
    run.need("user_id")
    _link_manager(run, "manager", "manager_id")
    return None


def _link_manager(run: Any, nickname: str, key: str) -> None:
    """Make the provisioned ``nickname`` the user's manager in Entra, provision, and read the reference back."""
    user = run.need("source_user")
    run.source.set_manager(user, _provisioned_manager(run, nickname, key))
    engine_run(run, user["userPrincipalName"], ("Update",), manager_value_shape="object")
    expect(_manager_of(run) == run.state[key], f"manager reads back {_manager_of(run)!r}")


@check(
    "users.manager-changed",
    "Change the manager",
    ("baseline", "users"),
    behaviour="When the manager changes in Entra, the PATCH replaces the reference with the new manager's id.",
    source=HOW_IT_WORKS,
    consequence="The app keeps the old manager.",
)
def manager_changed(run: Any) -> str | None:
    run.need("source_user")
    run.need("manager_id")
    _link_manager(run, "manager2", "manager2_id")
    return None


@check(
    "users.manager-removed",
    "Remove the manager",
    ("baseline", "users"),
    behaviour="Removing the manager is a PATCH remove on urn:…:enterprise:2.0:User:manager.",
    source=VALIDATOR,
    consequence="The app keeps a manager the person no longer has.",
)
def manager_removed(run: Any) -> str | None:
    run.need("manager2_id")
    change = Change(f"{ENTERPRISE_URN}:manager", run.state["manager2_id"], None, "Remove")
    reply = run.client.patch("Users", run.need("user_id"), wire.patch_body([change], run.dialect))
    expect(reply.ok, f"the PATCH answered {reply.status}: {reply.body}")
    expect(_manager_of(run) in (None, ""), f"manager still reads back {_manager_of(run)!r}")
    return None


@check(
    "users.manager-string",
    "Set the manager as a plain string id",
    ("entra-dialect", "users"),
    behaviour='Real Entra traffic (2024) sends the manager PATCH value as a plain string id, not {"value": id} '
    "(which shape is current is not documented).",
    source=MANAGER_STRING,
    consequence="If Entra sends the plain string (as observed), the manager is never set.",
)
def manager_string(run: Any) -> str | None:
    user = run.need("source_user")
    run.need("manager2_id")
    result = run.provision(run.job(manager_value_shape="string"), user=user["userPrincipalName"])
    if result.result != "Success" or _manager_of(run) != run.state["manager2_id"]:
        run.source.set_manager(user, None)  # later runs would carry (and fail on) the same manager PATCH
        raise Warned(f"the plain-string manager was not stored: {error_text(result)}")
    return None


@check(
    "users.clear-value",
    "Clear an attribute emptied in Entra",
    ("users", "preview"),
    behaviour="With 'Clear attribute values' (preview), a source value that becomes empty is removed at the target "
    "with PATCH remove on its path; without it Entra omits nulls and sends nothing.",
    source=CLEAR_VALUES,
    consequence="Values cleared in Entra stay in the app.",
)
def clear_value(run: Any) -> str | None:
    user_id = run.need("user_id")
    run.source.update(
        run.need("source_user"), jobTitle=None
    )  # the source agrees, so later runs send nothing more
    body = wire.patch_body([Change("title", "Jefa de producto", None, "Remove")], run.dialect)
    reply = run.client.patch("Users", user_id, body)
    expect(reply.ok, f"the PATCH answered {reply.status}: {reply.body}")
    title = read_user(run).get("title")
    expect(title in (None, ""), f"title still reads back {title!r}")
    return None


@check(
    "users.null-update",
    "Set an attribute to an empty string, then to null",
    ("users", "logic-app"),
    behaviour="Microsoft's validation suite PATCHes attributes with empty strings and then nulls; they must end null "
    "or empty.",
    source=LOGIC_APP_SUITE,
    consequence="Microsoft's validation suite fails the endpoint; Entra's attribute clearing may be rejected.",
)
def null_update(run: Any) -> str | None:
    user_id = run.need("user_id")
    for value in ("", None):
        body = wire.patch_body([Change("nickName", "Babs", value, "Replace")], run.dialect)
        reply = run.client.patch("Users", user_id, body)
        expect(reply.ok, f"Replace nickName with {value!r} answered {reply.status}: {reply.body}", warn=True)
    nick = read_user(run).get("nickName")
    expect(nick in (None, ""), f"nickName reads back {nick!r}", warn=True)
    return None


@check(
    "users.disable",
    "Disable a user unassigned in Entra",
    ("baseline", "users", "entra-dialect"),
    behaviour='A user leaving scope is disabled by PATCH replace active: the string "False" by default, the boolean '
    "false with aadOptscim062020.",
    source=COMPLIANCE,
    consequence="Unassigned users stay active in the app.",
)
def disable(run: Any) -> str | None:
    user = run.need("source_user")
    run.need("user_id")
    run.source.unassign(run.need("assignment"))
    with rfc_rejection(run):
        engine_run(run, user["userPrincipalName"], ("Disable",))
    active = read_user(run).get("active")
    expect(active is False, f"active reads back {active!r}, not false")
    sent = last_sent(run, "PATCH")
    return f"sent {sent.request_body['Operations']}" if sent else None


@check(
    "users.disabled-still-found",
    "A disabled user is still found by its matching attribute",
    ("baseline", "users", "filters"),
    behaviour="A disabled (active false) user must still be returned by GET and by filter; only hard-deleted users "
    "may disappear.",
    source=SCIM_GUIDE,
    consequence="Entra does not find the disabled user and creates a duplicate when it comes back into scope.",
)
def disabled_still_found(run: Any) -> str | None:
    user = read_user(run)
    if user.get("active") is not False:
        raise Skipped("the user is not disabled (users.disable did not pass)")
    return lookup_user(run, "userName", run.need("source_user")["userPrincipalName"])


@check(
    "users.re-enable",
    "Re-enable a user assigned again",
    ("baseline", "users", "entra-dialect"),
    behaviour='A user coming back into scope is matched and re-enabled by PATCH replace active "True" (true with '
    "aadOptscim062020).",
    source=COMPLIANCE,
    consequence="Users re-assigned in Entra stay disabled in the app.",
)
def re_enable(run: Any) -> str | None:
    user = run.need("source_user")
    user_id = run.need("user_id")
    if read_user(run).get("active") is not False:
        # users.disable did not get through: disable the user with an RFC boolean, so that this check still tests
        # the re-enable Entra sends rather than repeat the disable's finding.
        reply = run.client.patch(
            "Users",
            user_id,
            wire.patch_body([Change("active", True, False, "Replace")], wire.Dialect(flag_mode=True)),
        )
        expect(
            reply.ok, f"the user could not be disabled first (PATCH answered {reply.status}): {reply.body}"
        )
    run.state["assignment"] = run.source.assign(user)
    with rfc_rejection(run):
        engine_run(run, user["userPrincipalName"], ("Update",))
    active = read_user(run).get("active")
    expect(active is True, f"active reads back {active!r}, not true")
    return None
