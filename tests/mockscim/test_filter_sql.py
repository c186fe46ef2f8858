"""The SQL translation of filters agrees with the in-memory evaluator on the same data (RFC 7644 §3.4.2.2)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from idcore.scim.filter import evaluate, parse_filter
from idcore.scim.schema_data import GROUP, USER
from idcore.scim.sql import to_sql
from mockscim.profiles import resolve
from mockscim.query import user_mapping
from tests.mockscim.conftest import ENTERPRISE

PEOPLE = [
    dict(
        userName="Bjensen",
        displayName="Babs Jensen",
        active=True,
        title="Tour Guide",
        externalId="B1",
        name={"givenName": "Barbara", "familyName": "Jensen"},
        emails=[
            {"type": "work", "value": "bjensen@example.com", "primary": True},
            {"type": "home", "value": "babs@home.org"},
        ],
        phoneNumbers=[{"type": "work", "value": "555-0100"}],
        **{ENTERPRISE: {"employeeNumber": "701984", "department": "Tour Operations"}},
    ),
    dict(
        userName="jsmith",
        displayName="John Smith",
        active=False,
        externalId="j1",
        emails=[{"type": "work", "value": "John@Contoso.com"}],
        nickName="Johnny",
        **{ENTERPRISE: {"employeeNumber": "42"}},
    ),
    {"userName": "Ärger", "active": True, "title": "", "name": {"givenName": "Ömer"}},
    {
        "userName": "no-mail",
        "displayName": "Nobody",
        "title": "Manager",
        "addresses": [{"type": "work", "locality": "Hollywood"}],
    },
]

FILTERS = [
    'userName eq "bjensen"',
    'userName eq "BJENSEN"',
    'userName ne "bjensen"',
    'userName co "e"',
    'userName sw "j"',
    'userName ew "mail"',
    'userName gt "k"',
    'userName le "jsmith"',
    'userName eq "ärger"',
    'externalId eq "b1"',
    'externalId eq "B1"',
    "id pr",
    "title pr",
    "not (title pr)",
    "title eq null",
    "title ne null",
    "active eq true",
    "active eq false",
    'active eq "True"',
    "not (active eq true)",
    'displayName co "smith" or nickName pr',
    "displayName pr and not (active eq false)",
    'userName sw "b" or userName sw "j" and active eq true',
    '(userName sw "b" or userName sw "j") and active eq true',
    'emails[type eq "work" and value co "@example"]',
    'emails[type eq "work"].value eq "john@contoso.com"',
    'emails.value eq "babs@home.org"',
    'emails eq "babs@home.org"',
    "emails pr",
    "not (emails pr)",
    "emails[primary eq true]",
    'emails.type eq "home"',
    'phoneNumbers[type eq "work" and value sw "555"]',
    "phoneNumbers.value pr",
    'addresses[locality eq "hollywood"]',
    'name.givenName sw "bar"',
    'name.givenName eq "ömer"',
    "name.familyName pr",
    'title co "guide"',
    'title eq "Manager"',
    f'{ENTERPRISE}:employeeNumber eq "42"',
    f'{ENTERPRISE}:employeeNumber sw "70"',
    f'{ENTERPRISE}:department co "tour"',
    f"{ENTERPRISE}:department pr",
    'meta.created gt "2000-01-01T00:00:00Z"',
    'meta.lastModified lt "2000-01-01T00:00:00Z"',
    'meta.resourceType eq "User"',
    'USERNAME EQ "jsmith"',
    'nickName ew "NNY"',
]


@pytest.fixture
def people(scim):
    return [scim.user(**person) for person in PEOPLE]


@pytest.mark.parametrize("text", FILTERS)
def test_sql_matches_the_evaluator(scim, people, text):
    node = parse_filter(text)
    full = scim.get("/Users", params={"count": 100}).json()["Resources"]
    expected = {resource["userName"] for resource in full if evaluate(node, resource, USER)}
    got = {resource["userName"] for resource in scim.find(text)}
    assert got == expected


@pytest.mark.parametrize(
    "text",
    [
        "active gt false",
        'active co "t"',
        "userName eq",
        'userName xx "a"',
        'emails[type eq "work"',
        'meta.created gt "yesterday"',
    ],
)
def test_impossible_comparisons_are_invalid_filters(scim, people, text):
    response = scim.get("/Users", params={"filter": text})
    assert (response.status_code, response.json().get("scimType")) == (400, "invalidFilter")


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()])
@pytest.mark.parametrize(
    "text",
    [
        'userName eq "x"',
        'emails[type eq "work"]',
        'title co "a"',
        'phoneNumbers[type eq "work"]',
        'ims.value eq "x"',
    ],
)
def test_filters_compile_for_both_engines(dialect, text):
    from mockscim.models import UserRow

    mapping = user_mapping(resolve("entra-compatible"), dialect.name)
    statement = select(UserRow.pk).where(to_sql(parse_filter(text), mapping))
    assert "SELECT" in str(statement.compile(dialect=dialect))


def test_username_lookup_uses_the_index(scim, people):
    from mockscim.models import UserRow
    from mockscim.state import state

    mapping = user_mapping(resolve("entra-compatible"), "sqlite")
    statement = select(UserRow.pk).where(
        UserRow.tenant == "default", to_sql(parse_filter('userName eq "x"'), mapping)
    )
    db = state(scim.app).store.db
    if db.dialect != "sqlite":
        pytest.skip("EXPLAIN QUERY PLAN is SQLite's")
    with db.engine.connect() as conn:
        compiled = statement.compile(db.engine, compile_kwargs={"literal_binds": True})
        plan = " ".join(str(row) for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))
    assert "ix_scim_user_tenant_name_ci" in plan


@pytest.mark.parametrize("endpoint", ["/Users", "/Groups"])
@pytest.mark.parametrize(
    "template, matches",
    [
        ('meta.location eq "{location}"', True),
        ('meta.location ew "/{id}"', True),
        ('meta.location sw "http://elsewhere/"', False),
        ('meta.version eq "{version}"', True),
        ('meta.version eq "W/\\"9\\""', False),
        ('meta.location eq "{location}" and meta.version eq "{version}"', True),
    ],
)
def test_meta_location_and_version_filter_in_sql(scim, endpoint, template, matches):
    first, _ = (
        (scim.user("ann"), scim.user("bob")) if endpoint == "/Users" else (scim.group(), scim.group("Ops"))
    )
    scim.patch(f"{endpoint}/{first['id']}", {"op": "replace", "path": "externalId", "value": "x"})
    first = scim.get(f"{endpoint}/{first['id']}").json()
    meta = first["meta"]
    text = template.format(
        location=meta["location"], id=first["id"], version=meta["version"].replace('"', '\\"')
    )
    found = [r["id"] for r in scim.find(text, endpoint)]
    assert found == ([first["id"]] if matches else [])
    assert evaluate(parse_filter(text), first, USER if endpoint == "/Users" else GROUP) is matches
