"""The errors the harness raises on purpose, and the exit code each one means at the command line.

Every error a person can cause derives from one base, so the CLI (``harness.cli.app.main``) catches that base,
prints ``str(error)`` as one line and exits with ``error.exit_code`` — no list of special cases::

    ScimulatorError                  raised on purpose; str() is the one line that names the input
    ├── UserError        exit 2      the input is wrong: fix it and run again
    │   ├── OptionError              a command-line option's value (unknown --profile or --quirk, a --db URL)
    │   ├── JobError                 a job file: the file, the field, what is wrong (harness.jobs.model)
    │   ├── ExpressionError          an attribute-mapping expression (harness.jobs.expressions.errors)
    │   │   ├── ExpressionSyntaxError    (TooLong, UnknownFunction, ArgumentCount)
    │   │   └── ExpressionEvaluationError  (a value the function cannot take, a date out of range)
    │   └── LogFilterError           a provisioning-logs filter (harness.logs.store)
    └── RunError         exit 1      the input is fine, but the work could not be done
        ├── OnDemandRefused          the portal refuses the request before sending anything (harness.pipeline)
        └── ReadError                a read from the source failed: GraphError, HrError (harness.clients)

Errors of other packages that a person causes are translated where they cross into the harness (mockscim's
unknown profile in ``harness.world``, a database URL in ``harness.cli.app``), never recognised by name.
"""

from __future__ import annotations

__all__ = ["EXIT_FAILED", "EXIT_USAGE", "OptionError", "RunError", "ScimulatorError", "UserError"]

EXIT_FAILED, EXIT_USAGE = 1, 2


class ScimulatorError(Exception):
    """An error the harness raises on purpose; ``exit_code`` is what the CLI exits with."""

    exit_code = EXIT_FAILED


class UserError(ScimulatorError):
    """The person's input is wrong (a file, an option, an expression): one line naming it, exit 2."""

    exit_code = EXIT_USAGE


class OptionError(UserError):
    """A command-line option's value that cannot be used; the message names the option."""

    def __init__(self, option: str, message: str) -> None:
        self.option = option
        super().__init__(f"{option}: {message}")


class RunError(ScimulatorError):
    """The input is fine but the work could not complete (refused, unreachable): exit 1."""

    exit_code = EXIT_FAILED
