"""What the connector asks the HR system for, derived from the attributes the job maps (§7.2, §7.3).

Workday: Get_Workers' ``Response_Group`` turns on a section of the worker only when a mapped XPath reads it
(workday-integration-reference: "Response_Group flags derived from the mapped XPaths"); the reference is always
included, since the WID and Worker_ID identify the worker. SuccessFactors: ``$expand`` always names the entities the
integration reference marks "Always" and adds each navigation a mapped JSONPath walks through ("Only if ... is
mapped", e.g. ``employmentNav/jobInfoNav/costCenterNav`` for costCenter).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["ALWAYS_EXPANDED", "GROUP_OF_SECTION", "response_groups", "sf_expand"]

#: Worker_Data's sections and the Response_Group flag that returns each, in the WSDL's element order.
GROUP_OF_SECTION: dict[str, str] = {
    "Personal_Data": "Include_Personal_Information",
    "Employment_Data": "Include_Employment_Information",
    "Compensation_Data": "Include_Compensation",
    "Organization_Data": "Include_Organizations",
    "Role_Data": "Include_Roles",
    "Management_Chain_Data": "Include_Management_Chain_Data",
    "Transaction_Log_Entry_Data": "Include_Transaction_Log_Data",
    "User_Account_Data": "Include_User_Account",
    "Account_Provisioning_Data": "Include_Account_Provisioning",
}
_ORDER = ["Include_Reference", *GROUP_OF_SECTION.values()]
_SECTION = re.compile(r"Worker_Data/(?:\w+:)?(\w+)")

#: The integration reference's "Always" rows, in the order its sample requests list them.
ALWAYS_EXPANDED = (
    "employmentNav/userNav",
    "employmentNav/jobInfoNav",
    "personalInfoNav",
    "personEmpTerminationInfoNav",
    "phoneNav",
    "emailNav",
)
_NAV = re.compile(r"\b(\w+Nav(?:DEFLT)?)\b")


def response_groups(expressions: Iterable[str]) -> list[str]:
    """Return the Response_Group flags to set true for these XPaths, in the WSDL's order."""
    wanted = {"Include_Reference"}
    for expression in expressions:
        for section in _SECTION.findall(expression):
            if section in GROUP_OF_SECTION:
                wanted.add(GROUP_OF_SECTION[section])
    return [flag for flag in _ORDER if flag in wanted]


def sf_expand(expressions: Iterable[str]) -> list[str]:
    """Return the ``$expand`` paths for these JSONPaths: the always-expanded ones, then each mapped chain."""
    paths = list(ALWAYS_EXPANDED)
    for expression in expressions:
        navs = _NAV.findall(expression)
        for depth in range(1, len(navs) + 1):
            chain = "/".join(navs[:depth])
            if chain not in paths and not any(p.startswith(chain + "/") for p in paths):
                paths.append(chain)
    return paths
