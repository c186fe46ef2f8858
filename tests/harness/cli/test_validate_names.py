"""``validate`` checks every attribute name against the source and the target schema (#9 item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from harness.clients.hr import SUCCESSFACTORS_ATTRIBUTES, WORKDAY_ATTRIBUTES
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
    ("kind", "names"), [("workday", WORKDAY_ATTRIBUTES), ("successfactors", SUCCESSFACTORS_ATTRIBUTES)]
)
def test_hr_attribute_lists_are_what_the_hr_readers_fill(kind, names):
    source = Path("harness/clients/hr.py").read_text()
    record = source.split("def _worker_record" if kind == "workday" else "def _person_record", 1)[1]
    assert all(f'"{name}":' in record for name in names)
