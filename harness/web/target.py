"""The mocks' ``/_control`` APIs as the page uses them: the target's request journal and the controls.

The journal is mockscim's (``GET /_control/requests``); the clock is moved on both mocks of the job (each app
keeps its own clock unless they share one); the replication delay is mockidp's (``/_control/replication``);
profile and quirks are mockscim's (``/_control/profile``); a fault rule goes to the app it names. Every call
presents the control token; a mock that answers with an error has its message shown as it is.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qsl, unquote_plus

import requests

from harness.web.service import WebError
from idcore.clock import parse_iso

__all__ = ["ControlClient", "journal_filter", "pretty_body", "readable_query"]

_SCIM_SUFFIX = "/scim/v2"


class ControlClient:
    """Call the job's mocks' control APIs with one control token."""

    def __init__(self, http: requests.Session, token: str, timeout: float = 10.0) -> None:
        self.http, self.token, self.timeout = http, token, timeout

    @staticmethod
    def bases(job: Any) -> dict[str, str]:
        """Return the base URLs of the job's target ("scim") and, for any source, its directory ("idp")."""
        target = str(job.target.base_url).rstrip("/")
        target = target.removesuffix(_SCIM_SUFFIX)
        return {"scim": target, "idp": str(job.source.url).rstrip("/")}

    def call(self, job: Any, app: str, method: str, path: str, body: Any = None) -> Any:
        """Call ``/_control`` + ``path`` on the job's ``app``; return the JSON answer or raise WebError."""
        url = f"{self.bases(job)[app]}/_control{path}"
        try:
            reply = self.http.request(
                method,
                url,
                json=body,
                headers={"Authorization": f"Bearer {self.token}"},
                timeout=self.timeout,
            )
        except requests.RequestException as exc:
            raise WebError(f"Cannot reach {url}: {type(exc).__name__}.", 502) from exc
        try:
            data = reply.json()
        except ValueError:
            data = None
        if reply.status_code >= 400:
            raise WebError(f"{url} answered {reply.status_code}: {_message(data, reply.text)}", 502)
        return data

    def journal(self, job: Any, filters: dict[str, Any]) -> dict[str, Any]:
        """Return the target's journal entries (oldest first) that match ``filters``, after ``since`` (a seq)."""
        entries = self.call(job, "scim", "GET", "/requests").get("requests", [])
        kept = [e for e in entries if journal_filter(e, filters)]
        return {"requests": kept, "last": entries[-1]["seq"] if entries else 0}

    def clear_journal(self, job: Any) -> None:
        """Forget the target's journal."""
        self.call(job, "scim", "DELETE", "/requests")

    def clock(self, job: Any, advance: float | None = None) -> dict[str, Any]:
        """Read both mocks' clocks, or move both forward by ``advance`` seconds (once when they share one)."""
        if advance is None:
            return {app: self.call(job, app, "GET", "/clock") for app in ("idp", "scim")}
        before = parse_iso(self.call(job, "scim", "GET", "/clock")["now"])
        seen = {"idp": self.call(job, "idp", "POST", "/clock", {"advance": advance})}
        after = self.call(job, "scim", "GET", "/clock")
        if parse_iso(after["now"]) - before < timedelta(seconds=advance):
            after = self.call(job, "scim", "POST", "/clock", {"advance": advance})
        seen["scim"] = after
        return seen

    def replication(self, job: Any, delay: float | None = None, mode: str | None = None) -> Any:
        """Read or set the directory's replication delay (seconds) and mode."""
        if delay is None and mode is None:
            return self.call(job, "idp", "GET", "/replication")
        body = {k: v for k, v in (("delay", delay), ("mode", mode)) if v is not None}
        return self.call(job, "idp", "POST", "/replication", body)

    def profile(self, job: Any, name: str | None = None, quirks: list[str] | None = None) -> Any:
        """Read or switch the target's profile and quirks."""
        if name is None and quirks is None:
            return self.call(job, "scim", "GET", "/profile")
        return self.call(job, "scim", "POST", "/profile", {"profile": name or None, "quirks": quirks or []})

    def faults(self, job: Any, app: str, rule: dict[str, Any] | None = None, clear: bool = False) -> Any:
        """List, add (``rule``) or clear the fault rules of ``app``."""
        if clear:
            return self.call(job, app, "DELETE", "/faults")
        if rule is None:
            return self.call(job, app, "GET", "/faults")
        return self.call(job, app, "POST", "/faults", rule)


def journal_filter(entry: dict[str, Any], filters: dict[str, Any]) -> bool:
    """Return True when a journal entry matches the method, status class, path text and ``since`` filters."""
    method = str(filters.get("method") or "").upper()
    if method and entry.get("method") != method:
        return False
    status = str(filters.get("status") or "")
    if status and not str(entry.get("status", "")).startswith(status.rstrip("x")):
        return False
    text = str(filters.get("q") or "").lower()
    if text and text not in f"{entry.get('path')}?{entry.get('query')} {entry.get('body')}".lower():
        return False
    since = str(filters.get("since") or "")
    return not (since.isdigit() and int(entry.get("seq", 0)) <= int(since))


def _message(data: Any, text: str) -> str:
    """Return the error text of a SCIM, Graph or plain error body."""
    if isinstance(data, dict):
        error = data.get("error")
        if isinstance(error, dict) and error.get("message"):
            return str(error["message"])
        if data.get("detail"):
            return str(data["detail"])
    return text.strip()[:300] or "no details"


def readable_query(query: str) -> str:
    """Return a journal entry's query string decoded, as a person reads a filter."""
    return unquote_plus(query)


def pretty_body(text: str) -> str:
    """Return a journal body indented when it is JSON, as sent otherwise (query strings decoded)."""
    if not text:
        return ""
    try:
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    except ValueError:
        return text if "=" not in text else "\n".join(f"{k}={v}" for k, v in parse_qsl(text)) or text
