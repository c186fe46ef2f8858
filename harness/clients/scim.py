"""The SCIM client: the requests Entra's provisioning service sends to a SCIM app (entra-behavior.md §2).

Resource paths are appended to the tenant URL with its feature flags stripped (§2.1). Requests with a body are sent
as ``application/scim+json; charset=utf-8`` (a real capture, wire corpus R3c) and no SCIM ``Accept`` is sent unless
``scim_accept_header`` (R1b); filters use only ``eq`` (§2.1 "Entra only uses the filter operators eq and and"),
with the value as a JSON string literal; groups are always read with ``excludedAttributes=members`` (§2.6).
"""

from __future__ import annotations

import base64
import json
from typing import Any

import requests

from harness.clients.http import Channel, WireLog
from harness.clients.reply import Reply
from idcore.clock import Clock
from idcore.scim.filter import render_value

__all__ = ["SCIM_BODY_TYPE", "SCIM_JSON", "ScimClient", "eq_filter"]

SCIM_JSON = "application/scim+json"
#: wire corpus R3c (azure-docs#12728): a real Entra POST carried this Content-Type (S3's samples omit the charset).
SCIM_BODY_TYPE = "application/scim+json; charset=utf-8"


def eq_filter(attribute: str, value: Any) -> str:
    """Return the filter Entra sends for one matching attribute: ``attr eq "value"``."""
    return f"{attribute} eq {render_value(value if isinstance(value, (bool, int, float)) else str(value))}"


class ScimClient:
    """Talk to one SCIM target the way the Entra SCIM client does."""

    def __init__(
        self,
        session: requests.Session,
        clock: Clock,
        settings: Any,
        target: Any,
        log: WireLog,
        *,
        retry: Any = None,
    ) -> None:
        self.base_url = str(target.base_url).rstrip("/")
        self.auth_config = target.auth
        self.channel = Channel.for_job(session, clock, settings, log, retry=retry)
        self._token: str | None = None
        #: the token endpoint's answer when the last OAuth token request got no token (None otherwise)
        self.token_failure: Reply | None = None
        # §2.1 (obs, 2019): old traffic carried `ADSCIMVersion: 5.0`; sent only when the job asks for it.
        self.extra_headers = (
            {"ADSCIMVersion": "5.0"} if getattr(settings, "adscim_version_header", False) else {}
        )
        # wire corpus R1b: no SCIM Accept by default (the session's own `*/*` goes), unless the job asks for it.
        if getattr(settings, "scim_accept_header", False):
            self.extra_headers["Accept"] = SCIM_JSON

    # -- authentication --------------------------------------------------------------------------------------

    def auth_header(self) -> dict[str, str]:
        """Return the Authorization header for the job's auth type (bearer, OAuth client credentials, basic)."""
        auth = self.auth_config
        kind = getattr(auth, "type", "bearer")
        if kind == "basic":
            raw = f"{auth.username or ''}:{auth.password or ''}".encode()
            return {"Authorization": "Basic " + base64.b64encode(raw).decode("ascii")}
        if kind == "oauth":
            return {"Authorization": f"Bearer {self._oauth_token()}"}
        return {"Authorization": f"Bearer {auth.token or ''}"}

    def oauth_failure(self) -> Reply | None:
        """Request the OAuth token now (OAuth jobs only); return the token endpoint's failed answer, or None."""
        if getattr(self.auth_config, "type", "bearer") != "oauth":
            return None
        self._oauth_token()
        return self.token_failure

    def _oauth_token(self) -> str:
        """Return the cached client-credentials token, requesting it when there is none (a failure is not cached)."""
        if self._token is None:
            auth = self.auth_config
            reply = self.channel.send(
                "POST",
                str(auth.token_url),
                data={
                    "grant_type": "client_credentials",
                    "client_id": auth.client_id or "",
                    "client_secret": auth.client_secret or "",
                    **({"scope": auth.scope} if getattr(auth, "scope", None) else {}),
                },
                record=False,
            )
            token = reply.body.get("access_token") if reply.ok and isinstance(reply.body, dict) else None
            if not isinstance(token, str) or not token:
                self.token_failure = reply
                return ""
            self._token, self.token_failure = token, None
        return self._token

    # -- reads -----------------------------------------------------------------------------------------------

    def query(self, resource: str, attribute: str, value: Any, *, retry_timeouts: bool = True) -> Reply:
        """GET ``/{resource}?filter=attribute eq "value"`` (groups without their members)."""
        params = {"filter": eq_filter(attribute, value)}
        if resource == "Groups":
            params = {"excludedAttributes": "members", **params}
        return self._call("GET", f"/{resource}", params=params, retry_timeouts=retry_timeouts)

    def schemas(self) -> Reply:
        """GET /Schemas (RFC 7644 §4 discovery): the attributes the target defines; sent once, not retried."""
        return self._call("GET", "/Schemas", retry_timeouts=False)

    def get(self, resource: str, resource_id: str) -> Reply:
        """GET one resource by its target id."""
        params = {"excludedAttributes": "members"} if resource == "Groups" else None
        return self._call("GET", f"/{resource}/{resource_id}", params=params)

    # -- writes ----------------------------------------------------------------------------------------------

    def create(self, resource: str, body: dict[str, Any]) -> Reply:
        """POST a new resource; a time-out is not retried here (the caller re-matches first, scenario 29)."""
        return self._call("POST", f"/{resource}", json_body=body, retry_timeouts=False)

    def patch(self, resource: str, resource_id: str, body: dict[str, Any]) -> Reply:
        """PATCH a resource with a PatchOp body."""
        return self._call("PATCH", f"/{resource}/{resource_id}", json_body=body)

    def delete(self, resource: str, resource_id: str) -> Reply:
        """DELETE a resource."""
        return self._call("DELETE", f"/{resource}/{resource_id}")

    def _call(self, method: str, path: str, *, retry_timeouts: bool = True, **kwargs: Any) -> Reply:
        headers = dict(self.extra_headers)
        if kwargs.get("json_body") is not None:
            headers["Content-Type"] = SCIM_BODY_TYPE
        json_body = kwargs.pop("json_body", None)
        return self.channel.request(
            method,
            self.base_url + path,
            headers=headers,
            auth=self.auth_header,
            retry_timeouts=retry_timeouts,
            data=_encode(json_body),
            log_body=json_body,
            **kwargs,
        )


def _encode(body: Any) -> bytes | None:
    return None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")


def resources(reply: Reply) -> list[dict[str, Any]]:
    """Return the ``Resources`` of a ListResponse (an empty list when absent)."""
    if isinstance(reply.body, dict):
        found = reply.body.get("Resources")
        if isinstance(found, list):
            return [r for r in found if isinstance(r, dict)]
    return []
