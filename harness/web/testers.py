"""The seed's other two uses of on-demand provisioning: validate an expression, test scoping filters (S1).

Both read the chosen user through the pipeline's own Import step (the portal's search, or a Workday / SuccessFactors
id), so what they evaluate is what a run would see. Errors a person makes carry their position: an expression's
1-based column, a YAML filter's line and column.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import yaml

from harness.jobs.expressions import (
    DROP,
    ExpressionEvaluationError,
    ExpressionSyntaxError,
    evaluate,
    parse,
    referenced_attributes,
)
from harness.jobs.scoping import ScopingValidationError, load_filters
from harness.pipeline.context import OnDemandRequest, RunContext, SourceObject
from harness.pipeline.importer import import_user
from harness.pipeline.scope import determine_scope
from harness.web.service import WebError, WebService

__all__ = ["evaluate_expression", "filters_yaml", "test_scope"]


def evaluate_expression(service: WebService, key: str | None, expression: str, who: str) -> dict[str, Any]:
    """Evaluate ``expression`` against the user ``who`` (or against no attributes when empty)."""
    try:
        parsed = parse(expression)
    except ExpressionSyntaxError as exc:
        return {"value": None, "error": _syntax(exc), "steps": []}
    job = service.job(key)
    source: dict[str, Any] = {}
    steps: list[dict[str, Any]] = []
    ctx = _context(service, job, who)
    if who.strip():
        step, found = _import(service, ctx)
        steps.append(step.to_dict())
        if found is None:
            return {"value": None, "error": {"message": step.description}, "steps": steps}
        source = _with_referenced(service, ctx, found, sorted(referenced_attributes(parsed)))
    try:
        value = evaluate(parsed, source, ctx.eval_context())
    except ExpressionEvaluationError as exc:
        return {"value": None, "error": {"message": str(exc)}, "steps": steps}
    shown = None if value is DROP else value
    note = (
        "Not flowed: IgnoreFlowIfNullOrEmpty dropped the attribute."
        if value is DROP
        else ("Null: the attribute is not provisioned." if value is None else None)
    )
    return {"value": shown, "note": note, "error": None, "steps": steps, "source": _plain(source)}


def _syntax(exc: ExpressionSyntaxError) -> dict[str, Any]:
    return {"message": exc.reason, "column": exc.column, "text": exc.text}


def _context(service: WebService, job: Any, who: str) -> RunContext:
    kind = job.source.type
    request = (
        OnDemandRequest(worker_id=who)
        if kind == "workday"
        else OnDemandRequest(person_id_external=who)
        if kind == "successfactors"
        else OnDemandRequest(user=who)
    )
    return RunContext(job, request, service.http, service.clock, service.rng, shared=service.cache)


def _import(service: WebService, ctx: RunContext) -> tuple[Any, SourceObject | None]:
    return service._read(ctx.job, lambda: import_user(ctx))


def _with_referenced(
    service: WebService, ctx: RunContext, found: SourceObject, names: list[str]
) -> dict[str, Any]:
    """Return the imported attributes plus any the expression names that the mappings do not import."""
    source = dict(found.attributes)
    missing = [n for n in names if n not in source and n != "IsSoftDeleted"]
    if missing and ctx.job.source.type == "entra":
        extra = service._read(ctx.job, lambda: ctx.graph.user(found.id, missing)) or {}
        source.update({k: v for k, v in extra.items() if k in missing})
    return source


def _plain(source: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in source.items() if not k.startswith("@")}


def filters_yaml(service: WebService, key: str | None) -> str:
    """Return the job's user scoping filters as the YAML the tester edits."""
    job = service.job(key)
    data = [
        {
            "title": f.title,
            "clauses": [
                {
                    "attribute": c.attribute,
                    "operator": c.operator.value,
                    **({"value": c.value} if c.value else {}),
                }
                for c in f.clauses
            ],
        }
        for f in job.users.scoping_filters
    ]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True) if data else ""


def test_scope(service: WebService, key: str | None, who: str, filters_text: str | None) -> dict[str, Any]:
    """Import ``who`` and run the Scope step, with the job's filters or with ``filters_text`` (YAML)."""
    job = service.job(key)
    if not who.strip():
        raise WebError("Name a user to evaluate (or a worker id for an HR job).")
    if filters_text is not None:
        try:
            filters = _parse_filters(filters_text)
        except _FilterError as exc:
            return {"steps": [], "error": exc.detail}
        job = dataclasses.replace(job, users=dataclasses.replace(job.users, scoping_filters=tuple(filters)))
    ctx = _context(service, job, who)
    step, found = _import(service, ctx)
    steps = [step]
    if found is not None:
        steps.append(service._read(job, lambda: determine_scope(ctx, found))[0])
    return {"steps": [s.to_dict() for s in steps], "error": None}


class _FilterError(Exception):
    def __init__(self, detail: dict[str, Any]) -> None:
        super().__init__(detail["message"])
        self.detail = detail


def _parse_filters(text: str) -> list[Any]:
    """Read scoping filters from YAML: a list of {title, clauses: [{attribute, operator, value}]}."""
    try:
        data = yaml.safe_load(text) if text.strip() else []
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        detail: dict[str, Any] = {"message": f"Not valid YAML: {getattr(exc, 'problem', None) or exc}"}
        if mark is not None:
            detail.update(line=mark.line + 1, column=mark.column + 1, text=text)
        raise _FilterError(detail) from exc
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise _FilterError({"message": "Scoping filters are a list of {title, clauses: [...]}."})
    try:
        return load_filters(data)
    except (ScopingValidationError, ValueError) as exc:
        raise _FilterError({"message": str(exc)}) from exc
