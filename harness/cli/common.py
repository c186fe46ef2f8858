"""What several commands share: the output width, plain-text rendering, writing the output, jobs and randomness."""

from __future__ import annotations

import io
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console, RenderableType

__all__ = ["emit", "load_job_file", "plain_text", "system_rng", "terminal_width", "write_private"]


def terminal_width() -> int:
    """Return the terminal's width, or 100 when the output is not a terminal."""
    return shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100


def plain_text(renderable: RenderableType, width: int | None = None) -> str:
    """Render a rich object to plain text at ``width`` (default: the output's width), trailing spaces dropped."""
    console = Console(width=width or terminal_width(), record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines()) + "\n"


def emit(text: str, out: Path | None) -> None:
    """Print ``text``, or write it to ``out`` and say where it went."""
    if out is None:
        click.echo(text.rstrip("\n"))
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    click.echo(f"wrote {out}")


def write_private(path: Path, text: str) -> None:
    """Write a file that holds secrets (client secrets, tokens) readable by its owner only (mode 0600).

    The file is created 0600 (never briefly world-readable) and an existing one is narrowed to 0600 before it is
    rewritten.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(text)


def load_job_file(path: str) -> Any:
    """Read a job file (a bad one raises JobError, which ``main`` reports as one line)."""
    from harness.jobs.model import load_job

    return load_job(path)


def system_rng(seed: int | None = None) -> Any:
    """Return the randomness of a real-HTTP run: from ``seed`` when given, else from the system clock."""
    from idcore.clock import SystemClock
    from idcore.ids import Randomness

    return Randomness(int(SystemClock().now().timestamp() * 1_000_000) if seed is None else seed)
