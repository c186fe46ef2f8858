"""The SQLModel registry of mockidp: every mockidp table derives from ``IdpModel`` so its metadata is its own."""

from __future__ import annotations

from sqlalchemy.orm import registry
from sqlmodel import SQLModel

__all__ = ["IdpModel"]


class IdpModel(SQLModel, registry=registry()):
    """Base of mockidp's tables (directory and HR alike)."""
