"""``scimulator serve``, ``up`` and ``seed``: mockidp and mockscim for real, built by ``harness.world``."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click
import requests

from harness.cli.app import EXIT_USAGE, CliError, cli

__all__ = ["DEFAULT_PORTS", "UpSession", "create_mock", "seed", "serve", "serve_config", "start_up", "up"]

DEFAULT_PORTS = {"idp": 5001, "scim": 5002}
_IDP_ONLY = ("users", "tenant", "client_id", "client_secret", "replication_delay")
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
    if app == "idp":
        users = options.get("users")
        users = 25 if users is None else users
        config.update({"USERS": users, "SEED_ON_START": users > 0})
        for key in ("tenant", "client_id", "client_secret", "replication_delay"):
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


def create_mock(app: str, config: dict[str, Any], clock: Any = None) -> Any:
    """Create mockidp or mockscim through the composition root."""
    from harness.world import create_idp_app, create_scim_app

    return (create_idp_app if app == "idp" else create_scim_app)(config, clock=clock)


def _banner(app: str, url: str, config: dict[str, Any]) -> list[str]:
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
    if config.get("CONTROL_TOKEN"):
        lines.append(f"  control token  {config['CONTROL_TOKEN']}  ({url}/_control/)")
    return lines


@cli.command()
@click.argument("app", type=click.Choice(["idp", "scim"]))
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), help="Default 5001 (idp) / 5002 (scim).")
@click.option("--db", help="SQLAlchemy URL; default: in memory.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--control-token", help="Enable /_control/ for callers presenting this bearer token.")
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="More than 1 serves with gunicorn (needs a shared --db).",
)
@click.option("--users", type=click.IntRange(0, 1_000_000), help="idp: users to seed (default 25).")
@click.option("--tenant", help="idp: the tenant name.")
@click.option("--client-id", help="idp: the harness's app registration id.")
@click.option("--client-secret", help="idp: its secret.")
@click.option("--replication-delay", type=float, help="idp: seconds before an assignment is visible.")
@click.option("--token", help="scim: the bearer token.")
@click.option("--profile", help="scim: the target profile.")
@click.option("--quirk", "quirks", multiple=True, help="scim: a quirk; repeatable.")
def serve(app: str, host: str, port: int | None, workers: int, **options: Any) -> None:
    """Run mockidp or mockscim for real on a socket (Ctrl-C stops)."""
    config = serve_config(app, options)
    port = DEFAULT_PORTS[app] if port is None else port
    shared_db = config.get("DATABASE_URL", os.environ.get(f"MOCK{app.upper()}_DATABASE_URL", "sqlite://"))
    if workers > 1 and shared_db == "sqlite://":
        raise CliError(
            "--workers > 1 needs a --db every worker shares (a file or PostgreSQL URL)", EXIT_USAGE
        )
    flask_app = create_mock(app, config)  # seeds once, here, and fails early on a bad database
    for line in _banner(app, f"http://{host}:{port}", {**flask_app.config, **config}):
        click.echo(line)
    if workers > 1:
        _run_gunicorn(lambda: create_mock(app, {**config, "SEED_ON_START": False}), host, port, workers)
    else:
        from werkzeug.serving import run_simple

        run_simple(host, port, flask_app, threaded=True, use_reloader=False)


def _run_gunicorn(factory: Callable[[], Any], host: str, port: int, workers: int) -> None:
    """Serve with gunicorn: each worker creates its own app (and engine) after the fork."""
    from gunicorn.app.base import BaseApplication

    class _Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)

        def load(self) -> Any:
            return factory()

    _Server().run()


class UpSession:
    """Both mocks served on localhost in this process, and the job file that points at them."""

    def __init__(
        self, servers: tuple[Any, Any], configs: tuple[dict[str, Any], dict[str, Any]], job_path: Path
    ) -> None:
        self.servers = servers
        self.configs = configs
        self.job_path = job_path

    @property
    def idp_url(self) -> str:
        """Return mockidp's base URL."""
        return str(self.servers[0].url)

    @property
    def scim_url(self) -> str:
        """Return mockscim's SCIM base URL."""
        return f"{self.servers[1].url}/scim/v2"

    APP_NAME = "Contoso SCIM app"

    def graph(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """Call mockidp's Graph API (``/v1.0`` + ``path``) with a fresh client-credentials token."""
        config = self.configs[0]
        tenant = config.get("TENANT", "contoso")
        token = requests.post(
            f"{self.idp_url}/{tenant}/oauth2/v2.0/token",
            data={
                "grant_type": "client_credentials",
                "client_id": config.get("CLIENT_ID", "scimulator-harness"),
                "client_secret": config.get("CLIENT_SECRET", "scimulator-secret"),
                "scope": "https://graph.microsoft.com/.default",
            },
            timeout=30,
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}", **kwargs.pop("headers", {})}
        return requests.request(method, f"{self.idp_url}/v1.0{path}", headers=headers, timeout=30, **kwargs)

    def banner(self) -> list[str]:
        """Return the lines ``up`` prints: URLs, tenant, credentials, tokens and the job files."""
        worker = self.example_worker()
        return [
            *_banner("idp", self.idp_url, self.configs[0]),
            *_banner("scim", self.servers[1].url, self.configs[1]),
            f"job file: {self.job_path} (HR sources: up-workday.yaml, up-successfactors.yaml)",
            f"try: scimulator provision --job {self.job_path} --user {self.example_user()}",
            *(
                f"     scimulator provision --job {self.hr_job_path(kind)} {flag} {worker}"
                for kind, flag in (("workday", "--worker-id"), ("successfactors", "--person-id-external"))
            ),
        ]

    def hr_job_path(self, kind: str) -> Path:
        """Return the job file ``up`` wrote for the HR source ``kind`` (workday | successfactors)."""
        return self.job_path.with_name(f"up-{kind}.yaml")

    def example_worker(self) -> str:
        """Return the Worker ID (= personIdExternal) of an active worker, or a placeholder when there is none."""
        users = self.graph("GET", "/users", params={"$select": "employeeId,accountEnabled", "$top": 50})
        ids = [
            u["employeeId"]
            for u in users.json().get("value", [])
            if u.get("employeeId") and u.get("accountEnabled")
        ]
        return ids[0] if ids else "<worker id>"

    def example_user(self) -> str:
        """Return an assigned, enabled user to try first (or a placeholder when there is none)."""
        from harness.cli.demo import first_assigned_user

        try:
            return first_assigned_user(self)
        except CliError:
            return "<name>"

    def stop(self) -> None:
        """Stop both servers."""
        for server in self.servers:
            server.stop()


def start_up(
    *,
    host: str = "127.0.0.1",
    idp_port: int = 5001,
    scim_port: int = 5002,
    seed: int = 0,
    users: int = 25,
    profile: str | None = None,
    quirks: Sequence[str] = (),
    replication_delay: float = 0,
    control_token: str = "scimulator-control",
    home: Path | None = None,
) -> UpSession:
    """Start both mocks on threaded servers and write a ready-to-use job file under the state directory."""
    from idcore.testing import LiveServer

    idp_config = serve_config(
        "idp",
        {
            "seed": seed,
            "users": users,
            "replication_delay": replication_delay,
            "control_token": control_token,
        },
    )
    scim_config = serve_config(
        "scim", {"seed": seed, "profile": profile, "quirks": quirks, "control_token": control_token}
    )
    idp = LiveServer(create_mock("idp", idp_config), host, idp_port).start()
    scim = LiveServer(create_mock("scim", scim_config), host, scim_port).start()
    job = _up_job(idp.url, f"{scim.url}/scim/v2", scim_config.get("TOKEN", "scimulator-token"))
    job_path = _write_up_jobs(job, home)
    return UpSession((idp, scim), (idp_config, scim_config), job_path)


def _up_job(idp_url: str, scim_url: str, token: str) -> dict[str, Any]:
    """Return ``up``'s job: the non-gallery SCIM app, Sync assigned, from mockidp to mockscim."""
    return {
        "name": "Contoso SCIM app",
        "source": {
            "type": "entra",
            "url": idp_url,
            "tenant": "contoso",
            "client_id": "scimulator-harness",
            "client_secret": "scimulator-secret",
            "app": "Contoso SCIM app",
        },
        "target": {
            "type": "scim",
            "url": scim_url,
            "auth": {"type": "bearer", "token": token},
        },
        "scope": "assigned",
        "state": "running",
        "users": {"enabled": True, "mappings": "default"},
        "groups": {"enabled": True, "mappings": "default"},
    }


def _write_up_jobs(job: dict[str, Any], home: Path | None) -> Path:
    """Write ``job`` and its HR variants under ``home`` (default: the state directory); return the job's path."""
    import yaml

    from harness.logs.store import state_home

    directory = home or state_home()
    directory.mkdir(parents=True, exist_ok=True)
    job_path = directory / "up-job.yaml"
    job_path.write_text(yaml.safe_dump(job, sort_keys=False), encoding="utf-8")
    for kind, name in HR_JOBS.items():
        (directory / f"up-{kind}.yaml").write_text(
            yaml.safe_dump(_hr_job(job, kind, name), sort_keys=False), encoding="utf-8"
        )
    return job_path


HR_JOBS = {"workday": "Workday", "successfactors": "SuccessFactors"}


def _hr_job(job: dict[str, Any], kind: str, name: str) -> dict[str, Any]:
    """Return ``up``'s job for an HR source: Sync all, users only (S6: assignment does not apply; S1: no groups)."""
    source = {key: value for key, value in job["source"].items() if key != "app"}
    return {
        "name": f"{name} to Contoso SCIM app",
        "source": {**source, "type": kind},
        "target": job["target"],
        "scope": "all",
        "state": "running",
        "skip_out_of_scope_deletions": True,
        "users": {"mappings": "default"},
    }


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--idp-port", type=click.IntRange(0, 65535), default=5001, show_default=True)
@click.option("--scim-port", type=click.IntRange(0, 65535), default=5002, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--users", type=click.IntRange(0, 1_000_000), default=25, show_default=True)
@click.option("--profile", help="The target profile.")
@click.option("--quirk", "quirks", multiple=True, help="A target quirk; repeatable.")
@click.option("--replication-delay", type=float, default=0, show_default=True)
@click.option("--control-token", default="scimulator-control", show_default=True)
def up(**options: Any) -> None:
    """Serve both mocks on localhost, seeded, and print how to reach them (Ctrl-C stops)."""
    session = start_up(**options)
    for line in session.banner():
        click.echo(line)
    try:
        threading.Event().wait()
    finally:
        session.stop()


@cli.command()
@click.option("--db", required=True, help="SQLAlchemy URL of mockidp's database.")
@click.option("--seed", "seed_value", type=int, default=0, show_default=True)
@click.option("--users", type=click.IntRange(1, 1_000_000), default=25, show_default=True)
@click.option("--tenant", help="The tenant name.")
def seed(db: str, seed_value: int, users: int, tenant: str | None) -> None:
    """Seed a mockidp database: a tenant, users, groups and the enterprise app, from one seed."""
    from harness.world import create_idp_app
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
    click.echo(f"seeded {users} users (seed {seed_value}) into {db}")
