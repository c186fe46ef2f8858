"""The ``/_control`` API both apps serve: reset, seed, clock, faults, the request journal and snapshots.

It exists for tests and local use and is off unless a control token is configured (``CONTROL_TOKEN``, env
``SCIMULATOR_CONTROL_TOKEN``); a caller must then present it as ``Authorization: Bearer <token>``. Each app hands
its own hooks (what a reset, a seed, a snapshot mean for it) to ``init_app`` and may add routes of its own to the
blueprint it gets back (mockscim's ``/profile``, mockidp's ``/replication``) before it is registered.
"""

from __future__ import annotations

import hmac
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, request

from idcore.bodies import read_json
from idcore.clock_control import ClockError, clock_view
from idcore.errors import ProtocolError
from idcore.faults import FaultRule, get_faults
from idcore.journal import get_journal

__all__ = ["ControlHooks", "json_body", "make_blueprint"]


@dataclass
class ControlHooks:
    """What reset, seed and snapshot mean for one app."""

    family: type[ProtocolError]
    reset: Callable[[], None]
    seed: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    snapshot: Callable[[], dict[str, Any]] | None = None
    restore: Callable[[dict[str, Any]], None] | None = None


def json_body() -> dict[str, Any]:
    """Return the request's JSON object body, or raise the app's 400."""
    data = read_json(required=False)
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise _hooks().family.from_http(400, "The body must be a JSON object.")
    return data


def _hooks() -> ControlHooks:
    return current_app.extensions["idcore.control"]


def make_blueprint(app: Flask, hooks: ControlHooks) -> Blueprint:
    """Return the control blueprint for ``app``; register it after adding any app-specific routes."""
    app.extensions["idcore.control"] = hooks
    bp = Blueprint("control", __name__, url_prefix="/_control")
    bp.before_request(_authorize)
    bp.add_url_rule("/reset", view_func=_reset, methods=["POST"])
    bp.add_url_rule("/seed", view_func=_seed, methods=["POST"])
    bp.add_url_rule("/clock", view_func=_clock, methods=["GET", "POST"])
    bp.add_url_rule("/faults", view_func=_faults, methods=["GET", "POST", "PUT", "DELETE"])
    bp.add_url_rule("/requests", view_func=_requests, methods=["GET", "DELETE"])
    bp.add_url_rule("/snapshot", view_func=_snapshot, methods=["GET", "POST"])
    return bp


def _authorize() -> None:
    """Hide the control API unless a token is configured; then require it."""
    family = _hooks().family
    token = current_app.config.get("CONTROL_TOKEN")
    if not token:
        raise family.from_http(404, "The control API is off: start the app with a control token to use it.")
    header = request.headers.get("Authorization", "")
    scheme, _, presented = header.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(presented.strip().encode(), str(token).encode()):
        raise family.from_http(401, "The control API needs 'Authorization: Bearer <control token>'.")


def _reset() -> Response:
    """Empty the store, the journal and the fault rules."""
    _hooks().reset()
    get_journal(current_app).clear()
    get_faults(current_app).clear()
    return jsonify({"reset": True})


def _seed() -> Response:
    """Seed the store (the app decides what the body means)."""
    hooks = _hooks()
    if hooks.seed is None:
        raise hooks.family.from_http(404, "This app has nothing to seed.")
    return jsonify(hooks.seed(json_body()))


def _clock() -> Response:
    """Read the clock, or move it: ``{"advance": seconds}`` or ``{"set": ISO}`` (a system clock by an offset)."""
    try:
        return clock_view(json_body() if request.method == "POST" else {})
    except ClockError as exc:
        raise _hooks().family.from_http(400, str(exc)) from None


def _faults() -> Response:
    """List (GET), add (POST one rule), replace (PUT a list) or clear (DELETE) the fault rules."""
    family = _hooks().family
    faults = get_faults(current_app)
    try:
        if request.method == "POST":
            faults.add(FaultRule.from_dict(json_body()))
        elif request.method == "PUT":
            data = read_json(required=False)
            if not isinstance(data, list):
                raise family.from_http(400, "PUT a JSON list of fault rules.")
            faults.replace([FaultRule.from_dict(item) for item in data])
        elif request.method == "DELETE":
            faults.clear()
    except (TypeError, ValueError) as exc:
        raise family.from_http(400, f"Bad fault rule: {exc}") from exc
    return jsonify({"faults": [rule.to_dict() for rule in faults.rules()]})


def _requests() -> Response:
    """List (GET) or clear (DELETE) the request journal."""
    journal = get_journal(current_app)
    if request.method == "DELETE":
        journal.clear()
    return jsonify({"requests": [entry.to_dict() for entry in journal.entries()]})


def _snapshot() -> Response:
    """Save (GET) the whole store as JSON, or load one (POST)."""
    hooks = _hooks()
    if hooks.snapshot is None or hooks.restore is None:
        raise hooks.family.from_http(404, "This app has no snapshots.")
    if request.method == "POST":
        hooks.restore(json_body())
        return jsonify({"restored": True})
    return jsonify(hooks.snapshot())
