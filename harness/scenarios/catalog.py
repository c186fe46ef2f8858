"""Read the scenario catalog (``fixtures/scenarios/catalog.yaml``, docs/scenarios.md): entries checked before any run.

A scenario is data: a name, its scenarios.md text (``setup``/``run``/``expected``, prose), the world it needs
(``world``: seed, users, replication delay; ``target``: mockscim quirks and config; ``job``: overrides of the default
job) and ``steps`` — directory changes, clock moves, target changes, and on-demand runs with what each must give
(``expect``). A mistake in the file is a ``CatalogError`` naming the entry and the key, before anything is sent.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from harness.errors import UserError

__all__ = ["CATALOG", "FACTS", "STEP_KINDS", "CatalogError", "Scenario", "load_catalog", "pick"]

_IN_TREE = Path(__file__).resolve().parents[2] / "fixtures" / "scenarios" / "catalog.yaml"
#: the catalog: in the source tree, or (an installed wheel) beside this module
CATALOG = _IN_TREE if _IN_TREE.exists() else Path(__file__).with_name("catalog.yaml")

#: a step's kind is its one key among these (its other keys are its options)
STEP_KINDS: dict[str, frozenset[str]] = {
    "user": frozenset({"props", "manager"}),
    "update": frozenset({"props"}),
    "delete": frozenset(),
    "group": frozenset({"members"}),
    "assign": frozenset({"replicate"}),
    "unassign": frozenset({"replicate"}),
    "wait": frozenset(),
    "target_user": frozenset(),
    "fault": frozenset(),
    "provision": frozenset({"job", "expect", "as"}),
}
#: what an ``expect`` can name: the facts of one on-demand run (docs/scenarios.md)
FACTS = frozenset(
    {
        "result",
        "action",
        "refused",
        "steps",
        "details",
        "descriptions",
        "error",
        "modified",
        "requests",
        "writes",
        "filters",
        "members_added",
        "source_requests",
        "target_users",
        "graph",
        "clock_moved",
    }
)
ENTRY_KEYS = frozenset(
    {
        "name",
        "number",
        "title",
        "setup",
        "run",
        "expected",
        "world",
        "target",
        "job",
        "steps",
        "tests",
        "tags",
    }
)
WORLD_KEYS = frozenset({"seed", "users", "replication_delay", "target_tenant"})
#: ``world: {target_tenant: {...}}`` — a cross-tenant target tenant with these partner-policy settings
#: (``harness.world.add_target_tenant``); ``true`` takes the defaults (sync allowed, automatic redemption on).
TARGET_TENANT_KEYS = frozenset({"inbound_sync", "inbound_auto_redeem", "outbound_auto_redeem"})
TARGET_KEYS = frozenset({"quirks", "config"})


class CatalogError(UserError):
    """The catalog file is not what the format says: the entry, the key and what is wrong."""


@dataclass(frozen=True)
class Scenario:
    """One catalog entry."""

    name: str
    title: str
    steps: tuple[Mapping[str, Any], ...]
    number: int | None = None
    setup: str = ""
    run: str = ""
    expected: str = ""
    world: Mapping[str, Any] = field(default_factory=dict)
    target: Mapping[str, Any] = field(default_factory=dict)
    job: Mapping[str, Any] = field(default_factory=dict)
    tests: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """Return ``#N name`` (or the name alone for a row that is not in scenarios.md)."""
        return f"#{self.number} {self.name}" if self.number is not None else self.name

    def needs_mockscim(self) -> str | None:
        """Return why this scenario cannot run against a vendor's endpoint (None when it can)."""
        if self.target.get("quirks"):
            return f"needs mockscim with {', '.join(self.target['quirks'])}"
        if self.target.get("config"):
            return f"needs mockscim configured with {', '.join(sorted(self.target['config']))}"
        if any("fault" in step for step in self.steps):
            return "needs mockscim's fault injection (/_control/faults)"
        target_type = (self.job.get("target") or {}).get("type", "scim")
        if target_type != "scim":
            return f"writes to a {target_type} target, not a SCIM endpoint"
        return None


def load_catalog(path: Path | None = None) -> list[Scenario]:
    """Read and check the catalog at ``path`` (the shipped one by default)."""
    path = path or CATALOG
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise CatalogError(f"cannot read the scenario catalog {path}: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise CatalogError(f"{path}: not YAML: {str(exc).splitlines()[0]}") from None
    if not isinstance(data, Mapping) or not isinstance(data.get("scenarios"), list):
        raise CatalogError(f"{path}: expected a mapping with a 'scenarios' list")
    scenarios = [_entry(path, i, raw) for i, raw in enumerate(data["scenarios"], start=1)]
    seen: set[str] = set()
    for scenario in scenarios:
        if scenario.name in seen:
            raise CatalogError(f"{path}: scenario name {scenario.name!r} is used twice")
        seen.add(scenario.name)
    return scenarios


def pick(scenarios: Sequence[Scenario], names: Sequence[str]) -> list[Scenario]:
    """Return the scenarios named (by name or number), in catalog order; all of them when ``names`` is empty."""
    if not names:
        return list(scenarios)
    known = {s.name: s for s in scenarios} | {str(s.number): s for s in scenarios if s.number is not None}
    unknown = [n for n in names if n not in known]
    if unknown:
        raise CatalogError(
            f"unknown scenario {', '.join(unknown)}; `scimulator scenarios list` shows the names"
        )
    wanted = {known[n].name for n in names}
    return [s for s in scenarios if s.name in wanted]


def _entry(path: Path, index: int, raw: Any) -> Scenario:
    where = f"{path} scenario {index}"
    if not isinstance(raw, Mapping):
        raise CatalogError(f"{where}: expected a mapping")
    if isinstance(raw.get("name"), str):
        where = f"{path} scenario {raw['name']!r}"
    for key in ("name", "title"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise CatalogError(f"{where}: '{key}' must be a non-empty string")
    _known(where, raw, ENTRY_KEYS)
    _known(f"{where} world", raw.get("world") or {}, WORLD_KEYS)
    tenant = (raw.get("world") or {}).get("target_tenant")
    if isinstance(tenant, Mapping):
        _known(f"{where} world target_tenant", tenant, TARGET_TENANT_KEYS)
    elif tenant not in (None, True):
        raise CatalogError(
            f"{where} world target_tenant: true, or a mapping of {', '.join(sorted(TARGET_TENANT_KEYS))}"
        )
    _known(f"{where} target", raw.get("target") or {}, TARGET_KEYS)
    steps = raw.get("steps")
    if not isinstance(steps, list) or not steps:
        raise CatalogError(f"{where}: 'steps' must be a non-empty list")
    checked = tuple(_step(f"{where} step {n}", step) for n, step in enumerate(steps, start=1))
    if not any("expect" in step for step in checked):
        raise CatalogError(f"{where}: no step has an 'expect': the scenario would prove nothing")
    return Scenario(
        name=raw["name"],
        title=raw["title"],
        steps=checked,
        number=raw.get("number"),
        setup=str(raw.get("setup", "")),
        run=str(raw.get("run", "")),
        expected=str(raw.get("expected", "")),
        world=dict(raw.get("world") or {}),
        target=dict(raw.get("target") or {}),
        job=dict(raw.get("job") or {}),
        tests=tuple(raw.get("tests") or ()),
        tags=tuple(raw.get("tags") or ()),
    )


def _step(where: str, raw: Any) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise CatalogError(f"{where}: expected a mapping such as {{user: ada}}")
    kinds = [key for key in raw if key in STEP_KINDS]
    if len(kinds) != 1:
        raise CatalogError(
            f"{where}: name exactly one of {', '.join(STEP_KINDS)} (got {', '.join(map(str, raw))})"
        )
    _known(where, raw, STEP_KINDS[kinds[0]] | {kinds[0]})
    expect = raw.get("expect")
    if expect is not None:
        if not isinstance(expect, Mapping):
            raise CatalogError(f"{where}: 'expect' must be a mapping of facts")
        _known(f"{where} expect", expect, FACTS)
    return raw


def _known(where: str, raw: Any, allowed: frozenset[str]) -> None:
    if not isinstance(raw, Mapping):
        raise CatalogError(f"{where}: expected a mapping")
    unknown = sorted(str(k) for k in raw if k not in allowed)
    if unknown:
        raise CatalogError(f"{where}: unknown key {', '.join(unknown)} (known: {', '.join(sorted(allowed))})")
