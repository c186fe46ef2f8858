"""A self-contained HTML report: one page, inline CSS, no scripts or external assets, every value escaped.

Each run is a section with the portal's step cards (status, title, description, error with tips), the details as
tables ("View details" open), the modified properties and the requests sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

from harness.render.common import GLYPHS, skip_reason, subject_label, subject_type, text_value
from harness.result import ProvisioningResult, Step

__all__ = ["to_html"]

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem;color:#1b1b1b;max-width:70rem}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}
.run{border-top:2px solid #ddd;padding-top:1rem}
.step{border:1px solid #ccc;border-radius:6px;margin:.6rem 0;padding:.6rem .9rem}
.step h3{font-size:1rem;margin:0 0 .3rem 0}
.Success{border-left:6px solid #107c10}.Failure{border-left:6px solid #d13438}
.Skipped,.Warning{border-left:6px solid #c19c00}
.badge{font-weight:600}.error{background:#fde7e9;padding:.4rem .6rem;border-radius:4px}
table{border-collapse:collapse;margin:.4rem 0}td,th{border:1px solid #ddd;padding:.2rem .5rem;
text-align:left;vertical-align:top;font-size:.9rem}th{background:#f3f3f3}
code{font-family:ui-monospace,Consolas,monospace}
""".strip()


def to_html(results: Sequence[ProvisioningResult], *, title: str = "Provision on demand report") -> str:
    """Return one HTML document covering every run."""
    body = "\n".join(_run(r) for r in results)
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        f"<h1>{escape(title)}</h1>\n{body}\n</body>\n</html>\n"
    )


def _run(result: ProvisioningResult, level: int = 2) -> str:
    reason = skip_reason(result)
    heading = (
        f"<h{level}>{escape(subject_type(result))} {escape(subject_label(result))}</h{level}>"
        f'<p><span class="badge {escape(result.result)}">{GLYPHS.get(result.result, "?")} '
        f"{escape(result.result)}</span> · action {escape(result.action)}"
        f"{' · ' + escape(reason) if reason else ''}"
        f"{' · changeId <code>' + escape(result.change_id) + '</code>' if result.change_id else ''}</p>"
    )
    parts = [heading, *(_step(n, s) for n, s in enumerate(result.steps, start=1))]
    if result.modified_properties:
        label = "Attempted to modify" if result.result == "Failure" else "Modified properties"
        rows = [
            [p.name, text_value(p.old_value), text_value(p.new_value)] for p in result.modified_properties
        ]
        parts.append(f"<h4>{label}</h4>" + _table(["Name", "Old value", "New value"], rows))
    parts.extend(_run(member, level=3) for member in result.members)
    if result.requests:
        rows = [
            [r.method, r.url, str(r.status) if r.status is not None else (r.error or "no response")]
            for r in result.requests
        ]
        parts.append("<h4>Requests</h4>" + _table(["Method", "URL", "Status"], rows))
    return '<section class="run">\n' + "\n".join(parts) + "\n</section>"


def _step(number: int, step: Step) -> str:
    heading = (
        f'<div class="step {escape(step.status)}"><h3>{GLYPHS.get(step.status, "?")} {number}. '
        f"{escape(step.title)} — {escape(step.status)}</h3><p>{escape(step.description or '')}</p>"
    )
    html = [heading]
    if step.error is not None:
        tips = "".join(f"<li>{escape(t)}</li>" for t in step.error.tips)
        html.append(
            f'<div class="error"><b>Error code:</b> <code>{escape(step.error.code)}</code><br>'
            f"{escape(step.error.message) if step.error.message != step.description else ''}{'<ul>' + tips + '</ul>' if tips else ''}</div>"
        )
    if step.details:
        html.append("<details open><summary>View details</summary>" + _details(step.details) + "</details>")
    html.append("</div>")
    return "".join(html)


def _details(details: dict[str, Any]) -> str:
    rows = "".join(f"<tr><th>{escape(str(k))}</th><td>{_cell(v)}</td></tr>" for k, v in details.items())
    return f"<table>{rows}</table>"


def _cell(value: Any) -> str:
    if isinstance(value, dict) and value:
        return _details(value)
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return "".join(_details(v) for v in value)
    return escape(text_value(value))


def _table(headers: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"
