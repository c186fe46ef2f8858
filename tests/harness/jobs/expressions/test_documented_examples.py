"""One documented example (S28, entra-behavior.md §4.3) per function of the official list of 43, evaluated."""

from __future__ import annotations

from dataclasses import replace

import pytest

from harness.jobs.expressions import DOCUMENTED_FUNCTIONS, DROP, EvalSettings, evaluate

ROLES = [
    {"id": "r1", "displayName": "Admin", "value": "Admin"},
    {"id": "r2", "displayName": "Reader", "value": "Reader"},
]

TAKEN = {"John@contoso.com"}

# (function, expression, source attributes, expected) — the examples Microsoft's function reference gives.
EXAMPLES = [
    (
        "Append",
        'Append([userPrincipalName], ".test")',
        {"userPrincipalName": "a@contoso.com"},
        "a@contoso.com.test",
    ),
    (
        "AppRoleAssignmentsComplex",
        "Count(AppRoleAssignmentsComplex([appRoleAssignments]))",
        {"appRoleAssignments": ROLES},
        "2",
    ),
    ("BitAnd", "BitAnd(&HF, &HF7)", {}, "7"),
    ("CBool", "CBool([a] = [b])", {"a": "x", "b": "x"}, "True"),
    ("CDate", 'CDate("2020-03-16-07:00")', {}, "3/16/2020 7:00:00 AM"),
    (
        "Coalesce",
        'Coalesce([mail], [userPrincipalName], "none")',
        {"userPrincipalName": "u@c.com"},
        "u@c.com",
    ),
    ("ConvertToBase64", 'ConvertToBase64("Hello world!")', {}, "SABlAGwAbABvACAAdwBvAHIAbABkACEA"),
    ("ConvertToUTF8Hex", 'ConvertToUTF8Hex("Hello world!")', {}, "48656C6C6F20776F726C6421"),
    ("Count", "Count([proxyAddresses])", {"proxyAddresses": ["smtp:a@c.com", "smtp:b@c.com"]}, "2"),
    ("CStr", "CStr([age])", {"age": 42}, "42"),
    (
        "DateAdd",
        'DateAdd("d", 7, CDate([StatusHireDate]))',
        {"StatusHireDate": "2012-03-16-07:00"},
        "3/23/2012 7:00:00 AM",
    ),
    ("DateDiff", 'DateDiff("d", "2021-08-18+08:00", "2021-08-31+08:00")', {}, "13"),
    (
        "DateFromNum",
        "DateFromNum([lastLogonTimestamp])",
        {"lastLogonTimestamp": "129699324000000000"},
        "1/1/2012 11:00:00 PM",
    ),
    (
        "FormatDateTime",
        'FormatDateTime([extensionAttribute1], , "yyyyMMddHHmmss.fZ", "yyyy-MM-dd")',
        {"extensionAttribute1": "20150123105347.1Z"},
        "2015-01-23",
    ),
    ("Guid", "Mid(Guid(), 9, 1)", {}, "-"),
    ("IgnoreFlowIfNullOrEmpty", "IgnoreFlowIfNullOrEmpty([mobile])", {}, DROP),
    ("IIF", 'IIF([country]="USA",[country],[department])', {"country": "USA", "department": "Sales"}, "USA"),
    ("InStr", 'InStr("repEated","e",3,vbBinaryCompare)', {}, "7"),
    ("IsNull", "IsNull([displayName])", {}, "True"),
    ("IsNullOrEmpty", "IsNullOrEmpty([displayName])", {"displayName": ""}, "True"),
    ("IsPresent", "IsPresent([employeeId])", {"employeeId": "E1"}, "True"),
    ("IsString", "IsString([displayName])", {"displayName": "Ada"}, "True"),
    (
        "Item",
        "Item([proxyAddresses], 1)",
        {"proxyAddresses": ["smtp:a@c.com", "smtp:b@c.com"]},
        "smtp:a@c.com",
    ),
    ("Join", 'Join(", ", "", [surname], [givenName])', {"surname": "Doe", "givenName": "John"}, "Doe, John"),
    ("Left", 'Left("John Doe", 3)', {}, "Joh"),
    ("Mid", 'Mid("John Doe", 3, 5)', {}, "hn Do"),
    ("NormalizeDiacritics", "NormalizeDiacritics([givenName])", {"givenName": "Zoë"}, "Zoe"),
    ("Not", "Not([accountEnabled])", {"accountEnabled": "True"}, "False"),
    ("Now", "Now()", {}, "7/2/2021 3:33:38 PM"),
    ("NumFromDate", 'NumFromDate("2012-01-01T23:00:00-00:00")', {}, "129699324000000000"),
    ("PCase", 'PCase("PINTO-DE\'SILVA"," \'-")', {}, "Pinto-De'Silva"),
    ("RandomString", "IsString(RandomString(6,3,0,0,3))", {}, "True"),
    ("Redact", 'Redact("StringToBeRedacted")', {}, "StringToBeRedacted"),
    (
        "RemoveDuplicates",
        "Count(RemoveDuplicates([proxyAddresses]))",
        {"proxyAddresses": ["a", "a", "b"]},
        "2",
    ),
    (
        "Replace",
        'Replace([mail], "@contoso.com", , , "@fabrikam.com", , )',
        {"mail": "john@contoso.com"},
        "john@fabrikam.com",
    ),
    (
        "SelectUniqueValue",
        'SelectUniqueValue(Join("@", [givenName], "contoso.com"), Join("@", Join(".", [givenName], [surname]), "contoso.com"))',
        {"givenName": "John", "surname": "Doe"},
        "John.Doe@contoso.com",
    ),
    (
        "SingleAppRoleAssignment",
        "SingleAppRoleAssignment([appRoleAssignments])",
        {"appRoleAssignments": ROLES[:1]},
        "Admin",
    ),
    (
        "Split",
        'Split([extensionAttribute5], ",")',
        {"extensionAttribute5": "PermissionSetOne,PermissionSetTwo"},
        ["PermissionSetOne", "PermissionSetTwo"],
    ),
    ("StripSpaces", 'StripSpaces("John Doe")', {}, "JohnDoe"),
    (
        "Switch",
        'Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney","QLD", "Australia/Brisbane", "SA", "Australia/Adelaide")',
        {"state": "QLD"},
        "Australia/Brisbane",
    ),
    (
        "ToLower",
        "ToLower([userPrincipalName])",
        {"userPrincipalName": "test@contoso.com"},
        "test@contoso.com",
    ),
    (
        "ToUpper",
        "ToUpper([userPrincipalName])",
        {"userPrincipalName": "test@contoso.com"},
        "TEST@CONTOSO.COM",
    ),
    ("Word", 'Word("This,string!has&many separators",3,",!&#")', {}, "has"),
]


def test_every_documented_function_has_an_example():
    assert sorted(name for name, *_ in EXAMPLES) == sorted(DOCUMENTED_FUNCTIONS)


@pytest.mark.parametrize(("function", "text", "source", "expected"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_the_documented_example(ctx, function, text, source, expected):
    if function == "SelectUniqueValue":  # the first rule's value is taken in the target; Workday → AD only
        ctx = replace(
            ctx, is_value_taken=TAKEN.__contains__, settings=EvalSettings(allow_select_unique_value=True)
        )
    assert function in text
    assert evaluate(text, source, ctx) == expected


def test_random_string_follows_its_documented_rules(run):
    value = run("RandomString(6,3,0,0,3)")  # 6 characters, at least 3 digits and 3 lower-case letters
    assert len(value) == 6 and sum(c.isdigit() for c in value) >= 3 and sum(c.islower() for c in value) >= 3
    assert run("RandomString(6,3,0,0,3)") != value  # seeded, not constant


def test_guid_is_a_fresh_guid_each_time(run):
    first = run("Guid()")
    assert len(first) == 36 and first.count("-") == 4 and run("Guid()") != first
