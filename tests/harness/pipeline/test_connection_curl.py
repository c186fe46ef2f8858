"""The curl line a failed Test connection prints runs as printed (#9 item 7)."""

from __future__ import annotations

import shlex
import shutil
import subprocess
from urllib.parse import parse_qs, urlsplit

import pytest

from harness.pipeline.connection import NO_SUCH_VALUE, connection_curl

BASE = "http://127.0.0.1:9/scim/v2"


def test_the_url_is_encoded_and_the_line_splits_into_curl_arguments():
    argv = shlex.split(connection_curl(BASE, "Users", "userName"))
    assert argv[:3] == ["curl", "-H", "Authorization: Bearer <secret token>"]
    url = urlsplit(argv[3])
    assert " " not in argv[3] and '"' not in argv[3]
    assert parse_qs(url.query) == {"filter": [f'userName eq "{NO_SUCH_VALUE}"']}


def test_a_failed_connection_tip_carries_the_line(world, scene, ada):
    scene.fault(method="GET", path="/scim/v2/Users", status=401)
    result = world.provision(user=ada["userPrincipalName"])
    [tip] = [t for t in result.error.tips if t.startswith("Reproduce the query with curl: ")]
    assert "curl -H 'Authorization: Bearer <secret token>' 'http" in tip
    assert f"/Users?filter=userName%20eq%20%22{NO_SUCH_VALUE}%22'" in tip


@pytest.mark.live
@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_runs_the_line_as_printed_against_a_live_target():
    from harness.world import create_scim_app
    from idcore.testing import LiveServer

    server = LiveServer(create_scim_app({"DATABASE_URL": "sqlite://"}), "127.0.0.1", 0).start()
    try:
        line = (
            connection_curl(f"{server.url}/scim/v2", "Users", "userName") + " -s -o /dev/null -w %{http_code}"
        )
        done = subprocess.run(line, shell=True, capture_output=True, text=True, timeout=30, check=False)
    finally:
        server.stop()
    assert (done.returncode, done.stdout) == (0, "401")
