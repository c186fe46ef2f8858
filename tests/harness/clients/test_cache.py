"""RunCache: repeated runs reuse the directory token (until shortly before it expires) and the enterprise app."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from harness.clients import RunCache
from harness.clients.cache import TOKEN_MARGIN
from harness.pipeline import OnDemandRequest, provision_on_demand
from harness.world import World, build_world

NOW = datetime(2026, 1, 5, 9, tzinfo=UTC)
KEY = RunCache.token_key("http://idp/t/oauth2/v2.0/token", "c", "s")


@pytest.fixture
def world() -> World:
    return build_world(seed=3, users=4, replication_delay=0)


def _upns(world: World) -> list[str]:
    return [u["userPrincipalName"] for u in world.assigned_users()]


def _directory_reads(world: World) -> list[str]:
    entries = world.control("idp", "GET", "/requests").json()["requests"]
    return [entry["path"] for entry in entries]


def test_runs_of_one_world_fetch_one_token_and_read_the_app_once(world):
    first, second = _upns(world)[:2]
    world.control("idp", "DELETE", "/requests")
    assert world.provision(user=first).action == "Create"
    assert world.provision(user=second).action == "Create"
    paths = _directory_reads(world)
    assert paths.count("/contoso/oauth2/v2.0/token") == 1
    assert paths.count("/v1.0/servicePrincipals") == 1


def test_runs_without_a_cache_fetch_their_own_token(world):
    upn = _upns(world)[0]
    world.control("idp", "DELETE", "/requests")
    for _ in range(2):
        provision_on_demand(
            world.default_job(), OnDemandRequest(user=upn), http=world.http, clock=world.clock, rng=world.rng
        )
    assert _directory_reads(world).count("/contoso/oauth2/v2.0/token") == 2


def test_a_token_near_its_expiry_on_the_clock_is_replaced(world):
    first, second = _upns(world)[:2]
    world.provision(user=first)
    world.clock.advance(3600 - TOKEN_MARGIN.total_seconds())
    world.control("idp", "DELETE", "/requests")
    world.provision(user=second)
    assert _directory_reads(world).count("/contoso/oauth2/v2.0/token") == 1


def test_a_cached_token_the_directory_refuses_is_replaced_without_trace(world):
    first, second = _upns(world)[:2]
    world.provision(user=first)
    [key] = world.run_cache.tokens
    world.run_cache.keep_token(key, "not-a-token", world.clock.now(), 3600)
    result = world.provision(user=second)
    assert result.action == "Create"
    assert all(record.status != 401 for record in result.requests)
    assert world.run_cache.tokens[key].value != "not-a-token"


def test_a_token_is_usable_until_the_margin_before_expiry():
    cache = RunCache()
    cache.keep_token(KEY, "t", NOW, 3600)
    assert cache.token(KEY, NOW) == "t"
    assert cache.token(KEY, NOW + timedelta(seconds=3600) - TOKEN_MARGIN - timedelta(seconds=1)) == "t"
    assert cache.token(KEY, NOW + timedelta(seconds=3600) - TOKEN_MARGIN) is None
    assert KEY not in cache.tokens


def test_a_token_is_not_used_before_it_was_issued():
    cache = RunCache()
    cache.keep_token(KEY, "t", NOW, 3600)
    assert cache.token(KEY, NOW - timedelta(seconds=1)) is None


def test_a_token_without_a_lifetime_is_not_kept():
    cache = RunCache()
    cache.keep_token(KEY, "t", NOW, None)
    assert cache.token(KEY, NOW) is None


def test_a_new_secret_is_a_new_client():
    assert RunCache.token_key("u", "c", "s1") != RunCache.token_key("u", "c", "s2")
