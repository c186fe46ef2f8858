"""What the wire tests share: both PATCH dialects and a desired user."""

from __future__ import annotations

from typing import Any

from harness.pipeline.mapping import MappedObject
from harness.pipeline.wire import (
    PATCH_SCHEMA,
    Dialect,
)

DEFAULT, FLAG = Dialect(flag_mode=False), Dialect(flag_mode=True)
USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User"


def user(**values: Any) -> MappedObject:
    """Return a desired User being created with these values."""
    return MappedObject("User", True, values=values)


def ops(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the operations of a PatchOp body."""
    assert body["schemas"] == [PATCH_SCHEMA]
    return body["Operations"]
