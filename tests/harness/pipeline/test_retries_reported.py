"""Retries within one run: 429, 5xx and time-outs are retried with bounded backoff on the clock, then reported."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize(
    ("fault", "code"),
    [
        ({"status": 429}, "TooManyRequests"),
        ({"status": 500}, "InternalServerError"),
        ({"status": 502}, "InternalServerError"),
        ({"status": 503}, "InternalServerError"),
        ({"status": 504}, "InternalServerError"),
    ],
)
def test_a_persistent_failure_on_create_is_retried_then_reported_with_entras_code(
    world, scene, ada, fault, code
):
    scene.fault(method="POST", path="/scim/v2/Users", **fault)
    before = world.clock.now()
    result = world.provision(user=ada["userPrincipalName"])
    assert (result.result, result.error.code) == ("Failure", code)
    assert [r.method for r in result.requests].count("POST") == 4  # the first try and 3 retries
    waited = (world.clock.now() - before).total_seconds()
    assert 2 + 4 + 8 <= waited < 2 + 4 + 8 + 1  # backoff 2 s doubling, on the clock, bounded
    assert scene.target_users(ada["userPrincipalName"]) == []


@pytest.mark.parametrize(("retries", "posts"), [(0, 1), (1, 2), (5, 6)])
def test_the_number_of_retries_is_the_max_retries_setting(world, scene, ada, retries, posts):
    scene.fault(method="POST", path="/scim/v2/Users", status=503)
    result = world.provision(
        world.default_job(settings={"max_retries": retries}), user=ada["userPrincipalName"]
    )
    assert [r.method for r in result.requests].count("POST") == posts


def test_backoff_is_capped_by_max_backoff(world, scene, ada):
    scene.fault(method="POST", path="/scim/v2/Users", status=500)
    job = world.default_job(settings={"max_retries": 6, "retry_backoff": 10, "max_backoff": 15})
    before = world.clock.now()
    world.provision(job, user=ada["userPrincipalName"])
    assert (world.clock.now() - before).total_seconds() < 10 + 15 * 5 + 1


@pytest.mark.parametrize("status", [500, 503])
def test_a_transient_5xx_is_retried_and_the_user_created_once(world, scene, ada, status):
    scene.fault(method="POST", path="/scim/v2/Users", status=status, times=2)
    result = world.provision(user=ada["userPrincipalName"])
    assert (result.result, result.action) == ("Success", "Create")
    assert [r.status for r in result.requests if r.method == "POST"] == [status, status, 201]
    assert len(scene.target_users(ada["userPrincipalName"])) == 1


def test_a_target_that_never_answers_the_lookup_is_a_timeout(world, scene, ada):
    scene.fault(method="GET", path="/scim/v2/Users", latency=45)
    result = world.provision(user=ada["userPrincipalName"])
    assert (result.result, result.error.code) == ("Failure", "Timeout")
    assert not [r for r in result.requests if r.method == "POST"]


def test_each_retry_is_told_with_its_wait_and_try(world, scene, ada):
    scene.fault(method="POST", path="/scim/v2/Users", status=503)
    told: list[str] = []
    world.provision(user=ada["userPrincipalName"], progress=told.append)
    assert [line.split(": ", 1)[1] for line in told] == [
        "HTTP 503; retrying in 2 s (try 2 of 4)",
        "HTTP 503; retrying in 4 s (try 3 of 4)",
        "HTTP 503; retrying in 8 s (try 4 of 4)",
    ]
    assert all(line.startswith("POST http://") and "/scim/v2/Users" in line for line in told)
