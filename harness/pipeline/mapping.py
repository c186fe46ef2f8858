"""The desired target object: a job's attribute mappings evaluated against one source object (entra-behavior.md §4.1).

Rules reproduced here, each from S9 "Customize user provisioning attribute-mappings" unless noted:

- Direct copies a source attribute, Constant flows its text, Expression is evaluated (harness.jobs.expressions);
  None flows nothing, but fills an empty target with its default value.
- A null value is never provisioned (S1, S5): the target path is left out, never sent as null.
- "Default value if null" is used only when the object is being created.
- "Apply this mapping: Only during object creation" mappings are evaluated only when creating.
- Reference attributes (the manager, group members) are not part of the object: they are returned apart, resolved
  to target ids by the pipeline, and sent by PATCH after the create (S6).
- App role mappings (AppRoleAssignmentsComplex & co.) are recognised and not provisioned on demand (S1).

Nothing here draws randomness or time except through the EvalContext (Guid, RandomString, Now).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from harness.jobs.expressions import (
    DROP,
    REDACTED,
    EvalContext,
    ExpressionEvaluationError,
    evaluate,
    is_redacted,
)
from harness.jobs.model import AttributeMapping, Job, ObjectMapping, Settings

__all__ = [
    "MappedObject",
    "MappingError",
    "MatchValue",
    "eval_context",
    "evaluate_mapping",
    "evaluate_mappings",
    "match_values",
]


class MappingError(Exception):
    """An expression could not produce a value for a target attribute (the export cannot be built)."""

    def __init__(self, target: str, reason: str) -> None:
        self.target = target
        self.reason = reason
        super().__init__(f"{target}: {reason}")


@dataclass
class MappedObject:
    """What the mappings want the target object to hold, before it is compared with the target.

    ``values`` maps a target path (as the job writes it: ``name.givenName``, ``emails[type eq "work"].value``,
    ``urn:…:enterprise:2.0:User:employeeNumber``) to a non-null value: a string, or a list of strings for a
    multi-valued result. ``references`` holds reference attributes by target path with their *source* value
    (the manager's source id, or the group's member ids). ``fill_if_empty`` holds the defaults of None mappings;
    ``roles`` the app-role targets skipped on demand with their function; ``dropped`` the targets that flowed
    nothing; ``redacted`` the targets to show as "[Redact]" in logs.
    """

    object_type: str
    creating: bool
    values: dict[str, Any] = field(default_factory=dict)
    references: dict[str, Any] = field(default_factory=dict)
    fill_if_empty: dict[str, str] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    dropped: list[str] = field(default_factory=list)
    redacted: set[str] = field(default_factory=set)

    @property
    def attempted(self) -> dict[str, Any]:
        """Return every value this export would try to set: the attributes, then the references."""
        return {**self.values, **self.references}

    def shown(self, path: str, value: Any) -> Any:
        """Return a value as reports and logs may show it: "[Redact]" for a Redact() mapping (S28)."""
        return REDACTED if path in self.redacted else value

    @property
    def roles_skipped(self) -> bool:
        """Return True when app roles were left out because on-demand provisioning does not provision them."""
        return bool(self.roles)


@dataclass(frozen=True)
class MatchValue:
    """A matching attribute in precedence order with the value the source gives it (None: the source has none)."""

    precedence: int
    target: str
    value: Any
    mapping: AttributeMapping


def eval_context(job: Job, now: Any, random: Any, *, default_domain: str = "") -> EvalContext:
    """Return the EvalContext of a run: the injected clock's ``now``, the seeded random, the job's settings."""
    return EvalContext(
        now=now, random=random, default_domain=default_domain, settings=job.settings.eval_settings()
    )


def evaluate_mapping(
    mapping: AttributeMapping,
    source: Mapping[str, Any],
    ctx: EvalContext,
    *,
    changed_attributes: Iterable[str] | None = None,
) -> Any:
    """Return one mapping's value for ``source``: a str, a list, DROP, or None for null."""
    if mapping.kind == "none":
        return None
    if mapping.kind == "constant":
        return mapping.constant
    try:
        return evaluate(mapping.parsed, source, ctx, changed_attributes=changed_attributes)
    except ExpressionEvaluationError as exc:
        raise MappingError(mapping.target, str(exc)) from exc


def evaluate_mappings(
    obj: ObjectMapping,
    source: Mapping[str, Any],
    ctx: EvalContext,
    *,
    creating: bool,
    object_type: str = "User",
    on_demand: bool = True,
    settings: Settings | None = None,
    changed_attributes: Iterable[str] | None = None,
) -> MappedObject:
    """Evaluate every mapping of ``obj`` against ``source`` into the desired target object."""
    settings = settings or Settings()
    mapped = MappedObject(object_type=object_type, creating=creating)
    for mapping in obj.mappings:
        if mapping.apply == "on_create" and not creating:
            continue  # S9: "Only during object creation"
        if mapping.role_function and on_demand:
            mapped.roles[mapping.target] = mapping.role_function  # S1: roles are not provisioned on demand
            continue
        if mapping.is_reference or mapping.is_members:
            _add_reference(mapped, mapping, source, ctx)
            continue
        if mapping.kind == "none":
            if mapping.default is not None:
                mapped.fill_if_empty[mapping.target] = mapping.default
            continue
        value = evaluate_mapping(mapping, source, ctx, changed_attributes=changed_attributes)
        _add_value(mapped, mapping, _nullify(value, settings), creating)
    return mapped


def _add_value(mapped: MappedObject, mapping: AttributeMapping, value: Any, creating: bool) -> None:
    if value is DROP:
        mapped.dropped.append(mapping.target)  # IgnoreFlowIfNullOrEmpty: not flowed, not even the default
        return
    if value is None and creating and mapping.default is not None:
        value = mapping.default  # S9: "Default value if null" — applied on create only
    if value is None:
        mapped.dropped.append(mapping.target)  # S1: null attributes are never provisioned
        return
    mapped.values[mapping.target] = value
    if mapping.kind == "expression" and mapping.expression and is_redacted(mapping.expression):
        mapped.redacted.add(mapping.target)


def _add_reference(
    mapped: MappedObject, mapping: AttributeMapping, source: Mapping[str, Any], ctx: EvalContext
) -> None:
    if mapping.kind == "direct" and mapping.source:
        raw = _lookup(source, mapping.source)
    else:
        raw = evaluate_mapping(mapping, source, ctx)
    value = _reference_ids(raw)
    if value in (None, [], ""):
        mapped.dropped.append(mapping.target)
    else:
        mapped.references[mapping.target] = value


def _reference_ids(raw: Any) -> Any:
    """Return a reference's source id (or ids): Graph gives objects with ``id``, HR sources bare ids."""
    if raw is None or raw is DROP:
        return None
    if isinstance(raw, list):
        return [item for item in (_reference_ids(entry) for entry in raw) if item]
    if isinstance(raw, Mapping):
        return raw.get("id") or raw.get("value") or raw.get("objectId")
    return str(raw)


def _lookup(source: Mapping[str, Any], name: str) -> Any:
    if name in source:
        return source[name]
    lowered = name.lower()
    return next((value for key, value in source.items() if key.lower() == lowered), None)


def _nullify(value: Any, settings: Settings) -> Any:
    """Return None for the values Entra treats as null: absent, an empty list, and (by setting) ""."""
    if isinstance(value, list):
        value = [item for item in value if item not in (None, "")] if settings.empty_string_is_null else value
        return value or None
    if value == "" and settings.empty_string_is_null:
        return None
    return value


def match_values(obj: ObjectMapping, source: Mapping[str, Any], ctx: EvalContext) -> list[MatchValue]:
    """Return each matching attribute in precedence order with the value the source object gives it.

    The pipeline queries the target with ``filter=<target> eq "<value>"`` for each in turn (S9), and Import fails
    when none has a value (S1: "the matching attribute is missing").
    """
    found = []
    for mapping in obj.matching:
        value = evaluate_mapping(mapping, source, ctx)
        value = None if value is DROP or value in ("", []) else value
        if isinstance(value, list):
            value = value[0]  # a multi-valued result matches on its first value
        found.append(MatchValue(mapping.match or 0, mapping.target, value, mapping))
    return found
