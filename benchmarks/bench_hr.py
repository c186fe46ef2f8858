"""Print the HR endpoints' figures: time to seed N users (workers and persons included), and the p50 of a
Get_Workers by Employee_ID, a 100-worker Get_Workers page, a PerPerson by key, a 100-person expanded PerPerson
page and a delta ``$count``.

Usage: ``python benchmarks/bench_hr.py [--sizes 10000 100000]``. SQLite on a file in a temporary folder.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable

import requests

from idcore.clock import ManualClock
from idcore.testing import mount
from mockidp import create_app
from mockidp.seed import seed_tenant

BASE = "http://idp.bench"
USER, SECRET = "scimulator-harness", "scimulator-secret"
WSSE = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
EXPAND = "employmentNav/jobInfoNav,employmentNav/userNav,personalInfoNav,emailNav,phoneNav,personEmpTerminationInfoNav"


def p50(action: Callable[[], None], runs: int = 100) -> float:
    """Return the median wall time of ``action`` in milliseconds."""
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def envelope(request: str) -> bytes:
    """Wrap a Get_Workers request in a SOAP envelope with the harness credentials."""
    return (
        f'<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/" xmlns:bsvc="urn:com.workday/bsvc">'
        f'<env:Header><wsse:Security xmlns:wsse="{WSSE}"><wsse:UsernameToken><wsse:Username>{USER}'
        f"</wsse:Username><wsse:Password>{SECRET}</wsse:Password></wsse:UsernameToken></wsse:Security>"
        f"</env:Header><env:Body><bsvc:Get_Workers_Request>{request}</bsvc:Get_Workers_Request></env:Body>"
        "</env:Envelope>"
    ).encode()


def bench(url: str, size: int) -> None:
    """Seed ``size`` users on ``url`` and print the figures."""
    app = create_app({"DATABASE_URL": url, "CLOCK": "manual"}, clock=ManualClock())
    start = time.perf_counter()
    seed_tenant(app, 1, size)
    seeded = time.perf_counter() - start
    http = mount(requests.Session(), BASE, app)
    soap_url, odata = f"{BASE}/ccx/service/contoso/Human_Resources/v35.0", f"{BASE}/odata/v2/PerPerson"
    auth = (f"{USER}@contoso", SECRET)
    first = http.get(odata, params={"$top": "50", "$select": "personIdExternal"}, auth=auth).json()["d"][
        "results"
    ]
    ids = [p["personIdExternal"] for p in first]
    state = {"i": 0}

    def next_id() -> str:
        state["i"] += 1
        return ids[state["i"] % len(ids)]

    def by_id() -> None:
        ref = f'<bsvc:Request_References><bsvc:Worker_Reference><bsvc:ID bsvc:type="Employee_ID">{next_id()}'
        assert (
            http.post(
                soap_url, data=envelope(ref + "</bsvc:ID></bsvc:Worker_Reference></bsvc:Request_References>")
            ).status_code
            == 200
        )

    def worker_page() -> None:
        page = "<bsvc:Response_Filter><bsvc:Page>5</bsvc:Page><bsvc:Count>100</bsvc:Count></bsvc:Response_Filter>"
        assert http.post(soap_url, data=envelope(page)).status_code == 200

    def person() -> None:
        assert http.get(f"{odata}('{next_id()}')", params={"$expand": EXPAND}, auth=auth).status_code == 200

    def person_page() -> None:
        params = {"$expand": EXPAND, "customPageSize": "100", "$skiptoken": "400", "$format": "json"}
        assert len(http.get(odata, params=params, auth=auth).json()["d"]["results"]) == 100

    def delta_count() -> None:
        flt = "lastModifiedDateTime ge datetimeoffset'2026-01-05T08:00:00Z' and employmentNav/userNav/status in 't'"
        assert http.get(f"{odata}/$count", params={"$filter": flt}, auth=auth).status_code == 200

    print(
        f"{size:>7} users  seed {seeded:6.1f} s  Get_Workers by id p50 {p50(by_id):6.2f} ms  "
        f"100-worker page p50 {p50(worker_page, 30):6.2f} ms  PerPerson by key p50 {p50(person):6.2f} ms  "
        f"100-person page p50 {p50(person_page, 30):6.2f} ms  delta $count p50 {p50(delta_count, 30):6.2f} ms",
        flush=True,
    )


def main() -> None:
    """Run the benchmark at each size on SQLite."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args()
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            bench(f"sqlite:///{folder}/bench.sqlite", size)


if __name__ == "__main__":
    main()
