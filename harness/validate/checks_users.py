"""User checks: create with the full attribute set, read back, the lookups Entra's matching sends, an update of
each attribute kind, duplicates, paging and delete (entra-behavior.md §2.4, §2.7, §2.8)."""

from __future__ import annotations

from typing import Any

from harness.jobs.defaults import ENTERPRISE_URN
from harness.pipeline import wire
from harness.validate.compare import (
    differences,
    engine_run,
    error_text,
    last_sent,
    list_resources,
    lookup_user,
    read_user,
)
from harness.validate.model import Failed, Skipped, expect
from harness.validate.registry import Registry
from harness.validate.rfc import rfc_rejection
from harness.validate.sources import ACCOUNT_DISCOVERY, COMPLIANCE, HOW_IT_WORKS, LOGS, SCIM_GUIDE, VALIDATOR

__all__ = ["PAGING_CHECKS", "USER_CHECKS", "USER_END_CHECKS"]

check = Registry()
USER_CHECKS = check.checks
end = Registry()
#: after the changes of checks_user_changes: duplicates, delete and missing users
USER_END_CHECKS = end.checks
late = Registry()
#: run after the group checks, when the endpoint holds the member users too
PAGING_CHECKS = late.checks


@check(
    "users.create",
    "Create a user with the default mappings' full attribute set",
    ("baseline", "users"),
    behaviour="Entra POSTs every non-null mapped attribute (diacritics, typed emails/addresses/phoneNumbers, the "
    "enterprise extension under its URN key) and expects 201 Created with an id.",
    source=SCIM_GUIDE,
    consequence="Every user create fails, or Entra cannot address the user afterwards (no id): nobody is provisioned.",
)
def createread_user(run: Any) -> str | None:
    user = run.source.user("jose")
    run.state["source_user"] = user
    run.state["assignment"] = run.source.assign(user)
    engine_run(run, user["userPrincipalName"], ("Create",))
    post = last_sent(run, "POST")
    answer = post.response_body if post else None
    if not isinstance(answer, dict) or not answer.get("id"):
        raise Failed("201 Created carried no id")
    run.state["user_id"], run.state["user_sent"] = str(answer["id"]), post.request_body
    return f"created {answer['id']}"


@check(
    "users.stored-as-sent",
    "Every attribute reads back exactly as sent",
    ("baseline", "users"),
    behaviour="Entra compares what the endpoint returns with what it would send; values must be stored exactly as "
    "sent (no reformatting, diacritics kept, one element per type).",
    source=SCIM_GUIDE,
    consequence="Entra sees a difference on every cycle and PATCHes the user again and again; values the endpoint "
    "drops are never provisioned.",
)
def stored_as_sent(run: Any) -> str | None:
    problems = differences(run.need("user_sent"), read_user(run))
    expect(not problems, "; ".join(problems))
    return None


@check(
    "users.unchanged-rerun",
    "Provisioning an unchanged user again sends nothing",
    ("baseline", "users"),
    behaviour="Entra sends a PATCH only for attributes whose value differs; an unchanged user is skipped "
    "(RedundantExport).",
    source=HOW_IT_WORKS,
    consequence="Entra PATCHes the user on every cycle (what the endpoint returns never equals what it sent).",
)
def unchanged_rerun(run: Any) -> str | None:
    run.need("user_id")
    user = run.need("source_user")
    result = run.provision(user=user["userPrincipalName"])
    patched = [e for e in run.exchanges if e.method == "PATCH"]
    expect(
        not patched and result.result != "Failure",
        f"the re-run sent {len(patched)} PATCH: {error_text(result)}",
        warn=True,
    )
    return None


@check(
    "users.filter-finds-only-matches",
    "A filter on an unknown userName finds nobody, although users exist",
    ("baseline", "filters", "users"),
    behaviour='Before creating a user Entra queries userName eq "…"; the answer must hold only users with that '
    "userName (an empty ListResponse for a new one), also when the endpoint holds other users.",
    source=SCIM_GUIDE,
    consequence="Entra matches every new user to whatever the filter returns and overwrites that user, or reports "
    "DuplicateTargetEntries.",
)
def filter_finds_only_matches(run: Any) -> str | None:
    run.need("user_id")
    value = run.source.upn("nobody")
    reply = run.client.query("Users", "userName", value)
    found = list_resources(reply)
    expect(found is not None, f"userName eq {value!r} answered {reply.status}, not a ListResponse")
    expect(not found, f"userName eq {value!r} returned {len(found or [])} users with other userNames")
    return None


@check(
    "users.lookup-other-case",
    "Find the user by userName in another case",
    ("baseline", "filters", "users"),
    behaviour="Entra matches on userName with eq; SCIM compares userName case-insensitively (the SCIM Validator "
    "filters an existing user with a different case).",
    source=VALIDATOR,
    consequence="A user whose UPN case changed is not found: Entra tries to create it again (409 or a duplicate).",
)
def lookup_other_case(run: Any) -> str | None:
    return lookup_user(run, "userName", run.need("source_user")["userPrincipalName"].upper())


@check(
    "users.filter-externalid",
    "Find the user by externalId",
    ("filters", "users"),
    behaviour="A job matching on externalId (older Microsoft samples, common custom mappings) queries "
    'externalId eq "…".',
    source=SCIM_GUIDE,
    consequence="With externalId as the matching attribute Entra never finds existing users: test connection or every "
    "match fails, or users are created twice.",
)
def filter_external_id(run: Any) -> str | None:
    return lookup_user(run, "externalId", run.need("source_user")["mailNickname"])


@check(
    "users.filter-work-email",
    'Find the user by emails[type eq "work"].value',
    ("filters", "users"),
    behaviour="Any attribute used for uniqueness must be filterable; Entra filters on the work email "
    'emails[type eq "work"].value eq "…".',
    source=SCIM_GUIDE,
    consequence="A job matching on the work email finds nobody and creates duplicates or fails.",
)
def filter_work_email(run: Any) -> str | None:
    return lookup_user(run, 'emails[type eq "work"].value', run.need("source_user")["mail"])


@check(
    "users.update-attributes",
    "Update one attribute of each kind",
    ("baseline", "users"),
    behaviour="Entra PATCHes a simple attribute (title), a sub-attribute (name.givenName), typed multi-valued "
    'entries (phoneNumbers[type eq "mobile"].value, addresses[type eq "work"].locality) and an extension '
    "attribute by its URN path; with aadOptscim062020 several replaces fold into one path-less replace with "
    "flat dotted keys.",
    source=COMPLIANCE,
    consequence="Changes made in Entra never reach the app (the update fails or is silently lost).",
)
def update_attributes(run: Any) -> str | None:
    run.need("user_id")
    user = run.need("source_user")
    run.source.update(
        user,
        jobTitle="Jefa de producto",
        givenName="Joséphine",
        mobilePhone="+41 79 555 09 09",
        city="Genève",
        department="Produktentwicklung",
    )
    try:
        with rfc_rejection(run):
            engine_run(run, user["userPrincipalName"], ("Update",))
    except Failed:
        # Put the source back, so later runs do not carry (and fail on) the same changes again.
        run.source.update(
            user, **{k: user[k] for k in ("jobTitle", "givenName", "mobilePhone", "city", "department")}
        )
        raise
    got = read_user(run)
    wanted = {
        "title": "Jefa de producto",
        "name": {"givenName": "Joséphine"},
        "phoneNumbers": [{"type": "mobile", "value": "+41 79 555 09 09"}],
        "addresses": [{"type": "work", "locality": "Genève"}],
        ENTERPRISE_URN: {"department": "Produktentwicklung"},
    }
    problems = differences(wanted, got)
    expect(not problems, "the PATCH was accepted but " + "; ".join(problems))
    return None


@end(
    "users.duplicate-username",
    "A second create with the same userName is 409",
    ("baseline", "users", "errors"),
    behaviour="A POST that breaks uniqueness must be answered 409 Conflict (scimType uniqueness); Entra logs an "
    "EntryConflict.",
    source=LOGS,
    consequence="Entra creates duplicate users whenever a lookup misses (retries, case changes, time-outs).",
)
def duplicate_username(run: Any) -> str | None:
    sent = dict(run.need("user_sent"))
    reply = run.create("Users", sent)
    expect(
        not reply.ok, f"the duplicate was created ({reply.status}): two users now share {sent['userName']!r}"
    )
    expect(
        reply.status == 409,
        f"answered {reply.status}, not 409: Entra reports an export failure, not a conflict",
        warn=True,
    )
    return None


@late(
    "users.paging",
    "List users page by page with startIndex and count",
    ("paging", "users"),
    behaviour="Account Discovery and Microsoft's validation suite page through /Users with startIndex and count "
    "(RFC 7644 §3.4.2.4) and check the returned startIndex.",
    source=ACCOUNT_DISCOVERY,
    consequence="Account Discovery finds no (or the same) users; Microsoft's validation suite fails paging.",
)
def paging(run: Any) -> str | None:
    pages = []
    first = run.send("GET", "/Users", params={"startIndex": "1", "count": "2"})
    total = first.body.get("totalResults") if isinstance(first.body, dict) else None
    if isinstance(total, int) and total < 4:
        raise Skipped(f"the endpoint holds {total} users; paging needs at least four")
    for start in (1, 3):
        reply = run.send("GET", "/Users", params={"startIndex": str(start), "count": "2"})
        found = list_resources(reply)
        expect(found is not None, f"startIndex={start}&count=2 answered {reply.status}, not a ListResponse")
        expect(len(found or []) <= 2, f"count=2 returned {len(found or [])} users")
        expect(
            reply.body.get("startIndex") in (start, str(start)),
            f"startIndex={start} answered startIndex {reply.body.get('startIndex')!r}",
        )
        pages.append({str(r.get("id")) for r in found or []})
    expect(pages[0] and pages[1], "a page came back empty although the endpoint holds at least four users")
    expect(not pages[0] & pages[1], f"pages 1 and 2 overlap: {sorted(pages[0] & pages[1])}")
    return None


@end(
    "users.delete",
    "Delete a user",
    ("baseline", "users"),
    behaviour="A user hard-deleted in Entra (Delete action on) is deleted by DELETE /Users/{id}: 204, then 404.",
    source=HOW_IT_WORKS,
    consequence="Deleted users remain in the app (a soft delete keeps them visible to Entra's lookups).",
)
def deleteread_user(run: Any) -> str | None:
    user_id = run.need("user_id")
    reply = run.client.delete("Users", user_id)
    expect(reply.status == 204 or reply.ok, f"DELETE answered {reply.status}: {reply.body}")
    after = run.client.get("Users", user_id)
    expect(after.status == 404, f"GET after the DELETE answered {after.status}, not 404")
    run.state["deleted_user_id"] = user_id
    return None


@end(
    "users.delete-twice",
    "Delete the deleted user again: 404",
    ("users", "errors"),
    behaviour="A DELETE or PATCH of a user that no longer exists is answered 404 in the SCIM Error schema.",
    source=SCIM_GUIDE,
    consequence="Entra cannot tell a vanished user from a failure and retries it (escrow).",
)
def delete_twice(run: Any) -> str | None:
    reply = run.client.delete("Users", run.need("deleted_user_id"))
    expect(reply.status == 404, f"the second DELETE answered {reply.status}, not 404", warn=reply.ok)
    return None


@end(
    "users.missing",
    "GET, PATCH and DELETE of a user that never existed: 404",
    ("users", "errors"),
    behaviour="Unknown ids are answered 404 (Entra logs InvalidAnchor and stops addressing the user).",
    source=SCIM_GUIDE,
    consequence="Entra retries operations on a user that does not exist instead of recreating it.",
)
def missingread_user(run: Any) -> str | None:
    missing = run.world.rng.uuid()
    replies = [
        run.client.get("Users", missing),
        run.client.patch("Users", missing, wire.disable_body(run.dialect)),
        run.client.delete("Users", missing),
    ]
    wrong = [f"{r.method} {r.status}" for r in replies if r.status != 404]
    expect(not wrong, "answered " + ", ".join(wrong))
    return None
