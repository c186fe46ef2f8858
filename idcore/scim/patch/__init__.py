"""RFC 7644 §3.5.2 PATCH: path grammar, dialects and ``apply_patch``."""

from idcore.scim.patch.apply import OPS, apply_patch
from idcore.scim.patch.dialect import ENTRA_DIALECT, RFC_DIALECT, PatchDialect

__all__ = ["ENTRA_DIALECT", "OPS", "RFC_DIALECT", "PatchDialect", "apply_patch"]
