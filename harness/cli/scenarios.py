"""``scimulator scenarios list | run | diff``: the scenario catalog played against mockscim or a vendor's endpoint.

``run`` exits 0 when every scenario passed (skips included), 1 when one failed, 2 for usage errors; ``diff`` exits 0
and prints where two mockscim profiles give different outcomes (docs/scenarios.md).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from harness.cli.app import EXIT_FAILED, EXIT_USAGE, CliError, cli
from harness.cli.common import system_rng

if TYPE_CHECKING:
    from harness.scenarios import Scenario, ScenarioOutcome, TargetSpec

__all__ = ["scenarios"]

CATALOG_OPTION = click.option(
    "--catalog",
    "catalog_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Play this catalog file instead of the shipped one (same format).",
)


@cli.group()
def scenarios() -> None:
    """Play the catalog of on-demand scenarios (known behaviours and limitations) against mockscim or your endpoint."""


@scenarios.command("list")
@CATALOG_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the catalog entries as JSON.")
def list_scenarios(catalog_path: Path | None, as_json: bool) -> int:
    """List the scenarios: number, name, title, and what needs mockscim."""
    from harness.scenarios.report import to_list

    catalog = _load(catalog_path)
    if as_json:
        entries = [
            {"name": s.name, "number": s.number, "title": s.title, "needsMockscim": s.needs_mockscim()}
            for s in catalog
        ]
        click.echo(json.dumps(entries, indent=2, ensure_ascii=False))
    else:
        click.echo(to_list(catalog), nl=False)
    return 0


@scenarios.command("run")
@click.argument("names", nargs=-1)
@click.option(
    "--profile", default="entra-compatible", show_default=True, help="mockscim's profile (in process)."
)
@click.option("--url", help="Play against this SCIM endpoint instead of mockscim (its base URL).")
@click.option("--token", help="The endpoint's bearer token (with --url).")
@CATALOG_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print the outcomes as JSON.")
@click.option("--junit", type=click.Path(dir_okay=False, path_type=Path), help="Also write JUnit XML here.")
@click.option("--verbose", "-v", is_flag=True, help="Show every run, not only the failed ones.")
def run_command(
    names: tuple[str, ...],
    profile: str,
    url: str | None,
    token: str | None,
    catalog_path: Path | None,
    as_json: bool,
    junit: Path | None,
    verbose: bool,
) -> int:
    """Run the scenarios NAMES (names or numbers; all when none): pass/fail each, with what was expected."""
    from harness.scenarios import pick
    from harness.scenarios.report import to_json, to_junit, to_terminal

    spec = _spec(profile, url, token)
    chosen = pick(_load(catalog_path), names)
    outcomes = _play(chosen, spec)
    if junit is not None:
        junit.parent.mkdir(parents=True, exist_ok=True)
        junit.write_text(to_junit(outcomes, spec.label), encoding="utf-8")
    if as_json:
        click.echo(to_json(outcomes, spec.label), nl=False)
    else:
        click.echo(to_terminal(outcomes, spec.label, verbose=verbose), nl=False)
    return EXIT_FAILED if any(o.status == "failed" for o in outcomes) else 0


@scenarios.command("diff")
@click.argument("names", nargs=-1)
@click.option(
    "--profile", "profiles", multiple=True, required=True, help="A mockscim profile; give it twice."
)
@CATALOG_OPTION
def diff_command(names: tuple[str, ...], profiles: tuple[str, ...], catalog_path: Path | None) -> int:
    """Run the scenarios on two mockscim profiles and print where the outcomes differ."""
    from harness.scenarios import pick
    from harness.scenarios.report import to_diff

    if len(profiles) != 2:
        raise CliError("give --profile exactly twice: --profile A --profile B", EXIT_USAGE)
    chosen = pick(_load(catalog_path), names)
    left, right = (_play(chosen, _spec(p, None, None)) for p in profiles)
    text, _ = to_diff(left, right, (profiles[0], profiles[1]))
    click.echo(text, nl=False)
    return 0


def _load(path: Path | None) -> list[Scenario]:
    from harness.scenarios import load_catalog

    return load_catalog(path)


def _spec(profile: str, url: str | None, token: str | None) -> TargetSpec:
    from harness.scenarios import TargetSpec
    from harness.world import check_scim_profile

    if url:
        if not url.startswith(("http://", "https://")):
            raise CliError(f"--url must be an http(s) URL, got {url!r}", EXIT_USAGE)
        if not token:
            raise CliError("--url needs --token (the endpoint's bearer token)", EXIT_USAGE)
        return TargetSpec(url=url, token=token)
    if token:
        raise CliError("--token goes with --url", EXIT_USAGE)
    check_scim_profile(profile)
    return TargetSpec(profile=profile)


def _play(chosen: list[Scenario], spec: TargetSpec) -> list[ScenarioOutcome]:
    from harness.scenarios import run_scenarios
    from harness.scenarios.report import GLYPHS

    click.echo(f"playing {len(chosen)} scenarios against {spec.label} ", err=True, nl=False)
    prefix = f"scn-{system_rng().hex(3)}-" if spec.url else ""
    try:
        return run_scenarios(
            chosen, spec, prefix=prefix, progress=lambda o: click.echo(GLYPHS[o.status], err=True, nl=False)
        )
    finally:
        click.echo("", err=True)
