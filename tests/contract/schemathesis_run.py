"""What the schemathesis runs share: the checks every answer must pass and the bounded, derandomized settings.

Required: no 5xx, every status, media type, body and header as documented, ``Allow`` as documented, a bad request
refused (``negative_data_rejection``). Left out: ``positive_data_acceptance`` — a schema cannot say which free text
is a valid SCIM filter, PATCH path or OData ``$filter``, so a well-typed but meaningless value is rightly a 400.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    allow_header_conformance,
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

__all__ = ["CASES", "CHECKS", "EXAMPLES", "authenticate", "bounded", "run"]

EXAMPLES = 12  # per operation and generation mode: the whole contract suite stays under a minute on 2 cores
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
    allow_header_conformance,
    unsupported_method,
    negative_data_rejection,
]

bounded = settings(
    max_examples=EXAMPLES,
    derandomize=True,  # the same cases on every run and machine
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)

CASES: Counter[str] = (
    Counter()
)  # cases sent per app, printed at the end of the run (tests/contract/conftest.py)


def authenticate(schema: Any, token: str) -> Any:
    """Give every case of ``schema`` the bearer token, as configuration (so no check takes it for a negation)."""
    schema.config.update(headers={"Authorization": f"Bearer {token}"})
    return schema


def run(case: Any, app: str) -> None:
    """Send one generated case and apply every check."""
    CASES[app] += 1
    case.call_and_validate(checks=CHECKS)
