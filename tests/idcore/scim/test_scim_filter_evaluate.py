"""Evaluator tests: one resource, a table of filters and whether it matches."""

import pytest

from idcore.scim.errors import InvalidFilter
from idcore.scim.filter import evaluate, parse_filter
from idcore.scim.schema_data import ENTERPRISE_USER_URN, GROUP, USER

BJENSEN = {
    "schemas": ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE_USER_URN],
    "id": "2819c223-7f76-453a-919d-413861904646",
    "externalId": "BJ-1",
    "userName": "bjensen@example.com",
    "name": {"familyName": "O'Malley", "givenName": "Barbara"},
    "title": "Tour Guide",
    "userType": "Employee",
    "active": True,
    "emails": [
        {"value": "bjensen@example.com", "type": "work", "primary": True},
        {"value": "babs@jensen.org", "type": "home"},
    ],
    "ims": [{"value": "babs@foo.com", "type": "xmpp"}],
    "meta": {"created": "2010-01-23T04:56:22Z", "lastModified": "2011-05-13T04:42:34Z"},
    ENTERPRISE_USER_URN: {"employeeNumber": "701984", "manager": {"value": "26118915"}},
    "x-count": 5,
}

CASES = [
    # RFC 7644 §3.4.2.2 examples
    ('userName eq "bjensen@example.com"', True),
    ('name.familyName co "O\'Malley"', True),
    ('userName sw "B"', True),
    ('urn:ietf:params:scim:schemas:core:2.0:User:userName sw "bj"', True),
    ("title pr", True),
    ('meta.lastModified gt "2011-05-13T04:42:33Z"', True),
    ('meta.lastModified ge "2011-05-13T04:42:34Z"', True),
    ('meta.lastModified lt "2011-05-13T04:42:34Z"', False),
    ('meta.lastModified le "2011-05-13T06:42:34+02:00"', True),
    ('title pr and userType eq "Employee"', True),
    ('title pr or userType eq "Intern"', True),
    (f'schemas eq "{ENTERPRISE_USER_URN}"', True),
    ('userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")', True),
    ('userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")', False),
    ('userType eq "Employee" and (emails.type eq "work")', True),
    ('userType eq "Employee" and emails[type eq "work" and value co "@example.com"]', True),
    (
        'emails[type eq "work" and value co "@example.org"] or ims[type eq "xmpp" and value co "@foo.com"]',
        True,
    ),
    # case rules
    ('USERNAME EQ "BJENSEN@EXAMPLE.COM"', True),
    ('id eq "2819C223-7F76-453A-919D-413861904646"', False),
    ('externalId eq "bj-1"', False),
    ('externalId eq "BJ-1"', True),
    # multi-valued: any element; complex without sub-attribute compares "value"
    ('emails eq "babs@jensen.org"', True),
    ('emails.type eq "home"', True),
    ('emails[type eq "home" and primary eq true]', False),
    ('emails[type eq "work"].value eq "BJENSEN@example.com"', True),
    ('emails[type eq "other"].value pr', False),
    # booleans, strings for booleans (Entra), null
    ("active eq true", True),
    ('active eq "True"', True),
    ("active ne false", True),
    ("nickName eq null", True),
    ("title ne null", True),
    ('nickName ne "x"', False),
    # extension by URN
    (f'{ENTERPRISE_USER_URN}:employeeNumber eq "701984"', True),
    (f'{ENTERPRISE_USER_URN}:manager.value eq "26118915"', True),
    (f'{ENTERPRISE_USER_URN}:manager eq "26118915"', True),
    ('employeeNumber eq "701984"', False),
    # precedence
    ('userType eq "Intern" or title pr and userName pr', True),
    ('userType eq "Intern" and title pr or userName pr', True),
    ('not (userType eq "Intern") and title pr', True),
    ('not (userType eq "Employee" or title pr)', False),
    # unknown attributes infer their type from the data
    ("x-count gt 4", True),
    ('unknown eq "x"', False),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[t for t, _ in CASES])
def test_evaluate_with_user_schema(text, expected):
    assert evaluate(parse_filter(text), BJENSEN, USER) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('userName eq "BJENSEN@example.com"', True),
        ('id eq "2819C223-7F76-453A-919D-413861904646"', True),
        ('emails[type eq "work"].value sw "bj"', True),
        ("x-count lt 5", False),
    ],
)
def test_evaluate_without_schema_is_case_insensitive(text, expected):
    assert evaluate(parse_filter(text), BJENSEN) is expected


@pytest.mark.parametrize(
    "text",
    [
        "active gt true",
        'active co "t"',
        'x509Certificates.value lt "a"',
        'meta.created gt "yesterday"',
        "userName gt null",
    ],
)
def test_impossible_comparisons_are_invalid_filter(text):
    with pytest.raises(InvalidFilter):
        evaluate(parse_filter(text), BJENSEN, USER)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('members[value eq "u1"]', True),
        ('members eq "u2"', True),
        ('members.value eq "u3"', False),
        ('displayName eq "SALES"', True),
    ],
)
def test_evaluate_group(text, expected):
    group = {"displayName": "Sales", "members": [{"value": "u1"}, {"value": "u2", "type": "User"}]}
    assert evaluate(parse_filter(text), group, GROUP) is expected


def test_attribute_names_in_data_are_case_insensitive():
    assert evaluate(parse_filter('username eq "a"'), {"UserName": "A"}, USER)
