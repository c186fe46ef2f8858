"""Every CLI test keeps its state (logs, links, up's job files) under its own ``$SCIMULATOR_HOME``."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def state_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("SCIMULATOR_HOME", str(home))
    return home


@pytest.fixture
def up_session(state_home):
    """Both mocks on real sockets (port 0), seeded with 10 users, and the job files ``up`` writes."""
    from harness.cli import start_up

    session = start_up(idp_port=0, scim_port=0, users=10, home=state_home)
    yield session
    session.stop()


@pytest.fixture
def user(up_session):
    """The UPN of the first enabled user assigned to up's app."""
    from harness.cli import first_assigned_user

    return first_assigned_user(up_session)
