"""``$search`` answers the same whether a word is resolved to ids or checked row by row (a word every user has)."""

from __future__ import annotations

import pytest

from mockidp import search
from tests.mockidp.conftest import BASE

EVENTUAL = {"ConsistencyLevel": "eventual"}
PORTAL = '"displayName:{q}" OR "givenName:{q}" OR "surname:{q}" OR "userPrincipalName:{q}" OR "mail:{q}"'
QUERIES = [
    PORTAL.format(q="contoso"),
    PORTAL.format(q="jos"),
    PORTAL.format(q="josé núñez"),
    '"userPrincipalName:onmicrosoft com"',
    '"displayName:jos" AND "userPrincipalName:contoso"',
    '"mail:fabrikam" OR "surname:n"',
    '"displayName:zzzz"',
]


def ids(graph, query: str, **params) -> list[str]:
    response = graph.get(
        f"{BASE}/v1.0/users", params={"$search": query, "$top": 999, **params}, headers=EVENTUAL
    )
    assert response.status_code == 200, response.text
    return [user["id"] for user in response.json()["value"]]


@pytest.mark.parametrize("query", QUERIES)
def test_a_word_over_the_threshold_gives_the_same_users(graph, monkeypatch, query):
    resolved = ids(graph, query)
    monkeypatch.setattr(search, "SELECTIVE", 1)  # every word with two owners or more is checked row by row
    assert ids(graph, query) == resolved


def test_a_domain_word_finds_every_user_of_the_domain(graph, monkeypatch):
    monkeypatch.setattr(search, "SELECTIVE", 3)
    found = ids(graph, '"userPrincipalName:contoso"', **{"$count": "true"})
    assert len(found) > 30


def test_paging_through_a_word_over_the_threshold_is_complete(graph, monkeypatch):
    everyone = ids(graph, '"userPrincipalName:contoso"')
    monkeypatch.setattr(search, "SELECTIVE", 2)
    pages, params = [], {"$search": '"userPrincipalName:contoso"', "$top": 7}
    url = f"{BASE}/v1.0/users"
    while url:
        body = graph.get(url, params=params, headers=EVENTUAL).json()
        pages += [user["id"] for user in body["value"]]
        url, params = body.get("@odata.nextLink"), None
    assert pages == everyone
