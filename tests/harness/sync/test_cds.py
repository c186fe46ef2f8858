"""The cycle's write-behind links: a page's links read at once, never stale after a flush."""

from __future__ import annotations

from datetime import UTC, datetime

from harness.logs.links import LinkStore
from harness.sync.cds import BufferedLinks
from harness.sync.state import SyncStore

NOW = datetime(2026, 3, 1, tzinfo=UTC)


def _buffered() -> tuple[LinkStore, BufferedLinks]:
    links = LinkStore.in_memory()
    return links, BufferedLinks(links, SyncStore.in_memory(), "job", lambda: NOW)


def test_get_many_returns_only_the_linked_ids():
    links, _ = _buffered()
    links.record_many("job", "User", {"a": "t-a", "b": "t-b"}, NOW)
    assert {s: link.target_id for s, link in links.get_many("job", "User", ["a", "c"]).items()} == {
        "a": "t-a"
    }


def test_a_prefetched_link_is_read_from_the_page_not_the_store():
    links, cds = _buffered()
    links.record("job", "User", "a", "t-a", NOW)
    cds.prefetch("User", ["a", "b"])
    links.forget("job", "User", "a")  # behind the cycle's back: the page read before still answers
    assert (cds.get("job", "User", "a").target_id, cds.get("job", "User", "b")) == ("t-a", None)


def test_a_link_written_after_the_prefetch_is_read_after_the_flush():
    _, cds = _buffered()
    cds.prefetch("User", ["a"])
    cds.record("job", "User", "a", "t-a", NOW)
    cds.flush()
    assert cds.get("job", "User", "a").target_id == "t-a"
