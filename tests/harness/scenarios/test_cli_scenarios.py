"""``scimulator scenarios list | run | diff``: outputs, exit codes, JSON, JUnit, a broken catalog failing the run."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import pytest

from harness.cli import main
from harness.scenarios import CATALOG, load_catalog


def test_list_prints_every_scenario_and_what_needs_mockscim(capsys):
    assert main(["scenarios", "list"]) == 0
    out = capsys.readouterr().out
    assert "  1  create-then-link-manager" in out and out.rstrip().endswith(
        f"{len(load_catalog())} scenarios"
    )
    assert "[needs mockscim's fault injection (/_control/faults)]" in out


def test_list_json_names_each_entry(capsys):
    assert main(["scenarios", "list", "--json"]) == 0
    entries = json.loads(capsys.readouterr().out)
    assert [e["number"] for e in entries if e["number"]] == list(range(1, 31))
    assert "transient-5xx-retried" in [e["name"] for e in entries]


def test_run_passes_on_the_default_profile_and_writes_json_and_junit(capsys, tmp_path):
    junit = tmp_path / "out" / "scenarios.xml"
    assert main(["scenarios", "run", "2", "redundant-export", "6", "--json", "--junit", str(junit)]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["summary"] == {"passed": 2, "failed": 0, "skipped": 0}
    assert [s["name"] for s in document["scenarios"]] == ["redundant-export", "disable-on-unassignment"]
    suite = ET.parse(junit).getroot()
    assert (
        suite.get("tests") == "2"
        and suite.get("failures") == "0"
        and suite.get("name") == "scimulator scenarios"
    )


def broken_catalog(tmp_path):
    text = CATALOG.read_text(encoding="utf-8").replace(
        "    expect:\n      result: Success\n      action: Disable",
        "    expect:\n      result: Success\n      action: Delete",
    )
    assert "action: Delete" in text
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_broken_expectation_makes_run_fail_with_exit_1_saying_what_differed(capsys, tmp_path):
    assert main(["scenarios", "run", "6", "--catalog", str(broken_catalog(tmp_path))]) == 1
    out = capsys.readouterr().out
    assert "✗ #6 disable-on-unassignment" in out
    assert "✗ action: expected 'Delete', got 'Disable'" in out and "Success Disable · PATCH 200" in out
    assert out.rstrip().endswith("1 scenarios: 0 passed, 1 failed, 0 skipped")


def test_a_broken_expectation_is_a_junit_failure(tmp_path):
    junit = tmp_path / "scenarios.xml"
    assert (
        main(["scenarios", "run", "6", "--catalog", str(broken_catalog(tmp_path)), "--junit", str(junit)])
        == 1
    )
    [failure] = ET.parse(junit).getroot().iter("failure")
    assert "expected 'Delete', got 'Disable'" in failure.get("message")


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["scenarios", "run", "nope"], "unknown scenario nope"),
        (["scenarios", "run", "--profile", "nope", "1"], "--profile nope"),
        (["scenarios", "run", "--url", "ftp://x", "--token", "t"], "--url must be an http(s) URL"),
        (["scenarios", "run", "--url", "http://x/scim/v2"], "--url needs --token"),
        (["scenarios", "run", "--token", "t"], "--token goes with --url"),
        (["scenarios", "diff", "--profile", "strict-rfc"], "give --profile exactly twice"),
        (["scenarios", "list", "--catalog", "/nonexistent.yaml"], "cannot read the scenario catalog"),
    ],
)
def test_usage_mistakes_exit_2_with_one_line(capsys, argv, words):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err


def test_diff_prints_where_two_profiles_differ(capsys):
    assert (
        main(["scenarios", "diff", "--profile", "entra-compatible", "--profile", "strict-rfc", "6", "2"]) == 0
    )
    out = capsys.readouterr().out
    assert "#6 disable-on-unassignment" in out and "#2 redundant-export" not in out
    assert "1 of 2 scenarios differ" in out
