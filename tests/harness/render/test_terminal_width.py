"""The terminal report reads at 80 columns and uses the width when there is more (#9 item 8)."""

from __future__ import annotations

import pytest

from harness.render.terminal import readable_url, to_terminal
from tests.harness.render import samples


@pytest.mark.parametrize("width", [80, 160])
def test_modified_property_names_are_never_split(width):
    text = to_terminal(samples.created(), width=width)
    table = text.split("Modified properties", 1)[1]
    names = [p.name for p in samples.created().modified_properties]
    assert all(any(line.strip().startswith(name) for line in table.splitlines()) for name in names)
    assert max(len(line) for line in text.splitlines()) <= width


def test_a_create_has_no_old_value_column():
    text = to_terminal(samples.created(), width=80)
    assert "Old value" not in text.split("Modified properties", 1)[1]


def test_requests_show_decoded_urls():
    assert readable_url("http://x/scim/v2/Users?filter=userName+eq+%22a%40b%22") == (
        'http://x/scim/v2/Users?filter=userName eq "a@b"'
    )
    text = to_terminal(samples.created(), verbose=True, width=160)
    assert 'filter=userName eq "x"' in text


@pytest.mark.parametrize("width", [80, 160])
def test_verbose_action_details_do_not_repeat_the_modified_properties(width):
    text = to_terminal(samples.created(), verbose=True, width=width)
    action = text.split("4. Perform action", 1)[1].split("Modified properties", 1)[0]
    assert "View details" not in action  # every action detail is a modified property, listed once below
    assert "Adele Vance" in text.split("Modified properties", 1)[1]
