"""``scimulator provision``, ``expr`` and ``scope``: one job, one object, over real HTTP.

These talk to the job's URLs with a plain ``requests.Session`` and the system clock.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import requests

from harness.cli.app import EXIT_FAILED, EXIT_USAGE, CliError, cli
from harness.cli.common import emit, load_job_file, plain_text, system_rng, terminal_width
from harness.render import FORMATS, render
from harness.render.json import dumps

__all__ = ["expr", "provision", "scope"]


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
@click.option("--seed", type=int, help="Seed Guid(), RandomString() and the change id (default: the clock).")
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
    seed: int | None,
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
    job = load_job_file(job_path)
    _check_source(request, job, job_path)
    from harness.logs.links import LinkStore

    links = LinkStore()  # beside the logs in $SCIMULATOR_HOME: the job's links outlive the run, as Entra's do
    try:
        with requests.Session() as session:
            result = provision_on_demand(
                job,
                request,
                http=session,
                clock=SystemClock(),
                rng=system_rng(seed),
                links=links,
                progress=lambda line: click.echo(line, err=True),
            )
    finally:
        links.close()
    if not no_log:
        from harness.logs.store import LogStore

        store = LogStore()
        store.append(result)
        store.close()
    emit(
        render([result], "json" if as_json else (fmt or "terminal"), verbose=verbose, width=terminal_width()),
        out,
    )
    return EXIT_FAILED if result.result == "Failure" else 0


#: Which option names an object of which source type (the job's source.type).
_OPTION_SOURCE = {
    "--user": "entra",
    "--group": "entra",
    "--worker-id": "workday",
    "--person-id-external": "successfactors",
}
_SOURCE_OPTION = {
    "entra": "--user (or --group)",
    "workday": "--worker-id",
    "successfactors": "--person-id-external",
}


def _check_request(request: Any) -> None:
    if request.members and not request.group:
        raise CliError("--member needs --group: name the group whose members to provision", EXIT_USAGE)
    chosen = [name for name in _OPTION_SOURCE if getattr(request, _FIELD[name])]
    if len(chosen) != 1:
        given = f" (given: {', '.join(chosen)})" if chosen else ""
        raise CliError(
            f"name one object: --user, --group, --worker-id or --person-id-external{given}", EXIT_USAGE
        )


_FIELD = {
    "--user": "user",
    "--group": "group",
    "--worker-id": "worker_id",
    "--person-id-external": "person_id_external",
}


def _check_source(request: Any, job: Any, job_path: str) -> None:
    """Refuse an option that names an object of another source type than the job's."""
    option = next(name for name in _OPTION_SOURCE if getattr(request, _FIELD[name]))
    if _OPTION_SOURCE[option] != job.source.type:
        raise CliError(
            f"{option} names {_article(_OPTION_SOURCE[option])} object, but {job_path} reads {job.source.type}: "
            f"use {_SOURCE_OPTION[job.source.type]}, or {_article(_OPTION_SOURCE[option])} job",
            EXIT_USAGE,
        )


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
    from harness.jobs.expressions import DROP, EvalContext, evaluate, parse, referenced_attributes
    from idcore.clock import SystemClock
    from idcore.ids import Randomness

    parsed = parse(expression)
    job = load_job_file(job_path) if job_path else None
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


def _fetch_user(job: Any, query: str, referenced: list[str]) -> dict[str, Any]:
    """Find a user the way the portal's search does and read the attributes the expression references.

    The user is imported as the import step does (synchronization names, ``IsSoftDeleted``, the app role
    assignments to the job's app), so an expression sees what a mapping would.
    """
    from harness.clients import GraphClient, WireLog
    from harness.pipeline.source_attributes import entra_attribute_names, is_entra_attribute, nearest_name
    from idcore.clock import SystemClock

    if job.source.type != "entra":
        raise CliError(
            "--user reads an Entra source; this job's source is " + str(job.source.type), EXIT_USAGE
        )
    for name in referenced:
        if not is_entra_attribute(name):
            near = nearest_name(name, entra_attribute_names())
            hint = f"; did you mean [{near}]?" if near else " (see docs/jobs.md for the source attributes)"
            raise CliError(
                f"the expression reads [{name}], which an Entra user does not have{hint}", EXIT_USAGE
            )
    with requests.Session() as session:
        graph = GraphClient(session, SystemClock(), job.settings, job.source, WireLog())
        found = graph.search_users(query)
        if not found:
            raise CliError(
                f"no enabled user matches {query!r} (the search excludes disabled and deleted users)"
            )
        return _imported_user(job, graph, str(found[0]["id"]), referenced)


def _imported_user(job: Any, graph: Any, user_id: str, referenced: list[str]) -> dict[str, Any]:
    from harness.pipeline.importer import assignment_text
    from harness.pipeline.source_attributes import graph_select, sync_attributes

    user = graph.user(user_id, graph_select(referenced)) or {}
    attributes = {**sync_attributes(user), "objectId": user.get("id"), "IsSoftDeleted": False}
    if "appRoleAssignments" in referenced and job.source.app:
        sp = graph.service_principal(job.source.app)
        mine = [a for a in graph.assignments(user_id) if sp is None or a.get("resourceId") == sp.get("id")]
        attributes["appRoleAssignments"] = [assignment_text(a, sp) for a in mine]
    return attributes


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

    job = load_job_file(job_path)
    with requests.Session() as session:
        ctx = RunContext(job, OnDemandRequest(user=user), session, SystemClock(), system_rng())
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
    return "\n".join(lines) + "\n" + (plain_text(table) if table.row_count else "")


def _article(word: str) -> str:
    return ("an " if word[0] in "aeiou" else "a ") + word
