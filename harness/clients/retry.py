"""When to send again: throttling, server errors and time-outs, waited out on the injected clock.

entra-behavior.md §2.9 and §3.4: TooManyRequests (429) is "automatically retried"; InternalServerError (5xx) and
Timeout are retried later. Whether Retry-After is honoured is UNSURE (a UserVoice thread says it was not, a 2025
Q&A answer says it is), so it is the job setting ``honor_retry_after``; the number of attempts within one on-demand
run (``max_retries``) and the backoff are settings too. Every wait is ``clock.sleep``: a ManualClock advances
instead of blocking, so a test sees the wait in the clock and never sleeps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harness.clients.reply import Reply

__all__ = ["RETRYABLE_STATUSES", "RetryPolicy", "entra_error_code"]

#: 429 and the 5xx family are transient (S7: TooManyRequests, InternalServerError "retried").
RETRYABLE_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """How many times to retry one exchange, and how long to wait between tries."""

    max_retries: int = 3
    honor_retry_after: bool = True
    backoff: float = 2.0
    max_backoff: float = 60.0
    max_retry_after: float = 300.0

    @classmethod
    def from_settings(cls, settings: Any) -> RetryPolicy:
        """Build the policy from a job's Settings (missing knobs keep their defaults)."""
        return cls(
            max_retries=int(getattr(settings, "max_retries", cls.max_retries)),
            honor_retry_after=bool(getattr(settings, "honor_retry_after", cls.honor_retry_after)),
            backoff=float(getattr(settings, "retry_backoff", cls.backoff)),
            max_backoff=float(getattr(settings, "max_backoff", cls.max_backoff)),
        )

    def delay(self, reply: Reply, attempt: int) -> float | None:
        """Return the seconds to wait before try ``attempt + 1``, or None to give up on ``reply``."""
        if attempt > self.max_retries:
            return None
        transient = reply.timed_out or reply.dropped or reply.status in RETRYABLE_STATUSES
        if not transient:
            return None
        if reply.status == 429 and self.honor_retry_after:
            after = _retry_after(reply)
            if after is not None:
                return min(after, self.max_retry_after)
        return min(self.backoff * 2 ** (attempt - 1), self.max_backoff)


def _retry_after(reply: Reply) -> float | None:
    value = reply.header("Retry-After")
    if value is None:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        return None  # an HTTP-date Retry-After is not produced by our targets; fall back to backoff


def entra_error_code(reply: Reply) -> str:
    """Return the provisioning-log error code for a failed exchange (S7 error-code table, §3.4)."""
    if reply.timed_out:
        return "Timeout"
    if reply.dropped:
        return "WebExceptionProtocolError"
    status = reply.status or 0
    return _STATUS_CODES.get(status, "InternalServerError" if status >= 500 else "UnprocessableEntity")


_STATUS_CODES = {
    400: "SystemForCrossDomainIdentityManagementBadRequest",
    401: "Unauthorized",
    403: "InsufficientRights",
    404: "InvalidAnchor",
    405: "MethodNotAllowed",
    409: "EntryConflict",
    412: "Conflict",
    429: "TooManyRequests",
    501: "NotImplemented",
}
