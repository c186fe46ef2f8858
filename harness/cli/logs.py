"""``scimulator logs``: list, filter and export the provisioning logs of past runs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from harness.cli.app import cli
from harness.cli.common import plain_text

__all__ = ["logs"]


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
    from harness.logs.store import LogStore, export_json

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
    return plain_text(table, width=400)  # one entry per line, ids never cut
