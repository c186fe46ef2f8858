"""Check the attribute names a job uses: against the source's attribute list and the target's schema.

A typo (``source: jobTitel``, ``target: displayNme``) reads as a valid job and the run then silently skips the
attribute, so ``scimulator validate`` checks every name and reports every mistake of a file at once, each with
the nearest known name. The vocabularies come from outside (the source type's attribute list, the target's
``/Schemas`` when it answers, the default SCIM schema otherwise); this module only compares, so a job stays data.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from harness.jobs.expressions import ExpressionError, parse, referenced_attributes

__all__ = ["TargetSchema", "check_names", "nearest"]

_FILTER = re.compile(r"\[[^\]]*\]")


def nearest(name: str, known: Iterable[str]) -> str | None:
    """Return the known name closest to ``name`` (case-insensitively), or None when none is close."""
    by_lower = {k.lower(): k for k in known}
    found = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.75)
    return by_lower[found[0]] if found else None


@dataclass(frozen=True)
class TargetSchema:
    """The attribute paths one target resource type accepts: schema URN → attribute → its sub-attributes."""

    core_urn: str
    attributes: Mapping[str, Mapping[str, frozenset[str]]]  # urn → {attribute (any case): sub-attributes}
    origin: str  # where the names came from: "discovery" or "default schema"

    @classmethod
    def from_scim(cls, core_urn: str, schemas: Sequence[Mapping[str, Any]], origin: str) -> TargetSchema:
        """Build from SCIM ``/Schemas`` resources (RFC 7643 §7) and the resource type's core schema URN."""
        table: dict[str, dict[str, frozenset[str]]] = {}
        for schema in schemas:
            attrs = {
                str(a.get("name")): frozenset(str(s.get("name")) for s in a.get("subAttributes") or [])
                for a in schema.get("attributes") or []
                if isinstance(a, Mapping)
            }
            table[str(schema.get("id"))] = attrs
        common: dict[str, frozenset[str]] = {
            "id": frozenset(),
            "externalId": frozenset(),
            "meta": frozenset(),
        }
        table.setdefault(core_urn, {}).update({k: v for k, v in common.items() if k not in table[core_urn]})
        return cls(core_urn, table, origin)

    def problem(self, path: str) -> str | None:
        """Return why ``path`` (``name.givenName``, ``emails[type eq "work"].value``, ``urn:…:attr``) is unknown."""
        plain = _FILTER.sub("", path)
        urn, _, rest = (
            plain.rpartition(":") if plain.lower().startswith("urn:") else (self.core_urn, "", plain)
        )
        attribute, _, sub = rest.partition(".")
        schema = next((v for k, v in self.attributes.items() if k.lower() == urn.lower()), None)
        if schema is None:
            return f"the target has no schema {urn}"
        found = next((k for k in schema if k.lower() == attribute.lower()), None)
        if found is None:
            near = nearest(attribute, schema)
            return f"the target's schema has no attribute {attribute!r}" + (
                f"; did you mean {near!r}?" if near else ""
            )
        subs = schema[found]
        if sub and subs and not any(s.lower() == sub.lower() for s in subs):
            near = nearest(sub, subs)
            return f"{found!r} has no sub-attribute {sub!r}" + (
                f"; did you mean '{found}.{near}'?" if near else ""
            )
        return None


def check_names(
    job: Any, source_names: Sequence[str], targets: Mapping[str, TargetSchema], *, extension_prefix: str = ""
) -> list[str]:
    """Return every unknown name of the job as ``where: problem`` lines (empty when all are known).

    ``targets`` maps "User"/"Group" to the target schema of that object type; ``source_names`` lists the user
    attributes of the job's source type (names beginning with ``extension_prefix`` are accepted as custom).
    """
    problems: list[str] = []
    for object_type, where in (("User", "users"), ("Group", "groups")):
        mapping = job.object_mapping(object_type)
        if not mapping.enabled:
            continue
        schema = targets.get(object_type)
        for index, row in enumerate(mapping.mappings):
            at = f"{where}.mappings[{index}]"
            if schema is not None and (why := schema.problem(row.target)):
                problems.append(f"{at}.target: {row.target}: {why} ({schema.origin})")
            if object_type == "User":
                problems += _source_problems(row, at, source_names, extension_prefix)
        if object_type == "User":
            for f_index, scoping in enumerate(mapping.scoping_filters):
                for c_index, clause in enumerate(scoping.clauses):
                    at = f"{where}.scoping_filters[{f_index}].clauses[{c_index}].attribute"
                    problems += _unknown(clause.attribute, at, source_names, extension_prefix)
    return problems


def _source_problems(row: Any, at: str, known: Sequence[str], prefix: str) -> list[str]:
    if row.kind == "direct" and row.source:
        return _unknown(row.source, f"{at}.source", known, prefix)
    if row.kind == "expression" and row.expression:
        try:
            names = sorted(referenced_attributes(parse(row.expression)))
        except ExpressionError:
            return []  # the reader already refused an expression that does not parse
        return [p for name in names for p in _unknown(name, f"{at}.expression", known, prefix)]
    return []


def _unknown(name: str, at: str, known: Sequence[str], prefix: str) -> list[str]:
    if name in known or (prefix and name.startswith(prefix)):
        return []
    near = nearest(name, known)
    hint = f"; did you mean {near!r}?" if near else ""
    return [f"{at}: the source has no attribute {name!r}{hint}"]
