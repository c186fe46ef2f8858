"""``scimulator validate``: check a job file and summarise it."""

from __future__ import annotations

import click

from harness.cli.app import cli
from harness.cli.common import load_job_file

__all__ = ["validate"]


@cli.command()
@click.option("--job", "job_path", required=True, type=click.Path(dir_okay=False), help="The job file.")
def validate(job_path: str) -> None:
    """Check a job file and summarise it."""
    job = load_job_file(job_path)
    click.echo(
        f"{job_path}: ok — {job.name!r}, source {job.source.type}, target {job.target.type} "
        f"{job.target.base_url}, scope {job.scope}, {len(job.users.mappings)} user mappings, "
        f"{len(job.groups.mappings)} group mappings"
    )
