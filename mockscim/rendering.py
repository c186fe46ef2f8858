"""Render stored rows as SCIM resources: the JSON body, ``meta``, and a page's groups or members in one query."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from idcore.clock import isoformat
from idcore.scim.schema_data import GROUP, USER
from mockscim.models import GroupRow, MemberRow, UserRow
from mockscim.resources import etag, resource_schemas

__all__ = ["related_rows", "render_row"]

Row = UserRow | GroupRow
Resources = list[dict[str, Any]]


def related_rows(
    session: Session, rows: Sequence[Row], base_url: str, with_members: bool
) -> dict[int, Resources]:
    """Return, per row pk, the user's groups or the group's members (one query per page)."""
    related: dict[int, list[dict[str, Any]]] = {}
    if isinstance(rows[0], UserRow):
        by_id = {row.id: _pk(row) for row in rows}
        statement = (
            select(col(MemberRow.value), col(GroupRow.id), col(GroupRow.display_name))
            .join(GroupRow, col(GroupRow.pk) == col(MemberRow.group_pk))
            .where(col(MemberRow.value).in_(list(by_id)))
        )
        for value, group_id, name in session.execute(statement):
            related.setdefault(by_id[value], []).append(
                {
                    "value": group_id,
                    "$ref": f"{base_url}/Groups/{group_id}",
                    "display": name,
                    "type": "direct",
                }
            )
    elif with_members:
        member_rows = (
            select(MemberRow)
            .where(col(MemberRow.group_pk).in_([_pk(row) for row in rows]))
            .order_by(col(MemberRow.group_pk), col(MemberRow.position), col(MemberRow.pk))
        )
        for member in session.scalars(member_rows):
            endpoint = "Users" if member.type == "User" else "Groups"
            entry = {
                "value": member.value,
                "$ref": f"{base_url}/{endpoint}/{member.value}",
                "type": member.type,
                "display": member.display,
            }
            related.setdefault(member.group_pk, []).append({k: v for k, v in entry.items() if v is not None})
    return related


def render_row(row: Row, base_url: str, related: Resources | None) -> dict[str, Any]:
    """Return the SCIM representation of a row, with its groups or members and server-managed ``meta``."""
    resource_type = USER if isinstance(row, UserRow) else GROUP
    body = dict(row.body)
    resource: dict[str, Any] = {"schemas": resource_schemas(body, resource_type), "id": row.id, **body}
    if related:
        resource["groups" if resource_type is USER else "members"] = related
    elif resource_type is GROUP and "members" not in resource:
        resource["members"] = []
    resource["meta"] = {
        "resourceType": resource_type.name,
        "created": _iso(row.created),
        "lastModified": _iso(row.last_modified),
        "location": f"{base_url}{resource_type.endpoint}/{row.id}",
        "version": etag(row.version),
    }
    return resource


def _pk(row: Row) -> int:
    """Return the primary key of a flushed row."""
    assert row.pk is not None, "a flushed row has a primary key"
    return row.pk


def _iso(value: datetime) -> str:
    return isoformat(value.replace(tzinfo=UTC) if value.tzinfo is None else value)
