import pytest

from harness.jobs.expressions import EvalSettings, ExpressionEvaluationError


def test_append_doc_example(run):
    assert (
        run('Append([userPrincipalName], ".test")', userPrincipalName="John.Doe@contoso.com")
        == "John.Doe@contoso.com.test"
    )


def test_append_mid_alias_doc_example(run):
    assert (
        run("Append(Mid([givenName], 1, 3), Mid([surname], 1, 5))", givenName="John", surname="Doe")
        == "JohDoe"
    )


@pytest.mark.parametrize(
    ("expr", "source", "out"),
    [
        ('Join(", ", "", [surname], [givenName])', {"givenName": "John", "surname": "Doe"}, "Doe, John"),
        ('Join(" ", [givenName], [surname])', {"givenName": "John", "surname": "Doe"}, "John Doe"),
        ('Join(" ", [givenName], [surname])', {"givenName": "John"}, "John"),
        ('Join(";", [proxyAddresses], [mail])', {"proxyAddresses": ["a", "b"], "mail": "c"}, "a;b;c"),
        ('Join("", 1000, "x")', {}, "1000x"),
        ('Join(" ", [givenName], [surname])', {}, None),
    ],
)
def test_join(run, expr, source, out):
    assert run(expr, **source) == out


def test_join_keeps_empty_parts_when_configured(run):
    assert run('Join(", ", "", [surname])', EvalSettings(join_skip_empty=False), surname="Doe") == ", Doe"


@pytest.mark.parametrize(
    ("args", "out"),
    [
        ('"John Doe", 3', "Joh"),
        ('"John Doe", 0', ""),
        ('"John Doe", -1', "John Doe"),
        ("[missing], 3", ""),
        ('"Jo", 5', "Jo"),
    ],
)
def test_left(run, args, out):
    assert run(f"Left({args})") == out


@pytest.mark.parametrize(
    ("args", "out"),
    [('"abcdef", 2, 3', "bcd"), ('"abcdef", 4, 99', "def"), ('"abc", 5, 2', ""), ('"abc", 1, 0', "")],
)
def test_mid(run, args, out):
    assert run(f"Mid({args})") == out


def test_mid_start_is_one_based(run):
    with pytest.raises(ExpressionEvaluationError, match="1-based"):
        run('Mid("abc", 0, 1)')


@pytest.mark.parametrize(
    ("args", "out"),
    [
        ('"The quick brown fox",3," "', "brown"),
        ('"This,string!has&many separators",3,",!&#"', "has"),
        ('"a b", 0, " "', ""),
        ('"a b", 5, " "', ""),
        ('[missing], 1, " "', ""),
        ('"a  b", 2, " "', "b"),
    ],
)
def test_word(run, args, out):
    assert run(f"Word({args})") == out


@pytest.mark.parametrize(
    ("args", "out"),
    [
        ('"The quick brown fox","quick"', "5"),
        ('"repEated","e",3,vbBinaryCompare', "7"),
        ('"repEated","e",3,vbTextCompare', "4"),
        ('"abc","z"', "0"),
        ('"abc","b",1,"vbTextCompare"', "2"),
    ],
)
def test_instr(run, args, out):
    assert run(f"InStr({args})") == out


def test_strip_spaces(run):
    assert run('StripSpaces(" J o h n ")') == "John"


@pytest.mark.parametrize(
    ("expr", "out"),
    [
        ('ToLower("JOHN.Smith")', "john.smith"),
        ('ToUpper("straße")', "STRAßE"),
        ('ToUpper("i", "tr-TR")', "İ"),
        ('ToLower("I", "tr-TR")', "ı"),
        ('ToUpper("i", "en-US")', "I"),
    ],
)
def test_case_conversion(run, expr, out):
    assert run(expr) == out


def test_tolower_upn_doc_example(run):
    expr = 'ToLower(Join("@", NormalizeDiacritics(StripSpaces(Join(".",  [PreferredFirstName], [PreferredLastName]))), "contoso.com"))'
    assert run(expr, PreferredFirstName="John", PreferredLastName="Smith") == "john.smith@contoso.com"


@pytest.mark.parametrize(
    ("expr", "source", "out"),
    [
        ("PCase([firstName])", {"firstName": "PABLO GONSALVES (SECOND)"}, "Pablo Gonsalves (Second)"),
        ('PCase([lastName]," \'-")', {"lastName": "PINTO-DE'SILVA"}, "Pinto-De'Silva"),
        (
            'PCase(Join(" ",[firstName],[lastName]))',
            {"firstName": "GREGORY", "lastName": "JAMES"},
            "Gregory James",
        ),
        ('PCase([n], " ")', {"n": "ANNE-MARIE SMITH"}, "Anne-marie Smith"),
        ("PCase([n])", {"n": "don't stop"}, "Don't Stop"),
    ],
)
def test_pcase(run, expr, source, out):
    assert run(expr, **source) == out


def test_split_doc_example(run):
    assert run(
        'Split([extensionAttribute5], ",")', extensionAttribute5="PermissionSetOne, PermissionSetTwo"
    ) == [
        "PermissionSetOne",
        "PermissionSetTwo",
    ]


def test_split_untrimmed_setting(run):
    assert run('Split("a, b", ",")', EvalSettings(split_trim_values=False)) == ["a", " b"]


@pytest.mark.parametrize(
    ("value", "out"), [(True, "True"), (42, "42"), ("cn=Joe,dc=contoso,dc=com", "cn=Joe,dc=contoso,dc=com")]
)
def test_cstr(run, value, out):
    assert run("CStr([dn])", dn=value) == out


def test_multi_valued_where_single_expected_is_explained(run):
    with pytest.raises(ExpressionEvaluationError, match="multi-valued"):
        run("ToLower([proxyAddresses])", proxyAddresses=["a", "b"])


@pytest.mark.parametrize("name", ["mail", "Mail", "MAIL"])
def test_attribute_lookup_is_case_insensitive(run, name):
    assert run(f"[{name}]", mail="j@contoso.com") == "j@contoso.com"


def test_directory_extension_lookup_is_case_sensitive(run):
    assert run("[extension_ABC_dept]", extension_abc_dept="x") is None


def test_case_sensitive_lookup_setting(run):
    assert run("[Mail]", EvalSettings(attribute_lookup_case_insensitive=False), mail="x") is None
