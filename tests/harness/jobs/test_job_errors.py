"""Every validation error of a job names the field that is wrong and says why."""

from __future__ import annotations

from typing import Any

import pytest

from harness.jobs.model import (
    Job,
    JobError,
)
from tests.harness.jobdata import BASE, job_with, users

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
