"""``users`` and ``groups`` browse the directory; ``provision`` names what is wrong with its options (#9)."""

from __future__ import annotations

import json

import pytest

from harness.clients.search import fold
from tests.harness.cli.clirun import DEFAULT_JOB, assert_one_line_error, run

pytestmark = pytest.mark.live


def _users(capsys, *argv):
    code, out, err = run(capsys, "users", *argv, "--json")
    assert code == 0, err
    return json.loads(out)["users"]


def test_users_lists_upn_name_state_and_assignment(capsys, up_session, user):
    rows = _users(capsys)
    live = up_session.graph("GET", "/users", params={"$top": 999}).json()["value"]
    assert sorted(r["id"] for r in rows if r["state"] != "deleted") == sorted(u["id"] for u in live)
    mine = next(r for r in rows if r["userPrincipalName"] == user)
    assert (mine["state"], mine["assigned"]) == ("enabled", "yes")


def test_users_reads_the_job_up_wrote_by_default(capsys, up_session, user):
    code, out, _ = run(capsys, "users")
    assert code == 0 and user in out
    assert out.splitlines()[0].split() == [
        "User",
        "principal",
        "name",
        "Display",
        "name",
        "State",
        "Assigned",
    ]


def test_users_searches_like_the_portal(capsys, up_session, user):
    mine = next(r for r in _users(capsys) if r["userPrincipalName"] == user)
    first_word = mine["displayName"].split()[0]
    found = _users(capsys, first_word.lower())
    assert user in [r["userPrincipalName"] for r in found]
    assert all(fold(first_word) in fold(" ".join(str(v) for v in r.values())) for r in found)


def test_users_with_no_match_says_so(capsys, up_session):
    code, _, err = run(capsys, "users", "zzzqqq")
    assert code == 1 and "no user matches 'zzzqqq'" in err


def test_groups_lists_members_with_their_upns(capsys, up_session):
    code, out, err = run(capsys, "groups", "--members", "--json")
    assert code == 0, err
    groups = json.loads(out)["groups"]
    assert groups and all(g["members"] == len(g["memberList"]) for g in groups)
    code, text, _ = run(capsys, "groups", "--members")
    listed = next(g for g in groups if g["memberList"])
    assert f"{listed['displayName']}  ({listed['members']} members" in text
    assert listed["memberList"][0]["userPrincipalName"] in text


def test_a_group_member_is_found_by_first_name(capsys, up_session):
    code, out, _ = run(capsys, "groups", "--members", "--json")
    group = next(g for g in json.loads(out)["groups"] if g["assigned"] == "yes" and g["memberList"])
    member = group["memberList"][0]
    first = member["displayName"].split()[0]
    argv = [
        "provision",
        "--job",
        str(up_session.job_path),
        "--group",
        group["displayName"],
        "--member",
        first,
    ]
    code, out, _ = run(capsys, *argv, "--json", "--no-log")
    result = json.loads(out)
    if code != 0:  # a first name two members share is reported with both candidates
        assert "matches several members" in result["steps"][0]["description"]
    else:
        assert [m["subject"]["identifier"] for m in result["members"]] == [member["userPrincipalName"]]


def test_users_needs_a_job_when_up_has_not_run(capsys):
    code, _, err = run(capsys, "users")
    assert code == 2 and "--job is needed" in err and "scimulator up" in err


def test_provision_seed_makes_runs_repeatable(capsys, up_session, user):
    argv = [
        "provision",
        "--job",
        str(up_session.job_path),
        "--user",
        user,
        "--json",
        "--no-log",
        "--seed",
        "7",
    ]
    first = json.loads(run(capsys, *argv)[1])
    second = json.loads(run(capsys, *argv)[1])
    assert first["changeId"] == second["changeId"]


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out.startswith("scimulator ")


@pytest.mark.parametrize(
    ("job", "argv", "expected"),
    [
        (DEFAULT_JOB, ["--worker-id", "21001"], "--worker-id names a workday object, but"),
        ("fixtures/jobs/workday.yaml", ["--person-id-external", "21001"], "reads workday: use --worker-id"),
        ("fixtures/jobs/workday.yaml", ["--user", "adele"], "--user names an entra object"),
        (DEFAULT_JOB, ["--member", "adele"], "--member needs --group"),
    ],
)
def test_an_option_of_another_source_is_named(capsys, job, argv, expected):
    code, _, err = run(capsys, "provision", "--job", job, *argv, "--no-log")
    assert code == 2
    assert_one_line_error(err)
    assert expected in err


def test_an_unreachable_directory_is_named(capsys, up_session, tmp_path):
    job = tmp_path / "job.yaml"
    job.write_text(up_session.job_path.read_text().replace(up_session.idp_url, "http://127.0.0.1:9"))
    code, out, _ = run(capsys, "provision", "--job", str(job), "--user", "adele", "--no-log", "--json")
    assert code == 1
    assert "cannot reach the directory at http://127.0.0.1:9" in json.dumps(json.loads(out)["steps"])
    assert "refused the harness's credentials" not in out


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("[jobTitel]", "reads [jobTitel], which an Entra user does not have; did you mean [jobTitle]?"),
        ("ToUpper([displayNme])", "did you mean [displayName]?"),
    ],
)
def test_expr_names_a_misspelled_attribute(capsys, up_session, user, expression, expected):
    code, _, err = run(capsys, "expr", expression, "--job", str(up_session.job_path), "--user", user)
    assert code == 2 and expected in err


def test_expr_reads_app_role_assignments(capsys, up_session, user):
    argv = ["expr", "SingleAppRoleAssignment([appRoleAssignments])", "--job", str(up_session.job_path)]
    code, out, err = run(capsys, *argv, "--user", user, "--json")
    assert code == 0, err
    roles = [r["value"] for r in up_session.graph("GET", "/servicePrincipals").json()["value"][0]["appRoles"]]
    assert json.loads(out)["value"] in roles
