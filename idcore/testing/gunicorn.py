"""An app served by gunicorn with several worker processes on port 0, for the tests of "many workers, one server"."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping
from types import TracebackType
from typing import IO, Self

__all__ = ["GunicornServer"]

_LISTENING = re.compile(r"Listening at: http://([\d.]+):(\d+)")
_BOOTED = re.compile(r"Booting worker with pid")


class GunicornServer:
    """Run ``gunicorn -w N <app>`` (``module:factory()``) in a subprocess; ``url`` once every worker booted.

    ``env`` adds environment variables (the apps read ``MOCKSCIM_*`` / ``MOCKIDP_*``), which is how the workers
    get their shared database URL and control token.
    """

    def __init__(self, app: str, env: Mapping[str, str], workers: int = 4, timeout: float = 60) -> None:
        self.app = app
        self.env = dict(env)
        self.workers = workers
        self.timeout = timeout
        self.url = ""
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def start(self) -> Self:
        """Start gunicorn and wait until it listens and all workers booted; raise with its log otherwise."""
        self._log = tempfile.TemporaryFile()  # noqa: SIM115 — kept open while the server runs, closed on exit
        # --timeout: a worker waiting for SQLite's write lock on a loaded machine is slow, not hung.
        command = [sys.executable, "-m", "gunicorn", "--graceful-timeout", "2", "--timeout", "120"]
        command += ["-w", str(self.workers), "-b", "127.0.0.1:0", self.app]
        self._process = subprocess.Popen(
            command, env={**os.environ, **self.env}, stdout=self._log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + self.timeout
        while time.monotonic() < deadline:
            text = self.log()
            found = _LISTENING.search(text)
            if found and len(_BOOTED.findall(text)) >= self.workers:
                self.url = f"http://{found.group(1)}:{found.group(2)}"
                return self
            if self._process.poll() is not None:
                break
            time.sleep(0.05)  # waiting for another process to boot: real time, not the app's clock
        self.stop()
        raise RuntimeError(f"gunicorn did not start:\n{self.log()}")

    def log(self) -> str:
        """Return what gunicorn printed so far."""
        if self._log is None:
            return ""
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    def stop(self) -> None:
        """Stop gunicorn (SIGTERM, then SIGKILL) and its workers."""
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(5)
        self._process = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()
        if self._log is not None:
            self._log.close()
            self._log = None
