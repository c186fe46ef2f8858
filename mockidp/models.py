"""The directory's tables: users, groups, memberships, enterprise apps, app role assignments and the side index.

Scalar properties the directory filters on are columns with (lowercase, per tenant) indexes; collections
(proxyAddresses, otherMails, businessPhones), extension attributes and ``$search`` tokens are rows of
``IndexEntry`` so ``any()``, extension filters and portal search are index lookups, not scans.
Every write takes the tenant's next change number (``version``), which orders ``/delta`` and keys its tokens.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, func
from sqlmodel import Field, col

from mockidp.base import IdpModel
from mockidp.signing import ServerSecret
from mockidp.tenants import AppRegistration, Tenant

__all__ = [
    "AppRegistration",
    "AppRoleAssignment",
    "Group",
    "GroupMember",
    "IndexEntry",
    "MembershipChange",
    "ServerSecret",
    "ServicePrincipal",
    "Tenant",
    "Tombstone",
    "User",
]


def _json(default: Any = None) -> Any:
    return Field(default_factory=lambda: default() if callable(default) else default, sa_column=Column(JSON))


class User(IdpModel, table=True):
    """A directory user with the properties provisioning maps."""

    id: str = Field(primary_key=True, max_length=36)
    tenant_id: str = Field(foreign_key="tenant.id", max_length=36)
    user_principal_name: str = Field(max_length=255)
    display_name: str | None = Field(default=None, max_length=256)
    given_name: str | None = Field(default=None, max_length=64)
    surname: str | None = Field(default=None, max_length=64)
    mail: str | None = Field(default=None, max_length=255)
    mail_nickname: str | None = Field(default=None, max_length=64)
    other_mails: list[str] = _json(list)
    proxy_addresses: list[str] = _json(list)
    account_enabled: bool = True
    job_title: str | None = Field(default=None, max_length=128)
    department: str | None = Field(default=None, max_length=64)
    company_name: str | None = Field(default=None, max_length=64)
    employee_id: str | None = Field(default=None, max_length=16)
    employee_type: str | None = Field(default=None, max_length=64)
    office_location: str | None = Field(default=None, max_length=128)
    street_address: str | None = Field(default=None, max_length=1024)
    city: str | None = Field(default=None, max_length=128)
    state: str | None = Field(default=None, max_length=128)
    postal_code: str | None = Field(default=None, max_length=40)
    country: str | None = Field(default=None, max_length=128)
    usage_location: str | None = Field(default=None, max_length=2)
    preferred_language: str | None = Field(default=None, max_length=16)
    business_phones: list[str] = _json(list)
    mobile_phone: str | None = Field(default=None, max_length=64)
    fax_number: str | None = Field(default=None, max_length=64)
    user_type: str = Field(default="Member", max_length=16)
    creation_type: str | None = Field(default=None, max_length=32)
    manager_id: str | None = Field(default=None, index=True, max_length=36)
    # B2B (External ID "Properties of a Microsoft Entra B2B collaboration user"): the invitation's state and when it
    # changed, the identities of a user from another directory, and whether Outlook's address list shows the user.
    external_user_state: str | None = Field(default=None, max_length=32)
    external_user_state_change_date_time: datetime | None = None
    show_in_address_list: bool | None = None
    alternative_security_ids: list[dict[str, Any]] = _json(list)
    # Source of Authority: synced from on-premises AD, and the properties an external service (Exchange) masters.
    on_premises_sync_enabled: bool | None = None
    externally_mastered: list[str] = _json(list)
    on_premises_extension_attributes: dict[str, Any] = _json(dict)
    extensions: dict[str, Any] = _json(dict)
    created_date_time: datetime
    deleted_date_time: datetime | None = Field(default=None, index=True)
    version: int = 0


class Group(IdpModel, table=True):
    """A group: security or Microsoft 365; members are ``GroupMember`` rows (nested groups stored, not expanded)."""

    id: str = Field(primary_key=True, max_length=36)
    tenant_id: str = Field(foreign_key="tenant.id", max_length=36)
    display_name: str = Field(max_length=256)
    description: str | None = Field(default=None, max_length=1024)
    mail_nickname: str | None = Field(default=None, max_length=64)
    mail: str | None = Field(default=None, max_length=255)
    mail_enabled: bool = False
    security_enabled: bool = True
    group_types: list[str] = _json(list)
    created_date_time: datetime
    deleted_date_time: datetime | None = None
    version: int = 0


class GroupMember(IdpModel, table=True):
    """One direct member (user or group) of a group."""

    group_id: str = Field(primary_key=True, foreign_key="group.id", max_length=36)
    member_id: str = Field(primary_key=True, index=True, max_length=36)
    member_type: str = Field(max_length=16)  # "user" | "group"
    tenant_id: str = Field(index=True, max_length=36)


class ServicePrincipal(IdpModel, table=True):
    """An enterprise application: its app roles and whether assignment is required."""

    id: str = Field(primary_key=True, max_length=36)
    tenant_id: str = Field(foreign_key="tenant.id", max_length=36)
    app_id: str = Field(max_length=64)
    display_name: str = Field(max_length=256)
    app_roles: list[dict[str, Any]] = _json(list)
    app_role_assignment_required: bool = True
    tags: list[str] = _json(list)
    created_date_time: datetime
    version: int = 0


class AppRoleAssignment(IdpModel, table=True):
    """A user or group assigned to an enterprise app, with its replication state on the clock.

    ``removed_at`` is set when the assignment is deleted (Graph no longer shows it). The provisioning service's
    replica sees it from ``visible_from`` until ``hidden_from``; NULL ``visible_from`` means "not replicated yet"
    (manual mode) and NULL ``hidden_from`` means "still replicated" — see ``mockidp.replication``.
    """

    id: str = Field(primary_key=True, max_length=64)
    tenant_id: str = Field(foreign_key="tenant.id", index=True, max_length=36)
    resource_id: str = Field(foreign_key="serviceprincipal.id", index=True, max_length=36)
    resource_display_name: str = Field(max_length=256)
    principal_id: str = Field(index=True, max_length=36)
    principal_type: str = Field(max_length=16)  # "User" | "Group"
    principal_display_name: str | None = Field(default=None, max_length=256)
    app_role_id: str = Field(max_length=36)
    created_date_time: datetime
    removed_at: datetime | None = None
    visible_from: datetime | None = None
    hidden_from: datetime | None = None
    delay_override: float | None = None
    removed_with_principal: bool = False  # removed by its group's soft delete; a restore brings it back


class IndexEntry(IdpModel, table=True):
    """One indexed value of a user (or a group's ``$search`` token): collection element, extension, search token.

    ``user_id`` holds the owner's id. A search token is one row per distinct token of its owner, whose ``prop``
    ``search:<mask>`` (groups: ``gsearch:<mask>``) names the searchable properties holding it (``mockidp.store``):
    a user's name words, UPN and mail share their rows instead of one row per property.
    """

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: str = Field(max_length=36)
    user_id: str = Field(index=True, max_length=36)
    prop: str = Field(max_length=160)
    value: str = Field(max_length=400)  # lowercased


class MembershipChange(IdpModel, table=True):
    """One member added to or removed from a group, at the tenant's change number (``members@delta``)."""

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: str = Field(max_length=36)
    group_id: str = Field(max_length=36)
    member_id: str = Field(max_length=36)
    member_type: str = Field(max_length=16)  # "user" | "group"
    removed: bool = False
    version: int = 0


class Tombstone(IdpModel, table=True):
    """A user or group deleted for good, kept so ``/delta`` can report it as ``@removed``."""

    id: int | None = Field(default=None, primary_key=True)
    tenant_id: str = Field(index=True, max_length=36)
    object_type: str = Field(max_length=16)
    object_id: str = Field(max_length=36)
    version: int = 0


# Case-insensitive equality and prefix filters ride on lower(column) indexes per tenant (Graph compares
# strings case-insensitively); ``version`` orders /delta; ``id`` orders keyset paging.
_LOWER_INDEXED = (
    "user_principal_name",
    "display_name",
    "given_name",
    "surname",
    "mail",
    "mail_nickname",
    "department",
    "employee_id",
    "job_title",
    "company_name",
    "city",
    "country",
    "employee_type",
)
for _name in _LOWER_INDEXED:
    Index(f"ix_user_{_name}", col(User.tenant_id), func.lower(getattr(User, _name)))
Index("ix_user_tenant_id", col(User.tenant_id), col(User.id))
Index("ix_user_version", col(User.tenant_id), col(User.version))
Index("ix_user_enabled", col(User.tenant_id), col(User.account_enabled), col(User.user_type))
Index("ix_user_created", col(User.tenant_id), col(User.created_date_time))
Index("ix_group_name", col(Group.tenant_id), func.lower(col(Group.display_name)))
Index("ix_group_tenant_id", col(Group.tenant_id), col(Group.id))
Index("ix_group_version", col(Group.tenant_id), col(Group.version))
Index("ix_sp_name", col(ServicePrincipal.tenant_id), func.lower(col(ServicePrincipal.display_name)))
Index("ix_sp_app_id", col(ServicePrincipal.tenant_id), col(ServicePrincipal.app_id))
Index(
    "ix_membership_change",
    col(MembershipChange.tenant_id),
    col(MembershipChange.group_id),
    col(MembershipChange.version),
)
Index("ix_index_lookup", col(IndexEntry.tenant_id), col(IndexEntry.prop), col(IndexEntry.value))
