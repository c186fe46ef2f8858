"""``validate`` checks every attribute name against the source and the target schema (#9 item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.harness.cli.clirun import DEFAULT_JOB, run


def _job_with(tmp_path, rows, source=None):
    data = yaml.safe_load(Path(DEFAULT_JOB).read_text())
    data["users"]["mappings"] = {"extend": rows} if isinstance(rows, list) else rows
    if source:
        data["source"]["type"] = source
    path = tmp_path / "job.yaml"
    path.write_text(yaml.safe_dump(data))
    return str(path)


def test_typos_in_source_and_target_are_all_reported_with_the_nearest_name(capsys, tmp_path):
    job = _job_with(
        tmp_path, [{"target": "nickName", "source": "jobTitel"}, {"target": "displayNme", "source": "mail"}]
    )
    code, out, err = run(capsys, "validate", "--job", job)
    assert code == 2 and "2 unknown attribute name(s)" in err
    assert "the source has no attribute 'jobTitel'; did you mean 'jobTitle'?" in out
    assert "displayNme: the target's schema has no attribute 'displayNme'; did you mean 'displayName'?" in out
    assert "(default SCIM schema (target unreachable))" in out


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"target": "nickName", "expression": "ToUpper([departmnt])"}, "did you mean 'department'?"),
        ({"target": "name.givenNme", "source": "givenName"}, "did you mean 'name.givenName'?"),
        (
            {
                "target": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:departmen",
                "source": "department",
            },
            "did you mean 'department'?",
        ),
    ],
)
def test_expressions_sub_attributes_and_extensions_are_checked(capsys, tmp_path, row, expected):
    code, out, _ = run(capsys, "validate", "--job", _job_with(tmp_path, [row]))
    assert code == 2 and expected in out


def test_the_fixture_jobs_validate(capsys):
    for path in sorted(Path("fixtures/jobs").glob("*.yaml")):
        code, out, err = run(capsys, "validate", "--job", str(path))
        assert code == 0, (path, out, err)


@pytest.mark.live
def test_names_are_checked_against_the_targets_discovery(capsys, up_session):
    code, out, _ = run(capsys, "validate", "--job", str(up_session.job_path))
    assert code == 0 and f"target's /Schemas ({up_session.scim_url})" in out


@pytest.mark.parametrize(
    ("kind", "documented", "typo", "nearest"),
    [
        ("workday", "StatusTerminationLastDayOfWork", "BusinesTitle", "BusinessTitle"),
        ("successfactors", "costCenterId", "emplStatuss", "emplStatus"),
    ],
)
def test_hr_names_are_checked_against_the_documented_attribute_list(
    capsys, tmp_path, kind, documented, typo, nearest
):
    rows = [{"target": "nickName", "source": documented}, {"target": "title", "source": typo}]
    code, out, _ = run(capsys, "validate", "--job", _job_with(tmp_path, rows, source=kind))
    assert code == 2 and f"did you mean '{nearest}'?" in out and documented not in out


def test_an_attribute_the_job_adds_is_a_known_source_name(capsys, tmp_path):
    job = Path(_job_with(tmp_path, [{"target": "nickName", "source": "CostCenter"}], source="workday"))
    data = yaml.safe_load(job.read_text())
    data["source"]["attributes"] = {"CostCenter": "wd:Worker/wd:Worker_Data/wd:Cost_Center/text()"}
    job.write_text(yaml.safe_dump(data))
    code, out, err = run(capsys, "validate", "--job", str(job))
    assert code == 0, (out, err)
