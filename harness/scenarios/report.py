"""Print scenario outcomes: the terminal view (what was expected, what happened), JSON, JUnit, the list and the diff.

JUnit reuses the validator's renderer (``harness.validate.render.to_junit``): one testcase per scenario.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from harness.scenarios.catalog import Scenario
from harness.scenarios.runner import ScenarioOutcome
from harness.validate.model import Check, CheckResult, Exchange
from harness.validate.render import GLYPHS
from harness.validate.runner import Report

__all__ = ["GLYPHS", "counts", "to_diff", "to_json", "to_junit", "to_list", "to_terminal"]


def counts(outcomes: Sequence[ScenarioOutcome]) -> dict[str, int]:
    """Return how many scenarios passed, failed and were skipped."""
    return {
        status: sum(1 for o in outcomes if o.status == status) for status in ("passed", "failed", "skipped")
    }


def _summary(outcomes: Sequence[ScenarioOutcome]) -> str:
    c = counts(outcomes)
    return f"{len(outcomes)} scenarios: {c['passed']} passed, {c['failed']} failed, {c['skipped']} skipped"


def to_list(scenarios: Sequence[Scenario]) -> str:
    """Return the ``list`` view: number, name, title, and what a scenario needs beyond a SCIM endpoint."""
    width = max((len(s.name) for s in scenarios), default=0)
    lines = []
    for s in scenarios:
        number = f"{s.number:>3}" if s.number is not None else "  -"
        needs = s.needs_mockscim()
        lines.append(f"{number}  {s.name:<{width}}  {s.title}" + (f"  [{needs}]" if needs else ""))
    return "\n".join(lines) + f"\n{len(scenarios)} scenarios\n"


def to_terminal(outcomes: Sequence[ScenarioOutcome], target: str, *, verbose: bool = False) -> str:
    """Return one line per scenario; a failed one also says what was expected, what happened and what differed."""
    lines = [f"Scenarios against {target}"]
    for outcome in outcomes:
        s = outcome.scenario
        why = f" — {outcome.detail}" if outcome.status == "skipped" else ""
        lines.append(f"  {GLYPHS[outcome.status]} {s.label}: {s.title}{why}")
        if outcome.status != "failed" and not verbose:
            continue
        if outcome.status == "failed":
            lines.append(f"      expected:  {s.expected}")
            if not outcome.runs or not any(run.problems for run in outcome.runs):
                lines.append(f"      found:     {outcome.detail}")
        for run in outcome.runs:
            if run.problems or verbose:
                lines.append(f"      step {run.step} {run.asked}: {run.happened}")
                lines += [f"        ✗ {problem}" for problem in run.problems]
        lines += [f"      clean-up: {problem}" for problem in outcome.cleanup_problems]
    lines.append(_summary(outcomes))
    return "\n".join(lines) + "\n"


def to_json(outcomes: Sequence[ScenarioOutcome], target: str) -> str:
    """Return the ``--json`` document."""
    document = {
        "target": target,
        "scenarios": [outcome.to_dict() for outcome in outcomes],
        "summary": counts(outcomes),
    }
    return json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n"


def to_junit(outcomes: Sequence[ScenarioOutcome], target: str) -> str:
    """Return JUnit XML with one testcase per scenario (the validator's renderer)."""
    from harness.validate.render import to_junit as render

    report = Report(target=target, dialects=["default"])
    for outcome in outcomes:
        s = outcome.scenario
        check = Check(
            id=f"scenarios.{s.name}",
            title=s.title,
            tags=("scenarios", *s.tags),
            behaviour=s.expected,
            source="fixtures/scenarios/catalog.yaml" + (f", scenario {s.number}" if s.number else ""),
            consequence=_problems(outcome),
            run=lambda _: None,
        )
        exchanges = [_exchange(r) for run in outcome.runs for r in run.requests]
        detail = _problems(outcome) if outcome.status == "failed" else outcome.detail
        report.results.append(CheckResult(check, "default", outcome.status, detail, exchanges))
    return render(report).replace('name="scimulator validate"', 'name="scimulator scenarios"')


def _problems(outcome: ScenarioOutcome) -> str:
    found = [
        f"step {run.step} {run.asked}: {run.happened}; {'; '.join(run.problems)}"
        for run in outcome.runs
        if run.problems
    ]
    return " | ".join(found) or outcome.detail


def _exchange(record: Any) -> Exchange:
    return Exchange(method=record.method, url=record.url, status=record.status, request_body=record.body)


def to_diff(
    left: Sequence[ScenarioOutcome], right: Sequence[ScenarioOutcome], names: tuple[str, str]
) -> tuple[str, int]:
    """Return where the outcomes on two profiles differ, run by run, and how many scenarios differ."""
    lines = [f"Scenarios on --profile {names[0]} (A) and --profile {names[1]} (B)"]
    differing = 0
    for a, b in zip(left, right, strict=True):
        runs_a, runs_b = [r.happened for r in a.runs], [r.happened for r in b.runs]
        if (a.status, runs_a, a.detail if not a.runs else "") == (
            b.status,
            runs_b,
            b.detail if not b.runs else "",
        ):
            continue
        differing += 1
        lines.append(f"\n{a.scenario.label}: {a.scenario.title}")
        lines.append(f"  A {GLYPHS[a.status]} {a.status}   B {GLYPHS[b.status]} {b.status}")
        for run_a, run_b in zip(a.runs, b.runs, strict=False):
            if run_a.happened != run_b.happened:
                lines.append(f"  step {run_a.step} {run_a.asked}")
                lines.append(f"    A: {run_a.happened}")
                lines.append(f"    B: {run_b.happened}")
        if len(a.runs) != len(b.runs) or not a.runs:
            lines.append(f"    A: {a.detail or f'{len(a.runs)} runs'}")
            lines.append(f"    B: {b.detail or f'{len(b.runs)} runs'}")
    same = len(left) - differing
    lines.append(
        f"\n{differing} of {len(left)} scenarios differ; {same} give the same outcome on both profiles"
    )
    return "\n".join(lines) + "\n", differing
