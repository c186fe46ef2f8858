"""``eq`` and ``startswith`` compare case-insensitively beyond ASCII, on SQLite as on PostgreSQL."""

from __future__ import annotations

import pytest

from tests.mockidp.conftest import BASE


@pytest.fixture
def equipe(graph):
    body = {
        "displayName": "Équipe Ødegård",
        "mailEnabled": False,
        "mailNickname": "equipe",
        "securityEnabled": True,
    }
    response = graph.post(f"{BASE}/v1.0/groups", json=body)
    assert response.status_code == 201, response.text
    return response.json()


def _groups(graph, flt: str) -> list[str]:
    response = graph.get(f"{BASE}/v1.0/groups", params={"$filter": flt})
    assert response.status_code == 200, response.text
    return [g["displayName"] for g in response.json()["value"]]


@pytest.mark.parametrize(
    "flt",
    [
        "displayName eq 'Équipe Ødegård'",
        "displayName eq 'équipe ødegård'",
        "displayName eq 'ÉQUIPE ØDEGÅRD'",
        "startswith(displayName, 'ÉQUI')",
        "startswith(displayName, 'équipe ø')",
    ],
)
def test_group_name_with_non_ascii_capitals_is_found_in_any_case(graph, equipe, flt):
    assert _groups(graph, flt) == ["Équipe Ødegård"]


def test_user_name_with_non_ascii_capitals_is_found_in_any_case(graph):
    response = graph.get(f"{BASE}/v1.0/users", params={"$filter": "surname eq 'NÚÑEZ-ØDEGÅRD'"})
    assert [u["surname"] for u in response.json()["value"]] == ["Núñez-Ødegård"]


def test_accents_still_count_in_eq(graph, equipe):
    assert _groups(graph, "displayName eq 'Equipe Odegard'") == []
