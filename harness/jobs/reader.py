"""Read a job from parsed YAML/JSON data into the model of ``harness.jobs.model``, validating every field on the way.

The top level, the source, the target and its auth, the settings, and per object type the actions, the scoping
filters and the mappings (read by ``harness.jobs.mappings``); then the checks on the job as a whole. Every mistake
is a ``JobError`` naming the file, the field and the problem.
"""

from __future__ import annotations

import json
import re
import typing
from dataclasses import replace
from pathlib import Path
from typing import Any, Literal

from harness.jobs import defaults
from harness.jobs.defaults import Settings
from harness.jobs.fields import Ctx, get_field, one_line, read_url, require_object, scalar_text
from harness.jobs.hr import check_expression
from harness.jobs.mappings import default_user_rows, read_mapping_spec
from harness.jobs.model import (
    ACTIONS,
    AuthConfig,
    Job,
    ObjectMapping,
    SourceConfig,
    TargetConfig,
    job_from_graph_schema,
)
from harness.jobs.scoping import ScopingClause, ScopingFilter, ScopingValidationError, validate_filters

__all__ = ["check_whole_job", "read_job", "read_object"]

_TOP_KEYS = frozenset(
    {
        "name",
        "source",
        "target",
        "scope",
        "state",
        "skip_out_of_scope_deletions",
        "users",
        "groups",
        "settings",
        "graph_schema",
    }
)
_SOURCE_KEYS = frozenset({"type", "url", "tenant", "client_id", "client_secret", "app", "attributes"})
_TARGET_KEYS = frozenset({"type", "url", "auth", "tenant", "client_id", "client_secret"})
_AUTH_KEYS = frozenset(
    {"type", "token", "token_url", "client_id", "client_secret", "scope", "username", "password"}
)
_AUTH_REQUIRED = {
    "bearer": ("token",),
    "oauth": ("token_url", "client_id", "client_secret"),
    "basic": ("username", "password"),
}
_ATTRIBUTE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_.\-]*$")
_OBJECT_KEYS = frozenset({"enabled", "actions", "scoping_filters", "mappings"})


def read_job(data: Any, origin: str, base_dir: Path | None) -> Job:
    """Read a whole job; ``base_dir`` resolves a relative ``graph_schema`` path."""
    ctx = Ctx(origin, base_dir)
    top = require_object(ctx, data, "", _TOP_KEYS)
    source = _read_source(ctx, get_field(ctx, top, "", "source", dict))
    target = _read_target(ctx, get_field(ctx, top, "", "target", dict))
    cross_tenant = source.type == "entra" and target.type == "entra"
    job = Job(
        name=get_field(ctx, top, "", "name", str, default=source.app),
        source=source,
        target=target,
        scope=get_field(ctx, top, "", "scope", str, default="assigned", choices=("assigned", "all")),
        state=get_field(ctx, top, "", "state", str, default="running", choices=("running", "stopped")),
        skip_out_of_scope_deletions=get_field(
            ctx, top, "", "skip_out_of_scope_deletions", bool, default=False
        ),
        users=read_object(
            ctx, top.get("users", {}), "users", default_user_rows(source.type, target.type), True
        ),
        # S1: Workday, SuccessFactors and cross-tenant sync don't provision groups (on demand).
        groups=read_object(
            ctx,
            top.get("groups", {}),
            "groups",
            defaults.GROUP_MAPPINGS,
            source.type == "entra" and not cross_tenant,
        ),
        settings=_read_settings(ctx, top.get("settings", {})),
        origin=origin,
    )
    if top.get("graph_schema") is not None:
        job = _with_graph_schema(ctx, get_field(ctx, top, "", "graph_schema", str), job)
    check_whole_job(ctx, job)
    return job


def _read_source(ctx: Ctx, data: dict[str, Any]) -> SourceConfig:
    data = require_object(ctx, data, "source", _SOURCE_KEYS)
    kind = get_field(
        ctx, data, "source", "type", str, default="entra", choices=("entra", "workday", "successfactors")
    )
    return SourceConfig(
        type=kind,
        attributes=_read_hr_attributes(ctx, data, kind),
        url=read_url(ctx, data, "source"),
        tenant=get_field(ctx, data, "source", "tenant", str, default=""),
        client_id=get_field(ctx, data, "source", "client_id", str, default=""),
        client_secret=get_field(ctx, data, "source", "client_secret", str, default=""),
        app=get_field(ctx, data, "source", "app", str, default=defaults.DEFAULT_APP),
    )


def _read_hr_attributes(ctx: Ctx, data: dict[str, Any], kind: str) -> tuple[tuple[str, str], ...]:
    """Read ``source.attributes``: name → XPath (Workday) or JSONPath (SuccessFactors), each one checked."""
    if "attributes" not in data:
        return ()
    if kind not in ("workday", "successfactors"):
        raise ctx.error("source.attributes", "only a workday or successfactors source has an attribute list")
    found = get_field(ctx, data, "source", "attributes", dict)
    read: list[tuple[str, str]] = []
    for name, expression in found.items():
        where = f"source.attributes.{name}"
        if not isinstance(name, str) or not _ATTRIBUTE_NAME.match(name):
            raise ctx.error(
                where, "an attribute name is letters, digits, '_', '-' or '.', starting with a letter"
            )
        if not isinstance(expression, str):
            raise ctx.error(where, "must be a string (an XPath or JSONPath expression)")
        problem = check_expression(kind, expression)  # type: ignore[arg-type]
        if problem:
            raise ctx.error(where, problem)
        read.append((name, expression))
    return tuple(read)


def _read_target(ctx: Ctx, data: dict[str, Any]) -> TargetConfig:
    data = require_object(ctx, data, "target", _TARGET_KEYS)
    target_type = get_field(ctx, data, "target", "type", str, default="scim", choices=("scim", "entra"))
    if target_type == "entra":
        return _read_entra_target(ctx, data)
    auth_data = require_object(ctx, get_field(ctx, data, "target", "auth", dict), "target.auth", _AUTH_KEYS)
    auth_type = get_field(
        ctx, auth_data, "target.auth", "type", str, default="bearer", choices=tuple(_AUTH_REQUIRED)
    )
    values = {
        key: get_field(ctx, auth_data, "target.auth", key, str, default=None) for key in _AUTH_KEYS - {"type"}
    }
    for key in _AUTH_REQUIRED[auth_type]:
        if not values[key]:
            raise ctx.error(f"target.auth.{key}", f"is required for {auth_type} auth")
    return TargetConfig.from_url(
        read_url(ctx, data, "target"), AuthConfig(type=auth_type, **values), target_type
    )


def _read_entra_target(ctx: Ctx, data: dict[str, Any]) -> TargetConfig:
    """Read an Entra ID target: the directory's URL, the tenant, the app registration's client credentials."""
    if "auth" in data:
        raise ctx.error(
            "target.auth", "an Entra ID target takes tenant, client_id and client_secret, not auth"
        )
    values = {
        key: get_field(ctx, data, "target", key, str, default="")
        for key in ("tenant", "client_id", "client_secret")
    }
    for key, value in values.items():
        if not value.strip():
            raise ctx.error(f"target.{key}", "is required for an Entra ID target (type: entra)")
    base = TargetConfig.from_url(read_url(ctx, data, "target"), type="entra")
    return replace(base, **values)


def _read_settings(ctx: Ctx, data: Any) -> Settings:
    hints = typing.get_type_hints(Settings)
    data = require_object(ctx, data, "settings", frozenset(hints))
    values: dict[str, Any] = {}
    for key in data:
        hint = hints[key]
        if typing.get_origin(hint) is Literal:
            values[key] = get_field(ctx, data, "settings", key, str, choices=typing.get_args(hint))
        else:
            kinds: tuple[type, ...] = (int, float) if hint is float else (hint,)
            values[key] = hint(get_field(ctx, data, "settings", key, kinds))
    return Settings(**values)


def read_object(
    ctx: Ctx, data: Any, where: str, default_rows: tuple[dict[str, Any], ...], enabled: bool
) -> ObjectMapping:
    """Read one object type's ``enabled``, ``actions``, ``scoping_filters`` and ``mappings``."""
    data = require_object(ctx, data, where, _OBJECT_KEYS)
    actions = get_field(ctx, data, where, "actions", list, default=sorted(ACTIONS))
    for index, action in enumerate(actions):
        if action not in ACTIONS:
            raise ctx.error(
                f"{where}.actions[{index}]", f"must be one of create, update, delete; got {action!r}"
            )
    filters = get_field(ctx, data, where, "scoping_filters", list, default=[])
    return ObjectMapping(
        enabled=get_field(ctx, data, where, "enabled", bool, default=enabled),
        actions=frozenset(actions),
        scoping_filters=tuple(
            _read_filter(ctx, f, f"{where}.scoping_filters[{i}]") for i, f in enumerate(filters)
        ),
        mappings=read_mapping_spec(ctx, data.get("mappings", "default"), f"{where}.mappings", default_rows),
    )


def _read_filter(ctx: Ctx, data: Any, where: str) -> ScopingFilter:
    """Read one scoping filter (§5.2: a title and clauses of attribute, operator, value, ANDed)."""
    data = require_object(ctx, data, where, frozenset({"title", "clauses"}))
    clauses = []
    for index, clause in enumerate(get_field(ctx, data, where, "clauses", list)):
        name = f"{where}.clauses[{index}]"
        clause = require_object(ctx, clause, name, frozenset({"attribute", "operator", "value"}))
        get_field(ctx, clause, name, "attribute", str)
        get_field(ctx, clause, name, "operator", str)
        scalar_text(ctx, clause, name, "value")
        try:
            clauses.append(ScopingClause.from_dict(clause))
        except ScopingValidationError as exc:
            raise ctx.error(f"{name}.operator", one_line(exc)) from exc
    scoping_filter = ScopingFilter(get_field(ctx, data, where, "title", str, default=""), tuple(clauses))
    try:
        validate_filters([scoping_filter])
    except ScopingValidationError as exc:
        raise ctx.error(where, one_line(exc)) from exc
    return scoping_filter


def check_whole_job(ctx: Ctx, job: Job) -> None:
    """Raise when an enabled object type has no matching attribute, or app roles are mapped with Sync all, or a
    cross-tenant job's matching attribute is not the fixed one."""
    if job.cross_tenant:
        _check_cross_tenant_matching(ctx, job)
    for where, obj in (("users", job.users), ("groups", job.groups)):
        if obj.enabled and not obj.matching:
            raise ctx.error(
                f"{where}.mappings",
                "no matching attribute: mark one mapping with match: 1 (Microsoft Learn “Customize user provisioning attribute-mappings for SaaS applications”)",
            )
        for index, mapping in enumerate(obj.mappings):
            if job.scope == "all" and mapping.role_function:
                raise ctx.error(
                    f"{where}.mappings[{index}].expression",
                    f"{mapping.role_function} is incompatible with scope: all "
                    "(Microsoft Learn “Customize user provisioning attribute-mappings for SaaS applications”: app role mappings need 'Sync only assigned users and groups')",
                )


def _with_graph_schema(ctx: Ctx, relative: str, job: Job) -> Job:
    path = (ctx.base_dir or Path(".")) / relative
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ctx.error("graph_schema", f"cannot read Graph schema {str(path)!r}: {one_line(exc)}") from exc
    return job_from_graph_schema(schema, job, origin=str(path))


def _check_cross_tenant_matching(ctx: Ctx, job: Job) -> None:
    """Refuse a cross-tenant job whose matching is not alternativeSecurityIdentifier alone, as ``schemaInvalid``.

    Microsoft Learn "Configure cross-tenant synchronization", step 9: "The matching attribute cannot be changed.
    Attempting to change the matching attribute or adding additional matching attributes will result in a
    schemaInvalid error."
    """
    matching = job.users.matching
    fixed = defaults.CTS_MATCHING_ATTRIBUTE
    if len(matching) == 1 and matching[0].target == fixed and matching[0].source == "objectId":
        return
    found = ", ".join(f"{m.target} (match: {m.match})" for m in matching) or "none"
    raise ctx.error(
        "users.mappings",
        f"schemaInvalid: the matching attribute of cross-tenant synchronization is fixed to {fixed} and no other "
        f"attribute can match (Microsoft Learn “Configure cross-tenant synchronization”); this job matches on {found}",
    )
