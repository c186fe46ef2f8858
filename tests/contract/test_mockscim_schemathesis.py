"""schemathesis against mockscim's own /openapi.json, under entra-compatible and strict-rfc, in process."""

from __future__ import annotations

import schemathesis

import mockscim
from idcore.clock import ManualClock
from tests.contract.schemathesis_run import authenticate, bounded, run

TOKEN = "scimulator-token"


def _schema(profile: str) -> schemathesis.BaseSchema:
    config = {
        "DATABASE_URL": "sqlite://",
        "PROFILE": profile,
        "OAUTH_CLIENT_ID": "client",
        "OAUTH_CLIENT_SECRET": "secret",
    }
    app = mockscim.create_app(config, clock=ManualClock())
    return authenticate(schemathesis.openapi.from_wsgi("/openapi.json", app), TOKEN)


entra = _schema("entra-compatible")
strict = _schema("strict-rfc")


@schemathesis.pytest.parametrize(entra=entra, strict=strict)
@bounded
def test_mockscim_answers_as_documented(case):
    run(case, "mockscim")
