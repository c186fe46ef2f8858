"""Seed and edit HR records: one Workday worker and one SuccessFactors person per directory user with an
employeeId, plus the records that make HR timing problems reproducible.

Besides the people behind the directory, ``seed_hr`` adds four examples with new ids (listed by ``examples``):
``future_hire`` (Workday hire date 14 days after the clock's today; SuccessFactors start date the same — the
pre-hire), ``terminated`` (terminated 10 days ago), and ``rehire`` (an old record terminated a year ago and a new
WID with the same Worker_ID hired 30 days ago; in SuccessFactors one person with two employments). All values come
from the seeded randomness and the injected clock, so the same seed gives the same records.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session, col, select

from idcore.clock import Clock
from idcore.ids import Randomness
from mockidp.hr.models import EMPLOYEE, Employment, Person, Worker
from mockidp.hr.records import (
    add_employment,
    add_person,
    add_worker,
    person_id,
    update_person,
    update_worker,
)
from mockidp.hr.status import to_db

__all__ = [
    "add_employment",
    "add_person",
    "add_worker",
    "examples",
    "seed_hr",
    "update_person",
    "update_worker",
]

FUTURE_HIRE_DAYS = 14


def _values(person: dict[str, Any]) -> dict[str, Any]:
    """Map a directory person dict to the shared HR values."""
    mail = person.get("mail") or ""
    return {
        "first_name": person.get("givenName") or "",
        "last_name": person.get("surname") or "",
        "email": mail or None,
        "title": person.get("jobTitle"),
        "department": person.get("department"),
        "company": person.get("companyName"),
        "city": person.get("city"),
        "country": person.get("country"),
        "phone": person.get("mobilePhone"),
        "manager": person.get("managerEmployeeId"),
        "user": mail.split("@")[0] if mail else (person.get("displayName") or "").replace(" ", ".").lower(),
    }


def _add_both(
    session: Session,
    tenant_id: str,
    rng: Randomness,
    now: datetime,
    employee_id: str,
    values: dict[str, Any],
    hire: date,
    end: date | None,
    example: str | None,
) -> tuple[Worker, Person]:
    worker = add_worker(
        session,
        tenant_id,
        worker_id=employee_id,
        hire_date=hire,
        last_updated=now,
        wid=rng.hex(32),
        user_id=values["user"],
        first_name=values["first_name"],
        last_name=values["last_name"],
        email=values["email"],
        mobile_phone=values["phone"],
        business_title=values["title"],
        department=values["department"],
        company=values["company"],
        city=values["city"],
        country=values["country"],
        manager_worker_id=values["manager"],
        termination_date=end,
        example=example,
    )
    person = add_person(
        session,
        tenant_id,
        person_id_external=employee_id,
        start_date=hire,
        last_modified=now,
        first_name=values["first_name"],
        last_name=values["last_name"],
        display_name=f"{values['first_name']} {values['last_name']}".strip(),
        email=values["email"],
        phone=values["phone"],
        end_date=end,
        job_title=values["title"],
        department=values["department"],
        company=values["company"],
        manager_id=values["manager"],
        city=values["city"],
        country=values["country"],
        example=example,
    )
    return worker, person


def _new_ids(people: list[dict[str, Any]], count: int) -> list[str]:
    """Return ``count`` employee ids after the seeded ones (numeric if theirs are)."""
    known = [str(p["employeeId"]) for p in people if p.get("employeeId")]
    if known and all(k.isdigit() for k in known):
        top, width = max(int(k) for k in known), max(len(k) for k in known)
        return [str(top + n).zfill(width) for n in range(1, count + 1)]
    return [f"HR{90001 + n}" for n in range(count)]


def seed_hr(
    session: Session, tenant_id: str, people: list[dict[str, Any]], rng: Randomness, clock: Clock
) -> None:
    """Create the Workday workers and SuccessFactors persons behind ``people``, plus the timing examples."""
    now = clock.now()
    today = now.date()
    workers: list[dict[str, Any]] = []
    persons: list[dict[str, Any]] = []
    jobs: dict[str, dict[str, Any]] = {}
    for person in people:
        if not person.get("employeeId"):
            continue
        hire = today - timedelta(days=rng.random.randint(30, 3650))
        end = (
            None if person.get("accountEnabled", True) else today - timedelta(days=rng.random.randint(1, 60))
        )
        employee_id = str(person["employeeId"])
        worker, record, job = _rows(tenant_id, rng, now, employee_id, _values(person), hire, end)
        workers.append(worker)
        persons.append(record)
        jobs[employee_id] = job
    _bulk(session, Worker, workers)  # plain executemany: no ORM objects at 100k rows
    _bulk(session, Person, persons)
    keys = session.exec(  # (tenant, personIdExternal) is unique, so the new rows are exactly these keys
        select(Person.person_id_external, Person.id).where(Person.tenant_id == tenant_id)
    ).all()
    _bulk(
        session,
        Employment,
        [{"person_pk": pk, "tenant_id": tenant_id, **jobs[key]} for key, pk in keys if key in jobs],
    )
    _seed_examples(session, tenant_id, people, rng, now)


def _bulk(session: Session, model: type, rows: list[dict[str, Any]], chunk: int = 5000) -> None:
    """Insert ``rows`` of ``model`` in chunks, one executemany each."""
    for start in range(0, len(rows), chunk):
        session.execute(insert(model.__table__), rows[start : start + chunk])  # type: ignore[attr-defined]


def _rows(
    tenant_id: str,
    rng: Randomness,
    now: datetime,
    employee_id: str,
    values: dict[str, Any],
    hire: date,
    end: date | None,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """Return the worker, person and employment values of one seeded employee."""
    stamp = to_db(now)
    worker = {
        "tenant_id": tenant_id,
        "wid": rng.hex(32),
        "worker_id": employee_id,
        "worker_type": EMPLOYEE,
        "hire_date": hire,
        "last_updated": stamp,
        "user_id": values["user"],
        "first_name": values["first_name"],
        "last_name": values["last_name"],
        "preferred_first_name": None,
        "email": values["email"],
        "mobile_phone": values["phone"],
        "business_title": values["title"],
        "department": values["department"],
        "company": values["company"],
        "city": values["city"],
        "country": values["country"],
        "manager_worker_id": values["manager"],
        "original_hire_date": None,
        "termination_date": end,
        "rehire": False,
        "example": None,
    }
    person = {
        "tenant_id": tenant_id,
        "person_id_external": employee_id,
        "person_id": person_id(tenant_id, employee_id),
        "first_name": values["first_name"],
        "last_name": values["last_name"],
        "display_name": f"{values['first_name']} {values['last_name']}".strip(),
        "email": values["email"],
        "phone": values["phone"],
        "date_of_birth": None,
        "example": None,
        "created": stamp,
        "last_modified": stamp,
    }
    job = {
        "user_id": employee_id,
        "start_date": hire,
        "end_date": end,
        "empl_status": "A",
        "job_title": values["title"],
        "department": values["department"],
        "company": values["company"],
        "manager_id": values["manager"],
        "city": values["city"],
        "country": values["country"],
        "last_modified": stamp,
    }
    return worker, person, job


def _seed_examples(
    session: Session, tenant_id: str, people: list[dict[str, Any]], rng: Randomness, now: datetime
) -> None:
    fake = rng.faker("en_US")
    today = now.date()
    company = next((p.get("companyName") for p in people if p.get("companyName")), "Contoso")
    future_id, terminated_id, rehire_id = _new_ids(people, 3)

    def values() -> dict[str, Any]:
        first, last = fake.first_name(), fake.last_name()
        return {
            "first_name": first,
            "last_name": last,
            "email": None,
            "title": fake.job(),
            "department": "Sales",
            "company": company,
            "city": fake.city(),
            "country": "US",
            "phone": None,
            "manager": None,
            "user": f"{first}.{last}".lower(),
        }

    _add_both(
        session,
        tenant_id,
        rng,
        now,
        future_id,
        values(),
        today + timedelta(days=FUTURE_HIRE_DAYS),
        None,
        "future_hire",
    )
    _add_both(
        session,
        tenant_id,
        rng,
        now,
        terminated_id,
        values(),
        today - timedelta(days=800),
        today - timedelta(days=10),
        "terminated",
    )
    old_hire, old_end, new_hire = (
        today - timedelta(days=1500),
        today - timedelta(days=365),
        today - timedelta(days=30),
    )
    rehired = values()
    old, person = _add_both(session, tenant_id, rng, now, rehire_id, rehired, old_hire, old_end, "rehire")
    add_worker(
        session,
        tenant_id,
        worker_id=rehire_id,
        hire_date=new_hire,
        last_updated=now,
        wid=rng.hex(32),
        user_id=old.user_id,
        first_name=old.first_name,
        last_name=old.last_name,
        business_title=old.business_title,
        department=old.department,
        company=old.company,
        city=old.city,
        country=old.country,
        original_hire_date=old_hire,
        rehire=True,
        example="rehire",
    )
    add_employment(
        session,
        person,
        start_date=new_hire,
        last_modified=now,
        user_id=f"{rehire_id}-2",
        job_title=old.business_title,
        department=old.department,
        company=old.company,
    )


def examples(session: Session, tenant_id: str) -> dict[str, str]:
    """Return the seeded examples: kind (future_hire, terminated, rehire) → Worker_ID / personIdExternal."""
    rows = session.exec(
        select(Worker.example, Worker.worker_id).where(
            Worker.tenant_id == tenant_id, col(Worker.example).is_not(None)
        )
    ).all()
    return {kind: worker_id for kind, worker_id in rows if kind}
