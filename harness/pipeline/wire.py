"""Entra's request bodies, exactly as the provisioning service sends them (entra-behavior.md §2.4–2.6).

Two PATCH dialects (S4 "Known issues and resolutions with SCIM 2.0 protocol compliance"):

================================  ==========================================  ==============================================
case                              default                                     ``aadOptscim062020`` in the Tenant URL
================================  ==========================================  ==============================================
op casing                         ``Add`` / ``Replace`` / ``Remove``          ``add`` / ``replace`` / ``remove``
disable                           ``{"op":"Replace","path":"active",          ``{"op":"replace","path":"active",
                                  "value":"False"}``                          "value":false}``
several replaced attributes       one ``Replace`` per path                    filter paths keep their own op; two or more
                                                                              others fold into one path-less replace with
                                                                              flat keys
remove a group member             ``{"op":"Remove","path":"members",          ``{"op":"remove",
                                  "value":[{"value":"id"}]}``                 "path":"members[value eq \\"id\\"]"}``
================================  ==========================================  ==============================================

S4: the flag "currently doesn't work with on-demand provisioning" — ``dialect_for(job)`` gives the default dialect
on demand unless Settings.flag_applies_on_demand.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from harness.jobs.defaults import ENTERPRISE_URN
from harness.jobs.model import Job, Settings
from harness.pipeline.diff import Change, resource_type_for
from harness.pipeline.mapping import MappedObject
from harness.pipeline.wire_body import build_resource, is_boolean_path

__all__ = [
    "ADSCIM_GROUP_SCHEMA",
    "MANAGER_PATH",
    "PATCH_SCHEMA",
    "Dialect",
    "create_body",
    "dialect_for",
    "disable_body",
    "manager_body",
    "members_add_body",
    "members_remove_body",
    "patch_body",
    "roles_replace_body",
]

PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group"
#: S3's POST /Groups sample lists this schema after the core Group schema.
ADSCIM_GROUP_SCHEMA = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"
MANAGER_PATH = f"{ENTERPRISE_URN}:manager"


@dataclass(frozen=True)
class Dialect:
    """Which PATCH forms to send: the default (2017) forms, or the ``aadOptscim062020`` ones when ``flag_mode``."""

    flag_mode: bool = False

    def op(self, name: Literal["Add", "Replace", "Remove"]) -> str:
        """Return an op name in this dialect's casing."""
        return name.lower() if self.flag_mode else name

    def boolean(self, value: bool) -> bool | str:
        """Return a boolean as this dialect sends it in PATCH: "True"/"False" by default, a JSON boolean flagged."""
        if self.flag_mode:
            return value
        return "True" if value else "False"


def dialect_for(job: Job, on_demand: bool = True) -> Dialect:
    """Return the dialect a run of ``job`` uses; on demand the flag is ignored (S4) unless the setting says so."""
    flagged = job.target.compliance_flag
    if on_demand and not job.settings.flag_applies_on_demand:
        flagged = False
    return Dialect(flag_mode=flagged)


def _patch(operations: list[dict[str, Any]]) -> dict[str, Any]:
    return {"schemas": [PATCH_SCHEMA], "Operations": operations}


def create_body(
    mapped: MappedObject, object_type: Literal["User", "Group"], settings: Settings | None = None
) -> dict[str, Any]:
    """Return the POST body: schemas, the mapped values nested as SCIM attributes, ``meta.resourceType``.

    S3 sample order: ``schemas``, ``externalId``, ``userName``, ``active``, then the other attributes. References
    (manager, members) are never in the POST (S6); groups are created empty (S3).
    """
    settings = settings or Settings()
    body = build_resource(mapped.values, resource_type_for(object_type), settings)
    schemas = [GROUP_SCHEMA] if object_type == "Group" else [USER_SCHEMA]
    if object_type == "Group" and settings.group_adscim_schema:
        schemas.append(ADSCIM_GROUP_SCHEMA)
    if ENTERPRISE_URN in body:
        schemas.append(ENTERPRISE_URN)  # custom extension URNs are not listed (S9)
    ordered: dict[str, Any] = {"schemas": schemas}
    for key in ("externalId", "userName", "active"):
        if key in body:
            ordered[key] = body.pop(key)
    body["meta"] = {"resourceType": object_type}
    if object_type == "User" and settings.empty_roles_on_create and not mapped.roles:
        # S3's "Create User" sample carries "roles": []; a job mapping roles sends none on demand (S1)
        body.setdefault("roles", [])
    ordered.update(sorted(body.items(), key=lambda item: (item[0].startswith("urn:"), item[0])))
    return ordered


def patch_body(changes: Iterable[Change], dialect: Dialect, object_type: str = "User") -> dict[str, Any]:
    """Return the PATCH body for attribute changes: one op per path, or the flag's folded path-less replace.

    S4 samples: with the flag, several replaced attributes without a value filter fold into one path-less
    ``replace`` with flat keys; a single replace (the disable sample) and every ``add`` keep their path.
    """
    schema = resource_type_for(object_type)
    changes = list(changes)
    foldable = [c for c in changes if dialect.flag_mode and c.op == "Replace" and "[" not in c.path]
    fold = len(foldable) > 1
    operations: list[dict[str, Any]] = []
    folded: dict[str, Any] = {}
    for change in changes:
        value = _patch_value(change.new, is_boolean_path(schema, change.path), dialect)
        if change.op == "Remove":
            operations.append({"op": dialect.op("Remove"), "path": change.path})
        elif fold and change in foldable:
            folded[change.path] = value
        else:
            operations.append({"op": dialect.op(change.op), "path": change.path, "value": value})
    if folded:
        operations.append({"op": dialect.op("Replace"), "value": folded})
    return _patch(operations)


def _patch_value(value: Any, boolean: bool, dialect: Dialect) -> Any:
    if boolean and isinstance(value, str) and value.lower() in ("true", "false"):
        return dialect.boolean(value.lower() == "true")
    if isinstance(value, bool):
        return dialect.boolean(value)
    return value


def disable_body(dialect: Dialect) -> dict[str, Any]:
    """Return the disable PATCH: ``active`` "False" (string) by default, ``false`` with the flag (S4)."""
    return _patch([{"op": dialect.op("Replace"), "path": "active", "value": dialect.boolean(False)}])


def manager_body(
    target_manager_id: str,
    dialect: Dialect,
    shape: Literal["string", "object", "array"] = "string",
    *,
    replace: bool = False,
) -> dict[str, Any]:
    """Return the second-pass PATCH linking the manager by its target id (S6; value shape per §2.4)."""
    value: Any = {
        "string": target_manager_id,
        "object": {"value": target_manager_id},
        "array": [{"value": target_manager_id}],
    }[shape]
    return _patch([{"op": dialect.op("Replace" if replace else "Add"), "path": MANAGER_PATH, "value": value}])


def members_add_body(ids: Iterable[str], dialect: Dialect, *, ref_null: bool = True) -> dict[str, Any]:
    """Return the PATCH adding members by their target ids, all in one op, each ``{"$ref": null, "value"}`` (S3)."""
    value = [{"$ref": None, "value": id_} if ref_null else {"value": id_} for id_ in ids]
    return _patch([{"op": dialect.op("Add"), "path": "members", "value": value}])


def roles_replace_body(roles: list[Any], dialect: Dialect) -> dict[str, Any]:
    """Return AssertiveAppRoleAssignmentsComplex's PATCH: one replace of ``roles`` with every assigned role.

    S9: ``{"op":"replace","path":"roles","value":[{...objects...}]}`` "removes roles not assigned in Entra" (an
    empty list removes the last one). The doc sample is lowercase in either dialect, so is this. Roles are not
    provisioned on demand (S1): the on-demand run never sends it.
    """
    return _patch([{"op": "replace", "path": "roles", "value": list(roles)}])


def members_remove_body(ids: Iterable[str], dialect: Dialect) -> dict[str, Any]:
    """Return the PATCH removing members: a value list by default, a ``members[value eq "id"]`` path flagged (S4)."""
    ids = list(ids)
    if dialect.flag_mode:
        return _patch([{"op": "remove", "path": f'members[value eq "{id_}"]'} for id_ in ids])
    return _patch([{"op": "Remove", "path": "members", "value": [{"value": id_} for id_ in ids]}])
