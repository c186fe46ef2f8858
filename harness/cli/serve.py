"""``scimulator serve`` and ``seed``: mockidp or mockscim for real, built by ``harness.world``.

``serve_config`` turns the options of ``serve`` (and ``up``) into an app's config; ``banner`` is what both print.
"""

from __future__ import annotations

import errno
import os
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import requests

from harness.cli.app import EXIT_USAGE, CliError, cli
from harness.world import create_idp_app, create_mock_app

__all__ = ["DEFAULT_PORTS", "banner", "seed", "serve", "serve_config"]

DEFAULT_PORTS = {"idp": 5001, "scim": 5002}
_IDP_ONLY = ("users", "tenant", "client_id", "client_secret", "replication_delay", "signing_secret")
_SCIM_ONLY = ("token", "profile", "quirks")


def serve_config(app: str, options: dict[str, Any]) -> dict[str, Any]:
    """Return the app config for ``serve``/``up`` from CLI options; refuse options of the other app."""
    wrong = [name for name in (_SCIM_ONLY if app == "idp" else _IDP_ONLY) if options.get(name)]
    if wrong:
        flags = ", ".join("--" + ("quirk" if n == "quirks" else n.replace("_", "-")) for n in wrong)
        raise CliError(f"{flags} does not apply to serve {app}", EXIT_USAGE)
    config: dict[str, Any] = {"SEED": options.get("seed") or 0}
    # --db wins; without it the app's own variable (MOCKIDP_DATABASE_URL, as compose.yaml sets) is kept.
    env_url = f"MOCK{app.upper()}_DATABASE_URL"
    if options.get("db") or env_url not in os.environ:
        config["DATABASE_URL"] = _prepare_db(options.get("db"))
    if options.get("control_token"):
        config["CONTROL_TOKEN"] = options["control_token"]
    if options.get("clock"):
        config["CLOCK"] = options["clock"]
    if app == "idp":
        users = options.get("users")
        users = 25 if users is None else users
        config.update({"USERS": users, "SEED_ON_START": users > 0})
        for key in ("tenant", "client_id", "client_secret", "replication_delay", "signing_secret"):
            if options.get(key) is not None:
                config[key.upper()] = options[key]
    else:
        for key in ("token", "profile"):
            if options.get(key):
                config[key.upper()] = options[key]
        if options.get("quirks"):
            config["QUIRKS"] = list(options["quirks"])
    return config


def _prepare_db(url: str | None) -> str:
    """Return the database URL (default: in memory), creating a SQLite file's folder if it is missing."""
    if not url:
        return "sqlite://"
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise CliError(f"not a database URL: {url!r}", EXIT_USAGE) from exc
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    return url


def _redacted(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def banner(app: str, url: str, config: dict[str, Any]) -> list[str]:
    """Return the lines that tell how to reach a served mock: its URLs, tenant, credentials and tokens."""
    url_text = str(config.get("DATABASE_URL") or "sqlite://")
    database = "in memory" if url_text == "sqlite://" else _redacted(url_text)
    lines = [f"mock{app} listening on {url}  (seed {config.get('SEED', 0)}, database {database})"]
    if app == "idp":
        lines += [
            f"  tenant         {config.get('TENANT', 'contoso')}",
            f"  client id      {config.get('CLIENT_ID', 'scimulator-harness')}",
            f"  client secret  {config.get('CLIENT_SECRET', 'scimulator-secret')}",
            f"  token URL      {url}/{config.get('TENANT', 'contoso')}/oauth2/v2.0/token",
            f"  Graph          {url}/v1.0/",
        ]
    else:
        lines += [
            f"  SCIM base URL  {url}/scim/v2",
            f"  bearer token   {config.get('TOKEN', 'scimulator-token')}",
            f"  profile        {config.get('PROFILE', 'entra-compatible')}"
            + (f"  quirks {', '.join(config['QUIRKS'])}" if config.get("QUIRKS") else ""),
        ]
    lines.append(f"  clock          {config.get('CLOCK', 'system')}")
    if config.get("CONTROL_TOKEN"):
        lines.append(f"  control token  {config['CONTROL_TOKEN']}  ({url}/_control/)")
    return lines


@cli.command()
@click.argument("app", type=click.Choice(["idp", "scim", "ui"]))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), help="Default 5001 (idp) / 5002 (scim) / 5000 (ui).")
@click.option("--db", help="SQLAlchemy URL; default: in memory.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--control-token", help="Enable /_control/ for callers presenting this bearer token.")
@click.option(
    "--clock",
    type=click.Choice(["system", "manual"]),
    help="idp/scim: system (default; the wall clock plus any offset /_control/clock adds) or manual (moves only"
    " when told).",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="More than 1 serves with gunicorn (needs a shared --db).",
)
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="With --workers > 1: threads per gunicorn worker (more than 1 keeps client connections open).",
)
@click.option("--users", type=click.IntRange(0, 1_000_000), help="idp: users to seed (default 25).")
@click.option("--tenant", help="idp: the tenant name.")
@click.option("--client-id", help="idp: the harness's app registration id.")
@click.option("--client-secret", help="idp: its secret.")
@click.option("--replication-delay", type=float, help="idp: seconds before an assignment is visible.")
@click.option(
    "--signing-secret",
    help="idp: derive the token signing key from this secret (reproducible tokens); default: a random key.",
)
@click.option("--token", help="scim: the bearer token.")
@click.option("--profile", help="scim: the target profile.")
@click.option("--quirk", "quirks", multiple=True, help="scim: a quirk; repeatable.")
@click.option("--job", "jobs", multiple=True, help="ui: a job file the page offers; repeatable.")
def serve(
    app: str, host: str, port: int | None, workers: int, threads: int, jobs: tuple[str, ...], **options: Any
) -> None:
    """Run mockidp, mockscim or the web page (ui) for real on a socket (Ctrl-C stops)."""
    if app == "ui" or jobs:
        from harness.cli.ui import serve_ui

        return serve_ui(app, jobs, host, port, options)
    config = serve_config(app, options)
    port = DEFAULT_PORTS[app] if port is None else port
    shared_db = config.get("DATABASE_URL", os.environ.get(f"MOCK{app.upper()}_DATABASE_URL", "sqlite://"))
    if workers > 1 and shared_db == "sqlite://":
        raise CliError(
            "--workers > 1 needs a --db every worker shares (a file or PostgreSQL URL)", EXIT_USAGE
        )
    _check_port_free(host, port)
    flask_app = create_mock_app(app, config)  # seeds once, here, and fails early on a bad database
    for line in banner(app, f"http://{host}:{port}", {**flask_app.config, **config}):
        click.echo(line)
    if workers > 1:
        worker = {**config, "SEED_ON_START": False, "CONTROL_STATE": "join"}  # keep what this process started
        _run_gunicorn(lambda: create_mock_app(app, worker), host, port, workers, threads)
    else:
        from werkzeug.serving import run_simple

        run_simple(host, port, flask_app, threaded=True, use_reloader=False)


def port_in_use(option: str, host: str, port: int, exc: OSError) -> str:
    """Return the one line for a port that cannot be bound, naming the option that chose it."""
    why = "is already in use" if exc.errno == errno.EADDRINUSE else f"cannot be used ({exc.strerror or exc})"
    return f"{option} {port}: {host}:{port} {why}; choose another port (0 picks a free one)"


def _check_port_free(host: str, port: int) -> None:
    """Refuse a port another process holds before seeding anything (``--port``)."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server itself binds
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise CliError(port_in_use("--port", host, port, exc), EXIT_USAGE) from exc


def _run_gunicorn(factory: Callable[[], Any], host: str, port: int, workers: int, threads: int = 1) -> None:
    """Serve with gunicorn: each worker creates its own app (and engine) after the fork.

    ``threads`` > 1 picks gunicorn's threaded worker, which keeps a client's connection open between requests
    (the default sync worker closes it after each answer). The worker time-out is long: one request may seed or
    reset a 100k-user directory.
    """
    from gunicorn.app.base import BaseApplication

    class _Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", threads)
            self.cfg.set("timeout", 600)

        def load(self) -> Any:
            return factory()

    _Server().run()


@cli.command()
@click.option(
    "--db",
    envvar="MOCKIDP_DATABASE_URL",
    required=True,
    help="SQLAlchemy URL of mockidp's database (or MOCKIDP_DATABASE_URL).",
)
@click.option("--seed", "seed_value", type=int, default=0, show_default=True)
@click.option("--users", type=click.IntRange(1, 1_000_000), default=25, show_default=True)
@click.option("--tenant", help="The tenant name.")
def seed(db: str, seed_value: int, users: int, tenant: str | None) -> None:
    """Seed a mockidp database: a tenant, users, groups and the enterprise app, from one seed."""
    from idcore.testing import mount

    control = "scimulator-seed"
    config = serve_config(
        "idp", {"db": db, "seed": seed_value, "users": 0, "tenant": tenant, "control_token": control}
    )
    app = create_idp_app(config)
    with requests.Session() as session:
        mount(session, "http://mockidp.local", app)
        reply = session.post(
            "http://mockidp.local/_control/seed",
            json={"seed": seed_value, "users": users},
            headers={"Authorization": f"Bearer {control}"},
        )
    if reply.status_code >= 400:
        raise CliError(f"mockidp refused to seed: {reply.status_code} {reply.text.strip()[:200]}")
    click.echo(f"seeded {users} users (seed {seed_value}) into {_redacted(db)}")
