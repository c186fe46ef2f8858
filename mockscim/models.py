"""mockscim's tables: indexed columns for everything a filter or a uniqueness rule touches, plus the JSON resource.

Every table derives from ``ScimModel`` so mockscim's metadata is its own (mockidp never creates these tables).
Rows carry a ``tenant`` (one per bearer token) and every query is scoped by it. Uniqueness is a database
constraint over a *key* column (``user_name_key``, ``display_name_key``) that the backend fills from the active
profile: the case-folded value, the raw value (``case-sensitive-username``) or NULL (``no-uniqueness``) — NULLs
never collide, so turning uniqueness off needs no schema change and concurrent creates can never both win.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, UniqueConstraint, inspect
from sqlalchemy.orm import registry
from sqlalchemy.schema import CreateIndex
from sqlalchemy.sql.selectable import FromClause
from sqlmodel import Field, Session, SQLModel

from idcore.db import begin_write

__all__ = [
    "EmailRow",
    "GroupRow",
    "MemberRow",
    "ScimModel",
    "SecretRow",
    "TokenRow",
    "UserRow",
    "add_page_indexes",
    "begin_for_savepoint",
    "table_of",
]


#: The (tenant, pk) indexes of users and groups: a list without filter or sort (``startIndex=50000``) walks one
#: instead of sorting every row. ``add_page_indexes`` adds them to a database made before they existed.
PAGE_INDEXES = ("ix_scim_user_tenant_pk", "ix_scim_group_tenant_pk")


def add_page_indexes(engine: Any) -> None:
    """Create the page indexes a database made by an older mockscim lacks (a no-op when they exist)."""
    with engine.begin() as conn:  # IF NOT EXISTS: workers starting at once do not race each other
        for table in ScimModel.metadata.sorted_tables:
            for index in table.indexes:
                if index.name in PAGE_INDEXES:
                    conn.execute(CreateIndex(index, if_not_exists=True))


class ScimModel(SQLModel, registry=registry()):
    """Base of mockscim's tables."""


def table_of(model: type[ScimModel]) -> FromClause:
    """Return the table ``model`` is mapped to: ``Model.__table__``, which SQLModel's stubs do not declare."""
    return inspect(model).local_table


def begin_for_savepoint(session: Session) -> None:
    """Open the session's SQLite transaction now, so a savepoint nests in it instead of committing on release.

    pysqlite begins transactions lazily, before the first INSERT/UPDATE/DELETE; a SAVEPOINT sent first opens a
    transaction of its own and its RELEASE commits it, so a later error (an unknown member id) could no longer roll
    the row back. PostgreSQL always nests savepoints in the session's transaction.
    """
    begin_write(session)


class UserRow(ScimModel, table=True):
    """One SCIM User: indexed copies of the filterable attributes and the resource body as JSON."""

    __tablename__ = "scim_user"
    __table_args__ = (
        UniqueConstraint("tenant", "user_name_key", name="uq_scim_user_name"),
        Index("ix_scim_user_tenant_name_ci", "tenant", "user_name_ci"),
        Index("ix_scim_user_tenant_name", "tenant", "user_name"),
        Index("ix_scim_user_tenant_external", "tenant", "external_id"),
        Index("ix_scim_user_tenant_display", "tenant", "display_name_ci"),
        Index("ix_scim_user_tenant_employee", "tenant", "employee_number_ci"),
        Index("ix_scim_user_tenant_modified", "tenant", "last_modified"),
        Index("ix_scim_user_tenant_created", "tenant", "created"),
        Index(PAGE_INDEXES[0], "tenant", "pk"),  # a page in creation order reads this index, not the table
    )

    pk: int | None = Field(default=None, primary_key=True)
    id: str = Field(unique=True, max_length=64)
    tenant: str = Field(max_length=64)
    user_name: str
    user_name_ci: str
    user_name_key: str | None = None
    external_id: str | None = None
    display_name_ci: str | None = None
    employee_number_ci: str | None = None
    active: bool | None = Field(default=None, index=True)
    created: datetime
    last_modified: datetime
    version: int = 1
    body: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class GroupRow(ScimModel, table=True):
    """One SCIM Group; its members live in ``MemberRow``."""

    __tablename__ = "scim_group"
    __table_args__ = (
        UniqueConstraint("tenant", "display_name_key", name="uq_scim_group_name"),
        Index("ix_scim_group_tenant_display", "tenant", "display_name_ci"),
        Index("ix_scim_group_tenant_external", "tenant", "external_id"),
        Index("ix_scim_group_tenant_modified", "tenant", "last_modified"),
        Index("ix_scim_group_tenant_created", "tenant", "created"),
        Index(PAGE_INDEXES[1], "tenant", "pk"),
    )

    pk: int | None = Field(default=None, primary_key=True)
    id: str = Field(unique=True, max_length=64)
    tenant: str = Field(max_length=64)
    display_name: str
    display_name_ci: str
    display_name_key: str | None = None
    external_id: str | None = None
    created: datetime
    last_modified: datetime
    version: int = 1
    body: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class EmailRow(ScimModel, table=True):
    """One element of a user's ``emails``, indexed by its case-folded value."""

    __tablename__ = "scim_email"

    pk: int | None = Field(default=None, primary_key=True)
    user_pk: int = Field(
        sa_column=Column(Integer, ForeignKey("scim_user.pk", ondelete="CASCADE"), nullable=False, index=True)
    )
    value_ci: str | None = Field(default=None, index=True)
    type_ci: str | None = None
    primary: bool | None = None
    display_ci: str | None = None


class MemberRow(ScimModel, table=True):
    """One membership: a group and the id of the member resource, indexed both ways."""

    __tablename__ = "scim_member"
    __table_args__ = (
        UniqueConstraint("group_pk", "value", name="uq_scim_member"),
        Index("ix_scim_member_value", "value"),
    )

    pk: int | None = Field(default=None, primary_key=True)
    group_pk: int = Field(
        sa_column=Column(Integer, ForeignKey("scim_group.pk", ondelete="CASCADE"), nullable=False, index=True)
    )
    value: str = Field(max_length=64)
    value_ci: str = Field(max_length=64)
    type: str | None = None
    display: str | None = None
    position: int = 0


class TokenRow(ScimModel, table=True):
    """An OAuth 2.0 access token issued by the client-credentials endpoint, valid until ``expires``.

    ``token`` holds the SHA-256 of the token, never the token: the database and its snapshots hold no credential.
    """

    __tablename__ = "scim_token"

    token: str = Field(primary_key=True, max_length=128)
    tenant: str = Field(max_length=64)
    expires: datetime = Field(index=True)


class SecretRow(ScimModel, table=True):
    """A value of this server shared by its workers (the password salt), by name."""

    __tablename__ = "scim_secret"

    name: str = Field(primary_key=True, max_length=32)
    value: str = Field(max_length=128)
