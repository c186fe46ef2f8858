"""Recorded exchanges: placeholders filled from saved answers, answers matched by subset, pointers, statuses."""

from __future__ import annotations

import pytest

from idcore.exchanges import Unbound, contains, fill, present, statuses


def test_placeholders_are_filled_from_the_saved_resources_everywhere_in_a_body():
    bound = {"user": {"id": "u1"}, "group": {"id": "g1"}}
    body = {"path": "/Groups/{group.id}", "value": [{"value": "{user.id}"}]}
    assert fill(body, bound) == {"path": "/Groups/g1", "value": [{"value": "u1"}]}


@pytest.mark.parametrize("text", ["/Users/{nobody.id}", "/Users/{user.missing}"])
def test_a_placeholder_for_nothing_saved_is_unbound_naming_it(text):
    with pytest.raises(Unbound) as raised:
        fill(text, {"user": {"id": "u1"}})
    assert str(raised.value) in text


@pytest.mark.parametrize(
    ("actual", "expected", "held"),
    [
        ({"a": 1, "b": 2}, {"a": 1}, True),
        ({"a": {"b": [1, 2]}}, {"a": {"b": [1, 2]}}, True),
        ({"a": [1, 2]}, {"a": [1]}, False),
        ({"a": 1}, {"c": 1}, False),
        ("x", "x", True),
    ],
)
def test_an_answer_contains_what_is_expected_by_subset(actual, expected, held):
    assert contains(actual, expected) is held


def test_a_json_pointer_names_something_or_nothing():
    body = {"Resources": [{"members": []}]}
    assert present(body, "/Resources/0/members") and not present(body, "/Resources/1")


def test_statuses_are_one_or_the_list_accepted():
    assert statuses({"status": 201}) == [201] and statuses({"status": [200, 204]}) == [200, 204]
