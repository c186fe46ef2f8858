"""``serve``, ``demo``, ``seed`` and ``up``, then provision, scope and expr against the real mocks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from harness.cli import serve_config
from harness.logs.links import LinkStore
from tests.harness.cli.clirun import run

# -- serve configuration ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("app", "options", "expected"),
    [
        ("idp", {}, {"DATABASE_URL": "sqlite://", "SEED": 0, "USERS": 25, "SEED_ON_START": True}),
        (
            "idp",
            {"users": 0, "tenant": "fabrikam", "seed": 3},
            {
                "DATABASE_URL": "sqlite://",
                "SEED": 3,
                "USERS": 0,
                "SEED_ON_START": False,
                "TENANT": "fabrikam",
            },
        ),
        (
            "scim",
            {
                "token": "t",
                "profile": "strict-rfc",
                "quirks": ("patch-204", "no-uniqueness"),
                "db": "sqlite:///x",
            },
            {
                "DATABASE_URL": "sqlite:///x",
                "SEED": 0,
                "TOKEN": "t",
                "PROFILE": "strict-rfc",
                "QUIRKS": ["patch-204", "no-uniqueness"],
            },
        ),
        ("scim", {"control_token": "c"}, {"DATABASE_URL": "sqlite://", "SEED": 0, "CONTROL_TOKEN": "c"}),
    ],
)
def test_serve_config(app, options, expected):
    assert serve_config(app, options) == expected


# -- against the real mocks ---------------------------------------------------------------------------------


def test_demo_prints_create_then_redundant_skip(capsys):
    code, out, _ = run(capsys, "demo")
    assert code == 0
    assert "✓ Success  action Create" in out and "↷ Skipped  action Skip  (RedundantExport)" in out
    assert "Test connection" not in out


def test_demo_json_prints_runs(capsys, state_home):
    code, out, _ = run(capsys, "demo", "--json")
    assert code == 0
    assert [r["action"] for r in json.loads(out)["runs"]] == ["Create", "Skip"]
    assert not state_home.exists()  # no file left behind unless asked


def test_seed_fills_a_database_file(capsys, tmp_path):
    code, out, _ = run(capsys, "seed", "--db", f"sqlite:///{tmp_path / 'idp.sqlite'}", "--users", "5")
    assert code == 0 and "seeded 5 users" in out
    assert (tmp_path / "idp.sqlite").exists()


@pytest.mark.live
def test_up_prints_urls_credentials_and_a_job_file(up_session):
    banner = "\n".join(up_session.banner())
    assert up_session.idp_url in banner and up_session.scim_url in banner
    assert "client secret  scimulator-secret" in banner and "bearer token   scimulator-token" in banner
    assert up_session.job_path.exists() and str(up_session.job_path) in banner


@pytest.mark.live
def test_up_job_files_are_readable_by_their_owner_only(up_session):
    files = sorted(up_session.job_path.parent.glob("up-*.yaml"))
    names = {path.name for path in files}
    hr = {f"up-{kind}{into}.yaml" for kind in ("workday", "successfactors") for into in ("", "-entra")}
    assert {"up-job.yaml", *hr} <= names and "scimulator-secret" in files[0].read_text()
    assert {oct(path.stat().st_mode & 0o777) for path in files} == {"0o600"}


def test_serve_idp_takes_a_signing_secret_and_does_not_print_it():
    from harness.cli.serve import banner, serve_config

    config = serve_config("idp", {"signing_secret": "operator-only"})
    assert config["SIGNING_SECRET"] == "operator-only"
    assert "operator-only" not in "\n".join(banner("idp", "http://127.0.0.1:5001", config))


def test_an_existing_job_file_is_narrowed_to_0600(tmp_path):
    from harness.cli.common import write_private

    path = tmp_path / "up-job.yaml"
    path.write_text("old")
    path.chmod(0o644)
    write_private(path, "client_secret: s")
    assert (oct(path.stat().st_mode & 0o777), path.read_text()) == ("0o600", "client_secret: s")


@pytest.mark.live
def test_provision_over_http_then_logs(capsys, up_session, user, state_home):
    job = str(up_session.job_path)
    assert run(capsys, "provision", "--job", job, "--user", user)[0] == 0
    links = LinkStore(home=state_home)  # the created user is linked in $SCIMULATOR_HOME/links.sqlite
    assert links.count() == 1
    links.close()
    code, out, _ = run(capsys, "provision", "--job", job, "--user", user, "--format", "graph")
    assert code == 0 and json.loads(json.loads(out)["key"])["details"]["errorCode"] == "RedundantExport"
    code, out, _ = run(capsys, "logs", "--json")
    assert [r["provisioningAction"] for r in json.loads(out)["value"]] == ["other", "create"]


@pytest.mark.live
@pytest.mark.parametrize("fmt", ["junit", "html"])
def test_provision_writes_a_report_file(capsys, up_session, user, tmp_path, fmt):
    out_file = tmp_path / f"report.{fmt}"
    code, out, _ = run(
        capsys,
        "provision",
        "--job",
        str(up_session.job_path),
        "--user",
        user,
        "--format",
        fmt,
        "--out",
        str(out_file),
        "--no-log",
    )
    assert code == 0 and f"wrote {out_file}" in out
    assert user in out_file.read_text()


@pytest.mark.live
def test_scope_shows_each_verdict(capsys, up_session, user):
    code, out, _ = run(capsys, "scope", "--job", str(up_session.job_path), "--user", user)
    assert code == 0
    assert "Assigned to application" in out and "Scope sync all" in out


@pytest.mark.live
def test_expr_reads_a_real_source_user(capsys, up_session, user):
    code, out, _ = run(
        capsys, "expr", "[userPrincipalName]", "--job", str(up_session.job_path), "--user", user, "--json"
    )
    assert code == 0 and json.loads(out) == {"value": user}


HR_FLAGS = {"workday": "--worker-id", "successfactors": "--person-id-external"}


@pytest.mark.live
@pytest.mark.parametrize("kind", ["workday", "successfactors"])
def test_up_writes_hr_jobs_that_provision_from_the_cli(capsys, up_session, kind):
    job, worker = str(up_session.hr_job_path(kind)), up_session.example_worker()
    assert f"--job {job} {HR_FLAGS[kind]} {worker}" in "\n".join(up_session.banner())
    code, out, _ = run(capsys, "provision", "--job", job, HR_FLAGS[kind], worker, "--json", "--no-log")
    assert code == 0 and json.loads(out)["action"] == "Create", out
    code, out, _ = run(capsys, "provision", "--job", job, HR_FLAGS[kind], worker, "--json", "--no-log")
    assert json.loads(out)["result"] == "Skipped"


@pytest.mark.live
@pytest.mark.parametrize("kind", ["workday", "successfactors"])
def test_up_writes_hr_jobs_into_entra_that_match_the_tenants_user(capsys, up_session, kind):
    job, worker = str(up_session.hr_job_path(kind, "entra")), up_session.example_worker()
    assert f"--job {job} {HR_FLAGS[kind]} {worker}" in "\n".join(up_session.banner())
    code, out, _ = run(capsys, "provision", "--job", job, HR_FLAGS[kind], worker, "--json", "--no-log")
    result = json.loads(out)
    assert code == 0 and result["steps"][-2]["status"] == "Success", result  # matched on employeeId


@pytest.mark.live
@pytest.mark.parametrize("kind", ["workday", "successfactors"])
def test_the_hr_fixture_jobs_run_against_up(capsys, up_session, tmp_path, kind):
    text = Path(f"fixtures/jobs/{kind}.yaml").read_text()
    text = text.replace("http://mockidp.local", up_session.idp_url).replace(
        "http://mockscim.local/scim/v2", up_session.scim_url
    )
    (tmp_path / "job.yaml").write_text(text)
    code, out, _ = run(
        capsys,
        "provision",
        "--job",
        str(tmp_path / "job.yaml"),
        HR_FLAGS[kind],
        up_session.example_worker(),
        "--json",
        "--no-log",
    )
    assert code == 0 and json.loads(out)["result"] == "Success"


@pytest.mark.live
@pytest.mark.parametrize(
    ("clauses", "line", "code"),
    [
        ([{"attribute": "accountEnabled", "operator": "IS TRUE"}], "Enabled accountEnabled IS TRUE", 0),
        (
            [{"attribute": "department", "operator": "EQUALS", "value": "Nowhere"}],
            "Enabled department EQUALS Nowhere",
            1,
        ),
        (
            [{"attribute": "mail", "operator": "ENDS_WITH", "value": "@CONTOSO.COM"}],
            "Enabled mail ENDS_WITH @CONTOSO.COM",
            1,
        ),
    ],
)
def test_scope_shows_each_clause_in_the_portals_form(capsys, up_session, user, tmp_path, clauses, line, code):
    import yaml

    job = yaml.safe_load(up_session.job_path.read_text())
    job["users"]["scoping_filters"] = [{"title": "Enabled", "clauses": clauses}]
    (tmp_path / "job.yaml").write_text(yaml.safe_dump(job))
    got, out, _ = run(capsys, "scope", "--job", str(tmp_path / "job.yaml"), "--user", user)
    assert got == code
    [row] = [r for r in out.splitlines() if r.startswith(line)]
    assert row.split()[-1] == ("True" if code == 0 else "False")
