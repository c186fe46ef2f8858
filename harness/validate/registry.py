"""Declare checks next to their functions: ``@check(id, title, tags, …)`` appends to the module's list."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from harness.validate.model import DIALECTS, Check

__all__ = ["Registry"]


class Registry:
    """An ordered list of checks, filled by decorating their functions."""

    def __init__(self) -> None:
        self.checks: list[Check] = []

    def __call__(
        self,
        id: str,
        title: str,
        tags: tuple[str, ...],
        *,
        behaviour: str,
        source: str,
        consequence: str,
        dialects: tuple[str, ...] = DIALECTS,
    ) -> Callable[[Callable[[Any], str | None]], Callable[[Any], str | None]]:
        """Register the decorated function as the check ``id``."""

        def register(function: Callable[[Any], str | None]) -> Callable[[Any], str | None]:
            self.checks.append(Check(id, title, tags, behaviour, source, consequence, function, dialects))
            return function

        return register
