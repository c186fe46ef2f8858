"""The servers of bench_peers.py: mockscim (SQLite, PostgreSQL, gunicorn workers) and scim2-server.

Each is seeded with ``peer_load.user_body`` through its fastest honest path — mockscim by bulk inserts of the rows
its own input cleaning makes, scim2-server through its service's creation path (validation, ids, the uniqueness
index) into its storage — and then served on loopback. mockscim runs as ``scimulator serve scim`` (werkzeug's
threaded server, or gunicorn with ``--workers``); scim2-server runs under the same werkzeug server class.

Run as a script, this module serves one peer: ``python peer_servers.py scim2-server PORT USERS``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import requests

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:0] = [HERE, ROOT]

from peer_load import TOKEN, Target, user_body


# -- mockscim ---------------------------------------------------------------------------------------------
def seed_mockscim(url: str, users: int, chunk: int = 5000) -> None:
    """Insert ``users`` users into mockscim's tables at ``url``: the rows mockscim's input cleaning makes."""
    import mockscim
    from idcore.scim.schema_data import USER
    from mockscim.control import _reset_sequences
    from mockscim.models import EmailRow, UserRow, table_of
    from mockscim.resources import clean_input
    from mockscim.state import state

    app = mockscim.create_app({"DATABASE_URL": url, "TOKEN": TOKEN})
    current = state(app)
    db, profile = current.store.db, current.profile
    db.reset()
    now = datetime(2026, 1, 5, 9, tzinfo=UTC)
    with db.engine.begin() as conn:
        for start in range(0, users, chunk):
            rows, emails = [], []
            for n in range(start, min(start + chunk, users)):
                values = clean_input(user_body(n), USER, profile)
                name = values["userName"]
                rows.append(
                    {
                        "pk": n + 1,
                        "id": current.store.rng.uuid(),
                        "tenant": "default",
                        "user_name": name,
                        "user_name_ci": name.casefold(),
                        "user_name_key": name.casefold(),
                        "external_id": values["externalId"],
                        "display_name_ci": values["displayName"].casefold(),
                        "employee_number_ci": None,
                        "active": True,
                        "created": now,
                        "last_modified": now,
                        "version": 1,
                        "body": values,
                    }
                )
                for email in values["emails"]:
                    emails.append(
                        {"user_pk": n + 1, "value_ci": email["value"].casefold(), "type_ci": "work"}
                        | {"primary": True, "display_ci": None}
                    )
            conn.execute(table_of(UserRow).insert(), rows)
            conn.execute(table_of(EmailRow).insert(), emails)
        _reset_sequences(conn, db)
    if db.dialect == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
    db.engine.dispose()


def start_mockscim(name: str, url: str, port: int, workers: int = 1) -> Target:
    """Serve mockscim on ``url`` as ``scimulator serve scim`` (gunicorn when ``workers`` > 1)."""
    command = [sys.executable, "-m", "harness.cli", "serve", "scim", "--db", url, "--port", str(port)]
    command += ["--token", TOKEN, "--workers", str(workers)]
    env = {**os.environ, "PYTHONPATH": ROOT}
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    target = Target(name, f"http://127.0.0.1:{port}/scim/v2", process.pid)
    if url.startswith("postgresql"):
        target.db_pids = _pg_backends(url)
    _wait(target, process)
    return target


def _pg_backends(url: str) -> Callable[[], list[int]]:
    """Return a function listing the pids of the PostgreSQL backends connected to ``url``'s database."""
    import psycopg
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    conninfo = f"host={parsed.host} port={parsed.port or 5432} user={parsed.username} dbname=postgres"
    conn = psycopg.connect(conninfo, autocommit=True)

    def pids() -> list[int]:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (parsed.database,),
        ).fetchall()
        return [int(row[0]) for row in rows]

    return pids


# -- peers ------------------------------------------------------------------------------------------------
def start_peer(name: str, port: int, users: int) -> Target:
    """Start ``name`` (scim2-server) as this module's script; it seeds, then serves."""
    command = [sys.executable, os.path.abspath(__file__), name, str(port), str(users)]
    process = subprocess.Popen(command, cwd=HERE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    target = Target(name, f"http://127.0.0.1:{port}/v2", process.pid)
    _wait(target, process, seconds=1800)
    return target


def _wait(target: Target, process: subprocess.Popen[bytes], seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{target.name} exited with {process.returncode}")
        try:
            if requests.get(f"{target.base}/ServiceProviderConfig", timeout=5).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{target.name} did not start")


def stop(target: Target) -> None:
    """Stop a server started here (SIGTERM to the root process; gunicorn stops its workers)."""
    try:
        os.kill(target.pid, 15)
        os.waitpid(target.pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def _serve_scim2_server(port: int, users: int) -> None:
    """Seed scim2-server through its creation path (validation, ids, uniqueness index), then serve."""
    import json

    from scim2_server.memory import InMemoryStorage
    from scim2_server.service import ScimService
    from scim2_server.testserver.application import BearerTokenApplication
    from scim2_server.utils import load_default_provider
    from werkzeug.serving import run_simple

    service = ScimService(load_default_provider())
    storage = InMemoryStorage()
    resource_type = service.get_resource_type("User")
    with service.provider:
        for n in range(users):
            body = json.dumps(user_body(n)).encode()
            resource = service.read_creation(resource_type, body, "application/scim+json")
            with storage.operation():
                storage.create(resource_type, resource)
    app = BearerTokenApplication(storage, service.provider, service, bearer_tokens=[TOKEN])
    run_simple("127.0.0.1", port, app, threaded=True)


if __name__ == "__main__":
    peer, port_text, users_text = sys.argv[1:4]
    servers: dict[str, Callable[[int, int], Any]] = {
        "scim2-server": _serve_scim2_server,
    }
    servers[peer](int(port_text), int(users_text))
