"""``scimulator serve --workers N --threads T`` for real: gunicorn's sync workers close each connection, threaded
workers keep it open for the client's next request (what a provisioning cycle's many requests want)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import requests

from idcore.testing import ServerProcess

pytestmark = pytest.mark.live

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(("threads", "connection"), [(1, "close"), (2, "keep-alive")])
def test_threads_keep_the_client_connection_open(tmp_path, threads, connection):
    command = [sys.executable, "-m", "harness.cli", "serve", "scim", "--port", "{port}", "--token", "t"]
    command += ["--db", f"sqlite:///{tmp_path}/scim.sqlite", "--workers", "2", "--threads", str(threads)]
    with ServerProcess(command, {"PYTHONPATH": str(ROOT)}) as server, requests.Session() as session:
        reply = session.get(f"{server.url}/scim/v2/Users", headers={"Authorization": "Bearer t"}, timeout=60)
    assert (reply.status_code, reply.headers.get("Connection", "keep-alive").lower()) == (200, connection)
