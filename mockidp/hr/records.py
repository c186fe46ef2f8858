"""Add and edit single HR records: Workday workers, SuccessFactors persons and their employments.

Tests and the seeded examples use these to make a record change at a moment on the clock; the bulk seed
(``mockidp.hr.seed``) inserts plain rows instead.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, func, select

from mockidp.hr.models import Employment, Person, Worker
from mockidp.hr.status import to_db

__all__ = ["add_employment", "add_person", "add_worker", "person_id", "update_person", "update_worker"]


def _stable_hex(*parts: str) -> str:
    return hashlib.sha256(":".join(parts).encode()).hexdigest()[:32]


def add_worker(
    session: Session,
    tenant_id: str,
    *,
    worker_id: str,
    hire_date: date,
    last_updated: datetime,
    wid: str | None = None,
    **fields: Any,
) -> Worker:
    """Add a Workday worker record; ``fields`` are ``Worker`` columns. A WID is derived if not given."""
    if wid is None:
        records = session.exec(
            select(func.count())
            .select_from(Worker)
            .where(Worker.tenant_id == tenant_id, Worker.worker_id == worker_id)
        ).one()
        wid = _stable_hex("wid", tenant_id, worker_id, str(records))
    worker = Worker(
        tenant_id=tenant_id,
        wid=wid.lower(),
        worker_id=worker_id,
        hire_date=hire_date,
        last_updated=to_db(last_updated),
        **fields,
    )
    session.add(worker)
    session.flush()
    return worker


def update_worker(session: Session, worker: Worker, now: datetime, **fields: Any) -> Worker:
    """Change a worker record's ``fields`` and stamp it updated at ``now`` (what Updated_From/Through see)."""
    for name, value in fields.items():
        if not hasattr(worker, name):
            raise AttributeError(f"Worker has no field {name!r}")
        setattr(worker, name, value)
    worker.last_updated = to_db(now)
    session.add(worker)
    session.flush()
    return worker


_EMPLOYMENT_FIELDS = {
    "user_id",
    "start_date",
    "end_date",
    "empl_status",
    "job_title",
    "department",
    "company",
    "cost_center",
    "manager_id",
    "city",
    "country",
}


def add_person(
    session: Session,
    tenant_id: str,
    *,
    person_id_external: str,
    start_date: date,
    last_modified: datetime,
    **fields: Any,
) -> Person:
    """Add a SuccessFactors person with one employment starting ``start_date``.

    ``fields`` are ``Person`` columns (first_name, last_name, email, phone, ...) and ``Employment`` columns
    (user_id, end_date, empl_status, job_title, department, company, cost_center, manager_id, city, country).
    """
    job = {k: fields.pop(k) for k in list(fields) if k in _EMPLOYMENT_FIELDS}
    person = Person(
        tenant_id=tenant_id,
        person_id_external=person_id_external,
        person_id=fields.pop("person_id", None) or person_id(tenant_id, person_id_external),
        created=to_db(fields.pop("created", last_modified)),
        last_modified=to_db(last_modified),
        **fields,
    )
    session.add(person)
    session.flush()
    add_employment(session, person, start_date=start_date, last_modified=last_modified, **job)
    return person


def add_employment(
    session: Session, person: Person, *, start_date: date, last_modified: datetime, **fields: Any
) -> Employment:
    """Add an employment (a rehire or conversion: a new EmpEmployment and User under the same person)."""
    assert person.id is not None
    fields.setdefault("user_id", person.person_id_external)
    employment = Employment(
        person_pk=person.id,
        tenant_id=person.tenant_id,
        start_date=start_date,
        last_modified=to_db(last_modified),
        **fields,
    )
    session.add(employment)
    person.last_modified = max(person.last_modified, to_db(last_modified))
    session.add(person)
    session.flush()
    return employment


def update_person(session: Session, person: Person, now: datetime, **fields: Any) -> Person:
    """Change a person's fields (and its latest employment's) and stamp both modified at ``now``."""
    job = {k: fields.pop(k) for k in list(fields) if k in _EMPLOYMENT_FIELDS}
    for name, value in fields.items():
        if not hasattr(person, name):
            raise AttributeError(f"Person has no field {name!r}")
        setattr(person, name, value)
    person.last_modified = to_db(now)
    session.add(person)
    if job:
        latest = session.exec(
            select(Employment)
            .where(Employment.person_pk == person.id)
            .order_by(col(Employment.start_date).desc())
        ).first()
        if latest is not None:
            for name, value in job.items():
                setattr(latest, name, value)
            latest.last_modified = to_db(now)
            session.add(latest)
    session.flush()
    return person


def person_id(tenant_id: str, person_id_external: str) -> str:
    """Return the SuccessFactors internal person id derived from the tenant and personIdExternal."""
    return str(int(_stable_hex("pid", tenant_id, person_id_external)[:8], 16))
