"""The one source of time for every app and the harness.

Nothing else in scimulator calls ``datetime.now()`` or ``time.sleep()``: code asks its injected ``Clock``.
``ManualClock`` makes a run deterministic: waiting (Retry-After, injected latency) moves the clock instead of
blocking, and tests move it explicitly to cross a replication delay or a hire date. ``SystemClock`` follows the
wall clock plus an offset, which ``advance``/``set`` move, so a running server's time can be moved too.
"""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable

__all__ = ["DEFAULT_EPOCH", "Clock", "ManualClock", "SystemClock", "isoformat", "parse_iso"]

#: Where a ManualClock starts unless told otherwise: fixed, so the same seed gives the same report.
DEFAULT_EPOCH = datetime(2026, 1, 5, 9, 0, 0, tzinfo=UTC)


@runtime_checkable
class Clock(Protocol):
    """Tell the time and wait; both through this object only."""

    def now(self) -> datetime:
        """Return the current time, timezone-aware UTC."""
        ...

    def sleep(self, seconds: float) -> None:
        """Wait for ``seconds``."""
        ...


class SystemClock:
    """The wall clock plus an offset (zero unless moved), for servers run by people."""

    manual = False

    def __init__(self) -> None:
        self.offset = timedelta(0)

    def now(self) -> datetime:
        """Return the wall-clock time in UTC, moved by the offset."""
        return datetime.now(UTC) + self.offset

    def advance(self, seconds: float) -> datetime:
        """Move the clock forward by ``seconds`` (the offset grows) and return the new time."""
        if seconds < 0:
            raise ValueError("a clock only moves forward: use set() to go back")
        self.offset += timedelta(seconds=seconds)
        return self.now()

    def set(self, when: datetime) -> datetime:
        """Set the clock to ``when`` from now on (the offset becomes ``when`` minus the wall clock)."""
        self.offset = _aware(when) - datetime.now(UTC)
        return self.now()

    def sleep(self, seconds: float) -> None:
        """Block for ``seconds`` of real time."""
        if seconds > 0:
            time.sleep(seconds)


class ManualClock:
    """A clock that only moves when told to; ``sleep`` advances it instead of blocking."""

    manual = True

    def __init__(self, start: datetime | None = None) -> None:
        self._now = _aware(start or DEFAULT_EPOCH)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        """Return the clock's current time."""
        with self._lock:
            return self._now

    def advance(self, seconds: float) -> datetime:
        """Move the clock forward by ``seconds`` and return the new time."""
        if seconds < 0:
            raise ValueError("a clock only moves forward: use set() to go back")
        with self._lock:
            self._now += timedelta(seconds=seconds)
            return self._now

    def set(self, when: datetime) -> datetime:
        """Set the clock to ``when`` (naive times are taken as UTC)."""
        with self._lock:
            self._now = _aware(when)
            return self._now

    def sleep(self, seconds: float) -> None:
        """Advance the clock by ``seconds`` without blocking."""
        if seconds > 0:
            self.advance(seconds)


def _aware(when: datetime) -> datetime:
    return when.replace(tzinfo=UTC) if when.tzinfo is None else when.astimezone(UTC)


def isoformat(when: datetime) -> str:
    """Render a time the way Graph and SCIM do: ISO 8601 UTC with a ``Z``."""
    return _aware(when).isoformat().replace("+00:00", "Z")


def parse_iso(text: str) -> datetime:
    """Parse an ISO 8601 time (``Z`` or offset; naive is UTC) into an aware datetime; raise ValueError."""
    try:
        return _aware(datetime.fromisoformat(text.strip()))
    except OverflowError as exc:  # an offset that moves year 1 or 9999 out of range in UTC
        raise ValueError(f"{text.strip()!r} is out of range in UTC") from exc
