"""``scimulator validate``: ``--url`` checks a SCIM endpoint the way Entra drives it (docs/validate.md); ``--job``
checks a job file and summarises it.

Exit codes: 0 no check failed, 1 a check failed, 2 bad usage.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from harness.cli.app import EXIT_FAILED, EXIT_USAGE, CliError, cli
from harness.cli.common import system_rng

if TYPE_CHECKING:
    from harness.validate import CheckResult, Endpoint, Report

__all__ = ["validate"]

DIALECT_CHOICES = ("default", "aadOptscim062020", "both")
JUDGE_CHOICES = ("entra", "rfc")


@cli.command()
@click.option("--job", "job_path", type=click.Path(dir_okay=False), help="Check a job file and summarise it.")
@click.option(
    "--url", help="Validate this SCIM endpoint (its base URL, e.g. https://app.example.com/scim/v2)."
)
@click.option("--token", help="The endpoint's bearer token.")
@click.option("--oauth-token-url", help="OAuth client credentials: the token URL.")
@click.option("--client-id", help="OAuth client credentials: the client id.")
@click.option("--client-secret", help="OAuth client credentials: the client secret.")
@click.option(
    "--dialect",
    type=click.Choice(DIALECT_CHOICES),
    default="default",
    show_default=True,
    help="Entra's PATCH dialect: default, the aadOptscim062020 flag, or both.",
)
@click.option(
    "--judge",
    type=click.Choice(JUDGE_CHOICES),
    default="entra",
    show_default=True,
    help="rfc: where Entra sends a documented non-RFC form and the endpoint answers as RFC 7644 requires, warn "
    "instead of failing (for RFC-literal servers; Entra still fails there).",
)
@click.option(
    "--tags", multiple=True, help="Run only checks with these tags (or ids); comma-separated or repeated."
)
@click.option("--exclude-tags", multiple=True, help="Leave out checks with these tags (or ids).")
@click.option("--list", "list_only", is_flag=True, help="List the checks and send nothing.")
@click.option("--keep", is_flag=True, help="Leave the objects the run created at the endpoint.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--junit", type=click.Path(dir_okay=False, path_type=Path), help="Also write JUnit XML here.")
@click.option(
    "--html", type=click.Path(dir_okay=False, path_type=Path), help="Also write an HTML report here."
)
@click.option("--verbose", "-v", is_flag=True, help="Show every check's requests.")
def validate(
    job_path: str | None,
    url: str | None,
    token: str | None,
    oauth_token_url: str | None,
    client_id: str | None,
    client_secret: str | None,
    dialect: str,
    judge: str,
    tags: tuple[str, ...],
    exclude_tags: tuple[str, ...],
    list_only: bool,
    keep: bool,
    as_json: bool,
    junit: Path | None,
    html: Path | None,
    verbose: bool,
) -> int:
    """Check a SCIM endpoint the way Entra drives it (--url), or check a job file (--job)."""
    if job_path and url:
        raise CliError("--job and --url are exclusive", EXIT_USAGE)
    if job_path:
        _check_job_file(job_path)
        return 0
    from harness.validate import catalog, select
    from harness.validate.render import to_json, to_list

    chosen_tags, excluded = _split(tags), _split(exclude_tags)
    _check_tags(chosen_tags + excluded)
    checks = select(catalog(), chosen_tags, excluded)
    if list_only:
        click.echo(
            json.dumps([c.to_dict() for c in checks], indent=2) if as_json else to_list(checks), nl=False
        )
        return 0
    if not url:
        raise CliError("name the endpoint with --url (or a job file with --job)", EXIT_USAGE)
    endpoint = _endpoint(url, token, oauth_token_url, client_id, client_secret)
    report = _run(endpoint, dialect, judge, chosen_tags, excluded, keep)
    if junit is not None:
        from harness.validate.render import to_junit

        _write(junit, to_junit(report))
    if html is not None:
        from harness.validate.render import to_html

        _write(html, to_html(report))
    if as_json:
        click.echo(to_json(report), nl=False)
    else:
        from harness.validate.render import to_terminal

        click.echo(to_terminal(report, verbose=verbose), nl=False)
    return EXIT_FAILED if report.failed else 0


def _check_job_file(job_path: str) -> None:
    from harness.cli.validate_job import check_job_file

    check_job_file(job_path)


def _split(values: tuple[str, ...]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _check_tags(tags: list[str]) -> None:
    from harness.validate import catalog

    known = {t for c in catalog() for t in (*c.tags, c.id, c.id.split(".", 1)[0])}
    unknown = sorted(set(tags) - known)
    if unknown:
        every = sorted({t for c in catalog() for t in c.tags})
        raise CliError(f"unknown tag {', '.join(unknown)}; known tags: {', '.join(every)}", EXIT_USAGE)


def _endpoint(
    url: str, token: str | None, token_url: str | None, client_id: str | None, secret: str | None
) -> Endpoint:
    from harness.validate import Endpoint

    if not url.startswith(("http://", "https://")):
        raise CliError(f"--url must be an http(s) URL, got {url!r}", EXIT_USAGE)
    oauth = (token_url, client_id, secret)
    if token and any(oauth):
        raise CliError("--token and the --oauth-* options are exclusive", EXIT_USAGE)
    if any(oauth) and not all(oauth):
        raise CliError("OAuth needs --oauth-token-url, --client-id and --client-secret", EXIT_USAGE)
    if not token and not any(oauth):
        raise CliError("give --token, or --oauth-token-url with --client-id and --client-secret", EXIT_USAGE)
    return Endpoint(url, token=token, oauth_token_url=token_url, client_id=client_id, client_secret=secret)


def _run(
    endpoint: Endpoint, dialect: str, judge: str, tags: list[str], excluded: list[str], keep: bool
) -> Report:
    from harness.validate import validate as run_validation
    from harness.validate.render import progress_glyph

    dialects = ("default", "aadOptscim062020") if dialect == "both" else (dialect,)
    click.echo(f"validating {endpoint.base_url} ", err=True, nl=False)

    def progress(result: CheckResult) -> None:
        click.echo(progress_glyph(result), err=True, nl=False)

    try:
        return run_validation(
            endpoint,
            dialects=dialects,
            tags=tags,
            exclude_tags=excluded,
            keep=keep,
            judge=judge,
            progress=progress,
            seed=int(system_rng().hex(8), 16),
        )
    finally:
        click.echo("", err=True)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
