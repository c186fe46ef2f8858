"""The Graph target client: what the provisioning service writes to an Entra ID tenant, over Graph ``/v1.0``.

Used by cross-tenant synchronization (an Entra source provisioning B2B users into another tenant) and by HR
provisioning into Entra ID. Requests are those Microsoft Graph documents ("Create user", "Update user", "Assign
manager", "Delete a user", "Restore deleted item", "List users" with ``$filter``, the cross-tenant access policy's
partner configuration and ``GET /organization``), sent as ``application/json`` with a client-credentials token of
the target tenant's app registration. The real cross-tenant service writes through internal APIs that Microsoft
does not document; docs/fidelity.md lists what this choice changes.
"""

from __future__ import annotations

import base64
import json
from typing import Any
from urllib.parse import quote

import jwt
import requests

from harness.clients.http import Channel, WireLog
from harness.clients.reply import Reply
from idcore.clock import Clock

__all__ = ["GRAPH_SCOPE", "GraphTargetClient", "odata_literal"]

GRAPH_SCOPE = "https://graph.microsoft.com/.default"
_JSON = "application/json"


def odata_literal(value: Any) -> str:
    """Return a value as an OData literal: a quoted string with quotes doubled, or true/false/a number."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


class GraphTargetClient:
    """Talk to one Entra ID tenant as a provisioning target."""

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
        self.root = str(target.base_url).rstrip("/")
        self.base_url = f"{self.root}/v1.0"
        self.tenant = str(target.tenant)
        self.channel = Channel.for_job(session, clock, settings, log, retry=retry)
        self._client = (str(target.client_id), str(target.client_secret))
        self._token: str | None = None
        #: the token endpoint's answer when the last token request got no token (None otherwise)
        self.token_failure: Reply | None = None

    # -- authentication --------------------------------------------------------------------------------------

    @property
    def token_url(self) -> str:
        """Return the target tenant's token endpoint."""
        return f"{self.root}/{self.tenant}/oauth2/v2.0/token"

    def token(self) -> str | None:
        """Return a client-credentials token for the target tenant (requested once), or None when refused."""
        if self._token is None:
            reply = self.channel.send(
                "POST",
                self.token_url,
                data={
                    "grant_type": "client_credentials",
                    "client_id": self._client[0],
                    "client_secret": self._client[1],
                    "scope": GRAPH_SCOPE,
                },
                record=False,
            )
            token = reply.body.get("access_token") if reply.ok and isinstance(reply.body, dict) else None
            if not isinstance(token, str) or not token:
                self.token_failure = reply
                return None
            self._token, self.token_failure = token, None
        return self._token

    def tenant_id(self) -> str | None:
        """Return the target tenant's id, read from its token's ``tid`` claim (None without a token)."""
        token = self.token()
        if token is None:
            return None
        try:
            return str(jwt.decode(token, options={"verify_signature": False}).get("tid") or "") or None
        except jwt.PyJWTError:
            return None

    def _auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token() or ''}"}

    # -- reads -----------------------------------------------------------------------------------------------

    def organization(self) -> Reply:
        """GET /organization: the tenant's id and verified domains."""
        return self._call("GET", "/organization")

    def partner(self, tenant_id: str) -> Reply:
        """GET the cross-tenant access policy's configuration for partner ``tenant_id``."""
        return self._call("GET", f"/policies/crossTenantAccessPolicy/partners/{tenant_id}")

    def identity_sync(self, tenant_id: str) -> Reply:
        """GET the partner's user synchronization policy (``identitySynchronization``)."""
        return self._call(
            "GET", f"/policies/crossTenantAccessPolicy/partners/{tenant_id}/identitySynchronization"
        )

    def find(self, condition: str, select: list[str], *, deleted: bool = False) -> Reply:
        """GET users (or, ``deleted``, users in the recycle bin) matching an OData ``$filter``."""
        path = "/directory/deletedItems/microsoft.graph.user" if deleted else "/users"
        return self._call("GET", path, params={"$filter": condition, "$select": ",".join(select)})

    def user(self, user_id: str, select: list[str]) -> Reply:
        """GET one user with ``$select``."""
        return self._call("GET", f"/users/{quote(user_id)}", params={"$select": ",".join(select)})

    def manager(self, user_id: str) -> Reply:
        """GET a user's manager (404 when it has none)."""
        return self._call("GET", f"/users/{quote(user_id)}/manager", params={"$select": "id"})

    # -- writes ----------------------------------------------------------------------------------------------

    def create(self, body: dict[str, Any]) -> Reply:
        """POST /users; a time-out is not retried here (the caller re-matches first)."""
        return self._call("POST", "/users", json_body=body, retry_timeouts=False)

    def update(self, user_id: str, body: dict[str, Any]) -> Reply:
        """PATCH /users/{id} with the changed properties (Graph answers 204)."""
        return self._call("PATCH", f"/users/{quote(user_id)}", json_body=body)

    def set_manager(self, user_id: str, manager_id: str) -> Reply:
        """PUT /users/{id}/manager/$ref with the manager's ``@odata.id`` ("Assign manager")."""
        ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/users/{manager_id}"}
        return self._call("PUT", f"/users/{quote(user_id)}/manager/$ref", json_body=ref)

    def delete(self, user_id: str) -> Reply:
        """DELETE /users/{id}: a soft delete (the user goes to the recycle bin for 30 days)."""
        return self._call("DELETE", f"/users/{quote(user_id)}")

    def restore(self, user_id: str) -> Reply:
        """POST /directory/deletedItems/{id}/restore."""
        return self._call("POST", f"/directory/deletedItems/{quote(user_id)}/restore")

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, str] | None = None,
        json_body: Any = None,
        retry_timeouts: bool = True,
    ) -> Reply:
        headers = {"Content-Type": _JSON} if json_body is not None else {}
        data = None if json_body is None else json.dumps(json_body, ensure_ascii=False).encode("utf-8")
        return self.channel.request(
            method,
            self.base_url + path,
            params=params,
            headers=headers,
            auth=self._auth,
            retry_timeouts=retry_timeouts,
            data=data,
            log_body=json_body,
        )


def security_key(text: str) -> str:
    """Return the base64 ``key`` of an alternativeSecurityId carrying ``text`` (Graph's Binary is base64)."""
    return base64.b64encode(text.encode("utf-8")).decode("ascii")
