"""The seeded directory's people and groups: Faker-drawn users with the named special cases, one group per
department and a nested pilot group — drawn from the seed's randomness only (``mockidp.seed`` orchestrates).

The first users carry the special cases, always: index 1 disabled, 2 a guest, 3 without employeeId, 4 in the
recycle bin, 5 without department or mobile phone, 6 with diacritics (José Núñez-Ødegård).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlmodel import Session

from idcore.ids import Randomness
from mockidp import store
from mockidp.models import Group, GroupMember, IndexEntry
from mockidp.odata.query import fold
from mockidp.seed_bulk import bulk_insert
from mockidp.store import db_time
from mockidp.tenants import Tenant

__all__ = [
    "DEPARTMENTS",
    "PILOT_EXTENDED_MEMBERS",
    "PILOT_MEMBERS",
    "draw_users",
    "insert_groups",
]

DEPARTMENTS = (
    "Sales",
    "Engineering",
    "Marketing",
    "Finance",
    "Human Resources",
    "Support",
    "Legal",
    "Operations",
)
_LOCALES = ["en_US", "fr_FR", "de_DE", "es_ES", "sv_SE", "pl_PL"]
_EXT_APP = (
    "b7f3c2a1d4e5f60718293a4b5c6d7e8f"  # the appId (no dashes) the seeded directory extensions belong to
)


#: Who the two pilot groups hold, counted among the users still in the directory (the recycle-bin user excluded):
#: "Provisioning pilot" has the five after the special cases (indices 1–6: disabled, guest, no employeeId,
#: deleted, no department, José) — five, the most one on-demand group run takes — and "Pilot extended", nested in
#: it, the three after those.
PILOT_MEMBERS = slice(7, 12)
PILOT_EXTENDED_MEMBERS = slice(12, 15)


def _memberships(group_id: str, members: list[dict[str, Any]], tenant: Tenant) -> list[dict[str, Any]]:
    """Return the GroupMember rows that put ``members`` (users) into the group."""
    return [
        {"group_id": group_id, "member_id": p["id"], "member_type": "user", "tenant_id": tenant.id}
        for p in members
    ]


def draw_users(rng: Randomness, tenant: Tenant, count: int, now: datetime) -> list[dict[str, Any]]:
    """Draw ``count`` users; the first few carry the named special cases."""
    pools = _Pools(rng.faker(_LOCALES), min(2000, max(50, count)))
    taken: set[str] = set()
    rows: list[dict[str, Any]] = []
    for index in range(count):
        given, surname = rng.random.choice(pools.given), rng.random.choice(pools.surname)
        if index == 6:
            given, surname = "José", "Núñez-Ødegård"  # diacritics, always present from 7 users on
        rows.append(_user(rng, pools, tenant, index, given, surname, taken, rows, now))
    return rows


class _Pools:
    """Faker values drawn once per seed and then picked from: Faker per user costs minutes at 100k users."""

    def __init__(self, fake: Any, size: int) -> None:
        self.given = [fake.first_name() for _ in range(size)]
        self.surname = [fake.last_name() for _ in range(size)]
        small = max(20, size // 4)
        self.job = [fake.job()[:128] for _ in range(small)]
        self.street = [fake.street_address()[:1024] for _ in range(small)]
        self.city = [fake.city()[:128] for _ in range(small)]
        self.postcode = [fake.postcode()[:40] for _ in range(small)]
        self.phone = [fake.phone_number()[:64] for _ in range(small)]


def _user(
    rng: Randomness,
    pools: _Pools,
    tenant: Tenant,
    index: int,
    given: str,
    surname: str,
    taken: set[str],
    rows: list[dict[str, Any]],
    now: datetime,
) -> dict[str, Any]:
    rand = rng.random
    local = _unique(
        ".".join(part for part in (_ascii(given), _ascii(surname)) if part) or f"user{index}", taken
    )
    guest = index == 2 or (index > 10 and rand.random() < 0.03)
    upn = f"{local}_fabrikam.com#EXT#@{tenant.domain}" if guest else f"{local}@{tenant.domain}"
    mail = f"{local}@fabrikam.com" if guest else f"{local}@{tenant.domain}"
    department = None if index == 5 or rand.random() < 0.08 else rand.choice(DEPARTMENTS)
    created = now - timedelta(days=rand.randint(30, 2000), seconds=rand.randint(0, 86399))
    deleted = index == 4 or (index > 10 and rand.random() < 0.02)
    return {
        "id": rng.uuid(),
        "tenant_id": tenant.id,
        "user_principal_name": upn,
        "display_name": f"{given} {surname}",
        "given_name": given,
        "surname": surname,
        "mail": mail,
        "mail_nickname": local.replace(".", ""),
        "other_mails": [f"{local}@example.org"] if rand.random() < 0.2 else [],
        "proxy_addresses": [] if guest else [f"SMTP:{mail}", f"smtp:{local}@contoso.mail.onmicrosoft.com"],
        "account_enabled": not (index == 1 or (index > 10 and rand.random() < 0.05)),
        "job_title": rand.choice(pools.job),
        "department": department,
        "company_name": None if guest else "Contoso",
        "employee_id": None if guest or index == 3 else f"{100000 + index}",
        "employee_type": "Guest" if guest else rand.choice(["Employee", "Employee", "Contractor"]),
        "office_location": f"Building {rand.randint(1, 9)}",
        "street_address": rand.choice(pools.street),
        "city": rand.choice(pools.city),
        "state": None,
        "postal_code": rand.choice(pools.postcode),
        "country": rand.choice(["United States", "France", "Germany", "Spain", "Sweden", "Poland"]),
        "usage_location": rand.choice(["US", "FR", "DE", "ES", "SE", "PL"]),
        "preferred_language": "en-US",
        "business_phones": [rand.choice(pools.phone)] if rand.random() < 0.7 else [],
        "mobile_phone": None if index == 5 or rand.random() < 0.3 else rand.choice(pools.phone),
        "fax_number": None,
        "user_type": "Guest" if guest else "Member",
        "creation_type": "Invitation" if guest else None,
        "manager_id": rows[rand.randrange(0, max(1, index // 4))]["id"] if index else None,
        "on_premises_extension_attributes": {"extensionAttribute1": f"CC-{rand.randint(100, 999)}"}
        if rand.random() < 0.5
        else {},
        "extensions": {f"extension_{_EXT_APP}_costCenter": f"{rand.randint(1000, 9999)}"}
        if rand.random() < 0.3
        else {},
        "created_date_time": db_time(created),
        "deleted_date_time": db_time(now - timedelta(days=rand.randint(1, 20))) if deleted else None,
    }


@lru_cache(maxsize=16384)  # names come from pools of at most 2,000 each
def _ascii(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isascii() and ch.isalnum())


def _unique(local: str, taken: set[str]) -> str:
    candidate, n = local, 1
    while candidate in taken:
        n += 1
        candidate = f"{local}{n}"
    taken.add(candidate)
    return candidate


def insert_groups(
    session: Session,
    rng: Randomness,
    tenant: Tenant,
    people: list[dict[str, Any]],
    now: datetime,
    version: int,
) -> dict[str, dict[str, Any]]:
    """Create one group per department, a pilot group with a nested group; add members in bulk."""
    names = [*DEPARTMENTS, "Provisioning pilot", "Pilot extended"]
    groups: dict[str, dict[str, Any]] = {
        name: {
            "id": rng.uuid(),
            "tenant_id": tenant.id,
            "display_name": name,
            "description": f"{name} team",
            "mail_nickname": name.lower().replace(" ", "-"),
            "mail": None,
            "mail_enabled": False,
            "security_enabled": True,
            "group_types": [],
            "created_date_time": db_time(now - timedelta(days=400)),
            "deleted_date_time": None,
            "version": version + i,
        }
        for i, name in enumerate(names)
    }
    bulk_insert(session, Group, list(groups.values()))
    bulk_insert(
        session, IndexEntry, [row for group in groups.values() for row in store.group_index_rows(group)]
    )
    links = [
        {
            "group_id": groups[p["department"]]["id"],
            "member_id": p["id"],
            "member_type": "user",
            "tenant_id": tenant.id,
        }
        for p in people
        if p["department"]
    ]
    live = [p for p in people if p["deleted_date_time"] is None]
    links += _memberships(groups["Provisioning pilot"]["id"], live[PILOT_MEMBERS], tenant)
    links += _memberships(groups["Pilot extended"]["id"], live[PILOT_EXTENDED_MEMBERS], tenant)
    links.append(
        {
            "group_id": groups["Provisioning pilot"]["id"],
            "member_id": groups["Pilot extended"]["id"],
            "member_type": "group",
            "tenant_id": tenant.id,
        }
    )
    bulk_insert(session, GroupMember, links)
    return groups
