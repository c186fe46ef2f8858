"""The pytest face of the validator: ``--scim-url``/``--scim-token`` run its checks in a vendor's own suite.

``harness.pytest_plugin`` re-exports these hooks and fixtures. A test that asks for ``scim_check`` is parametrized
with one case per check (and dialect); the battery runs once per session against the endpoint, and each case
passes, fails with the check's finding and Entra's consequence, skips with its reason, or passes with a warning::

    def test_entra_compatibility(scim_check):
        \"\"\"pytest --scim-url https://app.example.com/scim/v2 --scim-token "$TOKEN"\"\"\"
        scim_check.verify()

Without ``--scim-url`` every case is skipped.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import Any

import pytest

from harness.validate.model import CheckResult

__all__ = ["ScimCheck", "pytest_addoption", "pytest_generate_tests", "scim_check", "scim_validation"]


class EntraCompatibilityWarning(UserWarning):
    """A validator check ended with a warning."""


def pytest_addoption(parser: pytest.Parser) -> None:
    """Add ``--scim-url``, ``--scim-token``, ``--scim-dialect``, ``--scim-tags`` and ``--scim-judge``."""
    group = parser.getgroup("scimulator", "scimulator: validate a SCIM endpoint the way Entra drives it")
    group.addoption("--scim-url", help="the SCIM endpoint the scim_check cases validate")
    group.addoption("--scim-token", default="", help="its bearer token")
    group.addoption("--scim-dialect", default="default", choices=("default", "aadOptscim062020", "both"))
    group.addoption("--scim-tags", default="", help="comma-separated tags or ids of the checks to run")
    group.addoption(
        "--scim-judge",
        default="entra",
        choices=("entra", "rfc"),
        help="rfc: an RFC-literal answer to Entra's documented non-RFC forms is a warning, not a failure",
    )


def _dialects(config: pytest.Config) -> tuple[str, ...]:
    dialect = config.getoption("--scim-dialect")
    return ("default", "aadOptscim062020") if dialect == "both" else (dialect,)


def _tags(config: pytest.Config) -> list[str]:
    return [t for t in str(config.getoption("--scim-tags") or "").split(",") if t]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Parametrize ``scim_check`` with one case per selected check and dialect."""
    if "scim_check" not in metafunc.fixturenames:
        return
    from harness.validate.runner import catalog, select

    checks = select(catalog(), _tags(metafunc.config))
    cases = [
        (check.id, dialect)
        for dialect in _dialects(metafunc.config)
        for check in checks
        if dialect in check.dialects
    ]
    several = len(_dialects(metafunc.config)) > 1
    metafunc.parametrize(
        "scim_check", cases, indirect=True, ids=[f"{i}@{d}" if several else i for i, d in cases]
    )


@pytest.fixture(scope="session")
def scim_validation(request: pytest.FixtureRequest) -> Any:
    """Run the battery once against ``--scim-url`` and return the report (skip without ``--scim-url``)."""
    url = request.config.getoption("--scim-url")
    if not url:
        pytest.skip("no --scim-url given")
    from harness.validate.run import Endpoint
    from harness.validate.runner import validate

    token = request.config.getoption("--scim-token")
    return validate(
        Endpoint(url, token=token),
        dialects=_dialects(request.config),
        tags=_tags(request.config),
        judge=request.config.getoption("--scim-judge"),
    )


@dataclass
class ScimCheck:
    """One check's result in a vendor's suite; ``verify()`` fails, or warns, as the check ended."""

    result: CheckResult

    def verify(self) -> None:
        """Fail with the finding and Entra's consequence, warn for a warning, pass otherwise."""
        result = self.result
        check = result.check
        if result.status == "failed":
            pytest.fail(
                f"{check.title}: {result.detail}\nEntra: {check.consequence}\nSource: {check.source}",
                pytrace=False,
            )
        if result.status == "warning":
            warnings.warn(
                EntraCompatibilityWarning(f"{check.id}: {result.detail} — {check.consequence}"), stacklevel=2
            )


@pytest.fixture
def scim_check(request: pytest.FixtureRequest, scim_validation: Any) -> ScimCheck:
    """Return one check's result (skipping when the check was skipped); call ``verify()`` in the test."""
    check_id, dialect = request.param
    result = next(r for r in scim_validation.results if r.check.id == check_id and r.dialect == dialect)
    if result.status == "skipped":
        pytest.skip(result.detail)
    return ScimCheck(result)
