"""Cross-tenant synchronization for ``up`` and ``demo --cts``: the second tenant, its policies and the job.

``up`` serves the source ``contoso`` and, from a second mockidp on a free port, the target ``fabrikam`` (Microsoft
Learn "Configure cross-tenant synchronization", steps 2–4: the target allows user sync in and both tenants redeem
invitations automatically), and writes ``up-cts.yaml``. Not a command of its own: ``up`` and ``demo`` call it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import requests

from harness.cli.common import write_private
from harness.world import World, connect_tenants

__all__ = ["CTS_JOB_FILE", "cts_demo_runs", "cts_job", "start_cts"]

CTS_JOB_FILE = "up-cts.yaml"


def cts_job(job: dict[str, Any], target_url: str) -> dict[str, Any]:
    """Return the cross-tenant job beside ``up``'s job: its source, to the target tenant over Graph."""
    return {
        "name": World.CTS_NAME,
        "source": dict(job["source"]),
        "target": {
            "type": "entra",
            "url": target_url,
            "tenant": World.TARGET_TENANT,
            "client_id": job["source"]["client_id"],
            "client_secret": job["source"]["client_secret"],
        },
        "scope": "assigned",
        "state": "running",
        "users": {"mappings": "default"},
    }


def start_cts(
    idp_url: str, target_url: str, control_token: str, job: dict[str, Any], directory: Path
) -> Path:
    """Connect both tenants' partner policies (the target ``fabrikam`` served by its own mockidp at
    ``target_url``) and write ``up-cts.yaml``; return its path."""
    import yaml

    headers = {"Authorization": f"Bearer {control_token}"}
    bases = {"idp": idp_url, "target": target_url}

    def control(app: str, method: str, path: str, **kwargs: Any) -> requests.Response:
        return requests.request(method, f"{bases[app]}/_control{path}", headers=headers, timeout=60, **kwargs)

    connect_tenants(control)
    path = directory / CTS_JOB_FILE
    write_private(path, yaml.safe_dump(cts_job(job, target_url), sort_keys=False))
    return path


def cts_demo_runs(*, seed: int = 0, users: int = 25) -> list[Any]:
    """Build the embedded world with a target tenant and provision one assigned user across (Create)."""
    from harness.cli.demo import first_assigned_user
    from harness.world import add_target_tenant, build_world

    world = build_world(seed=seed, users=users)
    try:
        add_target_tenant(world)
        world.clock.advance(float(world.idp.config.get("REPLICATION_DELAY", 180)) + 1)
        return [world.provision(world.cross_tenant_job(), user=first_assigned_user(world))]
    finally:
        world.close()
