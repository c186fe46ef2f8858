"""Parse a Workday ``Get_Workers`` SOAP request into plain data.

Reads the envelope with defusedxml (no entities, no DTDs), takes the WS-Security UsernameToken from the header and
the first element of the body as the operation. Element names are matched by local name under any prefix, as
Workday's own parser is namespace-aware but clients vary their prefixes. Structure (Human_Resources WSDL):
``Get_Workers_Request/Request_References/Worker_Reference/ID[@type]``,
``Request_Criteria/Transaction_Log_Criteria_Data/Transaction_Date_Range_Data/Updated_From|Updated_Through``,
``Request_Criteria/Exclude_Inactive_Workers``, ``Response_Filter/As_Of_Effective_Date|As_Of_Entry_DateTime|Page|
Count``, ``Response_Group/Include_*``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from xml.etree.ElementTree import Element

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException

from idcore.clock import parse_iso
from mockidp.hr.errors import SoapFault, ValidationFault

__all__ = ["MAX_COUNT", "REFERENCE_TYPES", "GetWorkers", "SoapRequest", "parse_envelope", "parse_get_workers"]

REFERENCE_TYPES = ("WID", "Employee_ID", "Contingent_Worker_ID")
DEFAULT_COUNT = 100
MAX_COUNT = 999
_GROUP_FLAGS = (
    "Include_Reference",
    "Include_Personal_Information",
    "Include_Employment_Information",
    "Include_Organizations",
    "Include_Management_Chain_Data",
    "Include_Transaction_Log_Data",
)
_XPATH = "/ns0:Get_Workers_Request[1]"


@dataclass
class SoapRequest:
    """The envelope's credentials and its operation element."""

    username: str | None
    password: str | None
    operation: str
    body: Element


@dataclass
class GetWorkers:
    """The parts of a Get_Workers request this mock honours."""

    references: list[tuple[str, str]] | None = None
    skip_missing: bool = False
    updated_from: datetime | None = None
    updated_through: datetime | None = None
    effective_from: datetime | None = None
    effective_through: datetime | None = None
    exclude_inactive: bool = False
    exclude_employees: bool = False
    exclude_contingent: bool = False
    as_of_date: date | None = None
    as_of_entry: datetime | None = None
    page: int = 1
    count: int = DEFAULT_COUNT
    groups: set[str] = field(default_factory=lambda: set(_GROUP_FLAGS))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(parent: Element | None, name: str) -> Element | None:
    return None if parent is None else parent.find(f"{{*}}{name}")


def _text(parent: Element | None, name: str) -> str | None:
    found = _child(parent, name)
    return None if found is None or found.text is None else found.text.strip()


def parse_envelope(data: bytes) -> SoapRequest:
    """Return the credentials and operation of a SOAP envelope, or raise a client fault."""
    try:
        root = ElementTree.fromstring(data)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as exc:
        raise SoapFault(f"The request is not well-formed XML: {exc}") from exc
    if _local(root.tag) != "Envelope":
        raise SoapFault("The request is not a SOAP envelope.")
    token = _child(_child(_child(root, "Header"), "Security"), "UsernameToken")
    body = _child(root, "Body")
    operation = next(iter(body), None) if body is not None else None
    if operation is None:
        raise SoapFault("The SOAP body is empty: send a Get_Workers_Request.")
    return SoapRequest(_text(token, "Username"), _text(token, "Password"), _local(operation.tag), operation)


def _bool(value: str | None, name: str) -> bool:
    if value is None:
        return False
    if value.lower() in ("1", "true"):
        return True
    if value.lower() in ("0", "false"):
        return False
    raise ValidationFault(f"'{value}' is not a valid boolean for {name}.", xpath=f"{_XPATH}//ns0:{name}[1]")


def _datetime(value: str | None, name: str) -> datetime | None:
    if not value:
        return None
    try:
        return parse_iso(value)
    except ValueError as exc:
        raise ValidationFault(
            f"'{value}' is not a valid dateTime for {name}.", xpath=f"{_XPATH}//ns0:{name}[1]"
        ) from exc


def _date(value: str | None, name: str) -> date | None:
    """Parse an xsd:date, which may carry a zone (``2026-01-05-08:00``, ``2026-01-05Z``)."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10]) if len(value) in (10, 11, 16) else parse_iso(value).date()
    except ValueError as exc:
        raise ValidationFault(
            f"'{value}' is not a valid date for {name}.", xpath=f"{_XPATH}//ns0:{name}[1]"
        ) from exc


def _int(value: str | None, name: str, default: int, high: int) -> int:
    if value is None:
        return default
    try:
        number = int(float(value))
    except (ValueError, OverflowError) as exc:  # OverflowError: "1e999" is an infinite float
        raise ValidationFault(f"'{value}' is not a valid number for {name}.") from exc
    if not 1 <= number <= high:
        raise ValidationFault(
            f"The value of {name} must be between 1 and {high}.",
            xpath=f"{_XPATH}/ns0:Response_Filter[1]/ns0:{name}[1]",
        )
    return number


def _references(request: Element) -> tuple[list[tuple[str, str]] | None, bool]:
    refs = _child(request, "Request_References")
    if refs is None:
        return None, False
    skip = _bool(_attr(refs, "Skip_Non_Existing_Instances"), "Skip_Non_Existing_Instances")
    found: list[tuple[str, str]] = []
    for index, ref in enumerate(refs.findall("{*}Worker_Reference"), start=1):
        for ident in ref.findall("{*}ID"):
            kind = _attr(ident, "type") or ""
            if kind not in REFERENCE_TYPES:
                raise ValidationFault(
                    f"Invalid ID type '{kind}' for Worker_Reference.",
                    xpath=f"{_XPATH}/ns0:Request_References[1]/ns0:Worker_Reference[{index}]",
                )
            found.append((kind, (ident.text or "").strip()))
    return found, skip


def _attr(element: Element, name: str) -> str | None:
    for key, value in element.attrib.items():
        if _local(key) == name:
            return value
    return None


def parse_get_workers(request: Element) -> GetWorkers:
    """Return the Get_Workers request as data, or raise a validation fault."""
    out = GetWorkers()
    out.references, out.skip_missing = _references(request)
    criteria = _child(request, "Request_Criteria")
    log = _child(criteria, "Transaction_Log_Criteria_Data")
    for window in log.findall("{*}Transaction_Date_Range_Data") if log is not None else []:
        out.updated_from = _datetime(_text(window, "Updated_From"), "Updated_From") or out.updated_from
        out.updated_through = (
            _datetime(_text(window, "Updated_Through"), "Updated_Through") or out.updated_through
        )
        out.effective_from = (
            _datetime(_text(window, "Effective_From"), "Effective_From") or out.effective_from
        )
        out.effective_through = (
            _datetime(_text(window, "Effective_Through"), "Effective_Through") or out.effective_through
        )
    out.exclude_inactive = _bool(_text(criteria, "Exclude_Inactive_Workers"), "Exclude_Inactive_Workers")
    out.exclude_employees = _bool(_text(criteria, "Exclude_Employees"), "Exclude_Employees")
    out.exclude_contingent = _bool(
        _text(criteria, "Exclude_Contingent_Workers"), "Exclude_Contingent_Workers"
    )
    filt = _child(request, "Response_Filter")
    out.as_of_date = _date(_text(filt, "As_Of_Effective_Date"), "As_Of_Effective_Date")
    out.as_of_entry = _datetime(_text(filt, "As_Of_Entry_DateTime"), "As_Of_Entry_DateTime")
    out.page = _int(_text(filt, "Page"), "Page", 1, 10**9)
    out.count = _int(_text(filt, "Count"), "Count", DEFAULT_COUNT, MAX_COUNT)
    group = _child(request, "Response_Group")
    if group is not None:
        out.groups = {name for name in _GROUP_FLAGS if _bool(_text(group, name), name)}
        if _text(group, "Include_Reference") is None:
            out.groups.add("Include_Reference")  # true unless turned off
    return out
