"""The deployment rig of ``bench_sync.py``: databases, ``scimulator serve`` processes, Graph reads and writes.

Each app runs as ``python -m harness.cli serve idp|scim --db URL --workers N`` (gunicorn when N > 1) on a loopback
port picked here, on its own database: a PostgreSQL database created and dropped by ``Databases``, or a SQLite
file in a temporary folder. Nothing here imports mockidp or mockscim: the benchmark reaches them over HTTP only,
as the harness does.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Self

import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from harness.world import World, job_data
from idcore.testing.process import ServerProcess

ROOT = Path(__file__).resolve().parents[1]
CONTROL_TOKEN = "bench-control"
SCIM_TOKEN = World.SCIM_TOKEN
TENANT = World.TENANT
CLIENT_ID = World.CLIENT_ID
CLIENT_SECRET = World.CLIENT_SECRET
APP_NAME = World.APP_NAME
SEED = 1


def child_env() -> dict[str, str]:
    """Return the environment of a child process: this tree first on PYTHONPATH."""
    path = os.environ.get("PYTHONPATH", "")
    return {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{path}" if path else str(ROOT)}


class Databases:
    """Hand out one fresh database per name: PostgreSQL databases beside ``postgres_url``'s, or SQLite files.

    Every PostgreSQL database made here is dropped on exit (``WITH (FORCE)``: a server still connected is cut off).
    """

    def __init__(self, postgres_url: str | None) -> None:
        self.postgres_url = postgres_url
        self.tag = f"bench_sync_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        self.folder = tempfile.mkdtemp(prefix="bench-sync-")
        self.made: list[str] = []

    @property
    def kind(self) -> str:
        """Return "postgresql" or "sqlite"."""
        return "postgresql" if self.postgres_url else "sqlite"

    def new(self, name: str) -> str:
        """Return the URL of a new, empty database called after ``name``."""
        if not self.postgres_url:
            return f"sqlite:///{self.folder}/{name}.sqlite"
        database = f"{self.tag}_{name}"
        self._admin(f'CREATE DATABASE "{database}"')
        self.made.append(database)
        return make_url(self.postgres_url).set(database=database).render_as_string(hide_password=False)

    def _admin(self, statement: str) -> None:
        engine = create_engine(self.postgres_url or "", isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                conn.execute(text(statement))
        finally:
            engine.dispose()

    def close(self) -> None:
        """Drop every database made here and remove the SQLite folder."""
        for database in self.made:
            self._admin(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        self.made.clear()
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Served(ServerProcess):
    """``scimulator serve <app> --db URL --workers N`` on a free loopback port, with the control API on."""

    def __init__(self, app: str, db: str, workers: int, *extra: str) -> None:
        command = [
            sys.executable,
            "-m",
            "harness.cli",
            "serve",
            app,
            "--host",
            "127.0.0.1",
            "--port",
            "{port}",
        ]
        command += [
            "--db",
            db,
            "--workers",
            str(workers),
            "--seed",
            str(SEED),
            "--control-token",
            CONTROL_TOKEN,
        ]
        super().__init__([*command, *extra], child_env(), timeout=300)
        self.app = app

    @property
    def root(self) -> str:
        """Return the server's base URL."""
        return self.url

    def control(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """Call the app's ``/_control`` API."""
        headers = {"Authorization": f"Bearer {CONTROL_TOKEN}"}
        return requests.request(method, f"{self.url}/_control{path}", headers=headers, timeout=600, **kwargs)


def seed_directory(db: str, users: int) -> float:
    """Seed mockidp's database with ``scimulator seed`` (a child process); return its wall time in seconds."""
    command = [sys.executable, "-m", "harness.cli", "seed", "--db", db, "--users", str(users)]
    start = time.perf_counter()
    command += ["--seed", str(SEED)]
    done = subprocess.run(command, check=False, env=child_env(), capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode:
        raise RuntimeError(f"scimulator seed failed: {done.stdout}{done.stderr}")
    return elapsed


def job_dict(idp: str, scim: str, scope: str) -> dict[str, Any]:
    """Return the benchmark's job: the non-gallery defaults, users only, from ``idp`` into ``scim``."""
    return job_data(idp, f"{scim}/scim/v2", scope=scope, groups={"enabled": False})


class Graph:
    """A few Graph calls with the harness's client credentials (the seeded app registration may write users)."""

    def __init__(self, root: str) -> None:
        self.root = root
        self.session = requests.Session()
        reply = self.session.post(
            f"{root}/{TENANT}/oauth2/v2.0/token",
            data={
                "grant_type": "client_credentials",
                "client_id": CLIENT_ID,
                "client_secret": CLIENT_SECRET,
                "scope": "https://graph.microsoft.com/.default",
            },
            timeout=60,
        )
        reply.raise_for_status()
        self.session.headers["Authorization"] = f"Bearer {reply.json()['access_token']}"

    def pages(self, path: str, params: dict[str, str]) -> Iterator[list[dict[str, Any]]]:
        """Yield each page of values of a Graph collection, following ``@odata.nextLink``."""
        url: str | None = f"{self.root}/v1.0{path}"
        query: dict[str, str] | None = params
        while url:
            reply = self.session.get(url, params=query, timeout=600)
            reply.raise_for_status()
            body = reply.json()
            yield body.get("value", [])
            url, query = body.get("@odata.nextLink"), None

    def patch_user(self, user_id: str, changes: dict[str, Any]) -> None:
        """PATCH one user; raise on failure."""
        reply = self.session.patch(f"{self.root}/v1.0/users/{user_id}", json=changes, timeout=60)
        reply.raise_for_status()

    def close(self) -> None:
        """Close the session."""
        self.session.close()
