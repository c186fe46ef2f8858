"""JUnit XML: one testcase per run, so a CI system shows on-demand runs beside its tests.

A Failure run is a ``<failure>`` whose message is "<error code>: <message>" and whose text lists the tips; a
Skipped run is ``<skipped>`` with its reason (RedundantExport, NotEffectivelyEntitled…); the terminal view of the
run goes to ``<system-out>``. Times are the run's own clock-measured duration, never the wall clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from xml.etree import ElementTree as ET

from harness.render.common import skip_reason, subject_label, subject_type
from harness.render.terminal import to_terminal
from harness.result import ProvisioningResult

__all__ = ["duration_seconds", "to_junit"]


def to_junit(results: Sequence[ProvisioningResult], *, suite: str = "scimulator") -> str:
    """Return a ``<testsuites>`` document with one testcase per run."""
    failures = sum(1 for r in results if r.result == "Failure")
    skipped = sum(1 for r in results if r.result == "Skipped")
    total_time = sum(duration_seconds(r) for r in results)
    counts = {
        "name": suite,
        "tests": str(len(results)),
        "failures": str(failures),
        "errors": "0",
        "skipped": str(skipped),
        "time": f"{total_time:.3f}",
    }
    root = ET.Element("testsuites", counts)
    element = ET.SubElement(root, "testsuite", counts)
    for result in results:
        element.append(_testcase(result))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _testcase(result: ProvisioningResult) -> ET.Element:
    job_name = str((result.job or {}).get("name") or "provision")
    name = f"{subject_type(result)} {subject_label(result)}: {result.action}"
    case = ET.Element("testcase", classname=job_name, name=name, time=f"{duration_seconds(result):.3f}")
    if result.result == "Failure":
        error = result.error
        code = error.code if error else "Failure"
        message = error.message if error else "the run failed"
        failure = ET.SubElement(case, "failure", message=f"{code}: {message}", type=code)
        failure.text = "\n".join([message, *(f"- {tip}" for tip in (error.tips if error else []))])
    elif result.result == "Skipped":
        ET.SubElement(case, "skipped", message=skip_reason(result) or "Skipped")
    out = ET.SubElement(case, "system-out")
    out.text = to_terminal(result, verbose=True)
    return case


def duration_seconds(result: ProvisioningResult) -> float:
    """Return the run's duration from its start and end times (0 when either is missing)."""
    from idcore.clock import parse_iso

    if not result.start_time or not result.end_time:
        return 0.0
    try:
        return max(0.0, (parse_iso(result.end_time) - parse_iso(result.start_time)).total_seconds())
    except ValueError:
        return 0.0
