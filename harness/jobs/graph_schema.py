"""Read the mappings of a real tenant: Graph's synchronizationSchema JSON (``GET …/jobs/{id}/schema``, S27).

``synchronizationRules[].objectMappings[]`` become the job's users and groups: ``attributeMappings`` with their
``source`` expression tree (Attribute / Constant / Function), ``matchingPriority`` (> 0: matching, lowest first),
``flowType`` (ObjectAddOnly = "Only during object creation") and ``defaultValue``; ``flowTypes`` ("Add, Update,
Delete") are the target object actions; ``scope.groups`` are the scoping filters (S30 filter/filterClause).
Everything is converted to the job-file form and read by harness.jobs.model, so a Graph schema is validated the same way.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from harness.jobs.model import Job, JobError, check_job, read_object_mapping

__all__ = ["apply_graph_schema", "render_source", "to_job_rows"]

_FLOW_ACTIONS = {"add": "create", "update": "update", "delete": "delete"}


def apply_graph_schema(schema: Any, base: Job, origin: str) -> Job:
    """Return ``base`` with the user and group object mappings of a Graph synchronizationSchema."""
    rules = schema.get("synchronizationRules") if isinstance(schema, dict) else None
    if not isinstance(rules, list):
        raise JobError(
            origin, "synchronizationRules", "expected a list (the shape of GET …/jobs/{id}/schema)"
        )
    found: dict[str, Any] = {}
    for rule_index, rule in enumerate(rules):
        mappings = rule.get("objectMappings") if isinstance(rule, dict) else None
        for index, object_mapping in enumerate(mappings or []):
            where = f"synchronizationRules[{rule_index}].objectMappings[{index}]"
            if not isinstance(object_mapping, dict):
                raise JobError(origin, where, "expected an objectMapping object")
            kind = "groups" if "group" in str(object_mapping.get("sourceObjectName", "")).lower() else "users"
            if kind not in found:
                found[kind] = read_object_mapping(to_job_rows(object_mapping, origin, where), where, origin)
    if "users" not in found:
        raise JobError(origin, "synchronizationRules", "no objectMapping for users")
    job = replace(base, users=found["users"], groups=found.get("groups", replace(base.groups, enabled=False)))
    check_job(job, origin)
    return job


def to_job_rows(object_mapping: dict[str, Any], origin: str, where: str) -> dict[str, Any]:
    """Return a Graph objectMapping in the job file's ``users:``/``groups:`` form."""
    flow_types = [
        part.strip().lower()
        for part in str(object_mapping.get("flowTypes") or "Add, Update, Delete").split(",")
        if part.strip()
    ]
    unknown = [flow for flow in flow_types if flow not in _FLOW_ACTIONS]
    if unknown:
        raise JobError(
            origin, f"{where}.flowTypes", f"unknown flow type {unknown[0]!r}; expected Add, Update, Delete"
        )
    scope = object_mapping.get("scope") or {}
    return {
        "enabled": bool(object_mapping.get("enabled", True)),
        "actions": [_FLOW_ACTIONS[flow] for flow in flow_types],
        "scoping_filters": [_filter(group) for group in scope.get("groups") or []],
        "mappings": [
            _mapping(row, origin, f"{where}.attributeMappings[{i}]")
            for i, row in enumerate(object_mapping.get("attributeMappings") or [])
        ],
    }


def _filter(group: dict[str, Any]) -> dict[str, Any]:
    clauses = []
    for clause in group.get("clauses") or []:
        values = (clause.get("targetOperand") or {}).get("values") or []
        clauses.append(
            {
                "attribute": clause.get("sourceOperandName"),
                "operator": clause.get("operatorName"),
                "value": values[0] if values else None,
            }
        )
    return {"title": group.get("name") or "", "clauses": clauses}


def _mapping(row: Any, origin: str, where: str) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise JobError(origin, where, "expected an attributeMapping object")
    mapping: dict[str, Any] = {"target": row.get("targetAttributeName")}
    source = row.get("source")
    if isinstance(source, dict):
        kind = source.get("type")
        if kind == "Attribute":
            mapping["source"] = source.get("name")
        elif kind == "Constant":
            mapping["constant"] = source.get("name") if source.get("name") is not None else ""
        elif kind == "Function":
            mapping["expression"] = source.get("expression") or render_source(source)
        else:
            raise JobError(
                origin, f"{where}.source.type", f"expected Attribute, Constant or Function; got {kind!r}"
            )
    priority = row.get("matchingPriority") or 0
    if isinstance(priority, int) and priority > 0:
        mapping["match"] = priority
    if row.get("flowType") == "ObjectAddOnly":
        mapping["apply"] = "on_create"
    if row.get("defaultValue") not in (None, ""):
        mapping["default"] = row["defaultValue"]
    return mapping


def render_source(source: dict[str, Any]) -> str:
    """Render an attributeMappingSource tree as expression text (``Join(" ", [givenName], [surname])``)."""
    kind = source.get("type")
    name = str(source.get("name") or "")
    if kind == "Attribute":
        return f"[{name}]"
    if kind == "Constant":
        return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    arguments = [
        render_source(p.get("value") or {}) if p.get("value") else "" for p in source.get("parameters") or []
    ]
    return f"{name}({', '.join(arguments)})"
