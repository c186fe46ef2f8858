"""Step 2, Import user: read the object from the source system (entra-behavior.md §1.2, §7).

Entra ID: the portal's search (enabled users only, S1), then ``GET /v1.0/users/{id}`` with ``$select`` of what the
mappings read, then the manager. View details lists the non-null source attributes (S1 "the service doesn't
support provisioning null attributes") with ``IsSoftDeleted``, ``objectId`` and ``appRoleAssignments`` as in S2's
sample. The step fails with ImportSkipped (S7) when no matching attribute has a value. HR sources read one
worker: Workday by WID or Worker ID, SuccessFactors by personIdExternal (pre-hires as of their start date).
"""

from __future__ import annotations

import re
from typing import Any

from harness.clients import GraphError, HrError
from harness.clients.retry import entra_error_code
from harness.jobs.expressions import parse, referenced_attributes
from harness.pipeline.context import RunContext, SourceObject, make_step
from harness.pipeline.errors import step_error
from harness.pipeline.match import matching_values
from harness.pipeline.source_attributes import graph_select, sync_attributes
from harness.result import Step

__all__ = [
    "assignment_text",
    "entra_source",
    "fetch_entra_user",
    "import_user",
    "imported_step",
    "mapped_source_attributes",
    "maps_manager",
    "missing_matching_attribute",
    "search_user",
]

_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


def mapped_source_attributes(mapping: Any) -> list[str]:
    """Return the source attributes the object mapping reads (Direct sources and expression references)."""
    names: list[str] = []
    for row in getattr(mapping, "mappings", ()):
        found: set[str] = set()
        if row.kind == "direct" and row.source:
            found = {row.source}
        elif row.kind == "expression" and row.expression:
            try:
                found = referenced_attributes(parse(row.expression))
            except Exception:  # noqa: BLE001 - a bad expression is reported by the action step
                found = set()
        names += sorted(n for n in found if n not in names)
    names += [
        f.attribute
        for f in getattr(mapping, "scoping_filters", ())
        for f in f.clauses
        if f.attribute not in names
    ]
    return names


def missing_matching_attribute(ctx: RunContext, attributes: dict[str, Any]) -> list[str] | None:
    """Return the matching source attributes when none of them has a value (S1: import fails), else None."""
    rows = ctx.mapping.matching
    if not rows or matching_values(ctx, attributes):
        return None
    return [str(row.source or row.expression or row.target) for row in rows]


def import_user(ctx: RunContext) -> tuple[Step, SourceObject | None]:
    """Run the Import step for the request's user or worker."""
    kind = ctx.job.source.type
    try:
        if kind == "workday":
            return _import_hr(ctx, ctx.request.worker_id or ctx.request.user or "", "workday")
        if kind == "successfactors":
            return _import_hr(ctx, ctx.request.person_id_external or ctx.request.user or "", "successfactors")
        return _import_entra(ctx)
    except (GraphError, HrError) as exc:
        code = entra_error_code(exc.reply)
        tips = {"Timeout": "timeout", "InsufficientRights": "import_forbidden"}.get(code)
        error = step_error(code, f"Reading from {ctx.source_system} failed: {exc}", tips)
        return make_step(ctx, "import", "Failure", str(exc), {}, error), None


def fetch_entra_user(ctx: RunContext, user_id: str) -> SourceObject | None:
    """GET one directory user with its manager and its direct app role assignments (replica view)."""
    graph = ctx.graph
    wanted = mapped_source_attributes(ctx.mapping)
    if ctx.job.cross_tenant:
        wanted += list(CROSS_TENANT_ATTRIBUTES)
    user = graph.user(user_id, graph_select(wanted))
    if user is None:
        return None
    manager = graph.manager(user["id"]) if maps_manager(ctx) else None
    if manager and manager.get("id"):
        full = graph.user(manager["id"], graph_select(mapped_source_attributes(ctx.mapping)))
        manager = {**sync_attributes(full or manager), "objectId": manager["id"]}
    assignments = []
    if ctx.job.scope == "assigned":
        sp = ctx.service_principal()
        mine = graph.assignments(user["id"])
        assignments = [a for a in mine if sp is None or a.get("resourceId") == sp.get("id")]
    return entra_source(ctx, user, manager, assignments)


def entra_source(
    ctx: RunContext,
    user: dict[str, Any],
    manager: dict[str, Any] | None,
    assignments: list[dict[str, Any]],
    *,
    complete: bool = False,
) -> SourceObject:
    """Return a Graph user as the source object the next steps read (on demand, and in a cycle from /delta).

    ``manager`` is the manager as read (with ``objectId``), ``assignments`` the user's assignments to the app;
    ``complete`` says they are all there are (the scope step then reads no group memberships).
    """
    attributes = sync_attributes(user)
    attributes["objectId"] = user.get("id")
    active = bool(user.get("accountEnabled", True))
    if ctx.job.cross_tenant:
        active = True  # a disabled source user is updated (sign-in blocked), not deprovisioned (CTS overview)
        attributes["alternativeSecurityIds"] = _security_ids_text(user.get("alternativeSecurityIds"))
    attributes["IsSoftDeleted"] = not active
    if manager and manager.get("objectId"):
        attributes["manager"] = manager["objectId"]
    if assignments:
        sp = ctx.service_principal()
        attributes["appRoleAssignments"] = [assignment_text(a, sp) for a in assignments]
    return SourceObject(
        id=str(user["id"]),
        display=str(user.get("userPrincipalName") or user.get("displayName")),
        attributes=attributes,
        active=active,
        assignments=assignments,
        manager=manager,
        assignments_complete=complete,
    )


#: What a cross-tenant job reads besides its mappings: what its built-in scoping filter evaluates.
CROSS_TENANT_ATTRIBUTES = ("alternativeSecurityIds", "userType", "userPrincipalName")


def _security_ids_text(identities: Any) -> str:
    """Return alternativeSecurityIds as the cross-tenant scoping filter compares it: 'None' when there is none.

    The scope step of a user with SMS sign-in shows ``Filter external users.alternativeSecurityIds EQUALS 'None'``
    false (Microsoft Learn "Known issues for provisioning"): a user with any identity of its own is not 'None'.
    """
    if not identities:
        return "'None'"
    return ", ".join(
        f"{i.get('type')}:{i.get('identityProvider') or ''}" for i in identities if isinstance(i, dict)
    )


def maps_manager(ctx: RunContext) -> bool:
    """Return True when the object mapping has a reference (manager) mapping."""
    return any(getattr(m, "is_reference", False) for m in ctx.mapping.mappings)


def assignment_text(assignment: dict[str, Any], sp: dict[str, Any] | None) -> str:
    """Return how an assignment reads in appRoleAssignments: its app role's value (msiam_access by default)."""
    role_id = assignment.get("appRoleId")
    roles = {
        r.get("id"): r.get("value") or r.get("displayName") for r in (sp or {}).get("appRoles", []) or []
    }
    return str(roles.get(role_id) or ("msiam_access" if role_id == _DEFAULT_ACCESS else role_id))


_DEFAULT_ACCESS = "00000000-0000-0000-0000-000000000000"
AMBIGUOUS = "The search"


def _import_entra(ctx: RunContext) -> tuple[Step, SourceObject | None]:
    query = (ctx.request.user or "").strip()
    if _GUID.match(query):
        found = fetch_entra_user(ctx, query)
    else:
        chosen, problem = search_user(ctx, query)
        if chosen is None:
            tips = "import_ambiguous" if problem.startswith(AMBIGUOUS) else "import_not_found"
            return _not_found(ctx, problem, tips), None
        found = fetch_entra_user(ctx, chosen)
    if found is None and _GUID.match(query):
        found = _soft_deleted(ctx, query)
    if found is None and _GUID.match(query):
        return _permanently_deleted(ctx, query)
    if found is None:
        return _not_found(
            ctx,
            f"No user '{query}' exists in {ctx.source_system}: a hard-deleted user cannot be "
            "provisioned on demand.",
        ), None
    return imported_step(ctx, found)


def _soft_deleted(ctx: RunContext, object_id: str) -> SourceObject | None:
    """Read a user from the recycle bin by object id: soft-deleted, so IsSoftDeleted is true (S9)."""
    reply = ctx.graph.get(f"/directory/deletedItems/{object_id}", allow_404=True)
    if not reply.ok or not isinstance(reply.body, dict):
        return None
    attributes = sync_attributes(reply.body)
    attributes.update(objectId=object_id, IsSoftDeleted=True)
    display = str(reply.body.get("userPrincipalName") or reply.body.get("displayName") or object_id)
    return SourceObject(id=object_id, display=display, attributes=attributes, active=False)


def _permanently_deleted(ctx: RunContext, object_id: str) -> tuple[Step, SourceObject]:
    """Report an object id that is neither in the directory nor in the recycle bin: hard-deleted (S6)."""
    message = (
        f"{ctx.object_type} '{object_id}' was permanently deleted from {ctx.source_system}: it is neither "
        "in the directory nor in the recycle bin (deletedItems)."
    )
    details = {"objectId": object_id, "IsSoftDeleted": "True", "Permanently deleted": "True"}
    return make_step(ctx, "import", "Success", message, details), SourceObject(
        id=object_id, display=object_id, attributes={"objectId": object_id}, active=False, hard_deleted=True
    )


def search_user(ctx: RunContext, query: str) -> tuple[str | None, str]:
    """Resolve the portal's search text to one enabled user's id, or return None and why (also the web page's).

    An exact key first: the one enabled user whose UPN, mail or display name is the text (an indexed ``eq``
    filter) is the user the portal-style search would choose too, since that search finds every such user and
    prefers the exact one. Any other answer (none, several) goes to the portal-style search and its messages.
    """
    graph = ctx.graph
    named = graph.enabled_users_named(query) if query else []
    if len(named) == 1:
        return str(named[0]["id"]), ""
    hits = graph.search_users(query)
    exact = [
        u
        for u in hits
        if query.lower()
        in {str(u.get(k, "")).lower() for k in ("userPrincipalName", "mail", "displayName", "id")}
    ]
    if len(exact) == 1 or (len(hits) == 1 and not exact):
        return str((exact or hits)[0]["id"]), ""
    if len(hits) > 1:
        names = ", ".join(sorted(str(u.get("userPrincipalName")) for u in (exact or hits))[:10])
        return (
            None,
            f"{AMBIGUOUS} '{query}' found several users ({names}); name one by its user principal name.",
        )
    return None, _why_not_found(ctx, query)


def _why_not_found(ctx: RunContext, query: str) -> str:
    """Say what is true of a name the search did not find: disabled, deleted, or not in the directory at all."""
    limitation = (
        "the on-demand search excludes disabled and deleted users (a limitation of on-demand provisioning)"
    )
    disabled = ctx.graph.disabled_users(query)
    if disabled:
        upn = disabled[0].get("userPrincipalName") or query
        return f"The user '{upn}' is disabled in {ctx.source_system} (accountEnabled false): {limitation}."
    deleted = ctx.graph.deleted_users(query)
    if deleted:
        upn = deleted[0].get("userPrincipalName") or query
        return (
            f"The user '{upn}' is deleted: it is in the recycle bin of {ctx.source_system} (deletedItems), "
            f"and {limitation}."
        )
    return (
        f"No user '{query}' exists in {ctx.source_system}: no enabled user, no disabled user and no deleted "
        "user (in the recycle bin) has that user principal name, mail or display name."
    )


def _not_found(ctx: RunContext, message: str, tips: str = "import_not_found") -> Step:
    return make_step(ctx, "import", "Failure", message, {}, step_error("EntryNotFound", message, tips))


def imported_step(ctx: RunContext, found: SourceObject) -> tuple[Step, SourceObject | None]:
    """Return the Import step for an object read from the source (failed when no matching value is set)."""
    details = {k: _display(v, k) for k, v in found.attributes.items()}
    missing = missing_matching_attribute(ctx, found.attributes)
    if missing:
        message = (
            f"The {ctx.object_type.lower()} '{found.display}' has no value for the matching attribute "
            f"{', '.join(missing)}, so it cannot be matched with the target system."
        )
        return make_step(
            ctx,
            "import",
            "Failure",
            message,
            details,
            step_error("ImportSkipped", message, "import_missing_match"),
        ), None
    description = f"Retrieved {ctx.object_type} '{found.display}' from {ctx.source_system}"
    return make_step(ctx, "import", "Success", description, details), found


def _import_hr(ctx: RunContext, identifier: str, kind: str) -> tuple[Step, SourceObject | None]:
    identifier = identifier.strip()
    names = mapped_source_attributes(ctx.mapping)
    if kind == "workday":
        record = ctx.workday.worker(identifier, names)
    else:
        record = ctx.successfactors.person(identifier, names)
    if record is None:
        what = "WID or Worker ID" if kind == "workday" else "personIdExternal"
        return _not_found(
            ctx, f"No worker with the {what} '{identifier}' exists in {ctx.source_system}.", f"import_{kind}"
        ), None
    if kind == "workday":
        active = str(record.get("Active")) == "1"
        ident, display = record.get("WID", identifier), record.get("WorkerID", identifier)
    else:
        active, ident, display = _sf_active(record), identifier, identifier
    found = SourceObject(id=str(ident), display=str(display), attributes=dict(record), active=active)
    return imported_step(ctx, found)


def _sf_active(record: dict[str, Any]) -> bool:
    status = record.get("emplStatus")
    if status is not None:
        return str(status) in {"A", "U", "P"}  # S13: A=Active, U=Unpaid Leave, P=Paid Leave count as active
    count = record.get("activeEmploymentsCount")
    return count is None or int(count) > 0


def _display(value: Any, name: str = "") -> Any:
    """Return a source value as View details shows it: booleans as True/False, app roles by name (S2: "User")."""
    if isinstance(value, bool):
        return "True" if value else "False"
    if name == "appRoleAssignments" and isinstance(value, list):
        return ", ".join(str(role) for role in value)  # several roles: their names comma-separated (UNSURE)
    return value
