"""The expectation language: plain values, subset mappings, positional lists, the $-operators and placeholders."""

from __future__ import annotations

import pytest

from harness.scenarios.match import OPERATORS, Unbound, dig, fill, match

CASES = [
    # (expected, actual, matches)
    ("Create", "Create", True),
    ("Create", "Update", False),
    ({"a": 1}, {"a": 1, "b": 2}, True),
    ({"a": 1}, {"b": 2}, False),
    ({"a": {"b": "x"}}, {"a": {"b": "x", "c": 1}}, True),
    ([1, 2], [1, 2], True),
    ([1, 2], [2, 1], False),
    ([{"m": "POST"}], [{"m": "POST"}, {"m": "PATCH"}], False),
    ({"a": "$absent"}, {}, True),
    ({"a": "$absent"}, {"a": []}, True),
    ({"a": "$absent"}, {"a": "x"}, False),
    ({"a": "$present"}, {"a": "x"}, True),
    ({"a": "$present"}, {"a": ""}, False),
    ({"$contains": "cred"}, "bad credentials", True),
    ({"$contains": ["a", "z"]}, "abc", False),
    ({"$contains": "userName"}, ["userName", "mail"], True),
    ({"$contains": "x"}, {"k": "has x"}, True),
    ({"$not": "Success"}, "Skipped", True),
    ({"$not": "Success"}, "Success", False),
    ({"$any": {"type": "mobile"}}, [{"type": "work"}, {"type": "mobile"}], True),
    ({"$any": {"type": "mobile"}}, [{"type": "work"}], False),
    ({"$all": {"method": "GET"}}, [{"method": "GET"}, {"method": "GET"}], True),
    ({"$all": {"method": "GET"}}, [{"method": "GET"}, {"method": "PATCH"}], False),
    ({"$all": {"method": "GET"}}, [], False),
    ({"$none": {"type": "mobile"}}, [{"type": "work"}], True),
    ({"$none": {"type": "mobile"}}, None, True),
    ({"$none": {"type": "mobile"}}, [{"type": "mobile"}], False),
    ({"$len": 2}, [1, 2], True),
    ({"$len": {"$gt": 2}}, [1, 2], False),
    ({"$gt": "2026-01-01"}, "2026-02-01", True),
    ({"$ge": 60}, 59.5, False),
    ({"$gt": 1}, None, False),
    ({"$where": [{"m": "POST"}, {"$len": 1}]}, [{"m": "GET"}, {"m": "POST"}], True),
    ({"$where": [{"m": "POST"}, []]}, [{"m": "POST"}], False),
    ({"$and": [{"$contains": "a"}, {"$contains": "b"}]}, "ab", True),
    ({"$and": [{"$contains": "a"}, {"$contains": "c"}]}, "ab", False),
]


@pytest.mark.parametrize(("expected", "actual", "matches"), CASES)
def test_an_expectation_matches_exactly_what_it_says(expected, actual, matches):
    assert (match(expected, actual) == []) is matches


def test_every_operator_has_a_case():
    used = {next(iter(e)) for e, _, _ in CASES if isinstance(e, dict) and str(next(iter(e))).startswith("$")}
    used |= {e for e, _, _ in CASES if isinstance(e, str) and e.startswith("$")}
    used |= {v for e, _, _ in CASES if isinstance(e, dict) for v in e.values() if isinstance(v, str)}
    assert set(OPERATORS) <= used


def test_a_mismatch_names_the_path_what_was_expected_and_what_came():
    problems = match({"writes": [{"body": {"userName": "ada"}}]}, {"writes": [{"body": {"userName": "bob"}}]})
    assert problems == ["writes[0].body.userName: expected 'ada', got 'bob'"]


def test_an_unknown_operator_is_a_mismatch_that_lists_the_known_ones():
    [problem] = match({"$near": 1}, 1)
    assert "unknown operator $near" in problem and "$contains" in problem


def test_placeholders_fill_keys_and_values_and_a_whole_placeholder_keeps_its_type():
    names = {"ada": {"upn": "ada@x", "on": True}, "ENT": "urn:e"}
    filled = fill(
        {"${ENT}": {"u": "${ada.upn}", "flag": "${ada.on}", "text": "is ${ada.on}"}}, lambda d: dig(names, d)
    )
    assert filled == {"urn:e": {"u": "ada@x", "flag": True, "text": "is True"}}


def test_a_placeholder_for_nothing_is_unbound():
    with pytest.raises(Unbound):
        fill("${ada.nope}", lambda d: dig({"ada": {}}, d))
