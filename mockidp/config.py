"""mockidp's settings: defaults, then ``MOCKIDP_*`` environment variables, then the test mapping."""

from __future__ import annotations

from typing import Any

__all__ = ["DEFAULTS"]

DEFAULTS: dict[str, Any] = {
    "DATABASE_URL": None,  # None: SQLite file in the instance folder; "sqlite://" in memory
    "DATABASE_SCHEMA": None,
    "SEED": 0,
    "USERS": 0,  # users seeded at start (0: an empty directory unless SEED_ON_START)
    "SEED_ON_START": False,
    "TENANT": "contoso",
    "CLIENT_ID": "scimulator-harness",
    "CLIENT_SECRET": "scimulator-secret",
    "CLIENT_ROLES": None,  # None: the provisioning and admin permissions (mockidp.seed.GRAPH_ROLES)
    "SIGNING_SECRET": None,  # None: a random secret kept in the database; set: reproducible tokens
    "APP_NAME": "Contoso SCIM app",
    "REPLICATION_DELAY": 180,
    "REPLICATION_MODE": "time",
    "CONTROL_TOKEN": None,
    "CLOCK": "system",  # "system" | "manual"
    "CONTROL_STATE": "own",  # "own": start the shared /_control settings; "join": a worker of a running server
    "TOKEN_LIFETIME": 3600,
    "GROUP_RECYCLE_BIN": "unified",  # which deleted groups are restorable: "unified" | "all" | "none"
    # Limits on client input and on the journal (idcore.limits; docs/reliability.md "Bad input and limits").
    "MAX_BODY_BYTES": 1_048_576,  # larger bodies get Graph's 413
    "JSON_MAX_DEPTH": 64,  # deeper JSON bodies get 400
    "FILTER_MAX_DEPTH": 32,  # $filter nesting of "(" and "not"
    "FILTER_MAX_CLAUSES": 200,  # comparisons in one $filter
    "JOURNAL_SIZE": 1000,  # requests kept by GET /_control/requests (only while the control API is on)
    "JOURNAL_BODY_BYTES": 4096,  # bytes kept of each journaled body
}
