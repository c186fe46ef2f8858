"""The wheel carries the data files the harness reads at run time (built with the project's own backend)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> zipfile.ZipFile:
    from hatchling.builders.wheel import WheelBuilder

    directory = tmp_path_factory.mktemp("wheel")
    [path] = list(WheelBuilder(str(ROOT)).build(directory=str(directory), versions=["standard"]))
    return zipfile.ZipFile(path)


@pytest.mark.parametrize(
    "name", ["harness/jobs/hr/workday-attributes.yaml", "harness/jobs/hr/successfactors-attributes.yaml"]
)
def test_the_hr_attribute_lists_are_in_the_wheel_as_shipped(wheel, name):
    assert wheel.read(name) == (ROOT / name).read_bytes()
