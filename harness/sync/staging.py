"""The accidental-deletions threshold (entra-behavior.md §5.3; Microsoft Learn "Enable accidental deletions
prevention").

With ``deletion_threshold`` set, every disable and delete of a cycle is held (``StagedDelete``) until the cycle
has seen them all. Within the threshold they are then sent; over it none is sent, each is logged as
``StagedDelete`` and the job is quarantined with ``TooManyDeletes``. The admin either allows them (restart with
``ForceDeletes``: the next cycle sends the held ones) or fixes the cause and restarts (the held ones are dropped).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from harness.pipeline import OnDemandRequest
from harness.pipeline.context import RunContext, make_step
from harness.pipeline.report import finish, start_result
from harness.result import ProvisioningResult
from harness.sync.objects import sync_group, sync_user_by_id

if TYPE_CHECKING:
    from harness.sync.sink import CycleRun

__all__ = ["run_staged", "send_held"]


def run_staged(run: CycleRun) -> None:
    """At the end of a cycle: send the held disables and deletes, or stage them all over the threshold."""
    if not run.staging:
        return
    run.flush()
    held = run.state.count_pending(run.key, "staged")
    threshold = run.engine.settings.deletion_threshold
    if held <= threshold:
        send_held(run)
        return
    run.too_many_deletes = held
    for rows in run.state.pending(run.key, "staged"):
        for row in rows:
            run.log_only(
                _staged_result(run.context(row.object_type), row.source_id, row.data.get("target"), held)
            )


def send_held(run: CycleRun) -> None:
    """Run every held object again with nothing held, then forget them."""
    staging, run.staging = run.staging, False
    try:
        for rows in run.state.pending(run.key, "staged"):
            for row in rows:
                if row.object_type == "Group":  # only a group deleted for good is ever held
                    removed = {"id": row.source_id, "@removed": {"reason": "deleted"}}
                    run.done(sync_group(run.context("Group"), removed, None).result)
                else:
                    run.done(sync_user_by_id(run.context("User"), row.source_id))
    finally:
        run.staging = staging
    run.state.clear_pending(run.key, "staged")


def _staged_result(ctx: RunContext, source_id: str, target_id: object, held: int) -> ProvisioningResult:
    ctx.request = OnDemandRequest(user=source_id)
    result = start_result(ctx)
    result.subject.update({"id": source_id, "identifier": source_id})
    result.target["id"] = target_id
    threshold = ctx.settings.deletion_threshold
    description = (
        f"The disable or delete of {ctx.object_type} '{source_id}' is staged: this cycle would disable or delete "
        f"{held} objects, more than the accidental deletions threshold ({threshold}). Allow the deletes (restart "
        "with ForceDeletes) or fix the cause and restart."
    )
    step = make_step(
        ctx, "action", "Skipped", description, {"SkipReason": "StagedDelete", "Threshold": threshold}
    )
    return finish(ctx, result, [step], "Skipped", "StagedDelete")
