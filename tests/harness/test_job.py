"""The job model: reading job files, the default mappings, flags in the Tenant URL, and every validation error."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from harness import defaults
from harness.job import (
    Job,
    JobError,
    Settings,
    default_group_mappings,
    default_user_mappings,
    job_from_graph_schema,
    load_job,
    split_flags,
)

JOBS = Path(__file__).resolve().parents[2] / "fixtures" / "jobs"
ENTERPRISE = defaults.ENTERPRISE_URN

BASE: dict[str, Any] = {
    "name": "Contoso SCIM app",
    "source": {"type": "entra", "url": "http://mockidp.local", "tenant": "contoso"},
    "target": {"url": "http://mockscim.local/scim/v2", "auth": {"type": "bearer", "token": "t0k"}},
}


def job_with(**changes: Any) -> dict[str, Any]:
    """Return the base job data with top-level keys replaced."""
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data


def users(*mappings: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """Return job data whose users have exactly these mappings."""
    return job_with(users={"mappings": list(mappings), **extra})


def test_default_user_mappings_are_the_22_of_a_non_gallery_app() -> None:
    mappings = default_user_mappings()
    assert len(mappings) == 22
    assert [m.target for m in mappings if m.match] == ["userName"]
    assert mappings[1].expression == 'Switch([IsSoftDeleted], , "False", "True", "True", "False")'
    assert mappings[-1].target == f"{ENTERPRISE}:manager" and mappings[-1].is_reference


def test_default_group_mappings_match_on_display_name() -> None:
    mappings = default_group_mappings()
    assert [(m.target, m.source, m.match) for m in mappings] == [
        ("displayName", "displayName", 1),
        ("externalId", "objectId", None),
        ("members", "members", None),
    ]
    assert mappings[2].is_members


def test_minimal_job_gets_defaults() -> None:
    job = Job.from_dict(BASE)
    assert (job.scope, job.state, job.skip_out_of_scope_deletions) == ("assigned", "running", False)
    assert job.users.mappings == default_user_mappings()
    assert job.groups.enabled and job.users.actions == {"create", "update", "delete"}
    assert job.settings == Settings()


@pytest.mark.parametrize(
    ("url", "base", "flags"),
    [
        ("http://h/scim/v2", "http://h/scim/v2", set()),
        ("http://h/scim/v2/", "http://h/scim/v2", set()),
        ("http://h/scim/v2?aadOptscim062020", "http://h/scim/v2", {"aadOptscim062020"}),
        ("https://h/scim/?aadOptscim062020", "https://h/scim", {"aadOptscim062020"}),
        (
            "http://h/scim?aadOptscim062020&AzureAdScimPatch2017",
            "http://h/scim",
            {"aadOptscim062020", "AzureAdScimPatch2017"},
        ),
    ],
)
def test_target_url_flags_are_split_off(url: str, base: str, flags: set[str]) -> None:
    assert split_flags(url) == (base, frozenset(flags))


@pytest.mark.parametrize(
    ("query", "flagged"),
    [
        ("", False),
        ("?aadOptscim062020", True),
        ("?aadOptscim062020&AzureAdScimPatch2017", False),
    ],
)
def test_compliance_flag_honours_the_rollback_token(query: str, flagged: bool) -> None:
    job = Job.from_dict(job_with(target={**BASE["target"], "url": f"http://h/scim/v2{query}"}))
    assert job.target.compliance_flag is flagged
    assert job.target.url == f"http://h/scim/v2{query}"


def test_extend_replaces_a_default_and_adds_new_rows() -> None:
    job = Job.from_dict(
        job_with(
            users={
                "mappings": {
                    "extend": [
                        {"target": "externalId", "source": "mailNickname", "match": 2},
                        {"target": "nickName", "source": "mailNickname", "default": "n/a"},
                    ],
                    "remove": ['phoneNumbers[type eq "fax"].value'],
                }
            }
        )
    )
    targets = [m.target for m in job.users.mappings]
    assert len(targets) == 22 and targets[-1] == "nickName"
    assert [m.target for m in job.users.matching] == ["userName", "externalId"]


@pytest.mark.parametrize(
    ("row", "kind"),
    [
        ({"target": "title", "source": "jobTitle"}, "direct"),
        ({"target": "title", "constant": "Employee"}, "constant"),
        ({"target": "title", "expression": 'Append([jobTitle], "!")'}, "expression"),
        ({"target": "title", "default": "n/a"}, "none"),
    ],
)
def test_mapping_kind_follows_the_key_given(row: dict[str, Any], kind: str) -> None:
    job = Job.from_dict(users({"target": "userName", "source": "userPrincipalName", "match": 1}, row))
    assert job.users.mappings[1].kind == kind


@pytest.mark.parametrize(("value", "text"), [(True, "True"), (7, "7"), ("x", "x")])
def test_constants_and_defaults_become_entra_text(value: Any, text: str) -> None:
    job = Job.from_dict(
        users(
            {"target": "userName", "source": "userPrincipalName", "match": 1},
            {"target": "title", "constant": value},
            {"target": "nickName", "default": value},
        )
    )
    assert (job.users.mappings[1].constant, job.users.mappings[2].default) == (text, text)


def test_settings_are_read_and_typed() -> None:
    job = Job.from_dict(
        job_with(
            settings={
                "max_retries": 5,
                "request_timeout": 2,
                "manager_value_shape": "object",
                "flag_applies_on_demand": True,
            }
        )
    )
    assert job.settings.max_retries == 5 and job.settings.request_timeout == 2.0
    assert job.settings.manager_value_shape == "object" and job.settings.flag_applies_on_demand


def test_hr_sources_get_their_own_mappings_and_no_groups() -> None:
    job = Job.from_dict(job_with(source={"type": "workday", "url": "http://mockidp.local"}))
    assert job.users.matching[0].source == "WorkerID"
    assert not job.groups.enabled


def test_scoping_filters_are_read() -> None:
    job = Job.from_dict(
        job_with(
            users={
                "scoping_filters": [
                    {
                        "title": "Sales only",
                        "clauses": [{"attribute": "department", "operator": "EQUALS", "value": "Sales"}],
                    }
                ]
            }
        )
    )
    clause = job.users.scoping_filters[0].clauses[0]
    assert (job.users.scoping_filters[0].title, clause.attribute, clause.value) == (
        "Sales only",
        "department",
        "Sales",
    )


MATCH = {"target": "userName", "source": "userPrincipalName", "match": 1}
ROLES = {"target": "roles", "expression": "AppRoleAssignmentsComplex([appRoleAssignments])"}

BAD_JOBS: list[tuple[str, dict[str, Any], str, str]] = [
    ("unknown top key", job_with(colour="blue"), "colour", "unknown key"),
    ("source missing", {k: v for k, v in BASE.items() if k != "source"}, "source", "is required"),
    (
        "unknown source type",
        job_with(source={"type": "ldap", "url": "http://x"}),
        "source.type",
        "must be one of",
    ),
    ("source url not http", job_with(source={"url": "ftp://x"}), "source.url", "http:// or https://"),
    ("scope wrong", job_with(scope="everyone"), "scope", "must be one of assigned, all"),
    ("state wrong type", job_with(state=True), "state", "expected a string"),
    (
        "skip not bool",
        job_with(skip_out_of_scope_deletions="yes"),
        "skip_out_of_scope_deletions",
        "expected a boolean",
    ),
    (
        "auth type",
        job_with(target={"url": "http://x", "auth": {"type": "ntlm"}}),
        "target.auth.type",
        "must be one of",
    ),
    (
        "bearer without token",
        job_with(target={"url": "http://x", "auth": {"type": "bearer"}}),
        "target.auth.token",
        "is required for bearer auth",
    ),
    (
        "oauth without token url",
        job_with(
            target={"url": "http://x", "auth": {"type": "oauth", "client_id": "a", "client_secret": "b"}}
        ),
        "target.auth.token_url",
        "is required",
    ),
    (
        "unknown auth key",
        job_with(target={"url": "http://x", "auth": {"token": "t", "pass": "x"}}),
        "target.auth.pass",
        "unknown key",
    ),
    (
        "unknown action",
        job_with(users={"actions": ["create", "purge"]}),
        "users.actions[1]",
        "must be one of",
    ),
    ("unknown mapping key", users({**MATCH, "flow": "x"}), "users.mappings[0].flow", "unknown key"),
    ("two value keys", users({**MATCH, "constant": "x"}), "users.mappings[0].constant", "exactly one of"),
    ("mapping not a mapping", users("userName"), "users.mappings[0]", "expected a mapping"),
    ("target missing", users({"source": "mail", "match": 1}), "users.mappings[0].target", "is required"),
    (
        "target not a path",
        users({**MATCH, "target": "emails[type eq"}),
        "users.mappings[0].target",
        "not a SCIM attribute path",
    ),
    (
        "id as target",
        users(MATCH, {"target": "id", "source": "objectId"}),
        "users.mappings[1].target",
        "primary key",
    ),
    (
        "expression parse error",
        users(MATCH, {"target": "title", "expression": 'Join(" ", [a]'}),
        "users.mappings[1].expression",
        "column",
    ),
    (
        "unknown function",
        users(MATCH, {"target": "title", "expression": 'Swtich([a], , "x", "y")'}),
        "users.mappings[1].expression",
        "did you mean 'Switch'",
    ),
    ("apply wrong", users({**MATCH, "apply": "sometimes"}), "users.mappings[0].apply", "always, on_create"),
    ("match not int", users({**MATCH, "match": "1"}), "users.mappings[0].match", "expected a number"),
    ("match zero", users({**MATCH, "match": 0}), "users.mappings[0].match", "1 or more"),
    (
        "match on constant",
        users({"target": "userName", "constant": "x", "match": 1}),
        "users.mappings[0].match",
        "Direct or Expression",
    ),
    (
        "duplicate precedence",
        users(MATCH, {"target": "externalId", "source": "mailNickname", "match": 1}),
        "users.mappings[1].match",
        "already used",
    ),
    (
        "duplicate target",
        users(MATCH, {"target": "USERNAME", "source": "mail"}),
        "users.mappings[1].target",
        "already mapped",
    ),
    (
        "no matching attribute",
        users({"target": "userName", "source": "userPrincipalName"}),
        "users.mappings",
        "no matching attribute",
    ),
    (
        "roles with sync all",
        job_with(scope="all", users={"mappings": [MATCH, ROLES]}),
        "users.mappings[1].expression",
        "incompatible with scope: all",
    ),
    (
        "unknown operator",
        job_with(
            users={
                "scoping_filters": [
                    {"title": "t", "clauses": [{"attribute": "department", "operator": "LIKE", "value": "x"}]}
                ]
            }
        ),
        "users.scoping_filters[0].clauses[0].operator",
        "Unknown scoping operator",
    ),
    (
        "clause missing operator",
        job_with(users={"scoping_filters": [{"clauses": [{"attribute": "a"}]}]}),
        "users.scoping_filters[0].clauses[0].operator",
        "is required",
    ),
    (
        "unsupported scoping attribute",
        job_with(
            users={
                "scoping_filters": [
                    {"title": "t", "clauses": [{"attribute": "manager", "operator": "IS NOT NULL"}]}
                ]
            }
        ),
        "users.scoping_filters[0]",
        "manager",
    ),
    ("unknown setting", job_with(settings={"retry_forever": True}), "settings.retry_forever", "unknown key"),
    (
        "setting wrong choice",
        job_with(settings={"manager_value_shape": "xml"}),
        "settings.manager_value_shape",
        "must be one of",
    ),
    (
        "remove unknown default",
        job_with(users={"mappings": {"remove": ["nickName"]}}),
        "users.mappings.remove[0]",
        "no default mapping",
    ),
    ("mappings wrong type", job_with(users={"mappings": 3}), "users.mappings", 'expected "default"'),
]


@pytest.mark.parametrize(
    ("data", "field", "message"), [case[1:] for case in BAD_JOBS], ids=[case[0] for case in BAD_JOBS]
)
def test_bad_job_names_the_field(data: dict[str, Any], field: str, message: str) -> None:
    with pytest.raises(JobError) as caught:
        Job.from_dict(data, origin="job.yaml")
    assert caught.value.field == field
    assert message in caught.value.message
    assert str(caught.value).startswith(f"job.yaml: {field}: ")


def test_expression_error_gives_the_column() -> None:
    with pytest.raises(JobError) as caught:
        Job.from_dict(users(MATCH, {"target": "title", "expression": 'Append([a], "x" "y")'}))
    assert "(column 17)" in caught.value.message


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


def test_every_setting_is_documented() -> None:
    text = (JOBS.parents[1] / "docs" / "jobs.md").read_text()
    missing = [name for name in Settings.__dataclass_fields__ if f"| `{name}` |" not in text]
    assert missing == []


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


def test_public_surface_is_pinned() -> None:
    import harness.job

    assert sorted(harness.job.__all__) == sorted(
        [
            "ACTIONS",
            "COMPLIANCE_FLAG",
            "ROLLBACK_FLAG",
            "AttributeMapping",
            "AuthConfig",
            "Job",
            "JobError",
            "ObjectMapping",
            "Settings",
            "SourceConfig",
            "TargetConfig",
            "check_job",
            "default_group_mappings",
            "default_user_mappings",
            "job_from_graph_schema",
            "load_job",
            "read_object_mapping",
            "split_flags",
        ]
    )
    assert all(hasattr(harness.job, name) for name in harness.job.__all__)
