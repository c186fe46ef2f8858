"""The ``scimulator`` command: demo, up, serve, seed, provision, expr, scope, validate and logs (docs/cli.md).

Every failure a person can cause (an unknown option, a bad job file, an unreachable URL or database, a refused
on-demand run, an expression that does not parse) ends with one clear line on stderr — plus the caret line of a
parse error — and a non-zero exit; never a traceback. Exit codes: 0 done (a Skipped run included), 1 the run
failed or an operation could not complete, 2 bad usage or bad input, 130 interrupted.

The CLI reaches mockidp and mockscim only through ``harness.world`` (the composition root); ``provision`` talks
to the job's URLs over real HTTP with a plain ``requests.Session`` and the system clock.
"""

from __future__ import annotations

import io
import shutil
import sys
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click
import requests
from rich.console import Console, RenderableType

from harness.render import FORMATS, render
from harness.render.json import dumps

__all__ = ["CliError", "cli", "main"]

EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 1, 2, 130


class CliError(click.ClickException):
    """A problem the person can fix, reported as one line; ``exit_code`` 1 unless told otherwise."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI and return its exit code (the console script passes it to ``sys.exit``)."""
    try:
        result = cli.main(
            args=list(argv) if argv is not None else None, prog_name="scimulator", standalone_mode=False
        )
        return result if isinstance(result, int) else 0
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        return _fail("interrupted", EXIT_INTERRUPTED)
    except click.UsageError as exc:
        return _fail(exc.format_message(), EXIT_USAGE)
    except click.ClickException as exc:
        return _fail(exc.format_message(), exc.exit_code)
    except KeyboardInterrupt:
        return _fail("interrupted", EXIT_INTERRUPTED)
    except Exception as exc:  # noqa: BLE001 — the promise is: no traceback, ever
        return _fail(*_explain(exc))


def _fail(message: str, code: int) -> int:
    click.echo(f"scimulator: error: {message}", err=True)
    return code


def _explain(exc: Exception) -> tuple[str, int]:
    """Turn the errors our layers raise into one line and an exit code."""
    from harness.expressions import ExpressionError, ExpressionSyntaxError
    from harness.job import JobError
    from harness.logs import LogFilterError
    from idcore.db import DatabaseUnavailable

    if isinstance(exc, JobError | ExpressionSyntaxError | LogFilterError):
        return str(exc), EXIT_USAGE
    if isinstance(exc, ExpressionError | DatabaseUnavailable):
        return str(exc), EXIT_FAILED
    if isinstance(exc, requests.ConnectionError | requests.Timeout):
        url = getattr(exc.request, "url", None) if exc.request is not None else None
        return f"cannot reach {url or 'the server'}: {type(exc).__name__}", EXIT_FAILED
    if type(exc).__name__ == "OnDemandRefused":
        return str(exc), EXIT_FAILED
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}{': ' + str(exc.filename) if exc.filename else ''}", EXIT_FAILED
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"internal error: {type(exc).__name__}{': ' + first if first else ''}", EXIT_FAILED


# -- output helpers -----------------------------------------------------------------------------------------


def _width() -> int:
    return shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100


def _text(renderable: RenderableType, width: int | None = None) -> str:
    """Render a rich object to plain text at ``width`` (default: the output's width), trailing spaces dropped."""
    console = Console(width=width or _width(), record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines()) + "\n"


def _emit(text: str, out: Path | None) -> None:
    """Print ``text``, or write it to ``out`` and say where it went."""
    if out is None:
        click.echo(text.rstrip("\n"))
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    click.echo(f"wrote {out}")


def _load_job(path: str) -> Any:
    from harness.job import load_job

    return load_job(path)


def _system_rng() -> Any:
    """Seed the randomness of a real-HTTP run from the system clock, at the edge (one run, one stream)."""
    from idcore.clock import SystemClock
    from idcore.ids import Randomness

    return Randomness(int(SystemClock().now().timestamp() * 1_000_000))


# -- the command group ---------------------------------------------------------------------------------------


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
def cli() -> None:
    """Entra ID's "Provision on demand", offline and deterministic."""


@cli.command()
@click.option("--json", "as_json", is_flag=True, help='Print {"runs": [<result>, ...]}.')
@click.option("--verbose", "-v", is_flag=True, help="Show each step's View details.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the embedded tenant.")
@click.option("--users", type=click.IntRange(1, 10_000), default=25, show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to a file.")
def demo(as_json: bool, verbose: bool, seed: int, users: int, out: Path | None) -> None:
    """Provision one assigned user twice, in process: Create, then Skip (RedundantExport)."""
    runs = demo_runs(seed=seed, users=users)
    text = (
        dumps({"runs": [r.to_dict() for r in runs]})
        if as_json
        else render(runs, verbose=verbose, width=_width())
    )
    _emit(text, out)


def demo_runs(*, seed: int = 0, users: int = 25) -> list[Any]:
    """Build the embedded world, wait out the replication delay on its clock, and run one user twice."""
    from harness.world import build_world

    world = build_world(seed=seed, users=users)
    try:
        world.clock.advance(float(world.idp.config.get("REPLICATION_DELAY", 180)) + 1)
        upn = first_assigned_user(world)
        job = world.default_job()
        return [world.provision(job, user=upn), world.provision(job, user=upn)]
    finally:
        world.close()


def first_assigned_user(world: Any) -> str:
    """Return the UPN of the first enabled member user assigned directly to the app (a World or an UpSession).

    Graph omits accountEnabled and userType unless they are selected, so ask for them.
    """
    apps = world.graph("GET", "/servicePrincipals", params={"$filter": f"displayName eq '{world.APP_NAME}'"})
    sp_id = apps.json()["value"][0]["id"]
    assignments = world.graph("GET", f"/servicePrincipals/{sp_id}/appRoleAssignedTo").json()["value"]
    upns = []
    for assignment in assignments:
        if assignment.get("principalType") == "User":
            user = world.graph(
                "GET",
                f"/users/{assignment['principalId']}",
                params={"$select": "id,userPrincipalName,accountEnabled,userType"},
            ).json()
            if user.get("accountEnabled") and user.get("userType", "Member") == "Member":
                upns.append(user["userPrincipalName"])
    if not upns:
        raise CliError("the embedded tenant has no enabled user assigned to the app")
    return min(upns)


# -- provision, expr, scope, validate -----------------------------------------------------------------------


@cli.command()
@click.option("--job", "job_path", required=True, type=click.Path(dir_okay=False), help="The job file.")
@click.option("--user", help="First name, last name, display name, UPN or email.")
@click.option("--group", help="A group's display name (with up to 5 --member).")
@click.option("--member", "members", multiple=True, help="A member of --group; repeat, at most 5.")
@click.option("--worker-id", help="Workday: the worker's WID or Worker ID.")
@click.option("--person-id-external", help="SuccessFactors: personIdExternal.")
@click.option("--json", "as_json", is_flag=True, help="Print the result model.")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="Output format.")
@click.option("--verbose", "-v", is_flag=True, help="Show each step's View details.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the output to a file.")
@click.option("--no-log", is_flag=True, help="Do not append the run to the provisioning logs.")
def provision(
    job_path: str,
    user: str | None,
    group: str | None,
    members: tuple[str, ...],
    worker_id: str | None,
    person_id_external: str | None,
    as_json: bool,
    fmt: str | None,
    verbose: bool,
    out: Path | None,
    no_log: bool,
) -> int:
    """Run one on-demand provisioning over HTTP against the job's source and target."""
    from harness.pipeline import OnDemandRequest, provision_on_demand
    from idcore.clock import SystemClock

    request = OnDemandRequest(
        user=user, group=group, members=members, worker_id=worker_id, person_id_external=person_id_external
    )
    _check_request(request)
    if as_json and fmt not in (None, "json"):
        raise CliError("--json and --format are exclusive", EXIT_USAGE)
    job = _load_job(job_path)
    with requests.Session() as session:
        result = provision_on_demand(job, request, http=session, clock=SystemClock(), rng=_system_rng())
    if not no_log:
        from harness.logs import LogStore

        store = LogStore()
        store.append(result)
        store.close()
    _emit(render([result], "json" if as_json else (fmt or "terminal"), verbose=verbose, width=_width()), out)
    return EXIT_FAILED if result.result == "Failure" else 0


def _check_request(request: Any) -> None:
    chosen = [
        name
        for name, value in (
            ("--user", request.user),
            ("--group", request.group),
            ("--worker-id", request.worker_id),
            ("--person-id-external", request.person_id_external),
        )
        if value
    ]
    if len(chosen) != 1:
        raise CliError("give exactly one of --user, --group, --worker-id, --person-id-external", EXIT_USAGE)
    if request.members and not request.group:
        raise CliError("--member needs --group", EXIT_USAGE)


@cli.command()
@click.argument("expression")
@click.option("--user", help="Evaluate against this source user (needs --job).")
@click.option("--job", "job_path", type=click.Path(dir_okay=False), help="The job whose source to read.")
@click.option("--attr", "attrs", multiple=True, metavar="NAME=VALUE", help="A source attribute; repeatable.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of Guid() and RandomString().")
@click.option("--json", "as_json", is_flag=True, help='Print {"value": ...}.')
def expr(
    expression: str, user: str | None, job_path: str | None, attrs: tuple[str, ...], seed: int, as_json: bool
) -> None:
    """Evaluate an attribute-mapping expression, against a real source user when one is named."""
    from harness.expressions import DROP, EvalContext, evaluate, parse, referenced_attributes
    from idcore.clock import SystemClock
    from idcore.ids import Randomness

    parsed = parse(expression)
    job = _load_job(job_path) if job_path else None
    source: dict[str, Any] = _attributes(attrs)
    if user:
        if job is None:
            raise CliError("--user needs --job (the source to read the user from)", EXIT_USAGE)
        source = {**_fetch_user(job, user, sorted(referenced_attributes(parsed))), **source}
    settings = job.settings.eval_settings() if job is not None else None
    ctx = EvalContext(
        now=SystemClock().now,
        random=Randomness(seed).random,
        **({"settings": settings} if settings is not None else {}),
    )
    value = evaluate(parsed, source, ctx)
    if as_json:
        click.echo(dumps({"value": None if value is DROP else value}))
    elif value is DROP:
        click.echo("(not flowed: IgnoreFlowIfNullOrEmpty dropped the attribute)")
    elif value is None:
        click.echo("(null: the attribute is not provisioned)")
    else:
        click.echo("\n".join(value) if isinstance(value, list) else value)


def _attributes(pairs: tuple[str, ...]) -> dict[str, Any]:
    source: dict[str, Any] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise CliError(f"--attr takes NAME=VALUE, not {pair!r}", EXIT_USAGE)
        existing = source.get(name)
        source[name] = (
            value if existing is None else [*(existing if isinstance(existing, list) else [existing]), value]
        )
    return source


def _fetch_user(job: Any, query: str, select: list[str]) -> dict[str, Any]:
    """Find a user the way the portal's search does and read the attributes the expression references."""
    from harness.clients import GraphClient, WireLog
    from idcore.clock import SystemClock

    if job.source.type != "entra":
        raise CliError(
            "--user reads an Entra source; this job's source is " + str(job.source.type), EXIT_USAGE
        )
    with requests.Session() as session:
        graph = GraphClient(session, SystemClock(), job.settings, job.source, WireLog())
        found = graph.search_users(query)
        if not found:
            raise CliError(
                f"no enabled user matches {query!r} (the search excludes disabled and deleted users)"
            )
        fields = sorted({"id", "userPrincipalName", "accountEnabled", *select} - {"IsSoftDeleted"})
        user = graph.user(str(found[0]["id"]), fields) or {}
    return {**{k: v for k, v in user.items() if not k.startswith("@")}, "IsSoftDeleted": False}


@cli.command()
@click.option("--user", required=True, help="The source user to evaluate.")
@click.option("--job", "job_path", required=True, type=click.Path(dir_okay=False), help="The job file.")
@click.option("--json", "as_json", is_flag=True, help="Print the import and scope steps as JSON.")
def scope(user: str, job_path: str, as_json: bool) -> int:
    """Show whether a user is in scope, each clause's verdict in the portal's form."""
    from harness.pipeline.context import OnDemandRequest, RunContext
    from harness.pipeline.importer import import_user
    from harness.pipeline.scope import determine_scope
    from idcore.clock import SystemClock

    job = _load_job(job_path)
    with requests.Session() as session:
        ctx = RunContext(job, OnDemandRequest(user=user), session, SystemClock(), _system_rng())
        imported, source = import_user(ctx)
        steps = [imported]
        if source is not None:
            steps.append(determine_scope(ctx, source)[0])
    if as_json:
        click.echo(dumps({"steps": [s.to_dict() for s in steps]}))
    else:
        click.echo(_scope_text(steps).rstrip("\n"))
    return 0 if steps[-1].status == "Success" else EXIT_FAILED


def _scope_text(steps: list[Any]) -> str:
    from rich.table import Table

    from harness.render.common import GLYPHS, text_value

    lines = []
    for step in steps:
        lines.append(f"{GLYPHS.get(step.status, '?')} {step.title}: {step.status}")
        lines.append(f"  {step.description}")
        if step.error is not None:
            lines.append(f"  Error code: {step.error.code}: {step.error.message}")
    table = Table("Property", "Value", box=None, pad_edge=False)
    for key, value in (steps[-1].details or {}).items() if steps[-1].id == "scope" else ():
        table.add_row(str(key), text_value(value))
    return "\n".join(lines) + "\n" + (_text(table) if table.row_count else "")


@cli.command()
@click.option("--job", "job_path", required=True, type=click.Path(dir_okay=False), help="The job file.")
def validate(job_path: str) -> None:
    """Check a job file and summarise it."""
    job = _load_job(job_path)
    click.echo(
        f"{job_path}: ok — {job.name!r}, source {job.source.type}, target {job.target.type} "
        f"{job.target.base_url}, scope {job.scope}, {len(job.users.mappings)} user mappings, "
        f"{len(job.groups.mappings)} group mappings"
    )


# -- serve, up, seed ----------------------------------------------------------------------------------------

DEFAULT_PORTS = {"idp": 5001, "scim": 5002}
_IDP_ONLY = ("users", "tenant", "client_id", "client_secret", "replication_delay")
_SCIM_ONLY = ("token", "profile", "quirks")


def serve_config(app: str, options: dict[str, Any]) -> dict[str, Any]:
    """Return the app config for ``serve``/``up`` from CLI options; refuse options of the other app."""
    wrong = [name for name in (_SCIM_ONLY if app == "idp" else _IDP_ONLY) if options.get(name)]
    if wrong:
        flags = ", ".join("--" + ("quirk" if n == "quirks" else n.replace("_", "-")) for n in wrong)
        raise CliError(f"{flags} does not apply to serve {app}", EXIT_USAGE)
    config: dict[str, Any] = {
        "DATABASE_URL": _prepare_db(options.get("db")),
        "SEED": options.get("seed") or 0,
    }
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


def create_mock(app: str, config: dict[str, Any], clock: Any = None) -> Any:
    """Create mockidp or mockscim through the composition root."""
    from harness.world import create_idp_app, create_scim_app

    return (create_idp_app if app == "idp" else create_scim_app)(config, clock=clock)


def _banner(app: str, url: str, config: dict[str, Any]) -> list[str]:
    database = "in memory" if config["DATABASE_URL"] == "sqlite://" else config["DATABASE_URL"]
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
    if workers > 1 and config["DATABASE_URL"] == "sqlite://":
        raise CliError(
            "--workers > 1 needs a --db every worker shares (a file or PostgreSQL URL)", EXIT_USAGE
        )
    flask_app = create_mock(app, config)  # seeds once, here, and fails early on a bad database
    for line in _banner(app, f"http://{host}:{port}", config):
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
        """Return the lines ``up`` prints: URLs, tenant, credentials, tokens and the job file."""
        return [
            *_banner("idp", self.idp_url, self.configs[0]),
            *_banner("scim", self.servers[1].url, self.configs[1]),
            f"job file: {self.job_path}",
            f"try: scimulator provision --job {self.job_path} --user <name>",
        ]

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
    import yaml

    from harness.logs import state_home
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
    job = {
        "name": "Contoso SCIM app",
        "source": {
            "type": "entra",
            "url": idp.url,
            "tenant": "contoso",
            "client_id": "scimulator-harness",
            "client_secret": "scimulator-secret",
            "app": "Contoso SCIM app",
        },
        "target": {
            "type": "scim",
            "url": f"{scim.url}/scim/v2",
            "auth": {"type": "bearer", "token": scim_config.get("TOKEN", "scimulator-token")},
        },
        "scope": "assigned",
        "state": "running",
        "users": {"enabled": True, "mappings": "default"},
        "groups": {"enabled": True, "mappings": "default"},
    }
    directory = home or state_home()
    directory.mkdir(parents=True, exist_ok=True)
    job_path = directory / "up-job.yaml"
    job_path.write_text(yaml.safe_dump(job, sort_keys=False), encoding="utf-8")
    return UpSession((idp, scim), (idp_config, scim_config), job_path)


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


# -- logs --------------------------------------------------------------------------------------------------


@cli.command()
@click.option("--status", help="success | failure | skipped | warning")
@click.option("--action", help="create | update | delete | disable | other")
@click.option("--identity", help="A source/target id, or part of a name or UPN (case-sensitive).")
@click.option("--error-code", help="An error code (case-sensitive).")
@click.option("--since", help="ISO 8601 date or time (UTC).")
@click.option("--until", help="ISO 8601 date or time (UTC).")
@click.option("--limit", type=click.IntRange(1), help="At most this many entries, newest first.")
@click.option("--json", "as_json", is_flag=True, help='Print Graph\'s list body {"value": [...]}.')
@click.option(
    "--csv",
    "csv_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the portal's three CSV files into this directory.",
)
@click.option("--db", help="The log store's URL (default: $SCIMULATOR_HOME/logs.sqlite).")
def logs(as_json: bool, csv_dir: Path | None, db: str | None, **filters: Any) -> None:
    """List, filter and export the provisioning logs of past runs."""
    from harness.logs import LogStore, export_json

    store = LogStore(db)
    try:
        records = store.list(**filters)
        if csv_dir is not None:
            for path in store.export_csv(csv_dir, records):
                click.echo(f"wrote {path}")
        elif as_json:
            click.echo(export_json(records))
        else:
            click.echo(_logs_table(records).rstrip("\n"))
    finally:
        store.close()


def _logs_table(records: list[dict[str, Any]]) -> str:
    from rich.table import Table

    if not records:
        return "no provisioning log entries match"
    table = Table(box=None, pad_edge=False)
    for header in ("Date (UTC)", "Identity", "Action", "Status", "Error code", "Change ID"):
        table.add_column(header, no_wrap=True)
    for r in records:
        error = r["provisioningStatusInfo"].get("errorInformation") or {}
        table.add_row(
            r["activityDateTime"],
            r["reportableIdentifier"] or r["sourceIdentity"]["displayName"],
            r["provisioningAction"],
            r["provisioningStatusInfo"]["status"],
            error.get("errorCode") or "",
            r["changeId"],
        )
    return _text(table, width=400)  # one entry per line, ids never cut


if __name__ == "__main__":
    sys.exit(main())
