"""mockscim's settings: defaults, then ``MOCKSCIM_*`` environment variables (JSON-decoded), then the test mapping."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from idcore.config import load_config

__all__ = ["DEFAULTS", "configure"]

DEFAULTS: dict[str, Any] = {
    "DATABASE_URL": None,  # SQLAlchemy URL; default: SQLite file in the instance folder
    "DATABASE_SCHEMA": None,  # PostgreSQL schema (isolates parallel tests)
    "TOKEN": "scimulator-token",  # bearer token of the default tenant
    "TENANTS": {},  # more tenants: {"tenant name": "bearer token"}
    "PROFILE": "entra-compatible",
    "QUIRKS": [],  # quirk names, e.g. ["hide-inactive", "filterable=userName,externalId"]
    "CONTROL_TOKEN": None,  # turns /_control on
    "SEED": 0,
    "CLOCK": "system",  # "system" | "manual"
    "CONTROL_STATE": "own",  # "own": start the shared /_control settings; "join": a worker of a running server
    "MAX_BODY_BYTES": 1_048_576,  # larger bodies get 413 (advertised as bulk.maxPayloadSize)
    # More limits on client input and on the journal (idcore.limits; docs/reliability.md "Bad input and limits").
    "JSON_MAX_DEPTH": 64,  # deeper JSON bodies get 400 invalidSyntax
    "FILTER_MAX_DEPTH": 32,  # filter nesting of "(", "not (" and "[" (400 invalidFilter)
    "FILTER_MAX_CLAUSES": 200,  # comparisons in one filter (400 invalidFilter)
    "JOURNAL_SIZE": 1000,  # requests kept by GET /_control/requests (only while the control API is on)
    "JOURNAL_BODY_BYTES": 4096,  # bytes kept of each journaled body
    "OAUTH_CLIENT_ID": None,  # set both to serve POST /oauth2/token (client credentials)
    "OAUTH_CLIENT_SECRET": None,
    "OAUTH_TENANT": "default",  # tenant whose data an OAuth token reaches
    "OAUTH_TOKEN_LIFETIME": 3600,  # seconds, on the app clock
}


def configure(app: Flask, test_config: Mapping[str, Any] | None) -> None:
    """Load mockscim's configuration into ``app.config``."""
    load_config(app, DEFAULTS, "MOCKSCIM", test_config)
