"""The validator's data: a check (what it mirrors, where Microsoft says so, what Entra does when it fails), one
exchange on the wire, and one check's result.

A check is data plus one small function. The function gets a ``Run`` (``harness.validate.run``) and either returns
(passed, optionally with a note), or raises ``Failed``/``Warned``/``Skipped`` with the reason in words.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "DIALECTS",
    "FLAG",
    "Check",
    "CheckResult",
    "Exchange",
    "Failed",
    "NonRfc",
    "Skipped",
    "Status",
    "Warned",
    "expect",
]

Status = Literal["passed", "failed", "warning", "skipped"]
DEFAULT = "default"
FLAG = "aadOptscim062020"
DIALECTS: tuple[str, ...] = (DEFAULT, FLAG)


class Failed(Exception):
    """The endpoint answered in a way Entra cannot work with."""


class NonRfc(Failed):
    """The endpoint handled a documented non-RFC Entra form as RFC 7644 requires: Entra still fails against it.

    A failure by default; ``--judge rfc`` reports it as a warning (``harness.validate.rfc``).
    """


class Warned(Exception):
    """The endpoint departs from what Entra (or Microsoft's validator) expects, with a milder consequence."""


class Skipped(Exception):
    """The check could not run here (a prerequisite failed, or it belongs to another dialect)."""


def expect(condition: object, detail: str, *, warn: bool = False) -> None:
    """Raise Failed (or Warned) with ``detail`` unless ``condition`` holds."""
    if not condition:
        raise (Warned if warn else Failed)(detail)


@dataclass(frozen=True)
class Check:
    """One thing Entra does to an endpoint, and how to tell whether the endpoint copes."""

    id: str
    title: str
    tags: tuple[str, ...]
    behaviour: str
    source: str
    consequence: str
    run: Callable[[Any], str | None] = field(compare=False, repr=False)
    dialects: tuple[str, ...] = DIALECTS

    def to_dict(self) -> dict[str, Any]:
        """Return the check's description (``--list --json``)."""
        return {
            "id": self.id,
            "title": self.title,
            "tags": list(self.tags),
            "dialects": list(self.dialects),
            "behaviour": self.behaviour,
            "source": self.source,
            "consequence": self.consequence,
        }


@dataclass
class Exchange:
    """One request the validator (or the engine it drives) sent to the endpoint, and the answer."""

    method: str
    url: str
    status: int | None
    request_body: Any = None
    response_body: Any = None
    content_type: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    retry_after: str | None = None

    def curl(self) -> str:
        """Return a curl line that sends this request again (the token read from ``$SCIM_TOKEN``)."""
        parts = ["curl -sS", f"-X {self.method}", '-H "Authorization: Bearer $SCIM_TOKEN"']
        if self.request_body is not None:
            body = json.dumps(self.request_body, ensure_ascii=False)
            parts += ["-H 'Content-Type: application/scim+json'", f"--data-binary {shlex.quote(body)}"]
        return " ".join([*parts, shlex.quote(self.url)])

    def to_dict(self) -> dict[str, Any]:
        """Return the exchange as JSON-ready data."""
        data: dict[str, Any] = {"method": self.method, "url": self.url, "status": self.status}
        if self.request_body is not None:
            data["requestBody"] = self.request_body
        if self.response_body is not None:
            data["responseBody"] = self.response_body
        if self.content_type:
            data["contentType"] = self.content_type
        data["curl"] = self.curl()
        return data


@dataclass
class CheckResult:
    """What one check found under one dialect."""

    check: Check
    dialect: str
    status: Status
    detail: str = ""
    exchanges: list[Exchange] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the result in the ``--json`` shape."""
        check = self.check
        return {
            "id": check.id,
            "title": check.title,
            "tags": list(check.tags),
            "dialect": self.dialect,
            "status": self.status,
            "detail": self.detail,
            "behaviour": check.behaviour,
            "source": check.source,
            "consequence": check.consequence if self.status in ("failed", "warning") else "",
            "requests": [exchange.to_dict() for exchange in self.exchanges],
        }
