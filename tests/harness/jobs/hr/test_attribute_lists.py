"""The shipped HR attribute lists: Microsoft's documented names and expressions, each one a valid expression."""

from __future__ import annotations

import pytest

from harness.jobs.hr import attribute_list, check_expression, default_attributes, workday_version

WORKDAY_21 = default_attributes("workday", "21.1")
WORKDAY_30 = default_attributes("workday", "30.0")
SUCCESSFACTORS = default_attributes("successfactors")


def test_workday_ships_both_documented_tables_of_80_attributes():
    assert len(WORKDAY_21) == len(WORKDAY_30) == 80 and set(WORKDAY_21) == set(WORKDAY_30)


@pytest.mark.parametrize(
    ("name", "expression"),
    [
        ("WorkerID", "wd:Worker/wd:Worker_Data/wd:Worker_ID/text()"),
        ("WID", "wd:Worker/wd:Worker_Reference/wd:ID[@wd:type='WID']/text()"),
        ("Active", "wd:Worker/wd:Worker_Data/wd:Employment_Data/wd:Worker_Status_Data/wd:Active/text()"),
        (
            "StatusHireDate",
            "wd:Worker/wd:Worker_Data/wd:Employment_Data/wd:Worker_Status_Data/wd:Hire_Date/text()",
        ),
        ("UserID", "wd:Worker/wd:Worker_Data/wd:User_ID/text()"),
    ],
)
def test_workday_identifiers_read_the_documented_xpaths(name, expression):
    assert WORKDAY_21[name] == expression


def test_v30_reads_the_position_of_the_primary_job():
    assert "wd:Worker_Job_Data[@wd:Primary_Job=1]/wd:Position_Data" in WORKDAY_30["BusinessTitle"]
    assert "Worker_Job_Data" not in WORKDAY_21["BusinessTitle"]


@pytest.mark.parametrize(
    ("url", "version", "business_title_reads_primary_job"),
    [
        ("https://wd3-impl-services1.workday.com/ccx/service/contoso4", "21.1", False),
        ("https://wd3-impl-services1.workday.com/ccx/service/contoso4/Human_Resources", "21.1", False),
        ("https://wd3-impl-services1.workday.com/ccx/service/contoso4/Human_Resources/v34.0", "34.0", True),
    ],
)
def test_the_url_decides_the_version_and_so_the_table(url, version, business_title_reads_primary_job):
    found = workday_version(url)
    assert found == version
    assert (
        "Primary_Job" in attribute_list("workday", found)["BusinessTitle"]
    ) is business_title_reads_primary_job


def test_successfactors_ships_the_documented_names_with_the_documented_jsonpaths():
    assert {"personIdExternal", "perPersonUuid", "costCenterId", "activeEmploymentsCount", "custom15"} <= set(
        SUCCESSFACTORS
    )
    assert SUCCESSFACTORS["startDate"] == "$.employmentNav.results[0].startDate"
    assert SUCCESSFACTORS["timeZone"] == "$.employmentNav.results[0].userNav.timeZone"
    assert (
        SUCCESSFACTORS["department"]
        == "$.employmentNav.results[0].jobInfoNav.results[0].departmentNav.name_localized"
    )
    assert SUCCESSFACTORS["empJobNavCustomString13"].endswith(".jobInfoNav.results[0].customString13")


@pytest.mark.parametrize(
    ("kind", "expression"),
    [("workday", e) for e in sorted(set(WORKDAY_21.values()) | set(WORKDAY_30.values()))]
    + [("successfactors", e) for e in sorted(SUCCESSFACTORS.values())],
)
def test_every_shipped_expression_compiles(kind, expression):
    assert check_expression(kind, expression) is None


@pytest.mark.parametrize(
    ("kind", "expression", "message"),
    [
        ("workday", "wd:Worker/wd:Worker_Data[", "is not a valid XPath expression"),
        ("workday", "xx:Worker/text()", "prefix 'xx' is not declared"),
        ("successfactors", "$.employmentNav.results[?(@.a ==", "is not a valid JSONPath expression"),
        ("successfactors", "   ", "is empty"),
    ],
)
def test_a_bad_expression_is_explained(kind, expression, message):
    assert message in (check_expression(kind, expression) or "")


def test_a_job_attribute_overrides_or_adds():
    merged = attribute_list("successfactors", extra=[("emplStatus", "$.x"), ("costCode", "$.y")])
    assert (
        merged["emplStatus"] == "$.x"
        and merged["costCode"] == "$.y"
        and len(merged) == len(SUCCESSFACTORS) + 1
    )
