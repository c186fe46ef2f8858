"""The ``scimulator`` command: demo, up, serve, seed, provision, expr, scope, validate and logs (docs/cli.md).

Every failure a person can cause (an unknown option, a bad job file, an unreachable URL or database, a refused
on-demand run, an expression that does not parse) ends with one clear line on stderr — plus the caret line of a
parse error — and a non-zero exit; never a traceback. Exit codes: 0 done (a Skipped run included), 1 the run
failed or an operation could not complete, 2 bad usage or bad input, 130 interrupted.

The CLI reaches mockidp and mockscim only through ``harness.world`` (the composition root); ``provision`` talks
to the job's URLs over real HTTP with a plain ``requests.Session`` and the system clock.

One module per command family: ``app`` (the group, ``main``, errors and exit codes), ``demo``, ``serve`` (serve,
seed), ``up``, ``directory`` (users, groups), ``provision`` (provision, expr, scope), ``sync``, ``validate``, ``scenarios`` and ``logs``. A command module registers its
commands with ``@cli.command()`` (``harness.cli.app.cli``) when imported; adding a command is a new module and
its name in the import list below.
"""

from __future__ import annotations

from harness.cli import (  # noqa: F401 — importing a command module registers its commands
    demo,
    directory,
    logs,
    provision,
    scenarios,
    serve,
    sync,
    up,
    validate,
)
from harness.cli.app import CliError, cli, main
from harness.cli.demo import demo_runs, first_assigned_user
from harness.cli.serve import serve_config
from harness.cli.up import start_up

__all__ = ["CliError", "cli", "demo_runs", "first_assigned_user", "main", "serve_config", "start_up"]
