"""Signing keys come from a secret no caller knows: a token built offline from public data is a 401.

Before, the tenant key was derived from the tenant id alone (public: it is in every token and in ``iss``), so
anyone could sign a token that read and deleted users. ``_public_key_of`` is that old derivation, as an attacker
would rebuild it.
"""

from __future__ import annotations

import hashlib
import random

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa

from idcore.testing import LiveServer, mount
from tests.mockidp.conftest import BASE, make_app, token_for

_E = 65537


_SMALL = [n for n in range(3, 2000, 2) if all(n % k for k in range(3, int(n**0.5) + 1, 2))]


def _passes(n: int, rand: random.Random) -> bool:
    d, r = n - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for _ in range(40):
        x = pow(rand.randrange(2, n - 2), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _prime(rand: random.Random, bits: int) -> int:
    while True:
        n = rand.getrandbits(bits) | (1 << (bits - 1)) | (1 << (bits - 2)) | 1
        if not any(n % p == 0 for p in _SMALL) and _passes(n, rand):
            return n


def _key_from_tenant_id(tenant_id: str) -> rsa.RSAPrivateKey:
    """Rebuild the old tenant key: seeded from sha256("key:<tenant id>"), primes from random.Random."""
    rand = random.Random(int.from_bytes(hashlib.sha256(f"key:{tenant_id}".encode()).digest()[:8], "big"))
    while True:
        p, q = _prime(rand, 1024), _prime(rand, 1024)
        phi = (p - 1) * (q - 1)
        if p != q and phi % _E and (p * q).bit_length() == 2048:
            break
    d = pow(_E, -1, phi)
    public = rsa.RSAPublicNumbers(_E, p * q)
    return rsa.RSAPrivateNumbers(p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p), public).private_key()


def _forged(tenant_id: str, key: rsa.RSAPrivateKey, now: float) -> str:
    """Sign Graph claims for the harness app with every permission, as a caller without any secret would."""
    claims = {
        "aud": "https://graph.microsoft.com",
        "iss": f"https://sts.windows.net/{tenant_id}/",
        "iat": int(now),
        "nbf": int(now),
        "exp": int(now) + 3600,
        "appid": "scimulator-harness",
        "tid": tenant_id,
        "roles": ["Directory.ReadWrite.All", "User.ReadWrite.All"],
        "ver": "1.0",
    }
    return jwt.encode(claims, key, algorithm="RS256")


@pytest.fixture
def idp(database_url):
    app = make_app(database_url, USERS=10)
    http = mount(requests.Session(), BASE, app)
    claims = jwt.decode(token_for(http), options={"verify_signature": False})
    return app, http, claims


def test_a_token_signed_with_a_key_from_the_tenant_id_is_401(idp):
    _, http, claims = idp
    forged = _forged(claims["tid"], _key_from_tenant_id(claims["tid"]), claims["iat"])
    response = http.get(f"{BASE}/v1.0/users", headers={"Authorization": f"Bearer {forged}"})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "InvalidAuthenticationToken"


def test_a_token_signed_with_a_fresh_key_of_its_own_is_401(idp):
    _, http, claims = idp
    key = rsa.generate_private_key(public_exponent=_E, key_size=2048)
    forged = _forged(claims["tid"], key, claims["iat"])
    assert http.get(f"{BASE}/v1.0/users", headers={"Authorization": f"Bearer {forged}"}).status_code == 401


def test_two_servers_on_one_seed_sign_with_different_keys(database_url):
    first, second = (mount(requests.Session(), BASE, make_app("sqlite://", SEED=3)) for _ in range(2))
    token = token_for(first)
    assert second.get(f"{BASE}/v1.0/users", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_a_restart_on_the_same_database_keeps_the_key(tmp_path):
    url = f"sqlite:///{tmp_path / 'idp.sqlite'}"
    token = token_for(mount(requests.Session(), BASE, make_app(url)))
    restarted = mount(requests.Session(), BASE, make_app(url))
    assert (
        restarted.get(f"{BASE}/v1.0/users", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    )


def test_a_configured_signing_secret_gives_reproducible_tokens():
    first, second = (
        mount(requests.Session(), BASE, make_app("sqlite://", SIGNING_SECRET="operator-secret"))
        for _ in range(2)
    )
    assert token_for(first) == token_for(second)


def test_another_signing_secret_refuses_the_token():
    token = token_for(mount(requests.Session(), BASE, make_app("sqlite://", SIGNING_SECRET="one")))
    other = mount(requests.Session(), BASE, make_app("sqlite://", SIGNING_SECRET="two"))
    assert other.get(f"{BASE}/v1.0/users", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_a_reset_keeps_the_key(idp):
    _, http, _ = idp
    headers = {"Authorization": f"Bearer {token_for(http)}"}
    assert http.post(f"{BASE}/_control/reset", headers={"Authorization": "Bearer ctl"}).status_code in (
        200,
        204,
    )
    assert http.get(f"{BASE}/v1.0/users", headers=headers).status_code == 200


def test_a_snapshot_holds_no_signing_key(idp):
    _, http, _ = idp
    snapshot = http.get(f"{BASE}/_control/snapshot", headers={"Authorization": "Bearer ctl"}).json()
    assert "serversecret" not in snapshot["tables"]
    assert "PRIVATE KEY" not in str(snapshot)


@pytest.mark.live
def test_a_forged_token_deletes_nothing_over_a_socket(database_url):
    with LiveServer(make_app(database_url, USERS=10)) as server:
        token = requests.post(
            f"{server.url}/contoso/oauth2/v2.0/token",
            timeout=10,
            data={
                "grant_type": "client_credentials",
                "client_id": "scimulator-harness",
                "client_secret": "scimulator-secret",
                "scope": "https://graph.microsoft.com/.default",
            },
        ).json()["access_token"]
        claims = jwt.decode(token, options={"verify_signature": False})
        forged = _forged(claims["tid"], _key_from_tenant_id(claims["tid"]), claims["iat"])
        headers = {"Authorization": f"Bearer {token}"}
        user = requests.get(f"{server.url}/v1.0/users", params={"$top": 1}, headers=headers, timeout=10)
        user_id = user.json()["value"][0]["id"]
        url = f"{server.url}/v1.0/users/{user_id}"
        deleted = requests.delete(url, headers={"Authorization": f"Bearer {forged}"}, timeout=10)
        assert deleted.status_code == 401
        assert requests.get(url, headers=headers, timeout=10).status_code == 200
