"""The scope step's attribute-based scoping filters (S23); the assignment/scope decision is harness.jobs.scope_decision.

Scoping filters (S23 define-conditional-rules): a filter is a title and clauses (attribute, operator, value).
Clauses inside a filter are ANDed, filters are ORed; no filters means "All records" are in scope. Every clause
verdict explains itself, and renders in the portal's form `{title} {attribute} {operator} {value}` and the logs'
form `"{title}.{attribute} {OPERATOR} {value}": bool`.

Rules reproduced from S23: EQUALS, NOT EQUALS, Includes, ENDS_WITH and the regex operators are case-sensitive;
"Scoping filters will return false if the value is null / empty" (NOT EQUALS and NOT REGEX MATCH included; IS NULL
is true); "Filtering is not supported for multi-valued attributes" (the clause is false, with that reason);
Greater_Than needs integers on both sides (S1 tip). appRoleAssignments, userType, manager, group members,
IsMemberOf and date attributes are refused when a job is loaded (S23, S5).

Fidelity choices (ScopingSettings): `&` — S23 says the clause is true "if the evaluated attribute exists in the
input string value"; the default reads that as "the attribute's value is a substring of the clause value" (UNSURE).
REGEX MATCH uses .NET's Regex.IsMatch semantics: a match anywhere in the value, unless `regex_full_match`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Literal

from harness.jobs.expressions.functions.replace import compile_dotnet


class ScopingValidationError(ValueError):
    """A scoping filter that Entra would not accept (unsupported attribute, operator or value)."""


class Operator(Enum):
    """S23 operators; the value is the portal's name."""

    CONTAINED_IN = "&"
    NOT_CONTAINED_IN = "!&"
    ENDS_WITH = "ENDS_WITH"
    EQUALS = "EQUALS"
    GREATER_THAN = "Greater_Than"
    GREATER_THAN_OR_EQUALS = "Greater_Than_OR_EQUALS"
    INCLUDES = "Includes"
    IS_FALSE = "IS FALSE"
    IS_NOT_NULL = "IS NOT NULL"
    IS_NULL = "IS NULL"
    IS_TRUE = "IS TRUE"
    NOT_EQUALS = "NOT EQUALS"
    NOT_REGEX_MATCH = "NOT REGEX MATCH"
    REGEX_MATCH = "REGEX MATCH"

    @property
    def unary(self) -> bool:
        return self in _UNARY

    @property
    def log_name(self) -> str:
        """The operator as provisioning logs spell it (`IS TRUE`, `EQUALS`, `GREATER_THAN`)."""
        return self.value.upper()

    @classmethod
    def parse(cls, text: str) -> Operator:
        """Read a portal name or Graph operatorName, case-insensitively (`Greater_Than`, `GREATER THAN`, `is true`)."""
        key = re.sub(r"[\s_]+", " ", text.strip().upper())
        for operator in cls:
            if re.sub(r"[\s_]+", " ", operator.value.upper()) == key:
                return operator
        known = ", ".join(o.value for o in cls)
        raise ScopingValidationError(f"Unknown scoping operator {text!r}; supported operators: {known}")


_UNARY = {Operator.IS_TRUE, Operator.IS_FALSE, Operator.IS_NULL, Operator.IS_NOT_NULL}

# S23 / S5: attributes Entra does not support in scoping filters.
UNSUPPORTED_ATTRIBUTES = {
    "approleassignments": "appRoleAssignments can't be used in a scoping filter",
    "usertype": "userType isn't available as a source attribute for scoping",
    "manager": "reference attributes such as manager can't be used in a scoping filter",
    "members": "the members attribute on a group is not supported",
    "ismemberof": "the IsMemberOf filter is not supported",
}
DATE_ATTRIBUTES = {"statushiredate", "startdate", "enddate", "statusterminationdate", "accountexpires"}


@dataclass(frozen=True)
class ScopingClause:
    """One condition: `attribute operator value` (value is None for unary operators)."""

    attribute: str
    operator: Operator
    value: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScopingClause:
        """Read the job-file shape {attribute, operator, value} or Graph's filterClause."""
        if "sourceOperandName" in data or "operatorName" in data:
            values = (data.get("targetOperand") or {}).get("values") or []
            value = values[0] if values else None
            attribute, operator = data.get("sourceOperandName", ""), data.get("operatorName", "")
        else:
            attribute, operator, value = (
                data.get("attribute", ""),
                data.get("operator", ""),
                data.get("value"),
            )
        parsed = Operator.parse(str(operator))
        return cls(str(attribute), parsed, None if parsed.unary or value is None else str(value))

    def portal_line(self, title: str) -> str:
        """Render as the Scope step's View details shows it."""
        return " ".join(p for p in (title, self.attribute, self.operator.value, self._value_text()) if p)

    def log_key(self, title: str) -> str:
        """Render as the ScopeEvaluationResult key in provisioning logs."""
        return " ".join(
            p for p in (f"{title}.{self.attribute}", self.operator.log_name, self._value_text()) if p
        )

    def _value_text(self) -> str:
        return "" if self.operator.unary else (self.value or "")


@dataclass(frozen=True)
class ScopingFilter:
    """A titled group of clauses, ANDed."""

    title: str
    clauses: tuple[ScopingClause, ...]

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScopingFilter:
        """Read the job-file shape {title, clauses} or Graph's filterGroup {name, clauses}."""
        title = data.get("title", data.get("name", ""))
        return cls(str(title), tuple(ScopingClause.from_dict(c) for c in data.get("clauses", [])))


def validate_filters(filters: Sequence[ScopingFilter]) -> None:
    """Raise ScopingValidationError listing every clause Entra would refuse."""
    problems: list[str] = []
    for scoping_filter in filters:
        if not scoping_filter.clauses:
            problems.append(f"filter {scoping_filter.title!r} has no clauses")
        for clause in scoping_filter.clauses:
            where = f"filter {scoping_filter.title!r}, clause {clause.portal_line('').strip()!r}"
            name = clause.attribute.lower()
            if name in UNSUPPORTED_ATTRIBUTES:
                problems.append(f"{where}: {UNSUPPORTED_ATTRIBUTES[name]}")
            elif name in DATE_ATTRIBUTES:
                problems.append(
                    f"{where}: date attributes such as {clause.attribute} can't be used in scoping filters"
                )
            if not clause.operator.unary and clause.value is None:
                problems.append(f"{where}: {clause.operator.value} needs a value")
            if (
                clause.operator in (Operator.REGEX_MATCH, Operator.NOT_REGEX_MATCH)
                and clause.value is not None
            ):
                try:
                    compile_dotnet(clause.value)
                except re.error as exc:
                    problems.append(f"{where}: invalid regular expression: {exc}")
    if problems:
        raise ScopingValidationError("Unsupported scoping filter: " + "; ".join(problems))


def load_filters(data: Sequence[Mapping[str, Any]] | None) -> list[ScopingFilter]:
    """Read and validate the scoping filters of a job (job-file or Graph shape)."""
    filters = [ScopingFilter.from_dict(item) for item in data or []]
    validate_filters(filters)
    return filters


@dataclass(frozen=True)
class ScopingSettings:
    """Readings of what S23 leaves open."""

    ampersand: Literal["attribute_in_value", "value_in_attribute"] = "attribute_in_value"
    regex_full_match: bool = False


@dataclass(frozen=True)
class ClauseVerdict:
    """A clause's outcome with the attribute value it saw and why."""

    clause: ScopingClause
    title: str
    passed: bool
    actual: Any
    reason: str

    @property
    def portal_line(self) -> str:
        return self.clause.portal_line(self.title)

    @property
    def log_key(self) -> str:
        return self.clause.log_key(self.title)


@dataclass(frozen=True)
class FilterVerdict:
    title: str
    passed: bool
    clauses: tuple[ClauseVerdict, ...]


@dataclass(frozen=True)
class ScopeFilterResult:
    """The verdict of all scoping filters for one object."""

    in_scope: bool
    filters: tuple[FilterVerdict, ...]
    reason: str

    @property
    def clause_verdicts(self) -> list[ClauseVerdict]:
        return [verdict for f in self.filters for verdict in f.clauses]

    @property
    def evaluation_result(self) -> dict[str, bool]:
        """The `{"<title>.<attr> <OP> <value>": bool}` map of ScopeEvaluationResult."""
        return {v.log_key: v.passed for v in self.clause_verdicts}

    @property
    def evaluation_result_json(self) -> str:
        return json.dumps(self.evaluation_result)


def _lookup(source: Mapping[str, Any], name: str) -> Any:
    if name in source:
        return source[name]
    lowered = {key.lower(): key for key in source}
    return source.get(lowered.get(name.lower(), name))


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "True" if value else "False"
    return str(value)


def _integer(text: str) -> int | None:
    return int(text) if re.fullmatch(r"[+-]?\d+", text.strip()) else None


def evaluate_clause(
    clause: ScopingClause, title: str, source: Mapping[str, Any], settings: ScopingSettings | None = None
) -> ClauseVerdict:
    """Evaluate one clause against a source object, with the reason for the verdict."""
    settings = settings or ScopingSettings()
    actual = _lookup(source, clause.attribute)
    op = clause.operator

    def verdict(passed: bool, reason: str) -> ClauseVerdict:
        return ClauseVerdict(clause, title, passed, actual, reason)

    empty = actual is None or actual == "" or actual == []
    if isinstance(actual, list) and not empty:
        return verdict(
            False,
            f"{clause.attribute} is multi-valued; filtering is not supported for multi-valued attributes",
        )
    if op is Operator.IS_NULL:
        return verdict(empty, f"{clause.attribute} is {'null or empty' if empty else 'present'}")
    if op is Operator.IS_NOT_NULL:
        return verdict(not empty, f"{clause.attribute} is {'null or empty' if empty else 'present'}")
    if empty:
        return verdict(
            False, f"{clause.attribute} is null or empty; scoping filters return false on null/empty values"
        )
    text, value = _text(actual), clause.value or ""
    if op in (Operator.IS_TRUE, Operator.IS_FALSE):
        wanted = "true" if op is Operator.IS_TRUE else "false"
        return verdict(text.strip().lower() == wanted, f"{clause.attribute} is {text!r}")
    if op in (Operator.GREATER_THAN, Operator.GREATER_THAN_OR_EQUALS):
        left, right = _integer(text), _integer(value)
        if right is None:
            return verdict(
                False, f"{value!r} is not an integer; don't use {op.value} with a non-integer value"
            )
        if left is None:
            return verdict(
                False, f"{clause.attribute} ({text!r}) is not an integer; {op.value} compares integers"
            )
        passed = left > right if op is Operator.GREATER_THAN else left >= right
        return verdict(passed, f"{clause.attribute} is {left}")
    return verdict(_string_test(op, text, value, settings), f"{clause.attribute} is {text!r}")


def _string_test(op: Operator, text: str, value: str, settings: ScopingSettings) -> bool:
    if op is Operator.EQUALS:
        return text == value
    if op is Operator.NOT_EQUALS:
        return text != value
    if op is Operator.INCLUDES:
        return value in text
    if op is Operator.ENDS_WITH:
        return text.endswith(value)
    if op in (Operator.REGEX_MATCH, Operator.NOT_REGEX_MATCH):
        pattern = compile_dotnet(value)
        matched = (pattern.fullmatch(text) if settings.regex_full_match else pattern.search(text)) is not None
        return matched if op is Operator.REGEX_MATCH else not matched
    contained = text in value if settings.ampersand == "attribute_in_value" else value in text
    return contained if op is Operator.CONTAINED_IN else not contained


def evaluate_filters(
    filters: Sequence[ScopingFilter], source: Mapping[str, Any], settings: ScopingSettings | None = None
) -> ScopeFilterResult:
    """Evaluate every filter (all clauses, for the report); in scope if all clauses of any filter pass."""
    if not filters:
        return ScopeFilterResult(True, (), "No scoping filters: all records are in scope")
    verdicts = []
    for scoping_filter in filters:
        clauses = tuple(
            evaluate_clause(c, scoping_filter.title, source, settings) for c in scoping_filter.clauses
        )
        verdicts.append(FilterVerdict(scoping_filter.title, all(c.passed for c in clauses), clauses))
    passing = [v.title for v in verdicts if v.passed]
    if passing:
        return ScopeFilterResult(True, tuple(verdicts), f"Passed scoping filter {passing[0]!r}")
    failed = [f"{c.portal_line} is false ({c.reason})" for v in verdicts for c in v.clauses if not c.passed]
    return ScopeFilterResult(False, tuple(verdicts), "Did not pass any scoping filter: " + "; ".join(failed))
