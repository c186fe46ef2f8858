"""The independent check: scim2-tester's RFC checks, run in process against each profile."""

from __future__ import annotations

import pytest
from scim2_client.engines.wsgi import WSGISCIMClient
from scim2_tester import check_server

import mockscim

pytestmark = pytest.mark.filterwarnings("ignore")


def failures(profile: str, database_url: str) -> set[str]:
    app = mockscim.create_app({"DATABASE_URL": database_url, "PROFILE": profile})
    client = WSGISCIMClient(
        app, base_url="http://localhost/scim/v2", headers={"Authorization": "Bearer scimulator-token"}
    )
    client.discover()
    results = check_server(client)
    assert len(results) > 100
    return {result.title for result in results if result.status.name not in ("SUCCESS", "SKIPPED")}


@pytest.mark.parametrize("profile", ["entra-compatible", "strict-rfc", "patch-no-content"])
def test_rfc_profiles_pass_every_check(profile, database_url):
    assert failures(profile, database_url) == set()


def test_member_removal_bug_fails_exactly_the_remove_check(database_url):
    assert failures("drops-member-removal", database_url) == {"check_remove_attribute"}
