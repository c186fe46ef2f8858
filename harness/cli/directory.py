"""``scimulator users`` and ``groups``: browse the job's source directory, as the portal's lists show it.

Both read the directory over Graph with the job's credentials (default: the job file ``up`` writes), so a person
can find a user's UPN or a group's members without fetching a token and calling Graph by hand. The search follows
the portal's rules (a word of the first, last or display name, UPN or email begins with the text; case and accents
do not matter); "Assigned" is whether the job's enterprise app is assigned to the user, directly or through a
group, as the directory holds it now (the provisioning replica may lag behind: see ``--replication-delay``).
"""

from __future__ import annotations

from typing import Any

import click
import requests

from harness.cli.app import EXIT_USAGE, CliError, cli
from harness.cli.common import load_job_file, plain_text
from harness.render.json import dumps

__all__ = ["browse_groups", "browse_users", "groups", "users"]

_JOB_HELP = "The job whose source to browse; default: the job file `scimulator up` wrote."


def _job(job_path: str | None) -> Any:
    """Return the job to browse with: ``--job``, else the one ``up`` wrote; an Entra source only."""
    if job_path is None:
        from harness.logs.store import state_home

        default = state_home() / "up-job.yaml"
        if not default.is_file():
            raise CliError(
                f"--job is needed: no {default} (run `scimulator up`, which writes it)", EXIT_USAGE
            )
        job_path = str(default)
    job = load_job_file(job_path)
    if job.source.type != "entra":
        raise CliError(
            f"{job_path}: the source is {job.source.type}; users and groups browse an Entra directory",
            EXIT_USAGE,
        )
    return job


def _graph(job: Any, session: requests.Session) -> Any:
    from harness.clients import GraphClient, WireLog
    from idcore.clock import SystemClock

    return GraphClient(session, SystemClock(), job.settings, job.source, WireLog())


def _assignment_index(graph: Any, job: Any) -> tuple[dict[str, str], set[str]] | None:
    """Return (user id → how it is assigned, assigned group ids), or None when the job names no app."""
    if not job.source.app:
        return None
    sp = graph.service_principal(job.source.app)
    if sp is None:
        raise CliError(f"the directory has no enterprise app {job.source.app!r} (the job's source.app)")
    users: dict[str, str] = {}
    groups: set[str] = set()
    for assignment in graph.assigned_to(str(sp["id"])):
        principal = str(assignment.get("principalId"))
        if assignment.get("principalType") == "Group":
            groups.add(principal)
            for member in graph.group_members(principal):
                users.setdefault(str(member.get("id")), f"via {assignment.get('principalDisplayName')}")
        else:
            users[principal] = "yes"
    return users, groups


def browse_users(job: Any, query: str, session: requests.Session) -> list[dict[str, Any]]:
    """Return the rows ``users`` shows: the users the query finds (deleted ones too), with their state."""
    from harness.clients.search import search_people

    graph = _graph(job, session)
    index = _assignment_index(graph, job)
    live = graph.list_users(query)
    deleted = graph.list_deleted_users()
    deleted = search_people(deleted, query) if query.strip() else deleted
    rows = []
    for user, is_deleted in [*((u, False) for u in live), *((u, True) for u in deleted)]:
        state = "deleted" if is_deleted else "enabled" if user.get("accountEnabled", True) else "disabled"
        row = {
            "userPrincipalName": user.get("userPrincipalName"),
            "displayName": user.get("displayName"),
            "state": state,
            "id": user.get("id"),
        }
        if index is not None:
            row["assigned"] = "no" if is_deleted else index[0].get(str(user.get("id")), "no")
        rows.append(row)
    return sorted(rows, key=lambda r: (r["state"] == "deleted", str(r["userPrincipalName"]).lower()))


def browse_groups(job: Any, query: str, session: requests.Session, *, members: bool) -> list[dict[str, Any]]:
    """Return the rows ``groups`` shows: the groups the query finds, their member count and assignment."""
    graph = _graph(job, session)
    index = _assignment_index(graph, job)
    rows = []
    for group in sorted(graph.list_groups(query), key=lambda g: str(g.get("displayName")).lower()):
        listed = graph.group_members(str(group["id"]))
        row: dict[str, Any] = {
            "displayName": group.get("displayName"),
            "members": len(listed),
            "id": group["id"],
        }
        if index is not None:
            row["assigned"] = "yes" if str(group["id"]) in index[1] else "no"
        if members:
            row["memberList"] = [_member_row(m) for m in listed]
        rows.append(row)
    return rows


def _member_row(member: dict[str, Any]) -> dict[str, Any]:
    if not str(member.get("@odata.type", "user")).endswith("user"):
        return {"userPrincipalName": None, "displayName": member.get("displayName"), "state": "group"}
    state = "enabled" if member.get("accountEnabled", True) else "disabled"
    return {
        "userPrincipalName": member.get("userPrincipalName"),
        "displayName": member.get("displayName"),
        "state": state,
    }


@cli.command()
@click.argument("query", required=False, default="")
@click.option("--job", "job_path", type=click.Path(dir_okay=False), help=_JOB_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON.")
def users(query: str, job_path: str | None, as_json: bool) -> None:
    """List the source's users (or those QUERY finds): UPN, display name, state, assigned."""
    job = _job(job_path)
    with requests.Session() as session:
        rows = browse_users(job, query, session)
    if as_json:
        click.echo(dumps({"users": rows}))
        return
    if not rows:
        raise CliError(f"no user matches {query!r} (searched: first, last and display name, UPN, email)")
    columns = ["userPrincipalName", "displayName", "state"] + (["assigned"] if "assigned" in rows[0] else [])
    click.echo(
        _table(rows, columns, ("User principal name", "Display name", "State", "Assigned")).rstrip("\n")
    )


@cli.command()
@click.argument("query", required=False, default="")
@click.option("--members", "with_members", is_flag=True, help="List each group's direct members too.")
@click.option("--job", "job_path", type=click.Path(dir_okay=False), help=_JOB_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the rows as JSON.")
def groups(query: str, with_members: bool, job_path: str | None, as_json: bool) -> None:
    """List the source's groups (or those QUERY finds): name, member count, assigned; --members lists them."""
    job = _job(job_path)
    with requests.Session() as session:
        rows = browse_groups(job, query, session, members=with_members)
    if as_json:
        click.echo(dumps({"groups": rows}))
        return
    if not rows:
        raise CliError(f"no group matches {query!r} (searched: a word of the display name begins with it)")
    columns = ["displayName", "members"] + (["assigned"] if "assigned" in rows[0] else [])
    if not with_members:
        click.echo(_table(rows, columns, ("Group", "Members", "Assigned")).rstrip("\n"))
        return
    blocks = []
    for row in rows:
        assigned = f", assigned: {row['assigned']}" if "assigned" in row else ""
        block = f"{row['displayName']}  ({row['members']} members{assigned})"
        if row["memberList"]:
            member_table = _table(
                row["memberList"], ["userPrincipalName", "displayName", "state"], _MEMBER_TITLES
            )
            block += "\n" + "\n".join("  " + line for line in member_table.rstrip("\n").splitlines())
        blocks.append(block)
    click.echo("\n\n".join(blocks))


_MEMBER_TITLES = ("Member (UPN)", "Display name", "State")


def _table(rows: list[dict[str, Any]], columns: list[str], titles: tuple[str, ...]) -> str:
    from rich.table import Table

    table = Table(*titles[: len(columns)], box=None, pad_edge=False, show_edge=False)
    for row in rows:
        table.add_row(*("" if row.get(c) is None else str(row.get(c)) for c in columns))
    return plain_text(table)
