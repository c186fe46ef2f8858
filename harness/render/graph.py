"""``--format graph``: the run as Graph's ``provisionOnDemand`` answers it (entra-behavior.md §1.1, S2).

Graph returns a ``stringKeyStringValuePair`` whose ``key`` and ``value`` are JSON *strings*:

    key   = {"result": "Skipped", "details": {"errorCode": "RedundantExport", "errorMessage": "…"}}
    value = {"action", "changeId", "endTime", "modifiedProperties": [{displayName, oldValue, newValue}],
             "provisioningSteps": [{name, type, status, description, timestamp, details}], "reportableIdentifier",
             "startTime", "statusInfo", "sourceIdentity", "sourceSystem", "targetIdentity",
             "targetSystem": {"id": null, "name": "customappsso", "details": null}}

in S2's key order, with S2's nulls: identities and systems carry ``displayName`` and ``details`` null, a skip's
``statusInfo`` holds nulls besides its status (the skip's code and text are in ``key``), and a skip's
``modifiedProperties`` are the imported source attributes (old value null).

The API lists the steps Import → Matching → Scoping → Export (the portal shows Scope before Match): EntryImport
(type Import), EntryImport (type Matching), EntrySynchronizationScoping, then one export step named after the
action (EntrySynchronizationSkip, EntryExportAdd, EntryExportUpdate, EntryExportUpdateSoftDelete, EntryExportDelete;
§3.2). Step details are string pairs, as Graph's are. The documented group example answers ``value = "{}"``; that
is reproduced unless ``group_value_empty=False``. A failed Test connection has no documented step name, so it
appears only in ``statusInfo`` and ``key`` (a mock choice).
"""

from __future__ import annotations

import json
from typing import Any

from harness.render.common import is_group, skip_reason, subject_id, subject_label, subject_type, text_value
from harness.result import ProvisioningResult, Step

__all__ = [
    "EXPORT_STEP_NAMES",
    "SKIP_MESSAGES",
    "SOURCE_SYSTEM_NAMES",
    "graph_key",
    "graph_response",
    "graph_step",
    "graph_steps",
    "graph_value",
    "to_graph",
]

ODATA_CONTEXT = "https://graph.microsoft.com/v1.0/$metadata#microsoft.graph.stringKeyStringValuePair"

#: The export step's name per action (§3.2).
EXPORT_STEP_NAMES: dict[str, str] = {
    "Create": "EntryExportAdd",
    "Update": "EntryExportUpdate",
    "Disable": "EntryExportUpdateSoftDelete",
    "Delete": "EntryExportDelete",
    "Skip": "EntrySynchronizationSkip",
    "Other": "EntrySynchronizationSkip",
}

#: sourceSystem.name per job source type (S2 shows "Azure Active Directory").
SOURCE_SYSTEM_NAMES: dict[str, str] = {
    "entra": "Azure Active Directory",
    "workday": "Workday",
    "successfactors": "SuccessFactors",
}

#: Skip texts when the step carries none (§3.3).
SKIP_MESSAGES: dict[str, str] = {
    "RedundantExport": "The state of the user in both the source and target systems already match. No change "
    "currently needs to be made.",
    "NotEffectivelyEntitled": "This object is not effectively entitled for provisioning: it is not assigned to the "
    "application, or it did not pass a scoping filter.",
}

#: The shorter texts the documented ``key`` carries (S2's example), where they differ from the step's description.
KEY_MESSAGES: dict[str, str] = {
    "RedundantExport": "The state of the user in both the source and target systems already match.",
}

_TARGET_TYPES = {
    "User": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
    "Group": "urn:ietf:params:scim:schemas:core:2.0:Group",
}
_GRAPH_ACTIONS = {"Skip": "Other"}
_STATUS_FIELDS = ("errorCode", "reason", "additionalDetails", "errorCategory", "recommendedAction")
_SCOPE_KEYS = {"Active in source system": "IsActive", "Assigned to application": "Assigned"}
_GRAPH_SCOPE_KEYS = (
    "IsActive",
    "Assigned",
    "IsEffectivelyEntitledForProvisioning",
    "IsInProvisioningScopeDisplayName",
    "ScopeEvaluationResult",
)


def to_graph(result: ProvisioningResult, *, group_value_empty: bool = True) -> str:
    """Return the Graph response body as indented JSON text."""
    return json.dumps(
        graph_response(result, group_value_empty=group_value_empty), indent=2, ensure_ascii=False
    )


def graph_response(result: ProvisioningResult, *, group_value_empty: bool = True) -> dict[str, Any]:
    """Return the provisionOnDemand response: ``key`` and ``value`` are JSON strings."""
    value = "{}" if group_value_empty and is_group(result) else _compact(graph_value(result))
    return {"@odata.context": ODATA_CONTEXT, "key": _compact(graph_key(result)), "value": value}


def graph_key(result: ProvisioningResult) -> dict[str, Any]:
    """Return the decoded ``key``: the result and, unless it succeeded, an error code and message."""
    code, message = _status_code_and_message(result)
    details = {} if code is None else {"errorCode": code, "errorMessage": KEY_MESSAGES.get(code, message)}
    return {"result": result.result, "details": details}


def graph_value(result: ProvisioningResult) -> dict[str, Any]:
    """Return the decoded ``value``: a provisioning-log-like record of the run."""
    kind = subject_type(result)
    target = result.target or {}
    return {
        "action": _GRAPH_ACTIONS.get(result.action, result.action),
        "changeId": result.change_id,
        "endTime": result.end_time,
        "modifiedProperties": _modified_properties(result),
        "provisioningSteps": graph_steps(result),
        "reportableIdentifier": subject_label(result),
        "startTime": result.start_time,
        "statusInfo": _status_info(result),
        "sourceIdentity": {"id": subject_id(result), "type": kind, "displayName": None, "details": None},
        "sourceSystem": {"id": None, "name": _source_system(result), "details": None},
        "targetIdentity": {
            "id": target.get("id"),
            "type": target.get("type") or _TARGET_TYPES.get(kind, kind),
            "displayName": None,
            "details": None,
        },
        "targetSystem": {"id": None, "name": target.get("system") or "customappsso", "details": None},
    }


def _modified_properties(result: ProvisioningResult) -> list[dict[str, Any]]:
    """Return the modified properties; a skip lists the imported source attributes, as S2's example does."""
    if result.modified_properties:
        return [
            {
                "displayName": p.name,
                "oldValue": _string_or_none(p.old_value),
                "newValue": _string_or_none(p.new_value),
            }
            for p in result.modified_properties
        ]
    imported = result.step("import")
    if result.result != "Skipped" or imported is None:
        return []
    return [
        {"displayName": name, "oldValue": None, "newValue": value}
        for name, value in _string_details(imported.details).items()
    ]


def graph_steps(result: ProvisioningResult, *, lowercase_types: bool = False) -> list[dict[str, Any]]:
    """Return the steps in the API's order (Import, Matching, Scoping, Export) as Graph step objects."""
    steps: list[dict[str, Any]] = []
    for step_id in ("import", "match", "scope", "action"):
        step = result.step(step_id)  # type: ignore[arg-type]
        if step is not None:
            steps.append(graph_step(result, step))
    scope = result.step("scope")
    if result.step("action") is None and scope is not None and scope.status == "Skipped":
        steps.append(_skip_step(result, scope, skip_reason(result) or "NotEffectivelyEntitled"))
    if lowercase_types:
        for item in steps:
            item["type"] = item["type"].lower()
    return steps


def graph_step(result: ProvisioningResult, step: Step) -> dict[str, Any]:
    """Return one of our steps as a Graph provisioningStep (name, type, status, description, timestamp, details)."""
    if step.id == "import":
        name, kind, details = "EntryImport", "Import", _string_details(step.details)
    elif step.id == "match":
        name, kind, details = "EntryImport", "Matching", _match_details(step.details)
    elif step.id == "scope":
        name, kind, details = "EntrySynchronizationScoping", "Scoping", _scope_details(step)
    elif step.id == "action" and step.status == "Skipped":
        return _skip_step(result, step, skip_reason(result) or "RedundantExport")
    else:
        name, kind = EXPORT_STEP_NAMES.get(result.action, "EntryExportUpdate"), "Export"
        details = _string_details(step.details)
    return _step(name, kind, step.status, step.description, result.end_time or result.start_time, details)


def _step(
    name: str, kind: str, status: str, description: str, timestamp: str, details: dict[str, str]
) -> dict[str, Any]:
    return {
        "name": name,
        "type": kind,
        "status": status,
        "description": description,
        "timestamp": timestamp,
        "details": details,
    }


def _skip_step(result: ProvisioningResult, step: Step, reason: str) -> dict[str, Any]:
    # the step's own §3.3 text (the scope step's, when no action step ran); the generic text only as a last resort
    description = step.description or SKIP_MESSAGES.get(reason, "")
    details = {"SkipReason": reason}
    details.update(
        {k: v for k, v in _string_details(step.details).items() if k not in ("SkipReason",)}
        if step.id == "action"
        else {}
    )
    return _step(
        "EntrySynchronizationSkip",
        "Export",
        "Skipped",
        description,
        result.end_time or result.start_time,
        details,
    )


def _scope_details(step: Step) -> dict[str, str]:
    """Map the portal's scope properties to the API's keys (IsActive, Assigned, ScopeEvaluationResult…)."""
    details = step.details or {}
    if "ScopeEvaluationResult" in details:  # the engine already gave the API's keys: keep only those
        return {k: text_value(details[k]) for k in _GRAPH_SCOPE_KEYS if k in details}
    known: dict[str, str] = {}
    filters: dict[str, Any] = {}
    for key, value in details.items():
        if key in _SCOPE_KEYS:
            known[_SCOPE_KEYS[key]] = text_value(value)
        elif key in _GRAPH_SCOPE_KEYS:
            known[key] = text_value(value)
        elif _is_flag(value) and key not in (
            "Scope sync all",
            "User has required role",
            "Group has required role",
        ):
            filters[key] = value in (True, "True")
        else:
            known[key] = text_value(value)
    in_scope = step.status != "Skipped" and step.status != "Failure"
    known.setdefault("IsEffectivelyEntitledForProvisioning", text_value(in_scope))
    known.setdefault("IsInProvisioningScopeDisplayName", text_value(in_scope))
    known.setdefault("ScopeEvaluationResult", json.dumps(filters, separators=(",", ":")))
    return known


def _match_details(details: dict[str, Any] | None) -> dict[str, str]:
    """Show the one matched target object's simple attributes, as S2's example does; else each query's result."""
    found = [
        obj
        for value in (details or {}).values()
        if isinstance(value, list)
        for obj in value
        if isinstance(obj, dict)
    ]
    if len(found) == 1:
        return {
            k: text_value(v)
            for k, v in sorted(found[0].items())
            if v is not None and not isinstance(v, dict | list)
        }
    return _string_details(details)


def _is_flag(value: Any) -> bool:
    return isinstance(value, bool) or value in ("True", "False")


def _string_details(details: dict[str, Any] | None) -> dict[str, str]:
    return {str(k): text_value(v) for k, v in (details or {}).items() if v is not None}


def _status_code_and_message(result: ProvisioningResult) -> tuple[str | None, str]:
    if result.result == "Skipped":
        reason = skip_reason(result) or "EntrySynchronizationSkipped"
        step = result.step("action") or result.step("scope")
        message = step.description if step is not None and step.description else SKIP_MESSAGES.get(reason, "")
        return reason, message
    error = result.error
    if error is not None:
        return error.code, error.message
    return None, ""


def _status_info(result: ProvisioningResult) -> dict[str, Any]:
    code, message = _status_code_and_message(result)
    if code is None:
        return {"status": result.result}
    if result.result == "Skipped":  # S2's skip: the code and text are in ``key``, statusInfo holds nulls
        return {"status": "Skipped", **dict.fromkeys(_STATUS_FIELDS)}
    error = result.error
    tips = " ".join(error.tips) if error is not None else ""
    category = "nonServiceFailure" if result.result == "Failure" else "success"
    return {
        "status": result.result,
        "errorCode": code,
        "reason": message,
        "additionalDetails": None,
        "errorCategory": category,
        "recommendedAction": tips or None,
    }


def _source_system(result: ProvisioningResult) -> str:
    if (result.job or {}).get("sourceSystem"):
        return str(result.job["sourceSystem"])
    source = (result.job or {}).get("source")
    kind = source.get("type") if isinstance(source, dict) else source
    return SOURCE_SYSTEM_NAMES.get(str(kind or "entra"), str(kind))


def _string_or_none(value: Any) -> str | None:
    return None if value is None else text_value(value)


def _compact(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
