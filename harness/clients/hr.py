"""The HR connectors: Workday ``Get_Workers`` over SOAP and SuccessFactors ``PerPerson`` over OData v2 (§7).

Both authenticate with the job's source client id and secret as user name and password (WS-Security
UsernameToken; HTTP Basic). Each reads one worker and returns its source attributes the way Entra defines them:
every Workday attribute an XPath over the worker in the Get_Workers response, every SuccessFactors attribute a
JSONPath over the PerPerson (harness.jobs.hr: Microsoft's documented lists plus the job's own). A read asks only
for what the attributes it evaluates need: Workday's Response_Group and SuccessFactors' ``$expand`` follow from
their expressions, as the connector's do. None when the worker does not exist.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Iterable
from datetime import date
from typing import Any
from xml.etree.ElementTree import Element
from xml.sax.saxutils import escape

import requests
from defusedxml.ElementTree import fromstring

from harness.clients.http import Channel, WireLog
from harness.clients.reply import ReadError, Reply
from harness.jobs.hr import (
    ENGINE_ATTRIBUTES,
    HrKind,
    attribute_list,
    person_values,
    response_groups,
    sf_expand,
    workday_version,
    worker_values,
)
from idcore.clock import Clock

__all__ = ["HrError", "SuccessFactorsClient", "WorkdayClient", "selected_attributes"]

_WD = "urn:com.workday/bsvc"
_HEX32 = re.compile(r"^[0-9a-fA-F]{32}$")


def selected_attributes(kind: HrKind, attributes: dict[str, str], names: Iterable[str]) -> dict[str, str]:
    """Return the attributes a read evaluates: the engine's own and ``names``, in that order, unknown names left out."""
    wanted = [*ENGINE_ATTRIBUTES[kind], *names]
    return {name: attributes[name] for name in dict.fromkeys(wanted) if name in attributes}


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
        self.version = workday_version(self.url)
        self.attributes = attribute_list("workday", self.version, getattr(source, "attributes", ()))
        self.channel = Channel.for_job(session, clock, settings, log, retry=retry)

    def worker(self, worker_id: str, names: Iterable[str] = ()) -> dict[str, Any] | None:
        """Return the attributes ``names`` (and the engine's) of the worker whose WID or Employee_ID is ``worker_id``."""
        wanted = selected_attributes("workday", self.attributes, names)
        kinds = ("WID", "Employee_ID") if _HEX32.match(worker_id) else ("Employee_ID", "Contingent_Worker_ID")
        for kind in kinds:
            record = self._get(kind, worker_id, wanted)
            if record is not None:
                return record
        return None

    def _get(self, kind: str, value: str, wanted: dict[str, str]) -> dict[str, Any] | None:
        groups = response_groups(wanted.values())
        envelope = _envelope(self.source, kind, value, self.clock.now().date(), self.version, groups)
        reply = self.channel.request(
            "POST",
            self.url,
            data=envelope.encode("utf-8"),
            headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": ""},
            log_body={"Get_Workers_Request": {kind: value, "Response_Group": groups}},
        )
        if not reply.ok:
            if reply.status == 500 and "Invalid ID value" in reply.text:
                return None  # Workday's fault for an unknown reference
            raise HrError(f"Workday Get_Workers failed: {reply.status or reply.error} {_fault(reply)}", reply)
        root = fromstring(reply.text)
        worker = next((e for e in root.iter() if _local(e.tag) == "Worker"), None)
        return worker_values(worker, wanted) if worker is not None else None


def _envelope(source: Any, kind: str, value: str, as_of: date, version: str, groups: list[str]) -> str:
    # The Integration System User is ``user@tenant``; a job may already give it in that form (§7.2).
    name = str(source.client_id or "")
    name = name if "@" in name else f"{name}@{source.tenant or ''}"
    user, secret = escape(name), escape(str(source.client_secret or ""))
    flags = "".join(f"<wd:{flag}>true</wd:{flag}>" for flag in groups)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" '
        f'xmlns:wd="{_WD}"><soapenv:Header><wsse:Security xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/'
        'oasis-200401-wss-wssecurity-secext-1.0.xsd"><wsse:UsernameToken>'
        f"<wsse:Username>{user}</wsse:Username>"
        f"<wsse:Password>{secret}</wsse:Password></wsse:UsernameToken></wsse:Security></soapenv:Header>"
        f'<soapenv:Body><wd:Get_Workers_Request wd:version="v{escape(version)}"><wd:Request_References>'
        f'<wd:Worker_Reference><wd:ID wd:type="{kind}">{escape(value)}</wd:ID></wd:Worker_Reference>'
        "</wd:Request_References><wd:Response_Filter>"
        f"<wd:As_Of_Effective_Date>{as_of.isoformat()}</wd:As_Of_Effective_Date>"
        f"</wd:Response_Filter><wd:Response_Group>{flags}</wd:Response_Group>"
        "</wd:Get_Workers_Request></soapenv:Body></soapenv:Envelope>"
    )


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _text(element: Element | None, name: str) -> str | None:
    """Return the stripped text of the first descendant called ``name`` (any namespace)."""
    found = next((e for e in element.iter() if _local(e.tag) == name), None) if element is not None else None
    return (found.text or "").strip() or None if found is not None else None


def _fault(reply: Reply) -> str:
    try:
        return _text(fromstring(reply.text), "faultstring") or reply.text[:200]
    except Exception:  # noqa: BLE001 - any unparsable body is shown raw
        return reply.text[:200]


class SuccessFactorsClient:
    """Read one person by personIdExternal from Employee Central OData v2 (S13)."""

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
        self.attributes = attribute_list("successfactors", extra=getattr(source, "attributes", ()))
        raw = f"{source.client_id or ''}:{source.client_secret or ''}".encode()
        self.auth = {"Authorization": "Basic " + base64.b64encode(raw).decode("ascii")}
        self.channel = Channel.for_job(session, clock, settings, log, retry=retry)

    def person(self, person_id_external: str, names: Iterable[str] = ()) -> dict[str, Any] | None:
        """Return the person; a pre-hire is re-read with ``asOfDate`` = its start date (S13, also on demand)."""
        wanted = selected_attributes("successfactors", self.attributes, names)
        found = self._query(person_id_external, None, wanted)
        if found is None:
            return None
        start = found.get("startDate")
        if start and str(start) > self.clock.now().date().isoformat():
            return self._query(person_id_external, str(start), wanted) or found
        return found

    def _query(
        self, person_id_external: str, as_of: str | None, wanted: dict[str, str]
    ) -> dict[str, Any] | None:
        literal = person_id_external.replace("'", "''")
        params = {
            "$filter": f"personIdExternal eq '{literal}'",
            "$expand": ",".join(sf_expand(wanted.values())),
            "$format": "json",
        }
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
        return person_values(results[0], wanted) if results else None


def _results(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        if isinstance(node.get("results"), list):
            return [r for r in node["results"] if isinstance(r, dict)]
        return [node] if node else []
    return []
