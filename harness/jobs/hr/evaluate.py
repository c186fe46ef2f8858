"""Apply attribute expressions to one HR record: XPath over a Get_Workers worker, JSONPath over a PerPerson.

XPath runs in elementpath's XPath 2.0 parser in XPath 1.0 compatibility mode (Microsoft's connector uses .NET's
XPath 1.0, where ``@wd:Primary_Job=1`` compares the attribute as a number). Each Workday expression starts at
``wd:Worker``, so a worker is evaluated inside a wrapper of its own. A path that selects several nodes gives the
first; an element gives its text. SuccessFactors' OData dates (``/Date(ms)/``) become ISO dates, and a JSONPath
that selects an object or a list gives nothing (a source attribute is a single value).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any
from xml.etree.ElementTree import Element

import elementpath
import jsonpath
from elementpath import XPath2Parser

from harness.jobs.hr.attributes import WD_NAMESPACES

__all__ = ["compile_jsonpath", "compile_xpath", "odata_value", "person_values", "worker_values"]

_ODATA_DATE = re.compile(r"^/Date\((-?\d+)([+-]\d{4})?\)/$")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@lru_cache(maxsize=1024)
def compile_xpath(expression: str) -> elementpath.Selector:
    """Return the compiled XPath (raises elementpath's error for a bad one)."""
    return elementpath.Selector(
        expression, namespaces=WD_NAMESPACES, parser=XPath2Parser, compatibility_mode=True
    )


@lru_cache(maxsize=1024)
def compile_jsonpath(expression: str) -> jsonpath.JSONPath | jsonpath.CompoundJSONPath:
    """Return the compiled JSONPath (raises python-jsonpath's error for a bad one)."""
    return jsonpath.compile(expression)


def _xml_value(found: Any) -> str | None:
    items = found if isinstance(found, list) else [found]
    for item in items:
        if isinstance(item, Element):
            text = "".join(item.itertext())
        elif isinstance(item, bool) or item is None:
            continue
        else:
            text = str(item)
        if text.strip():
            return text.strip()
    return None


def worker_values(worker: Element, attributes: dict[str, str]) -> dict[str, str]:
    """Return each attribute's value for one ``wd:Worker`` element, attributes without a value left out."""
    wrapper = Element("Response_Data")
    wrapper.append(worker)
    values: dict[str, str] = {}
    for name, expression in attributes.items():
        value = _xml_value(compile_xpath(expression).select(wrapper))
        if value is not None:
            values[name] = value
    return values


def odata_value(value: Any) -> Any:
    """Return an OData v2 JSON value as a mapping reads it: ``/Date(ms)/`` as an ISO date or date-time."""
    if not isinstance(value, str):
        return value
    match = _ODATA_DATE.match(value)
    if match is None:
        return value
    moment = _EPOCH + timedelta(milliseconds=int(match.group(1)))
    if match.group(2) is None:
        return moment.date().isoformat()  # Edm.DateTime: a calendar date at midnight UTC
    return moment.isoformat().replace("+00:00", "Z")


def person_values(person: dict[str, Any], attributes: dict[str, str]) -> dict[str, Any]:
    """Return each attribute's value for one PerPerson entry, empty and non-scalar results left out."""
    values: dict[str, Any] = {}
    for name, expression in attributes.items():
        for found in compile_jsonpath(expression).findall(person):
            if isinstance(found, dict | list) or found is None or found == "":
                continue
            values[name] = odata_value(found)
            break
    return values
