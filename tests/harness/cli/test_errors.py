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
