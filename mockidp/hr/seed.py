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
from mockidp.seed_bulk import bulk_insert

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
    batch = _Batch(tenant_id, rng, now)
    for person in people:
        if not person.get("employeeId"):
            continue
        hire = today - timedelta(days=rng.random.randint(30, 3650))
        end = (
            None if person.get("accountEnabled", True) else today - timedelta(days=rng.random.randint(1, 60))
        )
        batch.add(str(person["employeeId"]), _values(person), hire, end)
    _examples(batch, people)
    batch.insert(session)


class _Batch:
    """The HR rows of one seeding: the one place a seeded worker, person and employment are built."""

    def __init__(self, tenant_id: str, rng: Randomness, now: datetime) -> None:
        self.tenant_id, self.rng, self.now, self.stamp = tenant_id, rng, now, to_db(now)
        self.workers: list[dict[str, Any]] = []
        self.persons: list[dict[str, Any]] = []
        self.jobs: list[tuple[str, dict[str, Any]]] = []  # (personIdExternal, employment row)

    def add(
        self,
        employee_id: str,
        values: dict[str, Any],
        hire: date,
        end: date | None,
        example: str | None = None,
    ) -> None:
        """Add one employee: a Workday worker and a SuccessFactors person with one employment from ``hire``."""
        self.workers.append(self._worker(employee_id, values, hire, end, example))
        self.persons.append(
            {
                "tenant_id": self.tenant_id,
                "person_id_external": employee_id,
                "person_id": person_id(self.tenant_id, employee_id),
                "first_name": values["first_name"],
                "last_name": values["last_name"],
                "display_name": f"{values['first_name']} {values['last_name']}".strip(),
                "email": values["email"],
                "phone": values["phone"],
                "date_of_birth": None,
                "example": example,
                "created": self.stamp,
                "last_modified": self.stamp,
            }
        )
        self._job(employee_id, employee_id, values, hire, end)

    def rehire(self, employee_id: str, values: dict[str, Any], first_hire: date, hire: date) -> None:
        """Add the new record of a rehired employee: a new WID with the same Worker_ID, a second employment."""
        worker = self._worker(employee_id, values, hire, None, "rehire")
        self.workers.append({**worker, "original_hire_date": first_hire, "rehire": True})
        self._job(employee_id, f"{employee_id}-2", values, hire, None)

    def _worker(
        self, employee_id: str, values: dict[str, Any], hire: date, end: date | None, example: str | None
    ) -> dict[str, Any]:
        return {
            "tenant_id": self.tenant_id,
            "wid": f"{self.rng.random.getrandbits(128):032x}",  # 32 hex digits in one draw
            "worker_id": employee_id,
            "worker_type": EMPLOYEE,
            "hire_date": hire,
            "last_updated": self.stamp,
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
            "example": example,
        }

    def _job(
        self, employee_id: str, user_id: str, values: dict[str, Any], start: date, end: date | None
    ) -> None:
        self.jobs.append(
            (
                employee_id,
                {
                    "tenant_id": self.tenant_id,
                    "user_id": user_id,
                    "start_date": start,
                    "end_date": end,
                    "empl_status": "A",
                    "job_title": values["title"],
                    "department": values["department"],
                    "company": values["company"],
                    "manager_id": values["manager"],
                    "city": values["city"],
                    "country": values["country"],
                    "last_modified": self.stamp,
                },
            )
        )

    def insert(self, session: Session) -> None:
        """Insert every row in bulk (``mockidp.seed_bulk``): no ORM objects at 100k rows."""
        bulk_insert(session, Worker, self.workers)
        bulk_insert(session, Person, self.persons)
        keys = dict(  # (tenant, personIdExternal) is unique, so the new persons are exactly these keys
            session.exec(
                select(Person.person_id_external, Person.id).where(Person.tenant_id == self.tenant_id)
            ).all()
        )
        bulk_insert(session, Employment, [{"person_pk": keys[key], **job} for key, job in self.jobs])


def _examples(batch: _Batch, people: list[dict[str, Any]]) -> None:
    """Add the timing examples: a future hire (and pre-hire), a terminated employee and a rehire."""
    fake = batch.rng.faker("en_US")
    today = batch.now.date()
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

    batch.add(future_id, values(), today + timedelta(days=FUTURE_HIRE_DAYS), None, "future_hire")
    batch.add(terminated_id, values(), today - timedelta(days=800), today - timedelta(days=10), "terminated")
    rehired, first_hire = values(), today - timedelta(days=1500)
    batch.add(rehire_id, rehired, first_hire, today - timedelta(days=365), "rehire")
    batch.rehire(rehire_id, rehired, first_hire, today - timedelta(days=30))


def examples(session: Session, tenant_id: str) -> dict[str, str]:
    """Return the seeded examples: kind (future_hire, terminated, rehire) → Worker_ID / personIdExternal."""
    rows = session.exec(
        select(Worker.example, Worker.worker_id).where(
            Worker.tenant_id == tenant_id, col(Worker.example).is_not(None)
        )
    ).all()
    return {kind: worker_id for kind, worker_id in rows if kind}
