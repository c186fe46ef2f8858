"""The deployment rig of ``bench_sync.py``: databases, ``scimulator serve`` processes, Graph reads and writes.

Each app runs as ``python -m harness.cli serve idp|scim --db URL --workers N`` (gunicorn when N > 1) on a loopback
port picked here, on its own database: a PostgreSQL database created and dropped by ``Databases``, or a SQLite
file in a temporary folder. Nothing here imports mockidp or mockscim: the benchmark reaches them over HTTP only,
as the harness does.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
CONTROL_TOKEN = "bench-control"
SCIM_TOKEN = "bench-scim-token"
TENANT = "contoso"
CLIENT_ID = "scimulator-harness"
CLIENT_SECRET = "scimulator-secret"
APP_NAME = "Contoso SCIM app"
SEED = 1


def free_port() -> int:
    """Return a loopback port nobody listens on now (the server binds it a moment later)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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


class Served:
    """``scimulator serve <app>`` in a child process (its own process group), ready once it answers HTTP."""

    def __init__(self, app: str, db: str, workers: int, *extra: str, timeout: float = 300) -> None:
        self.app = app
        self.port = free_port()
        self.root = f"http://127.0.0.1:{self.port}"
        self.command = [sys.executable, "-m", "harness.cli", "serve", app, "--host", "127.0.0.1"]
        self.command += ["--port", str(self.port), "--db", db, "--workers", str(workers), "--seed", str(SEED)]
        self.command += ["--control-token", CONTROL_TOKEN, *extra]
        self.timeout = timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def probe(self) -> str:
        """Return a URL that answers once the app serves requests."""
        return f"{self.root}/openapi.json"

    def start(self) -> Self:
        """Start the server and wait until it answers; raise with its output when it stops or never answers."""
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 — kept open while the server runs
        self._process = subprocess.Popen(
            self.command, env=child_env(), stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                break
            try:
                if requests.get(self.probe, timeout=5).status_code < 500:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)  # waiting for another process to start: real time
        output = self.output()
        self.stop()
        raise RuntimeError(f"{' '.join(self.command)} did not start:\n{output[-3000:]}")

    def cpu_seconds(self) -> float:
        """Return the CPU seconds (user + system) the server's processes (gunicorn master and workers) used so far."""
        if self._process is None:
            return 0.0
        total = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # a process that ended while we read
            if int(fields[3]) == self._process.pid:  # field 6 of stat: the session id (start_new_session)
                total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
        return total / os.sysconf("SC_CLK_TCK")

    def output(self) -> str:
        """Return what the server printed so far."""
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    def stop(self) -> None:
        """Stop the server and its gunicorn workers (SIGTERM to the group, then SIGKILL)."""
        process = self._process
        if process is not None and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(5)
        self._process = None
        if self._log is not None:
            self._log.close()
            self._log = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def control(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """Call the app's ``/_control`` API."""
        headers = {"Authorization": f"Bearer {CONTROL_TOKEN}"}
        return requests.request(method, f"{self.root}/_control{path}", headers=headers, timeout=600, **kwargs)


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
    return {
        "name": APP_NAME,
        "source": {
            "type": "entra",
            "url": idp,
            "tenant": TENANT,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "app": APP_NAME,
        },
        "target": {"type": "scim", "url": f"{scim}/scim/v2", "auth": {"type": "bearer", "token": SCIM_TOKEN}},
        "scope": scope,
        "state": "running",
        "users": {"enabled": True, "mappings": "default"},
        "groups": {"enabled": False, "mappings": "default"},
    }


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
