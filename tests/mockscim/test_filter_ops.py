"""Operator restrictions: a target that filters only with some operators (``filter-ops=eq,and``)."""

from __future__ import annotations

import pytest

from mockscim.profiles import UnknownProfile, resolve

ENTRA_FILTERS = [
    'userName eq "ann"',
    'externalId eq "e-1" and userName eq "ann"',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "7"',
]
OTHER_FILTERS = [
    'userName sw "a"',
    'userName ne "ann"',
    "title pr",
    'userName eq "ann" or userName eq "bob"',
    'not (userName eq "ann")',
    'emails[type eq "work" and value co "@x"]',
]


@pytest.fixture
def eq_only(make_client):
    scim = make_client("eq-and-only")
    scim.user("ann", externalId="e-1")
    scim.user("bob")
    return scim


@pytest.mark.parametrize("text", ENTRA_FILTERS)
def test_entra_filters_still_work(eq_only, text):
    assert eq_only.get("/Users", params={"filter": text}).status_code == 200


@pytest.mark.parametrize("text", OTHER_FILTERS)
def test_other_operators_are_400_invalid_filter(eq_only, text):
    response = eq_only.get("/Users", params={"filter": text})
    assert (response.status_code, response.json()["scimType"]) == (400, "invalidFilter")
    body = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], "filter": text}
    assert eq_only.post("/Users/.search", body).status_code == 400


@pytest.mark.parametrize(
    "quirks, status, found",
    [
        (["filter-ops=eq,and", "filter-501"], 501, None),
        (["filter-ops=eq,and", "ignore-filter"], 200, 2),
        (["ignore-filter", "filter-ops=eq,and"], 200, 2),
    ],
)
def test_unsupported_operator_answers_per_profile(make_client, quirks, status, found):
    scim = make_client(quirks=quirks)
    scim.user("ann")
    scim.user("bob")
    response = scim.get("/Users", params={"filter": 'userName sw "a"'})
    assert response.status_code == status
    if found is not None:
        assert response.json()["totalResults"] == found
        assert scim.find('userName eq "ann"')[0]["userName"] == "ann"  # supported filters still apply


@pytest.mark.parametrize("profile, expected", [("entra-compatible", None), ("eq-and-only", ["and", "eq"])])
def test_service_provider_config_says_which_operators(make_client, profile, expected):
    scim = make_client(profile)
    body = scim.get("/ServiceProviderConfig").json()
    assert body["filter"]["supported"] and body["filter"].get("x-filterOperators") == expected
    assert scim.control("GET", "/profile").json()["filterOperators"] == expected


@pytest.mark.parametrize("quirk", ["filter-ops=", "filter-ops=eq,like"])
def test_bad_operator_lists_are_rejected(quirk):
    with pytest.raises(UnknownProfile):
        resolve("entra-compatible", [quirk])


def test_operators_switch_at_run_time(make_client):
    scim = make_client()
    assert scim.get("/Users", params={"filter": 'userName sw "a"'}).status_code == 200
    assert scim.control("POST", "/profile", {"quirks": ["filter-ops=eq,and"]}).status_code == 200
    assert scim.get("/Users", params={"filter": 'userName sw "a"'}).status_code == 400
