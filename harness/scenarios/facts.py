"""The facts of one on-demand run, as a scenario's ``expect`` names them (docs/scenarios.md, "Facts").

Most come from the ``ProvisioningResult`` (result, action, steps, error, modified properties, the wire log); two
are asked for only when an expectation names them: ``target_users`` (how many users the target holds with a
userName, read back from the target) and ``graph`` (the run rendered as Graph's provisionOnDemand answer).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

__all__ = ["Facts", "TargetCounts", "summary"]


class TargetCounts(Mapping[str, int]):
    """userName → how many target users have it, read from the target when asked."""

    def __init__(self, count: Callable[[str], int]) -> None:
        self._count = count

    def __getitem__(self, user_name: str) -> int:
        return self._count(user_name)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str)

    def __iter__(self) -> Iterator[str]:
        return iter(())

    def __len__(self) -> int:
        return 0


class Facts(Mapping[str, Any]):
    """What one run gave, keyed as ``expect`` names it; ``target_users`` and ``graph`` are computed when read."""

    def __init__(
        self,
        result: Any,
        refused: str | None,
        *,
        target_url: str,
        clock_moved: float,
        count_users: Callable[[str], int],
    ) -> None:
        self.result = result
        self._lazy: dict[str, Callable[[], Any]] = {
            "target_users": lambda: TargetCounts(count_users),
            "graph": self._graph,
        }
        self._facts = _from_result(result, target_url) if result is not None else _refused()
        self._facts["refused"] = refused
        self._facts["clock_moved"] = clock_moved

    def __getitem__(self, key: str) -> Any:
        if key in self._lazy:
            self._facts[key] = self._lazy.pop(key)()
        return self._facts[key]

    def __iter__(self) -> Iterator[str]:
        return iter([*self._facts, *self._lazy])

    def __len__(self) -> int:
        return len(self._facts) + len(self._lazy)

    def _graph(self) -> Any:
        if self.result is None:
            return None
        from harness.render.graph import to_graph

        answer = json.loads(to_graph(self.result))
        return {**answer, "key": json.loads(answer["key"]), "value": json.loads(answer["value"])}


def _refused() -> dict[str, Any]:
    return {
        "result": None,
        "action": None,
        "steps": {},
        "details": {},
        "descriptions": {},
        "error": None,
        "modified": [],
        "requests": [],
        "writes": [],
        "filters": [],
        "members_added": [],
        "source_requests": [],
    }


def _from_result(result: Any, target_url: str) -> dict[str, Any]:
    records = list(result.requests)
    target = [_request(r, target_url) for r in records if r.url.startswith(target_url)]
    error = result.error
    return {
        "result": result.result,
        "action": result.action,
        "steps": {s.id: s.status for s in result.steps},
        "details": {s.id: s.details for s in result.steps},
        "descriptions": {s.id: s.description for s in result.steps},
        "error": {"code": error.code, "message": error.message, "tips": list(error.tips)} if error else None,
        "modified": [p.name for p in result.modified_properties],
        "requests": target,
        "writes": [r for r in target if r["method"] != "GET"],
        "filters": [_filtered(r["query"]) for r in target if "filter" in r["query"]],
        "members_added": _members_added(target),
        "source_requests": [
            {"method": r.method, "url": r.url, "status": r.status}
            for r in records
            if not r.url.startswith(target_url)
        ],
    }


def _request(record: Any, target_url: str) -> dict[str, Any]:
    parts = urlsplit(record.url)
    base_path = urlsplit(target_url).path.rstrip("/")
    return {
        "method": record.method,
        "path": parts.path.removeprefix(base_path),
        "query": dict(parse_qsl(parts.query)),
        "status": record.status,
        "body": record.body,
        "error": record.error,
    }


def _filtered(query: Mapping[str, str]) -> str:
    """Return the attribute a lookup filtered on (``userName`` of ``userName eq "x"``)."""
    return query["filter"].split(" ", 1)[0]


def _members_added(target: list[dict[str, Any]]) -> list[str]:
    added: list[str] = []
    for request in target:
        if request["method"] != "PATCH" or not request["path"].startswith("/Groups/"):
            continue
        for op in (request["body"] or {}).get("Operations", []):
            if str(op.get("op", "")).lower() == "add" and op.get("path") == "members":
                added += [str(v.get("value")) for v in op.get("value") or [] if isinstance(v, dict)]
    return added


def summary(facts: Mapping[str, Any]) -> str:
    """Return one line for a run: result and action, the failing step's code, what was written (``diff`` compares it)."""
    if facts["refused"]:
        return f"refused: {facts['refused']}"
    failed = next((step for step, status in facts["steps"].items() if status == "Failure"), None)
    error = f" at {failed}: {facts['error']['code']}" if failed and facts["error"] else ""
    writes = ", ".join(f"{w['method']} {w['status'] or w['error']}" for w in facts["writes"]) or "no writes"
    return f"{facts['result']} {facts['action']}{error} · {writes}"
