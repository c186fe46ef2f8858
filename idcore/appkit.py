"""Wire the shared kernel into an app in one call: clock and randomness, errors, journal, faults, body limit,
control."""

from __future__ import annotations

from flask import Blueprint, Flask

from idcore import bodies, clock_control, control, errors, faults, journal, runtime, shared
from idcore.clock import Clock
from idcore.control import ControlHooks
from idcore.errors import ProtocolError

__all__ = ["init_app", "start"]


def init_app(
    app: Flask, family: type[ProtocolError], hooks: ControlHooks, clock: Clock | None = None
) -> Blueprint:
    """Install the kernel on ``app`` and return its control blueprint (add routes, then register it)."""
    runtime.init_app(app, clock)
    shared.init_app(app)  # first, so every request sees the settings other workers changed
    clock_control.register(app)
    errors.init_app(app, family)
    journal.init_app(app)
    faults.init_app(app)
    bodies.install(app)
    return control.make_blueprint(app, hooks)


def start(app: Flask) -> None:
    """Start the shared control settings once the app's database is open (call at the end of ``create_app``)."""
    shared.get_shared(app).start()
