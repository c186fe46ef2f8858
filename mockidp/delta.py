"""Delta queries (``/users/delta``, ``/groups/delta``): an initial round, then changes since a token.

Graph "Use delta query to track changes": the first call pages through every object (nextLink), the last page
carries a deltaLink; calling it returns what changed since, with deleted objects as ``{"id", "@removed":
{"reason": "changed" | "deleted"}}`` ("changed": restorable, in the recycle bin; "deleted": gone for good).
Tokens carry the tenant's change number, so a round costs an index range scan on ``version``.

Groups carry ``members@delta`` (Graph "group: delta"): in the initial round every current direct member, later the
members added (``{"@odata.type", "id"}``) or removed (with ``"@removed": {"reason": "deleted"}``) since the token —
read from ``MembershipChange`` rows of the page's groups in the token's window, the net effect per member.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, select
from sqlmodel import Session, col

from mockidp.errors import BadRequest
from mockidp.models import Group, GroupMember, MembershipChange, Tenant, Tombstone, User

__all__ = ["delta_page", "delta_window", "member_deltas"]


def delta_page(
    session: Session, tenant: Tenant, model: Any, state: dict[str, Any] | None, top: int
) -> tuple[list[tuple[Any, str | None]], dict[str, Any] | None, dict[str, Any] | None]:
    """Return (rows with a removal reason or None, next skiptoken state, final deltatoken state)."""
    kind = "user" if model is User else "group"
    state = dict(state or {})
    upto = _number(state.get("upto", tenant.change_seq))
    if state.get("phase", "initial" if "since" not in state else "changes") == "initial":
        query = select(model).where(model.tenant_id == tenant.id, model.deleted_date_time.is_(None))
        if state.get("id"):
            query = query.where(model.id > str(state["id"]))
        rows = session.execute(query.order_by(model.id).limit(top + 1)).scalars().all()
        out: list[tuple[Any, str | None]] = [(row, None) for row in rows[:top]]
        if len(rows) > top:
            return out, {"phase": "initial", "id": rows[top - 1].id, "upto": upto}, None
        return out, None, {"since": upto}
    since = _number(state.get("after", state.get("since")))
    changed = (
        session.execute(
            select(model)
            .where(model.tenant_id == tenant.id, model.version > since, model.version <= upto)
            .order_by(model.version)
            .limit(top + 1)
        )
        .scalars()
        .all()
    )
    gone = (
        session.execute(
            select(Tombstone)
            .where(
                col(Tombstone.tenant_id) == tenant.id,
                col(Tombstone.object_type) == kind,
                col(Tombstone.version) > since,
                col(Tombstone.version) <= upto,
            )
            .order_by(col(Tombstone.version))
            .limit(top + 1)
        )
        .scalars()
        .all()
    )
    merged: list[tuple[int, Any, str | None]] = [
        (row.version, row, "changed" if row.deleted_date_time else None) for row in changed
    ]
    merged = sorted(merged + [(row.version, row, "deleted") for row in gone], key=lambda item: item[0])
    out = [(row, reason) for _, row, reason in merged[:top]]
    if len(merged) > top:
        return out, {"phase": "changes", "since": since, "after": merged[top - 1][0], "upto": upto}, None
    return out, None, {"since": upto}


def _number(value: Any) -> int:
    """Return a change number from a token, or raise Graph's 400 for a tampered token."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**63:
        raise BadRequest("Invalid $skiptoken or $deltatoken: the token is malformed.")
    return value


def delta_window(tenant: Tenant, state: dict[str, Any] | None) -> tuple[int | None, int]:
    """Return the change-number window of a (validated) token: (since, or None in the initial round; upto)."""
    state = dict(state or {})
    upto = _number(state.get("upto", tenant.change_seq))
    if state.get("phase", "initial" if "since" not in state else "changes") == "initial":
        return None, upto
    return _number(state["since"]), upto


def member_deltas(
    session: Session, tenant_id: str, group_ids: list[str], since: int | None, upto: int
) -> dict[str, list[dict[str, Any]]]:
    """Return ``members@delta`` per group id: current members (initial round) or the net changes in the window."""
    out: dict[str, list[dict[str, Any]]] = {group_id: [] for group_id in group_ids}
    if not group_ids:
        return out
    if since is None:
        live_user = and_(col(User.id) == col(GroupMember.member_id), col(User.deleted_date_time).is_not(None))
        live_group = and_(
            col(Group.id) == col(GroupMember.member_id), col(Group.deleted_date_time).is_not(None)
        )
        rows = session.execute(
            select(col(GroupMember.group_id), col(GroupMember.member_id), col(GroupMember.member_type))
            .outerjoin(User, live_user)
            .outerjoin(Group, live_group)
            .where(
                col(GroupMember.group_id).in_(group_ids),
                col(User.id).is_(None),
                col(Group.id).is_(None),
            )
            .order_by(col(GroupMember.group_id), col(GroupMember.member_id))
        ).all()
        for group_id, member_id, kind in rows:
            out[group_id].append({"@odata.type": f"#microsoft.graph.{kind}", "id": member_id})
        return out
    changes = session.execute(
        select(MembershipChange)
        .where(
            col(MembershipChange.tenant_id) == tenant_id,
            col(MembershipChange.group_id).in_(group_ids),
            col(MembershipChange.version) > since,
            col(MembershipChange.version) <= upto,
        )
        .order_by(col(MembershipChange.version))
    ).scalars()
    net: dict[tuple[str, str], MembershipChange] = {}
    for change in changes:
        net[(change.group_id, change.member_id)] = change  # the last change of a member wins
    for (group_id, member_id), change in sorted(net.items()):
        item: dict[str, Any] = {"@odata.type": f"#microsoft.graph.{change.member_type}", "id": member_id}
        if change.removed:
            item["@removed"] = {"reason": "deleted"}
        out[group_id].append(item)
    return out
