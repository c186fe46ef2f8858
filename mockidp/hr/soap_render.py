"""Render Get_Workers responses as Workday's ``wd:`` XML (namespace ``urn:com.workday/bsvc``).

The element paths are the ones Microsoft's Workday connector reads (workday-attribute-reference, entra-behavior.md
§7.2): ``Worker_Reference/ID[@wd:type='WID'|'Employee_ID']``, ``Worker_Data/Worker_ID``, ``Personal_Data/
Name_Data/Legal_Name_Data/Name_Detail_Data/First_Name``, ``Contact_Data/Email_Address_Data`` (usage WORK),
``Employment_Data/Worker_Status_Data/Active|Hire_Date|Terminated|Termination_Date``, ``Position_Data/
Business_Title`` (v21.1: under Employment_Data; v30+: under ``Worker_Job_Data[@wd:Primary_Job=1]``),
``Organization_Data/Worker_Organization_Data`` (COMPANY, SUPERVISORY, COST_CENTER) and ``Management_Chain_Data`` (manager WID).
"""

from __future__ import annotations

import re
from datetime import date, datetime
from xml.etree.ElementTree import Element, SubElement, tostring

from idcore.clock import isoformat
from mockidp.hr.models import Worker
from mockidp.hr.soap_request import GetWorkers
from mockidp.hr.status import worker_active, worker_terminated
from mockidp.hr.workers import WorkerPage

__all__ = ["ENV_NAMESPACE", "WD_NAMESPACE", "render_get_workers"]

WD_NAMESPACE = "urn:com.workday/bsvc"
ENV_NAMESPACE = "http://schemas.xmlsoap.org/soap/envelope/"


def _el(parent: Element, tag: str, text: str | None = None, **attrs: str) -> Element:
    element = SubElement(parent, f"wd:{tag}", {f"wd:{k}": v for k, v in attrs.items()})
    if text is not None:
        element.text = text
    return element


def _ref(parent: Element, tag: str, descriptor: str | None, **ids: str) -> Element:
    ref = _el(parent, tag, **({"Descriptor": descriptor} if descriptor else {}))
    for kind, value in ids.items():
        _el(ref, "ID", value, type=kind)
    return ref


def _org_id(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").upper() or "ORG"


def _usage(parent: Element) -> None:
    usage = _el(parent, "Usage_Data", Public="1")
    type_data = _el(usage, "Type_Data", Primary="1")
    _ref(type_data, "Type_Reference", "Work", Communication_Usage_Type_ID="WORK")


def _personal(parent: Element, worker: Worker) -> None:
    personal = _el(parent, "Personal_Data")
    names = _el(personal, "Name_Data")
    legal = f"{worker.first_name} {worker.last_name}".strip()
    detail = _el(
        _el(names, "Legal_Name_Data"), "Name_Detail_Data", Formatted_Name=legal, Reporting_Name=legal
    )
    _el(detail, "First_Name", worker.first_name)
    _el(detail, "Last_Name", worker.last_name)
    first = worker.preferred_first_name or worker.first_name
    preferred = f"{first} {worker.last_name}".strip()
    detail = _el(
        _el(names, "Preferred_Name_Data"),
        "Name_Detail_Data",
        Formatted_Name=preferred,
        Reporting_Name=preferred,
    )
    _el(detail, "First_Name", first)
    _el(detail, "Last_Name", worker.last_name)
    contact = _el(personal, "Contact_Data")
    if worker.mobile_phone:
        phone = _el(
            contact,
            "Phone_Data",
            Formatted_Phone=worker.mobile_phone,
            Workday_Traditional_Formatted_Phone=worker.mobile_phone,
        )
        _ref(phone, "Phone_Device_Type_Reference", "Mobile", Phone_Device_Type_ID="Mobile")
        _usage(phone)
    if worker.email:
        email = _el(contact, "Email_Address_Data")
        _el(email, "Email_Address", worker.email)
        _usage(email)


def _position(parent: Element, worker: Worker) -> None:
    position = _el(parent, "Position_Data")
    _el(position, "Position_ID", f"P-{worker.worker_id}")
    if worker.business_title:
        _el(position, "Position_Title", worker.business_title)
        _el(position, "Business_Title", worker.business_title)
    kind = "Employee" if worker.worker_type == "Employee" else "Contingent Worker"
    _ref(position, "Worker_Type_Reference", kind, Worker_Type_ID=kind.replace(" ", "_"))
    site = _el(position, "Business_Site_Summary_Data")
    _el(site, "Name", worker.city or "Headquarters")
    address = _el(site, "Address_Data")
    if worker.city:
        _el(address, "Municipality", worker.city)
    if worker.country:
        code = {"ISO_3166-1_Alpha-2_Code": worker.country} if len(worker.country) == 2 else {}
        _ref(address, "Country_Reference", worker.country, **code)


def _status(parent: Element, worker: Worker, as_of: date) -> None:
    status = _el(parent, "Worker_Status_Data")
    _el(status, "Active", "1" if worker_active(worker, as_of) else "0")
    _el(status, "Hire_Date", worker.hire_date.isoformat())
    _el(status, "Original_Hire_Date", (worker.original_hire_date or worker.hire_date).isoformat())
    terminated = worker_terminated(worker, as_of)
    _el(status, "Terminated", "1" if terminated else "0")
    if terminated and worker.termination_date:
        _el(status, "Termination_Date", worker.termination_date.isoformat())
        _el(status, "Termination_Last_Day_of_Work", worker.termination_date.isoformat())
    _el(status, "Rehire", "1" if worker.rehire else "0")


def _organizations(parent: Element, worker: Worker) -> None:
    orgs = _el(parent, "Organization_Data")
    pairs = (
        ("COMPANY", worker.company),
        ("SUPERVISORY", worker.department),
        ("COST_CENTER", worker.cost_center),
    )
    for kind, name in pairs:
        if not name:
            continue
        item = _el(orgs, "Worker_Organization_Data")
        _ref(item, "Organization_Reference", name, Organization_Reference_ID=_org_id(name))
        data = _el(item, "Organization_Data")
        _el(data, "Organization_Name", name)
        _ref(data, "Organization_Type_Reference", kind.title(), Organization_Type_ID=kind)


def _management(parent: Element, worker: Worker, page: WorkerPage) -> None:
    manager = page.managers.get(worker.manager_worker_id or "")
    if manager is None:
        return
    chain = _el(_el(parent, "Management_Chain_Data"), "Worker_Supervisory_Management_Chain_Data")
    link = _el(chain, "Management_Chain_Data")
    if worker.department:
        _ref(
            link,
            "Organization_Reference",
            worker.department,
            Organization_Reference_ID=_org_id(worker.department),
        )
    _ref(
        link,
        "Manager_Reference",
        f"{manager.first_name} {manager.last_name}",
        WID=manager.wid,
        **{_id_type(manager): manager.worker_id},
    )


def _id_type(worker: Worker) -> str:
    return "Employee_ID" if worker.worker_type == "Employee" else "Contingent_Worker_ID"


def _worker(parent: Element, worker: Worker, page: WorkerPage, request: GetWorkers, version: str) -> None:
    node = _el(parent, "Worker")
    if "Include_Reference" in request.groups:
        _ref(node, "Worker_Reference", None, WID=worker.wid, **{_id_type(worker): worker.worker_id})
    data = _el(node, "Worker_Data")
    _el(data, "Worker_ID", worker.worker_id)
    if worker.user_id:
        _el(data, "User_ID", worker.user_id)
    if "Include_Personal_Information" in request.groups:
        _personal(data, worker)
    if "Include_Employment_Information" in request.groups:
        employment = _el(data, "Employment_Data")
        major = int(version.lstrip("v").split(".")[0] or 0)
        _position(_el(employment, "Worker_Job_Data", Primary_Job="1") if major >= 30 else employment, worker)
        _status(employment, worker, page.as_of)
    if "Include_Organizations" in request.groups:
        _organizations(data, worker)
    if "Include_Management_Chain_Data" in request.groups:
        _management(data, worker, page)


def render_get_workers(page: WorkerPage, request: GetWorkers, version: str, entry: datetime) -> bytes:
    """Return the whole SOAP envelope of a Get_Workers_Response."""
    envelope = Element("env:Envelope", {"xmlns:env": ENV_NAMESPACE})
    body = SubElement(envelope, "env:Body")
    response = SubElement(body, "wd:Get_Workers_Response", {"xmlns:wd": WD_NAMESPACE, "wd:version": version})
    filt = _el(response, "Response_Filter")
    _el(filt, "As_Of_Effective_Date", page.as_of.isoformat())
    _el(filt, "As_Of_Entry_DateTime", isoformat(request.as_of_entry or entry))
    _el(filt, "Page", str(page.page))
    _el(filt, "Count", str(page.count))
    results = _el(response, "Response_Results")
    _el(results, "Total_Results", str(page.total))
    _el(results, "Total_Pages", str(page.total_pages))
    _el(results, "Page_Results", str(len(page.workers)))
    _el(results, "Page", str(page.page))
    data = _el(response, "Response_Data")
    for worker in page.workers:
        _worker(data, worker, page, request, version)
    return b'<?xml version="1.0" encoding="UTF-8"?>' + tostring(envelope, encoding="unicode").encode("utf-8")
