"""Read the shipped HR attribute lists and a job's additions, and check an XPath or a JSONPath before any run.

Workday's list depends on the Web Services version the connection URL names (workday-attribute-reference: the
v21.1 table when the URL names none, the v30+ table from v30.0 on). A job's ``source.attributes`` entries replace a
shipped attribute of the same name or add a new one, as "Edit attribute list for Workday/SuccessFactors" does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml

__all__ = [
    "ENGINE_ATTRIBUTES",
    "WD_NAMESPACES",
    "HrKind",
    "attribute_list",
    "check_expression",
    "default_attributes",
    "workday_version",
]

HrKind = Literal["workday", "successfactors"]

#: The Workday response's namespace prefix, as the XPath API expressions write it.
WD_NAMESPACES = {"wd": "urn:com.workday/bsvc"}

#: What the engine reads whatever the mappings say: the worker's identity and status (§7.2, §7.3; the importer).
ENGINE_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "workday": ("WID", "WorkerID", "Active"),
    "successfactors": ("personIdExternal", "startDate", "emplStatus", "activeEmploymentsCount"),
}

_FILES = {"workday": "workday-attributes.yaml", "successfactors": "successfactors-attributes.yaml"}
_VERSION = re.compile(r"/Human_Resources/v(\d+(?:\.\d+)?)", re.IGNORECASE)


@cache
def _data(kind: HrKind) -> dict[str, Any]:
    text = resources.files("harness.jobs.hr").joinpath(_FILES[kind]).read_text(encoding="utf-8")
    return dict(yaml.safe_load(text))


def workday_version(url: str, default: str = "21.1") -> str:
    """Return the Web Services version a Workday URL names, or ``default`` when it names none (§7.2)."""
    found = _VERSION.search(url or "")
    return found.group(1) if found else default


def default_attributes(kind: HrKind, version: str = "21.1") -> dict[str, str]:
    """Return the shipped attribute list (name → expression); Workday's for the table ``version`` falls in."""
    data = _data(kind)
    if kind == "successfactors":
        return dict(data["attributes"])
    try:
        major = int(float(version))
    except ValueError:
        major = 21
    return dict(data["versions"]["30.0" if major >= 30 else "21.1"])


def attribute_list(
    kind: HrKind, version: str = "21.1", extra: Iterable[tuple[str, str]] | Mapping[str, str] = ()
) -> dict[str, str]:
    """Return the shipped list with a job's own attributes laid over it (same name: the job's expression wins)."""
    merged = default_attributes(kind, version)
    merged.update(dict(extra))
    return merged


def check_expression(kind: HrKind, expression: str) -> str | None:
    """Return why ``expression`` is not a valid XPath (Workday) or JSONPath (SuccessFactors), or None when it is."""
    from harness.jobs.hr.evaluate import compile_jsonpath, compile_xpath

    if not expression.strip():
        return "is empty"
    try:
        if kind == "workday":
            compile_xpath(expression)
        else:
            compile_jsonpath(expression)
    except Exception as exc:  # noqa: BLE001 - each library raises its own syntax and name errors
        what = "XPath" if kind == "workday" else "JSONPath"
        return f"is not a valid {what} expression: {' '.join(str(exc).split())}"
    return None
