"""The HR connectors: Workday ``Get_Workers`` over SOAP and SuccessFactors ``PerPerson`` over OData v2 (§7).

Both authenticate with the job's source client id and secret as user name and password (WS-Security
UsernameToken; HTTP Basic). Each returns a flat record keyed by the attribute names Entra's HR mappings use
(Workday: WorkerID, WID, FirstName, LastName, Active, StatusHireDate, ... S39; SuccessFactors: personIdExternal,
firstName, lastName, startDate, emplStatus, ... S13), or None when the worker does not exist.
"""

from __future__ import annotations

import base64
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any
from xml.etree.ElementTree import Element
from xml.sax.saxutils import escape

import requests
from defusedxml.ElementTree import fromstring

from harness.clients.http import Channel, WireLog
from harness.clients.reply import ReadError, Reply
from idcore.clock import Clock

__all__ = ["HrError", "SuccessFactorsClient", "WorkdayClient"]

_WD = "urn:com.workday/bsvc"
_HEX32 = re.compile(r"^[0-9a-fA-F]{32}$")


class HrError(ReadError):
    """An HR read that failed; ``reply`` is the exchange."""


class WorkdayClient:
    """Read one worker with Get_Workers, by WID or Worker ID, as of today on the clock (S38)."""

    def __init__(
        self,
        session: requests.Session,
        clock: Clock,
        settings: Any,
        source: Any,
        log: WireLog,
        *,
        retry: Any = None,
    ) -> None:
        self.source = source
        self.clock = clock
        self.url = str(source.url).rstrip("/")
        if "/ccx/service/" not in self.url:
            self.url = f"{self.url}/ccx/service/{source.tenant}/Human_Resources/v{getattr(settings, 'workday_version', '21.1')}"
        self.channel = Channel.for_job(session, clock, settings, log, retry=retry)

    def worker(self, worker_id: str) -> dict[str, Any] | None:
        """Return the worker whose WID (32 hex) or Employee_ID is ``worker_id``, as of the clock's date."""
        kinds = ("WID", "Employee_ID") if _HEX32.match(worker_id) else ("Employee_ID", "Contingent_Worker_ID")
        for kind in kinds:
            record = self._get(kind, worker_id)
            if record is not None:
                return record
        return None

    def _get(self, kind: str, value: str) -> dict[str, Any] | None:
        envelope = _envelope(self.source, kind, value, self.clock.now().date())
        reply = self.channel.request(
            "POST",
            self.url,
            data=envelope.encode("utf-8"),
            headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": ""},
            log_body={"Get_Workers_Request": {kind: value}},
        )
        if not reply.ok:
            if reply.status == 500 and "Invalid ID value" in reply.text:
                return None  # Workday's fault for an unknown reference
            raise HrError(f"Workday Get_Workers failed: {reply.status or reply.error} {_fault(reply)}", reply)
        root = fromstring(reply.text)
        worker = next((e for e in root.iter() if _local(e.tag) == "Worker"), None)
        return _worker_record(worker) if worker is not None else None


def _envelope(source: Any, kind: str, value: str, as_of: date) -> str:
    # The Integration System User is ``user@tenant``; a job may already give it in that form (§7.2).
    name = str(source.client_id or "")
    name = name if "@" in name else f"{name}@{source.tenant or ''}"
    user, secret = escape(name), escape(str(source.client_secret or ""))
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" '
        f'xmlns:wd="{_WD}"><soapenv:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/'
        'oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsse:UsernameToken>'
        f"<wsse:Username>{user}</wsse:Username>"
        f"<wsse:Password>{secret}</wsse:Password></wsse:UsernameToken></wsse:Security></soapenv:Header>"
        '<soapenv:Body><wd:Get_Workers_Request wd:version="v21.1"><wd:Request_References>'
        f'<wd:Worker_Reference><wd:ID wd:type="{kind}">{escape(value)}</wd:ID></wd:Worker_Reference>'
        "</wd:Request_References><wd:Response_Filter>"
        f"<wd:As_Of_Effective_Date>{as_of.isoformat()}</wd:As_Of_Effective_Date>"
        "</wd:Response_Filter></wd:Get_Workers_Request></soapenv:Body></soapenv:Envelope>"
    )


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _text(element: Element | None, *path: str) -> str | None:
    """Return the text of the first descendant reached by local names ``path`` (each step at any depth)."""
    current = element
    for name in path:
        if current is None:
            return None
        current = next((e for e in current.iter() if _local(e.tag) == name and e is not current), None)
    text = current.text.strip() if current is not None and current.text else None
    return text or None


def _reference(element: Element | None, container: str, kind: str) -> str | None:
    scope = (
        next((e for e in element.iter() if _local(e.tag) == container), None) if element is not None else None
    )
    if scope is None:
        return None
    for node in scope.iter():
        if _local(node.tag) == "ID" and any(
            _local(k) == "type" and v == kind for k, v in node.attrib.items()
        ):
            return (node.text or "").strip() or None
    return None


#: The attributes a Workday worker offers the mappings (the keys ``_worker_record`` fills).
WORKDAY_ATTRIBUTES = (
    "WID", "WorkerID", "UserID", "FirstName", "LastName", "PreferredFirstName", "PreferredNameData",
    "EmailAddress", "MobilePhone", "BusinessTitle", "SupervisoryOrganization", "Company", "Municipality",
    "CountryReferenceTwoLetter", "ManagerReference", "Active", "StatusHireDate", "StatusTerminated",
    "StatusTerminationDate",
)  # fmt: skip


def _worker_record(worker: Element) -> dict[str, Any]:
    status = _text(worker, "Worker_Status_Data", "Active")
    first = _text(worker, "Legal_Name_Data", "First_Name") or _text(worker, "First_Name")
    last = _text(worker, "Legal_Name_Data", "Last_Name") or _text(worker, "Last_Name")
    preferred = _text(worker, "Preferred_Name_Data", "First_Name")
    record = {
        "WID": _reference(worker, "Worker_Reference", "WID"),
        "WorkerID": _text(worker, "Worker_ID"),
        "UserID": _text(worker, "User_ID"),
        "FirstName": first,
        "LastName": last,
        "PreferredFirstName": preferred,
        "PreferredNameData": " ".join(p for p in (preferred or first, last) if p) or None,
        "EmailAddress": _text(worker, "Email_Address"),
        "MobilePhone": _text(worker, "Phone_Number") or _text(worker, "Formatted_Phone"),
        "BusinessTitle": _text(worker, "Business_Title"),
        "SupervisoryOrganization": _text(worker, "Organization_Name"),
        "Company": _text(worker, "Company_Name"),
        "Municipality": _text(worker, "Municipality"),
        "CountryReferenceTwoLetter": _text(worker, "Country_Code"),
        "ManagerReference": _reference(worker, "Manager", "WID")
        or _reference(worker, "Manager_Reference", "WID"),
        "Active": {"true": "1", "false": "0"}.get((status or "").lower(), status),
        "StatusHireDate": _text(worker, "Hire_Date"),
        "StatusTerminated": _text(worker, "Terminated"),
        "StatusTerminationDate": _text(worker, "Termination_Date"),
    }
    return {k: v for k, v in record.items() if v is not None}


def _fault(reply: Reply) -> str:
    try:
        return _text(fromstring(reply.text), "faultstring") or reply.text[:200]
    except Exception:  # noqa: BLE001 - any unparsable body is shown raw
        return reply.text[:200]


class SuccessFactorsClient:
    """Read one person by personIdExternal from Employee Central OData v2 (S13)."""

    EXPAND = (
        "personalInfoNav,emailNav,phoneNav,employmentNav,employmentNav/jobInfoNav,employmentNav/userNav,"
        "personEmpTerminationInfoNav"
    )

    def __init__(
        self,
        session: requests.Session,
        clock: Clock,
        settings: Any,
        source: Any,
        log: WireLog,
        *,
        retry: Any = None,
    ) -> None:
        self.clock = clock
        self.url = str(source.url).rstrip("/")
        raw = f"{source.client_id or ''}:{source.client_secret or ''}".encode()
        self.auth = {"Authorization": "Basic " + base64.b64encode(raw).decode("ascii")}
        self.channel = Channel.for_job(session, clock, settings, log, retry=retry)

    def person(self, person_id_external: str) -> dict[str, Any] | None:
        """Return the person; a pre-hire is re-read with ``asOfDate`` = its start date (S13, also on demand)."""
        found = self._query(person_id_external, None)
        if found is None:
            return None
        start = found.get("startDate")
        if start and start > self.clock.now().date().isoformat():
            return self._query(person_id_external, start) or found
        return found

    def _query(self, person_id_external: str, as_of: str | None) -> dict[str, Any] | None:
        literal = person_id_external.replace("'", "''")
        params = {"$filter": f"personIdExternal eq '{literal}'", "$expand": self.EXPAND, "$format": "json"}
        if as_of:
            params["asOfDate"] = as_of
        reply = self.channel.request(
            "GET",
            f"{self.url}/odata/v2/PerPerson",
            params=params,
            headers={"Accept": "application/json", **self.auth},
        )
        if not reply.ok:
            raise HrError(
                f"SuccessFactors PerPerson failed: {reply.status or reply.error} {reply.detail()}", reply
            )
        results = _results(reply.body.get("d") if isinstance(reply.body, dict) else None)
        return _person_record(results[0]) if results else None


def _results(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        if isinstance(node.get("results"), list):
            return [r for r in node["results"] if isinstance(r, dict)]
        return [node] if node else []
    return []


def _first(node: Any) -> dict[str, Any]:
    found = _results(node)
    return found[0] if found else {}


def _odata_date(value: Any) -> str | None:
    match = re.match(r"/Date\((-?\d+)([+-]\d+)?\)/", str(value or ""))
    if not match:
        return str(value)[:10] if value else None
    return (datetime(1970, 1, 1, tzinfo=UTC) + timedelta(milliseconds=int(match.group(1)))).date().isoformat()


#: The attributes a SuccessFactors person offers the mappings (the keys ``_person_record`` fills).
SUCCESSFACTORS_ATTRIBUTES = (
    "personIdExternal", "personId", "firstName", "lastName", "displayName", "email", "phone", "startDate",
    "endDate", "userId", "username", "emplStatus", "jobTitle", "department", "company", "managerId",
    "activeEmploymentsCount",
)  # fmt: skip


def _person_record(person: dict[str, Any]) -> dict[str, Any]:
    personal = _first(person.get("personalInfoNav"))
    employment = _first(person.get("employmentNav"))
    job = _first(employment.get("jobInfoNav"))
    user = _first(employment.get("userNav")) if isinstance(employment.get("userNav"), dict) else {}
    termination = _first(person.get("personEmpTerminationInfoNav"))
    status = job.get("emplStatus")
    if isinstance(job.get("emplStatusNav"), dict):
        status = job["emplStatusNav"].get("externalCode", status)
    record = {
        "personIdExternal": person.get("personIdExternal"),
        "personId": person.get("personId"),
        "firstName": personal.get("firstName"),
        "lastName": personal.get("lastName"),
        "displayName": personal.get("displayName"),
        "email": _first(person.get("emailNav")).get("emailAddress"),
        "phone": _first(person.get("phoneNav")).get("phoneNumber"),
        "startDate": _odata_date(employment.get("startDate")),
        "endDate": _odata_date(employment.get("endDate")),
        "userId": employment.get("userId") or user.get("userId"),
        "username": user.get("username"),
        "emplStatus": status,
        "jobTitle": job.get("jobTitle"),
        "department": job.get("department"),
        "company": job.get("company"),
        "managerId": job.get("managerId"),
        "activeEmploymentsCount": termination.get("activeEmploymentsCount"),
    }
    return {k: v for k, v in record.items() if v not in (None, "")}
