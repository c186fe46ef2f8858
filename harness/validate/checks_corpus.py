"""The recorded Entra request corpus (``fixtures/recorded/entra-scim-requests.json``) replayed, one check per exchange.

Each exchange is sent as Entra sends it (query encoded with ``+`` and ``%22``, bodies as application/scim+json), in
the file's order; ids learnt from earlier answers fill placeholders such as ``{user.id}``. Every userName and
displayName in the file gets the run prefix, so the replay never touches the vendor's own objects. Exchanges marked
"(default mode)" run in the default dialect only, "(aadOptscim062020)" ones with the flag only. Forms Entra is only
observed to send (public reports, legacy bodies), the bare ``manager`` path and the ADSCIM group creates report a
warning rather than a failure, like the engine checks of the same forms.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from harness.validate.model import DEFAULT, DIALECTS, FLAG, Check, NonRfc, Skipped, expect
from harness.validate.rfc import non_rfc_form
from harness.validate.sources import COMPLIANCE, HOW_IT_WORKS, LOGS, SCIM_GUIDE, VALIDATOR
from idcore.exchanges import Unbound, contains, fill, present, statuses

__all__ = ["CORPUS", "corpus_checks", "load_corpus"]

_IN_TREE = Path(__file__).resolve().parents[2] / "fixtures" / "recorded" / "entra-scim-requests.json"
#: the data file: in the source tree, or (an installed wheel) beside this module
CORPUS = _IN_TREE if _IN_TREE.exists() else Path(__file__).with_name("entra-scim-requests.json")
OBSERVED = frozenset({"SCIM-SDK#686", "scim-patch#453", "S5"})
SOURCES = {
    "S3": SCIM_GUIDE,
    "S4": COMPLIANCE,
    "S6": HOW_IT_WORKS,
    "S7": LOGS,
    "S9": SCIM_GUIDE,
    "S25": VALIDATOR,
}


@cache
def load_corpus() -> tuple[dict[str, Any], ...]:
    """Return the recorded exchanges, in order."""
    return tuple(json.loads(CORPUS.read_text(encoding="utf-8")))


def _names(corpus: tuple[dict[str, Any], ...]) -> list[str]:
    """Return every user's userName and group's displayName the corpus creates or sets, longest first."""
    names: set[str] = set()
    for exchange in corpus:
        key = "displayName" if exchange["path"].startswith("/Groups") else "userName"
        body = exchange.get("body") or {}
        if isinstance(body.get(key), str):
            names.add(body[key])
        for op in body.get("Operations", []):
            value = op.get("value")
            if op.get("path") == key and isinstance(value, str):
                names.add(value)
            if isinstance(value, dict) and isinstance(value.get(key), str):
                names.add(value[key])
    return sorted(names, key=len, reverse=True)


def prefixed(value: Any, prefix: str, pattern: re.Pattern[str]) -> Any:
    """Return ``value`` with every corpus name given the run prefix (an upper-case name gets an upper-case one)."""
    if isinstance(value, str):

        def one(match: re.Match[str]) -> str:
            text = match.group(0)
            return (prefix + text).upper() if text.isupper() else prefix + text

        return pattern.sub(one, value)
    if isinstance(value, list):
        return [prefixed(item, prefix, pattern) for item in value]
    if isinstance(value, dict):
        return {key: prefixed(item, prefix, pattern) for key, item in value.items()}
    return value


def _query(path: str) -> tuple[str, dict[str, str] | None]:
    route, _, query = path.partition("?")
    return route, dict(parse_qsl(query)) if query else None


def _replay(index: int, exchange: dict[str, Any], warn: bool) -> Any:
    def run_exchange(run: Any) -> str | None:
        corpus = load_corpus()
        bound = run.state.setdefault("corpus", {})
        if exchange["method"] == "GET" and index and _unapplied(run, index - 1):
            raise Skipped("the write it reads back was rejected or belongs to the other dialect")
        pattern = run.state.get("corpus_pattern")
        if pattern is None:
            pattern = re.compile("|".join(re.escape(n) for n in _names(corpus)), re.IGNORECASE)
            run.state["corpus_pattern"] = pattern
        try:
            path = fill(prefixed(exchange["path"], run.prefix, pattern), bound)
            body = fill(prefixed(exchange.get("body"), run.prefix, pattern), bound)
            wanted = fill(prefixed(exchange.get("expect"), run.prefix, pattern), bound)
        except Unbound as missing:
            raise Skipped(f"it addresses '{missing}', which the endpoint never created") from None
        route, params = _query(path)
        reply = run.send(exchange["method"], route, body, params=params)
        if exchange["method"] == "POST":
            run.remember(route.strip("/").split("/")[0], reply.body if reply.status == 201 else None, body)
            if reply.status == 201 and "save_as" in exchange and isinstance(reply.body, dict):
                bound[exchange["save_as"]] = reply.body
        accepted = statuses(exchange)
        if exchange["method"] != "GET" and reply.status not in accepted:
            run.state["corpus_rejected"] = index
            form = non_rfc_form(body)
            if reply.status == 400 and form and not warn:
                raise NonRfc(f"answered 400: the endpoint rejects {form}, as RFC 7644 allows: {reply.body}")
        expect(
            reply.status in accepted,
            f"answered {reply.status}, wanted {exchange['status']}: {reply.body}",
            warn=warn,
        )
        expect(
            wanted is None or contains(reply.body, wanted),
            f"the answer {reply.body} lacks {wanted}",
            warn=warn,
        )
        held = [p for p in exchange.get("absent", []) if present(reply.body, p)]
        expect(not held, f"{held} present in the answer", warn=warn)
        return None

    return run_exchange


def _unapplied(run: Any, index: int) -> bool:
    """Tell whether exchange ``index`` was a write that was rejected or not sent in this run's dialect."""
    previous = load_corpus()[index]
    if previous["method"] == "GET":
        return False
    return run.state.get("corpus_rejected") == index or run.dialect_name not in _dialects(previous["name"])


def _dialects(name: str) -> tuple[str, ...]:
    if "(default mode)" in name:
        return (DEFAULT,)
    if f"({FLAG})" in name:
        return (FLAG,)
    return DIALECTS


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60].rstrip("-")


def corpus_checks() -> list[Check]:
    """Return one check per recorded exchange, in the corpus's order."""
    checks = []
    for index, exchange in enumerate(load_corpus()):
        name = exchange["name"]
        warn = (
            exchange["source"] in OBSERVED
            or "bare name" in name
            or (exchange["method"] == "POST" and exchange["path"].startswith("/Groups"))
        )
        kind = "observed or legacy form" if warn else "documented form"
        checks.append(
            Check(
                id=f"corpus.{index + 1:02d}-{_slug(name)}",
                title=f"Recorded exchange: {name}",
                tags=("corpus", "entra-dialect") if warn else ("corpus",),
                behaviour=f"Entra sends {exchange['method']} {exchange['path']} (entra-behavior.md "
                f"§{exchange['section']}, {kind}) and expects {exchange['status']}.",
                source=SOURCES.get(exchange["source"], f"{exchange['source']} (public report)"),
                consequence="Entra's request of this shape fails at the endpoint: the operation it carries "
                "(create, update, manager, disable, member change, delete) does not happen.",
                run=_replay(index, exchange, warn),
                dialects=_dialects(name),
            )
        )
    return checks
