"""The web page of scimulator: Entra's "Provision on demand", the provisioning logs, the testers, the target.

``create_app(jobs=[...], test_config=None)`` builds a Flask app over the harness engine. Every page has a JSON
API beside it (``/api/...``, described by ``/openapi.json``); pages are server-rendered forms that work without
JavaScript, and ``static/app.js`` adds the typeahead and the live target activity. Templates and assets ship in
the package: no CDN, no build step.

Config (defaults, then ``SCIMULATOR_WEB_*`` variables, then ``test_config``): ``CONTROL_TOKEN`` (the mocks'
control token), ``LOG_DATABASE_URL`` (default: the log store of ``scimulator logs``), ``LINKS_DATABASE_URL``
(default: beside it; ``"memory"`` keeps them in memory), ``SEED`` (default: from the clock), ``POLL_SECONDS``.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import requests
from flask import Flask

from idcore.clock import Clock, SystemClock

__all__ = ["create_app", "service"]

DEFAULTS: dict[str, Any] = {
    "CONTROL_TOKEN": "scimulator-control",
    "LOG_DATABASE_URL": None,
    "LINKS_DATABASE_URL": None,
    "SEED": None,
    "POLL_SECONDS": 2,
}
log = logging.getLogger(__name__)


def create_app(
    jobs: Sequence[Any] | None = None,
    test_config: dict[str, Any] | None = None,
    *,
    http: requests.Session | None = None,
    clock: Clock | None = None,
) -> Flask:
    """Build the web app offering ``jobs`` (job file paths or loaded jobs); ``http`` and ``clock`` are injected."""
    from harness.logs.links import LinkStore
    from harness.logs.store import LogStore
    from harness.web import api, errors, openapi, pages
    from harness.web.service import WebService
    from harness.web.target import ControlClient
    from idcore.ids import Randomness

    app = Flask(__name__)
    app.config.update(DEFAULTS)
    app.config.from_prefixed_env("SCIMULATOR_WEB")
    app.config.update(test_config or {})
    clock = clock or SystemClock()
    http = http or requests.Session()
    seed = app.config["SEED"]
    rng = Randomness(int(seed) if seed is not None else int(clock.now().timestamp() * 1_000_000))
    links_url = app.config["LINKS_DATABASE_URL"]
    links = LinkStore.in_memory() if links_url == "memory" else LinkStore(links_url)
    web = WebService(
        list(jobs or []),
        http=http,
        clock=clock,
        rng=rng,
        logs=LogStore(app.config["LOG_DATABASE_URL"]),
        links=links,
    )
    app.extensions["scimulator.web"] = web
    app.extensions["scimulator.control"] = ControlClient(http, str(app.config["CONTROL_TOKEN"]))
    errors.init_app(app)
    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(openapi.bp)
    return app


def service(app: Flask | None = None) -> Any:
    """Return the app's ``WebService`` (default: the current app's)."""
    from flask import current_app

    return (app or current_app).extensions["scimulator.web"]
