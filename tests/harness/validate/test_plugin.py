"""The pytest plugin's ``--scim-url``: a vendor's suite runs the validator's checks, one test per check.

The example below is the one docs/validate.md gives; it runs in a fresh pytest (pytester, a subprocess) against
mockscim on a real socket.
"""

from __future__ import annotations

import pytest

from harness.world import World, create_scim_app
from idcore.testing import LiveServer

pytest_plugins = ["pytester"]

VENDOR_SUITE = '''
def test_entra_compatibility(scim_check):
    """One case per validator check: pytest --scim-url URL --scim-token TOKEN."""
    scim_check.verify()
'''
TAGS = "--scim-tags=users.create,groups.create,groups.remove-member-value,groups.adscim-schema"


@pytest.mark.live
def test_each_check_is_one_test_against_the_vendors_endpoint(pytester):
    app = create_scim_app(
        {"DATABASE_URL": "sqlite://", "TOKEN": World.SCIM_TOKEN, "PROFILE": "drops-member-removal"}
    )
    server = LiveServer(app).start()
    try:
        pytester.makepyfile(test_vendor=VENDOR_SUITE)
        url = f"--scim-url={server.url}/scim/v2"
        result = pytester.runpytest_subprocess(
            "-n0", "-p", "no:cacheprovider", url, "--scim-token=" + World.SCIM_TOKEN, TAGS, "-rA"
        )
    finally:
        server.stop()
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(
        ["*test_entra_compatibility?groups.remove-member-value?*", "*Removals are lost*"]
    )


def test_without_a_url_every_case_is_skipped(pytester):
    pytester.makepyfile(test_vendor=VENDOR_SUITE)
    result = pytester.runpytest_subprocess("-n0", "-p", "no:cacheprovider", "--scim-tags=users,groups")
    outcomes = result.parseoutcomes()
    assert outcomes.get("skipped", 0) > 10 and "passed" not in outcomes and "failed" not in outcomes


@pytest.mark.live
@pytest.mark.parametrize(("judge", "passed", "failed"), [("entra", 3, 1), ("rfc", 4, 0)])
def test_scim_judge_rfc_passes_an_rfc_literal_removal_with_a_warning(pytester, judge, passed, failed):
    app = create_scim_app({"DATABASE_URL": "sqlite://", "TOKEN": World.SCIM_TOKEN, "PROFILE": "strict-rfc"})
    server = LiveServer(app).start()
    try:
        pytester.makepyfile(test_vendor=VENDOR_SUITE)
        args = [
            f"--scim-url={server.url}/scim/v2",
            "--scim-token=" + World.SCIM_TOKEN,
            TAGS,
            f"--scim-judge={judge}",
        ]
        result = pytester.runpytest_subprocess("-n0", "-p", "no:cacheprovider", *args, "-rA")
    finally:
        server.stop()
    result.assert_outcomes(passed=passed, failed=failed, warnings=result.parseoutcomes().get("warnings", 0))
