"""``scimulator validate --url`` end to end: mockscim on a real socket, the CLI's exit codes and outputs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from harness.cli import main
from harness.world import World, create_scim_app
from idcore.testing import LiveServer

pytestmark = pytest.mark.live
JOB = str(Path(__file__).parents[3] / "fixtures" / "jobs" / "default.yaml")


@pytest.fixture
def serve() -> Iterator[object]:
    """Return ``serve(profile)``: mockscim in that profile on port 0, as ``(url, token)``."""
    servers = []

    def start(profile: str = "entra-compatible") -> tuple[str, str]:
        app = create_scim_app({"DATABASE_URL": "sqlite://", "TOKEN": World.SCIM_TOKEN, "PROFILE": profile})
        servers.append(LiveServer(app).start())
        return f"{servers[-1].url}/scim/v2", World.SCIM_TOKEN

    yield start
    for server in servers:
        server.stop()


def test_a_passing_endpoint_exits_0_with_the_json_report(serve, capsys):
    url, token = serve()
    code = main(["validate", "--url", url, "--token", token, "--tags", "groups", "--json"])
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    assert report["summary"]["failed"] == 0 and report["summary"]["passed"] > 5
    assert report["target"] == url and report["dialects"] == ["default"]


def test_a_failing_endpoint_exits_1_and_ends_with_the_consequence(serve, capsys):
    url, token = serve("drops-member-removal")
    code = main(
        ["validate", "--url", url, "--token", token, "--tags", "groups.create,groups.remove-member-value"]
    )
    out = capsys.readouterr()
    assert code == 1
    tail = out.out.split("What Entra will do with this endpoint", 1)[1]
    assert "FAILED groups.remove-member-value" in tail and "Removals are lost" in tail
    assert "reproduce:   curl -sS -X PATCH" in tail
    assert out.err.startswith(f"validating {url} ")


def test_junit_and_html_files_are_written(serve, tmp_path, capsys):
    url, token = serve("drops-member-removal")
    junit, html = tmp_path / "v.xml", tmp_path / "v.html"
    args = ["--tags", "groups.create,groups.remove-member-value", "--junit", str(junit), "--html", str(html)]
    assert main(["validate", "--url", url, "--token", token, *args]) == 1
    suite = ET.parse(junit).getroot().find("testsuite")
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1")
    assert "groups.remove-member-value" in html.read_text(encoding="utf-8")


def test_list_sends_nothing(capsys):
    assert main(["validate", "--list", "--url", "http://127.0.0.1:9/scim/v2", "--tags", "users"]) == 0
    out = capsys.readouterr().out
    assert "users.create" in out and "groups.create" not in out


@pytest.mark.parametrize(
    "args",
    [
        ["--url", "http://127.0.0.1:9/scim/v2"],
        ["--url", "ftp://example.com", "--token", "t"],
        ["--url", "http://127.0.0.1:9/scim/v2", "--token", "t", "--client-id", "c"],
        ["--url", "http://127.0.0.1:9/scim/v2", "--oauth-token-url", "http://x/token", "--client-id", "c"],
        ["--url", "http://127.0.0.1:9/scim/v2", "--token", "t", "--tags", "no-such-tag"],
        ["--url", "http://127.0.0.1:9/scim/v2", "--token", "t", "--dialect", "2017"],
        ["--url", "http://127.0.0.1:9/scim/v2", "--job", JOB],
        ["--token", "t"],
    ],
)
def test_usage_errors_exit_2_with_one_line(args, capsys):
    assert main(["validate", *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith("scimulator: error: ") and err.count("\n") == 1


def test_validate_job_still_checks_a_job_file(capsys):
    assert main(["validate", "--job", JOB]) == 0
    assert ": ok — " in capsys.readouterr().out


@pytest.mark.parametrize(("judge", "code", "failed"), [("entra", 1, 3), ("rfc", 0, 0)])
def test_judge_rfc_turns_strict_rfcs_rejections_of_entras_forms_into_warnings(
    serve, capsys, judge, code, failed
):
    url, token = serve("strict-rfc")
    argv = ["validate", "--url", url, "--token", token, "--tags", "users,groups", "--judge", judge, "--json"]
    assert main(argv) == code
    report = json.loads(capsys.readouterr().out)
    assert (report["judge"], report["summary"]["failed"]) == (judge, failed)
