"""The token endpoint and the signing keys of each tenant (Microsoft identity platform v2.0 paths)."""

from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify, request

from idcore.db import get_db
from idcore.openapi import operation
from idcore.runtime import clock, rng
from mockidp.errors import NotFound
from mockidp.signing import app_signer
from mockidp.tokens import issue_token, jwks

__all__ = ["bp"]

bp = Blueprint("auth", __name__)


@bp.post("/<tenant>/oauth2/v2.0/token")
@operation(
    "POST",
    summary="Client-credentials token",
    public=True,
    request="tokenRequest",
    request_media="application/x-www-form-urlencoded",
    responses={200: "token", 400: "oauthError", 401: "oauthError"},
)
def token(tenant: str) -> Response:
    """Issue a client-credentials access token for Graph."""
    form = {key: value for key, value in request.form.items()}
    with get_db().session() as session:
        answer = issue_token(
            session,
            tenant,
            form,
            clock().now(),
            int(current_app.config["TOKEN_LIFETIME"]),
            rng(),
            app_signer(),
        )
    response = jsonify(answer)
    response.headers["Cache-Control"] = "no-store, no-cache"
    return response


@bp.get("/<tenant>/discovery/v2.0/keys")
@operation("GET", summary="Signing keys (JWKS)", public=True, responses={200: "jwks", 404: "error"})
def keys(tenant: str) -> Response:
    """Return the tenant's JWKS."""
    with get_db().session() as session:
        answer = jwks(session, tenant, app_signer())
    if answer is None:
        raise NotFound(f"Tenant '{tenant}' not found.")
    return jsonify(answer)
