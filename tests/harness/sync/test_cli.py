"""``scimulator sync`` over real sockets against ``up``'s mocks: cycles, JSON, state kept between runs."""

from __future__ import annotations

import json

import pytest

from harness.cli import main, start_up

pytestmark = pytest.mark.live


@pytest.fixture
def up(tmp_path, monkeypatch):
    monkeypatch.setenv("SCIMULATOR_HOME", str(tmp_path))
    session = start_up(idp_port=0, scim_port=0, users=10, home=tmp_path)
    yield session
    session.stop()


def _sync(capsys, *argv):
    code = main(["sync", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_sync_json_runs_the_initial_then_an_incremental_cycle(up, capsys):
    code, out, _ = _sync(capsys, "--job", str(up.job_path), "--cycles", "2", "--interval", "0", "--json")
    body = json.loads(out)
    assert code == 0
    assert [c["type"] for c in body["cycles"]] == ["initial", "incremental"]
    assert body["cycles"][0]["counts"]["created"] > 0 and body["status"]["code"] == "Active"


def test_a_second_sync_continues_from_the_watermark(up, capsys):
    _sync(capsys, "--job", str(up.job_path), "--json")
    code, out, _ = _sync(capsys, "--job", str(up.job_path), "--concurrency", "3")
    assert (code, out.splitlines()[0].startswith("Cycle 1 (incremental): Succeeded")) == (0, True)


def test_restart_with_an_unknown_scope_is_a_usage_error(up, capsys):
    code, _, err = _sync(capsys, "--job", str(up.job_path), "--restart", "Everything")
    assert (code, err.count("\n")) == (2, 1) and "Unknown reset scope 'Everything'" in err


def test_cycles_and_until_idle_are_exclusive(up, capsys):
    code, _, err = _sync(capsys, "--job", str(up.job_path), "--cycles", "2", "--until-idle")
    assert code == 2 and "exclusive" in err


def test_json_keeps_stderr_quiet(up, capsys):
    code, out, err = _sync(capsys, "--job", str(up.job_path), "--json")
    assert (code, err, json.loads(out)["cycles"][0]["type"]) == (0, "", "initial")
