"""The HR seed inserts in batches: the statements it sends do not grow with the number of people."""

from __future__ import annotations

import pytest
from sqlalchemy import event
from sqlmodel import col, select

from idcore.db import get_db
from idcore.ids import Randomness
from mockidp import hr
from mockidp.tenants import create_tenant
from tests.mockidp.hr.conftest import PEOPLE


def _people(count: int) -> list[dict[str, object]]:
    """Return ``count`` members shaped like the directory's seeded ones."""
    base = PEOPLE[0]
    return [
        {**base, "employeeId": str(5000 + n), "givenName": f"P{n}", "managerEmployeeId": None}
        for n in range(count)
    ]


def _hr_inserts(env, count: int) -> tuple[int, str]:
    """Seed ``count`` people on a new tenant; return the HR INSERT statements sent and the tenant id."""
    statements: list[str] = []
    engine = get_db(env.app).engine

    def record(conn, cursor, statement, params, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("INSERT INTO HR_"):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        with env.app.app_context(), get_db(env.app).session() as session:
            tenant = create_tenant(session, f"bulk{count}", 3, env.clock.now())
            hr.seed_hr(session, tenant.id, _people(count), Randomness(9), env.clock)
            tenant_id = tenant.id
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return len(statements), tenant_id


def test_seed_statement_count_does_not_grow_with_people(env):
    small, _ = _hr_inserts(env, 3)
    large, _ = _hr_inserts(env, 400)
    assert large == small


@pytest.mark.parametrize("count", [1, 250])
def test_each_seeded_person_has_one_employment_of_its_own(env, count):
    _, tenant_id = _hr_inserts(env, count)
    with env.app.app_context(), get_db(env.app).session() as session:
        rows = session.exec(
            select(hr.Person.person_id_external, hr.Employment.user_id, hr.Employment.start_date)
            .join(hr.Employment, col(hr.Employment.person_pk) == col(hr.Person.id))
            .where(hr.Person.tenant_id == tenant_id, col(hr.Person.example).is_(None))
        ).all()
        workers = session.exec(
            select(hr.Worker.worker_id, hr.Worker.hire_date).where(
                hr.Worker.tenant_id == tenant_id, col(hr.Worker.example).is_(None)
            )
        ).all()
    assert len(rows) == count and all(person == user for person, user, _ in rows)
    assert {p: start for p, _, start in rows} == dict(workers)  # the same hire date in both systems
