"""XPath over a Workday worker and JSONPath over a PerPerson give a source attribute's value, as Entra reads it."""

from __future__ import annotations

from xml.etree.ElementTree import Element, SubElement

import pytest

from harness.jobs.hr import default_attributes, person_values, worker_values

W = "{urn:com.workday/bsvc}"


def _worker(primary_job: bool = False) -> Element:
    worker = Element(f"{W}Worker")
    ref = SubElement(worker, f"{W}Worker_Reference")
    SubElement(ref, f"{W}ID", {f"{W}type": "WID"}).text = "7bf6322f1ea101fd0b4433077f09cb04"
    data = SubElement(worker, f"{W}Worker_Data")
    SubElement(data, f"{W}Worker_ID").text = " 21001 "
    employment = SubElement(data, f"{W}Employment_Data")
    parent = (
        SubElement(employment, f"{W}Worker_Job_Data", {f"{W}Primary_Job": "1"}) if primary_job else employment
    )
    SubElement(SubElement(parent, f"{W}Position_Data"), f"{W}Business_Title").text = "Engineer"
    names = SubElement(SubElement(data, f"{W}Personal_Data"), f"{W}Name_Data")
    detail = SubElement(SubElement(names, f"{W}Preferred_Name_Data"), f"{W}Name_Detail_Data")
    detail.set(f"{W}Formatted_Name", "Em Smith")
    return worker


@pytest.mark.parametrize(("version", "primary_job"), [("21.1", False), ("30.0", True)])
def test_worker_values_read_text_attributes_and_the_primary_job(version, primary_job):
    attributes = default_attributes("workday", version)
    wanted = {n: attributes[n] for n in ("WID", "WorkerID", "BusinessTitle", "PreferredNameData", "Active")}
    assert worker_values(_worker(primary_job), wanted) == {
        "WID": "7bf6322f1ea101fd0b4433077f09cb04",
        "WorkerID": "21001",
        "BusinessTitle": "Engineer",
        "PreferredNameData": "Em Smith",
    }


def test_a_workday_xpath_reads_only_its_own_worker():
    first, second = _worker(), _worker()
    second.find(f"{W}Worker_Data/{W}Worker_ID").text = "21002"  # type: ignore[union-attr]
    wanted = {"WorkerID": default_attributes("workday")["WorkerID"]}
    assert [worker_values(w, wanted)["WorkerID"] for w in (first, second)] == ["21001", "21002"]


PERSON = {
    "personIdExternal": "1002",
    "employmentNav": {
        "results": [
            {
                "startDate": "/Date(1767225600000)/",
                "jobInfoNav": {"results": [{"emplStatusNav": {"externalCode": "T"}, "jobTitle": "Old"}]},
            },
            {
                "startDate": "/Date(1780272000000)/",
                "jobInfoNav": {"results": [{"emplStatusNav": {"externalCode": "A"}, "jobTitle": "New"}]},
            },
        ]
    },
    "personalInfoNav": {"results": [{"lastModifiedDateTime": "/Date(1767225600000+0000)/", "firstName": ""}]},
}


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("$.personIdExternal", "1002"),
        ("$.employmentNav.results[0].startDate", "2026-01-01"),
        ("$.employmentNav.results[-1:].startDate", "2026-06-01"),
        ("$.personalInfoNav.results[0].lastModifiedDateTime", "2026-01-01T00:00:00Z"),
        (
            (
                "$.employmentNav..jobInfoNav..results[?(@.emplStatusNav.externalCode == 'A' || "
                "@.emplStatusNav.externalCode == 'U' || @.emplStatusNav.externalCode == 'P')].jobTitle"
            ),
            "New",
        ),
    ],
)
def test_person_values_read_documented_jsonpath_forms(expression, value):
    assert person_values(PERSON, {"x": expression}) == {"x": value}


@pytest.mark.parametrize(
    "expression", ["$.personalInfoNav.results[0].firstName", "$.employmentNav.results[0]", "$.nothing"]
)
def test_empty_objects_and_missing_values_give_no_attribute(expression):
    assert person_values(PERSON, {"x": expression}) == {}
