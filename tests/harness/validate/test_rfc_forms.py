"""Entra's documented non-RFC forms are recognised, and --judge rfc spares only an RFC-literal answer to them."""

from __future__ import annotations

import pytest

from harness.validate import Endpoint, validate
from harness.validate.rfc import non_rfc_form
from harness.world import World

PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
ENT = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


def body(*operations):
    return {"schemas": [PATCH], "Operations": list(operations)}


FORMS = [
    (body({"op": "Replace", "path": "active", "value": "False"}), 'active as the string "False"'),
    (body({"op": "Replace", "path": "active", "value": "True"}), 'active as the string "True"'),
    (body({"op": "replace", "value": {"name.givenName": "K"}}), "path-less replace with flat dotted"),
    (body({"op": "replace", "value": {f"{ENT}:employeeNumber": "7"}}), "path-less replace with flat dotted"),
    (body({"op": "Remove", "path": "members", "value": [{"value": "u1"}]}), "Remove with a value list"),
    (body({"op": "replace", "path": "active", "value": False}), None),
    (body({"op": "replace", "value": {"displayName": "x", ENT: {"department": "d"}}}), None),
    (body({"op": "remove", "path": 'members[value eq "u1"]'}), None),
    ({"userName": "not a patch"}, None),
]


@pytest.mark.parametrize(("patch", "words"), FORMS)
def test_each_documented_non_rfc_form_is_named_and_rfc_forms_are_not(patch, words):
    found = non_rfc_form(patch)
    assert found is None if words is None else words in (found or "")


@pytest.mark.parametrize(
    ("quirk", "judge", "status"),
    [
        ("rfc-member-removal", "rfc", "warning"),
        ("rfc-member-removal", "entra", "failed"),
        ("ignore-member-removal", "rfc", "failed"),
    ],
)
def test_judge_rfc_spares_the_rfc_literal_removal_but_not_a_removal_ignored(
    validator_world, quirk, judge, status
):
    validator_world.control("scim", "POST", "/reset")
    answer = validator_world.control(
        "scim", "POST", "/profile", json={"profile": "entra-compatible", "quirks": [quirk]}
    )
    assert answer.status_code == 200, answer.text
    report = validate(
        Endpoint(World.SCIM_URL, token=World.SCIM_TOKEN), tags=["groups"], world=validator_world, judge=judge
    )
    [result] = [r for r in report.results if r.check.id == "groups.remove-member-value"]
    assert result.status == status, result.detail
