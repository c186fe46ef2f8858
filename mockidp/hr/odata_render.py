"""Render SuccessFactors entities as OData v2 JSON (``{"d": ...}``, ``__metadata``, ``/Date(ms)/``).

What a client sees depends on the effective window (``asOfDate`` or ``fromDate``/``toDate``, default today):
an employment that has not started is a pre-hire and shows only the minimal data SuccessFactors exposes before the
start date — personIdExternal, first and last name, the start date and the company (entra-behavior.md §7.3); its
EmpJob rows are effective-dated phases (the status while employed, then ``T`` from the day after the end date).
Unexpanded navigations render as ``__deferred`` links, as OData v2 does.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import partial
from typing import Any

from mockidp.hr.models import Employment, Person
from mockidp.hr.odata_schema import ENTITIES
from mockidp.hr.persons import PersonRecord, Window
from mockidp.hr.status import EMPL_STATUS_LABELS, employment_active, from_db, user_status

__all__ = ["RenderContext", "odata_date", "odata_datetime", "render_person"]

END_OF_TIME = date(9999, 12, 31)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def odata_date(value: date | None) -> str | None:
    """Render an Edm.DateTime date as ``/Date(ms)/``."""
    if value is None:
        return None
    moment = datetime(value.year, value.month, value.day, tzinfo=UTC)
    return f"/Date({int((moment - _EPOCH).total_seconds() * 1000)})/"


def odata_datetime(value: datetime | None) -> str | None:
    """Render an Edm.DateTimeOffset as ``/Date(ms+0000)/``."""
    if value is None:
        return None
    return f"/Date({int((from_db(value) - _EPOCH).total_seconds() * 1000)}+0000)/"


@dataclass
class RenderContext:
    """Where the service lives and what the query asked to expand and select."""

    base: str
    window: Window
    expand: set[str]
    select: list[str]

    def selected(self, path: str) -> bool:
        """Return whether ``path`` is in the projection (everything is, without $select)."""
        if not self.select:
            return True
        parent = path.rsplit("/", 1)[0] + "/*" if "/" in path else "*"
        return any(s == path or s.startswith(path + "/") or s == parent for s in self.select)


Navs = dict[str, Callable[[str], Any]]


def _entity(ctx: RenderContext, name: str, uri: str, prefix: str, values: dict[str, Any], navs: Navs) -> dict:
    out: dict[str, Any] = {"__metadata": {"uri": f"{ctx.base}{uri}", "type": f"SFOData.{name}"}}
    spec = ENTITIES[name]
    for prop in spec.properties:
        if ctx.selected(prefix + prop):
            out[prop] = values.get(prop)
    for nav, target in spec.navs.items():
        path = prefix + nav
        if path in ctx.expand:
            child = navs[nav](path + "/")
            out[nav] = {"results": child} if target.many else child
        elif ctx.selected(path):
            out[nav] = {"__deferred": {"uri": f"{ctx.base}{uri}/{nav}"}}
    return out


def _phases(job: Employment, window: Window) -> list[tuple[date, date | None, str]]:
    phases: list[tuple[date, date | None, str]] = [(job.start_date, job.end_date, job.empl_status)]
    if job.end_date is not None:
        phases.append((job.end_date + timedelta(days=1), None, "T"))
    return [p for p in phases if p[0] <= window.end and (p[1] is None or p[1] >= window.start)]


def _status_option(ctx: RenderContext, code: str | None, prefix: str) -> dict | None:
    if code is None:
        return None
    option = list(EMPL_STATUS_LABELS).index(code) + 1 if code in EMPL_STATUS_LABELS else 0
    return _entity(
        ctx,
        "PicklistOption",
        f"PicklistOption({option}L)",
        prefix,
        {
            "id": str(option),
            "externalCode": code,
            "localeLabel": EMPL_STATUS_LABELS.get(code),
            "status": "ACTIVE",
        },
        {},
    )


def _code_of(name: str | None) -> str | None:
    """Return the external code this mock gives a foundation object: its name in capitals and underscores."""
    return re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").upper() or "FO" if name else None


def _foundation(ctx: RenderContext, kind: str, name: str | None, prefix: str) -> dict | None:
    """Return a foundation object (FOCompany, FODepartment, FOCostCenter) named ``name``, keyed by a code from it."""
    if not name:
        return None
    code = _code_of(name)
    values = {"externalCode": code, "name": name, "name_localized": name, "status": "A"}
    if kind == "FOCostCenter":
        values["description_localized"] = name
    uri = f"{kind}(externalCode='{code}',startDate=datetime'1900-01-01T00:00:00')"
    return _entity(ctx, kind, uri, prefix, values, {})


def _job_navs(ctx: RenderContext, job: Employment, code: str | None, full: bool) -> Navs:
    """Return an EmpJob's navigations: a pre-hire's row shows its company only (§7.3)."""
    return {
        "emplStatusNav": partial(_status_option, ctx, code),
        "companyNav": partial(_foundation, ctx, "FOCompany", job.company),
        "departmentNav": partial(_foundation, ctx, "FODepartment", job.department if full else None),
        "costCenterNav": partial(_foundation, ctx, "FOCostCenter", job.cost_center if full else None),
        "divisionNav": partial(_foundation, ctx, "FODivision", None),  # no HR record holds a division
    }


def _jobs(ctx: RenderContext, job: Employment, prefix: str) -> list[dict]:
    if ctx.window.end < job.start_date:  # a pre-hire: the company and the start date only
        phases: list[tuple[date, date | None, str | None]] = [(job.start_date, None, None)]
    else:
        phases = list(_phases(job, ctx.window))
    rows = []
    for start, end, code in phases:
        full = code is not None
        values: dict[str, Any] = {
            "userId": job.user_id,
            "startDate": odata_date(start),
            "endDate": odata_date(end or END_OF_TIME),
            "seqNumber": "1",
            "company": job.company,
            "emplStatus": code,
            "lastModifiedDateTime": odata_datetime(job.last_modified),
        }
        if full:
            values.update(
                jobTitle=job.job_title,
                department=job.department,
                managerId=job.manager_id,
                location=job.city,
                countryOfCompany=job.country,
                costCenter=_code_of(job.cost_center),
            )
        uri = f"EmpJob(seqNumber=1L,startDate=datetime'{start.isoformat()}T00:00:00',userId='{job.user_id}')"
        rows.append(_entity(ctx, "EmpJob", uri, prefix, values, _job_navs(ctx, job, code, full)))
    return rows


def _user(ctx: RenderContext, person: Person, job: Employment, prefix: str) -> dict:
    started = ctx.window.end >= job.start_date
    full_name = f"{person.first_name} {person.last_name}".strip()
    values: dict[str, Any] = {
        "userId": job.user_id,
        "username": job.user_id,
        "status": user_status(job, ctx.window.end),
        "firstName": person.first_name,
        "lastName": person.last_name,
        "defaultFullName": full_name,
        "lastModifiedDateTime": odata_datetime(job.last_modified),
    }
    if started:
        values.update(
            displayName=person.display_name or full_name,
            email=person.email,
            title=job.job_title,
            department=job.department,
            city=job.city,
            country=job.country,
        )
    return _entity(ctx, "User", f"User('{job.user_id}')", prefix, values, {})


def _employments(ctx: RenderContext, record: PersonRecord, prefix: str) -> list[dict]:
    person, key = record.person, record.person.person_id_external
    first_start = record.employments[0].start_date if record.employments else None
    rows = []
    for job in record.employments:
        values = {
            "personIdExternal": key,
            "userId": job.user_id,
            "startDate": odata_date(job.start_date),
            "endDate": odata_date(job.end_date),
            "originalStartDate": odata_date(first_start),
            "isContingentWorker": False,
            "createdDateTime": odata_datetime(person.created),
            "lastModifiedDateTime": odata_datetime(job.last_modified),
        }
        uri = f"EmpEmployment(personIdExternal='{key}',userId='{job.user_id}')"
        rows.append(
            _entity(
                ctx,
                "EmpEmployment",
                uri,
                prefix,
                values,
                {"jobInfoNav": partial(_jobs, ctx, job), "userNav": partial(_user, ctx, person, job)},
            )
        )
    return rows


def _is_prehire(record: PersonRecord, window: Window) -> bool:
    return bool(record.employments) and all(window.end < job.start_date for job in record.employments)


def _personal(ctx: RenderContext, record: PersonRecord, prefix: str) -> list[dict]:
    person, key = record.person, record.person.person_id_external
    start = record.employments[0].start_date if record.employments else from_db(person.created).date()
    values: dict[str, Any] = {
        "personIdExternal": key,
        "startDate": odata_date(start),
        "endDate": odata_date(END_OF_TIME),
        "firstName": person.first_name,
        "lastName": person.last_name,
        "lastModifiedDateTime": odata_datetime(person.last_modified),
    }
    if not _is_prehire(record, ctx.window):
        values.update(displayName=person.display_name, preferredName=person.first_name)
    uri = f"PerPersonal(personIdExternal='{key}',startDate=datetime'{start.isoformat()}T00:00:00')"
    return [_entity(ctx, "PerPersonal", uri, prefix, values, {})]


def _contact(ctx: RenderContext, record: PersonRecord, prefix: str, kind: str) -> list[dict]:
    person, key = record.person, record.person.person_id_external
    value = person.email if kind == "PerEmail" else person.phone
    if not value or _is_prehire(record, ctx.window):
        return []
    if kind == "PerEmail":
        values: dict[str, Any] = {"emailType": "B", "emailAddress": value}
        uri = f"PerEmail(emailType='B',personIdExternal='{key}')"
    else:
        values = {"phoneType": "B", "phoneNumber": value}
        uri = f"PerPhone(personIdExternal='{key}',phoneType='B')"
    values.update(
        personIdExternal=key, isPrimary=True, lastModifiedDateTime=odata_datetime(person.last_modified)
    )
    return [_entity(ctx, kind, uri, prefix, values, {})]


def _termination(ctx: RenderContext, record: PersonRecord, prefix: str) -> dict | None:
    if not record.employments:
        return None  # no termination object: Microsoft's full-sync filter drops such persons
    key = record.person.person_id_external
    ends = [job.end_date for job in record.employments if job.end_date is not None]
    values = {
        "personIdExternal": key,
        "activeEmploymentsCount": sum(employment_active(j, ctx.window.end) for j in record.employments),
        "latestTerminationDate": odata_date(max(ends)) if ends else None,
    }
    return _entity(ctx, "PersonEmpTerminationInfo", f"PersonEmpTerminationInfo('{key}')", prefix, values, {})


def render_person(ctx: RenderContext, record: PersonRecord) -> dict:
    """Return one PerPerson with the navigations ``ctx`` expands."""
    person, key = record.person, record.person.person_id_external
    values = {
        "personIdExternal": key,
        "personId": person.person_id,
        "perPersonUuid": hashlib.sha256(f"uuid:{person.tenant_id}:{key}".encode()).hexdigest()[:32].upper(),
        "dateOfBirth": odata_date(person.date_of_birth),
        "createdDateTime": odata_datetime(person.created),
        "lastModifiedDateTime": odata_datetime(person.last_modified),
    }
    return _entity(
        ctx,
        "PerPerson",
        f"PerPerson('{key}')",
        "",
        values,
        {
            "employmentNav": lambda p: _employments(ctx, record, p),
            "personalInfoNav": lambda p: _personal(ctx, record, p),
            "emailNav": lambda p: _contact(ctx, record, p, "PerEmail"),
            "phoneNav": lambda p: _contact(ctx, record, p, "PerPhone"),
            "personEmpTerminationInfoNav": lambda p: _termination(ctx, record, p),
        },
    )
