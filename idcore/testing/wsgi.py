"""A requests transport adapter that calls a WSGI app in process, without sockets.

Clients take a ``requests.Session``; mounting this adapter on a base URL makes every request to it a direct call
into the Flask app, so tests and ``scimulator demo`` exercise the real apps and the real client code with no
server to start. A fault that drops the connection surfaces as ``requests.ConnectionError`` (dropped before the
request was handled) or ``requests.ReadTimeout`` (handled, then never answered) — what a real client would see.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import BaseAdapter, HTTPAdapter
from urllib3 import HTTPHeaderDict, HTTPResponse
from werkzeug.test import EnvironBuilder, run_wsgi_app

from idcore.faults import DroppedConnection

__all__ = ["WSGIAdapter", "mount"]

WSGIApp = Callable[..., Any]


class WSGIAdapter(BaseAdapter):
    """Send each prepared request straight into a WSGI app."""

    def __init__(self, app: WSGIApp) -> None:
        super().__init__()
        self.app = app
        self._builder = HTTPAdapter()

    def send(
        self,
        request: requests.PreparedRequest,
        stream: bool = False,
        timeout: Any = None,
        verify: Any = True,
        cert: Any = None,
        proxies: Mapping[str, str] | None = None,
    ) -> requests.Response:
        """Run the app on ``request`` and return its response."""
        parts = urlsplit(request.url or "")
        body = request.body
        if isinstance(body, str):
            body = body.encode("utf-8")
        environ = EnvironBuilder(
            path=parts.path or "/",
            base_url=f"{parts.scheme}://{parts.netloc}",
            query_string=parts.query,
            method=request.method or "GET",
            headers=list(request.headers.items()),
            data=body or b"",
        ).get_environ()
        try:
            app_iter, status, headers = run_wsgi_app(self.app, environ, buffered=True)
        except DroppedConnection as drop:
            error = requests.ReadTimeout if drop.after else requests.ConnectionError
            raise error(str(drop), request=request) from drop
        raw = HTTPResponse(
            body=io.BytesIO(b"".join(app_iter)),
            headers=HTTPHeaderDict(list(headers.items())),
            status=int(status.split(" ", 1)[0]),
            reason=status.split(" ", 1)[1] if " " in status else "",
            preload_content=False,
            decode_content=False,
        )
        return self._builder.build_response(request, raw)

    def close(self) -> None:
        """Nothing to release."""


def mount(session: requests.Session, base_url: str, app: WSGIApp) -> requests.Session:
    """Route every request under ``base_url`` on ``session`` into ``app``; return the session."""
    session.mount(base_url.rstrip("/") + "/", WSGIAdapter(app))
    return session
