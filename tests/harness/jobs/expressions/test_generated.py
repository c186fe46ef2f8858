import random
import re

import pytest

from harness.jobs.expressions import (
    EvalContext,
    EvalSettings,
    ExpressionEvaluationError,
    evaluate,
    is_redacted,
)

SPECIAL = re.escape("~!@#$%^&*_-+=`|\\(){}[]:;\"'<>,.?/")


@pytest.mark.parametrize(
    ("expr", "out"),
    [
        ('ConvertToBase64("Hello world!")', "SABlAGwAbABvACAAdwBvAHIAbABkACEA"),
        ('ConvertToUTF8Hex("Hello world!")', "48656C6C6F20776F726C6421"),
        ('ConvertToUTF8Hex("é")', "C3A9"),
    ],
)
def test_encodings(run, expr, out):
    assert run(expr) == out


@pytest.mark.parametrize(
    ("value", "out"),
    [
        ("Zoë", "Zoe"),
        ("Jéssica Smith", "Jessica Smith"),
        ("Ærøskøbing", "AEroeskoebing"),
        ("Straße", "Strasse"),
        ("Łódź", "Lodz"),
        ("ā́", "a"),
        ("İstanbul", "Istanbul"),
        ("Ḱ", "Ḱ"),
    ],
)
def test_normalize_diacritics(run, value, out):
    assert run("NormalizeDiacritics([givenName])", givenName=value) == out


def test_guid_is_seeded():
    ctx = lambda: EvalContext(random=random.Random(7))
    first, second = evaluate("Guid()", {}, ctx()), evaluate("Guid()", {}, ctx())
    assert first == second
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", first)


def test_random_string_doc_example_1(run):
    value = run("RandomString(6,3,0,0,3)")
    assert len(value) == 6 and sum(c.isdigit() for c in value) >= 3 and sum(c.islower() for c in value) >= 3


def test_random_string_doc_example_2(run):
    value = run('RandomString(10,2,2,2,1,"?,")')
    assert len(value) == 10 and "?" not in value and "," not in value
    assert len(re.findall(f"[{SPECIAL}]", value)) >= 2 and sum(c.isupper() for c in value) >= 2


def test_random_string_max_length(run):
    with pytest.raises(ExpressionEvaluationError, match="at most 256"):
        run("RandomString(257,0,0,0,0)")


def test_random_string_minimums_exceed_length(run):
    with pytest.raises(ExpressionEvaluationError, match="sum of the minimums"):
        run("RandomString(3,2,2,0,0)")


def test_redact_passes_the_value_and_marks_the_expression(run):
    assert run("Redact([userPrincipalName])", userPrincipalName="a@b") == "a@b"
    assert is_redacted("Redact(RandomString(6,3,0,0,3))") and not is_redacted("ToLower([a])")


def test_default_domain(run):
    assert run('Join("@", [alias], DefaultDomain())', alias="jsmith") == "jsmith@contoso.com"


def test_default_domain_unset():
    with pytest.raises(ExpressionEvaluationError, match="default domain"):
        evaluate("DefaultDomain()", {}, EvalContext())


UPN_RULES = (
    'SelectUniqueValue(Join("@", NormalizeDiacritics(StripSpaces(Join(".", [PreferredFirstName], [PreferredLastName]))), "contoso.com"), '
    'Join("@", NormalizeDiacritics(StripSpaces(Join(".", Mid([PreferredFirstName], 1, 1), [PreferredLastName]))), "contoso.com"), '
    'Join("@", NormalizeDiacritics(StripSpaces(Join(".", Mid([PreferredFirstName], 1, 2), [PreferredLastName]))), "contoso.com"))'
)
JOHN = {"PreferredFirstName": "John", "PreferredLastName": "Smith"}


@pytest.mark.parametrize(
    ("taken", "out"),
    [
        (set(), "John.Smith@contoso.com"),
        ({"John.Smith@contoso.com"}, "J.Smith@contoso.com"),
        ({"John.Smith@contoso.com", "J.Smith@contoso.com"}, "Jo.Smith@contoso.com"),
    ],
)
def test_select_unique_value_doc_example(taken, out):
    ctx = EvalContext(
        is_value_taken=taken.__contains__, settings=EvalSettings(allow_select_unique_value=True)
    )
    assert evaluate(UPN_RULES, JOHN, ctx) == out


def test_select_unique_value_all_taken_is_escrowed():
    ctx = EvalContext(is_value_taken=lambda v: True, settings=EvalSettings(allow_select_unique_value=True))
    with pytest.raises(ExpressionEvaluationError, match="escrowed"):
        evaluate(UPN_RULES, JOHN, ctx)


def test_select_unique_value_unsupported_outside_hr_to_ad(run):
    with pytest.raises(ExpressionEvaluationError, match="only supported for Workday") as err:
        run(UPN_RULES, **JOHN)
    assert err.value.function == "SelectUniqueValue"
