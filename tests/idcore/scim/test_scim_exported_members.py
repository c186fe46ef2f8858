"""The public surface of idcore.scim is pinned here; changing it is a decision, not an accident."""

import idcore.scim

EXPECTED = {
    "And",
    "AttrMutability",
    "AttrPath",
    "AttrReturned",
    "AttrType",
    "AttrUniqueness",
    "Attribute",
    "BadRequest",
    "Compare",
    "CompareOp",
    "Conflict",
    "ENTERPRISE_USER_SCHEMA",
    "ENTERPRISE_USER_URN",
    "ENTRA_DIALECT",
    "Filter",
    "Forbidden",
    "GROUP",
    "GROUP_SCHEMA",
    "GROUP_URN",
    "InternalError",
    "InvalidFilter",
    "InvalidPath",
    "InvalidSyntax",
    "InvalidValue",
    "InvalidVersion",
    "LIST_RESPONSE_SCHEMA",
    "Mutability",
    "NoTarget",
    "Not",
    "NotFound",
    "Or",
    "PATCH_OP_SCHEMA",
    "PatchDialect",
    "PayloadTooLarge",
    "PreconditionFailed",
    "Present",
    "RFC_DIALECT",
    "Resolved",
    "ResourceType",
    "Schema",
    "ScimError",
    "ScimNotImplemented",
    "Sensitive",
    "TooMany",
    "USER",
    "USER_SCHEMA",
    "USER_URN",
    "Unauthorized",
    "Uniqueness",
    "ValuePath",
    "apply_patch",
    "drop_empty",
    "error_from_dict",
    "evaluate",
    "list_response",
    "parse_filter",
    "parse_patch_request",
    "parse_path",
    "project",
    "render_filter",
    "render_path",
    "render_resource",
    "render_schemas",
    "walk_paths",
}


def test_all_is_pinned():
    assert set(idcore.scim.__all__) == EXPECTED


def test_every_exported_name_exists():
    assert [name for name in idcore.scim.__all__ if not hasattr(idcore.scim, name)] == []


def test_kernel_modules_import_no_web_framework():
    from pathlib import Path

    sources = Path(idcore.scim.__file__).parent.rglob("*.py")
    assert [p.name for p in sources if "import flask" in p.read_text() or "from flask" in p.read_text()] == []
