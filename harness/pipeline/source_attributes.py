"""Entra's synchronization attribute names and the Graph properties behind them.

The provisioning schema names some user attributes differently from Graph (S9 attribute list; the default
mappings of §4.4 read ``mobile``, ``telephoneNumber``, ``facsimileTelephoneNumber``,
``physicalDeliveryOfficeName``, ``objectId``). The importer selects the Graph properties and hands the mappings the
synchronization names.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = [
    "COMPUTED",
    "GRAPH_PROPERTY",
    "entra_attribute_names",
    "graph_select",
    "graph_user_targets",
    "is_entra_attribute",
    "nearest_name",
    "sync_attributes",
]

#: Synchronization name → Graph v1.0 property (the same name when absent).
GRAPH_PROPERTY: dict[str, str] = {
    "objectId": "id",
    "mobile": "mobilePhone",
    "telephoneNumber": "businessPhones",
    "facsimileTelephoneNumber": "faxNumber",
    "physicalDeliveryOfficeName": "officeLocation",
    "company": "companyName",
}

#: Attributes the service computes or reads elsewhere, never $selected (S9: IsSoftDeleted is computed).
COMPUTED = frozenset({"IsSoftDeleted", "manager", "appRoleAssignments", "members", "objectId"})

#: Graph properties every import reads, whatever the mappings say (the S2 import details list them).
BASE_SELECT = ("id", "userPrincipalName", "displayName", "accountEnabled", "mailNickname")

_KNOWN_GRAPH = frozenset(
    {
        "id",
        "userPrincipalName",
        "displayName",
        "givenName",
        "surname",
        "mail",
        "mailNickname",
        "otherMails",
        "proxyAddresses",
        "accountEnabled",
        "jobTitle",
        "department",
        "companyName",
        "employeeId",
        "employeeType",
        "officeLocation",
        "streetAddress",
        "city",
        "state",
        "postalCode",
        "country",
        "usageLocation",
        "preferredLanguage",
        "businessPhones",
        "mobilePhone",
        "faxNumber",
        "userType",
        "creationType",
        "onPremisesExtensionAttributes",
        "createdDateTime",
        "deletedDateTime",
        "originalUserPrincipalName",
        "showInAddressList",
        "alternativeSecurityIds",
        "externalUserState",
    }
)


def graph_user_targets() -> list[str]:
    """Return the names a mapping may target in an Entra ID target: Graph user properties (the read-only and
    computed ones aside), the manager reference, and cross-tenant synchronization's internal matching attribute."""
    read_only = {"id", "creationType", "createdDateTime", "deletedDateTime", "externalUserState"}
    return sorted(
        (_KNOWN_GRAPH - read_only) | {"manager", "passwordProfile", "alternativeSecurityIdentifier"}
    )


def entra_attribute_names() -> list[str]:
    """Return the synchronization names an Entra user source offers (extension attributes aside)."""
    reverse = {graph: sync for sync, graph in GRAPH_PROPERTY.items()}
    names = {reverse.get(p, p) for p in _KNOWN_GRAPH if p != "onPremisesExtensionAttributes"}
    names |= set(COMPUTED) | set(GRAPH_PROPERTY)
    names |= {f"extensionAttribute{n}" for n in range(1, 16)}
    return sorted(names)


def is_entra_attribute(name: str) -> bool:
    """Return True when an Entra user source has an attribute called ``name`` (``extension_…`` included)."""
    return name.startswith("extension_") or name in entra_attribute_names()


def nearest_name(name: str, known: Iterable[str]) -> str | None:
    """Return the known name closest to ``name`` (case-insensitively), or None when none is close."""
    import difflib

    by_lower = {k.lower(): k for k in known}
    found = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=0.75)
    return by_lower[found[0]] if found else None


def graph_select(attributes: Iterable[str]) -> list[str]:
    """Return the Graph ``$select`` list for the synchronization attributes the mappings read."""
    wanted = list(BASE_SELECT)
    for name in attributes:
        if name in COMPUTED:
            continue
        prop = GRAPH_PROPERTY.get(name, name)
        if prop.startswith("extensionAttribute"):
            prop = "onPremisesExtensionAttributes"
        if (prop in _KNOWN_GRAPH or prop.startswith("extension_")) and prop not in wanted:
            wanted.append(prop)
    return wanted


def sync_attributes(user: dict[str, Any]) -> dict[str, Any]:
    """Return a Graph user under synchronization names, nulls and empty values dropped (S1: nulls not listed)."""
    values: dict[str, Any] = {}
    reverse = {graph: sync for sync, graph in GRAPH_PROPERTY.items()}
    for key, value in user.items():
        if key.startswith("@odata"):
            continue
        if key == "onPremisesExtensionAttributes" and isinstance(value, dict):
            values.update({k: v for k, v in value.items() if v not in (None, "")})
            continue
        if key == "businessPhones":
            value = value[0] if isinstance(value, list) and value else None
        values[reverse.get(key, key)] = value
    return {k: v for k, v in values.items() if v is not None and v != "" and v != []}
