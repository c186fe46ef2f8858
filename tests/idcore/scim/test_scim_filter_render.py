"""Renderer tests: canonical text and round trips."""

import pytest

from idcore.scim.filter import (
    AttrPath,
    Compare,
    CompareOp,
    parse_filter,
    parse_path,
    render_filter,
    render_path,
)

CANONICAL = [
    ('userName EQ "x"', 'userName eq "x"'),
    ("title PR", "title pr"),
    ("a pr or b pr and c pr", "a pr or b pr and c pr"),
    ("(a pr or b pr) and c pr", "(a pr or b pr) and c pr"),
    ("not(a pr)", "not (a pr)"),
    ("((a pr)) and (b pr)", "a pr and b pr"),
    ('x eq "a\\"b"', 'x eq "a\\"b"'),
    ("x eq 1", "x eq 1"),
    ("x eq True", "x eq true"),
    ("x eq null", "x eq null"),
    ('emails[type eq "work" and value co "@x"]', 'emails[type eq "work" and value co "@x"]'),
    ('emails[type eq "work"].value eq "a@b"', 'emails[type eq "work"].value eq "a@b"'),
    (
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "7"',
        'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "7"',
    ),
]


@pytest.mark.parametrize(("text", "expected"), CANONICAL, ids=[t for t, _ in CANONICAL])
def test_render_is_canonical(text, expected):
    assert render_filter(parse_filter(text)) == expected


@pytest.mark.parametrize(("text", "_"), CANONICAL, ids=[t for t, _ in CANONICAL])
def test_render_round_trips(text, _):
    tree = parse_filter(text)
    assert parse_filter(render_filter(tree)) == tree


def test_render_built_tree_for_harness():
    assert render_filter(Compare(AttrPath("userName"), CompareOp.EQ, "x")) == 'userName eq "x"'


@pytest.mark.parametrize("text", ["name.givenName", 'emails[type eq "work"].value', 'members[value eq "1"]'])
def test_render_path_round_trips(text):
    assert render_path(parse_path(text)) == text
