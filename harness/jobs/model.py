"""The job: one provisioning configuration, as the portal's provisioning page shows it (design.md "The job file").

A job names its source (Entra ID, Workday or SuccessFactors) and its target (a SCIM endpoint whose URL carries
Entra's feature flags), the scope setting, the job state and, per object type, the target object actions, the
scoping filters and the attribute mappings (entra-behavior.md §4.1). The model is frozen dataclasses; the readers
are ``load_job(path)``, ``Job.from_dict(data)`` and ``job_from_graph_schema(schema, base)`` (Graph's
``synchronizationSchema``, read by harness.jobs.graph_schema). Every reader rejects a bad job with ``JobError``, whose text names
the file, the field and what is wrong::

    job.yaml: users.mappings[3].expression: Unknown function 'Swtich'; did you mean 'Switch'? (column 1)

The readers themselves live beside this module: ``harness.jobs.reader`` (the job, its source, target, auth,
settings and object types), ``harness.jobs.mappings`` (the mapping rows) and ``harness.jobs.fields`` (the checks
every field goes through). They build these classes, so this module imports them inside the functions that
delegate to them, never at import time.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml

from harness.errors import UserError
from harness.jobs import defaults
from harness.jobs.defaults import Settings
from harness.jobs.expressions import Expression, parse

if TYPE_CHECKING:
    from harness.jobs.scoping import ScopingFilter

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


class JobError(UserError, ValueError):
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
    scope: str | None = (
        None  # OAuth: sent as ``scope`` when set (an Entra token endpoint wants ``<api>/.default``)
    )
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
    # HR sources: the job's own attributes (name, XPath or JSONPath), laid over the documented list (harness.jobs.hr)
    attributes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TargetConfig:
    """The target endpoint: the Tenant URL as written, without its flags, the flags, and the credentials."""

    type: TargetType = "scim"
    url: str = ""
    base_url: str = ""
    flags: frozenset[str] = frozenset()
    auth: AuthConfig = field(default_factory=AuthConfig)
    # An Entra ID target (``type: entra``): the tenant and the app registration the harness writes with.
    tenant: str = ""
    client_id: str = ""
    client_secret: str = ""

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
        from harness.jobs.reader import read_job

        return read_job(data, origin, base_dir)

    def with_changes(self, **changes: Any) -> Job:
        """Return a copy with some fields replaced (dataclasses.replace)."""
        return replace(self, **changes)

    @property
    def cross_tenant(self) -> bool:
        """Return True for cross-tenant synchronization: an Entra ID source provisioning another Entra ID tenant."""
        return self.source.type == "entra" and self.target.type == "entra"

    def object_mapping(self, object_type: str) -> ObjectMapping:
        """Return the users or groups mapping for "User" or "Group"."""
        return self.groups if object_type.lower().startswith("group") else self.users


def load_job(path: str | Path) -> Job:
    """Read a job file (YAML or JSON); raise JobError naming the file, the field and the problem."""
    from harness.jobs.fields import Ctx, expand_env, one_line

    path = Path(path)
    origin = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise JobError(origin, "", f"cannot read the job file: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise JobError(
            origin,
            "",
            f"not UTF-8 text (byte 0x{exc.object[exc.start]:02x} at offset {exc.start}); save it as UTF-8",
        ) from exc
    try:
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise JobError(
            origin, "", f"not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: {one_line(exc)}"
        ) from exc
    loop = _self_reference(data, "")
    if loop is not None:
        raise JobError(origin, loop, "a YAML alias refers to the node that contains it; a job cannot loop")
    return Job.from_dict(expand_env(data, Ctx(origin), ""), origin, base_dir=path.parent)


def _self_reference(data: Any, where: str, open_nodes: tuple[int, ...] = ()) -> str | None:
    """Return the path of the first list or mapping that contains itself (a recursive YAML alias), or None."""
    if not isinstance(data, dict | list):
        return None
    if id(data) in open_nodes:
        return where or "(top)"
    items = data.items() if isinstance(data, dict) else enumerate(data)
    for key, value in items:
        path = f"{where}[{key}]" if isinstance(key, int) else f"{where}.{key}" if where else str(key)
        found = _self_reference(value, path, (*open_nodes, id(data)))
        if found is not None:
            return found
    return None


def job_from_graph_schema(schema: dict[str, Any], base: Job, *, origin: str = "<graph schema>") -> Job:
    """Return ``base`` with the users/groups mappings and scoping filters of a Graph synchronizationSchema."""
    from harness.jobs.graph_schema import apply_graph_schema

    return apply_graph_schema(schema, base, origin)


def default_user_mappings(
    source_type: SourceType = "entra", target_type: TargetType = "scim"
) -> tuple[AttributeMapping, ...]:
    """Return the built-in user mappings: the 22 of a non-gallery SCIM app (§4.4), an HR source's, or CTS's."""
    from harness.jobs.fields import Ctx
    from harness.jobs.mappings import default_user_rows, read_mappings

    rows = default_user_rows(source_type, target_type)
    return read_mappings(list(rows), Ctx("<defaults>"), "users.mappings")


def default_group_mappings() -> tuple[AttributeMapping, ...]:
    """Return the 3 built-in group mappings: displayName (matching), objectId → externalId, members (S3)."""
    from harness.jobs.fields import Ctx
    from harness.jobs.mappings import read_mappings

    return read_mappings(list(defaults.GROUP_MAPPINGS), Ctx("<defaults>"), "groups.mappings")


def read_object_mapping(
    data: Any, where: str, origin: str, *, default_rows: tuple[dict[str, Any], ...] = (), enabled: bool = True
) -> ObjectMapping:
    """Read one object mapping in the job-file form (``enabled``, ``actions``, ``scoping_filters``, ``mappings``)."""
    from harness.jobs.fields import Ctx
    from harness.jobs.reader import read_object

    return read_object(Ctx(origin), data, where, default_rows, enabled)


def check_job(job: Job, origin: str | None = None) -> None:
    """Raise JobError when the job as a whole is inconsistent (no matching attribute, roles with Sync all)."""
    from harness.jobs.fields import Ctx
    from harness.jobs.reader import check_whole_job

    check_whole_job(Ctx(origin or job.origin), job)
