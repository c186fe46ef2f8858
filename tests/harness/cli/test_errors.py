"""Bad input to any command: exit codes, and one clear line (never a traceback)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.harness.cli.clirun import DEFAULT_JOB, assert_one_line_error, run


@pytest.mark.parametrize(
    "argv",
    [
        ["--bogus"],
        ["nope"],
        ["demo", "--nope"],
        ["logs", "--limit", "zero"],
        ["serve", "ldap"],
        ["provision", "--job", DEFAULT_JOB],
        ["provision", "--job", DEFAULT_JOB, "--user", "a", "--group", "g"],
        ["provision", "--job", DEFAULT_JOB, "--user", "a", "--member", "b"],
        ["provision", "--job", DEFAULT_JOB, "--user", "a", "--json", "--format", "html"],
        ["expr", "[x]", "--user", "adele"],
        ["expr", "[x]", "--attr", "novalue"],
        ["serve", "idp", "--token", "t"],
        ["serve", "scim", "--users", "3"],
        ["serve", "scim", "--workers", "2"],
    ],
)
def test_usage_errors_exit_2_with_one_line(capsys, argv):
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert_one_line_error(err)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "cannot read the job file"),
        ("name: [", "not valid YAML"),
        ("name: x\nsource: {type: nope}\n", "source.type"),
    ],
)
def test_bad_job_files_name_the_file_and_field(capsys, tmp_path, content, expected):
    path = tmp_path / "job.yaml"
    if content is not None:
        path.write_text(content)
    code, _, err = run(capsys, "validate", "--job", str(path))
    assert code == 2
    assert_one_line_error(err)
    assert str(path) in err and expected in err


def test_validate_summarises_a_good_job(capsys):
    code, out, _ = run(capsys, "validate", "--job", DEFAULT_JOB)
    assert code == 0 and "22 user mappings" in out and "3 group mappings" in out


def test_unreachable_database_is_one_line(capsys):
    code, _, err = run(capsys, "logs", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert code == 1
    assert_one_line_error(err)
    assert "cannot open database" in err


def test_serve_with_unreachable_database_is_one_line(capsys):
    code, _, err = run(capsys, "serve", "scim", "--db", "postgresql://nobody@127.0.0.1:1/none")
    assert code == 1
    assert_one_line_error(err)


def test_provision_to_an_unreachable_url_fails_without_traceback(capsys, tmp_path):
    job = tmp_path / "job.yaml"
    job.write_text(
        Path(DEFAULT_JOB)
        .read_text()
        .replace("http://mockscim.local", "http://127.0.0.1:9")
        .replace("http://mockidp.local", "http://127.0.0.1:9")
    )
    code, _, err = run(capsys, "provision", "--job", str(job), "--user", "adele", "--no-log")
    assert code == 1
    assert "Traceback" not in err


def test_a_sixth_member_is_refused_before_any_request(capsys):
    members = [arg for n in range(6) for arg in ("--member", f"user{n}")]
    code, _, err = run(capsys, "provision", "--job", DEFAULT_JOB, "--group", "Sales", *members, "--no-log")
    assert code == 1
    assert_one_line_error(err)
    assert "5" in err


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["serve", "scim", "--port", "0", "--profile", "nope"], "--profile nope"),
        (["serve", "scim", "--port", "0", "--quirk", "nope"], "--quirk nope"),
        (["up", "--idp-port", "0", "--scim-port", "0", "--quirk", "nope"], "--quirk nope"),
        (["logs", "--db", "nope://x"], "nope://x"),
        (["logs", "--db", "nope"], "'nope'"),
        (["serve", "idp", "--port", "0", "--db", "nope://x"], "nope://x"),
        (["expr", 'DateAdd("yyyy", 99999, "2020-01-01")'], "DateAdd: adding 99999 years"),
        (["expr", 'DateAdd("d", 99999999, "2020-01-01")'], "DateAdd: adding 99999999 days"),
        (["expr", "DateFromNum(999999999999999999999)"], "DateFromNum: 999999999999999999999 ticks"),
    ],
)
def test_user_mistakes_are_usage_errors_naming_the_input(capsys, argv, named):
    code, _, err = run(capsys, *argv)
    assert (code, "internal error" in err) == (2, False)
    assert_one_line_error(err)
    assert named in err


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"name: caf\xe9\n", "not UTF-8 text (byte 0xe9 at offset 9)"),
        (b"name: x\nusers: &u\n  mappings: [*u]\n", "users.mappings[0]: a YAML alias refers to the node"),
        (b"a: &x [*x]\n", "a[0]: a YAML alias"),
    ],
)
def test_unreadable_job_files_are_usage_errors(capsys, tmp_path, content, expected):
    path = tmp_path / "job.yaml"
    path.write_bytes(content)
    code, _, err = run(capsys, "validate", "--job", str(path))
    assert code == 2
    assert_one_line_error(err)
    assert f"{path}: {expected}" in err


def test_every_user_error_is_caught_by_its_base_class():
    from harness.clients import GraphError
    from harness.errors import RunError, UserError
    from harness.jobs.expressions import ExpressionEvaluationError, ExpressionSyntaxError
    from harness.jobs.model import JobError
    from harness.logs.store import LogFilterError
    from harness.pipeline import OnDemandRefused

    assert all(issubclass(c, UserError) for c in (JobError, ExpressionSyntaxError, ExpressionEvaluationError))
    assert issubclass(LogFilterError, UserError)
    assert issubclass(OnDemandRefused, RunError) and issubclass(GraphError, RunError)


def test_the_cli_compares_no_type_names():
    source = Path("harness/cli/app.py").read_text(encoding="utf-8")
    assert "__name__ ==" not in source and "_explain" not in source
