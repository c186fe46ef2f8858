"""Entra ID's expression language for attribute mappings (S28 "Reference for writing expressions for attribute
mappings in Microsoft Entra ID"): lexer, parser, function library and evaluator.

The 43 documented functions (S28 "List of Functions"):
    Append, AppRoleAssignmentsComplex, BitAnd, CBool, CDate, Coalesce, ConvertToBase64, ConvertToUTF8Hex, Count,
    CStr, DateAdd, DateDiff, DateFromNum, FormatDateTime, Guid, IgnoreFlowIfNullOrEmpty, IIF, InStr, IsNull,
    IsNullOrEmpty, IsPresent, IsString, Item, Join, Left, Mid, NormalizeDiacritics, Not, Now, NumFromDate, PCase,
    RandomString, Redact, RemoveDuplicates, Replace, SelectUniqueValue, SingleAppRoleAssignment, Split,
    StripSpaces, Switch, ToLower, ToUpper, Word
plus DefaultDomain(), which is not in that list but appears in Microsoft's API-driven inbound examples (S15), and
AssertiveAppRoleAssignmentsComplex, which S9 ("Provisioning a role to a SCIM app") documents beside
AppRoleAssignmentsComplex: the same values, sent as a PATCH replace of roles.
There is no "AppendString" (the function is Append) and no "AppDateTime".

Usage:
    ctx = EvalContext(now=clock.now, random=random.Random(seed), default_domain="contoso.com")
    evaluate('Join(" ", [givenName], [surname])', {"givenName": "John", "surname": "Doe"}, ctx)  # "John Doe"

Fidelity choices (settings in EvalSettings): attribute names in `[...]` are matched case-insensitively except
directory extensions; Join skips empty parts; Switch's documented null gotcha applies when `changed_attributes` is
given; IIF fails on a null/empty attribute in its condition; SelectUniqueValue is refused outside HR → AD.
"""

from __future__ import annotations

from .context import EvalContext, EvalSettings
from .errors import (
    ArgumentCountError,
    ExpressionError,
    ExpressionEvaluationError,
    ExpressionSyntaxError,
    ExpressionTooLongError,
    UnknownFunctionError,
)
from .evaluator import evaluate
from .functions import FUNCTIONS, FunctionSpec
from .functions.generated import REDACTED
from .nodes import Expression, Node, referenced_attributes, walk
from .parser import MAX_LENGTH, parse
from .values import DROP, Output, format_datetime

DOCUMENTED_FUNCTIONS: tuple[str, ...] = (
    "Append", "AppRoleAssignmentsComplex", "BitAnd", "CBool", "CDate", "Coalesce", "ConvertToBase64",
    "ConvertToUTF8Hex", "Count", "CStr", "DateAdd", "DateDiff", "DateFromNum", "FormatDateTime", "Guid",
    "IgnoreFlowIfNullOrEmpty", "IIF", "InStr", "IsNull", "IsNullOrEmpty", "IsPresent", "IsString", "Item", "Join",
    "Left", "Mid", "NormalizeDiacritics", "Not", "Now", "NumFromDate", "PCase", "RandomString", "Redact",
    "RemoveDuplicates", "Replace", "SelectUniqueValue", "SingleAppRoleAssignment", "Split", "StripSpaces", "Switch",
    "ToLower", "ToUpper", "Word",
)  # fmt: skip


def is_redacted(expression: str | Expression) -> bool:
    """Return True if the expression uses Redact, so logs must show "[Redact]" instead of its value."""
    parsed = parse(expression) if isinstance(expression, str) else expression
    return any(getattr(node, "name", None) == "Redact" for node in walk(parsed.root))


__all__ = [
    "DOCUMENTED_FUNCTIONS",
    "DROP",
    "FUNCTIONS",
    "MAX_LENGTH",
    "REDACTED",
    "ArgumentCountError",
    "EvalContext",
    "EvalSettings",
    "Expression",
    "ExpressionError",
    "ExpressionEvaluationError",
    "ExpressionSyntaxError",
    "ExpressionTooLongError",
    "FunctionSpec",
    "Node",
    "Output",
    "UnknownFunctionError",
    "evaluate",
    "format_datetime",
    "is_redacted",
    "parse",
    "referenced_attributes",
]
