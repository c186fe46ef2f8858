"""The external check of external-checks.md: scim2-cli's ``test`` command over a real socket, as a subprocess.

``scim2 --url URL -h "Authorization: Bearer TOKEN" test`` exits 1 on any failed check; the member-removal bug
profile proves the check can fail.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

import mockscim
from idcore.testing import LiveServer

CLI = [sys.executable, "-c", "from scim2_cli import cli; cli(prog_name='scim2')"]


@pytest.mark.live
@pytest.mark.parametrize(
    "profile, code", [("entra-compatible", 0), ("strict-rfc", 0), ("drops-member-removal", 1)]
)
def test_scim2_cli_test_command(profile, code):
    app = mockscim.create_app({"DATABASE_URL": "sqlite://", "PROFILE": profile, "TOKEN": "cli-token"})
    with LiveServer(app) as server:
        url = f"{server.url}/scim/v2"
        run = subprocess.run(
            [*CLI, "--url", url, "-h", "Authorization: Bearer cli-token", "test"],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    assert run.returncode == code, run.stdout[-4000:] + run.stderr[-2000:]
    assert run.stdout.count("SUCCESS") > 100
    assert ("ERROR" in run.stdout) == bool(code)
