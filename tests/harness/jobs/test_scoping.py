import json

import pytest

from harness.jobs.scope_decision import (
    FILTER_FAILED_TEXT,
    NO_ENTITLEMENT_TEXT,
    NOT_ASSIGNED_TEXT,
    ScopeInputs,
    decide_scope,
    is_active,
)
from harness.jobs.scoping import (
    Operator,
    ScopingClause,
    ScopingFilter,
    ScopingSettings,
    ScopingValidationError,
    evaluate_clause,
    evaluate_filters,
    load_filters,
)

SALES_ONLY = {
    "title": "Sales only",
    "clauses": [{"attribute": "department", "operator": "EQUALS", "value": "Sales"}],
}


def clause(op: str, value: str | None = None, attribute: str = "a") -> ScopingClause:
    return ScopingClause(attribute, Operator.parse(op), value)


@pytest.mark.parametrize(
    ("text", "operator"),
    [
        ("EQUALS", Operator.EQUALS),
        ("equals", Operator.EQUALS),
        ("NOT EQUALS", Operator.NOT_EQUALS),
        ("IS TRUE", Operator.IS_TRUE),
        ("is false", Operator.IS_FALSE),
        ("IS NULL", Operator.IS_NULL),
        ("IS NOT NULL", Operator.IS_NOT_NULL),
        ("REGEX MATCH", Operator.REGEX_MATCH),
        ("NOT REGEX MATCH", Operator.NOT_REGEX_MATCH),
        ("Greater_Than", Operator.GREATER_THAN),
        ("GREATER THAN", Operator.GREATER_THAN),
        ("Greater_Than_OR_EQUALS", Operator.GREATER_THAN_OR_EQUALS),
        ("Includes", Operator.INCLUDES),
        ("ENDS_WITH", Operator.ENDS_WITH),
        ("&", Operator.CONTAINED_IN),
        ("!&", Operator.NOT_CONTAINED_IN),
    ],
)
def test_operator_names(text, operator):
    assert Operator.parse(text) is operator


def test_unknown_operator_lists_the_supported_ones():
    with pytest.raises(ScopingValidationError, match="STARTS_WITH.*supported operators"):
        Operator.parse("STARTS_WITH")


@pytest.mark.parametrize(
    ("op", "value", "actual", "passed"),
    [
        ("EQUALS", "Sales", "Sales", True),
        ("EQUALS", "sales", "Sales", False),
        ("NOT EQUALS", "Sales", "Marketing", True),
        ("NOT EQUALS", "Sales", "Sales", False),
        ("Includes", "ale", "Sales", True),
        ("Includes", "ALE", "Sales", False),
        ("ENDS_WITH", "@contoso.com", "j@contoso.com", True),
        ("ENDS_WITH", "@contoso.com", "j@fabrikam.com", False),
        ("REGEX MATCH", r".*\@domain.com", "j@domain.com", True),
        ("REGEX MATCH", "([1-9][0-9])", "42", True),
        ("REGEX MATCH", "^a", "A", False),
        ("NOT REGEX MATCH", r".*\@domain.com", "j@other.com", True),
        ("NOT REGEX MATCH", r".*\@domain.com", "j@domain.com", False),
        ("Greater_Than", "10", "11", True),
        ("Greater_Than", "10", "10", False),
        ("Greater_Than_OR_EQUALS", "10", "10", True),
        ("Greater_Than_OR_EQUALS", "10", 9, False),
        ("IS TRUE", None, True, True),
        ("IS TRUE", None, "False", False),
        ("IS FALSE", None, False, True),
        ("IS FALSE", None, "true", False),
        ("IS NOT NULL", None, "x", True),
        ("IS NULL", None, "x", False),
        ("&", "Sales,Marketing", "Sales", True),
        ("&", "Sales,Marketing", "HR", False),
        ("!&", "Sales,Marketing", "HR", True),
        ("!&", "Sales,Marketing", "Sales", False),
    ],
)
def test_operator_semantics(op, value, actual, passed):
    assert evaluate_clause(clause(op, value), "F", {"a": actual}).passed is passed


@pytest.mark.parametrize(
    "op",
    [
        "EQUALS",
        "NOT EQUALS",
        "Includes",
        "ENDS_WITH",
        "REGEX MATCH",
        "NOT REGEX MATCH",
        "Greater_Than",
        "&",
        "!&",
        "IS TRUE",
        "IS FALSE",
        "IS NOT NULL",
    ],
)
@pytest.mark.parametrize("actual", [None, ""])
def test_null_or_empty_makes_clause_false(op, actual):
    verdict = evaluate_clause(clause(op, "x"), "F", {"a": actual})
    assert verdict.passed is False and "null or empty" in verdict.reason


@pytest.mark.parametrize("actual", [None, "", []])
def test_is_null_is_true_on_null_or_empty(actual):
    assert evaluate_clause(clause("IS NULL"), "F", {"a": actual}).passed


def test_greater_than_non_integer_value_is_explained():
    verdict = evaluate_clause(clause("Greater_Than", "1.5"), "F", {"a": "3"})
    assert not verdict.passed and "don't use Greater_Than with a non-integer value" in verdict.reason


def test_greater_than_non_integer_attribute_is_explained():
    verdict = evaluate_clause(clause("Greater_Than", "1"), "F", {"a": "abc"})
    assert not verdict.passed and "not an integer" in verdict.reason


def test_multi_valued_attribute_cannot_be_filtered():
    verdict = evaluate_clause(clause("EQUALS", "x"), "F", {"a": ["x", "y"]})
    assert not verdict.passed and "multi-valued" in verdict.reason


def test_ampersand_alternative_reading():
    settings = ScopingSettings(ampersand="value_in_attribute")
    assert evaluate_clause(clause("&", "Sal"), "F", {"a": "Sales"}, settings).passed


def test_regex_full_match_setting():
    settings = ScopingSettings(regex_full_match=True)
    assert not evaluate_clause(clause("REGEX MATCH", "([1-9][0-9])"), "F", {"a": "100"}, settings).passed


def test_attribute_lookup_is_case_insensitive():
    assert evaluate_clause(clause("EQUALS", "Sales", "Department"), "F", {"department": "Sales"}).passed


def test_no_filters_means_all_records():
    result = evaluate_filters([], {"department": "HR"})
    assert result.in_scope and result.evaluation_result_json == "{}"


def test_clauses_are_anded_and_filters_ored():
    filters = load_filters(
        [
            {
                "title": "NY engineers",
                "clauses": [
                    {"attribute": "state", "operator": "EQUALS", "value": "New York"},
                    {"attribute": "department", "operator": "EQUALS", "value": "Engineering"},
                ],
            },
            SALES_ONLY,
        ]
    )
    assert not evaluate_filters(filters, {"state": "New York", "department": "Sales2"}).in_scope
    assert evaluate_filters(filters, {"state": "Ohio", "department": "Sales"}).in_scope
    assert evaluate_filters(filters, {"state": "New York", "department": "Engineering"}).in_scope


def test_scenario_21_sales_only_marketing_user():
    result = evaluate_filters(load_filters([SALES_ONLY]), {"department": "Marketing"})
    assert not result.in_scope
    assert result.clause_verdicts[0].portal_line == "Sales only department EQUALS Sales"
    assert result.evaluation_result == {"Sales only.department EQUALS Sales": False}
    assert "Sales only department EQUALS Sales is false" in result.reason


def test_log_form_of_unary_operator():
    result = evaluate_filters(
        load_filters(
            [
                {
                    "title": "On-prem Owned Users",
                    "clauses": [{"attribute": "dirSyncEnabled", "operator": "IS TRUE"}],
                }
            ]
        ),
        {"dirSyncEnabled": False},
    )
    assert result.evaluation_result == {"On-prem Owned Users.dirSyncEnabled IS TRUE": False}


def test_graph_filter_group_shape():
    graph = {
        "name": "Sales only",
        "clauses": [
            {
                "operatorName": "EQUALS",
                "sourceOperandName": "department",
                "targetOperand": {"values": ["Sales"]},
            }
        ],
    }
    assert ScopingFilter.from_dict(graph) == load_filters([SALES_ONLY])[0]


@pytest.mark.parametrize(
    "attribute",
    ["appRoleAssignments", "userType", "manager", "StatusHireDate", "accountExpires", "IsMemberOf"],
)
def test_unsupported_attributes_fail_at_load(attribute):
    with pytest.raises(ScopingValidationError, match=attribute):
        load_filters([{"title": "T", "clauses": [{"attribute": attribute, "operator": "IS NOT NULL"}]}])


def test_binary_operator_needs_a_value():
    with pytest.raises(ScopingValidationError, match="needs a value"):
        load_filters([{"title": "T", "clauses": [{"attribute": "department", "operator": "EQUALS"}]}])


def test_invalid_regex_fails_at_load():
    with pytest.raises(ScopingValidationError, match="invalid regular expression"):
        load_filters(
            [{"title": "T", "clauses": [{"attribute": "a", "operator": "REGEX MATCH", "value": "("}]}]
        )


@pytest.mark.parametrize(
    ("enabled", "deleted", "active"),
    [(True, False, True), (False, False, False), (True, True, False), (None, False, False)],
)
def test_is_active(enabled, deleted, active):
    assert is_active(enabled, deleted) is active


def test_assigned_active_user_is_in_scope():
    decision = decide_scope(ScopeInputs(is_active=True, assigned=True, scope_all=False))
    assert decision.in_scope and decision.skip_reason is None
    assert [label for label, _ in decision.view_details] == [
        "Active in source system",
        "Assigned to application",
        "Scope sync all",
        "User has required role",
    ]


def test_graph_details_keys():
    decision = decide_scope(ScopeInputs(is_active=True, assigned=True, scope_all=False))
    assert decision.graph_details == {
        "IsActive": "True",
        "Assigned": "True",
        "IsEffectivelyEntitledForProvisioning": "True",
        "IsInProvisioningScopeDisplayName": "True",
        "ScopeEvaluationResult": "{}",
    }


def test_unassigned_user_is_not_effectively_entitled():
    decision = decide_scope(ScopeInputs(is_active=True, assigned=False, scope_all=False))
    assert not decision.in_scope and decision.skip_reason == "NotEffectivelyEntitled"
    assert NOT_ASSIGNED_TEXT in decision.description
    assert (
        "IsActive: True, Assigned to the application: False, IsInProvisioningScope: False"
        in decision.description
    )


def test_sync_all_covers_unassigned_user():
    assert decide_scope(ScopeInputs(is_active=True, assigned=False, scope_all=True)).in_scope


def test_missing_required_role():
    decision = decide_scope(ScopeInputs(is_active=True, assigned=True, scope_all=False, required_role=False))
    assert not decision.in_scope and NO_ENTITLEMENT_TEXT in decision.description


def test_inactive_user_is_out_of_scope():
    decision = decide_scope(ScopeInputs(is_active=False, assigned=True, scope_all=False))
    assert not decision.in_scope and decision.graph_details["IsActive"] == "False"


def test_failed_filter_lines_follow_the_fixed_properties():
    result = evaluate_filters(load_filters([SALES_ONLY]), {"department": "Marketing"})
    decision = decide_scope(ScopeInputs(is_active=True, assigned=True, scope_all=False, filter_result=result))
    assert decision.view_details[-1] == ("Sales only department EQUALS Sales", "False")
    assert decision.effectively_entitled and not decision.in_scope
    assert FILTER_FAILED_TEXT in decision.description
    assert json.loads(decision.graph_details["ScopeEvaluationResult"]) == {
        "Sales only.department EQUALS Sales": False
    }
