"""The web page's faces: ``scimulator up`` serves it (its URL in the banner), ``serve ui --job FILE…``."""

from __future__ import annotations

import pytest
import requests

from harness.cli import main, start_up
from harness.cli.ui import ui_app


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SCIMULATOR_HOME", str(tmp_path))
    return tmp_path


@pytest.mark.live
def test_up_serves_the_page_and_prints_its_url(home):
    session = start_up(idp_port=0, scim_port=0, ui_port=0, users=5, home=home)
    try:
        assert f"web page       {session.ui.url}/" in "\n".join(session.banner())
        jobs = requests.get(f"{session.ui.url}/api/jobs", timeout=10).json()["jobs"]
        sources = [j["source"] for j in jobs]
        assert sources == ["entra", "workday", "successfactors", "workday", "successfactors", "entra"]
        assert all(j["error"] is None for j in jobs)
        assert "Provision on demand" in requests.get(f"{session.ui.url}/", timeout=10).text
    finally:
        session.stop()


def test_the_page_lists_a_job_file_that_does_not_load(home, tmp_path):
    missing = tmp_path / "nowhere.yaml"
    entries = list(ui_app([str(missing)]).extensions["scimulator.web"].jobs.values())
    assert entries[0].job is None and "cannot read the job file" in entries[0].error


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["serve", "ui"], "serve ui needs at least one --job FILE"),
        (["serve", "idp", "--job", "x.yaml"], "--job does not apply to serve idp"),
        (["serve", "ui", "--job", "x.yaml", "--token", "t"], "--token does not apply to serve ui"),
    ],
)
def test_serve_ui_refuses_what_does_not_apply(capsys, home, argv, said):
    assert main(argv) == 2
    assert said in capsys.readouterr().err
