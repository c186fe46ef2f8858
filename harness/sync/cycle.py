"""One provisioning cycle: users, then groups, then references (entra-behavior.md §6.1).

An initial cycle (no watermark) reads every user and group through the delta rounds and provisions those in
scope; an incremental cycle reads the watermark's changes, plus the objects whose assignment changed since the
last cycle (the replica's assignments are compared with those the job kept), the members added to or removed
from assigned groups, and the escrowed objects whose retry time has come. Then the reference pass links managers
and members; then the disables and deletes held for the accidental-deletions check are sent, or staged. The
bookkeeping after each object (logs, escrow, counts) is ``harness.sync.sink``; the job's status afterwards is
``harness.sync.status``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from harness.pipeline.connection import test_connection
from harness.pipeline.importer import mapped_source_attributes, maps_manager
from harness.pipeline.source_attributes import graph_select
from harness.sync.objects import sync_group, sync_user, sync_user_by_id
from harness.sync.references import link_manager, link_members
from harness.sync.source import Assignments, delta_pages, group_members, read_assignments
from harness.sync.staging import run_staged
from harness.sync.workers import bounded_map

if TYPE_CHECKING:
    from harness.sync.sink import CycleRun

__all__ = ["run_phases"]


def run_phases(run: CycleRun) -> None:
    """Run the cycle's phases; a failed test connection ends it before anything is read."""
    ctx = run.context("User")
    failed = test_connection(ctx)
    if failed is not None:
        run.connection_failed(failed)
        return
    sp = ctx.service_principal()
    assigned = run.job.scope == "assigned"
    assignments = (
        read_assignments(ctx.graph, sp) if assigned else Assignments(resource_id=(sp or {}).get("id"))
    )
    run.total = len(assignments.direct) + len(assignments.through_groups) if assigned else None
    if run.kind == "initial":
        _initial(run, assignments)
    else:
        _incremental(run, assignments)
    if assigned:
        run.remember_assignments(assignments)
    _references(run)
    run_staged(run)


# -- initial ---------------------------------------------------------------------------------------------------


def _initial(run: CycleRun, assignments: Assignments) -> None:
    run.phase = "users"
    items = _wanted(run, _delta_items(run, "users", None, _user_select(run)), assignments, "User")
    _users(run, items, assignments)
    if run.job.groups.enabled:
        run.phase = "groups"
        groups = _wanted(run, _delta_items(run, "groups", None, None), assignments, "Group")
        for item in groups:
            _group(run, item, assignments, initial=True)


def _user_select(run: CycleRun) -> list[str]:
    ctx = run.context("User")
    select = graph_select(mapped_source_attributes(run.job.users))
    return [*select, "manager"] if maps_manager(ctx) else select


def _delta_items(
    run: CycleRun, kind: str, link: str | None, select: list[str] | None
) -> Iterator[dict[str, Any]]:
    """Yield the objects of a delta round page by page, counting pages and keeping the final deltaLink."""
    for page in delta_pages(run.context("User").graph, kind, link, select):
        run.page_read(len(page.items))
        run.cds.prefetch("Group" if kind == "groups" else "User", [str(i.get("id")) for i in page.items])
        yield from page.items
        if page.delta_link:
            run.watermark[kind] = page.delta_link


def _wanted(
    run: CycleRun, items: Iterator[dict[str, Any]], assignments: Assignments, object_type: str
) -> Iterator[dict[str, Any]]:
    """Yield the objects a cycle evaluates: in scope by assignment, removed, or linked by an earlier cycle."""
    for item in items:
        oid = str(item.get("id"))
        if (
            run.job.scope == "all"
            or "@removed" in item
            or assignments.of(oid) is not None
            or run.cds.get(run.key, object_type, oid) is not None
        ):
            yield item


def _users(run: CycleRun, items: Iterator[dict[str, Any]], assignments: Assignments) -> None:
    def work(item: dict[str, Any]) -> Any:
        ctx = run.context("User")
        uid = str(item.get("id"))
        result = sync_user(ctx, item, assignments.of(uid))
        return result, _manager_left(ctx, uid, item)

    for result, manager in bounded_map(work, items, run.concurrency):
        if run.kind == "incremental":  # an initial cycle reads each object once: nothing to remember
            run.seen.add(str(result.subject.get("id") or ""))
        run.done(result)
        if manager:
            run.pending_manager(str(result.subject.get("id")), manager)


def _manager_left(ctx: Any, user_id: str, item: dict[str, Any]) -> str | None:
    """Return the manager's source id when the user's manager could not be linked yet (second pass)."""
    managers = item.get("manager@delta") or []
    if not managers:
        return None
    resolved = ctx.cache.get("manager", {}).get(user_id)
    return str(managers[0]["id"]) if resolved is not None and resolved[0] is None else None


def _users_by_id(run: CycleRun, ids: list[str]) -> None:
    def work(uid: str) -> Any:
        return sync_user_by_id(run.context("User"), uid)

    for result in bounded_map(work, [i for i in ids if i not in run.seen], run.concurrency):
        run.seen.add(str(result.subject.get("id") or ""))
        run.done(result)


def _group(run: CycleRun, item: dict[str, Any], assignments: Assignments, *, initial: bool) -> None:
    gid = str(item.get("id"))
    outcome = sync_group(run.context("Group"), item, assignments.of(gid))
    run.done(outcome.result)
    if not outcome.in_scope:
        return
    members = [
        m for m in item.get("members@delta") or [] if str(m.get("@odata.type", "user")).endswith("user")
    ]
    added = [str(m["id"]) for m in members if "@removed" not in m]
    removed = [] if initial else [str(m["id"]) for m in members if "@removed" in m]
    run.pending_members(gid, added, removed)


# -- incremental -----------------------------------------------------------------------------------------------


def _incremental(run: CycleRun, assignments: Assignments) -> None:
    graph = run.context("User").graph
    groups = (
        list(_delta_items(run, "groups", run.watermark.get("groups"), None)) if run.job.groups.enabled else []
    )
    before, now = run.state.assigned(run.key), assignments.principals()
    gained = {p: t for p, t in now.items() if p not in before}
    lost = {p: t for p, t in before.items() if p not in now}
    to_check: list[str] = [p for p, t in {**gained, **lost}.items() if t == "User"]
    for gid in [p for p, t in {**gained, **lost}.items() if t == "Group"]:
        to_check += [str(m["id"]) for m in group_members(graph, gid)]
    for item in groups:
        if assignments.of(str(item.get("id"))) is not None:
            to_check += [str(m["id"]) for m in item.get("members@delta") or []]
    due = run.due_escrows()
    to_check += [e.source_id for e in due if e.object_type in ("User", "UserReference")]
    run.phase = "users"
    _users(run, _delta_items(run, "users", run.watermark.get("users"), _user_select(run)), assignments)
    _users_by_id(run, list(dict.fromkeys(to_check)))
    if not run.job.groups.enabled:
        return
    run.phase = "groups"
    changed = {str(g.get("id")) for g in groups}
    for item in _wanted(run, iter(groups), assignments, "Group"):
        _group(run, item, assignments, initial=False)
    for gid in [p for p, t in gained.items() if t == "Group" and p not in changed]:
        group = graph.group(gid)
        if group is not None:
            group["members@delta"] = [
                {"@odata.type": "#microsoft.graph.user", **m} for m in group_members(graph, gid)
            ]
            _group(run, group, assignments, initial=True)
    for escrow in [e for e in due if e.object_type == "GroupReference" and e.source_id not in changed]:
        members = [str(m["id"]) for m in group_members(graph, escrow.source_id)]
        run.pending_members(escrow.source_id, members, [])  # a failed member update: add them all again


# -- references ------------------------------------------------------------------------------------------------


def _references(run: CycleRun) -> None:
    run.phase = "references"
    run.flush()  # the links, and the references held while the objects were provisioned
    for rows in run.state.pending(run.key, "manager"):
        ids = [row.source_id for row in rows] + [str(row.data.get("manager")) for row in rows]
        run.cds.prefetch("User", list(dict.fromkeys(ids)))
        for row in rows:
            result = link_manager(run.context("User"), row.source_id, str(row.data.get("manager")))
            if result is not None:
                run.done(result, reference=True)
    run.state.clear_pending(run.key, "manager")
    for rows in run.state.pending(run.key, "members"):
        for row in rows:
            added, removed = list(row.data.get("add") or []), list(row.data.get("remove") or [])
            in_scope = run.cds.in_scope("User", added) if added else set()
            result = link_members(run.context("Group"), row.source_id, added, removed, in_scope)
            if result is not None:
                run.done(result, reference=True)
    run.state.clear_pending(run.key, "members")
