"""``scimulator demo``: the embedded world, one assigned user provisioned twice (Create, then Skip)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from harness.cli.app import CliError, cli
from harness.cli.common import emit, terminal_width
from harness.render import render
from harness.render.json import dumps

__all__ = ["demo", "demo_runs", "first_assigned_user"]


@cli.command()
@click.option("--json", "as_json", is_flag=True, help='Print {"runs": [<result>, ...]}.')
@click.option("--verbose", "-v", is_flag=True, help="Show each step's View details.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the embedded tenant.")
@click.option("--users", type=click.IntRange(1, 10_000), default=25, show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write the report to a file.")
@click.option(
    "--cts",
    is_flag=True,
    help="Cross-tenant synchronization: provision one user into a second tenant as a B2B member (Create).",
)
def demo(as_json: bool, verbose: bool, seed: int, users: int, out: Path | None, cts: bool) -> None:
    """Provision one assigned user twice, in process: Create, then Skip (RedundantExport); --cts: across tenants."""
    if cts:
        from harness.cli.cross_tenant import cts_demo_runs

        runs = cts_demo_runs(seed=seed, users=users)
    else:
        runs = demo_runs(seed=seed, users=users)
    text = (
        dumps({"runs": [r.to_dict() for r in runs]})
        if as_json
        else render(runs, verbose=verbose, width=terminal_width())
    )
    emit(text, out)


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
    """Return the UPN of the first enabled member user assigned directly to the app (a World or an UpSession)."""
    from harness.world import assigned_member_users

    users = assigned_member_users(world.graph, world.APP_NAME)
    if not users:
        raise CliError("the embedded tenant has no enabled user assigned to the app")
    return str(users[0]["userPrincipalName"])
