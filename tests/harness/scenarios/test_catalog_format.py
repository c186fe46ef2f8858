"""The catalog reader: the shipped catalog loads; a mistake in an entry is one line naming the entry and the key."""

from __future__ import annotations

import pytest

from harness.scenarios import CatalogError, load_catalog, pick

GOOD = """
scenarios:
- name: one
  title: One
  steps:
  - user: ada
  - provision: {user: ada}
    expect: {action: Create}
"""


def write(tmp_path, text):
    path = tmp_path / "catalog.yaml"
    path.write_text(text)
    return path


def test_the_shipped_catalog_loads_with_unique_names():
    catalog = load_catalog()
    assert len({s.name for s in catalog}) == len(catalog) >= 30


def test_a_small_catalog_loads(tmp_path):
    [scenario] = load_catalog(write(tmp_path, GOOD))
    assert (scenario.name, scenario.label, len(scenario.steps)) == ("one", "one", 2)


BAD = {
    "an unknown step kind": (GOOD.replace("- user: ada", "- person: ada"), "name exactly one of"),
    "two kinds in a step": (GOOD.replace("- user: ada", "- {user: ada, assign: ada}"), "name exactly one of"),
    "an unknown step option": (
        GOOD.replace("- user: ada", "- {user: ada, colour: red}"),
        "unknown key colour",
    ),
    "an unknown fact": (GOOD.replace("{action: Create}", "{actoin: Create}"), "unknown key actoin"),
    "no expectation": (GOOD.replace("\n    expect: {action: Create}", ""), "would prove nothing"),
    "no title": (GOOD.replace("  title: One\n", ""), "'title' must be a non-empty string"),
    "an unknown entry key": (
        GOOD.replace("  title: One\n", "  title: One\n  profile: x\n"),
        "unknown key profile",
    ),
    "a repeated name": (GOOD + GOOD.split("scenarios:")[1], "used twice"),
    "not YAML": ("scenarios: [", "not YAML"),
    "no scenarios list": ("steps: []", "'scenarios' list"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_a_catalog_mistake_is_a_catalog_error_naming_it(tmp_path, case):
    text, words = BAD[case]
    with pytest.raises(CatalogError, match=words):
        load_catalog(write(tmp_path, text))


def test_a_missing_file_is_a_catalog_error(tmp_path):
    with pytest.raises(CatalogError, match="cannot read"):
        load_catalog(tmp_path / "nope.yaml")


def test_pick_takes_names_and_numbers_in_catalog_order_and_refuses_unknown_ones():
    catalog = load_catalog()
    assert [s.number for s in pick(catalog, ["3", "redundant-export"])] == [2, 3]
    with pytest.raises(CatalogError, match="unknown scenario nope"):
        pick(catalog, ["nope"])


@pytest.mark.parametrize(
    ("number", "why"),
    [(8, "needs mockscim with hide-inactive"), (13, "configured with"), (28, "fault injection"), (1, None)],
)
def test_what_only_mockscim_can_stage_is_named(number, why):
    [scenario] = pick(load_catalog(), [str(number)])
    needs = scenario.needs_mockscim()
    assert needs is None if why is None else why in (needs or "")
