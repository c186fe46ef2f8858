"""Full provisioning cycles: the initial cycle, incremental cycles from Graph delta, escrow, quarantine (#13).

``SyncEngine`` runs a job's cycles through the on-demand pipeline's per-object steps (``harness.pipeline``);
``run_cycles`` is the one-call form. See docs/sync.md.
"""

from __future__ import annotations

from harness.sync.engine import RESET_SCOPES, SyncEngine, run_cycles
from harness.sync.report import CycleReport, ProgressEvent
from harness.sync.state import SyncStore

__all__ = ["RESET_SCOPES", "CycleReport", "ProgressEvent", "SyncEngine", "SyncStore", "run_cycles"]
