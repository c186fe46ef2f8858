"""A server command (``scimulator serve …``) in its own process group on a free loopback port, ready once it answers.

For the tests and benchmarks of "many processes, one database": each ``ServerProcess`` is what one host behind a
load balancer would run. The command names the port as ``{port}``; ``url`` is ``http://127.0.0.1:<port>``.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, Self

import requests

__all__ = ["ServerProcess", "free_port"]


def free_port() -> int:
    """Return a loopback port nobody listens on now (the server binds it a moment later)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class ServerProcess:
    """Run ``command`` (``{port}`` replaced by a free port) until stopped; ``start`` waits for ``probe`` to answer."""

    def __init__(
        self,
        command: Sequence[str],
        env: Mapping[str, str] | None = None,
        *,
        probe: str = "/openapi.json",
        timeout: float = 120,
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.command = [part.replace("{port}", str(self.port)) for part in command]
        self.env = {**os.environ, **(env or {})}
        self.probe = probe
        self.timeout = timeout
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def start(self) -> Self:
        """Start the command and wait until ``probe`` answers below 500; raise with its output otherwise."""
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 — kept open while the server runs
        self._process = subprocess.Popen(
            self.command, env=self.env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline and self._process.poll() is None:
            try:
                if requests.get(self.url + self.probe, timeout=5).status_code < 500:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)  # waiting for another process to start: real time, not an app's clock
        output = self.output()
        self.stop()
        raise RuntimeError(f"{' '.join(self.command)} did not start:\n{output[-3000:]}")

    def output(self) -> str:
        """Return what the server printed so far."""
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    def cpu_seconds(self) -> float:
        """Return the CPU seconds (user + system) the server's processes (gunicorn's too) used so far."""
        if self._process is None:
            return 0.0
        ticks = 0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue  # a process that ended while it was read
            if int(fields[3]) == self._process.pid:  # the session id: every process this one started
                ticks += int(fields[11]) + int(fields[12])  # utime + stime
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        """Stop the server and its children (SIGTERM to the process group, then SIGKILL)."""
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
