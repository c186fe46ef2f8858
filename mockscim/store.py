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
from typing import Any

from sqlalchemy import delete, select, update
from sqlmodel import Session, col

from idcore.clock import Clock
from idcore.db import Database
from idcore.ids import Randomness
from idcore.scim.errors import NotFound, PreconditionFailed, Uniqueness
from idcore.scim.filter.evaluate import get_ci
from idcore.scim.messages import parse_patch_request
from idcore.scim.patch import apply_patch
from idcore.scim.schema import ResourceType
from idcore.scim.schema_data import GROUP, USER
from mockscim.members import patch_members, write_members
from mockscim.models import GroupRow, MemberRow
from mockscim.passwords import load_passwords
from mockscim.profiles import Profile
from mockscim.query import ListQuery, mapping_for, order_by, where_clause
from mockscim.reads import count_matching, id_taken, locked_row, one_row, page_rows, table_for
from mockscim.rendering import related_rows, render_row
from mockscim.resources import clean_input, etag, split_members
from mockscim.writes import Written, columns_of, insert_row, unique_key, update_row, write_emails

__all__ = ["Page", "Store", "Stored"]

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
        with self.db.session(write=True) as session:
            self._hash_password(session, values, None)
            row = self._insert(session, tenant, resource_type, columns_of(resource_type, values, profile))
            if resource_type is USER:
                write_emails(session, row.pk, values, new=True)
                return Stored(render_row(row, USER, base_url, None), row.version)  # in no group yet
            write_members(session, tenant, row.pk, members)
            return self._stored(session, resource_type, row, base_url)

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
            row = self._locked(session, tenant, resource_type, resource_id)
            _check_version(row, if_match)
            previous = row.body.get("password")
            if previous is not None and "password" not in values:
                values["password"] = previous  # writeOnly and omitted: not asserted, kept (RFC 7644 §3.5.1)
            self._hash_password(session, values, previous)
            self._write(session, resource_type, row, values, profile)
            if members is not None:
                write_members(session, tenant, row.pk, members)
            return self._stored(session, resource_type, row, base_url)

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
            row = self._locked(session, tenant, resource_type, resource_id)
            _check_version(row, if_match)
            if resource_type is GROUP:
                changed = patch_members(session, tenant, row.pk, operations, dialect)
                if changed is not None:  # member-only operations, done on the named rows
                    if changed:
                        self._touch(session, resource_type, row)
                    return self._stored(session, resource_type, row, base_url, with_members=with_members)
            related = related_rows(session, resource_type, [row], base_url, True).get(row.pk)
            current = render_row(row, resource_type, "", related)
            patched = apply_patch(current, operations, resource_type, dialect=dialect)
            values = clean_input(_writable(patched), resource_type, profile)
            members = split_members(values) if resource_type is GROUP else None
            if _writable(current) != _writable(patched):
                self._hash_password(session, values, current.get("password"))
                self._write(session, resource_type, row, values, profile)
                if members is not None:
                    write_members(session, tenant, row.pk, members)
            if resource_type is USER:  # a user's PATCH leaves its groups as they were
                return Stored(render_row(row, USER, base_url, related), row.version)
            return self._stored(session, resource_type, row, base_url, with_members=with_members)

    def delete(
        self, tenant: str, resource_type: ResourceType, resource_id: str, if_match: str | None = None
    ) -> None:
        """Delete a resource (soft delete: ``active=false`` under the profile); remove it from every group."""
        profile = self.profile()
        with self.db.session(write=True) as session:
            row = self._locked(session, tenant, resource_type, resource_id)
            _check_version(row, if_match)
            if profile.soft_delete and resource_type is USER:
                self._touch(session, resource_type, row, body={**row.body, "active": False}, active=False)
                return
            self._remove_from_groups(session, tenant, row.id)
            table = table_for(resource_type)
            session.execute(delete(table).where(table.c.pk == row.pk))

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
    def _locked(
        self, session: Session, tenant: str, resource_type: ResourceType, resource_id: str
    ) -> Written:
        """Return the row, locked until commit (PostgreSQL; SQLite's write session holds the file)."""
        row = locked_row(session, resource_type, tenant, resource_id)
        if row is None:
            raise NotFound(f"{resource_type.name} {resource_id!r} not found")
        return Written.of(row)

    def _insert(
        self, session: Session, tenant: str, resource_type: ResourceType, columns: dict[str, Any]
    ) -> Written:
        """INSERT a new row; raise Uniqueness (RFC 7644 §3.3) when its name is taken."""
        now = self._now()
        while True:
            fields = {**columns, "id": self._new_id(), "tenant": tenant, "created": now, "last_modified": now}
            pk = insert_row(session, resource_type, {**fields, "version": 1})
            if pk is not None:
                return Written(
                    pk, fields["id"], now, now, 1, columns["body"], unique_key(resource_type, columns)
                )
            if not id_taken(session, resource_type, fields["id"]):
                attribute = "userName" if resource_type is USER else "displayName"
                raise Uniqueness(f"A {resource_type.name} with this {attribute} already exists")
            # Another process (a second gunicorn worker on the same seed) drew this id: salt ids from now on.
            self._salted = True

    def _write(
        self,
        session: Session,
        resource_type: ResourceType,
        row: Written,
        values: dict[str, Any],
        profile: Profile,
    ) -> None:
        """UPDATE the row with new values and the next version; a user's email rows follow its emails."""
        columns = columns_of(resource_type, values, profile)
        key = unique_key(resource_type, columns)
        now = self._now()
        columns.update(version=row.version + 1, last_modified=now)
        if not update_row(session, resource_type, row.pk, columns, checked=key != row.key):
            attribute = "userName" if resource_type is USER else "displayName"
            raise Uniqueness(f"A {resource_type.name} with this {attribute} already exists")
        if resource_type is USER and row.body.get("emails") != values.get("emails"):
            write_emails(session, row.pk, values, new=False)
        row.body, row.key, row.version, row.last_modified = values, key, row.version + 1, now

    def _touch(self, session: Session, resource_type: ResourceType, row: Written, **columns: Any) -> None:
        """Move the row to its next version (and set ``columns``)."""
        now = self._now()
        update_row(
            session,
            resource_type,
            row.pk,
            {**columns, "version": row.version + 1, "last_modified": now},
            checked=False,
        )
        row.version, row.last_modified = row.version + 1, now
        row.body = columns.get("body", row.body)

    # -- rendering ----------------------------------------------------------------------------------------
    def _stored(
        self,
        session: Session,
        resource_type: ResourceType,
        row: Written,
        base_url: str,
        *,
        with_members: bool = True,
    ) -> Stored:
        session.flush()  # member rows added through the ORM; the related rows are read with a Core statement
        return Stored(
            self._render_many(session, resource_type, [row], base_url, with_members)[0], row.version
        )

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


def _check_version(row: Written, if_match: str | None) -> None:
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
