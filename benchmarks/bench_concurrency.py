"""Count what parallel clients get over real sockets: same-userName creates, If-Match winners, member adds.

Each scenario runs against mockscim (and the UPN one against mockidp) on the in-memory default of ``scimulator
serve``, a SQLite file and PostgreSQL (127.0.0.1:5432, user postgres, database ``bench_concurrency``, one schema
per scenario, dropped after), in one threaded process and under gunicorn with 4 workers. Prints a table of
status counts; asserts nothing. These are the figures of docs/reliability.md.

    python benchmarks/bench_concurrency.py [--parallel 50] [--writers 20] [--skip-pg] [--skip-gunicorn]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import requests
from sqlalchemy import create_engine, text

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import mockidp
import mockscim
from idcore.clock import ManualClock
from idcore.testing import GunicornServer, LiveServer

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/bench_concurrency"
SCIM_HEADERS = {"Authorization": "Bearer scimulator-token", "Content-Type": "application/scim+json"}
USER = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group"
PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


def parallel(call: Callable[[int], requests.Response], count: int) -> Counter[str]:
    """Send ``count`` calls at once; count the answers by status (``5xx`` lumped)."""
    with ThreadPoolExecutor(count) as pool:
        codes = [r.status_code for r in pool.map(call, range(count))]
    return Counter("5xx" if code >= 500 else str(code) for code in codes)


def _post_user(base: str, user_name: str) -> requests.Response:
    body = {"schemas": [USER], "userName": user_name}
    return requests.post(f"{base}/Users", json=body, headers=SCIM_HEADERS, timeout=60)


def same_user_name(base: str, count: int) -> str:
    """Create one userName ``count`` times at once."""
    user_name = f"same-{uuid.uuid4().hex[:8]}@example.com"
    return _fmt(parallel(lambda _: _post_user(base, user_name), count))


def if_match_winners(base: str, count: int) -> str:
    """PATCH one user ``count`` times at once with the same ETag."""
    created = _post_user(base, f"target-{uuid.uuid4().hex[:8]}")
    user_id, etag = created.json()["id"], created.headers["ETag"]

    def patch(n: int) -> requests.Response:
        body = {
            "schemas": [PATCH_OP],
            "Operations": [{"op": "replace", "path": "displayName", "value": str(n)}],
        }
        headers = {**SCIM_HEADERS, "If-Match": etag}
        return requests.patch(f"{base}/Users/{user_id}", json=body, headers=headers, timeout=60)

    counts = parallel(patch, count)
    version = requests.get(f"{base}/Users/{user_id}", headers=SCIM_HEADERS, timeout=60).headers["ETag"]
    return f"{_fmt(counts)}; version {etag} → {version}"


def member_adds(base: str, count: int) -> str:
    """Add ``count`` members to one group at once, one PATCH each; count the members stored."""
    tag = uuid.uuid4().hex[:8]
    ids = [_post_user(base, f"m{n}-{tag}").json()["id"] for n in range(count)]
    group = requests.post(
        f"{base}/Groups",
        json={"schemas": [GROUP], "displayName": f"g-{tag}"},
        headers=SCIM_HEADERS,
        timeout=60,
    ).json()["id"]

    def add(n: int) -> requests.Response:
        body = {
            "schemas": [PATCH_OP],
            "Operations": [{"op": "add", "path": "members", "value": [{"value": ids[n]}]}],
        }
        return requests.patch(f"{base}/Groups/{group}", json=body, headers=SCIM_HEADERS, timeout=60)

    counts = parallel(add, count)
    stored = (
        requests.get(f"{base}/Groups/{group}", headers=SCIM_HEADERS, timeout=60).json().get("members", [])
    )
    return f"{_fmt(counts)}; {len(stored)} members stored"


def _fmt(counts: Counter[str]) -> str:
    return ", ".join(f"{n} × {code}" for code, n in sorted(counts.items()))


@contextmanager
def pg_schema() -> Iterator[str]:
    """Yield a fresh schema name in the benchmark database, dropped after."""
    schema = f"b_{uuid.uuid4().hex[:10]}"
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield schema
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


@contextmanager
def scim_server(kind: str, store: str, tmp: str) -> Iterator[str]:
    """Yield a mockscim SCIM base URL: ``kind`` threaded|gunicorn, ``store`` memory|file|postgresql."""
    with _database(store, tmp) as (url, schema):
        if kind == "threaded":
            app = mockscim.create_app({"DATABASE_URL": url, "DATABASE_SCHEMA": schema})
            with LiveServer(app) as server:
                yield f"{server.url}/scim/v2"
            return
        mockscim.create_app({"DATABASE_URL": url, "DATABASE_SCHEMA": schema})  # the server's first app
        env = {"MOCKSCIM_DATABASE_URL": url, "MOCKSCIM_CONTROL_STATE": "join"}
        if schema:
            env["MOCKSCIM_DATABASE_SCHEMA"] = schema
        with GunicornServer("mockscim:create_app()", env, workers=4) as server:
            yield f"{server.url}/scim/v2"


@contextmanager
def _database(store: str, tmp: str) -> Iterator[tuple[str, str | None]]:
    if store == "memory":
        yield "sqlite://", None
    elif store == "file":
        yield f"sqlite:///{tmp}/{uuid.uuid4().hex[:8]}.sqlite", None
    else:
        with pg_schema() as schema:
            yield PG_URL, schema


def same_upn(store: str, tmp: str, count: int) -> str:
    """Create one userPrincipalName ``count`` times at once on a threaded mockidp."""
    with _database(store, tmp) as (url, schema):
        app = mockidp.create_app(
            {"DATABASE_URL": url, "DATABASE_SCHEMA": schema, "USERS": 0}, clock=ManualClock()
        )
        with LiveServer(app) as server:
            token = requests.post(
                f"{server.url}/contoso/oauth2/v2.0/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": "scimulator-harness",
                    "client_secret": "scimulator-secret",
                    "scope": "https://graph.microsoft.com/.default",
                },
                timeout=60,
            ).json()["access_token"]
            body = {
                "accountEnabled": True,
                "displayName": "Same",
                "mailNickname": "same",
                "userPrincipalName": "same@contoso.onmicrosoft.com",
            }
            headers = {"Authorization": f"Bearer {token}"}
            return _fmt(
                parallel(
                    lambda _: requests.post(
                        f"{server.url}/v1.0/users", json=body, headers=headers, timeout=60
                    ),
                    count,
                )
            )


def _pg_ready() -> bool:
    try:
        admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            if not conn.execute(text("SELECT 1 FROM pg_database WHERE datname='bench_concurrency'")).first():
                conn.execute(text("CREATE DATABASE bench_concurrency"))
        admin.dispose()
        return True
    except Exception:  # noqa: BLE001 — no PostgreSQL here: its rows are skipped
        return False


def main() -> None:
    """Run every scenario and print one row each."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--parallel", type=int, default=50, help="parallel creates / member adds")
    parser.add_argument("--writers", type=int, default=20, help="parallel If-Match writers")
    parser.add_argument("--skip-pg", action="store_true")
    parser.add_argument("--skip-gunicorn", action="store_true")
    args = parser.parse_args()
    stores = ["memory", "file"] + ([] if args.skip_pg or not _pg_ready() else ["postgresql"])
    kinds = ["threaded"] + ([] if args.skip_gunicorn else ["gunicorn"])
    print(f"{'scenario':<34} {'server':<22} result")
    with tempfile.TemporaryDirectory() as tmp:
        for store in stores:
            print(
                f"{'mockidp same UPN ×' + str(args.parallel):<34} {'1 process, ' + store:<22} "
                f"{same_upn(store, tmp, args.parallel)}"
            )
        for kind in kinds:
            for store in stores:
                if kind == "gunicorn" and store == "memory":
                    continue  # refused by `serve --workers`: the workers could not share it
                where = f"{'1 process' if kind == 'threaded' else '4 workers'}, {store}"
                with scim_server(kind, store, tmp) as base:
                    print(
                        f"{'same userName ×' + str(args.parallel):<34} {where:<22} {same_user_name(base, args.parallel)}"
                    )
                    print(
                        f"{'If-Match PATCH ×' + str(args.writers):<34} {where:<22} {if_match_winners(base, args.writers)}"
                    )
                    print(
                        f"{'member adds ×' + str(args.parallel):<34} {where:<22} {member_adds(base, args.parallel)}"
                    )


if __name__ == "__main__":
    main()
