"""The pytest plugin (harness/pytest_plugin.py), run as another suite would use it."""

from __future__ import annotations

pytest_plugins = ["pytester"]

PLUGIN_SUITE = """
import pytest

def test_manual_clock_moves_only_when_told(manual_clock):
    start = manual_clock.now()
    manual_clock.sleep(30)
    assert (manual_clock.now() - start).total_seconds() == 30

@pytest.mark.scim_target(profile="entra-compatible")
def test_scim_target_is_a_fresh_mockscim(scim_target):
    body = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "adele@contoso.com"}
    assert scim_target.request("POST", "/Users", json=body).status_code == 201
    assert scim_target.request("GET", "/Users").json()["totalResults"] == 1

def test_scim_target_starts_empty(scim_target):
    assert scim_target.request("GET", "/Users").json()["totalResults"] == 0

@pytest.mark.scim_world(seed=0, users=10)
def test_provision_runs_in_the_world(scim_world, provision):
    from harness.cli import first_assigned_user

    scim_world.clock.advance(181)
    result = provision(user=first_assigned_user(scim_world))
    assert (result.action, result.result) == ("Create", "Success")
"""


def test_pytest_plugin_fixtures_work_in_another_suite(pytester):
    pytester.makepyfile(test_other=PLUGIN_SUITE)
    # A subprocess, not runpytest(): the in-process run drops the modules it imported (mockidp, mockscim,
    # cryptography) afterwards, and their re-import breaks every later test in the same worker.
    result = pytester.runpytest_subprocess(
        "-n0", "-p", "no:cacheprovider"
    )  # the pytest11 entry point loads it
    result.assert_outcomes(passed=4)
