"""Effective dating: what a worker or an employment looks like "as of" a date.

Workday answers Get_Workers as of ``As_Of_Effective_Date`` (default: today): a future-dated hire is ``Active=0``
before its hire date and ``Active=1`` from it; a worker stays active through the termination date and is
terminated after it (entra-behavior.md §7.2, "future-dated hires"). SuccessFactors answers as of ``asOfDate``
(default: today): an employment that has not started is a pre-hire, one past its end date is ``T`` (§7.3).
The SQL forms mirror the Python forms so filters run in the database.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import and_, or_
from sqlalchemy.sql import ColumnElement

from mockidp.hr.models import Employment, Worker

__all__ = [
    "EMPL_STATUS_LABELS",
    "ENDED_STATUSES",
    "employment_active",
    "employment_active_sql",
    "employment_status",
    "from_db",
    "to_db",
    "user_status",
    "worker_active",
    "worker_active_sql",
    "worker_terminated",
]

#: SuccessFactors EmpJob emplStatus external codes and their labels (entra-behavior.md §7.3).
EMPL_STATUS_LABELS = {
    "A": "Active",
    "D": "Dormant",
    "U": "Unpaid Leave",
    "P": "Paid Leave",
    "S": "Suspended",
    "F": "Furlough",
    "O": "Discarded",
    "R": "Retired",
    "T": "Terminated",
}
#: Statuses that end an employment: it no longer counts in activeEmploymentsCount.
ENDED_STATUSES = frozenset({"O", "R", "T"})


def to_db(when: datetime) -> datetime:
    """Return ``when`` as aware UTC (naive is taken as UTC), the form the UTC datetime columns take."""
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def from_db(when: datetime) -> datetime:
    """Return a stored time as an aware UTC datetime (SQLite may hand back naive values)."""
    return to_db(when)


def worker_active(worker: Worker, as_of: date) -> bool:
    """Return whether ``worker`` is active on ``as_of`` (hired, and not past its termination date)."""
    hired = worker.hire_date <= as_of
    return hired and (worker.termination_date is None or as_of <= worker.termination_date)


def worker_terminated(worker: Worker, as_of: date) -> bool:
    """Return whether ``worker`` is terminated on ``as_of`` (past its termination date)."""
    return worker.termination_date is not None and as_of > worker.termination_date


def worker_active_sql(as_of: date) -> ColumnElement[bool]:
    """Return the SQL condition of ``worker_active``."""
    column: Any = Worker
    return and_(
        column.hire_date <= as_of, or_(column.termination_date.is_(None), column.termination_date >= as_of)
    )


def employment_status(employment: Employment, as_of: date) -> str | None:
    """Return the emplStatus code of ``employment`` on ``as_of``; None before it starts (a pre-hire)."""
    if as_of < employment.start_date:
        return None
    if employment.end_date is not None and as_of > employment.end_date:
        return "T"
    return employment.empl_status


def employment_active(employment: Employment, as_of: date) -> bool:
    """Return whether ``employment`` counts in activeEmploymentsCount on ``as_of``."""
    status = employment_status(employment, as_of)
    return status is not None and status not in ENDED_STATUSES


def employment_active_sql(as_of: date) -> ColumnElement[bool]:
    """Return the SQL condition of ``employment_active``."""
    column: Any = Employment
    return and_(
        column.start_date <= as_of,
        or_(column.end_date.is_(None), column.end_date >= as_of),
        column.empl_status.not_in(sorted(ENDED_STATUSES)),
    )


def user_status(employment: Employment, as_of: date) -> str:
    """Return the User status of an employment: ``t`` (active) or ``f`` (inactive, pre-hire or ended)."""
    return "t" if employment_active(employment, as_of) else "f"
