"""Server profiles: what a SCIM target supports and which known vendor bugs it reproduces, as data.

A :class:`Profile` is a frozen set of flags and limits. The backend and the views read it; they never branch on a
profile's *name*. A profile is chosen by name (``PROFILE`` config, ``scimulator serve scim --profile``, or
``POST /_control/profile``) and refined by quirks, each a small function from one profile to another, so quirks
combine: ``resolve("entra-compatible", ["hide-inactive", "filterable=userName"])``.

Every preset below names, in ``docs/mockscim.md``, the public report that motivated it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from idcore.scim.errors import BadRequest
from idcore.scim.patch.dialect import ENTRA_DIALECT, RFC_DIALECT, PatchDialect

__all__ = ["FILTER_OPERATORS", "PROFILES", "QUIRKS", "Profile", "UnknownProfile", "resolve"]

UnsupportedFilter = Literal["invalidFilter", "ignore", "501"]


class UnknownProfile(BadRequest):
    """A profile or quirk name that mockscim does not know."""


@dataclass(frozen=True)
class Profile:
    """What the server supports and how it misbehaves."""

    name: str
    description: str = ""
    quirks: tuple[str, ...] = ()
    # Filtering (RFC 7644 §3.4.2.2). ``filterable`` None means every attribute; names are lower-case dotted paths.
    filterable: frozenset[str] | None = None
    # ``filter_ops`` None means every operator; else the lower-case operators allowed (``eq``, ``and``, ``pr``…).
    filter_ops: frozenset[str] | None = None
    unsupported_filter: UnsupportedFilter = "invalidFilter"
    lenient_filter_values: bool = True  # `externalId eq jyoung` (old Microsoft sample)
    not_found_on_empty: bool = False
    hide_inactive: bool = False
    # Identity and uniqueness.
    case_sensitive_username: bool = False
    unique_username: bool = True
    unique_group_name: bool = True  # Entra's requirement, not SCIM's (Microsoft Learn, SCIM guide)
    # Writes.
    soft_delete: bool = False
    patch_dialect: PatchDialect = ENTRA_DIALECT
    patch_status: int = 200
    group_patch_status: int = 200
    ignore_member_removal: bool = False
    add_replaces_members: bool = False
    no_id_on_create: bool = False
    reject_unknown_attributes: bool = False  # strict: unknown attribute → 400 invalidSyntax
    bare_extension_paths: bool = True  # PATCH path "manager" means the enterprise extension's manager
    accept_extra_schemas: frozenset[str] = frozenset(
        {"http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"}
    )
    # Wire.
    content_type: str = "application/scim+json"
    case_insensitive_paths: bool = True  # /users reaches /Users (mockscim.paths); strict-rfc: exact spelling
    # Limits, advertised by /ServiceProviderConfig.
    max_results: int = 1000
    bulk_max_operations: int = 100
    etag: bool = True
    sort: bool = True
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def allows_filter_on(self, dotted: str) -> bool:
        """Tell whether the server can filter on the lower-case dotted attribute path ``dotted``."""
        return self.filterable is None or dotted.lower() in self.filterable

    def allows_operator(self, op: str) -> bool:
        """Tell whether the server can evaluate the filter operator ``op`` (``eq``, ``and``, ``pr``…)."""
        return self.filter_ops is None or op.lower() in self.filter_ops

    def to_dict(self) -> dict[str, Any]:
        """Return the profile as JSON-ready data (the body of ``GET /_control/profile``)."""
        return {
            "profile": self.name,
            "quirks": list(self.quirks),
            "description": self.description,
            "filterable": sorted(self.filterable) if self.filterable is not None else None,
            "filterOperators": sorted(self.filter_ops) if self.filter_ops is not None else None,
            "unsupportedFilter": self.unsupported_filter,
            "softDelete": self.soft_delete,
            "caseSensitiveUserName": self.case_sensitive_username,
            "uniqueUserName": self.unique_username,
            "patchStatus": self.patch_status,
            "groupPatchStatus": self.group_patch_status,
            "contentType": self.content_type,
            "caseInsensitivePaths": self.case_insensitive_paths,
            "maxResults": self.max_results,
            "bulkMaxOperations": self.bulk_max_operations,
        }


def _filterable(names: str) -> Callable[[Profile], Profile]:
    wanted = frozenset(name.strip().lower() for name in names.split(",") if name.strip())
    if not wanted:
        raise UnknownProfile("The quirk 'filterable=' needs at least one attribute name.")
    return lambda p: replace(p, filterable=wanted)


FILTER_OPERATORS = ("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr", "and", "or", "not")


def _filter_ops(names: str) -> Callable[[Profile], Profile]:
    wanted = frozenset(name.strip().lower() for name in names.split(",") if name.strip())
    unknown = sorted(wanted - set(FILTER_OPERATORS))
    if not wanted or unknown:
        raise UnknownProfile(
            f"The quirk 'filter-ops=' takes operators among {', '.join(FILTER_OPERATORS)}; got {names!r}."
        )

    def apply(p: Profile) -> Profile:
        # After ``ignore-filter`` alone (every filter ignored), only filters with other operators are.
        everything_ignored = p.unsupported_filter == "ignore" and p.filterable == frozenset()
        return replace(p, filter_ops=wanted, filterable=None if everything_ignored else p.filterable)

    return apply


QUIRKS: dict[str, Callable[[Profile], Profile]] = {
    "hide-inactive": lambda p: replace(p, hide_inactive=True),
    "no-uniqueness": lambda p: replace(p, unique_username=False, unique_group_name=False),
    # Alone, every filter is ignored; with filterable=…, only filters on other attributes are.
    "ignore-filter": lambda p: replace(
        p,
        unsupported_filter="ignore",
        filterable=frozenset() if p.filterable is None and p.filter_ops is None else p.filterable,
    ),
    "filter-501": lambda p: replace(p, unsupported_filter="501"),
    "not-found-on-empty": lambda p: replace(p, not_found_on_empty=True),
    "case-sensitive-username": lambda p: replace(p, case_sensitive_username=True),
    "patch-204": lambda p: replace(p, patch_status=204, group_patch_status=204),
    "ignore-member-removal": lambda p: replace(p, ignore_member_removal=True),
    "add-replaces-members": lambda p: replace(p, add_replaces_members=True),
    "no-id-on-create": lambda p: replace(p, no_id_on_create=True),
    "json-content-type": lambda p: replace(p, content_type="application/json"),
    "soft-delete": lambda p: replace(p, soft_delete=True),
    "rfc-member-removal": lambda p: replace(p, patch_dialect=replace(p.patch_dialect, remove_by_value=False)),
}

_ENTRA = Profile(
    "entra-compatible", "A correct SCIM 2.0 server that also accepts Entra's documented dialect."
)
_STRICT = Profile(
    "strict-rfc",
    "RFC 7643/7644 to the letter: Entra's non-RFC PATCH forms are rejected with 400.",
    patch_dialect=RFC_DIALECT,
    unique_group_name=False,
    lenient_filter_values=False,
    reject_unknown_attributes=True,
    accept_extra_schemas=frozenset(),
    bare_extension_paths=False,
    case_insensitive_paths=False,
)

# name → (base, quirks); each preset's motivating public report is listed in docs/mockscim.md.
_PRESETS: dict[str, tuple[Profile, tuple[str, ...], str]] = {
    "username-filter-only": (
        _ENTRA,
        ("filterable=userName,id",),
        "Filters only on userName; anything else is 400 invalidFilter.",
    ),
    "ignores-filter": (
        _ENTRA,
        ("filterable=id", "ignore-filter"),
        "Answers an unsupported filter with 200 and every user.",
    ),
    "filter-not-implemented": (
        _ENTRA,
        ("filterable=userName", "filter-501"),
        "Answers an unsupported filter with 501.",
    ),
    "eq-and-only": (
        _ENTRA,
        ("filter-ops=eq,and",),
        "Filters only with eq and and (all Entra sends); any other operator is 400 invalidFilter.",
    ),
    "case-sensitive": (_ENTRA, ("case-sensitive-username",), "Matches userName case-sensitively."),
    "duplicates-allowed": (_ENTRA, ("no-uniqueness",), "Lets two users share one userName."),
    "soft-deleting": (_ENTRA, ("soft-delete",), "DELETE only sets active=false; the user is still returned."),
    "hides-inactive": (_ENTRA, ("hide-inactive",), "Inactive users vanish from filter results."),
    "patch-no-content": (_ENTRA, ("patch-204",), "Answers every PATCH with 204 No Content."),
    "drops-member-removal": (_ENTRA, ("ignore-member-removal",), "Silently ignores member removal."),
    "add-replaces-members": (_ENTRA, ("add-replaces-members",), "PATCH add on members replaces the list."),
    "rfc-literal-remove": (
        _ENTRA,
        ("rfc-member-removal",),
        "Remove on members with a value removes every member (RFC 7644 §3.5.2.2 literally).",
    ),
    "empty-is-404": (
        _ENTRA,
        ("not-found-on-empty",),
        "A filter with no match is 404 (test connection fails).",
    ),
    "no-id-on-create": (_ENTRA, ("no-id-on-create",), "POST answers 201 without an id."),
    "plain-json": (_ENTRA, ("json-content-type",), "Answers with Content-Type application/json."),
}


def _build_presets() -> dict[str, Profile]:
    profiles = {_ENTRA.name: _ENTRA, _STRICT.name: _STRICT}
    for name, (base, quirks, description) in _PRESETS.items():
        profiles[name] = replace(apply_quirks(base, quirks), name=name, description=description)
    return profiles


def quirk(name: str) -> Callable[[Profile], Profile]:
    """Return the function of one quirk name (``filterable=a,b`` included); raise UnknownProfile."""
    if name.lower().startswith("filterable="):
        return _filterable(name.split("=", 1)[1])
    if name.lower().startswith("filter-ops="):
        return _filter_ops(name.split("=", 1)[1])
    try:
        return QUIRKS[name.lower()]
    except KeyError:
        raise UnknownProfile(
            f"Unknown quirk {name!r}; known: {', '.join(sorted(QUIRKS))}, filterable=A,B, filter-ops=OP,OP"
        ) from None


def apply_quirks(profile: Profile, quirks: Iterable[str]) -> Profile:
    """Return ``profile`` with each quirk applied in order (and remembered in ``quirks``)."""
    names = tuple(quirks)
    for name in names:
        profile = quirk(name)(profile)
    return replace(profile, quirks=(*profile.quirks, *names))


PROFILES: dict[str, Profile] = _build_presets()


def resolve(name: str | None, quirks: Iterable[str] | str | None = ()) -> Profile:
    """Return the named profile with ``quirks`` applied; raise UnknownProfile for an unknown name."""
    if isinstance(quirks, str):
        quirks = [q for q in quirks.split(";") if q] if "=" in quirks else [q for q in quirks.split(",") if q]
    profile = PROFILES.get((name or _ENTRA.name).lower())
    if profile is None:
        raise UnknownProfile(f"Unknown profile {name!r}; known: {', '.join(sorted(PROFILES))}")
    return apply_quirks(profile, quirks or ())
