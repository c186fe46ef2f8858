"""The function library, by family; `FUNCTIONS` maps each name to its spec."""

from __future__ import annotations

from . import dates, diacritics, generated, logic, multivalued, replace, strings
from .base import FunctionSpec, Invocation

_FAMILIES = (logic, strings, replace, multivalued, dates, diacritics, generated)

FUNCTIONS: dict[str, FunctionSpec] = {s.name: s for family in _FAMILIES for s in family.SPECS}

__all__ = ["FUNCTIONS", "FunctionSpec", "Invocation"]
