"""The terminal view: the portal's step cards, one per step, with a status glyph, the title and one line of details.

The portal (entra-behavior.md §1.2) shows Test connection only when it failed, then Import, Scope, Match and
Action; "View details" opens each step's properties, which ``verbose`` prints as tables. A failed step shows its
error code, message and the seed's troubleshooting tips. Nothing here reads the wall clock: the same result gives
the same text, and tests fix the width with ``Console(width=100, record=True, color_system=None)``.
"""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import unquote_plus

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from harness.render.common import GLYPHS, is_group, skip_reason, subject_label, subject_type, text_value
from harness.result import ProvisioningResult, Step

__all__ = ["STYLES", "render_terminal", "to_terminal"]

#: Rich styles per status (dropped when the console has no colour).
STYLES: dict[str, str] = {"Success": "green", "Failure": "red", "Skipped": "yellow", "Warning": "yellow"}

_NESTING_LIMIT = 3


def to_terminal(result: ProvisioningResult, *, verbose: bool = False, width: int | None = None) -> str:
    """Return the terminal view as plain text (no colour), ``width`` columns wide (default 100)."""
    console = Console(width=width or 100, record=True, color_system=None, file=io.StringIO(), soft_wrap=False)
    render_terminal(result, console, verbose=verbose)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines()) + "\n"


def render_terminal(result: ProvisioningResult, console: Console, *, verbose: bool = False) -> None:
    """Print one run on ``console``: heading, step cards, modified properties, and (verbose) the requests."""
    console.print(_heading(result))
    shown = {p.name for p in result.modified_properties}  # the Modified properties table lists these once
    for number, step in enumerate(result.steps, start=1):
        console.print(_step_card(number, step, verbose, shown if step.id == "action" else set()))
    if result.modified_properties:
        console.print(_modified_table(result, console.width))
    for member in result.members:
        console.print(Text(f"Member {subject_label(member)}", style="bold"))
        render_terminal(member, console, verbose=verbose)
    if verbose and result.requests:
        console.print(_requests_table(result))


def _heading(result: ProvisioningResult) -> RenderableType:
    kind = subject_type(result)
    style = STYLES.get(result.result, "")
    line = Text()
    line.append(f"Provision on demand: {kind} '{subject_label(result)}'", style="bold")
    line.append("\n")
    line.append(f"{GLYPHS.get(result.result, '?')} {result.result}", style=style)
    line.append(f"  action {result.action}")
    reason = skip_reason(result)
    if reason:
        line.append(f"  ({reason})")
    if result.change_id:
        line.append(f"  changeId {result.change_id}", style="dim")
    if is_group(result) and result.members:
        line.append(f"  members {len(result.members)}")
    return line


def _step_card(number: int, step: Step, verbose: bool, repeated: set[str]) -> Panel:
    style = STYLES.get(step.status, "")
    title = Text(f"{GLYPHS.get(step.status, '?')} {number}. {step.title}", style=f"bold {style}".strip())
    parts: list[RenderableType] = [Text(step.description or "")]
    if step.error is not None:
        parts.append(_error_block(step))
    details = {k: v for k, v in step.details.items() if k not in repeated}
    if verbose and details:
        parts.append(_details_table(details, "View details"))
    return Panel(
        Group(*parts),
        title=title,
        title_align="left",
        subtitle=step.status,
        subtitle_align="right",
        box=box.ROUNDED,
        border_style=style or "none",
        expand=True,
    )


def _error_block(step: Step) -> RenderableType:
    assert step.error is not None
    text = Text()
    text.append("Error code: ", style="bold")
    text.append(step.error.code, style="red")
    if step.error.message != step.description:
        text.append("\n")
        text.append(step.error.message)
    for tip in step.error.tips:
        text.append("\n  • ")
        text.append(tip)
    return text


def _details_table(details: dict[str, Any], title: str | None = None, depth: int = 0) -> Table:
    table = Table(
        title=title, title_justify="left", box=box.SIMPLE_HEAD, show_header=True, expand=False, pad_edge=False
    )
    table.add_column("Property", style="bold", overflow="fold", ratio=2)
    table.add_column("Value", overflow="fold", ratio=3, min_width=12)
    for key, value in details.items():
        table.add_row(Text(str(key)), _detail_cell(value, depth))
    return table


def _detail_cell(value: Any, depth: int) -> RenderableType:
    """Nest dicts and lists of dicts (e.g. the users a matching attribute found) as tables."""
    if depth < _NESTING_LIMIT and isinstance(value, dict) and value:
        return _details_table(value, None, depth + 1)
    if (
        depth < _NESTING_LIMIT
        and isinstance(value, list)
        and value
        and all(isinstance(v, dict) for v in value)
    ):
        return Group(*(_details_table(item, None, depth + 1) for item in value))
    return Text(text_value(value))


def _modified_table(result: ProvisioningResult, width: int) -> Table:
    """Return the modified properties: names kept whole (up to half the width), no Old value column on creates."""
    failed = result.result == "Failure"
    title = "Attempted to modify" if failed else "Modified properties"
    props = result.modified_properties
    with_old = any(p.old_value not in (None, "", []) for p in props)
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False, expand=True)
    longest = max(len(p.name) for p in props)
    table.add_column("Name", style="bold", overflow="fold", min_width=min(longest, width // 2), ratio=2)
    if with_old:
        table.add_column("Old value", overflow="fold", ratio=2)
    table.add_column("New value", overflow="fold", ratio=3)
    for prop in props:
        # Text, not a str: rich would read 'emails[type eq "work"].value' as markup and drop the filter.
        old = [Text(text_value(prop.old_value))] if with_old else []
        table.add_row(Text(prop.name), *old, Text(text_value(prop.new_value)))
    return table


def readable_url(url: str) -> str:
    """Return ``url`` with its query decoded, as a person reads it: ``filter=userName eq "adele@…"``."""
    base, sep, query = url.partition("?")
    return base + sep + unquote_plus(query) if sep else url


def _requests_table(result: ProvisioningResult) -> Table:
    table = Table(title="Requests", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("#", justify="right")
    table.add_column("Method", no_wrap=True)
    table.add_column("URL", overflow="fold")
    table.add_column("Status", justify="right")
    for index, record in enumerate(result.requests, start=1):
        status = str(record.status) if record.status is not None else (record.error or "no response")
        table.add_row(str(index), record.method, Text(readable_url(record.url)), status)
    return table
