"""mockidp: an Entra-like directory with a Graph-shaped ``/v1.0`` API, tokens per tenant, a recycle bin and a
deterministic replication delay; the HR systems of record live in ``mockidp.hr``.

Public entry points: ``create_app(test_config=None, *, clock=None)`` and ``mockidp.seed.seed_tenant``.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Flask

from idcore.clock import Clock

__all__ = ["create_app"]

_TENANT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,39}")


def create_app(test_config: dict[str, Any] | None = None, *, clock: Clock | None = None) -> Flask:
    """Build a mockidp app: config, kernel, HR systems, database, the default tenant, views."""
    from idcore import appkit
    from idcore import db as idcore_db
    from idcore.config import load_config
    from idcore.control import ControlHooks
    from idcore.errors import register_family
    from idcore.openapi import install_converters
    from idcore.runtime import clock as app_clock
    from mockidp import cross_tenant, models, signing, snapshot  # noqa: F401  (models registers the tables)
    from mockidp.base import IdpModel
    from mockidp.config import DEFAULTS
    from mockidp.errors import GraphError, OAuthError
    from mockidp.group_bin import MODES
    from mockidp.seed import bootstrap_tenant, seed_tenant
    from mockidp.store import unicode_lower
    from mockidp.views import apps, auth, control, deleted, groups, meta, policies, users

    app = Flask(__name__, instance_relative_config=True)
    install_converters(app)  # <segment('delta'):key>: /users/delta is a function, not a user
    load_config(app, DEFAULTS, "MOCKIDP", test_config)
    if app.config["GROUP_RECYCLE_BIN"] not in MODES:
        raise ValueError(f"GROUP_RECYCLE_BIN must be one of {', '.join(MODES)}")

    def reset() -> None:
        database = idcore_db.get_db(app)
        database.reset()
        with database.session() as session:
            signing.store_signer(session, app.extensions["mockidp.signer"])
            bootstrap_tenant(session, dict(app.config), int(app.config["SEED"]), app_clock(app).now())

    def seed(body: dict[str, Any]) -> dict[str, Any]:
        seed_value, count = body.get("seed", app.config["SEED"]), body.get("users", app.config["USERS"] or 50)
        tenant, roles = (
            body.get("tenant", app.config["TENANT"]),
            body.get("roles", app.config["CLIENT_ROLES"]),
        )
        if (
            not isinstance(seed_value, int)
            or not isinstance(count, int)
            or not 0 <= count <= 1_000_000
            or not isinstance(tenant, str)
            or not _TENANT_NAME.fullmatch(tenant)  # it becomes <name>.onmicrosoft.com, a 64-character column
            or not (roles is None or (isinstance(roles, list) and all(isinstance(r, str) for r in roles)))
        ):
            raise GraphError.from_http(
                400,
                'Send {"seed": integer, "users": 0..1000000, "tenant": name of 1-40 letters, digits, "-", '
                '"roles": [permission, ...]}.',
            )
        return seed_tenant(app, seed_value, count, TENANT=tenant, CLIENT_ROLES=roles)

    def save() -> dict[str, Any]:
        return snapshot.snapshot(idcore_db.get_db(app))

    def load(data: dict[str, Any]) -> None:
        try:
            snapshot.restore(idcore_db.get_db(app), data)
        except (ValueError, TypeError, KeyError) as exc:
            raise GraphError.from_http(400, f"Bad snapshot: {exc}") from exc

    hooks = ControlHooks(family=GraphError, reset=reset, seed=seed, snapshot=save, restore=load)
    bp = appkit.init_app(app, GraphError, hooks, clock)
    control.add_routes(bp)
    register_family(app, "/*/oauth2/v2.0/token", OAuthError)  # a refused token request answers as OAuth does
    _init_hr(app)
    database = idcore_db.init_app(app, IdpModel.metadata, "mockidp")
    unicode_lower(database.engine)
    with database.session() as session:
        app.extensions["mockidp.signer"] = signing.load_signer(session, app.config["SIGNING_SECRET"])
        bootstrap_tenant(session, dict(app.config), int(app.config["SEED"]), app_clock(app).now())
    if int(app.config["USERS"] or 0) > 0 or app.config["SEED_ON_START"]:
        seed_tenant(app, int(app.config["SEED"]), int(app.config["USERS"] or 50))
    for blueprint in (bp, auth.bp, users.bp, groups.bp, apps.bp, meta.bp, deleted.bp, policies.bp):
        app.register_blueprint(blueprint)
    appkit.start(app)
    return app


def _init_hr(app: Flask) -> None:
    """Install the Workday and SuccessFactors endpoints when ``mockidp.hr`` is present."""
    try:
        from mockidp import hr
    except ImportError:
        return
    hr.init_app(app)
