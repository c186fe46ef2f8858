"""Layered settings for every app: defaults, then prefixed environment variables, then the test mapping."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

__all__ = ["load_config"]


def load_config(
    app: Flask, defaults: Mapping[str, Any], prefix: str, overrides: Mapping[str, Any] | None
) -> None:
    """Fill ``app.config`` from ``defaults``, then ``{prefix}_*`` env vars (JSON-decoded), then ``overrides``.

    ``SCIMULATOR_CONTROL_TOKEN`` is honoured by every app, as the control API's contract says.
    """
    import os

    app.config.from_mapping(defaults)
    if "SCIMULATOR_CONTROL_TOKEN" in os.environ:
        app.config["CONTROL_TOKEN"] = os.environ["SCIMULATOR_CONTROL_TOKEN"]
    app.config.from_prefixed_env(prefix)
    if overrides:
        app.config.from_mapping(overrides)
