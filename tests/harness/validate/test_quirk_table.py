"""Every mockscim preset (one vendor bug or quirk each): exactly the checks that should catch it fail or warn.

A preset nobody catches would show as an empty set. Two are empty on purpose: ``eq-and-only`` (filters with eq and
and only — all Entra sends) and ``patch-no-content`` (204 to every PATCH, which Entra accepts): the validator must
not fail an endpoint Entra works with.
"""

from __future__ import annotations

import pytest

from mockscim.profiles import PROFILES
from tests.harness.validate.conftest import not_passed

#: filters only on userName (and id): every other lookup Entra sends fails
USERNAME_FILTER_ONLY = {
    "connection.random-guid-group": "failed",
    "discovery.service-provider-config": "warning",
    "users.filter-externalid": "failed",
    "users.filter-work-email": "failed",
    "groups.create": "failed",
    "groups.lookup-without-members": "failed",
    "corpus.02-test-connection-probe-a-group-that-cannot-exist": "failed",
    "corpus.10-query-the-user-by-work-email": "failed",
    "corpus.38-query-the-group-by-displayname-members-excluded-before-it-ex": "failed",
    "corpus.41-query-the-group-by-displayname-members-excluded": "failed",
    "corpus.43-query-the-group-with-members-excluded-no-members-in-the-answ": "failed",
    "corpus.50-query-the-renamed-group-by-displayname-members-excluded": "failed",
}

EXPECTED: dict[str, dict[str, str]] = {
    "add-replaces-members": {
        "groups.add-member": "failed",
    },
    "case-sensitive": {
        "users.lookup-other-case": "failed",
        "corpus.07-create-the-same-username-again-uniqueness-conflict": "failed",
        "corpus.09-query-the-user-by-username-in-a-different-case": "failed",
    },
    "drops-member-removal": {
        "groups.remove-member-value": "failed",
        "corpus.47-get-the-group-by-id-with-the-one-member-left": "failed",
    },
    "duplicates-allowed": {
        "users.duplicate-username": "failed",
        "groups.duplicate-displayname": "warning",
        "corpus.07-create-the-same-username-again-uniqueness-conflict": "failed",
        "corpus.09-query-the-user-by-username-in-a-different-case": "failed",
        "corpus.40-create-a-group-with-the-same-displayname-conflict": "warning",
        "corpus.43-query-the-group-with-members-excluded-no-members-in-the-answ": "failed",
    },
    "empty-is-404": {
        "connection.random-guid-user": "failed",
        "connection.random-guid-group": "failed",
        "users.create": "failed",
        "corpus.01-test-connection-query-a-user-that-cannot-exist": "failed",
        "corpus.02-test-connection-probe-a-group-that-cannot-exist": "failed",
        "corpus.03-query-the-user-by-its-matching-attribute-before-it-exists": "failed",
        "corpus.38-query-the-group-by-displayname-members-excluded-before-it-ex": "failed",
    },
    "eq-and-only": {},
    "filter-not-implemented": {**USERNAME_FILTER_ONLY, "errors.no-5xx": "failed"},
    "hides-inactive": {
        "users.disabled-still-found": "failed",
        "users.re-enable": "failed",
        "corpus.28-a-disabled-user-is-still-found-by-its-matching-attribute": "failed",
    },
    "ignores-filter": {
        "discovery.service-provider-config": "warning",
        "users.filter-finds-only-matches": "failed",
        "users.manager-set": "failed",
        "corpus.01-test-connection-query-a-user-that-cannot-exist": "failed",
        "corpus.03-query-the-user-by-its-matching-attribute-before-it-exists": "failed",
        "corpus.08-query-the-user-by-username": "failed",
        "corpus.09-query-the-user-by-username-in-a-different-case": "failed",
        "corpus.10-query-the-user-by-work-email": "failed",
        "corpus.28-a-disabled-user-is-still-found-by-its-matching-attribute": "failed",
    },
    "no-id-on-create": {
        "users.create": "failed",
    },
    "patch-no-content": {},
    "plain-json": {
        "validator.content-type": "warning",
    },
    "rfc-literal-remove": {
        "groups.remove-member-value": "failed",
        "corpus.47-get-the-group-by-id-with-the-one-member-left": "failed",
    },
    "soft-deleting": {
        "users.delete": "failed",
        "corpus.35-get-the-deleted-user-by-id": "failed",
        "corpus.36-patch-the-deleted-user": "failed",
        "corpus.37-delete-the-deleted-user-again": "failed",
    },
    "username-filter-only": USERNAME_FILTER_ONLY,
}


def test_the_table_covers_every_preset():
    assert set(EXPECTED) == set(PROFILES) - {"entra-compatible", "strict-rfc"}


@pytest.mark.parametrize("preset", sorted(EXPECTED))
def test_a_preset_fails_exactly_its_checks(battery, preset):
    assert not_passed(battery(preset)) == EXPECTED[preset], PROFILES[preset].quirks
