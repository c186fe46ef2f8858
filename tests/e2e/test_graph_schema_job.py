"""A job loaded from Graph's synchronization schema (fixtures/jobs/graph-schema.yaml → graph-schema.json) end to end."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from harness.cli import main
from harness.jobs.model import load_job

JOBS = Path(__file__).parents[2] / "fixtures" / "jobs"
USER_TYPE = "userType"


@pytest.fixture
def schema_job(world, tmp_path):
    """Return the fixture job, pointed at this world's URLs (in process or over sockets)."""
    data = yaml.safe_load((JOBS / "graph-schema.yaml").read_text())
    data.update(source=world.job_dict()["source"], target=world.job_dict()["target"])
    data["graph_schema"] = str(JOBS / data["graph_schema"])
    (tmp_path / "job.json").write_text(json.dumps(data))
    return load_job(tmp_path / "job.json")


def test_the_fixture_job_file_validates(capsys):
    assert main(["validate", "--job", str(JOBS / "graph-schema.yaml")]) == 0
    assert "23 user mappings" in capsys.readouterr().out


def test_the_tenants_mappings_shape_the_create(world, scene, schema_job):
    user = scene.user("gina", employeeType=None)
    scene.assign(user)
    result = world.provision(schema_job, user=user["userPrincipalName"])
    assert (result.result, result.action) == ("Success", "Create")
    [post] = [r for r in result.requests if r.method == "POST"]
    assert post.body["name"]["formatted"] == "Gina Tester"  # the schema's Join expression
    assert post.body[USER_TYPE] == "Employee"  # default value if null, on create


@pytest.mark.parametrize(
    ("department", "in_scope"), [("Sales", True), ("Marketing", False), ("sales", False)]
)
def test_the_tenants_scoping_filter_decides(world, scene, schema_job, department, in_scope):
    user = scene.user("hal", department=department)
    scene.assign(user)
    result = world.provision(schema_job, user=user["userPrincipalName"])
    assert result.step("scope").details["Sales only department EQUALS Sales"] is in_scope
    assert result.result == ("Success" if in_scope else "Skipped")


def test_an_add_only_mapping_is_not_updated(world, scene, schema_job):
    user = scene.user("ivy", employeeType="Contractor")
    scene.assign(user)
    world.provision(schema_job, user=user["userPrincipalName"])
    scene.update(user, employeeType="Employee", jobTitle="Lead")
    result = world.provision(schema_job, user=user["userPrincipalName"])
    [patch] = [r for r in result.requests if r.method == "PATCH"]
    assert [op["path"] for op in patch.body["Operations"]] == ["title"]
