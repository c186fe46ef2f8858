"""Entra's request shapes (fixtures/recorded/entra-scim-requests.json) replayed in order against mockscim.

Each exchange names the entra-behavior.md § and the source it comes from, and is sent as Entra sends it: the query
string encoded with ``+`` and ``%22`` (azure-docs#11784), bodies as ``application/scim+json``. Ids learnt from
earlier answers fill placeholders such as ``{user.id}``. Under ``entra-compatible`` every shape is accepted with the
status the doc expects; under ``strict-rfc`` exactly the exchanges pinned by ``strict_rfc_status`` are rejected, and
those addressing a resource strict-rfc never created are ``unsent`` (Entra has no id to send them to).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote_plus, urlencode

import pytest

from idcore.exchanges import Unbound, contains, fill, present, statuses
from tests.mockscim.conftest import ENTERPRISE, SCIM, Client

CORPUS = Path(__file__).parents[2] / "fixtures" / "recorded" / "entra-scim-requests.json"
SOURCES = re.compile(r"^(S\d+|SCIM-SDK#686|scim-patch#453)$")
UNSENT = "unsent"


@pytest.fixture(scope="module")
def corpus() -> list[dict[str, Any]]:
    """Return the recorded exchanges, in order."""
    return json.loads(CORPUS.read_text(encoding="utf-8"))


@dataclass
class Outcome:
    """What one exchange got back (``status`` is ``unsent`` when a placeholder had no value)."""

    name: str
    status: int | str
    body: Any = None
    content_type: str = ""


def url_of(path: str) -> str:
    """Return the URL of a path template, its query encoded the way Entra encodes it (spaces as ``+``)."""
    route, _, query = path.partition("?")
    if not query:
        return SCIM + route
    return f"{SCIM}{route}?{urlencode(parse_qsl(query), quote_via=quote_plus)}"


def send(scim: Client, exchange: dict[str, Any], bound: dict[str, dict[str, Any]]) -> Outcome:
    """Send one exchange; remember the answer under ``save_as`` when it created something."""
    try:
        path, body = fill(exchange["path"], bound), fill(exchange.get("body"), bound)
    except Unbound:
        return Outcome(exchange["name"], UNSENT)
    data = None if body is None else json.dumps(body)
    headers = {} if body is None else {"Content-Type": "application/scim+json"}
    response = scim.http.request(exchange["method"], url_of(path), data=data, headers=headers)
    answer = response.json() if response.content else None
    if "save_as" in exchange and response.status_code == 201:
        bound[exchange["save_as"]] = answer
    return Outcome(exchange["name"], response.status_code, answer, response.headers.get("Content-Type", ""))


def replay(scim: Client, corpus: list[dict[str, Any]]) -> tuple[list[Outcome], dict[str, dict[str, Any]]]:
    """Send every exchange in order; return the outcomes and the resources created, by ``save_as`` name."""
    bound: dict[str, dict[str, Any]] = {}
    return [send(scim, exchange, bound) for exchange in corpus], bound


def misfits(exchange: dict[str, Any], outcome: Outcome, bound: dict[str, dict[str, Any]]) -> list[str]:
    """Return what an entra-compatible answer got wrong, in words (an empty list when it is right)."""
    problems = []
    if outcome.status not in statuses(exchange):
        problems.append(f"status {outcome.status}, wanted {exchange['status']}: {outcome.body}")
    if outcome.body is not None and not outcome.content_type.startswith("application/scim+json"):
        problems.append(f"Content-Type {outcome.content_type!r}")  # entra-behavior.md §2.1
    if "expect" in exchange and not contains(outcome.body, fill(exchange["expect"], bound)):
        problems.append(f"body {outcome.body} lacks {exchange['expect']}")
    problems += [
        f"{pointer} is present" for pointer in exchange.get("absent", []) if present(outcome.body, pointer)
    ]
    return problems


def test_every_exchange_names_its_section_and_source(corpus):
    for exchange in corpus:
        assert re.fullmatch(r"2\.(10|[1-9])", exchange["section"]), exchange["name"]
        assert SOURCES.match(exchange["source"]), exchange["name"]
        assert exchange["method"] in {"GET", "POST", "PATCH", "DELETE"}, exchange["name"]
    assert len({exchange["name"] for exchange in corpus}) == len(corpus)


def test_entra_compatible_answers_every_exchange_as_entra_expects(make_client, corpus):
    scim = make_client("entra-compatible")
    outcomes, bound = replay(scim, corpus)
    wrong = {
        exchange["name"]: problems
        for exchange, outcome in zip(corpus, outcomes, strict=True)
        if (problems := misfits(exchange, outcome, bound))
    }
    assert wrong == {}


def test_after_the_corpus_the_user_holds_every_change(make_client, corpus):
    scim = make_client("entra-compatible")
    _, bound = replay(scim, corpus)
    user = scim.get(f"/Users/{bound['user']['id']}").json()
    # §2.4/§2.5: re-enabled after both disables; the path-less replace's flat keys landed; the manager was removed.
    assert user["active"] is True
    assert user["userName"] == "5b50642d-79fc-4410-9e90-4c077cdd1a59@testuser.com"
    assert user["displayName"] == "Bjfe" and user["nickName"] == "Babs"
    assert user["name"] == {"formatted": "givenName familyName", "givenName": "Kkom", "familyName": "Unua"}
    assert [(e["type"], e["value"]) for e in user["emails"]] == [("work", "Bjfe@testuser.com")]
    assert user[ENTERPRISE] == {"employeeNumber": "Aklq"}


def test_after_the_corpus_the_group_is_renamed_and_empty(make_client, corpus):
    scim = make_client("entra-compatible")
    _, bound = replay(scim, corpus)
    group = scim.get(f"/Groups/{bound['group']['id']}").json()
    # §2.6: both removal dialects removed exactly their member, so none is left.
    assert group["displayName"] == "Group_1f9e0d2c_renamed" and "members" not in group
    # Removing a member from a group deletes nobody.
    assert scim.get(f"/Users/{bound['manager']['id']}").status_code == 200


def strict_pin(exchange: dict[str, Any]) -> int | str | dict[str, Any]:
    """Return what strict-rfc answers an exchange: its pin, else the entra status when only one is allowed."""
    if "strict_rfc_status" in exchange:
        return exchange["strict_rfc_status"]
    accepted = statuses(exchange)
    return accepted[0] if len(accepted) == 1 else "accepted"


def strict_answer(exchange: dict[str, Any], outcome: Outcome) -> int | str | dict[str, Any]:
    """Describe a strict-rfc outcome in the terms of ``strict_pin``."""
    if outcome.status == 400:
        return {"status": 400, "scimType": outcome.body.get("scimType")}
    if outcome.status in statuses(exchange) and len(statuses(exchange)) > 1:
        return "accepted"
    return outcome.status


def test_strict_rfc_rejects_exactly_the_pinned_exchanges(make_client, corpus):
    scim = make_client("strict-rfc")
    outcomes, _ = replay(scim, corpus)
    answers = {e["name"]: strict_answer(e, o) for e, o in zip(corpus, outcomes, strict=True)}
    assert answers == {exchange["name"]: strict_pin(exchange) for exchange in corpus}


def test_strict_rfc_pins_only_rejections_and_unsent(corpus):
    for exchange in corpus:
        pin = exchange.get("strict_rfc_status", UNSENT)
        rejected = isinstance(pin, dict) and pin["status"] == 400 and bool(pin["scimType"])
        assert pin == UNSENT or rejected, exchange["name"]


def test_strict_rfc_reads_entra_member_remove_literally(make_client, corpus):
    # Unsent above (strict-rfc never creates the ADSCIM group); on a plain group the default-mode Remove with a
    # value is accepted and, per RFC 7644 §3.5.2.2, removes every member — not a 400 but a silent divergence.
    scim = make_client("strict-rfc")
    user, manager = scim.user("a"), scim.user("b")
    group = scim.group("G", members=[user["id"], manager["id"]])
    exchange = next(
        e for e in corpus if e["name"] == "remove a member with Remove and a value (default mode)"
    )
    outcome = send(scim, exchange, {"group": group, "user": user, "manager": manager})
    assert outcome.status == 200
    assert "members" not in scim.get(f"/Groups/{group['id']}").json()
