"""The field readers every part of a job file goes through: type checks, allowed keys, URLs and ``${NAME}``.

Each reader takes a ``Ctx`` (where the data came from) and the dotted path of the field, so that a mistake is
raised as a ``JobError`` naming the file, the field and what is wrong (``users.mappings[3].match: is required``).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from harness.jobs.model import JobError

__all__ = [
    "MISSING",
    "SCALARS",
    "Ctx",
    "expand_env",
    "get_field",
    "join",
    "kind_of",
    "one_line",
    "read_url",
    "require_object",
    "scalar_text",
]

#: The default of ``get_field`` meaning "this field is required".
MISSING: Any = object()
#: The YAML/JSON scalars a constant, a default or a clause value may be written as.
SCALARS = (str, int, float, bool)

_ENV_REFERENCE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class Ctx:
    """Where the data came from, to name it in errors and to resolve relative paths."""

    origin: str
    base_dir: Path | None = None

    def error(self, field: str, message: str) -> JobError:
        """Return the JobError for ``field`` of this origin."""
        return JobError(self.origin, field, message)


def join(where: str, key: str) -> str:
    """Return the dotted path of ``key`` inside ``where`` (just ``key`` at the top level)."""
    return f"{where}.{key}" if where else key


def kind_of(value: Any) -> str:
    """Name the YAML/JSON kind of ``value`` the way an error message says it ("a mapping", "a list", …)."""
    return {
        dict: "a mapping",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


def one_line(exc: Exception) -> str:
    """Return an exception's text on one line."""
    return " ".join(str(exc).split())


def require_object(ctx: Ctx, data: Any, where: str, allowed: frozenset[str]) -> dict[str, Any]:
    """Return ``data`` if it is a mapping with only ``allowed`` keys; otherwise raise naming the culprit."""
    if not isinstance(data, dict):
        raise ctx.error(where or "(top level)", f"expected a mapping, got {kind_of(data)}")
    for key in data:
        if key not in allowed:
            raise ctx.error(
                join(where, str(key)), f"unknown key; expected one of: {', '.join(sorted(allowed))}"
            )
    return data


def get_field(
    ctx: Ctx,
    data: dict[str, Any],
    where: str,
    key: str,
    kind: type | tuple[type, ...],
    default: Any = MISSING,
    choices: tuple[Any, ...] = (),
) -> Any:
    """Return ``data[key]`` checked for type and allowed values, or ``default`` when absent or null."""
    field_name = join(where, key)
    value = data.get(key)
    if value is None:
        if default is MISSING:
            raise ctx.error(field_name, "is required")
        return default
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds):
        expected = " or ".join(kind_of(k()) if k is not type(None) else "null" for k in kinds)
        raise ctx.error(field_name, f"expected {expected}, got {kind_of(value)} {value!r}")
    if choices and value not in choices:
        raise ctx.error(field_name, f"must be one of {', '.join(map(str, choices))}; got {value!r}")
    return value


def scalar_text(ctx: Ctx, data: dict[str, Any], where: str, key: str) -> str | None:
    """Return a scalar as Entra's text (booleans as "True"/"False"), or None when absent."""
    value = get_field(ctx, data, where, key, SCALARS, default=None)
    if isinstance(value, bool):
        return "True" if value else "False"
    return None if value is None else str(value)


def read_url(ctx: Ctx, data: dict[str, Any], where: str) -> str:
    """Return the required ``url`` of ``where``, which must be an http:// or https:// URL."""
    url = get_field(ctx, data, where, "url", str)
    if not url.startswith(("http://", "https://")):
        raise ctx.error(join(where, "url"), f"must be an http:// or https:// URL; got {url!r}")
    return url


def expand_env(data: Any, ctx: Ctx, where: str) -> Any:
    """Replace ``${NAME}`` in the file's strings with environment variables, so secrets stay out of job files."""
    if isinstance(data, dict):
        return {key: expand_env(value, ctx, join(where, str(key))) for key, value in data.items()}
    if isinstance(data, list):
        return [expand_env(value, ctx, f"{where}[{index}]") for index, value in enumerate(data)]
    if not isinstance(data, str) or "${" not in data:
        return data

    def variable(found: re.Match[str]) -> str:
        if found.group(1) not in os.environ:
            raise ctx.error(where, f"environment variable {found.group(1)} is not set")
        return os.environ[found.group(1)]

    return _ENV_REFERENCE.sub(variable, data)
