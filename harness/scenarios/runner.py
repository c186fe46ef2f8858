"""Play catalog scenarios: build the world each needs, run its steps, judge each on-demand run against ``expect``.

``run_scenarios(load_catalog(), TargetSpec(profile="strict-rfc"))`` builds, per scenario, a seeded mockidp tenant and
mockscim with the profile and the scenario's quirks (in process, or over sockets with ``live``);
``TargetSpec(url=…, token=…)`` aims the same runs at a vendor's endpoint (the source stays an in-process mockidp, as
``scimulator validate --url`` does), skips what only mockscim can stage, prefixes every name and cleans up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from harness.errors import ScimulatorError
from harness.pipeline import OnDemandRefused
from harness.scenarios.catalog import Scenario
from harness.scenarios.facts import Facts, summary
from harness.scenarios.match import Unbound, match
from harness.scenarios.stage import SETUP_STEPS, Stage, TargetSpec
from harness.world import add_target_tenant, build_world

__all__ = ["RunOutcome", "ScenarioOutcome", "run_scenario", "run_scenarios"]

Status = Literal["passed", "failed", "skipped"]
DEFAULT_WORLD = {"seed": 11, "users": 5, "replication_delay": 180}


@dataclass
class RunOutcome:
    """One on-demand run of a scenario: what was asked, what happened, what did not match."""

    step: int
    asked: str
    happened: str
    expected: Mapping[str, Any]
    problems: list[str]
    requests: list[Any] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the run in the ``--json`` shape."""
        return {
            "step": self.step,
            "asked": self.asked,
            "happened": self.happened,
            "expected": self.expected,
            "problems": self.problems,
        }


@dataclass
class ScenarioOutcome:
    """What one scenario gave: passed, failed (with why) or skipped (with why)."""

    scenario: Scenario
    status: Status
    detail: str = ""
    runs: list[RunOutcome] = field(default_factory=list)
    cleanup_problems: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the scenario's outcome in the ``--json`` shape."""
        s = self.scenario
        return {
            "name": s.name,
            "number": s.number,
            "title": s.title,
            "expected": s.expected,
            "status": self.status,
            "detail": self.detail,
            "runs": [run.to_dict() for run in self.runs],
            "cleanupProblems": self.cleanup_problems,
        }


def run_scenarios(
    scenarios: Sequence[Scenario],
    spec: TargetSpec,
    *,
    prefix: str = "",
    progress: Callable[[ScenarioOutcome], None] | None = None,
) -> list[ScenarioOutcome]:
    """Run each scenario against the target and return the outcomes, in order."""
    outcomes = []
    for scenario in scenarios:
        outcome = run_scenario(scenario, spec, prefix=prefix)
        outcomes.append(outcome)
        if progress is not None:
            progress(outcome)
    return outcomes


def run_scenario(scenario: Scenario, spec: TargetSpec, *, prefix: str = "") -> ScenarioOutcome:
    """Build the scenario's world, play its steps and return the outcome (the world is closed afterwards)."""
    if spec.url and (why := scenario.needs_mockscim()):
        return ScenarioOutcome(scenario, "skipped", why)
    options = {**DEFAULT_WORLD, **scenario.world}
    world = build_world(
        seed=options["seed"],
        users=options["users"],
        replication_delay=options["replication_delay"],
        profile=spec.profile,
        quirks=scenario.target.get("quirks") or (),
        scim_config=scenario.target.get("config"),
        live=spec.live and not spec.url,
    )
    tenant = options.get("target_tenant")
    if tenant:  # cross-tenant synchronization: the target tenant and both tenants' partner policies
        add_target_tenant(world, users=0, **(tenant if isinstance(tenant, Mapping) else {}))
    stage = Stage(world, spec, prefix if spec.url else "", scenario.job)
    outcome = ScenarioOutcome(scenario, "passed")
    results: list[Any] = []
    try:
        _play(scenario, stage, outcome, results)
    finally:
        if spec.url:
            stage.remember(results)
            outcome.cleanup_problems = stage.cleanup()
        world.close()
    failed = [run for run in outcome.runs if run.problems]
    if failed and outcome.status == "passed":
        outcome.status = "failed"
        outcome.detail = f"{len(failed)} of {len(outcome.runs)} runs did not give what the catalog expects"
    return outcome


def _play(scenario: Scenario, stage: Stage, outcome: ScenarioOutcome, results: list[Any]) -> None:
    for number, step in enumerate(scenario.steps, start=1):
        kind = next(key for key in step if key in SETUP_STEPS or key == "provision")
        try:
            if kind == "provision":
                run, result = _provision(stage, step, number)
                outcome.runs.append(run)
                if result is not None:
                    results.append(result)
            else:
                SETUP_STEPS[kind](stage, step)
        except KeyError as exc:
            outcome.status, outcome.detail = "failed", f"step {number} ({kind}): no object named {exc}"
            return
        except (Unbound, RuntimeError, ScimulatorError) as exc:
            outcome.status, outcome.detail = "failed", f"step {number} ({kind}): {exc}"
            return


def _provision(stage: Stage, step: Mapping[str, Any], number: int) -> tuple[RunOutcome, Any]:
    job = stage.job(step.get("job"))
    request = stage.request(step)
    before = stage.world.clock.now()
    result, refused = None, None
    try:
        result = stage.world.provision(job, **request)
    except OnDemandRefused as exc:
        refused = str(exc)
    facts = Facts(
        result,
        refused,
        target_url=stage.target_url,
        clock_moved=(stage.world.clock.now() - before).total_seconds(),
        count_users=stage.count_users,
    )
    if step.get("as"):
        stage.runs[str(step["as"])] = facts
    expected = stage.fill(step.get("expect") or {})
    asked = " ".join(
        f"--{key.replace('_', '-').rstrip('s')} {value}"
        for key, values in (step["provision"] or {}).items()
        for value in (values if isinstance(values, list) else [values])
    )
    run = RunOutcome(
        step=number,
        asked=f"provision {asked}".strip(),
        happened=summary(facts),
        expected=expected,
        problems=match(expected, facts),
        requests=list(result.requests) if result is not None else [],
    )
    return run, result
