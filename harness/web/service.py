"""What the web page does, without Flask: the jobs it offers, the portal's search, runs, their results and logs.

The views in ``harness.web.api`` and ``harness.web.pages`` only parse requests and serialize what this returns;
every rule lives in the harness engine this calls (the job reader, the directory client's search, the pipeline,
the log store and its exports). A problem a person can fix raises ``WebError`` with a message for the page.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import requests

from harness.clients import RunCache, WireLog
from harness.clients.reply import ReadError
from harness.jobs.model import JobError, load_job
from harness.logs.store import LogFilterError, LogStore
from harness.pipeline import OnDemandRefused, OnDemandRequest, provision_on_demand
from harness.pipeline.run import MAX_GROUP_MEMBERS
from harness.result import ProvisioningResult
from idcore.clock import Clock
from idcore.ids import Randomness

__all__ = ["GROUP_LIMIT_TEXT", "JobEntry", "WebError", "WebService"]

#: entra-behavior.md §1.3 (S1 Known limitations): the portal's words for the member limit.
GROUP_LIMIT_TEXT = (
    f"On-demand provisioning updates up to {MAX_GROUP_MEMBERS} members of a group at a time: "
    f"choose at most {MAX_GROUP_MEMBERS}."
)
#: How many results the page keeps in memory for its result pages (the log store keeps every run).
KEPT_RESULTS = 200
_SLUG = re.compile(r"[^a-z0-9]+")


class WebError(Exception):
    """A problem the person can fix, with the HTTP status the API answers it with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass
class JobEntry:
    """A job the page offers: its key in URLs, where it came from, and the job or why it does not load."""

    key: str
    path: str
    job: Any = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return what the page shows of the job."""
        job = self.job
        return {
            "key": self.key,
            "path": self.path,
            "name": job.name if job else None,
            "source": job.source.type if job else None,
            "target": job.target.base_url if job else None,
            "groups": bool(job and job.source.type == "entra" and job.groups.enabled),
            "error": self.error,
        }


class WebService:
    """The page's backend: jobs, search, provisioning, kept results and the provisioning logs."""

    def __init__(
        self,
        jobs: list[Any],
        *,
        http: requests.Session,
        clock: Clock,
        rng: Randomness,
        logs: LogStore,
        links: Any = None,
    ) -> None:
        self.http, self.clock, self.rng, self.logs, self.links = http, clock, rng, logs, links
        self.cache = RunCache()
        self.jobs: dict[str, JobEntry] = {}
        self.results: OrderedDict[str, ProvisioningResult] = OrderedDict()
        self._lock = threading.Lock()
        for item in jobs:
            self.add_job(item)

    # -- jobs ------------------------------------------------------------------------------------------------

    def add_job(self, item: Any) -> JobEntry:
        """Offer a job file (path) or a loaded job; a file that does not load is kept with its error."""
        if not isinstance(item, str | Path):
            return self._keep(JobEntry(self._key(str(item.name)), str(item.origin), job=item))
        path = str(item)
        try:
            job = load_job(path)
        except JobError as exc:
            return self._keep(JobEntry(self._key(Path(path).stem), path, error=str(exc)))
        return self._keep(JobEntry(self._key(Path(path).stem), path, job=job))

    def _keep(self, entry: JobEntry) -> JobEntry:
        self.jobs[entry.key] = entry
        return entry

    def _key(self, name: str) -> str:
        base = _SLUG.sub("-", name.lower()).strip("-") or "job"
        key, n = base, 1
        while key in self.jobs:
            n += 1
            key = f"{base}-{n}"
        return key

    def job(self, key: str | None) -> Any:
        """Return the loaded job ``key`` (the first loaded one when None), or raise WebError."""
        if not key:
            entry = next((e for e in self.jobs.values() if e.job is not None), None)
            if entry is None:
                raise WebError("No job is loaded: add a job file.", 404)
            return entry.job
        entry = self.jobs.get(key)
        if entry is None:
            raise WebError(f"There is no job '{key}'.", 404)
        if entry.job is None:
            raise WebError(f"The job file does not load: {entry.error}", 400)
        return entry.job

    def first_key(self) -> str | None:
        """Return the key of the first job that loads."""
        return next((e.key for e in self.jobs.values() if e.job is not None), None)

    # -- the portal's search ---------------------------------------------------------------------------------

    def search_users(self, key: str | None, text: str) -> dict[str, Any]:
        """Find enabled users as the portal's search box does; say why when only disabled or deleted ones match."""
        job = self.job(key)
        if job.source.type != "entra":
            raise WebError(f"A {job.source.type} job takes a worker id, not a user search.")
        text = text.strip()
        if not text:
            return {"users": [], "note": None}
        graph = self._graph(job)
        hits = self._read(job, lambda: graph.search_users(text))
        users = [_user_summary(u) for u in hits]
        note = None
        if not users:
            note = self._why_not_found(job, graph, text)
        return {"users": users, "note": note}

    def _why_not_found(self, job: Any, graph: Any, text: str) -> str:
        """Explain an empty search the way the import step does (disabled and deleted users are excluded)."""
        from harness.pipeline.context import RunContext
        from harness.pipeline.importer import search_user

        ctx = RunContext(job, OnDemandRequest(user=text), self.http, self.clock, self.rng)
        ctx.cache["graph"] = graph
        return str(self._read(job, lambda: search_user(ctx, text))[1])

    def search_groups(self, key: str | None, text: str) -> list[dict[str, Any]]:
        """Find groups by display name (prefix), for choosing a group and its members."""
        job = self.job(key)
        self._groups_allowed(job)
        term = text.strip().replace('"', "")
        if not term:
            return []
        graph = self._graph(job)
        params = {"$search": f'"displayName:{term}"', "$top": "25"}
        reply = self._read(
            job, lambda: graph.get("/groups", params=params, headers={"ConsistencyLevel": "eventual"})
        )
        values = reply.body.get("value", []) if isinstance(reply.body, dict) else []
        return [
            {"id": g.get("id"), "displayName": g.get("displayName")} for g in values if isinstance(g, dict)
        ]

    def group_members(self, key: str | None, group_id: str) -> dict[str, Any]:
        """Return a group and its direct user members, for choosing up to five."""
        job = self.job(key)
        self._groups_allowed(job)
        graph = self._graph(job)
        group = self._read(job, lambda: graph.find_group(group_id))
        if group is None:
            raise WebError(f"No group '{group_id}' exists in the directory.", 404)
        reply = self._read(job, lambda: graph.get(f"/groups/{group['id']}/members"))
        values = reply.body.get("value", []) if isinstance(reply.body, dict) else []
        members = [_user_summary(m) for m in values if isinstance(m, dict) and m.get("userPrincipalName")]
        return {
            "group": {"id": group.get("id"), "displayName": group.get("displayName")},
            "members": members,
            "limit": MAX_GROUP_MEMBERS,
            "limitText": GROUP_LIMIT_TEXT,
        }

    def _groups_allowed(self, job: Any) -> None:
        if job.source.type != "entra":
            raise WebError(f"Group provisioning on demand is not supported for {job.source.type} sources.")

    def _graph(self, job: Any) -> Any:
        from harness.clients import GraphClient

        return GraphClient(self.http, self.clock, job.settings, job.source, WireLog(), cache=self.cache)

    def _read(self, job: Any, call: Any) -> Any:
        """Run a directory read; an unreachable or failing directory becomes a WebError."""
        try:
            return call()
        except requests.RequestException as exc:
            raise WebError(
                f"Cannot reach the directory at {job.source.url}: {type(exc).__name__}.", 502
            ) from exc
        except ReadError as exc:
            raise WebError(f"The directory at {job.source.url} refused the read: {exc}", 502) from exc

    # -- runs ------------------------------------------------------------------------------------------------

    def provision(self, key: str | None, form: dict[str, Any]) -> ProvisioningResult:
        """Run one on-demand provisioning from the page's inputs, log it, keep it and return it."""
        job = self.job(key)
        request = _request(job, form)
        try:
            result = provision_on_demand(
                job,
                request,
                http=self.http,
                clock=self.clock,
                rng=self.rng,
                cache=self.cache,
                links=self.links,
            )
        except OnDemandRefused as exc:
            raise WebError(str(exc), 422) from exc
        self.logs.append(result)
        with self._lock:
            self.results[result.change_id] = result
            while len(self.results) > KEPT_RESULTS:
                self.results.popitem(last=False)
        return result

    def result(self, change_id: str) -> ProvisioningResult:
        """Return a kept result by its change id."""
        with self._lock:
            found = self.results.get(change_id)
        if found is None:
            raise WebError(f"No run with change ID '{change_id}' is kept by this page.", 404)
        return found

    # -- logs ------------------------------------------------------------------------------------------------

    def log_records(self, filters: dict[str, Any]) -> list[dict[str, Any]]:
        """Return the provisioning log entries matching the page's filters, newest first."""
        wanted = {k: v for k, v in filters.items() if v not in (None, "")}
        try:
            return self.logs.list(**wanted)
        except LogFilterError as exc:
            raise WebError(str(exc)) from exc

    def log_record(self, log_id: str) -> dict[str, Any]:
        """Return one log entry by its id."""
        found = next((r for r in self.logs.list() if r.get("id") == log_id), None)
        if found is None:
            raise WebError(f"No provisioning log entry '{log_id}'.", 404)
        return found


def _request(job: Any, form: dict[str, Any]) -> OnDemandRequest:
    """Turn the page's inputs into the pipeline's request; refuse what is missing or does not fit the job."""
    text = {k: str(form.get(k) or "").strip() for k in ("user", "group", "worker_id", "person_id_external")}
    members = tuple(m.strip() for m in form.get("members") or () if str(m).strip())
    if len(members) > MAX_GROUP_MEMBERS:
        raise WebError(GROUP_LIMIT_TEXT, 422)
    kind = job.source.type
    if kind == "workday":
        if not text["worker_id"]:
            raise WebError("A Workday job takes the worker's WID or Worker ID.")
        return OnDemandRequest(worker_id=text["worker_id"])
    if kind == "successfactors":
        if not text["person_id_external"]:
            raise WebError("A SuccessFactors job takes the worker's personIdExternal.")
        return OnDemandRequest(person_id_external=text["person_id_external"])
    if text["group"]:
        return OnDemandRequest(group=text["group"], members=members)
    if not text["user"]:
        raise WebError(
            "Search for a user (first name, last name, display name, UPN or email), or pick a group."
        )
    return OnDemandRequest(user=text["user"])


def _user_summary(user: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": user.get("id"),
        "displayName": user.get("displayName"),
        "userPrincipalName": user.get("userPrincipalName"),
        "mail": user.get("mail"),
    }
