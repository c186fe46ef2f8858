"""A job's source.attributes: read, checked (a bad XPath/JSONPath names the file and the field), and used."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from harness.jobs.model import Job, JobError
from tests.harness.cli.clirun import run


def _job(kind: str, attributes: object) -> dict:
    return {
        "source": {"type": kind, "url": "http://hr.example", "attributes": attributes},
        "target": {"url": "http://scim.example/scim/v2", "auth": {"type": "bearer", "token": "t"}},
    }


def test_the_attributes_are_read_in_order():
    job = Job.from_dict(
        _job("workday", {"CostCenter": "wd:Worker/wd:Worker_Data/wd:X/text()", "B": "wd:Worker"})
    )
    assert job.source.attributes == (
        ("CostCenter", "wd:Worker/wd:Worker_Data/wd:X/text()"),
        ("B", "wd:Worker"),
    )


@pytest.mark.parametrize(
    ("kind", "attributes", "field", "message"),
    [
        (
            "workday",
            {"CostCenter": "wd:Worker/wd:Worker_Data[/text()"},
            "source.attributes.CostCenter",
            "not a valid XPath",
        ),
        (
            "workday",
            {"CostCenter": "cc:Worker/text()"},
            "source.attributes.CostCenter",
            "prefix 'cc' is not declared",
        ),
        (
            "successfactors",
            {"costCode": "$.employmentNav.results[0"},
            "source.attributes.costCode",
            "not a valid JSONPath",
        ),
        ("successfactors", {"costCode": 3}, "source.attributes.costCode", "must be a string"),
        ("successfactors", {"cost code]": "$.a"}, "source.attributes.cost code]", "an attribute name is"),
        ("entra", {"x": "$.a"}, "source.attributes", "only a workday or successfactors source"),
        ("workday", ["x"], "source.attributes", "mapping"),
    ],
)
def test_a_bad_attribute_is_a_job_error_naming_the_field(kind, attributes, field, message):
    with pytest.raises(JobError) as caught:
        Job.from_dict(_job(kind, attributes), origin="hr.yaml")
    assert (
        caught.value.origin == "hr.yaml" and caught.value.field == field and message in caught.value.message
    )


def test_validate_job_reports_a_bad_xpath_with_file_and_field(capsys, tmp_path):
    data = yaml.safe_load(Path("fixtures/jobs/workday.yaml").read_text())
    data["source"]["attributes"] = {"CostCenter": "wd:Worker/wd:Worker_Data/wd:Organization_Data["}
    path = tmp_path / "hr.yaml"
    path.write_text(yaml.safe_dump(data))
    code, _, err = run(capsys, "validate", "--job", str(path))
    assert code == 2 and f"{path}: source.attributes.CostCenter: is not a valid XPath expression" in err
