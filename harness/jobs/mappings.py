"""Read the attribute-mapping rows of a job: "default", a list, or an ``extend``/``remove`` over the defaults.

Each row becomes an ``AttributeMapping`` whose kind follows from which of ``source``, ``constant`` and
``expression`` it has (S9); its target is checked with the SCIM path grammar, its expression parsed, and the rows
of one object type together must not map a target twice nor reuse a matching precedence.
"""

from __future__ import annotations

from typing import Any

from harness.jobs import defaults
from harness.jobs.expressions import ExpressionSyntaxError
from harness.jobs.fields import Ctx, get_field, kind_of, require_object, scalar_text
from harness.jobs.model import AttributeMapping, MappingKind

__all__ = ["default_user_rows", "read_mapping_spec", "read_mappings", "read_rows"]

_MAPPING_KEYS = frozenset({"target", "source", "constant", "expression", "match", "apply", "default"})
_VALUE_KEYS = ("source", "constant", "expression")


def default_user_rows(source_type: str, target_type: str = "scim") -> tuple[dict[str, Any], ...]:
    """Return the built-in user mapping rows of a source and target type: an HR source's (into a SCIM app or into
    Entra ID), a cross-tenant synchronization's (Entra to Entra), or a non-gallery SCIM app's."""
    if source_type == "entra" and target_type == "entra":
        return defaults.CTS_USER_MAPPINGS
    if target_type == "entra":
        hr_to_entra = {
            "workday": defaults.WORKDAY_ENTRA_USER_MAPPINGS,
            "successfactors": defaults.SUCCESSFACTORS_ENTRA_USER_MAPPINGS,
        }
        if source_type in hr_to_entra:
            return hr_to_entra[source_type]
    return {
        "workday": defaults.WORKDAY_USER_MAPPINGS,
        "successfactors": defaults.SUCCESSFACTORS_USER_MAPPINGS,
    }.get(source_type, defaults.USER_MAPPINGS)


def read_mapping_spec(
    ctx: Ctx, spec: Any, where: str, default_rows: tuple[dict[str, Any], ...]
) -> tuple[AttributeMapping, ...]:
    """Read ``mappings``: "default", a list, or ``{extend: [...], remove: [targets]}`` over the defaults."""
    if spec == "default":
        rows = [(row, f"{where}(default {row['target']})") for row in default_rows]
    elif isinstance(spec, list):
        rows = [(row, f"{where}[{index}]") for index, row in enumerate(spec)]
    elif isinstance(spec, dict):
        rows = _extend_defaults(
            ctx, require_object(ctx, spec, where, frozenset({"extend", "remove"})), where, default_rows
        )
    else:
        raise ctx.error(
            where, f'expected "default", a list or {{extend: [...]}}; got {kind_of(spec)} {spec!r}'
        )
    return read_rows(ctx, rows)


def _extend_defaults(
    ctx: Ctx, spec: dict[str, Any], where: str, default_rows: tuple[dict[str, Any], ...]
) -> list[tuple[Any, str]]:
    rows: list[tuple[Any, str]] = [(row, f"{where}(default {row['target']})") for row in default_rows]
    for index, target in enumerate(get_field(ctx, spec, where, "remove", list, default=[])):
        kept = [(row, name) for row, name in rows if str(row["target"]).lower() != str(target).lower()]
        if len(kept) == len(rows):
            raise ctx.error(f"{where}.remove[{index}]", f"no default mapping targets {target!r}")
        rows = kept
    for index, row in enumerate(get_field(ctx, spec, where, "extend", list, default=[])):
        name = f"{where}.extend[{index}]"
        target = str(row.get("target", "")).lower() if isinstance(row, dict) else None
        position = next((i for i, (old, _) in enumerate(rows) if str(old["target"]).lower() == target), None)
        if position is None:
            rows.append((row, name))
        else:
            rows[position] = (row, name)  # an extension row replaces the default row of the same target
    return rows


def read_mappings(rows: list[dict[str, Any]], ctx: Ctx, where: str) -> tuple[AttributeMapping, ...]:
    """Read a plain list of mapping rows, naming each ``where[index]``."""
    return read_rows(ctx, [(row, f"{where}[{index}]") for index, row in enumerate(rows)])


def read_rows(ctx: Ctx, rows: list[tuple[Any, str]]) -> tuple[AttributeMapping, ...]:
    """Read named rows; refuse a target mapped twice or a matching precedence used twice."""
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


def _read_mapping(ctx: Ctx, row: Any, where: str) -> AttributeMapping:
    """Read one attribute mapping; the kind follows from which of source/constant/expression is given."""
    row = require_object(ctx, row, where, _MAPPING_KEYS)
    target = _read_target_path(ctx, get_field(ctx, row, where, "target", str), f"{where}.target")
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
        source=get_field(ctx, row, where, "source", str, default=None),
        constant=scalar_text(ctx, row, where, "constant"),
        expression=get_field(ctx, row, where, "expression", str, default=None),
        match=get_field(ctx, row, where, "match", int, default=None),
        apply=get_field(ctx, row, where, "apply", str, default="always", choices=("always", "on_create")),
        default=scalar_text(ctx, row, where, "default"),
    )
    _check_mapping(ctx, mapping, where)
    return mapping


def _read_target_path(ctx: Ctx, target: str, where: str) -> str:
    """Check a target attribute path with the SCIM PATCH path grammar (RFC 7644 §3.5.2)."""
    from idcore.scim.filter import parse_path

    target = target.strip()
    if target.lower() == "id":
        raise ctx.error(
            where,
            "the primary key 'id' cannot be a mapping target (Microsoft Learn “Customize user provisioning attribute-mappings for SaaS applications”: it is the target's own id)",
        )
    try:
        parse_path(target)
    except Exception as exc:  # idcore.scim raises its InvalidFilter (a ProtocolError) with a readable detail
        detail = getattr(exc, "detail", None) or str(exc)
        raise ctx.error(where, f"not a SCIM attribute path: {' '.join(str(detail).split())}") from exc
    return target


def _check_mapping(ctx: Ctx, mapping: AttributeMapping, where: str) -> None:
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
                f"{where}.match",
                "a matching attribute must be a Direct or Expression mapping (Microsoft Learn “Customize user provisioning attribute-mappings for SaaS applications”)",
            )
