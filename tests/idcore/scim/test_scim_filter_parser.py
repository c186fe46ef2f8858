"""Parser tests: RFC 7644 §3.4.2.2's examples, precedence, paths, literals and errors."""

import pytest

from idcore.scim.errors import InvalidFilter
from idcore.scim.filter import (
    And,
    AttrPath,
    Compare,
    CompareOp,
    Not,
    Or,
    Present,
    ValuePath,
    parse_filter,
    parse_path,
)

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
CORE = "urn:ietf:params:scim:schemas:core:2.0:User"


def eq(attr: str, value, sub=None) -> Compare:
    return Compare(AttrPath(attr, sub), CompareOp.EQ, value)


def pr(attr: str) -> Present:
    return Present(AttrPath(attr))


# RFC 7644 §3.4.2.2, the example filters, in order.
RFC_EXAMPLES = [
    ('userName eq "bjensen"', eq("userName", "bjensen")),
    ('name.familyName co "O\'Malley"', Compare(AttrPath("name", "familyName"), CompareOp.CO, "O'Malley")),
    ('userName sw "J"', Compare(AttrPath("userName"), CompareOp.SW, "J")),
    (f'{CORE}:userName sw "J"', Compare(AttrPath("userName", urn=CORE), CompareOp.SW, "J")),
    ("title pr", pr("title")),
    *[
        (
            f'meta.lastModified {op} "2011-05-13T04:42:34Z"',
            Compare(AttrPath("meta", "lastModified"), CompareOp(op), "2011-05-13T04:42:34Z"),
        )
        for op in ("gt", "ge", "lt", "le")
    ],
    ('title pr and userType eq "Employee"', And(pr("title"), eq("userType", "Employee"))),
    ('title pr or userType eq "Intern"', Or(pr("title"), eq("userType", "Intern"))),
    (f'schemas eq "{ENTERPRISE}"', eq("schemas", ENTERPRISE)),
    (
        'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
        And(
            eq("userType", "Employee"),
            Or(
                Compare(AttrPath("emails"), CompareOp.CO, "example.com"),
                Compare(AttrPath("emails", "value"), CompareOp.CO, "example.org"),
            ),
        ),
    ),
    (
        'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
        And(
            Compare(AttrPath("userType"), CompareOp.NE, "Employee"),
            Not(
                Or(
                    Compare(AttrPath("emails"), CompareOp.CO, "example.com"),
                    Compare(AttrPath("emails", "value"), CompareOp.CO, "example.org"),
                )
            ),
        ),
    ),
    (
        'userType eq "Employee" and (emails.type eq "work")',
        And(eq("userType", "Employee"), eq("emails", "work", "type")),
    ),
    (
        'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
        And(
            eq("userType", "Employee"),
            ValuePath(
                AttrPath("emails"),
                And(eq("type", "work"), Compare(AttrPath("value"), CompareOp.CO, "@example.com")),
            ),
        ),
    ),
    (
        'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
        Or(
            ValuePath(
                AttrPath("emails"),
                And(eq("type", "work"), Compare(AttrPath("value"), CompareOp.CO, "@example.com")),
            ),
            ValuePath(
                AttrPath("ims"), And(eq("type", "xmpp"), Compare(AttrPath("value"), CompareOp.CO, "@foo.com"))
            ),
        ),
    ),
]


@pytest.mark.parametrize(("text", "expected"), RFC_EXAMPLES, ids=[t for t, _ in RFC_EXAMPLES])
def test_rfc_examples_parse(text, expected):
    assert parse_filter(text) == expected


PRECEDENCE = [
    ("a pr or b pr and c pr", Or(pr("a"), And(pr("b"), pr("c")))),
    ("a pr and b pr or c pr", Or(And(pr("a"), pr("b")), pr("c"))),
    ("not (a pr) and b pr", And(Not(pr("a")), pr("b"))),
    ("(a pr or b pr) and c pr", And(Or(pr("a"), pr("b")), pr("c"))),
    ("a pr or b pr or c pr", Or(Or(pr("a"), pr("b")), pr("c"))),
    ("a pr and b pr and c pr", And(And(pr("a"), pr("b")), pr("c"))),
    ("not(a pr or b pr)", Not(Or(pr("a"), pr("b")))),
    ("not (not (a pr))", Not(Not(pr("a")))),
    ("((a pr))", pr("a")),
]


@pytest.mark.parametrize(("text", "expected"), PRECEDENCE, ids=[t for t, _ in PRECEDENCE])
def test_precedence(text, expected):
    assert parse_filter(text) == expected


LITERALS = [
    ('x eq "a\\"b"', 'a"b'),
    ('x eq "\\u00e9\\n"', "é\n"),
    ("x eq true", True),
    ("x eq False", False),
    ("x eq NULL", None),
    ("x eq 42", 42),
    ("x eq -1.5", -1.5),
    ("x eq 1e3", 1000.0),
]


@pytest.mark.parametrize(("text", "value"), LITERALS, ids=[t for t, _ in LITERALS])
def test_literals(text, value):
    assert parse_filter(text).value == value


@pytest.mark.parametrize(
    "text", ['userName EQ "x"', 'userName Eq "x"', "userName PR", "a pr AND b pr", "NOT (a pr)"]
)
def test_keywords_are_case_insensitive(text):
    parse_filter(text)


def test_operator_is_canonical_lower_case():
    assert parse_filter('userName EQ "x"').op is CompareOp.EQ


def test_urn_qualified_extension_attribute():
    path = parse_filter(f'{ENTERPRISE}:employeeNumber eq "7"').path
    assert path == AttrPath("employeeNumber", urn=ENTERPRISE)


def test_urn_qualified_sub_attribute():
    path = parse_filter(f'{ENTERPRISE}:manager.value eq "7"').path
    assert path == AttrPath("manager", "value", ENTERPRISE)


def test_entra_value_path_with_sub_attribute():
    parsed = parse_filter('emails[type eq "work"].value eq "a@b.c"')
    assert parsed == Compare(
        AttrPath("emails", "value", value_filter=eq("type", "work")), CompareOp.EQ, "a@b.c"
    )


def test_ref_sub_attribute():
    assert parse_filter("members.$ref pr") == Present(AttrPath("members", "$ref"))


def test_lenient_bare_word_value():
    assert parse_filter("externalId eq jyoung", lenient=True) == eq("externalId", "jyoung")


ERRORS = [
    ("userName eq", 12),
    ('userName eq "x', 13),
    ('userName xx "x"', 10),
    ('userName eq "x" and', 20),
    ('(userName eq "x"', 17),
    ('userName eq "x")', 16),
    ('emails[type eq "work"', 22),
    ('emails[addr[type eq "x"]]', 12),
    ("", 1),
    ("userName eq bjensen", 13),
    ('userName eq "x" userName', 17),
    ("a.b.c pr", 1),
    ('userName eq "\\q"', 14),
    ("userName # 1", 10),
]


@pytest.mark.parametrize(("text", "column"), ERRORS, ids=[t for t, _ in ERRORS])
def test_errors_point_at_column(text, column):
    with pytest.raises(InvalidFilter) as caught:
        parse_filter(text)
    assert f"at column {column}" in caught.value.detail
    assert caught.value.to_dict()["scimType"] == "invalidFilter"


PATHS = [
    ("userName", AttrPath("userName")),
    ("name.givenName", AttrPath("name", "givenName")),
    (f"{ENTERPRISE}:employeeNumber", AttrPath("employeeNumber", urn=ENTERPRISE)),
    (f"{ENTERPRISE}:manager.value", AttrPath("manager", "value", ENTERPRISE)),
    ('members[value eq "2"]', AttrPath("members", value_filter=eq("value", "2"))),
    ('emails[type eq "work"].value', AttrPath("emails", "value", value_filter=eq("type", "work"))),
]


@pytest.mark.parametrize(("text", "expected"), PATHS, ids=[t for t, _ in PATHS])
def test_patch_paths(text, expected):
    assert parse_path(text) == expected


@pytest.mark.parametrize("text", ["", "a b", "emails[", "emails[type eq 1]x", 'name.givenName[type eq "x"]'])
def test_bad_patch_paths(text):
    with pytest.raises(InvalidFilter):
        parse_path(text)


# ``attr op "string"`` is read by one regular expression before the parser; both must give the same tree.
@pytest.mark.parametrize(
    "text",
    [
        'userName eq "bjensen"',
        '  userName  EQ  "J Doe"  ',
        'externalId Sw ""',
        'not eq "x"',
        'a-b_1 co "é ü"',
        'userName eq "a\\"b"',  # an escape: the parser alone
        'userName eq "tab\\tx"',
    ],
)
def test_the_short_form_reads_as_the_parser_does(text):
    from idcore.scim.filter.lexer import Kind
    from idcore.scim.filter.parser import _Parser

    parser = _Parser(text, lenient=False)
    tree = parser.filter()
    parser.expect(Kind.END, "end")
    assert parse_filter(text) == tree


@pytest.mark.parametrize(
    "text", ['userName pr "x"', 'userName zz "x"', 'userName eq "a\x01"', 'userName eq "x" y']
)
def test_the_short_form_leaves_errors_to_the_parser(text):
    with pytest.raises(InvalidFilter):
        parse_filter(text)
