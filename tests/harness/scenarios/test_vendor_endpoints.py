"""``scenarios run --url``: the catalog against endpoints on real sockets — mockscim as a stranger, and scim2-server.

Against a vendor's endpoint the source stays an in-process mockidp; what only mockscim can stage (quirks, faults,
its OAuth client) is skipped, every name carries a run prefix and the endpoint is left as it was found.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import requests

from harness.cli import main
from harness.world import World, create_scim_app
from idcore.testing import LiveServer

pytestmark = pytest.mark.live
NEEDS_MOCKSCIM = {8, 9, 13, 15, 18, 19, 28, 29, "transient-5xx-retried", "persistent-5xx-reported"}
#: cross-tenant entries write to an Entra ID tenant (mockidp), never to a SCIM endpoint: skipped against --url
CROSS_TENANT = {
    "cts-create-b2b-member",
    "cts-disabled-blocks-sign-in",
    "cts-unassigned-soft-delete",
    "cts-sms-sign-in-skipped",
    "cts-auto-redemption-not-configured",
    "cts-inbound-sync-blocked",
    "cts-group-on-demand-refused",
    "cts-soft-delete-then-create-again",
}


def run(capsys, url: str, token: str, *names: str) -> tuple[int, dict]:
    code = main(["scenarios", "run", *names, "--url", url, "--token", token, "--json"])
    return code, json.loads(capsys.readouterr().out)


def by_status(document: dict, status: str) -> set[int | str]:
    return {s["number"] or s["name"] for s in document["scenarios"] if s["status"] == status}


@pytest.fixture
def mockscim() -> Iterator[str]:
    app = create_scim_app({"DATABASE_URL": "sqlite://", "TOKEN": World.SCIM_TOKEN})
    server = LiveServer(app).start()
    yield f"{server.url}/scim/v2"
    server.stop()


def test_mockscim_as_a_vendor_endpoint_passes_and_is_left_empty(capsys, mockscim):
    code, document = run(capsys, mockscim, World.SCIM_TOKEN, "1", "3", "7", "8", "11", "20", "25")
    assert code == 0 and by_status(document, "failed") == set()
    assert by_status(document, "skipped") == {8}
    left = requests.get(
        f"{mockscim}/Users", headers={"Authorization": f"Bearer {World.SCIM_TOKEN}"}, timeout=10
    )
    assert left.json()["totalResults"] == 0


@pytest.fixture(scope="module")
def scim2_server() -> Iterator[str]:
    from scim2_server.applications.wsgi import WSGIApplication
    from scim2_server.memory import InMemoryStorage
    from scim2_server.service import ScimService
    from scim2_server.utils import load_default_provider

    service = ScimService(load_default_provider())
    server = LiveServer(WSGIApplication(InMemoryStorage(), service.provider, service)).start()
    yield server.url
    server.stop()


def test_scim2_server_fails_exactly_its_known_deviations_and_is_left_empty(capsys, scim2_server):
    code, document = run(capsys, scim2_server, "unused")
    assert code == 1
    # 1: the manager PATCH (a plain-string value) is refused; 11: the ADSCIM group schema is refused;
    # 16: any token is accepted, so a wrong one never fails test connection
    assert by_status(document, "failed") == {1, 11, 16}
    assert by_status(document, "skipped") == NEEDS_MOCKSCIM | CROSS_TENANT
    for kind in ("Users", "Groups"):
        assert requests.get(f"{scim2_server}/{kind}", timeout=10).json()["totalResults"] == 0
