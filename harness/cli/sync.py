"""``scimulator sync``: run a job's provisioning cycles over real HTTP, with the portal's progress bar.

The job's state (status, watermark, escrows) is kept in ``$SCIMULATOR_HOME/sync.sqlite`` and its links in
``links.sqlite`` beside the logs, so a second ``sync`` continues with an incremental cycle, as the service does.
Waits between cycles go through the clock (the job's ``sync_interval``, PT40M, unless ``--interval``).
"""

from __future__ import annotations

import sys
from typing import Any

import click
import requests

from harness.cli.app import EXIT_FAILED, CliError, cli
from harness.cli.common import load_job_file, system_rng
from harness.render.json import dumps
from idcore.clock import isoformat

__all__ = ["sync"]


@cli.command()
@click.option("--job", "job_path", required=True, type=click.Path(dir_okay=False), help="The job file.")
@click.option("--cycles", type=click.IntRange(min=1), help="How many cycles to run (default 1).")
@click.option("--until-idle", is_flag=True, help="Run cycles until one finds nothing to do.")
@click.option(
    "--concurrency",
    type=click.IntRange(min=1, max=256),
    default=1,
    show_default=True,
    help="Workers sending the writes.",
)
@click.option(
    "--interval", type=click.FloatRange(min=0), help="Seconds between cycles (default: the job's, 2400)."
)
@click.option(
    "--restart",
    "reset_scope",
    metavar="SCOPE",
    help="Restart first: Watermark, Escrows, QuarantineState, ConnectorDataStore, Full, ForceDeletes "
    "(comma-separated), or '' for the portal's Restart provisioning.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the cycle reports and the status as JSON.")
@click.option("--no-log", is_flag=True, help="Do not append the objects to the provisioning logs.")
@click.option("--seed", type=int, help="Seed the change and cycle ids (default: the clock).")
def sync(
    job_path: str,
    cycles: int | None,
    until_idle: bool,
    concurrency: int,
    interval: float | None,
    reset_scope: str | None,
    as_json: bool,
    no_log: bool,
    seed: int | None,
) -> int:
    """Run provisioning cycles: the initial cycle, then incremental ones from the watermark."""
    from harness.logs.links import LinkStore
    from harness.logs.store import LogStore
    from harness.sync import SyncEngine, SyncStore
    from idcore.clock import SystemClock

    if cycles is not None and until_idle:
        raise CliError("--cycles and --until-idle are exclusive", 2)
    job = load_job_file(job_path)
    links, state = LinkStore(), SyncStore()
    logs = None if no_log else LogStore()
    bar = None if as_json else ProgressBar()
    try:
        with requests.Session() as session:
            engine = SyncEngine(
                job,
                http=session,
                clock=SystemClock(),
                rng=system_rng(seed),
                links=links,
                logs=logs,
                state=state,
                concurrency=concurrency,
                interval=interval,
                progress=bar.update if bar else None,
            )
            if reset_scope is not None:
                engine.restart(reset_scope)
            if not as_json:
                engine.on_wait = _waiting
            try:
                reports = engine.run(cycles, until_idle=until_idle)
            finally:
                if bar:
                    bar.stop()
            status = engine.status()
    finally:
        for store in (links, state, logs):
            if store is not None:
                store.close()
    if as_json:
        click.echo(dumps({"cycles": [r.to_dict() for r in reports], "status": status}))
    else:
        for number, report in enumerate(reports, 1):
            click.echo(summary_line(number, report.to_dict()))
        click.echo(status_line(status))
    failed = [r for r in reports if r.state != "Succeeded"] or status.get("code") == "Quarantine"
    return EXIT_FAILED if failed else 0


def _waiting(due: Any) -> None:
    click.echo(
        f"next cycle due at {isoformat(due)}: waiting (Ctrl-C stops; --interval sets the time between "
        "cycles, --restart QuarantineState lifts a quarantine)",
        err=True,
    )


def summary_line(number: int, report: dict[str, Any]) -> str:
    """Return one cycle as a line: kind, duration, objects, pages and the counts."""
    counts = ", ".join(f"{name} {value}" for name, value in report["counts"].items())
    line = (
        f"Cycle {number} ({report['type']}): {report['state']} in {report['seconds']:.1f} s — "
        f"{report['objects']} objects, {report['pages']} pages; {counts}"
    )
    if report["error"]:
        line += f"\n  {report['error']['code']}: {report['error']['message']}"
    return line + "".join(f"\n  {error}" for error in report["errors"][:5])


def status_line(status: dict[str, Any]) -> str:
    """Return the job's status as a line: code, quarantine, the entries in the connector data store."""
    entries = ", ".join(f"{c['key']} {c['value']}" for c in status.get("synchronizedEntryCountByType") or [])
    line = f"Status: {status['code']}" + (f"; in the connector data store: {entries}" if entries else "")
    quarantine = status.get("quarantine")
    if quarantine:
        line += f"\n  Quarantine: {quarantine['reason']}, next attempt {quarantine['nextAttempt']}"
    return line


class ProgressBar:
    """The portal's progress view on stderr: cycle type, phase, pages, objects done, counts and errors."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.progress = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[counts]}"),
            TimeElapsedColumn(),
            console=Console(file=sys.stderr),
            transient=False,
        )
        self.task: Any = None
        self.cycle: str | None = None

    def update(self, event: Any) -> None:
        """Show a progress event."""
        if self.task is None:
            self.progress.start()
            self.task = self.progress.add_task("", total=None, counts="")
        counts = event.counts
        text = (
            f"pages {event.pages} · created {counts['created']} updated {counts['updated']} "
            f"disabled {counts['disabled']} deleted {counts['deleted']} skipped {counts['skipped']} · "
            f"errors {event.errors}"
        )
        total = max(event.total, event.done) if event.total else None
        self.progress.update(
            self.task,
            description=f"{event.cycle} · {event.phase}",
            completed=event.done,
            total=total,
            counts=text,
        )

    def stop(self) -> None:
        """Leave the last state on screen."""
        if self.task is not None:
            self.progress.stop()
