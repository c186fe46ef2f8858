"""The SCIM client against mockscim in process: Entra's request shapes, auth, timeouts and the wire log."""

from __future__ import annotations

import pytest

from harness.clients import ScimClient, eq_filter, resources
from tests.harness.clients.conftest import add_fault, make_job

USER = {
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"],
    "userName": "ada@contoso.com",
    "active": True,
}


@pytest.mark.parametrize(
    ("attribute", "value", "expected"),
    [
        ("userName", "ada@contoso.com", 'userName eq "ada@contoso.com"'),
        ("externalId", 'say "hi"', 'externalId eq "say \\"hi\\""'),
        ("displayName", "Zoë", 'displayName eq "Zoë"'),
    ],
)
def test_eq_filter_quotes_and_escapes_the_value(attribute, value, expected):
    assert eq_filter(attribute, value) == expected


def test_query_for_nobody_is_an_empty_list_response(scim):
    reply = scim.query("Users", "userName", "nobody")
    assert reply.status == 200 and resources(reply) == []


def test_create_then_query_finds_the_user(scim):
    created = scim.create("Users", USER)
    assert created.status == 201
    assert [r["id"] for r in resources(scim.query("Users", "userName", "ada@contoso.com"))] == [
        created.body["id"]
    ]


def test_group_queries_exclude_members(scim, log):
    scim.query("Groups", "displayName", "Sales")
    assert "excludedAttributes=members" in log.records[-1].url


def test_writes_are_logged_with_their_bodies_and_reads_without(scim, log):
    scim.query("Users", "userName", "x")
    scim.create("Users", USER)
    assert [(r.method, r.body) for r in log.records] == [("GET", None), ("POST", USER)]


def test_wrong_bearer_token_is_a_401(http, clock, log):
    job = make_job(
        target={
            "type": "scim",
            "url": "http://target.local/scim/v2",
            "auth": {"type": "bearer", "token": "wrong"},
        }
    )
    client = ScimClient(http, clock, job.settings, job.target, log)
    assert client.query("Users", "userName", "x").status == 401


def test_injected_latency_beyond_the_timeout_is_a_timeout(scim, http, clock):
    add_fault(http, method="GET", path="/scim/v2/Users", latency=45, times=1)
    reply = scim.channel.send("GET", scim.base_url + "/Users")
    assert reply.timed_out and reply.status is None


def test_dropped_connection_is_reported_not_raised(scim, http):
    add_fault(http, method="POST", path="/scim/v2/Users", drop="before", times=1)
    reply = scim.create("Users", USER)
    assert reply.dropped and reply.status is None


def test_429_is_retried_after_the_retry_after_on_the_clock(scim, http, clock):
    add_fault(http, method="GET", path="/scim/v2/Users", status=429, retry_after=30, times=2)
    before = clock.now()
    reply = scim.query("Users", "userName", "x")
    assert reply.status == 200
    assert (clock.now() - before).total_seconds() == 60


def test_500_is_retried_with_bounded_backoff_then_reported(scim, http, log):
    add_fault(http, method="GET", path="/scim/v2/Users", status=500)
    reply = scim.query("Users", "userName", "x")
    assert reply.status == 500
    assert log.count("GET") == 4  # the first try and max_retries (3) retries
