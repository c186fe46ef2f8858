"""Run a cycle's per-object work on N workers while the pages stream in, with a bounded number in flight.

The caller's thread reads the source page by page and hands each object to a worker; at most ``2 × N`` objects
wait or run at any time, so memory stays flat however many objects the directory holds. Results come back in the
order they finish (one worker: in order, on the caller's thread, with no pool at all).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import TypeVar

import requests
from requests.adapters import HTTPAdapter

__all__ = ["bounded_map", "widen_pool"]

T = TypeVar("T")
R = TypeVar("R")


def bounded_map(work: Callable[[T], R], items: Iterable[T], workers: int) -> Iterator[R]:
    """Yield ``work(item)`` for every item, ``workers`` at a time, in the order they finish."""
    if workers <= 1:
        for item in items:
            yield work(item)
        return
    limit = 2 * workers
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sync") as pool:
        running: set[Future[R]] = set()
        for item in items:
            running.add(pool.submit(work, item))
            if len(running) >= limit:
                done, running = _some_done(running)
                yield from (future.result() for future in done)
        while running:
            done, running = _some_done(running)
            yield from (future.result() for future in done)


def _some_done(running: set[Future[R]]) -> tuple[set[Future[R]], set[Future[R]]]:
    done, pending = wait(running, return_when=FIRST_COMPLETED)
    return set(done), set(pending)


def widen_pool(session: requests.Session, workers: int) -> None:
    """Give the session's plain HTTP adapters room for ``workers`` connections per host (in-process ones stay)."""
    if workers <= 10:
        return
    for prefix in ("http://", "https://"):
        adapter = session.adapters.get(prefix)
        if type(adapter) is HTTPAdapter:
            session.mount(prefix, HTTPAdapter(pool_connections=10, pool_maxsize=workers))
