"""``scimulator logs``: list, filter and export the provisioning logs of past runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from harness.cli.app import CliError, cli
from harness.cli.common import load_job_file, plain_text, terminal_width

__all__ = ["logs"]


@cli.command()
@click.option("--job", "job", help="Only this job's runs: its name, or its job file.")
@click.option("--status", help="success | failure | skipped | warning")
@click.option("--action", help="create | update | delete | disable | other")
@click.option("--identity", help="A source/target id, or part of a name or UPN (any case, accents optional).")
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
    from harness.logs.store import LogStore, export_json

    if filters.get("job") and Path(filters["job"]).is_file():
        filters["job"] = load_job_file(filters["job"]).name
    store = LogStore(db)
    try:
        records = store.list(**filters)
    finally:
        store.close()
    given = {k: v for k, v in filters.items() if v is not None and k != "limit"}
    if not records and given:
        named = ", ".join(f"--{k.replace('_', '-')} {v!r}" for k, v in given.items())
        raise CliError(
            f"no provisioning log entries match {named}" + ("; no files written" if csv_dir else "")
        )
    if csv_dir is not None:
        for path in store.export_csv(csv_dir, records):
            click.echo(f"wrote {path}")
    elif as_json:
        click.echo(export_json(records))
    elif not records:
        click.echo("no provisioning log entries yet: each `scimulator provision` run appends one")
    else:
        click.echo(logs_table(records, terminal_width()).rstrip("\n"))


def logs_table(records: list[dict[str, Any]], width: int) -> str:
    """Return the entries as a table that fits ``width``: one line each; the change ID when there is room."""
    from rich.table import Table

    wide = width >= 130
    table = Table(box=None, pad_edge=False, width=width)
    table.add_column("Date (UTC)", no_wrap=True)
    longest = max(len(str(r["reportableIdentifier"] or "")) for r in records)
    identity_width = min(longest, max(22, width - 64))  # the UPN first: it is what a person looks for
    table.add_column("Identity", no_wrap=True, overflow="ellipsis", width=identity_width)
    table.add_column("Job", no_wrap=True, overflow="ellipsis", ratio=2)
    for header in ("Action", "Status"):
        table.add_column(header, no_wrap=True)
    table.add_column("Error code", no_wrap=True, overflow="ellipsis", ratio=2)
    if wide:
        table.add_column("Change ID", no_wrap=True)
    for r in records:
        error = r["provisioningStatusInfo"].get("errorInformation") or {}
        when = r["activityDateTime"].replace("T", " ")
        row = [
            when[:19] if wide else when[:16],
            r["reportableIdentifier"] or r["sourceIdentity"]["displayName"],
            r.get("jobId") or "",
            r["provisioningAction"],
            r["provisioningStatusInfo"]["status"],
            error.get("errorCode") or "",
        ]
        table.add_row(*row, *([r["changeId"]] if wide else []))
    return plain_text(table, width=width)
