"""Small helpers every renderer shares: how a value reads, how a subject is named, the status glyphs."""

from __future__ import annotations

import json
from typing import Any

from harness.result import ProvisioningResult

__all__ = ["GLYPHS", "is_group", "skip_reason", "subject_id", "subject_label", "subject_type", "text_value"]

#: One glyph per status, as plain characters so a recorded console stays stable.
GLYPHS: dict[str, str] = {"Success": "✓", "Failure": "✗", "Skipped": "↷", "Warning": "!"}


def text_value(value: Any) -> str:
    """Render a detail value as the portal does: booleans as True/False, collections as compact JSON."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False, sort_keys=False, separators=(",", ":"), default=str)


def subject_type(result: ProvisioningResult) -> str:
    """Return the subject's object type, "User" or "Group"."""
    subject = result.subject or {}
    kind = subject.get("type") or subject.get("objectType") or subject.get("objectTypeName")
    if kind:
        return str(kind)
    return "Group" if "members" in subject else "User"


def is_group(result: ProvisioningResult) -> bool:
    """Return True when the run provisioned a group."""
    return subject_type(result).lower() == "group"


def subject_id(result: ProvisioningResult) -> str:
    """Return the subject's source id (object id, WID or personIdExternal), or an empty string."""
    subject = result.subject or {}
    for key in ("id", "objectId", "wid", "workerId", "personIdExternal"):
        if subject.get(key):
            return str(subject[key])
    return ""


def subject_label(result: ProvisioningResult) -> str:
    """Return how the portal names the subject: UPN for users, display name for groups, else the query."""
    subject = result.subject or {}
    for key in (
        "userPrincipalName",
        "identifier",
        "displayName",
        "name",
        "workerId",
        "wid",
        "personIdExternal",
        "query",
        "id",
    ):
        if subject.get(key):
            return str(subject[key])
    return "(unknown)"


def skip_reason(result: ProvisioningResult) -> str | None:
    """Return the skip reason of a Skipped run (RedundantExport, NotEffectivelyEntitled…), if it has one.

    The reason is taken from a step's ``SkipReason`` detail or its error code; failing that, an action step that
    skipped means RedundantExport and a scope step that skipped means NotEffectivelyEntitled (entra-behavior §3.3).
    """
    if result.result != "Skipped":
        return None
    for step in reversed(result.steps):
        reason = (step.details or {}).get("SkipReason") or (step.details or {}).get("skipReason")
        if reason:
            return str(reason)
        if step.status == "Skipped" and step.error is not None:
            return step.error.code
    action = result.step("action")
    if action is not None and action.status == "Skipped":
        return "RedundantExport"
    scope = result.step("scope")
    if scope is not None and scope.status == "Skipped":
        return "NotEffectivelyEntitled"
    return None
