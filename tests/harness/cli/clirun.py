"""Helpers the CLI test modules share: run the command, and check an error is one clear line."""

from __future__ import annotations

from harness.cli import main

DEFAULT_JOB = "fixtures/jobs/default.yaml"


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(err):
    assert err.startswith("scimulator: error: ")
    assert err.strip().count("\n") == 0
    assert "Traceback" not in err
