"""The job model: the default mappings, flags in the Tenant URL, mapping rows, settings and scoping filters."""

from __future__ import annotations

from typing import Any

import pytest

from harness.jobs.model import (
    Job,
    Settings,
    default_group_mappings,
    default_user_mappings,
    split_flags,
)
from tests.harness.jobdata import BASE, ENTERPRISE, JOBS, job_with, users


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


def test_every_setting_is_documented() -> None:
    text = (JOBS.parents[1] / "docs" / "jobs.md").read_text()
    missing = [name for name in Settings.__dataclass_fields__ if f"| `{name}` |" not in text]
    assert missing == []


def test_public_surface_is_pinned() -> None:
    import harness.jobs.model

    assert sorted(harness.jobs.model.__all__) == sorted(
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
    assert all(hasattr(harness.jobs.model, name) for name in harness.jobs.model.__all__)


@pytest.mark.parametrize("scope", [None, "api://scim/.default"])
def test_oauth_auth_is_read_with_an_optional_scope(scope: str | None) -> None:
    auth = {"type": "oauth", "token_url": "http://x/token", "client_id": "c", "client_secret": "s"}
    job = Job.from_dict(
        job_with(target={"url": "http://x/scim", "auth": {**auth, **({"scope": scope} if scope else {})}})
    )
    assert (job.target.auth.type, job.target.auth.client_id, job.target.auth.scope) == ("oauth", "c", scope)
