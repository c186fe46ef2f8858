"""``/_control/clock``: read the app's clock or move it, for every worker of the server at once.

A manual clock is moved to a new time; a system clock keeps following the wall clock and moves by an offset
(``{"advance": 300}`` adds five minutes to it), so a replication delay can be crossed on any running server.
The moved time is a shared setting (``idcore.shared``): a move through one worker is what all of them answer.
Waiting on a manual clock (an injected latency) is a move too, so it is shared the same way.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from flask import Flask, Response, current_app, jsonify, request

from idcore.clock import Clock, ManualClock, SystemClock, isoformat, parse_iso
from idcore.runtime import clock
from idcore.shared import get_shared

__all__ = ["MAX_ADVANCE_SECONDS", "ClockError", "clock_view", "move", "register", "wait"]

#: The largest single move, in seconds (100 years): far beyond any delay, far below datetime's range.
MAX_ADVANCE_SECONDS = 100 * 365 * 24 * 3600


class ClockError(ValueError):
    """A clock request that cannot be honoured; its text is the 400's detail."""


def register(app: Flask) -> None:
    """Share the clock of ``app`` between the server's workers."""
    the_clock = clock(app)
    get_shared(app).register("clock", lambda: _state(the_clock), lambda value: _apply(the_clock, value))


def _state(the_clock: Clock) -> dict[str, Any]:
    if isinstance(the_clock, SystemClock):
        return {"offset": the_clock.offset.total_seconds()}
    return {"now": isoformat(the_clock.now())}


def _apply(the_clock: Clock, value: Any) -> None:
    """Take a shared clock state (ignoring one written by a clock of the other kind)."""
    if not isinstance(value, dict):
        return
    if isinstance(the_clock, SystemClock) and isinstance(value.get("offset"), int | float):
        the_clock.offset = timedelta(seconds=value["offset"])
    elif isinstance(the_clock, ManualClock) and isinstance(value.get("now"), str):
        the_clock.set(parse_iso(value["now"]))


def move(app: Flask, *, advance: float | None = None, to: datetime | None = None) -> None:
    """Advance the clock by ``advance`` seconds or set it ``to`` a time, for every worker."""
    the_clock = clock(app)
    if not isinstance(the_clock, ManualClock | SystemClock):
        raise ClockError("This app's clock cannot be moved.")

    def step() -> None:
        if advance is not None:
            the_clock.advance(advance)
        elif to is not None:
            the_clock.set(to)

    def change(value: Any) -> tuple[Any, None]:
        _apply(the_clock, value)  # start from the time every worker shares
        step()
        return _state(the_clock), None

    get_shared(app).update("clock", change, step)


def wait(app: Flask, seconds: float) -> None:
    """Wait ``seconds`` on the app's clock: a manual clock moves (for every worker), a system clock blocks."""
    the_clock = clock(app)
    if isinstance(the_clock, ManualClock):
        move(app, advance=seconds)
    else:
        the_clock.sleep(seconds)


def _advance_seconds(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ClockError("'advance' must be a number of seconds.")
    if not 0 <= value <= MAX_ADVANCE_SECONDS:
        raise ClockError(
            f"'advance' must be from 0 to {MAX_ADVANCE_SECONDS} seconds (100 years); use 'set' to go back."
        )
    return float(value)


def _set_time(value: Any) -> datetime:
    if not isinstance(value, str):
        raise ClockError("'set' must be an ISO 8601 time, e.g. \"2026-01-05T09:00:00Z\".")
    try:
        when = parse_iso(value)
    except ValueError:
        raise ClockError(f"'set' is not an ISO 8601 time: {value[:60]!r}.") from None
    if not 1970 <= when.year <= 9000:
        raise ClockError("'set' must be a time between the years 1970 and 9000.")
    return when


def clock_view(body: dict[str, Any]) -> Response:
    """Answer ``/_control/clock``: GET reads it; POST ``{"advance": seconds}`` or ``{"set": ISO}`` moves it."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if request.method == "POST":
        if set(body) - {"advance", "set"} or len(body) != 1:
            raise ClockError('Send {"advance": seconds} or {"set": "ISO time"}.')
        if "advance" in body:
            move(app, advance=_advance_seconds(body["advance"]))
        else:
            move(app, to=_set_time(body["set"]))
    the_clock = clock(app)
    offset = the_clock.offset.total_seconds() if isinstance(the_clock, SystemClock) else None
    return jsonify(
        {"now": isoformat(the_clock.now()), "manual": isinstance(the_clock, ManualClock), "offset": offset}
    )
