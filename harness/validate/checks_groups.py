"""Group checks: lookup without members, the ADSCIM create, members added and removed in both dialects, rename,
path-less replace, duplicates and delete (entra-behavior.md §2.6, the SCIM Validator's group tests)."""

from __future__ import annotations

from typing import Any

from harness.pipeline import wire
from harness.pipeline.diff import Change
from harness.validate.compare import error_text, list_resources, read_back, replace_pathless
from harness.validate.model import DEFAULT, FLAG, Failed, NonRfc, Skipped, Warned, expect
from harness.validate.registry import Registry
from harness.validate.rfc import non_rfc_form, rfc_rejection
from harness.validate.sources import COMPLIANCE, SCIM_GUIDE, VALIDATOR

__all__ = ["GROUP_CHECKS"]

check = Registry()
GROUP_CHECKS = check.checks


def _members(run: Any) -> set[str]:
    group_id = run.need("group_id")
    reply = run.send("GET", f"/Groups/{group_id}")
    group = read_back(reply, f"/Groups/{group_id}")
    return {str(m.get("value")) for m in group.get("members") or [] if isinstance(m, dict)}


def _member_users(run: Any, count: int) -> list[dict[str, Any]]:
    """Create and provision ``count`` member users; return the source users with their target ids."""
    users = []
    for index in range(count):
        user = run.source.user(f"member{index}", displayName=f"Membre Ñ{index}", employeeId=f"9100{index}")
        run.source.assign(user)
        result = run.provision(user=user["userPrincipalName"])
        post = [e for e in run.exchanges if e.method == "POST" and e.status == 201]
        if result.action != "Create" or not post or not isinstance(post[-1].response_body, dict):
            raise Skipped(f"a member user could not be created: {error_text(result)}")
        if not post[-1].response_body.get("id"):
            raise Skipped("a member user was created without an id")
        user["target_id"] = str(post[-1].response_body["id"])
        users.append(user)
    return users


@check(
    "groups.create",
    "Create a group with Entra's ADSCIM schema, then add its members",
    ("baseline", "groups"),
    behaviour="Entra looks the group up by displayName with excludedAttributes=members, POSTs it empty with the "
    "core and ADSCIM/2.0/Group schemas (201 with id), then adds up to the members in one PATCH.",
    source=SCIM_GUIDE,
    consequence="Groups are never provisioned (or provisioned without members).",
)
def create_group(run: Any) -> str | None:
    members = _member_users(run, 3)
    run.state["member_users"] = members
    group = run.source.group("Equipe pilote", members[:2])
    run.state["source_group"] = group
    run.source.assign(group)
    upns = [m["userPrincipalName"] for m in members[:2]]
    result = run.provision(group=group["displayName"], members=upns)
    note = None
    if result.result != "Success":
        posts = [e for e in run.exchanges if e.method == "POST" and "/Groups" in e.url]
        if not posts or posts[-1].status == 201:
            raise Failed(f"group provisioning ended {result.result}: {error_text(result)}")
        run.state["adscim_rejected"] = f"{posts[-1].status}: {posts[-1].response_body}"
        result = run.provision(run.job(group_adscim_schema=False), group=group["displayName"], members=upns)
        note = "the ADSCIM schema was rejected; the group was created with the core schema only"
    expect(result.result == "Success", f"group provisioning ended {result.result}: {error_text(result)}")
    post = [e for e in run.exchanges if e.method == "POST" and e.status == 201 and "/Groups" in e.url]
    expect(
        post and isinstance(post[-1].response_body, dict) and post[-1].response_body.get("id"),
        "201 Created carried no id",
    )
    run.state["group_id"] = str(post[-1].response_body["id"])
    run.state["group_sent"] = post[-1].request_body
    got = _members(run)
    wanted = {m["target_id"] for m in members[:2]}
    expect(got == wanted, f"members read back {sorted(got)}, wanted {sorted(wanted)}")
    return note


@check(
    "groups.adscim-schema",
    "The ADSCIM/2.0/Group schema URN is accepted",
    ("entra-dialect", "groups"),
    behaviour="Entra's POST /Groups lists http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group "
    "after the core Group schema (the SCIM guide's sample).",
    source=SCIM_GUIDE,
    consequence="If Entra sends the ADSCIM schema (its documented sample does), every group create is rejected.",
)
def adscim_schema(run: Any) -> str | None:
    run.need("group_id")
    if "adscim_rejected" in run.state:
        raise Warned(f"POST /Groups with the ADSCIM schema was rejected: {run.state['adscim_rejected']}")
    return None


@check(
    "groups.lookup-without-members",
    "Look the group up by displayName (other case) with excludedAttributes=members",
    ("baseline", "groups", "filters"),
    behaviour='Entra queries GET /Groups?excludedAttributes=members&filter=displayName eq "…"; the answer must '
    "not carry members (the SCIM Validator also filters groups in another case).",
    source=SCIM_GUIDE,
    consequence="Entra cannot find the group (duplicates, or MultipleEntriesInResponse when members come back).",
)
def lookup_without_members(run: Any) -> str | None:
    name = run.need("source_group")["displayName"]
    for value in (name, name.upper()):
        found = list_resources(run.client.query("Groups", "displayName", value))
        expect(found is not None, f"the filter displayName eq {value!r} was not answered with a ListResponse")
        ids = [str(g.get("id")) for g in found or []]
        expect(ids == [run.need("group_id")], f"displayName eq {value!r} found {ids or 'nothing'}")
        expect(not any(g.get("members") for g in found or []), "the answer carries members although excluded")
    reply = run.send("GET", f"/Groups/{run.state['group_id']}", params={"excludedAttributes": "members"})
    expect(
        not read_back(reply, "the group").get("members"),
        "GET by id with excludedAttributes=members has members",
    )
    return None


@check(
    "groups.add-member",
    "Add a member to a group that has members",
    ("baseline", "groups"),
    behaviour="A new member is added with PATCH add on members with the member's id; existing members stay.",
    source=SCIM_GUIDE,
    consequence="Adding one member drops the others (an add that replaces the list) or is lost.",
)
def add_member(run: Any) -> str | None:
    members = run.need("member_users")
    before = _members(run)
    reply = run.client.patch(
        "Groups", run.state["group_id"], wire.members_add_body([members[2]["target_id"]], run.dialect)
    )
    expect(reply.ok, f"the PATCH answered {reply.status}: {reply.body}")
    got = _members(run)
    wanted = before | {members[2]["target_id"]}
    expect(got == wanted, f"members read back {sorted(got)}, wanted {sorted(wanted)}")
    return None


def _remove(run: Any) -> str | None:
    before = _members(run)
    if len(before) < 2:
        raise Skipped("the group holds fewer than two members")
    gone = min(before)
    body = wire.members_remove_body([gone], run.dialect)
    with rfc_rejection(run):
        reply = run.client.patch("Groups", run.state["group_id"], body)
        expect(reply.ok, f"the PATCH answered {reply.status}: {reply.body}")
    got = _members(run)
    if not got and (form := non_rfc_form(body)):
        raise NonRfc(f"every member was removed: the endpoint reads {form} literally")
    expect(got == before - {gone}, f"members read back {sorted(got)}, wanted {sorted(before - {gone})}")
    return None


@check(
    "groups.remove-member-value",
    "Remove a member with Remove and a value list",
    ("baseline", "groups", "entra-dialect"),
    behaviour='By default Entra removes a member with {"op":"Remove","path":"members","value":[{"value":'
    "id}]}: only that member must go (an RFC-literal reading removes them all).",
    source=COMPLIANCE,
    consequence="Removals are lost (the member stays) or every member of the group is removed.",
    dialects=(DEFAULT,),
)
def remove_member_value(run: Any) -> str | None:
    return _remove(run)


@check(
    "groups.remove-member-filter",
    'Remove a member with a members[value eq "id"] path',
    ("baseline", "groups", "flag"),
    behaviour='With aadOptscim062020 Entra removes a member with {"op":"remove","path":"members[value eq '
    '\\"id\\"]"}.',
    source=COMPLIANCE,
    consequence="Removals are lost: people removed from the group keep its access in the app.",
    dialects=(FLAG,),
)
def remove_member_filter(run: Any) -> str | None:
    return _remove(run)


@check(
    "groups.rename",
    "Rename the group",
    ("baseline", "groups"),
    behaviour="A renamed group is PATCHed with replace displayName, and then found by the new name.",
    source=SCIM_GUIDE,
    consequence="Renames never reach the app, and Entra cannot find the group by its new name.",
)
def rename(run: Any) -> str | None:
    old = run.need("source_group")["displayName"]
    new = old + " renommée"
    body = wire.patch_body([Change("displayName", old, new, "Replace")], run.dialect, "Group")
    reply = run.client.patch("Groups", run.need("group_id"), body)
    expect(reply.ok, f"the PATCH answered {reply.status}: {reply.body}")
    run.names.append(("Groups", "displayName", new))
    found = list_resources(run.client.query("Groups", "displayName", new)) or []
    expect(
        [str(g.get("id")) for g in found] == [run.state["group_id"]], f"displayName eq {new!r} found {found}"
    )
    return None


@check(
    "groups.pathless-replace",
    "Path-less replace of a group attribute",
    ("groups", "validator"),
    behaviour='The SCIM Validator PATCHes {"op":"replace","value":{"externalId":"…"}} on a group.',
    source=VALIDATOR,
    consequence="The Microsoft SCIM Validator fails the endpoint; Entra's folded replaces may be lost.",
)
def pathless_replace(run: Any) -> str | None:
    replace_pathless(run, "Groups", run.need("group_id"), "externalId", f"{run.prefix}external")
    return None


@check(
    "groups.duplicate-displayname",
    "A second group with the same displayName is 409",
    ("groups", "errors", "validator"),
    behaviour="displayName must be unique for Entra (its requirement, not SCIM's); the SCIM Validator creates a "
    "duplicate group and expects 409.",
    source=VALIDATOR,
    consequence="Two groups can share a name: Entra's lookup by displayName then matches several "
    "(MultipleEntriesInResponse) or the wrong one.",
)
def duplicate_group(run: Any) -> str | None:
    sent = dict(run.need("group_sent"))
    reply = run.create(
        "Groups", {**sent, "displayName": run.need("source_group")["displayName"] + " renommée"}
    )
    expect(reply.status == 409, f"answered {reply.status}, not 409", warn=True)
    return None


@check(
    "groups.delete",
    "Delete the group",
    ("baseline", "groups"),
    behaviour="A deleted group is DELETEd: 204, then GET is 404; deleting a group deletes none of its members.",
    source=SCIM_GUIDE,
    consequence="Deleted groups stay in the app with their members' access.",
)
def delete_group(run: Any) -> str | None:
    group_id = run.need("group_id")
    reply = run.client.delete("Groups", group_id)
    expect(reply.ok, f"DELETE answered {reply.status}: {reply.body}")
    after = run.client.get("Groups", group_id)
    expect(after.status == 404, f"GET after the DELETE answered {after.status}, not 404")
    member = run.need("member_users")[0]["target_id"]
    expect(run.client.get("Users", member).status == 200, "a member user disappeared with the group")
    return None
