"""The evaluation context: the tenant facts, time and randomness an expression may read, and the settings."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class EvalSettings:
    """Behaviours that the documentation leaves open or that reproduce a documented gotcha."""

    # Graph property names are case-insensitive, so `[Mail]` finds `mail`; an exact match wins. Directory extension
    # names (`extension_<appId>_attr`) stay case-sensitive (S9 "Directory extension names are case-sensitive").
    attribute_lookup_case_insensitive: bool = True
    # S28 example: Join(", ", "", [surname], [givenName]) gives "Doe, John" — empty parts are skipped (UNSURE).
    join_skip_empty: bool = True
    # S28 Switch caution: when another mapped attribute changed but the Switch's source did not, the Switch "is
    # evaluated as null". Only applies when `evaluate` is given `changed_attributes` (incremental updates).
    switch_null_gotcha: bool = True
    # S28 IIF known limitation: "If the source attribute used within the IIF function is empty or null, the
    # condition check fails." True raises an ExpressionEvaluationError; False treats the condition as false.
    iif_null_condition_fails: bool = True
    # S28 SelectUniqueValue is only supported for Workday/SuccessFactors/API-driven → on-premises AD.
    allow_select_unique_value: bool = False
    # S28 Split example shows "PermissionSetOne, PermissionSetTwo" split on "," as two values without the space.
    split_trim_values: bool = True


def _unset_now() -> datetime:
    raise RuntimeError("EvalContext.now was not provided")


@dataclass(frozen=True)
class EvalContext:
    """What an evaluation may read besides the source object: clock, randomness, tenant facts, settings.

    `now` returns a timezone-aware UTC datetime (pass `clock.now` of an idcore Clock). `random` is the seeded
    source of Guid() and RandomString(). `is_value_taken` answers SelectUniqueValue's "does the target already hold
    this value?".
    """

    now: Callable[[], datetime] = _unset_now
    random: random.Random = field(default_factory=lambda: random.Random(0))
    default_domain: str = ""
    is_value_taken: Callable[[str], bool] | None = None
    settings: EvalSettings = field(default_factory=EvalSettings)
