"""The Workday backend: find worker records for a Get_Workers request (no Flask here).

Every criterion becomes SQL on indexed columns, and paging is LIMIT/OFFSET over a stable order (insertion), so a
page costs the same at 100k workers as at 100. References resolve one by one: a WID names one record; an
Employee_ID or Contingent_Worker_ID names the worker's current record (the latest hire), since a rehire is a new
WID with the same Worker ID (entra-behavior.md §7.2). Records keep no change history, so ``As_Of_Entry_DateTime``
is echoed but not applied, and ``Effective_From``/``Effective_Through`` match hire and termination dates only.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from mockidp.hr.errors import ValidationFault
from mockidp.hr.models import CONTINGENT, EMPLOYEE, Worker
from mockidp.hr.soap_request import GetWorkers
from mockidp.hr.status import to_db, worker_active_sql

__all__ = ["WorkerPage", "current_records", "get_workers"]


@dataclass
class WorkerPage:
    """One page of Get_Workers results, with the WIDs of the managers they name."""

    workers: list[Worker]
    total: int
    page: int
    count: int
    as_of: date
    managers: dict[str, Worker]

    @property
    def total_pages(self) -> int:
        """Return the number of pages at this page size."""
        return math.ceil(self.total / self.count) if self.total else 0


def _by_reference(session: Session, tenant_id: str, kind: str, value: str) -> Worker | None:
    query = select(Worker).where(Worker.tenant_id == tenant_id)
    if kind == "WID":
        return session.exec(query.where(Worker.wid == value.lower())).first()
    worker_type = EMPLOYEE if kind == "Employee_ID" else CONTINGENT
    query = query.where(Worker.worker_id == value, Worker.worker_type == worker_type)
    return session.exec(query.order_by(col(Worker.hire_date).desc(), col(Worker.id).desc())).first()


def _resolve(session: Session, tenant_id: str, request: GetWorkers) -> list[Worker]:
    found: list[Worker] = []
    for index, (kind, value) in enumerate(request.references or [], start=1):
        worker = _by_reference(session, tenant_id, kind, value)
        if worker is None and not request.skip_missing:
            raise ValidationFault(
                f"Invalid ID value. '{value}' is not a valid ID value for type = '{kind}'",
                xpath=f"/ns0:Get_Workers_Request[1]/ns0:Request_References[1]/ns0:Worker_Reference[{index}]",
            )
        if worker is not None and worker not in found:
            found.append(worker)
    return found


def _criteria(request: GetWorkers, as_of: date) -> list[Any]:
    """Return the SQL conditions of Request_Criteria."""
    where: list[Any] = []
    if request.updated_from:
        where.append(col(Worker.last_updated) >= to_db(request.updated_from))
    if request.updated_through:
        where.append(col(Worker.last_updated) <= to_db(request.updated_through))
    if request.effective_from or request.effective_through:
        low = (request.effective_from or datetime.min).date()
        high = (request.effective_through or datetime.max).date()
        where.append(
            or_(col(Worker.hire_date).between(low, high), col(Worker.termination_date).between(low, high))
        )
    if request.exclude_inactive:
        where.append(worker_active_sql(as_of))
    if request.exclude_employees:
        where.append(col(Worker.worker_type) != EMPLOYEE)
    if request.exclude_contingent:
        where.append(col(Worker.worker_type) != CONTINGENT)
    return where


def get_workers(session: Session, tenant_id: str, request: GetWorkers, today: date) -> WorkerPage:
    """Return the page of workers ``request`` asks for, as of its effective date (default ``today``)."""
    as_of = request.as_of_date or today
    if request.references is not None:
        everyone = _resolve(session, tenant_id, request)
        start = (request.page - 1) * request.count
        workers, total = everyone[start : start + request.count], len(everyone)
    else:
        where = [col(Worker.tenant_id) == tenant_id, *_criteria(request, as_of)]
        total = session.exec(select(func.count()).select_from(Worker).where(*where)).one()
        query = select(Worker).where(*where).order_by(col(Worker.id))
        workers = list(session.exec(query.offset((request.page - 1) * request.count).limit(request.count)))
    return WorkerPage(
        workers,
        total,
        request.page,
        request.count,
        as_of,
        current_records(session, tenant_id, {w.manager_worker_id for w in workers if w.manager_worker_id}),
    )


def current_records(session: Session, tenant_id: str, worker_ids: set[str]) -> dict[str, Worker]:
    """Return each Worker_ID's current record (latest hire), in one query."""
    if not worker_ids:
        return {}
    query = select(Worker).where(Worker.tenant_id == tenant_id, col(Worker.worker_id).in_(sorted(worker_ids)))
    current: dict[str, Worker] = {}
    for worker in session.exec(query.order_by(col(Worker.hire_date), col(Worker.id))):
        current[worker.worker_id] = worker
    return current
