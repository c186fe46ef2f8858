"""The retry policy: which answers are retried, how long to wait, and Entra's code for a failure."""

from __future__ import annotations

import pytest

from harness.clients import Reply
from harness.clients.reply import CONNECTION_ERROR, TIMEOUT
from harness.clients.retry import RetryPolicy, entra_error_code


def reply(status=None, error=None, retry_after=None) -> Reply:
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else {}
    return Reply("GET", "http://t/Users", status, headers=headers, error=error)


@pytest.mark.parametrize(
    ("answer", "attempt", "expected"),
    [
        (reply(200), 1, None),
        (reply(404), 1, None),
        (reply(409), 1, None),
        (reply(429, retry_after=30), 1, 30.0),
        (reply(429), 1, 2.0),
        (reply(500), 1, 2.0),
        (reply(503), 2, 4.0),
        (reply(error=TIMEOUT), 3, 8.0),
        (reply(error=CONNECTION_ERROR), 1, 2.0),
        (reply(500), 4, None),
    ],
)
def test_delay_before_the_next_try(answer, attempt, expected):
    assert RetryPolicy(backoff=2.0).delay(answer, attempt) == expected


def test_retry_after_is_ignored_when_the_setting_says_so():
    assert RetryPolicy(honor_retry_after=False, backoff=1.0).delay(reply(429, retry_after=30), 1) == 1.0


def test_backoff_is_bounded():
    assert RetryPolicy(max_retries=20, backoff=10, max_backoff=60).delay(reply(500), 10) == 60


@pytest.mark.parametrize(
    ("answer", "code"),
    [
        (reply(429), "TooManyRequests"),
        (reply(500), "InternalServerError"),
        (reply(502), "InternalServerError"),
        (reply(error=TIMEOUT), "Timeout"),
        (reply(error=CONNECTION_ERROR), "WebExceptionProtocolError"),
        (reply(409), "EntryConflict"),
        (reply(400), "SystemForCrossDomainIdentityManagementBadRequest"),
        (reply(401), "Unauthorized"),
        (reply(403), "InsufficientRights"),
    ],
)
def test_entra_error_code_per_failure(answer, code):
    assert entra_error_code(answer) == code
