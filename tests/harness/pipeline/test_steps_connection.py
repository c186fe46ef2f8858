"""Step 1, Test connection, against mockscim: hidden on success, explained on each kind of failure."""

from __future__ import annotations

import pytest
import requests

import mockscim
from harness.pipeline.connection import test_connection as probe
from harness.pipeline.context import OnDemandRequest, RunContext
from idcore.clock import ManualClock
from idcore.ids import Randomness
from idcore.testing import mount
from tests.harness.clients.conftest import SCIM_URL, TOKEN, add_fault, make_job


@pytest.fixture
def clock():
    return ManualClock()


@pytest.fixture
def http(clock, database_url):
    app = mockscim.create_app(
        {"DATABASE_URL": database_url, "TOKEN": TOKEN, "CONTROL_TOKEN": "ctl"}, clock=clock
    )
    return mount(requests.Session(), "http://target.local", app)


def run_probe(http, clock, job=None):
    ctx = RunContext(job or make_job(), OnDemandRequest(user="x"), http, clock, Randomness(7))
    return probe(ctx), ctx


def test_success_is_hidden_and_queries_a_random_guid(http, clock):
    step, ctx = run_probe(http, clock)
    assert step is None
    record = ctx.log.records[0]
    assert record.method == "GET" and "filter=userName+eq+%22" in record.url


def test_the_guid_comes_from_the_seeded_randomness(http, clock):
    first = run_probe(http, clock)[1].log.records[0].url
    assert run_probe(http, clock)[1].log.records[0].url == first


@pytest.mark.parametrize(
    ("fault", "code", "tip"),
    [
        ({"status": 401}, "Unauthorized", "secret token"),
        ({"status": 403}, "InsufficientRights", "InsufficientRights"),
        ({"status": 404}, "SystemForCrossDomainIdentityManagementServiceIncompatible", "not 404"),
        ({"status": 400}, "SystemForCrossDomainIdentityManagementBadRequest", "supports filtering"),
        ({"status": 500}, "InternalServerError", "secret token"),
        ({"latency": 31}, "Timeout", "did not answer in time"),
        ({"drop": "before"}, "WebExceptionProtocolError", "could not be reached"),
    ],
)
def test_each_failure_is_explained_with_its_own_tip_and_the_seeds_tips(http, clock, fault, code, tip):
    add_fault(http, method="GET", path="/scim/v2/Users", **fault)
    step, _ = run_probe(http, clock)
    assert step.status == "Failure" and step.error.code == code
    assert tip in step.error.tips[0]
    seed = " ".join(step.error.tips[-3:])  # S1: credentials, filtering on the matching attribute, curl
    assert "secret token and tenant URL" in seed and "filtering on the matching attribute (userName)" in seed
    assert f"'{SCIM_URL}/Users?filter=userName%20eq%20%22" in seed and "{" not in " ".join(step.error.tips)


def test_wrong_token_explains_the_credentials(http, clock):
    job = make_job(target={"type": "scim", "url": SCIM_URL, "auth": {"type": "bearer", "token": "nope"}})
    step, _ = run_probe(http, clock, job)
    assert "invalid credentials" in step.error.message and step.title == "Test connection"


def test_404_for_an_empty_filter_is_explained(clock):
    app = mockscim.create_app(
        {"DATABASE_URL": "sqlite://", "TOKEN": "t0ken", "QUIRKS": ["not-found-on-empty"]}, clock=clock
    )
    session = mount(requests.Session(), "http://target.local", app)
    step, ctx = run_probe(session, clock)
    assert step.error.code == "SystemForCrossDomainIdentityManagementServiceIncompatible"
    assert "200" in step.error.tips[0] and len(ctx.log.records) == 1


def test_the_group_probe_runs_only_when_the_setting_says_so(http, clock):
    _, ctx = run_probe(http, clock, make_job(settings={"probe_groups_on_test_connection": True}))
    assert [r.url.split("?")[0].rsplit("/", 1)[-1] for r in ctx.log.records] == ["Users", "Groups"]


def test_the_legacy_adscim_version_header_is_opt_in(http, clock):
    job = make_job(settings={"adscim_version_header": True})
    ctx = RunContext(job, OnDemandRequest(user="x"), http, clock, Randomness(7))
    assert ctx.scim.extra_headers == {"ADSCIMVersion": "5.0"}
    assert (
        RunContext(make_job(), OnDemandRequest(user="x"), http, clock, Randomness(7)).scim.extra_headers == {}
    )
