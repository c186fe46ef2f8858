"""Parallel clients over real sockets: uniqueness, member adds and If-Match hold as on one serial server.

Each test runs on the suite's database (in memory, the default of ``scimulator serve``; PostgreSQL in CI's
storage pass) and on a SQLite file; the last two run under gunicorn with 4 worker processes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import requests

import mockscim
from idcore.testing import GunicornServer, LiveServer
from tests.mockscim.conftest import GROUP_SCHEMA, PATCH_OP, TOKEN, USER_SCHEMA

pytestmark = pytest.mark.live

HEADERS = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/scim+json"}


def parallel(call: Callable[[Any], requests.Response], items: list[Any]) -> list[requests.Response]:
    """Send ``call(item)`` for every item at once from a thread pool."""
    with ThreadPoolExecutor(len(items)) as pool:
        return list(pool.map(call, items))


def statuses(responses: list[requests.Response]) -> Counter[int]:
    return Counter(r.status_code for r in responses)


@pytest.fixture(params=["suite", "file"])
def scim(request: pytest.FixtureRequest, tmp_path: Any, database_url: str) -> Iterator[str]:
    """Yield the SCIM base URL of a threaded live mockscim on the suite's database, or on a SQLite file."""
    url = database_url if request.param == "suite" else f"sqlite:///{tmp_path}/s.db"
    with LiveServer(mockscim.create_app({"DATABASE_URL": url})) as server:
        yield f"{server.url}/scim/v2"


def create_user(base: str, user_name: str) -> requests.Response:
    body = {"schemas": [USER_SCHEMA], "userName": user_name}
    return requests.post(f"{base}/Users", json=body, headers=HEADERS, timeout=30)


def rename(base: str, user_id: str, etag: str, method: str, n: int) -> requests.Response:
    """Change the user's displayName with PATCH or PUT, conditional on ``etag``."""
    if method == "PATCH":
        body: dict[str, Any] = {
            "schemas": [PATCH_OP],
            "Operations": [{"op": "replace", "path": "displayName", "value": f"writer {n}"}],
        }
    else:
        body = {"schemas": [USER_SCHEMA], "userName": "target", "displayName": f"writer {n}"}
    headers = {**HEADERS, "If-Match": etag}
    return requests.request(method, f"{base}/Users/{user_id}", json=body, headers=headers, timeout=30)


def test_parallel_creates_of_one_user_name_give_one_201_and_409s(scim):
    answers = parallel(lambda _: create_user(scim, "same@example.com"), list(range(30)))
    assert statuses(answers) == {201: 1, 409: 29}


def test_parallel_member_adds_all_land(scim):
    members = [create_user(scim, f"m{n}@example.com").json()["id"] for n in range(30)]
    group = requests.post(
        f"{scim}/Groups", json={"schemas": [GROUP_SCHEMA], "displayName": "G"}, headers=HEADERS, timeout=30
    ).json()["id"]
    add = {"schemas": [PATCH_OP], "Operations": [{"op": "add", "path": "members", "value": None}]}

    def add_member(member: str) -> requests.Response:
        body = {**add, "Operations": [{**add["Operations"][0], "value": [{"value": member}]}]}
        return requests.patch(f"{scim}/Groups/{group}", json=body, headers=HEADERS, timeout=30)

    assert statuses(parallel(add_member, members)) == {200: 30}
    stored = requests.get(f"{scim}/Groups/{group}", headers=HEADERS, timeout=30).json()["members"]
    assert sorted(m["value"] for m in stored) == sorted(members)


@pytest.mark.parametrize("method", ["PATCH", "PUT"])
def test_if_match_lets_exactly_one_writer_win(scim, method):
    created = create_user(scim, "target")
    user_id, etag = created.json()["id"], created.headers["ETag"]
    answers = parallel(lambda n: rename(scim, user_id, etag, method, n), list(range(20)))
    assert statuses(answers) == {200: 1, 412: 19}
    winner = next(r for r in answers if r.status_code == 200).json()["displayName"]
    after = requests.get(f"{scim}/Users/{user_id}", headers=HEADERS, timeout=30)
    assert (after.json()["displayName"], after.headers["ETag"]) == (winner, 'W/"2"')


@pytest.fixture(scope="module")
def gunicorn_scim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Yield the SCIM base URL of mockscim under gunicorn, 4 workers on one SQLite file."""
    path = tmp_path_factory.mktemp("gunicorn") / "scim.db"
    env = {"MOCKSCIM_DATABASE_URL": f"sqlite:///{path}"}
    with GunicornServer("mockscim:create_app()", env, workers=4) as server:
        yield f"{server.url}/scim/v2"


def test_four_workers_let_exactly_one_if_match_writer_win(gunicorn_scim):
    created = create_user(gunicorn_scim, "target")
    user_id, etag = created.json()["id"], created.headers["ETag"]
    answers = parallel(lambda n: rename(gunicorn_scim, user_id, etag, "PATCH", n), list(range(20)))
    assert statuses(answers) == {200: 1, 412: 19}


def test_four_workers_give_one_201_for_one_user_name(gunicorn_scim):
    answers = parallel(lambda _: create_user(gunicorn_scim, "four@example.com"), list(range(20)))
    assert statuses(answers) == {201: 1, 409: 19}
