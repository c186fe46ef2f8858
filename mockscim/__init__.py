"""mockscim: a SCIM 2.0 target (RFC 7643/7644) that speaks Entra's dialect and misbehaves on request.

``create_app(test_config=None, *, clock=None)`` builds one app: SCIM under ``/scim/v2``, ``/_control`` (with
``/_control/profile``), the optional OAuth token endpoint ``/oauth2/token`` and ``/openapi.json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, current_app, jsonify, request

from idcore import appkit, db
from idcore.clock import Clock
from idcore.errors import register_family
from idcore.openapi import install_converters, operation
from idcore.runtime import clock as app_clock
from idcore.runtime import rng
from idcore.scim.errors import ScimError
from mockscim import bulk, control, discovery, views
from mockscim.auth import Authenticator, OAuthError
from mockscim.models import ScimModel, add_page_indexes
from mockscim.openapi import openapi_document
from mockscim.paths import CaseInsensitivePaths
from mockscim.profiles import PROFILES, QUIRKS, Profile, resolve
from mockscim.query import install_sqlite_functions
from mockscim.state import MockScim, state
from mockscim.store import Store

__all__ = ["PROFILES", "QUIRKS", "Profile", "create_app", "resolve", "state"]


def create_app(test_config: Mapping[str, Any] | None = None, *, clock: Clock | None = None) -> Flask:
    """Build a mockscim app from defaults, ``MOCKSCIM_*`` env vars and ``test_config``."""
    from mockscim.config import configure

    app = Flask("mockscim", instance_relative_config=True)
    configure(app, test_config)
    install_converters(app)
    app.url_map.strict_slashes = False  # /scim/v2/Users/ and /scim/v2/Users are the same resource
    profile = resolve(app.config.get("PROFILE"), _quirk_list(app.config.get("QUIRKS")))
    control_bp = appkit.init_app(app, ScimError, control.hooks(app), clock=clock)
    database = db.init_app(app, ScimModel.metadata, "mockscim")
    add_page_indexes(database.engine)
    if database.dialect == "sqlite":
        install_sqlite_functions(database.engine)
    holder: dict[str, MockScim] = {}
    store = Store(database, app_clock(app), rng(app), lambda: holder["state"].profile)
    holder["state"] = MockScim(store, Authenticator(app, database, app_clock(app)), profile)
    holder["state"].chosen = {
        "profile": app.config.get("PROFILE"),
        "quirks": _quirk_list(app.config.get("QUIRKS")),
    }
    app.extensions["mockscim"] = holder["state"]
    control.share_profile(app)

    control.register(control_bp)
    app.register_blueprint(control_bp)
    scim_bp = views.make_blueprint()
    discovery.register(scim_bp)
    bulk.register(scim_bp)
    app.register_blueprint(scim_bp)
    app.add_url_rule("/oauth2/token", "oauth_token", _token, methods=["POST"])
    register_family(app, "/oauth2/token", OAuthError)  # a refused token request answers as RFC 6749 §5.2
    app.add_url_rule("/openapi.json", "openapi", _openapi, methods=["GET"])
    app.wsgi_app = CaseInsensitivePaths(app.wsgi_app, app)  # type: ignore[method-assign]
    appkit.start(app)
    return app


def _quirk_list(value: Any) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return value.replace(";", " ").split()
    return [str(item) for item in value]


@operation(
    "POST",
    summary="OAuth 2.0 client-credentials token (when configured)",
    public=True,
    request="TokenRequest",
    request_media="application/x-www-form-urlencoded",
    responses={200: "Token", 400: "OAuthError", 401: "OAuthError", 404: "Error"},
)
def _token() -> Response:
    """Issue an OAuth 2.0 client-credentials token (RFC 6749 §4.4); 404 unless configured."""
    auth = state().auth
    if not auth.oauth_enabled:
        raise ScimError.from_http(
            404, "The OAuth token endpoint is off: set OAUTH_CLIENT_ID and OAUTH_CLIENT_SECRET."
        )
    basic = request.authorization
    client_id = request.form.get("client_id") or (basic.username if basic else None)
    secret = request.form.get("client_secret") or (basic.password if basic else None)
    return jsonify(auth.issue(request.form.get("grant_type"), client_id, secret))


@operation("GET", summary="This document", public=True, responses={200: "OpenAPI"})
def _openapi() -> Response:
    """Serve the OpenAPI 3 document of the SCIM routes, derived from the URL map and the active profile."""
    return jsonify(openapi_document(current_app, request.url_root.rstrip("/")))
