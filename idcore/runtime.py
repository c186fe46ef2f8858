"""Per-app runtime objects: the injected clock and the seeded randomness, kept in ``app.extensions``."""

from __future__ import annotations

from flask import Flask, current_app

from idcore.clock import Clock, ManualClock, SystemClock
from idcore.ids import Randomness

__all__ = ["clock", "init_app", "rng"]


def init_app(app: Flask, clock: Clock | None = None, seed: int | None = None) -> None:
    """Give ``app`` its clock (``CLOCK`` config: "manual" or "system", or the object) and its randomness."""
    if clock is None:
        clock = app.config.get("CLOCK_OBJECT")
    if clock is None:
        clock = ManualClock() if app.config.get("CLOCK", "system") == "manual" else SystemClock()
    app.extensions["idcore.clock"] = clock
    app.extensions["idcore.random"] = Randomness(int(seed if seed is not None else app.config.get("SEED", 0)))


def clock(app: Flask | None = None) -> Clock:
    """Return the clock of ``app`` (default: the current app)."""
    return (app or current_app).extensions["idcore.clock"]


def rng(app: Flask | None = None) -> Randomness:
    """Return the seeded randomness of ``app`` (default: the current app)."""
    return (app or current_app).extensions["idcore.random"]
