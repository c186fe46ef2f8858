"""Renderers of the result model (harness.result): terminal, JSON, Graph's provisionOnDemand shape, JUnit, HTML.

Every renderer reads only ``ProvisioningResult`` and returns text; none prints, none reads the wall clock, so the
same result always renders to the same bytes.

    render(results, "terminal" | "json" | "graph" | "junit" | "html", verbose=False) -> str
"""

from __future__ import annotations

from collections.abc import Sequence

from harness.render.graph import graph_response, graph_step, to_graph
from harness.render.html import to_html
from harness.render.json import to_json, to_json_runs
from harness.render.junit import to_junit
from harness.render.terminal import render_terminal, to_terminal
from harness.result import ProvisioningResult

__all__ = [
    "FORMATS",
    "graph_response",
    "graph_step",
    "render",
    "render_terminal",
    "to_graph",
    "to_html",
    "to_json",
    "to_json_runs",
    "to_junit",
    "to_terminal",
]

#: The output formats `scimulator provision --format` accepts.
FORMATS: tuple[str, ...] = ("terminal", "json", "graph", "junit", "html")


def render(
    results: Sequence[ProvisioningResult],
    fmt: str = "terminal",
    *,
    verbose: bool = False,
    width: int | None = None,
) -> str:
    """Render one or more runs in ``fmt``; several runs become a list (JSON/Graph) or one document (others)."""
    if fmt == "terminal":
        return "\n".join(to_terminal(r, verbose=verbose, width=width) for r in results)
    if fmt == "json":
        return to_json(results[0]) if len(results) == 1 else to_json_runs(results)
    if fmt == "graph":
        return (
            to_graph(results[0])
            if len(results) == 1
            else "[" + ",\n".join(to_graph(r) for r in results) + "]"
        )
    if fmt == "junit":
        return to_junit(results)
    if fmt == "html":
        return to_html(results)
    raise ValueError(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
