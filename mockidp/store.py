"""Shared store helpers of the backend: change numbers, time columns, write validation, index maintenance.

Times are aware UTC (sqlmodel's UTCDateTime stores UTC on SQLite and PostgreSQL alike); the wire form is Graph's
``2024-01-01T00:00:00Z``.
"""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, event, insert, select, update
from sqlalchemy.engine import Engine
from sqlmodel import Session, col

from idcore.ids import Randomness
from mockidp.errors import InvalidRequest
from mockidp.models import Group, IndexEntry, Tenant, User
from mockidp.odata.query import search_tokens
from mockidp.properties import EXTENSION_ATTRS, EXTENSION_NAME, IDENTITY_MEMBERS, Prop

__all__ = [
    "SEARCHABLE_GROUP",
    "SEARCHABLE_USER",
    "apply_changes",
    "db_time",
    "group_index_rows",
    "index_rows",
    "new_object_id",
    "next_version",
    "reindex_group",
    "reindex_user",
    "reserve_versions",
    "search_props",
    "unicode_lower",
]

SEARCHABLE_USER = ("displayName", "givenName", "surname", "userPrincipalName", "mail", "mailNickname")
SEARCHABLE_GROUP = ("displayName", "description", "mail", "mailNickname")
_COLUMNS = {
    "displayName": "display_name",
    "givenName": "given_name",
    "surname": "surname",
    "userPrincipalName": "user_principal_name",
    "mail": "mail",
    "mailNickname": "mail_nickname",
}


def unicode_lower(engine: Engine) -> None:
    """Make SQLite's ``lower()`` lowercase every letter, as PostgreSQL's does (SQLite's own knows only ASCII).

    Graph compares strings case-insensitively: ``displayName eq 'Équipe'`` is compared as ``lower(column) =
    'équipe'`` (the literal lowered in Python), served by the ``lower(column)`` indexes. With SQLite's ASCII-only
    ``lower()`` a name with an upper-case non-ASCII letter was never found. Every connection of the engine gets
    the function (deterministic, so the expression indexes may use it), the open one too.
    """
    if engine.dialect.name != "sqlite":
        return

    def install(dbapi_connection: Any, _record: Any = None) -> None:
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)

    event.listen(engine, "connect", install)
    with (
        engine.connect() as connection
    ):  # the connection create_all opened (an in-memory database's only one)
        install(connection.connection.dbapi_connection)


def _lower(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def db_time(when: datetime) -> datetime:
    """Return ``when`` as aware UTC (the column type stores UTC on every dialect)."""
    return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)


def new_object_id(session: Session, rng: Randomness) -> str:
    """Draw a directory object id no user or group holds yet.

    Gunicorn workers of one server draw from the same seeded stream, so a second worker's first id is the first
    worker's: draw again until it is free (a write holds the tenant's lock, so nobody takes it meanwhile).
    """
    while True:
        candidate = rng.uuid()
        taken = (
            session.execute(select(col(User.id)).where(col(User.id) == candidate)).first()
            or session.execute(select(col(Group.id)).where(col(Group.id) == candidate)).first()
        )
        if taken is None:
            return candidate


def next_version(session: Session, tenant_id: str) -> int:
    """Take the tenant's next change number (orders /delta)."""
    return reserve_versions(session, tenant_id, 1)


def reserve_versions(session: Session, tenant_id: str, count: int) -> int:
    """Reserve ``count`` change numbers and return the first."""
    session.execute(
        update(Tenant).where(col(Tenant.id) == tenant_id).values(change_seq=col(Tenant.change_seq) + count)
    )
    tenant = session.get(Tenant, tenant_id, populate_existing=True)
    assert tenant is not None
    return tenant.change_seq - count + 1


def index_rows(user: dict[str, Any] | User) -> list[dict[str, Any]]:
    """Return the IndexEntry rows of a user (collections, extension attributes, search tokens)."""
    get = user.get if isinstance(user, dict) else lambda name: getattr(user, name)
    rows: list[tuple[str, str]] = []
    for wire, column in (
        ("proxyAddresses", "proxy_addresses"),
        ("otherMails", "other_mails"),
        ("businessPhones", "business_phones"),
    ):
        rows += [(wire, str(value).lower()[:400]) for value in (get(column) or [])]
    for identity in get("alternative_security_ids") or []:
        for member in IDENTITY_MEMBERS:
            if identity.get(member) is not None:
                rows.append((f"alternativeSecurityIds/{member}", str(identity[member]).lower()[:400]))
    for name, value in (get("on_premises_extension_attributes") or {}).items():
        if value is not None:
            rows.append((f"onPremisesExtensionAttributes/{name}", str(value).lower()[:400]))
    for name, value in (get("extensions") or {}).items():
        if isinstance(value, (str, int, bool)):
            rows.append((name, str(value).lower()[:400]))
    tenant_id, owner = get("tenant_id"), get("id")
    found = [
        {"tenant_id": tenant_id, "user_id": owner, "prop": prop, "value": value}
        for prop, value in dict.fromkeys(rows)
    ]
    return found + _token_rows(tenant_id, owner, "search", [get(_COLUMNS[wire]) for wire in SEARCHABLE_USER])


def _token_rows(tenant_id: Any, owner: Any, prop: str, values: list[Any]) -> list[dict[str, Any]]:
    """Return one search-token row per distinct token of ``values``, its prop ``<prefix>:<mask>`` naming the
    properties that hold it: ``values`` are in the order of ``SEARCHABLE_USER`` (or ``SEARCHABLE_GROUP``), bit i
    is the i-th property (``search_props`` lists the props a search of one property reads).
    """
    masks: dict[str, int] = {}
    for bit, value in enumerate(values):
        for token in search_tokens(value):
            masks[token] = masks.get(token, 0) | (1 << bit)
    return [
        {"tenant_id": tenant_id, "user_id": owner, "prop": f"{prop}:{mask}", "value": token}
        for token, mask in masks.items()
    ]


def search_props(prefix: str, searchable: tuple[str, ...], prop: str) -> list[str]:
    """Return the token props holding a search of ``prop``: every mask with its bit (32 of a user's 63)."""
    bit = 1 << searchable.index(prop)
    return [f"{prefix}:{mask}" for mask in range(1, 1 << len(searchable)) if mask & bit]


def reindex_user(session: Session, user: User) -> None:
    """Rewrite the IndexEntry rows of one user."""
    session.execute(delete(IndexEntry).where(col(IndexEntry.user_id) == user.id))
    rows = index_rows(user)
    if rows:
        session.execute(insert(IndexEntry), rows)


_GROUP_COLUMNS = {
    "displayName": "display_name",
    "description": "description",
    "mail": "mail",
    "mailNickname": "mail_nickname",
}


def group_index_rows(group: dict[str, Any] | Group) -> list[dict[str, Any]]:
    """Return the IndexEntry rows of a group: its ``$search`` tokens (prop ``gsearch``)."""
    get = group.get if isinstance(group, dict) else lambda name: getattr(group, name)
    return _token_rows(
        get("tenant_id"), get("id"), "gsearch", [get(_GROUP_COLUMNS[wire]) for wire in SEARCHABLE_GROUP]
    )


def reindex_group(session: Session, group: Group) -> None:
    """Rewrite the search tokens of one group."""
    session.execute(delete(IndexEntry).where(col(IndexEntry.user_id) == group.id))
    rows = group_index_rows(group)
    if rows:
        session.execute(insert(IndexEntry), rows)


def apply_changes(
    obj: Any, data: dict[str, Any], props: dict[str, Prop], type_name: str, read_only: frozenset[str]
) -> None:
    """Validate Graph-named ``data`` against ``props`` and set it on ``obj``; raise Graph's 400 before any change."""
    if not isinstance(data, dict):
        raise InvalidRequest("The request body must be a JSON object.")
    changes: dict[str, Any] = {}
    extensions = dict(getattr(obj, "extensions", None) or {})
    for name, value in data.items():
        if name.startswith("@odata.") or name == "passwordProfile" or name == "passwordPolicies":
            continue
        if EXTENSION_NAME.match(name) and hasattr(obj, "extensions"):
            extensions[name] = _check_scalar(name, value)
            changes["extensions"] = extensions
            continue
        prop = props.get(name.lower())
        if prop is None:
            raise InvalidRequest(
                f"Property '{name}' does not exist as a declared property or extension property."
            )
        if prop.wire in read_only or prop.kind == "const":
            raise InvalidRequest(f"Property '{prop.wire}' is read-only and cannot be set.")
        checked = _check(prop, value)
        _check_length(obj, prop, checked, type_name)
        if checked is None and not type(obj).__table__.c[prop.column].nullable:
            raise InvalidRequest(  # a null for a required property (a group's displayName), before the database
                f"Invalid value specified for property '{prop.wire}' of resource "
                f"'{type_name[0].upper() + type_name[1:]}'."
            )
        if prop.kind == "json":  # Graph merges onPremisesExtensionAttributes; a null clears one attribute
            merged = {**(getattr(obj, prop.column) or {}), **checked}
            checked = {key: item for key, item in merged.items() if item is not None}
        changes[prop.column] = checked
    for column, value in changes.items():
        setattr(obj, column, value)


def _check_length(obj: Any, prop: Prop, value: Any, type_name: str) -> None:
    """Refuse a string longer than its column (Graph's own limits, e.g. employeeId 16) before the database would."""
    length = getattr(type(obj).__table__.c[prop.column].type, "length", None)
    if isinstance(value, str) and length and len(value) > length:
        raise InvalidRequest(
            f"Invalid value specified for property '{prop.wire}' of resource "
            f"'{type_name[0].upper() + type_name[1:]}': at most {length} characters."
        )


def _check(prop: Prop, value: Any) -> Any:
    if value is None and prop.kind == "json":
        return _extension_attributes(value)  # null is not an object of extension attributes: Graph's 400
    if value is None:
        return (
            []
            if prop.kind in ("collection", "identities")
            else (None if prop.kind != "bool" else _bad(prop.wire, "a boolean"))
        )
    if prop.kind == "bool":
        return value if isinstance(value, bool) else _bad(prop.wire, "a boolean")
    if prop.kind == "collection":
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            _bad(prop.wire, "a collection of strings")
        return list(value)
    if prop.kind == "json":
        return _extension_attributes(value)
    if prop.kind == "identities":
        return _identities(prop.wire, value)
    if not isinstance(value, str):
        _bad(prop.wire, "a string")
    return value


def _identities(name: str, value: Any) -> list[dict[str, Any]]:
    """Check alternativeSecurityIds: a list of {type: Int32, identityProvider: String or null, key: base64}."""
    if not isinstance(value, list):
        _bad(name, "a collection of alternativeSecurityId")
    out = []
    for item in value:
        if (
            not isinstance(item, dict)
            or set(item) - {"type", "identityProvider", "key"}
            or not (isinstance(item.get("type"), int) and not isinstance(item.get("type"), bool))
            or not isinstance(item.get("key"), str)
            or not _is_base64(item["key"])
            or not isinstance(item.get("identityProvider"), (str, type(None)))
        ):
            _bad(name, "alternativeSecurityId objects {type: Int32, identityProvider: String, key: Binary}")
        out.append(
            {"type": item["type"], "identityProvider": item.get("identityProvider"), "key": item["key"]}
        )
    return out


def _is_base64(text: str) -> bool:
    try:
        base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return False
    return bool(text)


def _extension_attributes(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict) or any(key not in EXTENSION_ATTRS for key in value):
        raise InvalidRequest("onPremisesExtensionAttributes takes extensionAttribute1..extensionAttribute15.")
    return {key: _check_scalar(key, item) for key, item in value.items()}


def _check_scalar(name: str, value: Any) -> Any:
    if value is not None and not isinstance(value, (str, int, bool)):
        _bad(name, "a string, number or boolean")
    return value


def _bad(name: str, kind: str) -> Any:
    raise InvalidRequest(f"Invalid value for property '{name}': expected {kind}.")
