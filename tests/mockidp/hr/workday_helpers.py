"""Build Get_Workers envelopes and read their answers, as a Workday client would."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from defusedxml import ElementTree

from tests.mockidp.hr.conftest import BASE, CLIENT_ID, SECRET

NS = {"wd": "urn:com.workday/bsvc", "env": "http://schemas.xmlsoap.org/soap/envelope/"}
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"


def envelope(request_xml: str, user: str | None = CLIENT_ID, password: str | None = SECRET) -> str:
    token = ""
    if user is not None:
        token = (
            f'<env:Header><wsse:Security xmlns:wsse="{WSSE}"><wsse:UsernameToken>'
            f"<wsse:Username>{user}</wsse:Username><wsse:Password>{password}</wsse:Password>"
            "</wsse:UsernameToken></wsse:Security></env:Header>"
        )
    return (
        f'<env:Envelope xmlns:env="{NS["env"]}" xmlns:bsvc="{NS["wd"]}">{token}<env:Body>{request_xml}'
        "</env:Body></env:Envelope>"
    )


def get_workers(
    *,
    refs: list[tuple[str, str]] | None = None,
    criteria: str = "",
    response_filter: str = "",
    group: str = "",
) -> str:
    parts = ['<bsvc:Get_Workers_Request bsvc:version="v21.1">']
    if refs is not None:
        parts.append("<bsvc:Request_References>")
        parts += [
            f'<bsvc:Worker_Reference><bsvc:ID bsvc:type="{k}">{v}</bsvc:ID></bsvc:Worker_Reference>'
            for k, v in refs
        ]
        parts.append("</bsvc:Request_References>")
    if criteria:
        parts.append(f"<bsvc:Request_Criteria>{criteria}</bsvc:Request_Criteria>")
    if response_filter:
        parts.append(f"<bsvc:Response_Filter>{response_filter}</bsvc:Response_Filter>")
    if group:
        parts.append(f"<bsvc:Response_Group>{group}</bsvc:Response_Group>")
    parts.append("</bsvc:Get_Workers_Request>")
    return "".join(parts)


def url(tenant: str = "hrtenant", version: str | None = "v21.1") -> str:
    return f"{BASE}/ccx/service/{tenant}/Human_Resources" + (f"/{version}" if version else "")


def parse(text: str) -> Element:
    return ElementTree.fromstring(text.encode())


def workers(root: Element) -> list[Element]:
    return root.findall(".//wd:Response_Data/wd:Worker", NS)


def value(node: Element, path: str) -> str | None:
    found = node.find(path, NS)
    return None if found is None else found.text


def worker_ids(root: Element) -> list[str]:
    return [value(w, "wd:Worker_Data/wd:Worker_ID") or "" for w in workers(root)]


def fault(text: str) -> tuple[str, str]:
    root = parse(text)
    return root.findtext(".//faultcode") or "", root.findtext(".//faultstring") or ""
