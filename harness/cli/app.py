"""The ``scimulator`` click group, ``main`` and the one place failures become one line and an exit code.

Exit codes: 0 done (a Skipped run included), 1 the run failed or an operation could not complete, 2 bad usage or
bad input, 130 interrupted. Errors the harness raises on purpose derive from ``harness.errors.ScimulatorError``
and carry their exit code; the few errors of the libraries below (database URLs, sockets, files) are translated
by ``_foreign``.
"""

from __future__ import annotations

from collections.abc import Sequence

import click
import requests

from harness.errors import EXIT_FAILED, EXIT_USAGE, ScimulatorError
from idcore.db import DatabaseUnavailable, DatabaseUrlError

__all__ = ["EXIT_FAILED", "EXIT_INTERRUPTED", "EXIT_USAGE", "CliError", "cli", "main"]

EXIT_INTERRUPTED = 130


class CliError(click.ClickException):
    """A problem the person can fix, reported as one line; ``status`` (the exit code) 1 unless told otherwise.

    click declares ``exit_code`` a class variable, so the per-error code lives in ``status``; ``main`` reads it.
    """

    def __init__(self, message: str, exit_code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.status = exit_code


def version() -> str:
    """Return the installed scimulator's version (the source tree's pyproject when it is not installed)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("scimulator")
    except PackageNotFoundError:  # pragma: no cover — run from a checkout that was never installed
        return "unknown"


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 110})
@click.version_option(version=version(), prog_name="scimulator", message="%(prog)s %(version)s")
def cli() -> None:
    """Entra ID's "Provision on demand", offline and deterministic."""


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
    except CliError as exc:
        return _fail(exc.format_message(), exc.status)
    except click.ClickException as exc:
        return _fail(exc.format_message(), exc.exit_code)
    except KeyboardInterrupt:
        return _fail("interrupted", EXIT_INTERRUPTED)
    except ScimulatorError as exc:  # every error a person can cause (harness.errors draws the tree)
        return _fail(str(exc), exc.exit_code)
    except Exception as exc:  # noqa: BLE001 — the promise is: no traceback, ever
        return _fail(*_foreign(exc))


def _fail(message: str, code: int) -> int:
    click.echo(f"scimulator: error: {message}", err=True)
    return code


def _foreign(exc: Exception) -> tuple[str, int]:
    """Turn an error of a library below the harness into one line and an exit code."""
    if isinstance(exc, DatabaseUrlError):
        return f"--db: {exc}", EXIT_USAGE
    if isinstance(exc, DatabaseUnavailable):
        return str(exc), EXIT_FAILED
    if isinstance(exc, requests.ConnectionError | requests.Timeout):
        url = getattr(exc.request, "url", None) if exc.request is not None else None
        return f"cannot reach {url or 'the server'}: {type(exc).__name__}", EXIT_FAILED
    if isinstance(exc, OSError):
        return f"{exc.strerror or exc}{': ' + str(exc.filename) if exc.filename else ''}", EXIT_FAILED
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"internal error: {type(exc).__name__}{': ' + first if first else ''}", EXIT_FAILED
