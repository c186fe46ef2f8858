"""The provisioning service's replica of app role assignments: a per-tenant (and per-object) lag on the clock.

Entra: "after assigning a user/group to the app, on-demand may report 'not assigned' for a few minutes"
(provision-on-demand.md, Known limitations). Each assignment carries ``visible_from`` and ``hidden_from``; reads with
``X-Scimulator-View: replica`` filter on them against the clock in SQL, so nothing runs in the background.
Modes, as moto's managed state model: ``time`` (default; visible ``delay`` seconds after the change),
``immediate`` (no lag) and ``manual`` (invisible until a flush).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, or_, update
from sqlmodel import Session, col

from mockidp.errors import BadRequest
from mockidp.models import AppRoleAssignment, Tenant
from mockidp.store import db_time

__all__ = ["MODES", "configure", "current", "flush", "replica", "settings", "stamp_created", "stamp_removed"]

MODES = ("time", "immediate", "manual")


def _lag(assignment: AppRoleAssignment, tenant: Tenant) -> float | None:
    """Return the lag in seconds for this assignment, or None when it waits for a manual flush."""
    if assignment.delay_override is not None:
        return assignment.delay_override
    if tenant.replication_mode == "immediate":
        return 0.0
    if tenant.replication_mode == "manual":
        return None
    return tenant.replication_delay


def stamp_created(assignment: AppRoleAssignment, tenant: Tenant, now: datetime) -> None:
    """Set when a new assignment becomes visible to the replica."""
    lag = _lag(assignment, tenant)
    assignment.visible_from = None if lag is None else db_time(now + timedelta(seconds=lag))


def stamp_removed(assignment: AppRoleAssignment, tenant: Tenant, now: datetime) -> None:
    """Mark an assignment removed now and set when the replica stops seeing it."""
    assignment.removed_at = db_time(now)
    lag = _lag(assignment, tenant)
    assignment.hidden_from = None if lag is None else db_time(now + timedelta(seconds=lag))


def current() -> ColumnElement[bool]:
    """Return the condition 'the directory shows this assignment now' (what Graph answers)."""
    return col(AppRoleAssignment.removed_at).is_(None)


def replica(now: datetime) -> ColumnElement[bool]:
    """Return the condition 'the provisioning service's replica shows this assignment at ``now``'."""
    at = db_time(now)
    return and_(
        col(AppRoleAssignment.visible_from).is_not(None),
        col(AppRoleAssignment.visible_from) <= at,
        or_(col(AppRoleAssignment.hidden_from).is_(None), col(AppRoleAssignment.hidden_from) > at),
    )


def settings(tenant: Tenant) -> dict[str, Any]:
    """Return the tenant's replication settings."""
    return {"tenant": tenant.name, "delay": tenant.replication_delay, "mode": tenant.replication_mode}


def configure(session: Session, tenant: Tenant, body: dict[str, Any], now: datetime) -> dict[str, Any]:
    """Apply ``{"delay", "mode", "objects": {id: seconds}, "flush": true}`` (validated first, then applied)."""
    delay, mode, objects = body.get("delay"), body.get("mode"), body.get("objects") or {}
    if delay is not None and (isinstance(delay, bool) or not isinstance(delay, (int, float)) or delay < 0):
        raise BadRequest("delay must be a number of seconds >= 0.")
    if mode is not None and mode not in MODES:
        raise BadRequest(f"mode must be one of {', '.join(MODES)}.")
    if not isinstance(objects, dict) or not all(
        isinstance(v, (int, float)) and not isinstance(v, bool) and v >= 0 for v in objects.values()
    ):
        raise BadRequest('objects must map assignment ids to seconds: {"<assignment id>": 60}.')
    found = {key: session.get(AppRoleAssignment, key) for key in objects}
    missing = [key for key, row in found.items() if row is None or row.tenant_id != tenant.id]
    if missing:
        raise BadRequest(f"No assignment with id '{missing[0]}'.")
    if delay is not None:
        tenant.replication_delay = float(delay)
    if mode is not None:
        tenant.replication_mode = mode
    session.add(tenant)
    for key, seconds in objects.items():
        _override(found[key], float(seconds))  # type: ignore[arg-type]
    if body.get("flush"):
        flush(session, tenant, now)
    return settings(tenant)


def _override(assignment: AppRoleAssignment, seconds: float) -> None:
    """Give one assignment its own lag, re-timing its pending change from when it happened."""
    assignment.delay_override = seconds
    assignment.visible_from = assignment.created_date_time + timedelta(seconds=seconds)
    if assignment.removed_at is not None:
        assignment.hidden_from = assignment.removed_at + timedelta(seconds=seconds)


def flush(session: Session, tenant: Tenant, now: datetime) -> None:
    """Replicate every pending change now (manual mode)."""
    at = db_time(now)
    session.execute(
        update(AppRoleAssignment)
        .where(col(AppRoleAssignment.tenant_id) == tenant.id, col(AppRoleAssignment.visible_from).is_(None))
        .values(visible_from=at)
    )
    session.execute(
        update(AppRoleAssignment)
        .where(
            col(AppRoleAssignment.tenant_id) == tenant.id,
            col(AppRoleAssignment.removed_at).is_not(None),
            col(AppRoleAssignment.hidden_from).is_(None),
        )
        .values(hidden_from=at)
    )
