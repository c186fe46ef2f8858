"""Every CLI test keeps its state (logs, links, up's job files) under its own ``$SCIMULATOR_HOME``."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def state_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("SCIMULATOR_HOME", str(home))
    return home
