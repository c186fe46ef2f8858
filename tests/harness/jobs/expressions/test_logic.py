import pytest

from harness.jobs.expressions import DROP, EvalSettings, ExpressionEvaluationError, evaluate

ACTIVE = 'Switch([IsSoftDeleted], , "False", "True", "True", "False")'


@pytest.mark.parametrize(("deleted", "active"), [(False, "True"), (True, "False"), ("False", "True")])
def test_default_active_mapping(run, deleted, active):
    assert run(ACTIVE, IsSoftDeleted=deleted) == active


@pytest.mark.parametrize(("state", "zone"), [("QLD", "Australia/Brisbane"), ("WA", "Australia/Sydney")])
def test_switch_doc_example(run, state, zone):
    expr = 'Switch([state], "Australia/Sydney", "NSW", "Australia/Sydney","QLD", "Australia/Brisbane", "SA", "Australia/Adelaide")'
    assert run(expr, state=state) == zone


def test_switch_is_case_sensitive(run):
    assert run('Switch([flag], "default", "true", "1")', flag="True") == "default"


def test_switch_omitted_default_is_null(run):
    assert run('Switch([flag], , "a", "1")', flag="b") is None


@pytest.mark.parametrize("flag", [None, ""])
def test_switch_empty_key_matches_null_or_empty(run, flag):
    assert run('Switch([statusFlag], "Default Value", "true", "1", "", "0")', statusFlag=flag) == "0"


def test_switch_country_workaround(run):
    assert run('Switch([country],[country],"","Other")') == "Other"


def test_switch_gotcha_yields_null_when_source_unchanged(ctx):
    expr = 'Switch([companyName], "External", "Company A", "A")'
    source = {"companyName": "Company A", "displayName": "New"}
    assert evaluate(expr, source, ctx, changed_attributes={"displayName"}) is None


def test_switch_gotcha_not_when_source_changed(ctx):
    expr = 'Switch([companyName], "External", "Company A", "A")'
    assert evaluate(expr, {"companyName": "Company A"}, ctx, changed_attributes={"CompanyName"}) == "A"


def test_switch_gotcha_can_be_turned_off(ctx):
    settings = EvalSettings(switch_null_gotcha=False)
    off = type(ctx)(ctx.now, ctx.random, ctx.default_domain, None, settings)
    expr = 'Switch([companyName], "External", "Company A", "A")'
    assert evaluate(expr, {"companyName": "Company A"}, off, changed_attributes=set()) == "A"


def test_iif_recommended_replacement_is_not_affected(ctx):
    expr = 'IIF([companyName] = "Company A", "A", IIF([companyName] = "Company B", "B", "External"))'
    assert evaluate(expr, {"companyName": "Company B"}, ctx, changed_attributes={"displayName"}) == "B"


@pytest.mark.parametrize(("country", "out"), [("USA", "USA"), ("France", "Sales")])
def test_iif_doc_example(run, country, out):
    assert run('IIF([country]="USA",[country],[department])', country=country, department="Sales") == out


@pytest.mark.parametrize(
    ("country", "state", "out"), [("USA", "CA", "True"), ("USA", "WA", "False"), ("FR", "CA", "False")]
)
def test_iif_nested_and(run, country, state, out):
    assert (
        run('IIF([country]="USA",IIF([state]="CA","True","False"),"False")', country=country, state=state)
        == out
    )


@pytest.mark.parametrize(
    ("country", "state", "out"), [("USA", "WA", "True"), ("FR", "CA", "True"), ("FR", "WA", "False")]
)
def test_iif_nested_or(run, country, state, out):
    assert (
        run('IIF([country]="USA","True",IIF([state]="CA","True","False"))', country=country, state=state)
        == out
    )


@pytest.mark.parametrize(
    "expr",
    [
        'IIF([country]="","Other",[country])',
        'IIF(IsNullOrEmpty([country]),"Other",[country])',
        'IIF(IsPresent([country]),[country],"Other")',
    ],
)
@pytest.mark.parametrize("country", [None, ""])
def test_iif_null_attribute_in_condition_fails(run, expr, country):
    with pytest.raises(ExpressionEvaluationError, match="condition check fails") as err:
        run(expr, country=country)
    assert err.value.function == "IIF"


def test_iif_null_condition_setting_reads_false(run):
    assert run('IIF([country]="USA","y","n")', EvalSettings(iif_null_condition_fails=False)) == "n"


@pytest.mark.parametrize(
    ("op", "out"),
    [("=", "False"), ("<>", "True"), (">", "True"), (">=", "True"), ("<", "False"), ("<=", "False")],
)
def test_iif_operators_compare_numbers(run, op, out):
    assert run(f'IIF([n] {op} 5, "True", "False")', n="10") == out


def test_iif_only_evaluates_chosen_branch(run):
    assert run('IIF([a]="x", "ok", Mid([a], 0, 1))', a="x") == "ok"


@pytest.mark.parametrize(
    ("value", "out"), [("True", "False"), ("False", "True"), (True, "False"), (None, "True")]
)
def test_not_flips_boolean_strings(run, value, out):
    assert run("Not([IsSoftDeleted])", IsSoftDeleted=value) == out


@pytest.mark.parametrize(("a", "b", "out"), [("x", "x", "True"), ("x", "X", "False")])
def test_cbool_doc_example(run, a, b, out):
    assert run("CBool([attribute1] = [attribute2])", attribute1=a, attribute2=b) == out


@pytest.mark.parametrize(
    ("expr", "out"), [("CBool(0)", "False"), ("CBool(2)", "True"), ('CBool("True")', "True")]
)
def test_cbool_numbers(run, expr, out):
    assert run(expr) == out


def test_cbool_rejects_text(run):
    with pytest.raises(ExpressionEvaluationError, match="Boolean"):
        run('CBool("maybe")')


def test_bitand_doc_example(run):
    assert run("BitAnd(&HF, &HF7)") == "7"


@pytest.mark.parametrize(
    ("source", "out"),
    [
        ({"mail": None, "userPrincipalName": "John.Doe@contoso.com"}, "John.Doe@contoso.com"),
        ({"mail": "j@contoso.com", "userPrincipalName": "x"}, "j@contoso.com"),
        ({}, None),
    ],
)
def test_coalesce(run, source, out):
    assert run("Coalesce([mail],[userPrincipalName])", **source) == out


def test_coalesce_default_value(run):
    assert run('Coalesce([mail], [other], "")') == ""


@pytest.mark.parametrize(
    ("fn", "value", "out"),
    [
        ("IsNull", None, "True"),
        ("IsNull", "", "False"),
        ("IsNullOrEmpty", "", "True"),
        ("IsNullOrEmpty", "x", "False"),
        ("IsPresent", "x", "True"),
        ("IsPresent", "", "False"),
        ("IsPresent", None, "False"),
        ("IsString", "x", "True"),
        ("IsString", None, "False"),
    ],
)
def test_null_tests(run, fn, value, out):
    assert run(f"{fn}([displayName])", displayName=value) == out


@pytest.mark.parametrize("value", [None, ""])
def test_ignore_flow_drops_null_or_empty(run, value):
    assert run("IgnoreFlowIfNullOrEmpty([department])", department=value) is DROP


def test_ignore_flow_passes_values(run):
    assert run("IgnoreFlowIfNullOrEmpty([department])", department="Sales") == "Sales"


def test_ignore_flow_doc_example_with_switch(run):
    expr = (
        'IgnoreFlowIfNullOrEmpty(Switch([prefix], "", "3443", "Dr.", "3444", "Prof.", "3445", "Prof. Dr."))'
    )
    assert run(expr, prefix="9999") is DROP
    assert run(expr, prefix="3444") == "Prof."
