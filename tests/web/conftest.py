"""Fixtures of the web app's tests: a world of both mocks, the web app over it, and admin moves on the world."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from harness.web import create_app
from harness.world import World, build_world

DELAY = 180
_names = itertools.count(1)


def web_app(world: World, *jobs: Any, **config: Any) -> Flask:
    """Return the web app offering ``jobs`` (default: the world's job), reaching the world through its session."""
    settings = {
        "LOG_DATABASE_URL": "sqlite://",
        "LINKS_DATABASE_URL": "memory",
        "SEED": 7,
        "CONTROL_TOKEN": World.CONTROL_TOKEN,
        **config,
    }
    return create_app(list(jobs) or [world.default_job()], settings, http=world.http, clock=world.clock)


class Admin:
    """Change the world as an admin would, over Graph and the control API."""

    def __init__(self, world: World) -> None:
        self.world = world
        apps = world.graph(
            "GET", "/servicePrincipals", params={"$filter": f"displayName eq '{World.APP_NAME}'"}
        )
        self.sp = apps.json()["value"][0]

    def user(self, nickname: str | None = None, **props: Any) -> dict[str, Any]:
        """Create an enabled directory user."""
        nickname = nickname or f"webuser{next(_names)}"
        body = {
            "accountEnabled": True,
            "displayName": f"{nickname.title()} Webtester",
            "givenName": nickname.title(),
            "surname": "Webtester",
            "mailNickname": nickname,
            "userPrincipalName": f"{nickname}@contoso.onmicrosoft.com",
            "mail": f"{nickname}@contoso.com",
            "passwordProfile": {"password": "Scim-ulat0r!", "forceChangePasswordNextSignIn": False},
            **props,
        }
        reply = self.world.graph("POST", "/users", json=body)
        assert reply.status_code == 201, reply.text
        return reply.json()

    def assign(self, principal: dict[str, Any], *, replicate: bool = True) -> None:
        """Assign a user or group to the app; by default wait out the replication delay."""
        reply = self.world.graph(
            "POST",
            f"/servicePrincipals/{self.sp['id']}/appRoleAssignedTo",
            json={
                "principalId": principal["id"],
                "resourceId": self.sp["id"],
                "appRoleId": "00000000-0000-0000-0000-000000000000",
            },
        )
        assert reply.status_code == 201, reply.text
        if replicate:
            self.world.clock.advance(DELAY + 1)

    def assigned_user(self, nickname: str | None = None, **props: Any) -> dict[str, Any]:
        """Create a user and assign it, replicated."""
        user = self.user(nickname, **props)
        self.assign(user)
        return user

    def group(self, name: str, members: list[dict[str, Any]]) -> dict[str, Any]:
        """Create a security group with direct ``members``."""
        body = {
            "displayName": name,
            "mailEnabled": False,
            "mailNickname": name.replace(" ", ""),
            "securityEnabled": True,
        }
        group = self.world.graph("POST", "/groups", json=body).json()
        for member in members:
            ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{member['id']}"}
            assert (
                self.world.graph("POST", f"/groups/{group['id']}/members/$ref", json=ref).status_code == 204
            )
        return group

    def disable(self, user: dict[str, Any]) -> None:
        """Set accountEnabled false."""
        assert (
            self.world.graph("PATCH", f"/users/{user['id']}", json={"accountEnabled": False}).status_code
            == 204
        )

    def delete(self, user: dict[str, Any]) -> None:
        """Soft-delete a user (into the recycle bin)."""
        assert self.world.graph("DELETE", f"/users/{user['id']}").status_code == 204

    def employee_id(self) -> str:
        """Return the employeeId (Worker ID) of an enabled seeded user."""
        users = self.world.graph("GET", "/users", params={"$select": "employeeId,accountEnabled"}).json()[
            "value"
        ]
        return next(u["employeeId"] for u in users if u.get("employeeId") and u.get("accountEnabled"))


@pytest.fixture
def world() -> Iterator[World]:
    built = build_world(seed=5, users=8, replication_delay=DELAY)
    yield built
    built.close()


@pytest.fixture
def admin(world: World) -> Admin:
    return Admin(world)


@pytest.fixture
def app(world: World) -> Flask:
    return web_app(world)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def key(app: Flask) -> str:
    return next(iter(app.extensions["scimulator.web"].jobs))


@pytest.fixture
def make_app(world: World) -> Callable[..., Flask]:
    return lambda *jobs, **config: web_app(world, *jobs, **config)
