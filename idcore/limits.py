"""Limits on what a client may send, shared by every app, so hostile input is a 400 and never a 500.

Each limit has a default here and a setting of the same name in each app's config (``MOCKSCIM_JSON_MAX_DEPTH``,
``MOCKIDP_FILTER_MAX_CLAUSES``…); ``docs/reliability.md`` lists them with their errors:

=====================  ==========  ==========================================================================
setting                default     what it bounds
=====================  ==========  ==========================================================================
``MAX_BODY_BYTES``     1 MiB       a request body (413 before the app reads it; :mod:`idcore.bodies`)
``JSON_MAX_DEPTH``     64          nesting of ``[`` and ``{`` in a JSON body (400; :mod:`idcore.bodies`)
``FILTER_MAX_DEPTH``   32          nesting of ``(``, ``not`` and ``[`` in a SCIM, Graph or OData filter (400)
``FILTER_MAX_CLAUSES`` 200         comparisons in one filter (400)
``JOURNAL_SIZE``       1000        requests the journal keeps (:mod:`idcore.journal`)
``JOURNAL_BODY_BYTES`` 4096        bytes of each journaled body
=====================  ==========  ==========================================================================

Parsers in idcore run outside Flask too (the harness parses filters); without an app they use the defaults.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, has_app_context

__all__ = ["DEFAULTS", "FilterBudget", "setting"]

DEFAULTS: dict[str, int] = {
    "MAX_BODY_BYTES": 1_048_576,
    "JSON_MAX_DEPTH": 64,
    "FILTER_MAX_DEPTH": 32,
    "FILTER_MAX_CLAUSES": 200,
    "JOURNAL_SIZE": 1000,
    "JOURNAL_BODY_BYTES": 4096,
}


def setting(name: str) -> int:
    """Return the limit ``name`` of the current app, or its default outside an app."""
    if has_app_context():
        value = current_app.config.get(name)
        if value is not None:
            return int(value)
    return DEFAULTS[name]


class FilterBudget:
    """Count nesting and clauses while a recursive-descent parser runs; refuse a filter past either limit.

    ``fail(message)`` builds the parser's own error (SCIM invalidFilter, Graph 400, OData 400), so a filter
    that would exhaust Python's stack, or the database's expression depth, is refused before it is walked.
    """

    def __init__(
        self,
        fail: Callable[[str], Exception],
        max_depth: int | None = None,
        max_clauses: int | None = None,
    ) -> None:
        self.fail = fail
        self.max_depth = max_depth if max_depth is not None else setting("FILTER_MAX_DEPTH")
        self.max_clauses = max_clauses if max_clauses is not None else setting("FILTER_MAX_CLAUSES")
        self.depth = 0
        self.clauses = 0

    def enter(self) -> None:
        """Go one level deeper (a parenthesis, a ``not``, a value filter); raise past the depth limit."""
        self.depth += 1
        if self.depth > self.max_depth:
            raise self.fail(f"The filter nests deeper than {self.max_depth} levels")

    def leave(self) -> None:
        """Come back up one level."""
        self.depth -= 1

    def clause(self) -> None:
        """Count one comparison; raise past the clause limit."""
        self.clauses += 1
        if self.clauses > self.max_clauses:
            raise self.fail(f"The filter has more than {self.max_clauses} clauses")
