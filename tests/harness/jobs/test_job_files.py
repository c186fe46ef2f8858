"""Job files: the examples load, YAML and JSON, Graph schemas, secrets from the environment."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness.jobs.model import (
    Job,
    JobError,
    job_from_graph_schema,
    load_job,
)
from tests.harness.jobdata import BASE, JOBS, job_with


@pytest.mark.parametrize("name", sorted(p.name for p in JOBS.glob("*.yaml")))
def test_every_example_job_file_loads(name: str) -> None:
    job = load_job(JOBS / name)
    assert job.origin.endswith(name) and job.users.matching


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("flag.yaml", lambda job: job.target.compliance_flag),
        ("oauth.yaml", lambda job: job.target.auth.type == "oauth" and job.state == "running"),
        (
            "two-matching.yaml",
            lambda job: [m.target for m in job.users.matching] == ["userName", "externalId"],
        ),
        ("match-employeeid.yaml", lambda job: job.users.matching[0].source == "employeeId"),
        (
            "with-roles.yaml",
            lambda job: job.users.mapping_for("roles").role_function == "AppRoleAssignmentsComplex",
        ),
        ("sales-only.yaml", lambda job: job.users.scoping_filters[0].title == "Sales only"),
        ("successfactors.yaml", lambda job: job.users.matching[0].source == "personIdExternal"),
    ],
)
def test_example_job_files_say_what_their_scenario_needs(name: str, check: Any) -> None:
    assert check(load_job(JOBS / name))


def test_bad_yaml_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "job.yaml"
    path.write_text("name: [unclosed\n")
    with pytest.raises(JobError, match=r"job\.yaml: not valid YAML"):
        load_job(path)


def test_missing_file_is_a_job_error(tmp_path: Path) -> None:
    with pytest.raises(JobError, match="cannot read the job file"):
        load_job(tmp_path / "nope.yaml")


def test_json_job_files_load(tmp_path: Path) -> None:
    path = tmp_path / "job.json"
    path.write_text(json.dumps(BASE))
    assert load_job(path).name == "Contoso SCIM app"


def test_graph_schema_gives_the_tenant_mappings() -> None:
    schema = json.loads((JOBS / "graph-schema.json").read_text())
    job = job_from_graph_schema(schema, Job.from_dict(BASE))
    formatted = job.users.mapping_for("name.formatted")
    user_type = job.users.mapping_for("userType")
    assert formatted.expression == 'Join(" ", [givenName], [surname])'  # rendered from the source tree
    assert (user_type.apply, user_type.default) == ("on_create", "Employee")  # flowType ObjectAddOnly
    assert job.users.scoping_filters[0].title == "Sales only"
    assert job.groups.matching[0].target == "displayName"


def test_job_file_can_point_at_a_graph_schema(tmp_path: Path) -> None:
    (tmp_path / "schema.json").write_text((JOBS / "graph-schema.json").read_text())
    (tmp_path / "job.json").write_text(json.dumps({**BASE, "graph_schema": "schema.json"}))
    assert load_job(tmp_path / "job.json").users.mapping_for("userType") is not None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda s: s.pop("synchronizationRules"), "synchronizationRules"),
        (
            lambda s: s["synchronizationRules"][0]["objectMappings"][0].update(flowTypes="Add, Purge"),
            "synchronizationRules[0].objectMappings[0].flowTypes",
        ),
        (
            lambda s: s["synchronizationRules"][0]["objectMappings"][0]["attributeMappings"][1][
                "source"
            ].update(expression="Swtich([IsSoftDeleted])"),
            "synchronizationRules[0].objectMappings[0].mappings[1].expression",
        ),
    ],
)
def test_bad_graph_schema_names_the_field(change: Any, field: str) -> None:
    schema = json.loads((JOBS / "graph-schema.json").read_text())
    change(schema)
    with pytest.raises(JobError) as caught:
        job_from_graph_schema(schema, Job.from_dict(BASE))
    assert caught.value.field == field


def test_job_files_read_secrets_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCIM_TOKEN", "s3cret")
    path = tmp_path / "job.yaml"
    path.write_text(json.dumps(job_with(target={"url": "http://x", "auth": {"token": "${SCIM_TOKEN}"}})))
    assert load_job(path).target.auth.token == "s3cret"


def test_unset_environment_variable_names_the_field(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SCIM_TOKEN", raising=False)
    path = tmp_path / "job.yaml"
    path.write_text(json.dumps(job_with(target={"url": "http://x", "auth": {"token": "${SCIM_TOKEN}"}})))
    with pytest.raises(JobError, match=r"target\.auth\.token: environment variable SCIM_TOKEN is not set"):
        load_job(path)
