"""The backend: SCIM Users and Groups in the database, per tenant, under the active profile. No Flask here.

Every write runs in one transaction and raises before committing anything when the request is rejected, so a
rejected request changes nothing. Uniqueness is the database's unique constraint (see ``models``), versions are
counters turned into weak ETags, and deleting a user removes it from every group.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import cache
from typing import Any

from sqlalchemy import Select, bindparam, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.selectable import FromClause
from sqlmodel import Session, col

from idcore.clock import Clock, isoformat
from idcore.db import Database
from idcore.ids import Randomness
from idcore.scim.errors import InvalidValue, NotFound, PreconditionFailed, Uniqueness
from idcore.scim.filter.evaluate import get_ci
from idcore.scim.messages import parse_patch_request
from idcore.scim.patch import apply_patch
from idcore.scim.schema import ResourceType
from idcore.scim.schema_data import ENTERPRISE_USER_URN, GROUP, USER
from mockscim.members import patch_members, write_members
from mockscim.models import EmailRow, GroupRow, MemberRow, UserRow, begin_for_savepoint, table_of
from mockscim.passwords import load_passwords
from mockscim.profiles import Profile
from mockscim.query import ListQuery, mapping_for, order_by, where_clause
from mockscim.reads import count_matching, one_row, page_rows, table_for
from mockscim.rendering import related_rows, render_row
from mockscim.resources import clean_input, etag, split_members

__all__ = ["Page", "Store", "Stored"]

Row = UserRow | GroupRow
_NO_SUCH_OFFSET = (
    2**62
)  # past any table's size, and past what a SQL OFFSET holds (startIndex=99999999999999999999)
Resources = list[dict[str, Any]]  # an alias, because inside ``Store`` the name ``list`` is the method


@dataclass(frozen=True)
class Stored:
    """A resource as the server holds it: its full representation and its version."""

    resource: dict[str, Any]
    version: int

    @property
    def etag(self) -> str:
        """Return the weak ETag of this version."""
        return etag(self.version)


@dataclass(frozen=True)
class Page:
    """One page of a list: the total count and the resources on the page."""

    total: int
    start_index: int
    resources: list[dict[str, Any]]


class Store:
    """SCIM resources of every tenant in one database."""

    def __init__(self, db: Database, clock: Clock, rng: Randomness, profile: Callable[[], Profile]) -> None:
        self.db = db
        self.clock = clock
        self.rng = rng
        self.profile = profile
        self._salted = False

    # -- reads --------------------------------------------------------------------------------------------
    def get(
        self,
        tenant: str,
        resource_type: ResourceType,
        resource_id: str,
        base_url: str,
        *,
        with_members: bool = True,
    ) -> Stored:
        """Return one resource; raise NotFound."""
        with self.db.engine.connect() as conn:
            row = one_row(conn, resource_type, tenant, resource_id)
            if row is None:
                raise NotFound(f"{resource_type.name} {resource_id!r} not found")
            resource = self._render_many(conn, resource_type, [row], base_url, with_members)[0]
            return Stored(resource, row.version)

    def list(
        self,
        tenant: str,
        resource_type: ResourceType,
        query: ListQuery,
        base_url: str,
        *,
        with_members: bool = True,
    ) -> Page:
        """Return the page of resources matching ``query`` (filter, sort and paging in SQL).

        ``totalResults`` needs no COUNT when the page is not full: it ends the list.
        """
        profile = self.profile()
        mapping = mapping_for(resource_type, profile, self.db.dialect, base_url)
        passwords = None
        if resource_type is USER and "password" in (query.filter or "").lower():
            with self.db.session() as session:
                passwords = load_passwords(session)
        condition = where_clause(query, mapping, profile, passwords)
        ordering = order_by(query, mapping, table_for(resource_type).c.pk) if query.sort_by else None
        start = max(1, query.start_index)
        count = profile.max_results if query.count is None else max(0, min(query.count, profile.max_results))
        with self.db.engine.connect() as conn:
            if count == 0 or start > _NO_SUCH_OFFSET:
                return Page(count_matching(conn, resource_type, tenant, condition), start, [])
            rows = page_rows(conn, resource_type, tenant, condition, ordering, start - 1, count)
            if 0 < len(rows) < count or (not rows and start == 1):
                total = start - 1 + len(rows)
            else:
                total = count_matching(conn, resource_type, tenant, condition)
            return Page(total, start, self._render_many(conn, resource_type, rows, base_url, with_members))

    # -- writes -------------------------------------------------------------------------------------------
    def create(self, tenant: str, resource_type: ResourceType, body: Any, base_url: str) -> Stored:
        """Create a resource from a POST body; raise Uniqueness (409) or a 400."""
        profile = self.profile()
        values = clean_input(body, resource_type, profile)
        members = split_members(values) if resource_type is GROUP else []
        now = self._now()
        with self.db.session(write=True) as session:
            row = _model(resource_type)(
                id=self._new_id(),
                tenant=tenant,
                created=now,
                last_modified=now,
                version=1,
                **_placeholder(resource_type),
            )
            self._hash_password(session, values, None)
            self._fill(row, values, profile)
            self._flush(session, row, resource_type, new=True)
            if isinstance(row, UserRow):
                self._write_emails(session, row, values)
            else:
                write_members(session, tenant, _pk(row), members)
            return self._stored(session, row, base_url)

    def replace(
        self,
        tenant: str,
        resource_type: ResourceType,
        resource_id: str,
        body: Any,
        base_url: str,
        if_match: str | None = None,
    ) -> Stored:
        """Replace a resource with a PUT body (RFC 7644 §3.5.1); ``id`` and ``meta.created`` are kept."""
        profile = self.profile()
        values = clean_input(body, resource_type, profile)
        members = split_members(values) if resource_type is GROUP else None
        with self.db.session(write=True) as session:
            row = self._row(session, tenant, resource_type, resource_id, for_update=True)
            _check_version(row, if_match)
            previous = row.body.get("password")
            if previous is not None and "password" not in values:
                values["password"] = previous  # writeOnly and omitted: not asserted, kept (RFC 7644 §3.5.1)
            self._hash_password(session, values, previous)
            before, key = row.body, _unique_key(row)
            self._fill(row, values, profile)
            self._touch(row)
            self._flush(session, row, resource_type, checked=_unique_key(row) != key)
            if isinstance(row, UserRow):
                self._write_emails(session, row, values, before)
            elif members is not None:
                write_members(session, tenant, _pk(row), members)
            return self._stored(session, row, base_url)

    def patch(
        self,
        tenant: str,
        resource_type: ResourceType,
        resource_id: str,
        body: Any,
        base_url: str,
        if_match: str | None = None,
        *,
        with_members: bool = True,
    ) -> Stored:
        """Apply a PatchOp body atomically (RFC 7644 §3.5.2) with the profile's dialect and member quirks."""
        profile = self.profile()
        operations = _member_quirks(parse_patch_request(body), profile)
        dialect = replace(profile.patch_dialect, bare_extension_paths=profile.bare_extension_paths)
        with self.db.session(write=True) as session:
            row = self._row(session, tenant, resource_type, resource_id, for_update=True)
            _check_version(row, if_match)
            if isinstance(row, GroupRow):
                changed = patch_members(session, tenant, _pk(row), operations, dialect)
                if changed is not None:  # member-only operations, done on the named rows
                    if changed:
                        self._touch(row)
                        session.flush()
                    return self._stored(session, row, base_url, with_members=with_members)
            current = self._representation(session, row, "", with_members=True)
            patched = apply_patch(current, operations, resource_type, dialect=dialect)
            values = clean_input(_writable(patched), resource_type, profile)
            members = split_members(values) if resource_type is GROUP else None
            if _writable(current) != _writable(patched):
                self._hash_password(session, values, current.get("password"))
                before, key = row.body, _unique_key(row)
                self._fill(row, values, profile)
                self._touch(row)
                self._flush(session, row, resource_type, checked=_unique_key(row) != key)
                if isinstance(row, UserRow):
                    self._write_emails(session, row, values, before)
                elif members is not None:
                    write_members(session, tenant, _pk(row), members)
            return self._stored(session, row, base_url, with_members=with_members)

    def delete(
        self, tenant: str, resource_type: ResourceType, resource_id: str, if_match: str | None = None
    ) -> None:
        """Delete a resource (soft delete: ``active=false`` under the profile); remove it from every group."""
        profile = self.profile()
        with self.db.session(write=True) as session:
            row = self._row(session, tenant, resource_type, resource_id, for_update=True)
            _check_version(row, if_match)
            if profile.soft_delete and isinstance(row, UserRow):
                row.body = {**row.body, "active": False}
                row.active = False
                self._touch(row)
                return
            self._remove_from_groups(session, tenant, row.id)
            session.delete(row)

    def _remove_from_groups(self, session: Session, tenant: str, member_id: str) -> None:
        groups = select(col(MemberRow.group_pk)).where(col(MemberRow.value) == member_id)
        session.execute(
            update(GroupRow)
            .where(col(GroupRow.pk).in_(groups), col(GroupRow.tenant) == tenant)
            .values(version=col(GroupRow.version) + 1, last_modified=self._now())
        )
        session.execute(delete(MemberRow).where(col(MemberRow.value) == member_id))

    def _hash_password(self, session: Session, values: dict[str, Any], previous: Any) -> None:
        """Store a User's password as its hash (``mockscim.passwords``), never in clear."""
        if isinstance(values.get("password"), str):
            load_passwords(session).store(values, previous)

    # -- row helpers --------------------------------------------------------------------------------------
    def _row(
        self,
        session: Session,
        tenant: str,
        resource_type: ResourceType,
        resource_id: str,
        *,
        for_update: bool = False,
    ) -> Row:
        """Return the row; ``for_update`` locks it until commit (PostgreSQL; SQLite's write session holds the file)."""
        statement = _entity_by_id(_model(resource_type), for_update)
        row = session.scalars(statement, {"id": resource_id, "tenant": tenant}).first()
        if row is None:
            raise NotFound(f"{resource_type.name} {resource_id!r} not found")
        return row

    def _fill(self, row: Row, values: dict[str, Any], profile: Profile) -> None:
        row.body = values
        row.external_id = values.get("externalId")
        if isinstance(row, UserRow):
            user_name = values["userName"]
            if not isinstance(user_name, str):
                raise InvalidValue("'userName' must be a string")
            row.user_name, row.user_name_ci = user_name, user_name.casefold()
            row.user_name_key = (
                (user_name if profile.case_sensitive_username else row.user_name_ci)
                if profile.unique_username
                else None
            )
            display = values.get("displayName")
            row.display_name_ci = display.casefold() if isinstance(display, str) else None
            number = (values.get(ENTERPRISE_USER_URN) or {}).get("employeeNumber")
            row.employee_number_ci = number.casefold() if isinstance(number, str) else None
            row.active = values.get("active") if isinstance(values.get("active"), bool) else None
        else:
            name = values["displayName"]
            if not isinstance(name, str):
                raise InvalidValue("'displayName' must be a string")
            row.display_name, row.display_name_ci = name, name.casefold()
            row.display_name_key = row.display_name_ci if profile.unique_group_name else None

    def _flush(
        self,
        session: Session,
        row: Row,
        resource_type: ResourceType,
        *,
        new: bool = False,
        checked: bool = True,
    ) -> None:
        """Flush in a savepoint, turning the unique constraint's verdict into 409 uniqueness (RFC 7644 §3.3).

        ``checked=False``: the row's unique key did not change, so no constraint can refuse it; no savepoint.
        """
        if not new and not checked:
            session.flush()
            return
        begin_for_savepoint(session)
        try:
            with session.begin_nested():
                if new:
                    session.add(row)
                session.flush()
        except IntegrityError as exc:
            if new and "id" in _violated(exc) and "name" not in _violated(exc):
                # Another process (a second gunicorn worker on the same seed) drew this id: salt ids from now on.
                self._salted = True
                row.id = self._new_id()
                return self._flush(session, row, resource_type, new=True)
            attribute = "userName" if resource_type is USER else "displayName"
            raise Uniqueness(f"A {resource_type.name} with this {attribute} already exists") from None

    def _write_emails(
        self,
        session: Session,
        row: UserRow,
        values: Mapping[str, Any],
        before: Mapping[str, Any] | None = None,
    ) -> None:
        """Rewrite the user's email rows, unless ``before`` (the previous values) had the same emails."""
        if before is not None and before.get("emails") == values.get("emails"):
            return
        user_pk = _pk(row)
        session.execute(delete(EmailRow).where(col(EmailRow.user_pk) == user_pk))
        for email in values.get("emails") or []:
            if isinstance(email, dict):
                session.add(
                    EmailRow(
                        user_pk=user_pk,
                        value_ci=_fold(email.get("value")),
                        type_ci=_fold(email.get("type")),
                        display_ci=_fold(email.get("display")),
                        primary=email.get("primary") if isinstance(email.get("primary"), bool) else None,
                    )
                )

    def _touch(self, row: Row) -> None:
        row.version += 1
        row.last_modified = self._now()

    # -- rendering ----------------------------------------------------------------------------------------
    def _stored(self, session: Session, row: Row, base_url: str, *, with_members: bool = True) -> Stored:
        return Stored(self._representation(session, row, base_url, with_members=with_members), row.version)

    def _representation(
        self, session: Session, row: Row, base_url: str, *, with_members: bool
    ) -> dict[str, Any]:
        session.flush()  # the related rows are read with a Core statement, which does not autoflush
        resource_type = USER if isinstance(row, UserRow) else GROUP
        return self._render_many(session, resource_type, [row], base_url, with_members)[0]

    def _render_many(
        self, conn: Any, resource_type: ResourceType, rows: Sequence[Any], base_url: str, with_members: bool
    ) -> Resources:
        if not rows:
            return []
        related = related_rows(conn, resource_type, rows, base_url, with_members)
        return [render_row(row, resource_type, base_url, related.get(row.pk)) for row in rows]

    # -- ids and time -------------------------------------------------------------------------------------
    def _now(self) -> datetime:
        return self.clock.now().astimezone(UTC)

    def _new_id(self) -> str:
        if not self._salted:
            return self.rng.uuid()
        return str(uuid.UUID(int=self.rng.random.getrandbits(128) ^ (os.getpid() << 64), version=4))


@cache
def _entity_by_id(model: type[Row], for_update: bool) -> Select[Any]:
    """The ORM statement loading one row by id and tenant (locked until commit for a write), built once."""
    statement = select(model).where(
        col(model.id) == bindparam("id"), col(model.tenant) == bindparam("tenant")
    )
    return statement.with_for_update() if for_update else statement


def _model(resource_type: ResourceType) -> type[UserRow | GroupRow]:
    return UserRow if resource_type is USER else GroupRow


def _table(resource_type: ResourceType) -> FromClause:
    return table_of(_model(resource_type))


def _pk(row: Row) -> int:
    """Return the primary key of a flushed row (the models declare it optional only so inserts can omit it)."""
    assert row.pk is not None, "a flushed row has a primary key"
    return row.pk


def _placeholder(resource_type: ResourceType) -> dict[str, Any]:
    if resource_type is USER:
        return {"user_name": "", "user_name_ci": ""}
    return {"display_name": "", "display_name_ci": ""}


def _unique_key(row: Row) -> str | None:
    """Return the column the uniqueness constraint reads (``user_name_key`` / ``display_name_key``)."""
    return row.user_name_key if isinstance(row, UserRow) else row.display_name_key


def _check_version(row: Row, if_match: str | None) -> None:
    """Answer 412 when ``If-Match`` names another version (RFC 7644 §3.14)."""
    if if_match is None or if_match.strip() == "*":
        return
    wanted = {tag.strip() for tag in if_match.split(",")}
    current = etag(row.version)
    if current not in wanted and current.removeprefix("W/") not in wanted:
        raise PreconditionFailed(f"The resource is at version {current}, not {if_match}")


def _writable(resource: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in resource.items() if key not in ("id", "meta", "groups")}


def _member_quirks(operations: list[dict[str, Any]], profile: Profile) -> list[dict[str, Any]]:
    """Rewrite member operations as the buggy servers of the profile treat them."""
    result = []
    for operation in operations:
        op = str(get_ci(operation, "op") or "").lower()
        path = str(get_ci(operation, "path") or "").lower()
        on_members = path.startswith("members")
        if on_members and op == "remove" and profile.ignore_member_removal:
            continue  # the bug: removal answered with success and ignored
        if on_members and op == "add" and path == "members" and profile.add_replaces_members:
            operation = {**operation, "op": "replace"}  # the bug: add replaces the whole list
        result.append(operation)
    return result


def _violated(exc: IntegrityError) -> str:
    return str(exc.orig).lower()


def _fold(value: Any) -> str | None:
    return value.casefold() if isinstance(value, str) else None


def _iso(value: datetime) -> str:
    return isoformat(value.replace(tzinfo=UTC) if value.tzinfo is None else value)
