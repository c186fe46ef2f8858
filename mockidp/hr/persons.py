"""The SuccessFactors backend: PerPerson queries pushed into SQL (no Flask here).

``$filter`` property paths map to columns through the tables below, so supporting a property is a data change.
Paths into a 1:N navigation (``employmentNav/...``) match when any employment matches (an EXISTS subquery);
``activeEmploymentsCount`` and ``userNav/status`` are computed as of the query's effective date, the same way the
renderer computes them (``mockidp.hr.status``). The full-sync and delta filters of entra-behavior.md §7.3
(``activeEmploymentsCount ne null``, ``lastModifiedDateTime le/ge datetimeoffset'…'``, ``personIdExternal in …``,
``employmentNav/userNav/status in 't','f','e'``) all run as one SQL statement.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, and_, exists, false, func, not_, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from mockidp.hr.errors import ODataError
from mockidp.hr.models import Employment, Person
from mockidp.hr.odata_filter import And, Compare, In, Node, Not, Or
from mockidp.hr.status import employment_active_sql, to_db

__all__ = [
    "EMPLOYMENT_COLUMNS",
    "PERSON_COLUMNS",
    "PersonRecord",
    "Window",
    "count_persons",
    "find_persons",
    "get_person",
    "to_sql",
]

_OPS: dict[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq,
    "ne": operator.ne,
    "gt": operator.gt,
    "ge": operator.ge,
    "lt": operator.lt,
    "le": operator.le,
}

#: $filter paths answered by a PerPerson column.
PERSON_COLUMNS: dict[str, Any] = {
    "personIdExternal": Person.person_id_external,
    "personId": Person.person_id,
    "lastModifiedDateTime": Person.last_modified,
    "createdDateTime": Person.created,
    "dateOfBirth": Person.date_of_birth,
    "personalInfoNav/lastModifiedDateTime": Person.last_modified,
    "personalInfoNav/firstName": Person.first_name,
    "personalInfoNav/lastName": Person.last_name,
    "emailNav/lastModifiedDateTime": Person.last_modified,
    "emailNav/emailAddress": Person.email,
    "phoneNav/lastModifiedDateTime": Person.last_modified,
    "phoneNav/phoneNumber": Person.phone,
}
#: $filter paths answered by any of the person's employments.
EMPLOYMENT_COLUMNS: dict[str, Any] = {
    "employmentNav/lastModifiedDateTime": Employment.last_modified,
    "employmentNav/jobInfoNav/lastModifiedDateTime": Employment.last_modified,
    "employmentNav/userNav/lastModifiedDateTime": Employment.last_modified,
    "employmentNav/startDate": Employment.start_date,
    "employmentNav/endDate": Employment.end_date,
    "employmentNav/userId": Employment.user_id,
    "employmentNav/userNav/userId": Employment.user_id,
    "employmentNav/jobInfoNav/startDate": Employment.start_date,
    "employmentNav/jobInfoNav/jobTitle": Employment.job_title,
    "employmentNav/jobInfoNav/department": Employment.department,
    "employmentNav/jobInfoNav/company": Employment.company,
    "employmentNav/jobInfoNav/managerId": Employment.manager_id,
    "personEmpTerminationInfoNav/latestTerminationDate": Employment.end_date,
}
_STATUS_PATHS = ("employmentNav/jobInfoNav/emplStatus", "employmentNav/jobInfoNav/emplStatusNav/externalCode")


@dataclass(frozen=True)
class Window:
    """The effective dates a query sees: ``asOfDate`` is a one-day window; ``fromDate``/``toDate`` a range."""

    start: date
    end: date


@dataclass
class PersonRecord:
    """A person with its employments, ready to render."""

    person: Person
    employments: list[Employment]


def _bad_property(path: str) -> ODataError:
    return ODataError(f"[COE0021]Invalid property names: PerPerson/{path}", code="COE_PROPERTY_NOT_FOUND")


def _coerce(column: Any, value: Any, path: str) -> Any:
    """Bring a literal to the column's type; a mismatch is the client's 400."""
    impl = getattr(column.type, "impl", column.type)
    python_type = datetime if isinstance(impl, DateTime) else date if isinstance(impl, Date) else str
    if value is None:
        return None
    if python_type is date and isinstance(value, datetime):
        return value.date()
    if python_type is datetime and isinstance(value, datetime):
        return to_db(value)
    if python_type is str and isinstance(value, str):
        return value
    raise ODataError(f"[COE0008]Invalid $filter: {path} cannot be compared with {value!r}")


def _compare(column: Any, op: str, value: Any) -> Any:
    if value is None:
        if op not in ("eq", "ne"):
            raise ODataError("[COE0008]Invalid $filter: null only compares with eq and ne")
        return column.is_(None) if op == "eq" else column.is_not(None)
    return _OPS[op](column, value)


def _any_employment(*conditions: Any) -> Any:
    return exists().where(col(Employment.person_pk) == col(Person.id), *conditions)


def _active_count(op: str, value: Any, as_of: date) -> Any:
    if value is None:  # the termination info exists once the person has an employment
        return _any_employment() if op == "ne" else not_(_any_employment())
    if not isinstance(value, int) or isinstance(value, bool):
        raise ODataError("[COE0008]Invalid $filter: activeEmploymentsCount compares with a number")
    count = (
        sa_select(func.count())
        .select_from(Employment)
        .where(col(Employment.person_pk) == col(Person.id), employment_active_sql(as_of))
        .scalar_subquery()
    )
    return _OPS[op](count, value)


def _user_status(values: tuple[Any, ...], as_of: date) -> Any:
    wanted = {str(v).lower() for v in values}
    parts = []
    if "t" in wanted:
        parts.append(_any_employment(employment_active_sql(as_of)))
    if "f" in wanted:
        parts.append(_any_employment(not_(employment_active_sql(as_of))))
    return or_(*parts) if parts else false()


def _empl_status(values: tuple[Any, ...], as_of: date) -> Any:
    parts = []
    for code in {str(v).upper() for v in values}:
        started = col(Employment.start_date) <= as_of
        ended = and_(col(Employment.end_date).is_not(None), col(Employment.end_date) < as_of)
        if code == "T":
            parts.append(_any_employment(started, or_(ended, col(Employment.empl_status) == "T")))
        else:
            parts.append(_any_employment(started, not_(ended), col(Employment.empl_status) == code))
    return or_(*parts) if parts else false()


def _leaf(path: str, op: str, values: tuple[Any, ...], as_of: date) -> Any:
    """Return the SQL of ``path op value`` (``op`` "in" takes several values)."""
    if path == "personEmpTerminationInfoNav/activeEmploymentsCount":
        return or_(*(_active_count("eq" if op == "in" else op, v, as_of) for v in values))
    if path == "employmentNav/userNav/status" and op in ("eq", "in"):
        return _user_status(values, as_of)
    if path in _STATUS_PATHS and op in ("eq", "in"):
        return _empl_status(values, as_of)
    column = PERSON_COLUMNS.get(path)
    wrap: Callable[[Any], Any] = lambda clause: clause
    if column is None:
        column = EMPLOYMENT_COLUMNS.get(path)
        if column is None:
            raise _bad_property(path)
        wrap = _any_employment
    if op == "in":
        return wrap(col(column).in_([_coerce(column, v, path) for v in values]))
    return wrap(_compare(col(column), op, _coerce(column, values[0], path)))


def to_sql(node: Node, as_of: date) -> Any:
    """Translate a $filter AST into a SQLAlchemy condition on PerPerson."""
    if isinstance(node, And):
        return and_(to_sql(node.left, as_of), to_sql(node.right, as_of))
    if isinstance(node, Or):
        return or_(to_sql(node.left, as_of), to_sql(node.right, as_of))
    if isinstance(node, Not):
        return not_(to_sql(node.operand, as_of))
    if isinstance(node, In):
        return _leaf(node.path, "in", node.values, as_of)
    assert isinstance(node, Compare)
    return _leaf(node.path, node.op, (node.value,), as_of)


def _where(tenant_id: str, node: Node | None, window: Window) -> list[Any]:
    where = [col(Person.tenant_id) == tenant_id]
    if node is not None:
        where.append(to_sql(node, window.end))
    return where


def count_persons(session: Session, tenant_id: str, node: Node | None, window: Window) -> int:
    """Return how many persons match ``node``."""
    return session.exec(
        select(func.count()).select_from(Person).where(*_where(tenant_id, node, window))
    ).one()


def find_persons(
    session: Session, tenant_id: str, node: Node | None, window: Window, offset: int, limit: int
) -> list[PersonRecord]:
    """Return one page of matching persons with their employments (two queries per page)."""
    query = select(Person).where(*_where(tenant_id, node, window)).order_by(col(Person.id))
    persons = list(session.exec(query.offset(offset).limit(limit)))
    return _with_employments(session, persons)


def get_person(session: Session, tenant_id: str, person_id_external: str) -> PersonRecord | None:
    """Return the person ``person_id_external``, or None."""
    person = session.exec(
        select(Person).where(Person.tenant_id == tenant_id, Person.person_id_external == person_id_external)
    ).first()
    return None if person is None else _with_employments(session, [person])[0]


def _with_employments(session: Session, persons: list[Person]) -> list[PersonRecord]:
    ids = [p.id for p in persons]
    jobs: dict[int, list[Employment]] = {pk: [] for pk in ids if pk is not None}
    if ids:
        query = select(Employment).where(col(Employment.person_pk).in_(ids))
        for job in session.exec(query.order_by(col(Employment.start_date), col(Employment.id))):
            jobs[job.person_pk].append(job)
    return [PersonRecord(p, jobs.get(p.id or 0, [])) for p in persons]
