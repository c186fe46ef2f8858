import pytest

from harness.jobs.expressions import (
    MAX_LENGTH,
    ArgumentCountError,
    ExpressionSyntaxError,
    ExpressionTooLongError,
    UnknownFunctionError,
    parse,
    referenced_attributes,
)
from harness.jobs.expressions.nodes import (
    AttributeRef,
    Call,
    Comparison,
    Constant,
    NumberLiteral,
    Omitted,
    StringLiteral,
)


def test_call_with_attribute_and_string():
    root = parse('Append([userPrincipalName], ".test")').root
    assert root == Call(1, "Append", (AttributeRef(8, "userPrincipalName"), StringLiteral(29, ".test")))


def test_omitted_arguments_are_nodes():
    args = parse('Switch([IsSoftDeleted], , "False", "True", "True", "False")').root.args
    assert isinstance(args[1], Omitted)


def test_trailing_omitted_argument():
    assert len(parse('Replace([mail], "@contoso.com", , ,"", ,)').root.args) == 7


def test_no_arguments_is_not_one_omitted_argument():
    assert parse("Guid()").root.args == ()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (r'"Company name: \"Contoso\""', 'Company name: "Contoso"'),
        (r'"a\\b"', "a\\b"),
        (r'"\\+(?<isdCode>\\d* )"', r"\+(?<isdCode>\d* )"),
        (r'"\d"', r"\d"),
    ],
)
def test_string_escapes(text, expected):
    assert parse(text).root.value == expected


@pytest.mark.parametrize(("text", "value"), [("7", 7), ("-10", -10), ("&HF7", 0xF7), ("1.5", 1.5)])
def test_numbers(text, value):
    assert parse(text).root == NumberLiteral(1, value)


def test_bare_constant():
    assert parse('InStr("repEated","e",3,vbBinaryCompare)').root.args[3] == Constant(24, "vbBinaryCompare")


def test_comparison_in_condition():
    cond = parse('IIF([country]="USA",[country],[department])').root.args[0]
    assert cond == Comparison(5, "=", AttributeRef(5, "country"), StringLiteral(15, "USA"))


@pytest.mark.parametrize(
    "name", ["extension_abc_costCenter", "urn:ietf:params:x:User:dept", "Cost Center", "a.b"]
)
def test_attribute_names_may_hold_any_character_but_bracket(name):
    assert parse(f"[{name}]").root == AttributeRef(1, name)


def test_multiline_expression():
    assert (
        parse('SelectUniqueValue(\n  Join("@", [a], "x"),\n  Join("@", [b], "x")\n)').root.name
        == "SelectUniqueValue"
    )


def test_parse_is_cached():
    assert parse("ToLower([mail])") is parse("ToLower([mail])")


def test_referenced_attributes():
    assert referenced_attributes(parse('Join(" ", [givenName], Mid([surname], 1, 3))')) == {
        "givenName",
        "surname",
    }


@pytest.mark.parametrize(
    ("text", "column"),
    [
        ('Join(" ", [a]', 14),
        ('Join(" " [a])', 10),
        ("[unterminated", 1),
        ('"open', 1),
        ("Left([a], 1) extra", 14),
        ("Join(;)", 6),
        ("", 1),
    ],
)
def test_syntax_errors_carry_the_column(text, column):
    with pytest.raises(ExpressionSyntaxError) as err:
        parse(text)
    assert err.value.column == column
    assert str(err.value).splitlines()[-1].index("^") - 2 == column - 1


def test_unknown_function_suggests_close_match():
    with pytest.raises(UnknownFunctionError) as err:
        parse('Swich([a], , "x", "y")')
    assert err.value.suggestion == "Switch"
    assert "did you mean 'Switch'" in str(err.value)


def test_function_names_are_case_sensitive():
    with pytest.raises(UnknownFunctionError) as err:
        parse('switch([a], , "x", "y")')
    assert err.value.suggestion == "Switch"


def test_append_string_is_not_a_function():
    with pytest.raises(UnknownFunctionError) as err:
        parse('AppendString([a], "x")')
    assert err.value.suggestion == "Append"


@pytest.mark.parametrize(
    "text", ["Left([a])", 'Switch([a], "d", "k")', "Mid([a], 1, 2, 3)", "Guid(1)", 'Join(",")']
)
def test_wrong_argument_count_names_the_signature(text):
    with pytest.raises(ArgumentCountError) as err:
        parse(text)
    assert err.value.signature in str(err.value)


def test_select_unique_value_must_be_top_level():
    with pytest.raises(ExpressionSyntaxError, match="top level"):
        parse("ToLower(SelectUniqueValue([a], [b]))")


def test_length_limit():
    body = '"' + "x" * (MAX_LENGTH - 2) + '"'
    assert parse(body)
    with pytest.raises(ExpressionTooLongError):
        parse(body + " ")
