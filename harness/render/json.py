"""The ``--json`` output: the result model of design.md, and ``{"runs": [...]}`` for several runs (demo)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from harness.result import ProvisioningResult

__all__ = ["dumps", "to_json", "to_json_runs"]


def dumps(data: Any) -> str:
    """Serialize JSON-ready data the one way every output uses: indented, UTF-8 kept, key order kept."""
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


def to_json(result: ProvisioningResult) -> str:
    """Return one run as the design.md result model."""
    return dumps(result.to_dict())


def to_json_runs(results: Sequence[ProvisioningResult]) -> str:
    """Return several runs as ``{"runs": [<result>, ...]}``."""
    return dumps({"runs": [r.to_dict() for r in results]})
