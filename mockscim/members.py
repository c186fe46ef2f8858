"""Group membership in the ``scim_member`` table: full rewrites, and member PATCHes done in SQL.

Entra changes a group one member at a time (``Add``/``Remove`` on ``members``, or ``Remove`` on
``members[value eq "id"]``). Those operations touch only the named rows here, so a PATCH on a group of 100k
members neither loads nor rewrites the list; any other operation goes through ``apply_patch`` on the whole
resource instead.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select
from sqlmodel import Session, col

from idcore.scim.errors import InvalidValue
from idcore.scim.filter import Compare, CompareOp, parse_path
from idcore.scim.filter.evaluate import get_ci
from idcore.scim.patch import PatchDialect
from mockscim.models import GroupRow, MemberRow, UserRow

__all__ = ["patch_members", "write_members"]

Resources = list[dict[str, Any]]
_MEMBER_KEYS = {"value", "display", "type", "$ref"}


def write_members(session: Session, tenant: str, group_pk: int, members: Resources) -> None:
    """Replace the group's member rows; raise InvalidValue for an id that is no User or Group of the tenant."""
    session.execute(delete(MemberRow).where(col(MemberRow.group_pk) == group_pk))
    _insert(session, tenant, group_pk, members, 0)


def patch_members(
    session: Session, tenant: str, group_pk: int, operations: list[dict[str, Any]], dialect: PatchDialect
) -> bool | None:
    """Apply member-only operations in SQL; return whether rows changed, or None when another path is needed."""
    if not operations:
        return False  # every operation was dropped by a quirk (ignore-member-removal)
    plan = [_plan(operation, dialect) for operation in operations]
    if any(step is None for step in plan):
        return None
    changed = False
    for step in plan:
        assert step is not None
        op, ids, members = step
        if op == "remove":
            result = session.execute(
                delete(MemberRow).where(col(MemberRow.group_pk) == group_pk, col(MemberRow.value).in_(ids))
            )
            changed = changed or bool(getattr(result, "rowcount", 0))
            continue
        present = set(
            session.scalars(
                select(col(MemberRow.value)).where(
                    col(MemberRow.group_pk) == group_pk, col(MemberRow.value).in_(ids)
                )
            )
        )
        new = [member for member in members if member["value"] not in present]
        if new:
            last = session.scalar(
                select(func.max(col(MemberRow.position))).where(col(MemberRow.group_pk) == group_pk)
            )
            _insert(session, tenant, group_pk, new, (last if last is not None else -1) + 1)
            changed = True
    return changed


def _plan(operation: dict[str, Any], dialect: PatchDialect) -> tuple[str, list[str], Resources] | None:
    """Return (op, member ids, members) for an operation this module can run in SQL, else None."""
    op = str(get_ci(operation, "op") or "").lower()
    path = get_ci(operation, "path")
    value = get_ci(operation, "value")
    if not isinstance(path, str) or op not in ("add", "remove"):
        return None
    if path.strip().lower() == "members":
        if op == "remove" and not dialect.remove_by_value:
            return None  # RFC literal: removes every member, which the general path handles
        members = _members(value)
        return None if members is None else (op, [m["value"] for m in members], members)
    if op != "remove" or value is not None:
        return None
    try:
        parsed = parse_path(path)
    except Exception:  # noqa: BLE001 — a bad path is reported by the general path with the right scimType
        return None
    condition = parsed.value_filter
    if (
        parsed.attr.lower() != "members"
        or parsed.sub_attr
        or parsed.urn
        or not isinstance(condition, Compare)
        or condition.op is not CompareOp.EQ
        or condition.path.attr.lower() != "value"
        or condition.path.sub_attr
        or not isinstance(condition.value, str)
    ):
        return None
    return "remove", [condition.value], []


def _members(value: Any) -> Resources | None:
    """Return a member list with string values, first occurrence kept; None for any other shape."""
    items = value if isinstance(value, list) else [value]
    members: Resources = []
    seen: set[str] = set()
    for item in items:
        if not isinstance(item, dict) or not set(item) <= _MEMBER_KEYS:
            return None  # other keys are validated (or refused) by the general path
        member_id = item.get("value")
        if not isinstance(member_id, str) or not member_id:
            return None
        if any(not isinstance(v, str) for v in item.values()):
            return None
        if member_id not in seen:
            seen.add(member_id)
            members.append(item)
    return members or None


def _insert(session: Session, tenant: str, group_pk: int, members: Resources, first: int) -> None:
    """Insert member rows from position ``first``, typing each as User or Group."""
    if not members:
        return
    ids = [member["value"] for member in members]
    users = set(
        session.scalars(
            select(col(UserRow.id)).where(col(UserRow.id).in_(ids), col(UserRow.tenant) == tenant)
        )
    )
    groups = set(
        session.scalars(
            select(col(GroupRow.id)).where(col(GroupRow.id).in_(ids), col(GroupRow.tenant) == tenant)
        )
    )
    for position, member in enumerate(members, start=first):
        value = member["value"]
        if value not in users and value not in groups:
            raise InvalidValue(f"Member {value!r} is not a User or Group of this service")
        display = member.get("display") if isinstance(member.get("display"), str) else None
        session.add(
            MemberRow(
                group_pk=group_pk,
                value=value,
                value_ci=value.casefold(),
                type="User" if value in users else "Group",
                display=display,
                position=position,
            )
        )
    session.flush()
