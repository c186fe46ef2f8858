"""Deeply nested expressions are a syntax error with a column, never a RecursionError (in `parse` or `expr`)."""

from __future__ import annotations

import pytest

from harness.jobs.expressions import ExpressionSyntaxError, parse
from harness.jobs.expressions.parser import MAX_NESTING
from tests.harness.cli.clirun import run


def nested(depth: int, call: str = "ToUpper(") -> str:
    return call * depth + "[displayName]" + ")" * depth


@pytest.mark.parametrize(
    "text",
    [
        nested(MAX_NESTING + 1),
        nested(1109),  # 9,994 characters: within the 10,000 Entra accepts
        nested(700, 'Append("a", '),
        nested(1200, "Not("),
        nested(500, 'IIF([a]="b", "c", '),
    ],
    ids=["limit+1", "ToUpper-1109", "Append-700", "Not-1200", "IIF-500"],
)
def test_nesting_past_the_limit_is_a_syntax_error_with_its_column(text):
    with pytest.raises(ExpressionSyntaxError) as caught:
        parse(text)
    assert f"deeper than {MAX_NESTING} levels" in caught.value.reason
    assert 1 <= caught.value.column <= len(text)


def test_nesting_at_the_limit_parses():
    assert parse(nested(MAX_NESTING)).root is not None


def test_expr_command_reports_deep_nesting_in_one_line(capsys):
    code, _, err = run(capsys, "expr", nested(1109))
    assert code == 2
    assert err.startswith("scimulator: error: ") and "Traceback" not in err
    assert "deeper than 100 levels (column 801)" in err
