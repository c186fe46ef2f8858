"""``scimulator serve ui --job FILE…``: the web page (harness.web) on a socket; ``up`` serves it through ``start_ui``.

A job file that does not load does not stop the page: it is listed, and the page shows why it does not load.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

from harness.cli.app import EXIT_USAGE, CliError

__all__ = ["DEFAULT_UI_PORT", "serve_ui", "start_ui", "ui_app"]

DEFAULT_UI_PORT = 5000


def ui_app(job_paths: Sequence[str], control_token: str | None = None) -> Any:
    """Build the web app offering ``job_paths``; ``control_token`` reaches the mocks' /_control APIs."""
    from harness.web import create_app

    return create_app(list(job_paths), {"CONTROL_TOKEN": control_token} if control_token else None)


def serve_ui(
    app: str, job_paths: Sequence[str], host: str, port: int | None, options: dict[str, Any]
) -> None:
    """Serve the web page until interrupted; refuse the mocks' options and a page without jobs."""
    from werkzeug.serving import run_simple

    if app != "ui":
        raise CliError(f"--job does not apply to serve {app}", EXIT_USAGE)
    wrong = [name for name, value in options.items() if value and name not in ("control_token", "seed")]
    if wrong:
        flags = ", ".join("--" + ("quirk" if n == "quirks" else n.replace("_", "-")) for n in sorted(wrong))
        raise CliError(f"{flags} does not apply to serve ui", EXIT_USAGE)
    if not job_paths:
        raise CliError("serve ui needs at least one --job FILE", EXIT_USAGE)
    web = ui_app(job_paths, options.get("control_token"))
    port = DEFAULT_UI_PORT if port is None else port
    click.echo(f"scimulator web page on http://{host}:{port}/")
    for entry in web.extensions["scimulator.web"].jobs.values():
        click.echo(f"  job {entry.path}" + (f"  (does not load: {entry.error})" if entry.error else ""))
    run_simple(host, port, web, threaded=True, use_reloader=False)


def start_ui(job_paths: Sequence[str], host: str, port: int, control_token: str | None) -> Any:
    """Start the web page on a threaded server in this process (for ``up``) and return the server."""
    from idcore.testing import LiveServer

    return LiveServer(ui_app(job_paths, control_token), host, port).start()
