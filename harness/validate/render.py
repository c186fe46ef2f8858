"""Print a validation report: the terminal view (grouped, ending with failures and consequences), JUnit XML (one
testcase per check and dialect), a self-contained HTML page, and the ``--list`` table."""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape
from itertools import groupby
from xml.etree import ElementTree as ET

from harness.validate.model import Check, CheckResult
from harness.validate.runner import Report

__all__ = ["GLYPHS", "progress_glyph", "to_html", "to_json", "to_junit", "to_list", "to_terminal"]

GLYPHS = {"passed": "✓", "failed": "✗", "warning": "!", "skipped": "-"}
GROUPS = {
    "connection": "Connection",
    "discovery": "Discovery",
    "users": "Users",
    "validator": "Microsoft SCIM Validator",
    "groups": "Groups",
    "corpus": "Recorded Entra requests",
    "errors": "Errors and retries",
}


def group_of(check: Check) -> str:
    """Return the section a check is shown under (its id's first part)."""
    return GROUPS.get(check.id.split(".", 1)[0], check.id.split(".", 1)[0].title())


def progress_glyph(result: CheckResult) -> str:
    """Return the one character shown while a check's result comes in."""
    return {"passed": ".", "failed": "F", "warning": "W", "skipped": "s"}[result.status]


def to_json(report: Report) -> str:
    """Return the ``--json`` document."""
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


def _summary(report: Report) -> str:
    return (
        f"{report.count('passed')} passed, {report.count('failed')} failed, {report.count('warning')} warnings, "
        f"{report.count('skipped')} skipped"
    )


def to_terminal(report: Report, *, verbose: bool = False) -> str:
    """Return the grouped view: every check with its status, then each failure and warning with its consequence."""
    judged = (
        "; --judge rfc: RFC-literal answers to Entra's non-RFC forms are warnings"
        if report.judge == "rfc"
        else ""
    )
    lines = [
        f"Validated {report.target} (dialects: {', '.join(report.dialects)}; run prefix {report.prefix}{judged})"
    ]
    for dialect, results in groupby(report.results, key=lambda r: r.dialect):
        lines.append(f"\n== dialect {dialect}")
        for section, items in groupby(results, key=lambda r: group_of(r.check)):
            lines.append(f"\n{section}")
            for result in items:
                if result.status == "passed" and not verbose and section == GROUPS["corpus"]:
                    continue
                why = (
                    f" — {result.detail}" if result.detail and (verbose or result.status != "passed") else ""
                )
                lines.append(f"  {GLYPHS[result.status]} {result.check.id}: {result.check.title}{why}")
                if verbose:
                    lines += [f"      {e.method} {e.url} → {e.status}" for e in result.exchanges]
    problems = [r for r in report.results if r.status in ("failed", "warning")]
    if problems:
        lines.append("\nWhat Entra will do with this endpoint")
        for result in problems:
            label = "FAILED" if result.status == "failed" else "warning"
            lines.append(f"\n{label} {result.check.id} [{result.dialect}]: {result.check.title}")
            lines.append(f"  found:       {result.detail}")
            lines.append(f"  Entra:       {result.check.consequence}")
            lines.append(f"  behaviour:   {result.check.behaviour}")
            lines.append(f"  source:      {result.check.source}")
            sent = [e for e in result.exchanges if e.status is None or e.status >= 400]
            sent = sent or [e for e in result.exchanges if e.method != "GET"][-2:] or result.exchanges[-1:]
            lines += [f"  reproduce:   {e.curl()}" for e in sent[:2]]
    if report.cleanup_problems:
        lines.append("\nClean-up left objects behind: " + "; ".join(report.cleanup_problems))
    elif report.kept:
        lines.append(f"\n--keep: the objects named {report.prefix}* were left at the endpoint")
    lines.append(f"\n{_summary(report)}")
    return "\n".join(lines) + "\n"


def to_junit(report: Report) -> str:
    """Return a ``<testsuites>`` document: one testcase per check and dialect."""
    counts = {
        "name": "scimulator validate",
        "tests": str(len(report.results)),
        "failures": str(report.count("failed")),
        "errors": "0",
        "skipped": str(report.count("skipped")),
    }
    root = ET.Element("testsuites", counts)
    suite = ET.SubElement(root, "testsuite", counts)
    for result in report.results:
        case = ET.SubElement(
            suite,
            "testcase",
            classname=f"{group_of(result.check)} [{result.dialect}]",
            name=f"{result.check.id}: {result.check.title}",
        )
        if result.status == "failed":
            failure = ET.SubElement(case, "failure", message=result.detail, type="failed")
            failure.text = f"Entra: {result.check.consequence}\nSource: {result.check.source}"
        elif result.status == "skipped":
            ET.SubElement(case, "skipped", message=result.detail)
        if result.status == "warning":
            ET.SubElement(
                case, "system-out"
            ).text = f"warning: {result.detail}\nEntra: {result.check.consequence}"
        elif result.exchanges:
            ET.SubElement(case, "system-out").text = "\n".join(e.curl() for e in result.exchanges)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


_CSS = (
    "body{font-family:system-ui,sans-serif;margin:2rem;max-width:75rem;color:#1b1b1b}"
    ".check{border:1px solid #ccc;border-radius:6px;margin:.5rem 0;padding:.5rem .8rem}"
    ".passed{border-left:6px solid #107c10}.failed{border-left:6px solid #d13438}"
    ".warning{border-left:6px solid #c19c00}.skipped{border-left:6px solid #888}"
    "pre{white-space:pre-wrap;background:#f6f6f6;padding:.4rem;font-size:.8rem}"
)


def to_html(report: Report) -> str:
    """Return one self-contained HTML page (inline CSS, no scripts), every value escaped."""
    parts = [f"<h1>scimulator validate: {escape(report.target)}</h1><p>{escape(_summary(report))}</p>"]
    for result in report.results:
        check = result.check
        exchanges = "".join(
            f"<details><summary>{escape(e.method)} {escape(e.url)} → {e.status}</summary>"
            f"<pre>{escape(json.dumps(e.to_dict(), indent=2, ensure_ascii=False))}</pre></details>"
            for e in result.exchanges
        )
        consequence = (
            f"<p><b>Entra:</b> {escape(check.consequence)}</p>"
            if result.status in ("failed", "warning")
            else ""
        )
        parts.append(
            f'<div class="check {result.status}"><b>{GLYPHS[result.status]} {escape(check.id)}</b> '
            f"[{escape(result.dialect)}] {escape(check.title)}<p>{escape(result.detail)}</p>{consequence}"
            f"<p><small>{escape(check.behaviour)} — {escape(check.source)}</small></p>{exchanges}</div>"
        )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>scimulator validate</title>'
        f"<style>{_CSS}</style></head><body>\n" + "\n".join(parts) + "\n</body></html>\n"
    )


def to_list(checks: Sequence[Check]) -> str:
    """Return the ``--list`` view: id, tags and title of each check, grouped."""
    lines = []
    for section, items in groupby(checks, key=group_of):
        lines.append(section)
        lines += [f"  {c.id}  [{', '.join(c.tags)}]  {c.title}" for c in items]
    return "\n".join(lines) + f"\n{len(checks)} checks\n"
