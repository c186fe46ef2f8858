"""The link store: (job, object type, source id) → (target id, last seen), in memory or in a file."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from harness.jobs.model import Job
from harness.logs.links import LinkStore, default_url, job_key

T0 = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
T1 = datetime(2026, 1, 3, 3, 4, 5, tzinfo=UTC)


@pytest.fixture
def store():
    links = LinkStore.in_memory()
    yield links
    links.close()


def test_a_recorded_link_is_read_back(store):
    store.record("job", "User", "s1", "t1", T0)
    link = store.get("job", "User", "s1")
    assert (link.target_id, link.last_seen) == ("t1", T0)


def test_recording_again_moves_the_link_and_its_time(store):
    store.record("job", "User", "s1", "t1", T0)
    store.record("job", "User", "s1", "t2", T1)
    assert (store.get("job", "User", "s1").target_id, store.count()) == ("t2", 1)


@pytest.mark.parametrize(
    ("key", "object_type", "source_id"),
    [("other job", "User", "s1"), ("job", "Group", "s1"), ("job", "User", "s2")],
)
def test_links_are_kept_per_job_object_type_and_source(store, key, object_type, source_id):
    store.record("job", "User", "s1", "t1", T0)
    assert store.get(key, object_type, source_id) is None


def test_a_forgotten_link_is_gone(store):
    store.record("job", "User", "s1", "t1", T0)
    store.forget("job", "User", "s1")
    store.forget("job", "User", "never linked")
    assert store.get("job", "User", "s1") is None


def test_a_file_store_survives_a_restart(tmp_path):
    first = LinkStore(home=tmp_path)
    first.record("job", "User", "s1", "t1", T0)
    first.close()
    again = LinkStore(default_url(tmp_path))
    assert again.get("job", "User", "s1").target_id == "t1"
    again.close()
    assert (tmp_path / "links.sqlite").exists()


def test_two_in_memory_stores_share_nothing(store):
    store.record("job", "User", "s1", "t1", T0)
    other = LinkStore.in_memory()
    assert other.get("job", "User", "s1") is None
    other.close()


def make_job(target_url: str, app: str = "Contoso SCIM app") -> Job:
    return Job.from_dict(
        {
            "name": "any",
            "source": {"type": "entra", "url": "http://idp", "tenant": "contoso", "app": app},
            "target": {"type": "scim", "url": target_url, "auth": {"type": "bearer", "token": "t"}},
        }
    )


def test_the_job_key_names_both_systems_and_ignores_url_flags():
    assert job_key(make_job("http://scim/v2?aadOptscim062020")) == job_key(make_job("http://scim/v2"))
    assert job_key(make_job("http://scim/v2")) != job_key(make_job("http://other/v2"))
    assert job_key(make_job("http://scim/v2")) != job_key(make_job("http://scim/v2", app="Another app"))
