"""The runner judges: a broken expectation fails the scenario with what differed; a broken setup says which step."""

from __future__ import annotations

import dataclasses

from harness.scenarios import TargetSpec, load_catalog, pick, run_scenario
from harness.scenarios.report import to_diff, to_terminal


def scenario(number: int):
    [found] = pick(load_catalog(), [str(number)])
    return found


def with_expect(found, step: int, expect: dict):
    steps = list(found.steps)
    steps[step - 1] = {**steps[step - 1], "expect": expect}
    return dataclasses.replace(found, steps=tuple(steps))


def test_a_broken_expectation_fails_the_scenario_saying_what_was_expected_and_what_happened():
    broken = with_expect(scenario(3), 5, {"action": "Create", "writes": []})
    outcome = run_scenario(broken, TargetSpec())
    assert outcome.status == "failed"
    [_, run] = outcome.runs
    assert run.problems[0] == "action: expected 'Create', got 'Update'"
    assert run.problems[1].startswith("writes: expected 0 items, got 1: [{'method': 'PATCH'")
    assert "Success Update · PATCH 200" in to_terminal([outcome], "here")


def test_a_step_naming_an_unknown_object_fails_the_scenario_at_that_step():
    found = scenario(2)
    broken = dataclasses.replace(found, steps=({"assign": "nobody"}, *found.steps))
    outcome = run_scenario(broken, TargetSpec())
    assert (outcome.status, outcome.detail) == ("failed", "step 1 (assign): no object named 'nobody'")


def test_a_vendor_endpoint_skips_what_only_mockscim_can_stage():
    outcome = run_scenario(scenario(28), TargetSpec(url="http://127.0.0.1:9/scim/v2", token="t"))
    assert (outcome.status, outcome.detail) == (
        "skipped",
        "needs mockscim's fault injection (/_control/faults)",
    )


def test_diff_shows_the_run_that_differs_between_profiles():
    chosen = [scenario(6)]
    left = [run_scenario(s, TargetSpec(profile="entra-compatible")) for s in chosen]
    right = [run_scenario(s, TargetSpec(profile="strict-rfc")) for s in chosen]
    text, differing = to_diff(left, right, ("entra-compatible", "strict-rfc"))
    assert differing == 1
    assert "A: Success Disable · PATCH 200" in text and "B: Failure Disable at action" in text
