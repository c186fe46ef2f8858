"""``scimulator expr`` and ``scimulator logs``: values, plain output, filters and CSV export."""

from __future__ import annotations

import csv
import json

import pytest

from harness.logs.store import CSV_FILES, LogStore
from tests.harness.cli.clirun import assert_one_line_error, run
from tests.harness.render import samples

# -- expr ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "attrs", "value"),
    [
        ('Join(" ", [givenName], [surname])', ["givenName=John", "surname=Doe"], "John Doe"),
        ("ToUpper([department])", ["department=Sales"], "SALES"),
        ('Split([proxy], ",")', ["proxy=a,b"], ["a", "b"]),
        ("[mobile]", [], None),
        ("IgnoreFlowIfNullOrEmpty([mobile])", [], None),
        ("Item([emails], 2)", ["emails=a@x", "emails=b@x"], "b@x"),
    ],
)
def test_expr_json_prints_the_value(capsys, expression, attrs, value):
    argv = ["expr", expression, "--json", *[arg for a in attrs for arg in ("--attr", a)]]
    code, out, _ = run(capsys, *argv)
    assert code == 0
    assert json.loads(out) == {"value": value}


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("[mobile]", "(null: the attribute is not provisioned)"),
        ("IgnoreFlowIfNullOrEmpty([mobile])", "(not flowed: IgnoreFlowIfNullOrEmpty dropped the attribute)"),
        ('Append("a", "b")', "ab"),
    ],
)
def test_expr_plain_output(capsys, expression, expected):
    assert run(capsys, "expr", expression)[1].strip() == expected


def test_expr_parse_error_points_at_the_column(capsys):
    code, _, err = run(capsys, "expr", 'Join(" ", [givenName]')
    assert code == 2
    assert "(column 22)" in err and err.rstrip().endswith("^")
    assert "Traceback" not in err


def test_expr_is_deterministic_with_a_seed(capsys):
    first = run(capsys, "expr", "Guid()", "--seed", "7")[1]
    assert first == run(capsys, "expr", "Guid()", "--seed", "7")[1]


# -- logs ---------------------------------------------------------------------------------------------------


@pytest.fixture
def logged(state_home):
    store = LogStore(home=state_home)
    for make in (samples.created, samples.redundant, samples.conflict):
        store.append(make())
    store.close()


def test_logs_lists_newest_first(capsys, logged):
    code, out, _ = run(capsys, "logs")
    assert code == 0
    assert out.count("adele.vance@contoso.onmicrosoft.com") == 3


@pytest.mark.parametrize(
    ("argv", "actions"),
    [
        ([], ["create", "other", "create"]),
        (["--status", "failure"], ["create"]),
        (["--action", "other"], ["other"]),
        (["--error-code", "ContosoSCIMappEntryConflict"], ["create"]),
        (["--identity", "ADELE"], ["create", "other", "create"]),
        (["--identity", "Adèle"], ["create", "other", "create"]),
        (["--job", "Contoso SCIM app"], ["create", "other", "create"]),
    ],
)
def test_logs_json_filters(capsys, logged, argv, actions):
    code, out, _ = run(capsys, "logs", "--json", *argv)
    assert code == 0
    assert sorted(r["provisioningAction"] for r in json.loads(out)["value"]) == sorted(actions)


def test_logs_csv_writes_three_files(capsys, logged, tmp_path):
    code, _, _ = run(capsys, "logs", "--csv", str(tmp_path / "csv"))
    assert code == 0
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == sorted(CSV_FILES)


def test_logs_bad_filter_is_a_usage_error(capsys, logged):
    code, _, err = run(capsys, "logs", "--since", "yesterday")
    assert code == 2
    assert_one_line_error(err)


def test_expr_knows_assertive_app_role_assignments_complex(capsys):
    argv = ["expr", "AssertiveAppRoleAssignmentsComplex([appRoleAssignments])", "--json"]
    code, out, _ = run(capsys, *argv, "--attr", "appRoleAssignments=Admin")
    assert code == 0
    [role] = json.loads(out)["value"]
    assert (role["value"], role["primary"]) == ("Admin", False)


@pytest.mark.parametrize("argv", [["--identity", "nobody"], ["--job", "Other app", "--csv", "out"]])
def test_logs_say_when_a_filter_matched_nothing(capsys, logged, tmp_path, monkeypatch, argv):
    monkeypatch.chdir(tmp_path)
    code, _, err = run(capsys, "logs", *argv)
    assert code == 1 and "no provisioning log entries match --" in err
    assert not (tmp_path / "out").exists()


def test_logs_csv_fills_the_target_identity(capsys, logged, tmp_path):
    run(capsys, "logs", "--csv", str(tmp_path / "csv"))
    with (tmp_path / "csv" / CSV_FILES[0]).open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    created = [r for r in rows if r["Action"].lower() == "create" and r["Target ID"]]
    assert created and all(r["Target Identity"] == "Adele Vance" for r in created)


@pytest.mark.parametrize("width", [80, 160])
def test_logs_fit_the_width_one_line_per_entry(logged, width):
    from harness.cli.logs import logs_table

    store = LogStore()
    text = logs_table(store.list(), width)
    store.close()
    lines = text.rstrip("\n").splitlines()
    assert len(lines) == 1 + 3 and max(len(line) for line in lines) <= width
    assert ("Change ID" in lines[0]) == (width >= 130)
    assert "Contoso" in text
