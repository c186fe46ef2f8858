"""``scimulator up``: both mocks on localhost in this process, seeded, and job files that point at them."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
import requests

from harness.cli.app import EXIT_USAGE, CliError, cli
from harness.cli.common import write_private
from harness.cli.serve import banner, port_in_use, serve_config
from harness.world import create_mock_app

__all__ = ["HR_JOBS", "UpSession", "start_up", "up"]


class UpSession:
    """Both mocks served on localhost in this process, and the job file that points at them."""

    def __init__(
        self, servers: tuple[Any, Any], configs: tuple[dict[str, Any], dict[str, Any]], job_path: Path
    ) -> None:
        self.servers = servers
        self.configs = configs
        self.job_path = job_path
        self.ui: Any = None  # the web page's server, when ``up`` serves it
        self.cts_path: Path | None = None  # the cross-tenant synchronization job (up-cts.yaml), when written
        self.extra_servers: tuple[Any, ...] = ()  # the cross-tenant target tenant's mockidp

    @property
    def idp_url(self) -> str:
        """Return mockidp's base URL."""
        return str(self.servers[0].url)

    @property
    def scim_url(self) -> str:
        """Return mockscim's SCIM base URL."""
        return f"{self.servers[1].url}/scim/v2"

    APP_NAME = "Contoso SCIM app"

    def graph(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """Call mockidp's Graph API (``/v1.0`` + ``path``) with a token from the harness's directory client."""
        from harness.clients import GraphClient, WireLog
        from harness.jobs.model import load_job
        from idcore.clock import SystemClock

        job = load_job(self.job_path)
        with requests.Session() as session:
            header = GraphClient(session, SystemClock(), job.settings, job.source, WireLog()).authorization()
        headers = {**header, **kwargs.pop("headers", {})}
        return requests.request(method, f"{self.idp_url}/v1.0{path}", headers=headers, timeout=30, **kwargs)

    def banner(self) -> list[str]:
        """Return the lines ``up`` prints: URLs, tenant, credentials, tokens and the job files."""
        worker = self.example_worker()
        return [
            *banner("idp", self.idp_url, self.configs[0]),
            *banner("scim", self.servers[1].url, self.configs[1]),
            *(
                [f"web page       {self.ui.url}/  (Provision on demand, logs, testers, target activity)"]
                if self.ui
                else []
            ),
            (
                f"job file: {self.job_path} (HR sources: up-workday.yaml, up-successfactors.yaml; into Entra ID: "
                "up-workday-entra.yaml, up-successfactors-entra.yaml)"
            ),
            f"try: scimulator provision --job {self.job_path} --user {self.example_user()}",
            *(
                f"     scimulator provision --job {self.hr_job_path(kind, target)} {flag} {worker}"
                for target in ("scim", "entra")
                for kind, flag in (("workday", "--worker-id"), ("successfactors", "--person-id-external"))
            ),
            *(
                [
                    f"cross-tenant synchronization (contoso to fabrikam): {self.cts_path}",
                    f"try: scimulator provision --job {self.cts_path} --user {self.example_user()}",
                ]
                if self.cts_path
                else []
            ),
        ]

    def hr_job_path(self, kind: str, target: str = "scim") -> Path:
        """Return the job file ``up`` wrote for the HR source ``kind`` (workday | successfactors), into the SCIM
        app or (``target`` "entra") into the tenant's Entra ID."""
        return self.job_path.with_name(f"up-{kind}.yaml" if target == "scim" else f"up-{kind}-entra.yaml")

    def example_worker(self) -> str:
        """Return the Worker ID (= personIdExternal) of an active worker, or a placeholder when there is none."""
        users = self.graph("GET", "/users", params={"$select": "employeeId,accountEnabled", "$top": 50})
        ids = [
            u["employeeId"]
            for u in users.json().get("value", [])
            if u.get("employeeId") and u.get("accountEnabled")
        ]
        return ids[0] if ids else "<worker id>"

    def example_user(self) -> str:
        """Return an assigned, enabled user to try first (or a placeholder when there is none)."""
        from harness.cli.demo import first_assigned_user

        try:
            return first_assigned_user(self)
        except CliError:
            return "<name>"

    def stop(self) -> None:
        """Stop both servers (and the web page's)."""
        for server in (*self.servers, *self.extra_servers, *([self.ui] if self.ui else [])):
            server.stop()


def start_up(
    *,
    host: str = "127.0.0.1",
    idp_port: int = 5001,
    scim_port: int = 5002,
    seed: int = 0,
    users: int = 25,
    profile: str | None = None,
    quirks: Sequence[str] = (),
    replication_delay: float = 0,
    control_token: str = "scimulator-control",
    clock: str = "system",
    home: Path | None = None,
    ui_port: int | None = None,
) -> UpSession:
    """Start both mocks on threaded servers and write a ready-to-use job file under the state directory.

    Both apps run on one clock object (``clock``: system or manual), so moving time through either
    ``/_control/clock`` moves it for both.
    """
    from idcore.clock import ManualClock, SystemClock
    from idcore.testing import LiveServer

    idp_config = serve_config(
        "idp",
        {
            "seed": seed,
            "users": users,
            "replication_delay": replication_delay,
            "control_token": control_token,
            "clock": clock,
        },
    )
    scim_config = serve_config(
        "scim",
        {"seed": seed, "profile": profile, "quirks": quirks, "control_token": control_token, "clock": clock},
    )
    one_clock = ManualClock() if clock == "manual" else SystemClock()
    idp_app = create_mock_app("idp", idp_config, clock=one_clock)
    scim_app = create_mock_app("scim", scim_config, clock=one_clock)
    idp = _start(LiveServer(idp_app, host, idp_port), "--idp-port", host, idp_port)
    try:
        scim = _start(LiveServer(scim_app, host, scim_port), "--scim-port", host, scim_port)
    except CliError:
        idp.stop()
        raise
    job = _up_job(idp.url, f"{scim.url}/scim/v2", scim_config.get("TOKEN", "scimulator-token"))
    job_path = _write_up_jobs(job, home)
    session = UpSession((idp, scim), (idp_config, scim_config), job_path)
    if control_token:  # the cross-tenant job's target tenant and policies are set through /_control
        from harness.cli.cross_tenant import start_cts

        target_app = create_mock_app("idp", {**idp_config, "TENANT": "fabrikam", "USERS": 0}, clock=one_clock)
        target = LiveServer(target_app, host, 0).start()
        session.extra_servers = (target,)
        session.cts_path = start_cts(idp.url, target.url, control_token, job, job_path.parent)
    if ui_port is not None:  # the web page, offering the job files just written
        from harness.cli.ui import start_ui

        paths = [str(job_path)]
        paths += [str(session.hr_job_path(kind, target)) for target in ("scim", "entra") for kind in HR_JOBS]
        paths += [str(session.cts_path)] if session.cts_path else []
        session.ui = start_ui(paths, host, ui_port, control_token)
    return session


def _start(server: Any, option: str, host: str, port: int) -> Any:
    """Start ``server``; a port already in use is a usage error naming ``option``."""
    try:
        return server.start()
    except OSError as exc:
        raise CliError(port_in_use(option, host, port, exc), EXIT_USAGE) from exc


def _up_job(idp_url: str, scim_url: str, token: str) -> dict[str, Any]:
    """Return ``up``'s job: the non-gallery SCIM app, Sync assigned, from mockidp to mockscim."""
    return {
        "name": "Contoso SCIM app",
        "source": {
            "type": "entra",
            "url": idp_url,
            "tenant": "contoso",
            "client_id": "scimulator-harness",
            "client_secret": "scimulator-secret",
            "app": "Contoso SCIM app",
        },
        "target": {
            "type": "scim",
            "url": scim_url,
            "auth": {"type": "bearer", "token": token},
        },
        "scope": "assigned",
        "state": "running",
        "users": {"enabled": True, "mappings": "default"},
        "groups": {"enabled": True, "mappings": "default"},
    }


def _write_up_jobs(job: dict[str, Any], home: Path | None) -> Path:
    """Write ``job`` and its HR variants under ``home`` (default: the state directory); return the job's path."""
    import yaml

    from harness.logs.store import state_home

    directory = home or state_home()
    directory.mkdir(parents=True, exist_ok=True)
    job_path = directory / "up-job.yaml"
    write_private(job_path, yaml.safe_dump(job, sort_keys=False))  # the job files hold the credentials: 0600
    for kind, name in HR_JOBS.items():
        write_private(
            directory / f"up-{kind}.yaml", yaml.safe_dump(_hr_job(job, kind, name), sort_keys=False)
        )
        write_private(
            directory / f"up-{kind}-entra.yaml",
            yaml.safe_dump(_hr_entra_job(job, kind, name), sort_keys=False),
        )
    return job_path


HR_JOBS = {"workday": "Workday", "successfactors": "SuccessFactors"}


def _hr_job(job: dict[str, Any], kind: str, name: str) -> dict[str, Any]:
    """Return ``up``'s job for an HR source: Sync all, users only (S6: assignment does not apply; S1: no groups)."""
    source = {key: value for key, value in job["source"].items() if key != "app"}
    if kind == "successfactors" and "@" not in str(source.get("client_id", "")):
        # the API user is "username@companyID" (Microsoft Learn "Tutorial: Configure SAP SuccessFactors to
        # Microsoft Entra user provisioning", Admin Username): a bare name is ambiguous once two tenants exist
        source["client_id"] = f"{source['client_id']}@{source['tenant']}"
    return {
        "name": f"{name} to Contoso SCIM app",
        "source": {**source, "type": kind},
        "target": job["target"],
        "scope": "all",
        "state": "running",
        "skip_out_of_scope_deletions": True,
        "users": {"mappings": "default"},
    }


def _hr_entra_job(job: dict[str, Any], kind: str, name: str) -> dict[str, Any]:
    """Return ``up``'s HR job into Entra ID: the same worker source, written into the tenant over Graph (docs/hr.md)."""
    hr = _hr_job(job, kind, name)
    source = job["source"]
    hr["name"] = f"{name} to Microsoft Entra user provisioning"
    hr["target"] = {
        "type": "entra",
        "url": source["url"],
        "tenant": source["tenant"],
        "client_id": source["client_id"],
        "client_secret": source["client_secret"],
    }
    return hr


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--idp-port", type=click.IntRange(0, 65535), default=5001, show_default=True)
@click.option("--scim-port", type=click.IntRange(0, 65535), default=5002, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--users", type=click.IntRange(0, 1_000_000), default=25, show_default=True)
@click.option("--profile", help="The target profile.")
@click.option("--quirk", "quirks", multiple=True, help="A target quirk; repeatable.")
@click.option("--replication-delay", type=float, default=0, show_default=True)
@click.option("--control-token", default="scimulator-control", show_default=True)
@click.option(
    "--ui-port", type=click.IntRange(0, 65535), default=5000, show_default=True, help="The web page's port."
)
@click.option(
    "--clock",
    type=click.Choice(["system", "manual"]),
    default="system",
    show_default=True,
    help="One clock for both mocks; either kind can be moved through /_control/clock.",
)
def up(**options: Any) -> None:
    """Serve both mocks on localhost, seeded, and print how to reach them (Ctrl-C stops)."""
    session = start_up(**options)
    for line in session.banner():
        click.echo(line)
    try:
        threading.Event().wait()
    finally:
        session.stop()
