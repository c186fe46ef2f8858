"""One validation run against one endpoint in one dialect: the source tenant, the engine, the wire, the clean-up.

The source is an in-process seeded mockidp tenant (``harness.world``); objects the validator needs are created there
with the run prefix, and the endpoint is driven by the same engine as ``scimulator provision``. Requests a full
cycle sends that on-demand does not are built with the engine's own wire code (``harness.pipeline.wire``) and sent
with its SCIM client. Every answer from the endpoint is recorded (a response hook on the session) into the exchanges
of the check that is running. Everything created at the endpoint is remembered and deleted by ``cleanup``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests

from harness.clients import Reply, ScimClient, WireLog
from harness.jobs.model import AuthConfig, TargetConfig
from harness.pipeline.wire import Dialect
from harness.validate.model import FLAG, Exchange, Skipped
from harness.validate.source import SourceTenant
from harness.world import World

__all__ = ["Endpoint", "Run"]


@dataclass(frozen=True)
class Endpoint:
    """The endpoint under test: its base URL (without flags) and how to authenticate."""

    url: str
    token: str | None = None
    oauth_token_url: str | None = None
    client_id: str | None = None
    client_secret: str | None = None

    @property
    def base_url(self) -> str:
        """Return the URL without a query string or trailing slash."""
        return self.url.split("?", 1)[0].rstrip("/")

    def tenant_url(self, dialect: str) -> str:
        """Return the Tenant URL Entra is given: with ``?aadOptscim062020`` for the flag dialect."""
        return f"{self.base_url}?{FLAG}" if dialect == FLAG else self.base_url

    def auth(self, token: str | None = None) -> dict[str, Any]:
        """Return the job's ``target.auth`` (``token`` overrides a bearer token)."""
        if self.oauth_token_url and token is None:
            return {
                "type": "oauth",
                "token_url": self.oauth_token_url,
                "client_id": self.client_id or "",
                "client_secret": self.client_secret or "",
            }
        return {"type": "bearer", "token": token if token is not None else (self.token or "")}


class Run:
    """The state one dialect's pass shares between checks: ids made, exchanges seen, objects to delete."""

    def __init__(
        self, world: World, endpoint: Endpoint, dialect: str, prefix: str, judge: str = "entra"
    ) -> None:
        self.world = world
        self.judge = judge
        self.endpoint = endpoint
        self.dialect_name = dialect
        self.dialect = Dialect(flag_mode=dialect == FLAG)
        self.prefix = prefix
        self.source = SourceTenant(world, prefix)
        self.state: dict[str, Any] = {}
        self.created: list[tuple[str, str]] = []
        self.names: list[tuple[str, str, str]] = []
        self.exchanges: list[Exchange] = []
        self.all_exchanges: list[Exchange] = []
        self.client = self._client(endpoint.auth())
        world.http.hooks["response"].append(self._record)

    # -- recording -------------------------------------------------------------------------------------------

    def _record(self, response: requests.Response, *args: Any, **kwargs: Any) -> None:
        if not response.url.startswith(self.endpoint.base_url) or "/oauth2/" in urlsplit(response.url).path:
            return
        exchange = Exchange(
            method=str(response.request.method),
            url=response.url,
            status=response.status_code,
            request_body=_json(response.request.body),
            response_body=_json(response.content),
            content_type=response.headers.get("Content-Type", ""),
            retry_after=response.headers.get("Retry-After"),
        )
        self.exchanges.append(exchange)
        self.all_exchanges.append(exchange)

    def take_exchanges(self) -> list[Exchange]:
        """Return the exchanges recorded since the last call, and start a new list."""
        taken, self.exchanges = self.exchanges, []
        return taken

    def close(self) -> None:
        """Stop recording."""
        if self._record in self.world.http.hooks["response"]:
            self.world.http.hooks["response"].remove(self._record)

    # -- the engine ------------------------------------------------------------------------------------------

    def job(self, **settings: Any) -> Any:
        """Return the default job aimed at the endpoint in this dialect, with ``settings`` merged in."""
        auth = settings.pop("auth", None) or self.endpoint.auth()
        flagged = self.dialect.flag_mode
        return self.world.default_job(
            target={"url": self.endpoint.tenant_url(self.dialect_name), "auth": auth},
            state="stopped" if auth["type"] == "oauth" else "running",
            settings={"flag_applies_on_demand": flagged, **settings},
        )

    def provision(self, job: Any = None, **request: Any) -> Any:
        """Run one on-demand provisioning through all five steps; remember what it created."""
        result = self.world.provision(job or self.job(), **request)
        for record in result.requests:
            if (
                record.method == "POST"
                and record.status == 201
                and record.url.startswith(self.endpoint.base_url)
            ):
                self._remember_from_log(record.url)
        return result

    def _remember_from_log(self, url: str) -> None:
        for exchange in reversed(self.exchanges):
            if exchange.method == "POST" and exchange.url == url and exchange.status == 201:
                self.remember(_resource_of(url), exchange.response_body, exchange.request_body)
                return

    # -- the wire --------------------------------------------------------------------------------------------

    def _client(self, auth: Mapping[str, Any]) -> ScimClient:
        target = TargetConfig.from_url(self.endpoint.base_url, type="scim", auth=AuthConfig(**auth))
        return ScimClient(self.world.http, self.world.clock, self.job().settings, target, WireLog())

    def with_token(self, token: str | None) -> ScimClient:
        """Return a SCIM client that sends ``token`` (``None``: no Authorization header at all)."""
        client = self._client({"type": "bearer", "token": token or ""})
        if token is None:
            client.auth_header = dict  # type: ignore[method-assign]
        return client

    def send(
        self, method: str, path: str, body: Any = None, *, params: Mapping[str, str] | None = None
    ) -> Reply:
        """Send one request the way Entra's SCIM client does (Accept and Content-Type application/scim+json)."""
        return self.client._call(method, path, params=params, json_body=body)

    def create(self, resource: str, body: dict[str, Any]) -> Reply:
        """POST ``body`` and remember what was created."""
        reply = self.client.create(resource, body)
        self.remember(resource, reply.body if reply.status == 201 else None, body)
        return reply

    def remember(self, resource: str, answer: Any, sent: Any) -> None:
        """Note an object to delete at the end: by id when the answer had one, and by name in any case."""
        if isinstance(answer, dict) and answer.get("id"):
            self.created.append((resource, str(answer["id"])))
        if isinstance(sent, dict):
            name_attr = "userName" if resource == "Users" else "displayName"
            if isinstance(sent.get(name_attr), str):
                self.names.append((resource, name_attr, sent[name_attr]))

    def need(self, key: str) -> Any:
        """Return a value an earlier check produced, or skip when that check did not produce it."""
        if key not in self.state:
            raise Skipped(f"needs {key.replace('_', ' ')}, which an earlier check could not produce")
        return self.state[key]

    # -- clean-up --------------------------------------------------------------------------------------------

    def cleanup(self) -> list[str]:
        """Delete every object this run created (groups first), found by id or by name; return what failed."""
        problems: list[str] = []
        ids = {(resource, id_) for resource, id_ in self.created}
        for resource, attr, name in self.names:
            reply = self.client.query(resource, attr, name)
            for found in (reply.body or {}).get("Resources", []) if isinstance(reply.body, dict) else []:
                if isinstance(found, dict) and found.get("id"):
                    ids.add((resource, str(found["id"])))
        for resource, id_ in sorted(ids, key=lambda item: item[0] != "Groups"):
            reply = self.client.delete(resource, id_)
            if reply.status not in (200, 204, 404):
                problems.append(f"DELETE /{resource}/{id_}: {reply.status or reply.error}")
        self.created, self.names = [], []
        return problems


def _json(raw: Any) -> Any:
    import json

    if not raw:
        return None
    try:
        return json.loads(raw)
    except (ValueError, TypeError):
        return raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)


def _resource_of(url: str) -> str:
    return "Groups" if urlsplit(url).path.rstrip("/").endswith("/Groups") else "Users"
