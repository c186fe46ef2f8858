"""Parallel Graph clients over a real socket: one UPN gives one user, parallel ``$ref`` adds all land."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

from idcore.testing import LiveServer
from tests.mockidp.conftest import make_app
from tests.mockidp.test_live import _token

pytestmark = pytest.mark.live


@pytest.fixture(params=["suite", "file"])
def graph(
    request: pytest.FixtureRequest, tmp_path: Any, database_url: str
) -> Iterator[tuple[str, dict[str, str]]]:
    """Yield the Graph base URL and auth headers of a live mockidp (suite database, or a SQLite file)."""
    url = database_url if request.param == "suite" else f"sqlite:///{tmp_path}/i.db"
    with LiveServer(make_app(url, USERS=0)) as server:
        yield f"{server.url}/v1.0", {"Authorization": f"Bearer {_token(server.url)}"}


def create_user(graph: tuple[str, dict[str, str]], n: int, upn: str) -> requests.Response:
    base, headers = graph
    body = {
        "accountEnabled": True,
        "displayName": f"U {n}",
        "mailNickname": f"u{n}",
        "userPrincipalName": upn,
    }
    return requests.post(f"{base}/users", json=body, headers=headers, timeout=30)


def test_parallel_creates_with_one_upn_make_one_user(graph):
    upn = "same@contoso.onmicrosoft.com"
    with ThreadPoolExecutor(30) as pool:
        answers = list(pool.map(lambda n: create_user(graph, n, upn), range(30)))
    assert Counter(r.status_code for r in answers) == {201: 1, 400: 29}
    base, headers = graph
    found = requests.get(
        f"{base}/users", params={"$filter": f"userPrincipalName eq '{upn}'"}, headers=headers, timeout=30
    )
    assert len(found.json()["value"]) == 1


def test_parallel_member_ref_adds_all_land(graph):
    base, headers = graph
    ids = [create_user(graph, n, f"m{n}@contoso.onmicrosoft.com").json()["id"] for n in range(30)]
    group = {"displayName": "G", "mailEnabled": False, "mailNickname": "g", "securityEnabled": True}
    group_id = requests.post(f"{base}/groups", json=group, headers=headers, timeout=30).json()["id"]

    def add(member: str) -> requests.Response:
        ref = {"@odata.id": f"{base}/directoryObjects/{member}"}
        return requests.post(f"{base}/groups/{group_id}/members/$ref", json=ref, headers=headers, timeout=30)

    with ThreadPoolExecutor(30) as pool:
        answers = list(pool.map(add, ids))
    assert Counter(r.status_code for r in answers) == {204: 30}
    members = requests.get(
        f"{base}/groups/{group_id}/members", params={"$top": 999}, headers=headers, timeout=30
    ).json()["value"]
    assert sorted(m["id"] for m in members) == sorted(ids)


@pytest.mark.parametrize("kind", ["users", "groups"])
def test_two_workers_on_one_seed_give_new_objects_distinct_ids(tmp_path, kind):
    from tests.mockidp.conftest import BASE, graph_session

    url = f"sqlite:///{tmp_path}/w.db"
    first = graph_session(make_app(url, USERS=0))
    second = graph_session(make_app(url, USERS=0, CONTROL_STATE="join"))  # a second worker, same seed
    bodies = {
        "users": lambda n: {
            "accountEnabled": True,
            "displayName": f"W {n}",
            "mailNickname": f"w{n}",
            "userPrincipalName": f"w{n}@contoso.onmicrosoft.com",
        },
        "groups": lambda n: {
            "displayName": f"G {n}",
            "mailEnabled": False,
            "mailNickname": f"g{n}",
            "securityEnabled": True,
        },
    }
    made = [http.post(f"{BASE}/v1.0/{kind}", json=bodies[kind](n)) for n, http in enumerate((first, second))]
    assert [r.status_code for r in made] == [201, 201]
    assert made[0].json()["id"] != made[1].json()["id"]
