"""mockscim's part of ``/_control``: reset, snapshot/restore of the whole store, and ``/_control/profile``.

Snapshots are every row of every mockscim table as JSON (datetimes as ISO text), so a suite can save a target's
state, run a scenario and put it back, or ship a prepared target as a file.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, request
from sqlalchemy import DateTime, select, update
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from idcore.control import ControlHooks, json_body
from idcore.db import Database
from idcore.scim.errors import Conflict, InvalidSyntax, ScimError
from idcore.scim.schema_data import GROUP, GROUP_URN, USER, USER_URN
from idcore.shared import get_shared
from mockscim.models import GroupRow, UserRow
from mockscim.profiles import Profile, UnknownProfile, resolve
from mockscim.state import state

__all__ = ["apply_profile", "hooks", "register", "restore", "share_profile", "snapshot"]

SNAPSHOT_FORMAT = "mockscim-snapshot/1"


def snapshot(db: Database) -> dict[str, Any]:
    """Return every row of every table as JSON-ready data."""
    tables: dict[str, list[dict[str, Any]]] = {}
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            rows = conn.execute(select(table).order_by(*table.primary_key.columns)).mappings()
            tables[table.name] = [
                {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()} for row in rows
            ]
    return {"format": SNAPSHOT_FORMAT, "tables": tables}


def restore(db: Database, data: dict[str, Any]) -> None:
    """Replace the whole store with a snapshot, in one transaction."""
    if data.get("format") != SNAPSHOT_FORMAT or not isinstance(data.get("tables"), dict):
        raise InvalidSyntax(f"Not a {SNAPSHOT_FORMAT} document")
    try:
        _load(db, data)
    except (SQLAlchemyError, ValueError, TypeError, AttributeError) as exc:
        raise InvalidSyntax(f"The snapshot cannot be loaded: {str(exc).splitlines()[0]}") from None


def _load(db: Database, data: dict[str, Any]) -> None:
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
        for table in db.metadata.sorted_tables:
            rows = data["tables"].get(table.name) or []
            dates = [c.name for c in table.columns if isinstance(getattr(c.type, "impl", c.type), DateTime)]
            for row in rows:
                for name in dates:
                    if isinstance(row.get(name), str):
                        row[name] = datetime.fromisoformat(row[name])
            if rows:
                conn.execute(table.insert(), rows)
        _reset_sequences(conn, db)


def _reset_sequences(conn: Any, db: Database) -> None:
    """Move PostgreSQL's serial counters past restored primary keys."""
    if db.dialect != "postgresql":
        return
    from sqlalchemy import text

    for table in db.metadata.sorted_tables:
        if "pk" in table.c:
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'pk'), "
                    f"COALESCE((SELECT MAX(pk) FROM {table.name}), 0) + 1, false)"
                )
            )


def apply_profile(app: Flask, profile: Profile, chosen: dict[str, Any] | None = None) -> None:
    """Make ``profile`` active, re-keying the uniqueness columns; raise 409 when stored data forbids it.

    ``chosen`` (the name and quirks it was made from) makes every worker of the server switch to it too.
    """
    current = state(app)
    db = current.store.db
    user_key = (
        (UserRow.user_name if profile.case_sensitive_username else UserRow.user_name_ci)
        if profile.unique_username
        else None
    )
    group_key = GroupRow.display_name_ci if profile.unique_group_name else None
    with current.lock:
        try:
            with db.session() as session:
                session.execute(update(UserRow).values(user_name_key=user_key))
                session.execute(update(GroupRow).values(display_name_key=group_key))
        except IntegrityError:
            raise Conflict("Stored resources already break the uniqueness this profile requires") from None
        current.profile = profile
        if chosen is not None:
            current.chosen = chosen
    if chosen is not None:
        get_shared(app).publish("profile")


def share_profile(app: Flask) -> None:
    """Share the active profile between the server's workers (the rows were re-keyed by the one that switched)."""
    current = state(app)

    def load(value: Any) -> None:
        if not isinstance(value, dict):
            return
        try:
            current.profile = resolve(value.get("profile"), value.get("quirks") or [])
        except UnknownProfile:
            return
        current.chosen = dict(value)

    get_shared(app).register("profile", lambda: dict(current.chosen), load)


def _profile() -> Response:
    """Read the active profile, or switch it: ``{"profile": NAME, "quirks": [NAME, ...]}``."""
    if request.method == "POST":
        body = json_body()
        name, quirks = body.get("profile"), body.get("quirks") or []
        if name is not None and not isinstance(name, str):
            raise InvalidSyntax("'profile' must be a profile name (a string)")
        if not isinstance(quirks, list) or not all(isinstance(q, str) for q in quirks):
            raise InvalidSyntax("'quirks' must be a list of quirk names")
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        apply_profile(app, resolve(name, quirks), {"profile": name, "quirks": quirks})
    return jsonify(state().profile.to_dict())


def seed(app: Flask, body: dict[str, Any]) -> dict[str, Any]:
    """Create ``users`` Faker users (and ``groups`` groups of them) in ``tenant``, the same for the same seed."""
    users, groups = body.get("users", 10), body.get("groups", 0)
    if not all(isinstance(n, int) and 0 <= n <= 10_000 for n in (users, groups)):
        raise InvalidSyntax("'users' and 'groups' must be integers from 0 to 10000")
    current = state(app)
    fake = current.store.rng.faker()
    tenant, base = str(body.get("tenant") or "default"), ""
    ids = []
    for _ in range(users):
        first, last = fake.first_name(), fake.last_name()
        user_name = f"{first}.{last}.{fake.unique.random_int(1, 10**6)}@example.com".lower()
        resource = {
            "schemas": [USER_URN],
            "userName": user_name,
            "active": True,
            "displayName": f"{first} {last}",
            "name": {"givenName": first, "familyName": last},
            "emails": [{"type": "work", "value": user_name, "primary": True}],
        }
        ids.append(current.store.create(tenant, USER, resource, base).resource["id"])
    for n in range(groups):
        members = [{"value": member} for member in ids[n :: max(1, groups)]]
        resource = {
            "schemas": [GROUP_URN],
            "displayName": f"{fake.word().title()} {n + 1}",
            "members": members,
        }
        current.store.create(tenant, GROUP, resource, base)
    return {"users": users, "groups": groups, "tenant": tenant}


def hooks(app: Flask) -> ControlHooks:
    """Return what reset, seed and snapshots mean for mockscim."""

    def _reset() -> None:
        state(app).store.db.reset()

    return ControlHooks(
        family=ScimError,
        reset=_reset,
        seed=lambda body: seed(app, body),
        snapshot=lambda: snapshot(state(app).store.db),
        restore=lambda data: restore(state(app).store.db, data),
    )


def register(bp: Blueprint) -> None:
    """Add ``/_control/profile`` to the control blueprint."""
    bp.add_url_rule("/profile", "profile", _profile, methods=["GET", "POST"])
