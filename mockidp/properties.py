"""Graph property names as data: the wire name, the column, its kind, and what a query may do with it.

Serializers, ``$select``, ``$filter`` and ``$orderby`` read these tables instead of chains of ``if``. Which
properties support which operators follows the Graph user resource's property table ("Supports $filter (eq, ne,
not, ge, le, in, startsWith, and eq on null values)") for the properties the provisioning service reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from idcore.clock import isoformat
from mockidp.models import Group, ServicePrincipal, User

__all__ = [
    "EXTENSION_ATTRS",
    "EXTENSION_NAME",
    "GROUP_PROPS",
    "IDENTITY_MEMBERS",
    "SP_PROPS",
    "USER_DEFAULT_SELECT",
    "USER_PROPS",
    "Prop",
    "collection_props",
    "to_graph",
]

EXTENSION_NAME = re.compile(r"^extension_[0-9a-fA-F]{32}_[A-Za-z0-9_]+$")
EXTENSION_ATTRS = tuple(f"extensionAttribute{n}" for n in range(1, 16))
#: The members of an alternativeSecurityId (Graph "alternativeSecurityId resource type": type Int32,
#: identityProvider String, key Binary) that ``alternativeSecurityIds/any(x:x/<member> eq '...')`` can filter on.
IDENTITY_MEMBERS = ("key", "identityProvider")


@dataclass(frozen=True)
class Prop:
    """One property: wire name, column attribute, kind, and whether $filter / $orderby accept it."""

    wire: str
    column: str
    kind: str = "string"  # string | bool | datetime | collection | json | guid | identities
    filter: bool = False
    order: bool = False


def _props(*items: Prop) -> dict[str, Prop]:
    return {item.wire.lower(): item for item in items}


USER_PROPS = _props(
    Prop("id", "id", "guid", filter=True),
    Prop("userPrincipalName", "user_principal_name", filter=True, order=True),
    Prop("displayName", "display_name", filter=True, order=True),
    Prop("givenName", "given_name", filter=True),
    Prop("surname", "surname", filter=True),
    Prop("mail", "mail", filter=True),
    Prop("mailNickname", "mail_nickname", filter=True),
    Prop("otherMails", "other_mails", "collection", filter=True),
    Prop("proxyAddresses", "proxy_addresses", "collection", filter=True),
    Prop("accountEnabled", "account_enabled", "bool", filter=True),
    Prop("jobTitle", "job_title", filter=True),
    Prop("department", "department", filter=True),
    Prop("companyName", "company_name", filter=True),
    Prop("employeeId", "employee_id", filter=True),
    Prop("employeeType", "employee_type", filter=True),
    Prop("officeLocation", "office_location"),
    Prop("streetAddress", "street_address"),
    Prop("city", "city", filter=True),
    Prop("state", "state"),
    Prop("postalCode", "postal_code"),
    Prop("country", "country", filter=True),
    Prop("usageLocation", "usage_location"),
    Prop("preferredLanguage", "preferred_language"),
    Prop("businessPhones", "business_phones", "collection", filter=True),
    Prop("mobilePhone", "mobile_phone"),
    Prop("faxNumber", "fax_number"),
    Prop("userType", "user_type", filter=True),
    Prop("creationType", "creation_type", filter=True),
    Prop("externalUserState", "external_user_state", filter=True),
    Prop("externalUserStateChangeDateTime", "external_user_state_change_date_time", "datetime", filter=True),
    Prop("showInAddressList", "show_in_address_list", "bool", filter=True),
    Prop("alternativeSecurityIds", "alternative_security_ids", "identities", filter=True),
    Prop("onPremisesSyncEnabled", "on_premises_sync_enabled", "bool", filter=True),
    Prop("onPremisesExtensionAttributes", "on_premises_extension_attributes", "json"),
    Prop("createdDateTime", "created_date_time", "datetime", filter=True),
    Prop("deletedDateTime", "deleted_date_time", "datetime"),
)

# Graph's default user projection ("returns a default set of properties" without $select).
USER_DEFAULT_SELECT = (
    "businessPhones",
    "displayName",
    "givenName",
    "jobTitle",
    "mail",
    "mobilePhone",
    "officeLocation",
    "preferredLanguage",
    "surname",
    "userPrincipalName",
    "id",
)

GROUP_PROPS = _props(
    Prop("id", "id", "guid", filter=True),
    Prop("displayName", "display_name", filter=True, order=True),
    Prop("description", "description"),
    Prop("mailNickname", "mail_nickname", filter=True),
    Prop("mail", "mail", filter=True),
    Prop("mailEnabled", "mail_enabled", "bool", filter=True),
    Prop("securityEnabled", "security_enabled", "bool", filter=True),
    Prop("groupTypes", "group_types", "collection"),
    Prop("createdDateTime", "created_date_time", "datetime"),
    Prop("deletedDateTime", "deleted_date_time", "datetime"),
)

SP_PROPS = _props(
    Prop("id", "id", "guid", filter=True),
    Prop("appId", "app_id", "guid", filter=True),
    Prop("displayName", "display_name", filter=True, order=True),
    Prop("appRoles", "app_roles", "json"),
    Prop("appRoleAssignmentRequired", "app_role_assignment_required", "bool"),
    Prop("tags", "tags", "collection"),
    Prop("servicePrincipalType", "", "const"),
    Prop("accountEnabled", "", "const"),
)

CONSTANTS = {"servicePrincipalType": "Application", "accountEnabled": True}


def collection_props(props: dict[str, Prop]) -> list[Prop]:
    """Return the collection-valued properties of a table."""
    return [prop for prop in props.values() if prop.kind == "collection"]


def _wire_value(obj: Any, prop: Prop) -> Any:
    if prop.kind == "const":
        return CONSTANTS[prop.wire]
    value = getattr(obj, prop.column)
    if isinstance(value, datetime):
        return isoformat(value).replace(".000", "")
    if prop.kind == "json" and prop.wire == "onPremisesExtensionAttributes":
        return {name: (value or {}).get(name) for name in EXTENSION_ATTRS}
    if prop.kind == "collection":
        return list(value or [])
    if prop.kind == "identities":
        return [dict(item) for item in value or []]
    return value


def to_graph(
    obj: User | Group | ServicePrincipal, select: list[str] | None, default: tuple[str, ...] = ()
) -> dict:
    """Serialize a row with Graph names, projected by ``select`` (or the type's default set)."""
    props = _PROPS_OF[type(obj)]
    names = select or list(default) or [prop.wire for prop in props.values()]
    out: dict[str, Any] = {}
    for name in names:
        prop = props.get(name.lower())
        if prop is not None:
            out[prop.wire] = _wire_value(obj, prop)
        elif isinstance(obj, User) and EXTENSION_NAME.match(name) and name in (obj.extensions or {}):
            out[name] = obj.extensions[name]
    if isinstance(obj, User) and not select and not default:
        out.update(sorted((obj.extensions or {}).items()))
    return out


_PROPS_OF: dict[type, dict[str, Prop]] = {User: USER_PROPS, Group: GROUP_PROPS, ServicePrincipal: SP_PROPS}
