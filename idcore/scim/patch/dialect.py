"""PATCH dialects: which client habits the server accepts, chosen per server profile.

Entra's default (non-``aadOptscim062020``) PATCH differs from RFC 7644 §3.5.2 in documented ways
(Microsoft Learn, "Known issues for SCIM 2.0 protocol compliance", and entra-behavior.md §2.4–2.6):
capitalized ``op`` values, ``"True"``/``"False"`` strings for booleans, the manager given as a bare
id, ``Remove`` on ``members`` with a value meaning "remove these members", and ``replace`` on
``emails[type eq "work"].value`` creating the element when none matches.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PatchDialect:
    """The leniencies ``apply_patch`` grants; operation names are case-insensitive in every dialect.

    - ``coerce_booleans``: ``"True"``/``"false"`` strings become booleans on boolean attributes.
    - ``coerce_complex``: a single-valued complex attribute with a ``value`` sub-attribute accepts a
      bare scalar (``"id"`` → ``{"value": "id"}``) or a one-item list (Entra's manager shapes).
    - ``remove_by_value``: ``remove`` on a multi-valued path with a ``value`` removes the given
      values (Azure style); off, it follows RFC 7644 §3.5.2.2 literally and removes every value.
    - ``create_on_no_match``: add/replace on ``attr[filter].sub`` matching nothing appends an
      element built from the filter's ``eq`` clauses (Entra relies on it); off, it is noTarget.
    - ``flat_keys``: path-less add/replace accept ``"name.givenName"`` and URN-qualified keys.
    - ``allow_unknown``: attributes absent from the schema are stored untyped instead of invalidPath.
    - ``enforce_mutability``: readOnly/immutable attributes answer ``mutability`` (RFC 7644 §3.5.2).
    - ``null_removes``: a ``replace`` with ``null`` unassigns the attribute.
    - ``bare_extension_paths``: an unqualified name only one extension defines (``manager``) means that
      extension's attribute; off, it is invalidPath (RFC 7644 §3.10 wants the URN).
    """

    coerce_booleans: bool = True
    coerce_complex: bool = True
    remove_by_value: bool = True
    create_on_no_match: bool = True
    flat_keys: bool = True
    allow_unknown: bool = False
    enforce_mutability: bool = True
    null_removes: bool = True
    bare_extension_paths: bool = True


ENTRA_DIALECT = PatchDialect()
RFC_DIALECT = PatchDialect(
    coerce_booleans=False,
    coerce_complex=False,
    remove_by_value=False,
    create_on_no_match=False,
    flat_keys=False,
    null_removes=False,
    bare_extension_paths=False,
)
