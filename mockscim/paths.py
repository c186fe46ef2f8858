"""Case-insensitive resource paths as WSGI middleware: ``/scim/v2/users`` reaches ``/scim/v2/Users``.

Microsoft's own Postman collection for SCIM endpoints sends ``/users`` and ``/groups``, and scim2-server matches
endpoints in any case; RFC 7644 names them ``/Users``, ``/Groups``… and says nothing of case, and RFC 3986 §6.2.2.1
makes paths case-sensitive. So the profile decides (``case_insensitive_paths``: on in entra-compatible, off in
strict-rfc). The literal segments of the SCIM routes are read from the URL map once; a request segment equal to one
of them in another case, at the same position, is rewritten to the route's spelling before Flask routes it.
Variable segments (resource ids, schema URNs) are never touched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask

from mockscim.state import state

__all__ = ["CaseInsensitivePaths"]

PREFIX = "/scim/v2"


class CaseInsensitivePaths:
    """Rewrite ``PATH_INFO`` to the routes' spelling when the active profile matches paths case-insensitively."""

    def __init__(self, wsgi_app: Callable[..., Any], app: Flask) -> None:
        self.wsgi_app = wsgi_app
        self.app = app
        self.literals = _literal_segments(app)

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO") or ""
        if (
            path.lower().startswith(PREFIX.lower())
            and state(self.app).current_profile().case_insensitive_paths
        ):
            environ["PATH_INFO"] = self.canonical(path)
        return self.wsgi_app(environ, start_response)

    def canonical(self, path: str) -> str:
        """Return ``path`` with every literal segment spelled as its route spells it."""
        parts = path.split("/")
        for index, part in enumerate(parts):
            known = self.literals.get((index, part.lower()))
            if known is not None:
                parts[index] = known
        return "/".join(parts)


def _literal_segments(app: Flask) -> dict[tuple[int, str], str]:
    """Map (position, lower-case segment) to the spelling of every literal segment of the SCIM routes."""
    literals: dict[tuple[int, str], str] = {}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(PREFIX):
            continue
        for index, part in enumerate(rule.rule.split("/")):
            if part and "<" not in part:
                literals[(index, part.lower())] = part
    return literals
