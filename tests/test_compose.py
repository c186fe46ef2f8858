"""compose.yaml's services, started locally: the commands, ports and variables it names really work.

No Docker engine runs here, so each mock service's ``command`` runs as a subprocess with the service's
``environment``, its database host pointed at the local PostgreSQL and its port swapped for a free one.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import requests
import yaml
from sqlalchemy.engine import make_url

from idcore.testing import ServerProcess

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
LOCAL_PG = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"


def _pg_available() -> bool:
    try:
        psycopg.connect(LOCAL_PG, connect_timeout=3).close()
    except psycopg.Error:
        return False
    return True


pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(not _pg_available(), reason="no PostgreSQL on 127.0.0.1:5432"),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def local_database() -> Iterator[str]:
    name = f"compose_{os.getpid()}_{_free_port()}"
    with psycopg.connect(LOCAL_PG, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(LOCAL_PG, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _localize(service: dict, database: str, port: int) -> tuple[list[str], dict[str, str]]:
    """Return the service's command and environment, pointed at this machine."""
    command = list(service["command"])
    if "--port" in command:  # the one-shot seed service listens on nothing
        command[command.index("--port") + 1] = str(port)
        command[command.index("--host") + 1] = "127.0.0.1"
    env = dict(os.environ)
    for key, value in service.get("environment", {}).items():
        if key.endswith("DATABASE_URL"):
            value = (
                make_url(value)
                .set(host="127.0.0.1", username="postgres", password=None, database=database)
                .render_as_string(hide_password=False)
            )
        env[key] = str(value)
    scimulator = Path(sys.executable).with_name("scimulator")
    command[0] = str(scimulator) if scimulator.exists() else command[0]
    return command, env


def _wait_for(url: str, headers: dict[str, str], proc: subprocess.Popen) -> requests.Response:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(
                f"service exited with {proc.returncode}: {proc.stderr.read() if proc.stderr else ''}"
            )
        try:
            return requests.get(url, headers=headers, timeout=2)
        except requests.ConnectionError:
            time.sleep(0.2)
    raise AssertionError(f"service never answered {url}")


@pytest.mark.parametrize(
    ("service", "path", "auth_env"),
    [
        ("mockidp", "/openapi.json", None),
        ("mockscim", "/scim/v2/ServiceProviderConfig", "--token"),
        ("ui", "/api/jobs", None),
    ],
)
def test_compose_service_command_serves(local_database, service, path, auth_env):
    spec = COMPOSE["services"][service]
    port = _free_port()
    command, env = _localize(spec, local_database, port)
    headers = {"Authorization": f"Bearer {command[command.index(auth_env) + 1]}"} if auth_env else {}
    proc = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        response = _wait_for(f"http://127.0.0.1:{port}{path}", headers, proc)
        assert response.status_code == 200, response.text
        if service == "ui":  # the job file loads with the service's variables: nothing to explain
            assert [job["error"] for job in response.json()["jobs"]] == [None]
    finally:
        proc.terminate()
        proc.wait(10)


def test_compose_names_the_services_design_lists():
    assert {"postgres", "mockidp", "mockscim", "ui"} <= set(COMPOSE["services"])
    for name in ("mockidp", "mockscim", "ui"):
        assert COMPOSE["services"][name]["command"][:3] == ["scimulator", "serve", name.removeprefix("mock")]


def _replica(service: str, database: str) -> ServerProcess:
    """Return one replica of a compose service as a local process (its command, its variables, a free port)."""
    command, env = _localize(COMPOSE["services"][service], database, 0)
    command[command.index("--port") + 1] = "{port}"
    return ServerProcess(command, env, timeout=120)


def test_compose_scales_out_two_replicas_of_each_mock_serve_one_tenant(local_database):
    command, env = _localize(COMPOSE["services"]["seed"], local_database, 0)
    subprocess.run(command, env=env, cwd=ROOT, check=True, capture_output=True)
    replicas = {name: [_replica(name, local_database) for _ in range(2)] for name in ("mockidp", "mockscim")}
    try:
        for process in replicas["mockidp"] + replicas["mockscim"]:
            process.start()
        users = [_graph_users(p.url) for p in replicas["mockidp"]]
        one, two = replicas["mockscim"]
        scim = {"Authorization": f"Bearer {_option(COMPOSE['services']['mockscim'], '--token')}"}
        body = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "scaled@example.com"}
        created = requests.post(f"{one.url}/scim/v2/Users", json=body, headers=scim, timeout=60)
        seen = requests.get(f"{two.url}/scim/v2/Users/{created.json()['id']}", headers=scim, timeout=60)
    finally:
        for process in replicas["mockidp"] + replicas["mockscim"]:
            process.stop()
    assert (bool(users[0]), users[0] == users[1], seen.status_code) == (True, True, 200)


def _option(service: dict, name: str) -> str:
    return str(service["command"][service["command"].index(name) + 1])


def _graph_users(root: str) -> list[str]:
    token = requests.post(
        f"{root}/contoso/oauth2/v2.0/token",
        data={
            "grant_type": "client_credentials",
            "client_id": "scimulator-harness",
            "client_secret": "scimulator-secret",
            "scope": "https://graph.microsoft.com/.default",
        },
        timeout=60,
    ).json()["access_token"]
    reply = requests.get(
        f"{root}/v1.0/users",
        params={"$select": "id", "$top": "999"},
        headers={"Authorization": f"Bearer {token}"},
        timeout=60,
    )
    return sorted(user["id"] for user in reply.json()["value"])
