"""The per-app state of mockscim, kept in ``app.extensions["mockscim"]``: store, authenticator and active profile."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app

from mockscim.auth import Authenticator
from mockscim.profiles import Profile
from mockscim.store import Store

__all__ = ["MockScim", "state"]


@dataclass
class MockScim:
    """Everything one mockscim app owns; the profile can be swapped at run time over /_control."""

    store: Store
    auth: Authenticator
    profile: Profile
    lock: threading.Lock = field(default_factory=threading.Lock)
    #: What the profile was made from, ``{"profile": name, "quirks": [...]}``: what the workers share.
    chosen: dict[str, Any] = field(default_factory=dict)

    def current_profile(self) -> Profile:
        """Return the active profile (the store reads it through this)."""
        return self.profile


def state(app: Flask | None = None) -> MockScim:
    """Return the mockscim state of ``app`` (default: the current app)."""
    return (app or current_app).extensions["mockscim"]
