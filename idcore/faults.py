"""Fault injection: small composable rules that make an app fail on purpose, deterministically.

A rule matches requests (method, path glob, a substring of the decoded query string or of the body) and fires on a schedule (the nth match, the
first ``times`` matches, or with a seeded probability). When it fires it can wait (latency, on the app's clock, so
a ManualClock moves instead of blocking), answer a status in the app's own error shape (429 with Retry-After
included), or drop the connection — before the request is handled, or after it was handled and stored ("the POST
timed out but the user exists"). Rules are per app, kept in ``app.extensions``; counters are per rule. Rules and
counters are a shared setting (``idcore.shared``): with several workers on one database a rule added through one
worker fires for all of them, and ``nth``/``times``/``probability`` count the server's requests, not a worker's.
"""

from __future__ import annotations

import fnmatch
import random
import socket
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Literal
from urllib.parse import unquote_plus

from flask import Flask, Response, request

from idcore.clock_control import wait
from idcore.errors import family_for
from idcore.shared import SharedSettings, get_shared

__all__ = ["DroppedConnection", "FaultRule", "FaultSet", "get_faults", "init_app"]

DROP_ENVIRON_KEY = "idcore.faults.drop"


class DroppedConnection(ConnectionError):
    """Raised out of the WSGI app to tell the transport to drop the connection.

    ``after`` is True when the request was handled (and its effects stored) before the drop.
    """

    def __init__(self, after: bool) -> None:
        super().__init__("connection dropped by an injected fault" + (" after handling" if after else ""))
        self.after = after


@dataclass
class FaultRule:
    """One fault: what it matches, when it fires and what it does."""

    method: str = "*"
    path: str = "*"
    body_contains: str | None = None
    query_contains: str | None = None
    nth: int | None = None
    times: int | None = None
    probability: float | None = None
    seed: int = 0
    status: int | None = None
    retry_after: int | None = None
    detail: str = "Injected fault"
    latency: float = 0.0
    drop: Literal["before", "after"] | None = None
    id: int = 0
    matched: int = field(default=0, compare=False)
    fired: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        if self.drop not in (None, "before", "after"):
            raise ValueError("drop must be 'before' or 'after'")
        if self.probability is not None and not 0 <= self.probability <= 1:
            raise ValueError("probability must be between 0 and 1")
        if self.status is None and not self.latency and self.drop is None:
            raise ValueError("a fault needs a status, a latency or a drop")
        if self.status is not None and not 100 <= self.status <= 599:
            raise ValueError("status must be an HTTP status code")

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FaultRule:
        """Build a rule from its JSON form, rejecting unknown keys."""
        known = {f for f in cls.__dataclass_fields__ if f not in ("id", "matched", "fired")}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown fault field(s): {', '.join(sorted(unknown))}")
        return cls(**data)

    @classmethod
    def restore(cls, data: dict[str, Any]) -> FaultRule:
        """Rebuild a rule with its id and counters from ``to_dict``'s form."""
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})

    def to_dict(self) -> dict[str, Any]:
        """Return the rule and its counters as JSON-ready data."""
        return {k: v for k, v in asdict(self).items() if not k.startswith("_")}

    def matches(self, method: str, path: str, body: str, query: str = "") -> bool:
        """Tell whether a request is one this rule is about (``query`` decoded, so a filter reads as sent)."""
        return (
            (self.method == "*" or self.method.upper() == method.upper())
            and fnmatch.fnmatchcase(path, self.path)
            and (self.body_contains is None or self.body_contains in body)
            and (self.query_contains is None or self.query_contains in query)
        )

    def should_fire(self) -> bool:
        """Count one matching request and decide whether the fault fires on it."""
        self.matched += 1
        if self.nth is not None and self.matched != self.nth:
            return False
        if self.times is not None and self.fired >= self.times:
            return False
        if self.probability is not None and self._draw() >= self.probability:
            return False
        self.fired += 1
        return True

    def _draw(self) -> float:
        """Return the seeded random number of this match (the nth match draws the same in every worker)."""
        return random.Random(self.seed * 1_000_003 + self.matched).random()


class FaultSet:
    """The rules of one app, applied in the order they were added; shared by the server's workers."""

    def __init__(self, shared: SharedSettings | None = None) -> None:
        self._rules: list[FaultRule] = []
        self._lock = threading.Lock()
        self._next_id = 1
        self._shared = shared
        if shared is not None:
            shared.register("faults", self._dump, self._load)

    def add(self, rule: FaultRule) -> FaultRule:
        """Add a rule and give it an id."""
        self._change(lambda rules: [*rules, rule])
        return rule

    def replace(self, rules: Iterable[FaultRule]) -> None:
        """Replace every rule."""
        new = list(rules)
        self._change(lambda _: new, renumber=True)

    def clear(self) -> None:
        """Remove every rule."""
        self._change(lambda _: [], renumber=True)

    def rules(self) -> list[FaultRule]:
        """Return the rules."""
        with self._lock:
            return list(self._rules)

    def firing(self, method: str, path: str, body: str, query: str = "") -> list[FaultRule]:
        """Return the rules that fire on this request (counting it for each matching rule)."""
        with self._lock:
            if not any(rule.matches(method, path, body, query) for rule in self._rules):
                return []  # nothing to count: no write to the shared state

        def count(rules: list[FaultRule]) -> tuple[list[FaultRule], list[FaultRule]]:
            return rules, [
                rule for rule in rules if rule.matches(method, path, body, query) and rule.should_fire()
            ]

        return self._update(count)

    # -- shared state -------------------------------------------------------------------------------------
    def _change(self, edit: Callable[[list[FaultRule]], Sequence[FaultRule]], renumber: bool = False) -> None:
        def apply(rules: list[FaultRule]) -> tuple[list[FaultRule], None]:
            edited = list(edit(rules))
            if renumber:
                self._next_id = 1
            for rule in edited:
                if not rule.id:
                    rule.id, self._next_id = self._next_id, self._next_id + 1
            return edited, None

        self._update(apply)

    def _update(self, step: Callable[[list[FaultRule]], tuple[list[FaultRule], Any]]) -> Any:
        """Run ``step`` on the rules (the database's, under its write lock, when shared) and keep the result."""

        def local() -> Any:
            with self._lock:
                self._rules, result = step(self._rules)
                return result

        def shared(value: Any) -> tuple[Any, Any]:
            with self._lock:
                self._load_unlocked(value)
                self._rules, result = step(self._rules)
                return self._dump_unlocked(), result

        if self._shared is None:
            return local()
        return self._shared.update("faults", shared, local)

    def _dump(self) -> dict[str, Any]:
        with self._lock:
            return self._dump_unlocked()

    def _dump_unlocked(self) -> dict[str, Any]:
        return {"next_id": self._next_id, "rules": [rule.to_dict() for rule in self._rules]}

    def _load(self, value: Any) -> None:
        with self._lock:
            self._load_unlocked(value)

    def _load_unlocked(self, value: Any) -> None:
        if isinstance(value, dict) and isinstance(value.get("rules"), list):
            self._rules = [FaultRule.restore(item) for item in value["rules"]]
            self._next_id = int(value.get("next_id") or len(self._rules) + 1)


def init_app(app: Flask) -> FaultSet:
    """Apply ``app``'s fault rules before each non-control request, answering in the path's error family."""
    faults = FaultSet(get_shared(app))
    app.extensions["idcore.faults"] = faults

    @app.before_request
    def _inject() -> Response | None:
        if request.path.startswith("/_control"):
            return None
        body = request.get_data(cache=True).decode("utf-8", "replace")
        query = unquote_plus(request.query_string.decode("latin-1"))
        for rule in faults.firing(request.method, request.path, body, query):
            if rule.latency:
                wait(app, rule.latency)
            if rule.drop == "before":
                request.environ[DROP_ENVIRON_KEY] = "before"
                return Response(status=204)
            if rule.drop == "after":
                request.environ[DROP_ENVIRON_KEY] = "after"
            if rule.status is not None:
                headers = {"Retry-After": str(rule.retry_after)} if rule.retry_after is not None else None
                return family_for(request.path).from_http(rule.status, rule.detail).to_response_with(headers)
        return None

    app.wsgi_app = _DropMiddleware(app.wsgi_app)  # type: ignore[method-assign]
    return faults


class _DropMiddleware:
    """Turn a drop decision into a dropped connection at the transport."""

    def __init__(self, wsgi_app: Callable[..., Any]) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        result = self.wsgi_app(environ, start_response)
        drop = environ.get(DROP_ENVIRON_KEY)
        if drop:
            if hasattr(result, "close"):
                result.close()
            _close_socket(environ)
            raise DroppedConnection(after=drop == "after")
        return result


def _close_socket(environ: dict[str, Any]) -> None:
    sock = environ.get("werkzeug.socket") or environ.get("gunicorn.socket")
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def get_faults(app: Flask) -> FaultSet:
    """Return the fault rules of ``app``."""
    return app.extensions["idcore.faults"]
