import pytest

from harness.jobs.expressions import ExpressionEvaluationError

PHONE = r'"\\+(?<isdCode>\\d* )(?<phoneNumber>\\d{10})"'


@pytest.mark.parametrize(
    ("expr", "source", "out"),
    [
        (
            'Replace([BusinessTitle],"Product Developer", , , "Software Engineer", , )',
            {"BusinessTitle": "Product Developer"},
            "Software Engineer",
        ),
        (
            'Replace([UserID],"<username>", , , , , "<username>@contoso.com")',
            {"UserID": "jsmith"},
            "jsmith@contoso.com",
        ),
        (
            f'Replace([telephoneNumber], , {PHONE}, , "${{phoneNumber}}", , )',
            {"telephoneNumber": "+91 9998887777"},
            "9998887777",
        ),
        (
            r'Replace([AddressLineData], ,"(?<streetNumber>^\\d*)","streetNumber", "888", , )',
            {"AddressLineData": "545 Tremont Street"},
            "888 Tremont Street",
        ),
        (
            'Replace([userPrincipalName], , "(?<Suffix>@(.)*)", "Suffix", "", , )',
            {"userPrincipalName": "jsmith@contoso.com"},
            "jsmith",
        ),
        (
            f'Replace([telephoneNumber], , {PHONE}, "phoneNumber" , , [mobile], )',
            {"telephoneNumber": "", "mobile": "+91 8887779999"},
            "8887779999",
        ),
        (
            f'Replace([telephoneNumber], , {PHONE}, "phoneNumber" , , [mobile], )',
            {"telephoneNumber": "+1 555", "mobile": "+91 8887779999"},
            "+1 555",
        ),
        ('Replace([mailNickname], , "[a-zA-Z_]*", , "", , )', {"mailNickname": "john_doe72"}, "72"),
        ('Replace([mail], "@contoso.com", , ,"", ,)', {"mail": "john.doe@contoso.com"}, "john.doe"),
    ],
)
def test_documented_examples(run, expr, source, out):
    assert run(expr, **source) == out


def test_mobile_collapse_keeps_plus_as_documented_output_says_digits(run):
    # S28 shows "19998887777"; the pattern "[()\s-]+" does not remove "+", so .NET gives "+19998887777".
    assert run(r'Replace("+1 (999) 888-7777", , "[()\\s-]+", , "", , )') == "+19998887777"


@pytest.mark.parametrize(
    ("replacement", "out"), [("$2-$1", "b-a"), ("$$", "$"), ("[$&]", "[ab]"), ("${nope}", "${nope}")]
)
def test_dotnet_substitutions(run, replacement, out):
    assert run(f'Replace("ab", , "(a)(b)", , "{replacement}", , )') == out


def test_numbered_backreference_in_pattern(run):
    assert run(r'Replace("aa-bb", , "(?<c>\\w)\\k<c>", , "X", , )') == "X-X"


def test_replace_is_case_sensitive(run):
    assert run('Replace("Contoso", "contoso", , , "x", , )') == "Contoso"


def test_null_source_is_null(run):
    assert run('Replace([mail], "@contoso.com", , ,"", ,)') is None


def test_bad_combination_is_explained(run):
    with pytest.raises(ExpressionEvaluationError, match="unsupported combination"):
        run('Replace("x", , , , , , )')


def test_bad_regex_is_explained(run):
    with pytest.raises(ExpressionEvaluationError, match="invalid regexPattern"):
        run('Replace("x", , "(", , "", , )')
