"""The shared SCIM 2.0 protocol kernel (RFC 7643/7644): schema data, filters, PATCH, envelopes, errors.

Pure Python: no Flask, no database. mockscim serves with it, the harness renders filters and
previews PATCH requests with it. Submodules: ``errors``, ``schema``/``schema_data``, ``filter``
(lexer, parser, ast, evaluate, render), ``patch`` and ``messages``.
"""

from idcore.scim.errors import (
    BadRequest,
    Conflict,
    Forbidden,
    InternalError,
    InvalidFilter,
    InvalidPath,
    InvalidSyntax,
    InvalidValue,
    InvalidVersion,
    Mutability,
    NotFound,
    NoTarget,
    PayloadTooLarge,
    PreconditionFailed,
    ScimError,
    ScimNotImplemented,
    Sensitive,
    TooMany,
    Unauthorized,
    Uniqueness,
    error_from_dict,
)
from idcore.scim.filter import (
    And,
    AttrPath,
    Compare,
    CompareOp,
    Filter,
    Not,
    Or,
    Present,
    ValuePath,
    evaluate,
    parse_filter,
    parse_path,
    render_filter,
    render_path,
    walk_paths,
)
from idcore.scim.messages import (
    LIST_RESPONSE_SCHEMA,
    PATCH_OP_SCHEMA,
    drop_empty,
    list_response,
    parse_patch_request,
    project,
    render_resource,
)
from idcore.scim.patch import ENTRA_DIALECT, RFC_DIALECT, PatchDialect, apply_patch
from idcore.scim.schema import (
    Attribute,
    AttrMutability,
    AttrReturned,
    AttrType,
    AttrUniqueness,
    Resolved,
    ResourceType,
    Schema,
    render_schemas,
)
from idcore.scim.schema_data import (
    ENTERPRISE_USER_SCHEMA,
    ENTERPRISE_USER_URN,
    GROUP,
    GROUP_SCHEMA,
    GROUP_URN,
    USER,
    USER_SCHEMA,
    USER_URN,
)

__all__ = [
    # errors
    "BadRequest", "Conflict", "Forbidden", "InternalError", "InvalidFilter", "InvalidPath", "InvalidSyntax",
    "InvalidValue", "InvalidVersion", "Mutability", "NoTarget", "NotFound", "PayloadTooLarge",
    "PreconditionFailed", "ScimError", "ScimNotImplemented", "Sensitive", "TooMany", "Unauthorized",
    "Uniqueness", "error_from_dict",
    # filter
    "And", "AttrPath", "Compare", "CompareOp", "Filter", "Not", "Or", "Present", "ValuePath", "evaluate",
    "parse_filter", "parse_path", "render_filter", "render_path", "walk_paths",
    # schema
    "Attribute", "AttrMutability", "AttrReturned", "AttrType", "AttrUniqueness", "Resolved", "ResourceType",
    "Schema", "render_schemas",
    "ENTERPRISE_USER_SCHEMA", "ENTERPRISE_USER_URN", "GROUP", "GROUP_SCHEMA", "GROUP_URN", "USER", "USER_SCHEMA",
    "USER_URN",
    # patch
    "ENTRA_DIALECT", "RFC_DIALECT", "PatchDialect", "apply_patch",
    # messages
    "LIST_RESPONSE_SCHEMA", "PATCH_OP_SCHEMA", "drop_empty", "list_response", "parse_patch_request", "project",
    "render_resource",
]
