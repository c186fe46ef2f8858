"""Cross-tenant synchronization from the command line: ``demo --cts`` and the job ``up`` writes."""

from __future__ import annotations

import json

import pytest
import yaml

from tests.harness.cli.clirun import run


def _created(result: dict) -> dict:
    return {p["name"]: p["newValue"] for p in result["modifiedProperties"]}


def test_demo_cts_json_creates_an_external_member_with_an_ext_upn(capsys, state_home):
    code, out, _ = run(capsys, "demo", "--cts", "--json")
    [result] = json.loads(out)["runs"]
    assert code == 0 and (result["result"], result["action"]) == ("Success", "Create")
    created = _created(result)
    assert (
        created["userType"] == "Member" and "#EXT#@fabrikam.onmicrosoft.com" in created["userPrincipalName"]
    )


def test_demo_cts_text_names_the_target_tenant_as_azure_active_directory(capsys, state_home):
    code, out, _ = run(capsys, "demo", "--cts")
    assert code == 0 and "was created in Azure Active Directory" in out


@pytest.mark.live
def test_up_writes_a_cross_tenant_job_and_names_a_user_to_try(up_session):
    banner = "\n".join(up_session.banner())
    job = yaml.safe_load(up_session.cts_path.read_text())
    assert (job["source"]["tenant"], job["target"]["type"], job["target"]["tenant"]) == (
        "contoso",
        "entra",
        "fabrikam",
    )
    assert f"--job {up_session.cts_path} --user " in banner and "<name>" not in banner


@pytest.mark.live
def test_provision_on_the_cts_job_of_up_creates_a_b2b_member(capsys, up_session, user):
    code, out, _ = run(capsys, "provision", "--job", str(up_session.cts_path), "--user", user, "--json")
    result = json.loads(out)
    assert code == 0 and result["action"] == "Create"
    assert _created(result)["userPrincipalName"].startswith(
        user.split("@")[0] + "_contoso.onmicrosoft.com#EXT#@"
    )


@pytest.mark.parametrize(
    ("extend", "code", "text"),
    [
        ([], 0, "checked against the Graph user properties"),
        ([{"target": "jobTitel", "source": "jobTitle"}], 2, "did you mean 'jobTitle'?"),
    ],
    ids=["graph-names", "misspelt"],
)
def test_validate_checks_a_cross_tenant_jobs_targets_against_graph(capsys, tmp_path, extend, code, text):
    from harness.world import build_world

    world = build_world(users=0)
    data = world.cross_tenant_job_dict(users={"mappings": {"extend": extend}})
    world.close()
    path = tmp_path / "cts.yaml"
    path.write_text(yaml.safe_dump(data))
    exit_code, out, err = run(capsys, "validate", "--job", str(path))
    assert exit_code == code and text in out + err
