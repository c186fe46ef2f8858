"""The directory client: what the provisioning service reads from Entra ID, over Graph ``/v1.0``.

The portal's on-demand search (S1: first name, last name, display name, UPN or email) is a real Graph query,
``$search`` with ``ConsistencyLevel: eventual`` and ``$filter=accountEnabled eq true`` — so disabled and deleted
users are not found, the limitation S1 names. Assignment reads carry ``X-Scimulator-View: replica``: provisioning
reads a replica that lags the directory (S1 "may report not assigned for a few minutes").
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

import requests

from harness.clients.cache import RunCache
from harness.clients.http import Channel, WireLog
from harness.clients.reply import ReadError, Reply
from idcore.clock import Clock

__all__ = ["REPLICA_HEADER", "DirectoryClient", "GraphClient", "GraphError"]

REPLICA_HEADER = {"X-Scimulator-View": "replica"}
_SEARCH_FIELDS = ("displayName", "givenName", "surname", "userPrincipalName", "mail")
#: The properties a name typed in the on-demand search box is compared with, exactly, to explain a miss.
_NAME_FIELDS = ("userPrincipalName", "mail", "displayName")
#: What ``scimulator users`` shows of a user.
BROWSE_USER_FIELDS = (
    "id",
    "userPrincipalName",
    "displayName",
    "givenName",
    "surname",
    "mail",
    "accountEnabled",
)
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


class GraphError(ReadError):
    """A Graph read that failed; ``reply`` is the exchange."""


class GraphClient:
    """Read users, groups, the enterprise app and its assignments from a Graph-shaped directory."""

    def __init__(
        self,
        session: requests.Session,
        clock: Clock,
        settings: Any,
        source: Any,
        log: WireLog,
        *,
        retry: Any = None,
        cache: RunCache | None = None,
    ) -> None:
        self.source = source
        self.root = str(source.url).rstrip("/")
        self.channel = Channel.for_job(session, clock, settings, log, retry=retry)
        self.cache = cache
        self._token: str | None = None
        self._token_cached = False  # the token came from the cache, not from this client's own request
        self._token_url = f"{self.root}/{source.tenant}/oauth2/v2.0/token"
        self._token_key = RunCache.token_key(
            self._token_url, source.client_id or "", source.client_secret or ""
        )

    def authorization(self) -> dict[str, str]:
        """Return the Authorization header with a client-credentials token (requested once, then kept)."""
        return self._auth()

    def _auth(self) -> dict[str, str]:
        if self._token is None and self.cache is not None:
            self._token = self.cache.token(self._token_key, self.channel.clock.now())
            self._token_cached = self._token is not None
        if self._token is None:
            issued = self.channel.clock.now()
            reply = self.channel.send(
                "POST",
                self._token_url,
                data={
                    "grant_type": "client_credentials",
                    "client_id": self.source.client_id or "",
                    "client_secret": self.source.client_secret or "",
                    "scope": "https://graph.microsoft.com/.default",
                },
                record=False,
            )
            if reply.status is None:
                raise GraphError(
                    f"cannot reach the directory at {self.root} ({reply.error}): is it running? "
                    "Check the job's source.url (`scimulator up` serves one).",
                    reply,
                )
            if not reply.ok or not isinstance(reply.body, dict) or "access_token" not in reply.body:
                raise GraphError(f"the directory refused the harness's credentials: {reply.detail()}", reply)
            self._token = str(reply.body["access_token"])
            if self.cache is not None:
                self.cache.keep_token(self._token_key, self._token, issued, reply.body.get("expires_in"))
        return {"Authorization": f"Bearer {self._token}"}

    def get(
        self,
        path: str,
        *,
        params: dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        allow_404: bool = False,
    ) -> Reply:
        """GET a Graph path; raise GraphError unless it succeeded (or was a 404 and ``allow_404``)."""
        reply = self.channel.request(
            "GET", f"{self.root}/v1.0{path}", params=params, headers=headers, auth=self._auth
        )
        if reply.status == 401 and self._token_cached:
            reply = self._again_with_fresh_token(path, params, headers)
        if reply.ok or (allow_404 and reply.status == 404):
            return reply
        raise GraphError(f"GET {path} failed: {reply.status or reply.error} {reply.detail()}", reply)

    def _again_with_fresh_token(
        self, path: str, params: dict[str, str] | None, headers: dict[str, str] | None
    ) -> Reply:
        """Repeat a GET the directory refused with a cached token, as if the cache had not been there.

        A kept token can outlive what issued it (a reset directory, a clock moved on at the directory's end);
        the refused exchange is dropped from the wire log, so the report reads as a run without a cache.
        """
        if self.cache is not None:
            self.cache.forget_token(self._token_key)
        self._token, self._token_cached = None, False
        if self.channel.log.records:
            self.channel.log.records.pop()
        return self.channel.request(
            "GET", f"{self.root}/v1.0{path}", params=params, headers=headers, auth=self._auth
        )

    # -- users ----------------------------------------------------------------------------------------------

    def search_users(self, text: str, *, enabled_only: bool = True) -> list[dict[str, Any]]:
        """Find users the way the portal's search box does (prefix, case-insensitive, enabled users only)."""
        term = text.replace('"', "")
        params = {"$search": " OR ".join(f'"{field}:{term}"' for field in _SEARCH_FIELDS), "$top": "25"}
        if enabled_only:
            params["$filter"] = "accountEnabled eq true"
        reply = self.get("/users", params=params, headers={"ConsistencyLevel": "eventual"})
        return _values(reply)

    def enabled_users_named(self, text: str) -> list[dict[str, Any]]:
        """Return the enabled users whose UPN, mail or display name is ``text``: an indexed ``$filter ... eq``.

        The on-demand import asks this first; in a large directory it costs what one key lookup costs, where the
        portal-style ``$search`` matches every user on the tenant's domain words.
        """
        return self._named("/users", text, "accountEnabled eq true")

    def deleted_users(self, text: str) -> list[dict[str, Any]]:
        """Return deleted users whose UPN, mail or display name is ``text`` (for the not-found explanation)."""
        return self._named("/directory/deletedItems/microsoft.graph.user", text)

    def disabled_users(self, text: str) -> list[dict[str, Any]]:
        """Return disabled users whose UPN, mail or display name is ``text`` (for the not-found explanation)."""
        return self._named("/users", text, "accountEnabled eq false")

    def _named(self, path: str, text: str, condition: str | None = None) -> list[dict[str, Any]]:
        """List the users of ``path`` named exactly ``text`` (a ``$filter``, rechecked on the answer)."""
        literal = text.replace("'", "''")
        names = " or ".join(f"{field} eq '{literal}'" for field in _NAME_FIELDS)
        params = {
            "$filter": f"({names}) and {condition}" if condition else names,
            "$select": ",".join(("id", *_NAME_FIELDS, "accountEnabled")),
        }
        try:
            found = _values(self.get(path, params=params))
        except GraphError:
            return []  # the explanation is a courtesy; a directory that cannot answer it changes nothing
        wanted = text.lower()
        return [u for u in found if wanted in {str(u.get(f) or "").lower() for f in _NAME_FIELDS}]

    def user(self, user_id: str, select: list[str]) -> dict[str, Any] | None:
        """GET one user with ``$select``; None when it does not exist."""
        params = {"$select": ",".join(select)} if select else None
        reply = self.get(f"/users/{quote(user_id, safe='@')}", params=params, allow_404=True)
        return reply.body if reply.ok and isinstance(reply.body, dict) else None

    def manager(self, user_id: str) -> dict[str, Any] | None:
        """GET the user's manager; None when it has none."""
        reply = self.get(f"/users/{quote(user_id, safe='@')}/manager", allow_404=True)
        return reply.body if reply.ok and isinstance(reply.body, dict) else None

    def member_of(self, object_id: str) -> list[dict[str, Any]]:
        """Return the groups ``object_id`` is a DIRECT member of (Graph memberOf is not transitive)."""
        return _values(self.get(f"/users/{object_id}/memberOf"))

    # -- the enterprise app and assignments (replica view) ---------------------------------------------------

    def service_principal(self, app: str) -> dict[str, Any] | None:
        """Find the enterprise app by id or display name."""
        if _GUID.match(app):
            reply = self.get(f"/servicePrincipals/{app}", allow_404=True)
            if reply.ok and isinstance(reply.body, dict):
                return reply.body
        literal = app.replace("'", "''")
        found = _values(self.get("/servicePrincipals", params={"$filter": f"displayName eq '{literal}'"}))
        return found[0] if found else None

    def assignments(self, principal: str, kind: str = "users") -> list[dict[str, Any]]:
        """Return the app role assignments of a user or group as the provisioning replica sees them."""
        return _values(self.get(f"/{kind}/{principal}/appRoleAssignments", headers=dict(REPLICA_HEADER)))

    # -- groups ----------------------------------------------------------------------------------------------

    def find_group(self, name: str) -> dict[str, Any] | None:
        """Find a group by id or exact display name."""
        if _GUID.match(name):
            reply = self.get(f"/groups/{name}", allow_404=True)
            if reply.ok and isinstance(reply.body, dict):
                return reply.body
        literal = name.replace("'", "''")
        found = _values(self.get("/groups", params={"$filter": f"displayName eq '{literal}'"}))
        return found[0] if found else None

    def group(self, group_id: str) -> dict[str, Any] | None:
        """GET one group."""
        reply = self.get(f"/groups/{group_id}", allow_404=True)
        return reply.body if reply.ok and isinstance(reply.body, dict) else None

    # -- browsing (``scimulator users`` / ``groups``) ---------------------------------------------------------

    def list_users(
        self, text: str = "", select: tuple[str, ...] = BROWSE_USER_FIELDS
    ) -> list[dict[str, Any]]:
        """Return every user (or those the portal's search finds for ``text``), disabled ones included."""
        params = {"$select": ",".join(select), "$top": "999"}
        headers = {}
        if text.strip():
            term = text.replace('"', "")
            params["$search"] = " OR ".join(f'"{field}:{term}"' for field in _SEARCH_FIELDS)
            headers["ConsistencyLevel"] = "eventual"
        return self.pages("/users", params, headers)

    def list_deleted_users(self) -> list[dict[str, Any]]:
        """Return the users in the recycle bin (deletedItems)."""
        params = {"$select": ",".join(BROWSE_USER_FIELDS), "$top": "999"}
        return self.pages("/directory/deletedItems/microsoft.graph.user", params)

    def list_groups(self, text: str = "") -> list[dict[str, Any]]:
        """Return every group, or those whose display name has a word beginning with ``text``."""
        params = {"$select": "id,displayName,description,mail", "$top": "999"}
        headers = {}
        if text.strip():
            params["$search"] = f'"displayName:{text.replace(chr(34), "")}"'
            headers["ConsistencyLevel"] = "eventual"
        return self.pages("/groups", params, headers)

    def group_members(self, group_id: str) -> list[dict[str, Any]]:
        """Return a group's direct members (users and nested groups, each with its ``@odata.type``)."""
        return self.pages(f"/groups/{group_id}/members", {"$top": "999"})

    def assigned_to(self, sp_id: str) -> list[dict[str, Any]]:
        """Return the app role assignments of an enterprise app: who is assigned to it (users and groups)."""
        return self.pages(f"/servicePrincipals/{sp_id}/appRoleAssignedTo", {"$top": "999"})

    def pages(
        self, path: str, params: dict[str, str], headers: dict[str, str] | None = None
    ) -> list[dict[str, Any]]:
        """GET ``path`` and every page its ``@odata.nextLink`` chain names; return all the values."""
        reply = self.get(path, params=params, headers=headers)
        found = _values(reply)
        while isinstance(reply.body, dict) and isinstance(reply.body.get("@odata.nextLink"), str):
            link = urlsplit(reply.body["@odata.nextLink"])
            path = link.path.split("/v1.0", 1)[-1]
            reply = self.get(path, params=dict(parse_qsl(link.query)), headers=headers)
            found += _values(reply)
        return found


DirectoryClient = GraphClient


def _values(reply: Reply) -> list[dict[str, Any]]:
    body = reply.body
    if isinstance(body, dict) and isinstance(body.get("value"), list):
        return [v for v in body["value"] if isinstance(v, dict)]
    return []
