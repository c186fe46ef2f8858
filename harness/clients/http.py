"""One HTTP exchange, measured on the injected clock and written to the run's wire log.

Every client (Graph, SCIM, Workday, SuccessFactors) sends through a ``Channel``: it applies the job's request
timeout, turns timeouts and dropped connections into a ``Reply`` with no status instead of an exception, and
appends each exchange to the ``WireLog`` that becomes ``ProvisioningResult.requests``.

Timeouts are judged twice: by ``requests`` (a real socket that stays silent), and by the clock — an exchange whose
clock-measured duration exceeds the timeout counts as timed out even though an answer came back, so latency a
fault injects on a ManualClock is a timeout exactly as it would be on the wire (entra-behavior.md §2.9: "Timeout:
target too slow").
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

import requests

from harness.clients.reply import CONNECTION_ERROR, TIMEOUT, Reply
from harness.clients.retry import RetryPolicy
from harness.result import WireRecord
from idcore.clock import Clock

__all__ = ["WRITE_METHODS", "Channel", "WireLog"]

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_TRANSPORT = {TIMEOUT: "no answer in time", CONNECTION_ERROR: "cannot connect"}


class WireLog:
    """Every exchange of one run, in order; ``on_retry`` (when set) is told of each wait before a retry."""

    def __init__(self, on_retry: Callable[[str], None] | None = None) -> None:
        self.records: list[WireRecord] = []
        self.on_retry = on_retry

    def retrying(self, reply: Reply, delay: float, next_try: int, tries: int) -> None:
        """Tell the listener what failed and when the next try is: "…; retrying in 4 s (try 3 of 4)"."""
        if self.on_retry is None:
            return
        what = (
            f"HTTP {reply.status}"
            if reply.status is not None
            else _TRANSPORT.get(str(reply.error), reply.error)
        )
        url = reply.url.split("?", 1)[0]
        self.on_retry(f"{reply.method} {url}: {what}; retrying in {delay:g} s (try {next_try} of {tries})")

    def append(self, reply: Reply, body: Any = None) -> None:
        """Record ``reply``; request bodies are kept for writes only."""
        kept = body if reply.method in WRITE_METHODS else None
        answer = reply.body if reply.body is not None else (reply.text or None)
        self.records.append(WireRecord(reply.method, reply.url, reply.status, kept, reply.error, answer))

    def count(self, method: str | None = None) -> int:
        """Return how many exchanges were made (with ``method``, if given)."""
        return sum(1 for r in self.records if method is None or r.method == method)


class Channel:
    """Send requests for one client: the job's timeout, the clock, the wire log and the retry policy."""

    def __init__(
        self,
        session: requests.Session,
        clock: Clock,
        log: WireLog,
        *,
        timeout: float = 30.0,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.session = session
        self.clock = clock
        self.log = log
        self.timeout = timeout
        self.retry = retry

    @classmethod
    def for_job(
        cls,
        session: requests.Session,
        clock: Clock,
        settings: Any,
        log: WireLog,
        *,
        retry: RetryPolicy | None,
    ) -> Channel:
        """Return the channel every client sends through: the job's request timeout, its retry policy."""
        return cls(
            session, clock, log, timeout=float(getattr(settings, "request_timeout", 30.0)), retry=retry
        )

    def send(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str] | None = None,
        json_body: Any = None,
        data: Any = None,
        headers: Mapping[str, str] | None = None,
        log_body: Any = None,
        record: bool = True,
    ) -> Reply:
        """Make one exchange (no retries) and log it (unless ``record`` is False: token requests carry secrets)."""
        full_url = f"{url}?{urlencode(params)}" if params else url
        started = self.clock.now()
        try:
            response = self.session.request(
                method,
                full_url,
                json=json_body,
                data=data,
                headers=dict(headers or {}),
                timeout=self.timeout,
                allow_redirects=False,
            )
        except requests.Timeout as exc:
            reply = Reply(method, full_url, None, error=TIMEOUT, text=str(exc))
        except requests.ConnectionError as exc:
            reply = Reply(method, full_url, None, error=CONNECTION_ERROR, text=str(exc))
        else:
            reply = _reply(method, full_url, response)
            if (self.clock.now() - started).total_seconds() > self.timeout:
                reply = Reply(
                    method, full_url, None, error=TIMEOUT, text=f"no answer within {self.timeout:g} s (clock)"
                )
        if record:
            self.log.append(reply, json_body if json_body is not None else log_body)
        return reply

    def request(
        self,
        method: str,
        url: str,
        *,
        retry_timeouts: bool = True,
        auth: Callable[[], dict[str, str]] | None = None,
        **kwargs: Any,
    ) -> Reply:
        """Send with the retry policy: 429, 5xx and (when ``retry_timeouts``) timeouts are retried on the clock."""
        attempt = 0
        while True:
            headers = dict(kwargs.pop("headers", None) or {})
            if auth is not None:
                headers.update(auth())
            reply = self.send(method, url, headers=headers, **kwargs)
            kwargs["headers"] = headers
            attempt += 1
            if self.retry is None:
                return reply
            if (reply.timed_out or reply.dropped) and not retry_timeouts:
                return reply
            delay = self.retry.delay(reply, attempt)
            if delay is None:
                return reply
            self.log.retrying(reply, delay, attempt + 1, self.retry.max_retries + 1)
            self.clock.sleep(delay)


def _reply(method: str, url: str, response: requests.Response) -> Reply:
    if response.encoding is None and "json" in response.headers.get("Content-Type", "").lower():
        # RFC 8259 §8.1: JSON between systems is UTF-8. Without this, requests guesses the charset of every
        # application/scim+json answer by scanning it (charset_normalizer), which costs more than parsing it.
        response.encoding = "utf-8"
    text = response.text if response.content else ""
    body: Any = None
    if text:
        try:
            body = json.loads(text)
        except ValueError:
            body = None
    return Reply(method, url, response.status_code, body, dict(response.headers), text=text)
