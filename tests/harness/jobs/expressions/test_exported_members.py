from harness.jobs import expressions


def test_all_names_are_exported():
    assert sorted(expressions.__all__) == sorted(
        [
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
    )
    assert all(hasattr(expressions, name) for name in expressions.__all__)


def test_the_43_documented_functions_are_all_implemented():
    assert len(expressions.DOCUMENTED_FUNCTIONS) == 43
    extra = {"DefaultDomain", "AssertiveAppRoleAssignmentsComplex"}  # S15 and S9, outside S28's list
    assert set(expressions.FUNCTIONS) == {*expressions.DOCUMENTED_FUNCTIONS, *extra}


def test_every_documented_function_is_listed_in_the_module_docstring():
    assert all(name in expressions.__doc__ for name in expressions.DOCUMENTED_FUNCTIONS)


def test_drop_is_a_singleton():
    assert repr(expressions.DROP) == "DROP"
