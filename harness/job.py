"""The job: one provisioning configuration, as the portal's provisioning page shows it (design.md "The job file").

A job names its source (Entra ID, Workday or SuccessFactors) and its target (a SCIM endpoint whose URL carries
Entra's feature flags), the scope setting, the job state and, per object type, the target object actions, the
scoping filters and the attribute mappings (entra-behavior.md §4.1). The model is frozen dataclasses; the readers
are ``load_job(path)``, ``Job.from_dict(data)`` and ``job_from_graph_schema(schema, base)`` (Graph's
``synchronizationSchema``, read by harness.pipeline.mapping_graph). Every reader rejects a bad job with ``JobError``, whose text names
the file, the field and what is wrong::

    job.yaml: users.mappings[3].expression: Unknown function 'Swtich'; did you mean 'Switch'? (column 1)
"""

from __future__ import annotations

import json
import os
import re
import typing
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml

from harness import defaults
from harness.defaults import Settings
from harness.expressions import Expression, ExpressionSyntaxError, parse

if TYPE_CHECKING:
    from harness.scoping import ScopingFilter

__all__ = [
    "ACTIONS",
    "COMPLIANCE_FLAG",
    "ROLLBACK_FLAG",
    "AttributeMapping",
    "AuthConfig",
    "Job",
    "JobError",
    "ObjectMapping",
    "Settings",
    "SourceConfig",
    "TargetConfig",
    "check_job",
    "default_group_mappings",
    "default_user_mappings",
    "job_from_graph_schema",
    "load_job",
    "read_object_mapping",
    "split_flags",
]

#: S4: the SCIM-compliance flag, and the token that rolls back to the 2017 PATCH style once it is the default.
COMPLIANCE_FLAG = "aadOptscim062020"
ROLLBACK_FLAG = "AzureAdScimPatch2017"
#: The portal's "Target object actions" checkboxes (S9); Graph's flowTypes "Add, Update, Delete" (S27).
ACTIONS: frozenset[str] = frozenset({"create", "update", "delete"})

SourceType = Literal["entra", "workday", "successfactors"]
TargetType = Literal["scim", "entra"]
AuthType = Literal["bearer", "oauth", "basic"]
MappingKind = Literal["direct", "constant", "expression", "none"]


class JobError(ValueError):
    """A job that cannot be used: where it came from, which field, and what is wrong with it."""

    def __init__(self, origin: str, field: str, message: str) -> None:
        self.origin = origin
        self.field = field
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.origin}: {self.field}" if self.field else self.origin
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class AuthConfig:
    """How the harness authenticates to the target: a bearer token, OAuth client credentials or basic auth."""

    type: AuthType = "bearer"
    token: str | None = None
    token_url: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    username: str | None = None
    password: str | None = None


@dataclass(frozen=True)
class SourceConfig:
    """The system of record and the enterprise app whose assignments decide scope."""

    type: SourceType = "entra"
    url: str = ""
    tenant: str = ""
    client_id: str = ""
    client_secret: str = ""
    app: str = defaults.DEFAULT_APP


@dataclass(frozen=True)
class TargetConfig:
    """The target endpoint: the Tenant URL as written, without its flags, the flags, and the credentials."""

    type: TargetType = "scim"
    url: str = ""
    base_url: str = ""
    flags: frozenset[str] = frozenset()
    auth: AuthConfig = field(default_factory=AuthConfig)

    @property
    def compliance_flag(self) -> bool:
        """Return True when the URL asks for the SCIM-compliant PATCH forms (S4) and does not roll them back."""
        return COMPLIANCE_FLAG in self.flags and ROLLBACK_FLAG not in self.flags

    @classmethod
    def from_url(cls, url: str, auth: AuthConfig | None = None, type: TargetType = "scim") -> TargetConfig:
        """Build a target from a Tenant URL, splitting off the flags it carries."""
        base_url, flags = split_flags(url)
        return cls(type=type, url=url, base_url=base_url, flags=flags, auth=auth or AuthConfig())


def split_flags(url: str) -> tuple[str, frozenset[str]]:
    """Split a Tenant URL into the base URL (no trailing slash) and the feature flags of its query string.

    S4: flags ride in the tenant URL as bare query tokens, e.g. ``https://host/scim/v2/?aadOptscim062020``.
    """
    base, _, query = url.partition("?")
    flags = frozenset(token for token in query.replace(";", "&").split("&") if token)
    return base.rstrip("/"), flags


@dataclass(frozen=True)
class AttributeMapping:
    """One row of the attribute-mapping page (S9): where the value comes from and how it flows.

    ``kind`` is Direct (``source`` names a source attribute), Constant (``constant``), Expression (``expression``)
    or None (nothing flows; only ``default`` fills an empty target). ``match`` is the matching precedence (1 first)
    or None; ``apply`` is "always" or "on_create" (Graph flowType ObjectAddOnly); ``default`` is "Default value
    if null", used only when creating.
    """

    target: str
    kind: MappingKind = "direct"
    source: str | None = None
    constant: str | None = None
    expression: str | None = None
    match: int | None = None
    apply: Literal["always", "on_create"] = "always"
    default: str | None = None

    @property
    def parsed(self) -> Expression:
        """Return the expression this mapping evaluates (a Direct mapping reads ``[source]``)."""
        if self.kind == "expression" and self.expression is not None:
            return parse(self.expression)
        if self.kind == "direct" and self.source is not None:
            return parse(f"[{self.source}]")
        raise ValueError(f"mapping to {self.target} has no expression")

    @property
    def role_function(self) -> str | None:
        """Return the app-role function this mapping calls (S9), or None; roles are not provisioned on demand."""
        if self.kind != "expression" or not self.expression:
            return None
        return next((name for name in defaults.ROLE_FUNCTIONS if f"{name}(" in self.expression), None)

    @property
    def is_reference(self) -> bool:
        """Return True for the manager reference, resolved to the manager's target id after the create (S6)."""
        return self.target.lower() in defaults.REFERENCE_TARGETS

    @property
    def is_members(self) -> bool:
        """Return True for group membership, sent by PATCH after the group is created (S3)."""
        return self.target.lower() == defaults.MEMBERS_TARGET


@dataclass(frozen=True)
class ObjectMapping:
    """One object type's provisioning: enabled, target object actions, scoping filters and attribute mappings."""

    enabled: bool = True
    actions: frozenset[str] = ACTIONS
    scoping_filters: tuple[ScopingFilter, ...] = ()
    mappings: tuple[AttributeMapping, ...] = ()

    @property
    def matching(self) -> tuple[AttributeMapping, ...]:
        """Return the matching mappings in precedence order (S9: evaluated in order, first match wins)."""
        return tuple(sorted((m for m in self.mappings if m.match is not None), key=lambda m: m.match or 0))

    def mapping_for(self, target: str) -> AttributeMapping | None:
        """Return the mapping whose target is ``target`` (case-insensitive), or None."""
        lowered = target.lower()
        return next((m for m in self.mappings if m.target.lower() == lowered), None)


@dataclass(frozen=True)
class Job:
    """A provisioning job; ``origin`` is the file (or "<dict>") it was read from, for error messages."""

    name: str
    source: SourceConfig
    target: TargetConfig
    scope: Literal["assigned", "all"] = "assigned"
    state: Literal["running", "stopped"] = "running"
    skip_out_of_scope_deletions: bool = False
    users: ObjectMapping = field(default_factory=ObjectMapping)
    groups: ObjectMapping = field(default_factory=ObjectMapping)
    settings: Settings = field(default_factory=Settings)
    origin: str = "<dict>"

    @classmethod
    def from_dict(cls, data: Any, origin: str = "<dict>", *, base_dir: Path | None = None) -> Job:
        """Read a job from parsed YAML/JSON data; raise JobError naming the field on any mistake."""
        return _read_job(data, origin, base_dir)

    def with_changes(self, **changes: Any) -> Job:
        """Return a copy with some fields replaced (dataclasses.replace)."""
        return replace(self, **changes)

    def object_mapping(self, object_type: str) -> ObjectMapping:
        """Return the users or groups mapping for "User" or "Group"."""
        return self.groups if object_type.lower().startswith("group") else self.users


def load_job(path: str | Path) -> Job:
    """Read a job file (YAML or JSON); raise JobError naming the file, the field and the problem."""
    path = Path(path)
    origin = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise JobError(origin, "", f"cannot read the job file: {exc.strerror or exc}") from exc
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise JobError(
            origin, "", f"not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: {_one_line(exc)}"
        ) from exc
    return Job.from_dict(_expand_env(data, _Ctx(origin), ""), origin, base_dir=path.parent)


def job_from_graph_schema(schema: dict[str, Any], base: Job, *, origin: str = "<graph schema>") -> Job:
    """Return ``base`` with the users/groups mappings and scoping filters of a Graph synchronizationSchema."""
    from harness.pipeline.mapping_graph import apply_graph_schema

    return apply_graph_schema(schema, base, origin)


def default_user_mappings(source_type: SourceType = "entra") -> tuple[AttributeMapping, ...]:
    """Return the built-in user mappings: the 22 of a non-gallery SCIM app (§4.4), or an HR source's."""
    rows = {
        "workday": defaults.WORKDAY_USER_MAPPINGS,
        "successfactors": defaults.SUCCESSFACTORS_USER_MAPPINGS,
    }.get(source_type, defaults.USER_MAPPINGS)
    return _read_mappings(list(rows), _Ctx("<defaults>"), "users.mappings")


def default_group_mappings() -> tuple[AttributeMapping, ...]:
    """Return the 3 built-in group mappings: displayName (matching), objectId → externalId, members (S3)."""
    return _read_mappings(list(defaults.GROUP_MAPPINGS), _Ctx("<defaults>"), "groups.mappings")


_ENV_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


def _expand_env(data: Any, ctx: _Ctx, where: str) -> Any:
    """Replace ``${NAME}`` in the file's strings with environment variables, so secrets stay out of job files."""
    if isinstance(data, dict):
        return {key: _expand_env(value, ctx, _join(where, str(key))) for key, value in data.items()}
    if isinstance(data, list):
        return [_expand_env(value, ctx, f"{where}[{index}]") for index, value in enumerate(data)]
    if not isinstance(data, str) or "${" not in data:
        return data

    def variable(found: re.Match[str]) -> str:
        if found.group(1) not in os.environ:
            raise ctx.error(where, f"environment variable {found.group(1)} is not set")
        return os.environ[found.group(1)]

    return _ENV_REFERENCE.sub(variable, data)


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())


# --- reading a job file -----------------------------------------------------------------------------------------

_MISSING: Any = object()
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
_SOURCE_KEYS = frozenset({"type", "url", "tenant", "client_id", "client_secret", "app"})
_TARGET_KEYS = frozenset({"type", "url", "auth"})
_AUTH_KEYS = frozenset({"type", "token", "token_url", "client_id", "client_secret", "username", "password"})
_AUTH_REQUIRED = {
    "bearer": ("token",),
    "oauth": ("token_url", "client_id", "client_secret"),
    "basic": ("username", "password"),
}
_OBJECT_KEYS = frozenset({"enabled", "actions", "scoping_filters", "mappings"})
_MAPPING_KEYS = frozenset({"target", "source", "constant", "expression", "match", "apply", "default"})
_VALUE_KEYS = ("source", "constant", "expression")
_SCALARS = (str, int, float, bool)


@dataclass(frozen=True)
class _Ctx:
    """Where the data came from, to name it in errors and to resolve relative paths."""

    origin: str
    base_dir: Path | None = None

    def error(self, field: str, message: str) -> JobError:
        return JobError(self.origin, field, message)


def _join(where: str, key: str) -> str:
    return f"{where}.{key}" if where else key


def _kind_of(value: Any) -> str:
    return {
        dict: "a mapping",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def _object(ctx: _Ctx, data: Any, where: str, allowed: frozenset[str]) -> dict[str, Any]:
    """Return ``data`` if it is a mapping with only ``allowed`` keys; otherwise raise naming the culprit."""
    if not isinstance(data, dict):
        raise ctx.error(where or "(top level)", f"expected a mapping, got {_kind_of(data)}")
    for key in data:
        if key not in allowed:
            raise ctx.error(
                _join(where, str(key)), f"unknown key; expected one of: {', '.join(sorted(allowed))}"
            )
    return data


def _get(
    ctx: _Ctx,
    data: dict[str, Any],
    where: str,
    key: str,
    kind: type | tuple[type, ...],
    default: Any = _MISSING,
    choices: tuple[Any, ...] = (),
) -> Any:
    """Return ``data[key]`` checked for type and allowed values, or ``default`` when absent or null."""
    field_name = _join(where, key)
    value = data.get(key)
    if value is None:
        if default is _MISSING:
            raise ctx.error(field_name, "is required")
        return default
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
        expected = " or ".join(_kind_of(k()) if k is not type(None) else "null" for k in kinds)
        raise ctx.error(field_name, f"expected {expected}, got {_kind_of(value)} {value!r}")
    if choices and value not in choices:
        raise ctx.error(field_name, f"must be one of {', '.join(map(str, choices))}; got {value!r}")
    return value


def _scalar_text(ctx: _Ctx, data: dict[str, Any], where: str, key: str) -> str | None:
    """Return a scalar as Entra's text (booleans as "True"/"False"), or None when absent."""
    value = _get(ctx, data, where, key, _SCALARS, default=None)
    if isinstance(value, bool):
        return "True" if value else "False"
    return None if value is None else str(value)


def _url(ctx: _Ctx, data: dict[str, Any], where: str) -> str:
    url = _get(ctx, data, where, "url", str)
    if not url.startswith(("http://", "https://")):
        raise ctx.error(_join(where, "url"), f"must be an http:// or https:// URL; got {url!r}")
    return url


def _read_job(data: Any, origin: str, base_dir: Path | None) -> Job:
    ctx = _Ctx(origin, base_dir)
    top = _object(ctx, data, "", _TOP_KEYS)
    source = _read_source(ctx, _get(ctx, top, "", "source", dict))
    job = Job(
        name=_get(ctx, top, "", "name", str, default=source.app),
        source=source,
        target=_read_target(ctx, _get(ctx, top, "", "target", dict)),
        scope=_get(ctx, top, "", "scope", str, default="assigned", choices=("assigned", "all")),
        state=_get(ctx, top, "", "state", str, default="running", choices=("running", "stopped")),
        skip_out_of_scope_deletions=_get(ctx, top, "", "skip_out_of_scope_deletions", bool, default=False),
        users=_read_object(ctx, top.get("users", {}), "users", _user_rows(source.type), True),
        # S1: Workday, SuccessFactors and cross-tenant sync don't provision groups.
        groups=_read_object(
            ctx, top.get("groups", {}), "groups", defaults.GROUP_MAPPINGS, source.type == "entra"
        ),
        settings=_read_settings(ctx, top.get("settings", {})),
        origin=origin,
    )
    if top.get("graph_schema") is not None:
        job = _with_graph_schema(ctx, _get(ctx, top, "", "graph_schema", str), job)
    _check_job(ctx, job)
    return job


def _user_rows(source_type: str) -> tuple[dict[str, Any], ...]:
    return {
        "workday": defaults.WORKDAY_USER_MAPPINGS,
        "successfactors": defaults.SUCCESSFACTORS_USER_MAPPINGS,
    }.get(source_type, defaults.USER_MAPPINGS)


def _read_source(ctx: _Ctx, data: dict[str, Any]) -> SourceConfig:
    data = _object(ctx, data, "source", _SOURCE_KEYS)
    return SourceConfig(
        type=_get(
            ctx, data, "source", "type", str, default="entra", choices=("entra", "workday", "successfactors")
        ),
        url=_url(ctx, data, "source"),
        tenant=_get(ctx, data, "source", "tenant", str, default=""),
        client_id=_get(ctx, data, "source", "client_id", str, default=""),
        client_secret=_get(ctx, data, "source", "client_secret", str, default=""),
        app=_get(ctx, data, "source", "app", str, default=defaults.DEFAULT_APP),
    )


def _read_target(ctx: _Ctx, data: dict[str, Any]) -> TargetConfig:
    data = _object(ctx, data, "target", _TARGET_KEYS)
    auth_data = _object(ctx, _get(ctx, data, "target", "auth", dict), "target.auth", _AUTH_KEYS)
    auth_type = _get(
        ctx, auth_data, "target.auth", "type", str, default="bearer", choices=tuple(_AUTH_REQUIRED)
    )
    values = {
        key: _get(ctx, auth_data, "target.auth", key, str, default=None) for key in _AUTH_KEYS - {"type"}
    }
    for key in _AUTH_REQUIRED[auth_type]:
        if not values[key]:
            raise ctx.error(f"target.auth.{key}", f"is required for {auth_type} auth")
    target_type = _get(ctx, data, "target", "type", str, default="scim", choices=("scim", "entra"))
    return TargetConfig.from_url(_url(ctx, data, "target"), AuthConfig(type=auth_type, **values), target_type)


def _read_settings(ctx: _Ctx, data: Any) -> Settings:
    hints = typing.get_type_hints(Settings)
    data = _object(ctx, data, "settings", frozenset(hints))
    values: dict[str, Any] = {}
    for key in data:
        hint = hints[key]
        if typing.get_origin(hint) is Literal:
            values[key] = _get(ctx, data, "settings", key, str, choices=typing.get_args(hint))
        else:
            kinds: tuple[type, ...] = (int, float) if hint is float else (hint,)
            values[key] = hint(_get(ctx, data, "settings", key, kinds))
    return Settings(**values)


def _read_object(
    ctx: _Ctx, data: Any, where: str, default_rows: tuple[dict[str, Any], ...], enabled: bool
) -> ObjectMapping:
    data = _object(ctx, data, where, _OBJECT_KEYS)
    actions = _get(ctx, data, where, "actions", list, default=sorted(ACTIONS))
    for index, action in enumerate(actions):
        if action not in ACTIONS:
            raise ctx.error(
                f"{where}.actions[{index}]", f"must be one of create, update, delete; got {action!r}"
            )
    filters = _get(ctx, data, where, "scoping_filters", list, default=[])
    return ObjectMapping(
        enabled=_get(ctx, data, where, "enabled", bool, default=enabled),
        actions=frozenset(actions),
        scoping_filters=tuple(
            _read_filter(ctx, f, f"{where}.scoping_filters[{i}]") for i, f in enumerate(filters)
        ),
        mappings=_read_mapping_spec(ctx, data.get("mappings", "default"), f"{where}.mappings", default_rows),
    )


def read_object_mapping(
    data: Any, where: str, origin: str, *, default_rows: tuple[dict[str, Any], ...] = (), enabled: bool = True
) -> ObjectMapping:
    """Read one object mapping in the job-file form (``enabled``, ``actions``, ``scoping_filters``, ``mappings``)."""
    return _read_object(_Ctx(origin), data, where, default_rows, enabled)


def check_job(job: Job, origin: str | None = None) -> None:
    """Raise JobError when the job as a whole is inconsistent (no matching attribute, roles with Sync all)."""
    _check_job(_Ctx(origin or job.origin), job)


def _read_filter(ctx: _Ctx, data: Any, where: str) -> ScopingFilter:
    """Read one scoping filter (§5.2: a title and clauses of attribute, operator, value, ANDed)."""
    from harness.scoping import ScopingClause, ScopingFilter, ScopingValidationError, validate_filters

    data = _object(ctx, data, where, frozenset({"title", "clauses"}))
    clauses = []
    for index, clause in enumerate(_get(ctx, data, where, "clauses", list)):
        name = f"{where}.clauses[{index}]"
        clause = _object(ctx, clause, name, frozenset({"attribute", "operator", "value"}))
        _get(ctx, clause, name, "attribute", str)
        _get(ctx, clause, name, "operator", str)
        _scalar_text(ctx, clause, name, "value")
        try:
            clauses.append(ScopingClause.from_dict(clause))
        except ScopingValidationError as exc:
            raise ctx.error(f"{name}.operator", _one_line(exc)) from exc
    scoping_filter = ScopingFilter(_get(ctx, data, where, "title", str, default=""), tuple(clauses))
    try:
        validate_filters([scoping_filter])
    except ScopingValidationError as exc:
        raise ctx.error(where, _one_line(exc)) from exc
    return scoping_filter


def _read_mapping_spec(
    ctx: _Ctx, spec: Any, where: str, default_rows: tuple[dict[str, Any], ...]
) -> tuple[AttributeMapping, ...]:
    """Read ``mappings``: "default", a list, or ``{extend: [...], remove: [targets]}`` over the defaults."""
    if spec == "default":
        rows = [(row, f"{where}(default {row['target']})") for row in default_rows]
    elif isinstance(spec, list):
        rows = [(row, f"{where}[{index}]") for index, row in enumerate(spec)]
    elif isinstance(spec, dict):
        rows = _extend_defaults(
            ctx, _object(ctx, spec, where, frozenset({"extend", "remove"})), where, default_rows
        )
    else:
        raise ctx.error(
            where, f'expected "default", a list or {{extend: [...]}}; got {_kind_of(spec)} {spec!r}'
        )
    return _read_rows(ctx, rows)


def _extend_defaults(
    ctx: _Ctx, spec: dict[str, Any], where: str, default_rows: tuple[dict[str, Any], ...]
) -> list[tuple[Any, str]]:
    rows: list[tuple[Any, str]] = [(row, f"{where}(default {row['target']})") for row in default_rows]
    for index, target in enumerate(_get(ctx, spec, where, "remove", list, default=[])):
        kept = [(row, name) for row, name in rows if str(row["target"]).lower() != str(target).lower()]
        if len(kept) == len(rows):
            raise ctx.error(f"{where}.remove[{index}]", f"no default mapping targets {target!r}")
        rows = kept
    for index, row in enumerate(_get(ctx, spec, where, "extend", list, default=[])):
        name = f"{where}.extend[{index}]"
        target = str(row.get("target", "")).lower() if isinstance(row, dict) else None
        position = next((i for i, (old, _) in enumerate(rows) if str(old["target"]).lower() == target), None)
        if position is None:
            rows.append((row, name))
        else:
            rows[position] = (row, name)  # an extension row replaces the default row of the same target
    return rows


def _read_mappings(rows: list[dict[str, Any]], ctx: _Ctx, where: str) -> tuple[AttributeMapping, ...]:
    return _read_rows(ctx, [(row, f"{where}[{index}]") for index, row in enumerate(rows)])


def _read_rows(ctx: _Ctx, rows: list[tuple[Any, str]]) -> tuple[AttributeMapping, ...]:
    mappings = tuple(_read_mapping(ctx, row, name) for row, name in rows)
    seen_targets: dict[str, str] = {}
    seen_precedence: dict[int, str] = {}
    for mapping, (_, name) in zip(mappings, rows):
        earlier = seen_targets.setdefault(mapping.target.lower(), name)
        if earlier != name:
            raise ctx.error(f"{name}.target", f"{mapping.target!r} is already mapped by {earlier}")
        if mapping.match is not None:
            earlier = seen_precedence.setdefault(mapping.match, name)
            if earlier != name:
                raise ctx.error(
                    f"{name}.match",
                    f"matching precedence {mapping.match} is already used by {earlier};"
                    " precedences must be unique",
                )
    return mappings


def _read_mapping(ctx: _Ctx, row: Any, where: str) -> AttributeMapping:
    """Read one attribute mapping; the kind follows from which of source/constant/expression is given."""
    row = _object(ctx, row, where, _MAPPING_KEYS)
    target = _read_target_path(ctx, _get(ctx, row, where, "target", str), f"{where}.target")
    given = [key for key in _VALUE_KEYS if row.get(key) is not None]
    if len(given) > 1:
        raise ctx.error(
            f"{where}.{given[1]}",
            f"a mapping has exactly one of source, constant, expression; this one also has {given[0]}",
        )
    kind: MappingKind = {"source": "direct", "constant": "constant", "expression": "expression"}.get(
        given[0] if given else "", "none"
    )  # type: ignore[assignment]
    mapping = AttributeMapping(
        target=target,
        kind=kind,
        source=_get(ctx, row, where, "source", str, default=None),
        constant=_scalar_text(ctx, row, where, "constant"),
        expression=_get(ctx, row, where, "expression", str, default=None),
        match=_get(ctx, row, where, "match", int, default=None),
        apply=_get(ctx, row, where, "apply", str, default="always", choices=("always", "on_create")),
        default=_scalar_text(ctx, row, where, "default"),
    )
    _check_mapping(ctx, mapping, where)
    return mapping


def _read_target_path(ctx: _Ctx, target: str, where: str) -> str:
    """Check a target attribute path with the SCIM PATCH path grammar (RFC 7644 §3.5.2)."""
    from idcore.scim.filter import parse_path

    target = target.strip()
    if target.lower() == "id":
        raise ctx.error(
            where, "the primary key 'id' cannot be a mapping target (S9: it is the target's own id)"
        )
    try:
        parse_path(target)
    except Exception as exc:  # idcore.scim raises its InvalidFilter (a ProtocolError) with a readable detail
        detail = getattr(exc, "detail", None) or str(exc)
        raise ctx.error(where, f"not a SCIM attribute path: {' '.join(str(detail).split())}") from exc
    return target


def _check_mapping(ctx: _Ctx, mapping: AttributeMapping, where: str) -> None:
    if mapping.kind == "direct" and not (mapping.source or "").strip():
        raise ctx.error(f"{where}.source", "must name a source attribute")
    if mapping.kind in ("direct", "expression"):
        key = "source" if mapping.kind == "direct" else "expression"
        try:
            _ = mapping.parsed
        except ExpressionSyntaxError as exc:
            raise ctx.error(f"{where}.{key}", f"{exc.reason} (column {exc.column})") from exc
    if mapping.match is not None:
        if mapping.match < 1:
            raise ctx.error(f"{where}.match", f"matching precedence must be 1 or more; got {mapping.match}")
        if mapping.kind not in ("direct", "expression"):
            raise ctx.error(
                f"{where}.match", "a matching attribute must be a Direct or Expression mapping (S9)"
            )


def _check_job(ctx: _Ctx, job: Job) -> None:
    for where, obj in (("users", job.users), ("groups", job.groups)):
        if obj.enabled and not obj.matching:
            raise ctx.error(f"{where}.mappings", "no matching attribute: mark one mapping with match: 1 (S9)")
        for index, mapping in enumerate(obj.mappings):
            if job.scope == "all" and mapping.role_function:
                raise ctx.error(
                    f"{where}.mappings[{index}].expression",
                    f"{mapping.role_function} is incompatible with scope: all "
                    "(S9: app role mappings need 'Sync only assigned users and groups')",
                )


def _with_graph_schema(ctx: _Ctx, relative: str, job: Job) -> Job:
    path = (ctx.base_dir or Path(".")) / relative
    try:
        schema = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ctx.error("graph_schema", f"cannot read Graph schema {str(path)!r}: {_one_line(exc)}") from exc
    return job_from_graph_schema(schema, job, origin=str(path))
