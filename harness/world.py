"""The in-process world: mockidp, mockscim and the harness on one manual clock, with no server to start.

This is the composition root for ``scimulator demo``, ``scimulator up`` and the test suites, and the one harness
module allowed to import mockidp and mockscim (``tests/test_boundaries.py`` checks it). Everything else in the
harness reaches the apps only over HTTP: here through ``idcore.testing.mount``, which routes a
``requests.Session`` straight into each Flask app, so the engine runs exactly the code it runs against a
vendor's real endpoint.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import requests
from flask import Flask

from idcore.clock import ManualClock
from idcore.ids import Randomness
from idcore.testing import mount

__all__ = [
    "World",
    "add_target_tenant",
    "assigned_member_users",
    "build_world",
    "connect_tenants",
    "create_idp_app",
    "create_mock_app",
    "create_scim_app",
    "job_data",
    "merge_data",
]


@dataclass
class World:
    """Both mock apps, the shared clock and a session that reaches them in process."""

    IDP_URL = "http://mockidp.local"
    SCIM_URL = "http://mockscim.local/scim/v2"
    CONTROL_TOKEN = "scimulator-control"
    SCIM_TOKEN = "scimulator-token"
    TENANT = "contoso"
    CLIENT_ID = "scimulator-harness"
    CLIENT_SECRET = "scimulator-secret"
    APP_NAME = "Contoso SCIM app"

    idp: Flask
    scim: Flask
    clock: ManualClock
    http: requests.Session
    rng: Randomness
    idp_url: str = IDP_URL
    scim_url: str = SCIM_URL
    servers: tuple[Any, ...] = ()
    #: a ``harness.clients.RunCache``: repeated ``provision`` calls reuse the directory token and the app
    run_cache: Any = field(default=None)
    #: a ``harness.logs.links.LinkStore`` in memory: the job's links, so a hard-deleted user can be deleted
    links: Any = field(default=None)
    #: a ``harness.logs.store.LogStore`` in memory: the provisioning logs of the world's cycles
    logs: Any = field(default=None)
    #: a ``harness.sync.SyncStore`` in memory: the cycles' status, watermark and escrows
    sync_state: Any = field(default=None)
    #: cross-tenant synchronization (``add_target_tenant``): the target tenant's mockidp when it is a second
    #: server (None: the same server as the source) and its URL
    target_idp: Flask | None = None
    target_idp_url: str = ""

    TARGET_TENANT = "fabrikam"
    CTS_NAME = "Contoso to Fabrikam (cross-tenant synchronization)"

    def close(self) -> None:
        """Stop the live servers, if this world runs over sockets."""
        for server in self.servers:
            server.stop()

    def job_dict(self, **overrides: Any) -> dict[str, Any]:
        """Return the default job (non-gallery SCIM app, Sync assigned) as data, with ``overrides`` merged in."""
        return job_data(self.idp_url, self.scim_url, **overrides)

    def default_job(self, **overrides: Any) -> Any:
        """Return the default job as a ``harness.jobs.model.Job``, with ``overrides`` merged into its data."""
        from harness.jobs.model import Job

        return Job.from_dict(self.job_dict(**overrides), origin="<world>")

    def provision(
        self, job: Any = None, progress: Callable[[str], None] | None = None, **request: Any
    ) -> Any:
        """Run one on-demand provisioning in process and return its ``ProvisioningResult``."""
        from harness.pipeline import OnDemandRequest, provision_on_demand

        if "members" in request:
            request["members"] = tuple(request["members"])
        if self.run_cache is None:
            from harness.clients import RunCache

            self.run_cache = RunCache()
        if self.links is None:
            from harness.logs.links import LinkStore

            self.links = LinkStore.in_memory()
        return provision_on_demand(
            job or self.default_job(),
            OnDemandRequest(**request),
            http=self.http,
            clock=self.clock,
            rng=self.rng,
            cache=self.run_cache,
            links=self.links,
            progress=progress,
        )

    def sync_engine(self, job: Any = None, **options: Any) -> Any:
        """Return a ``harness.sync.SyncEngine`` for ``job`` (the default job) in process, on the world's clock.

        The engine shares the world's links (on-demand runs and cycles see the same connector data store) and
        keeps its state and log store in memory (``world.logs``).
        """
        from harness.sync import SyncEngine

        self._stores()
        return SyncEngine(
            job or self.default_job(),
            http=self.http,
            clock=self.clock,
            rng=self.rng,
            links=self.links,
            logs=self.logs,
            state=self.sync_state,
            cache=self.run_cache,
            **options,
        )

    def sync(
        self, job: Any = None, cycles: int | None = None, *, until_idle: bool = False, **options: Any
    ) -> Any:
        """Run provisioning cycles of ``job`` (the default job) in process and return their reports."""
        return self.sync_engine(job, **options).run(cycles, until_idle=until_idle)

    def _stores(self) -> None:
        from harness.clients import RunCache
        from harness.logs.links import LinkStore
        from harness.logs.store import LogStore
        from harness.sync import SyncStore

        self.run_cache = self.run_cache or RunCache()
        self.links = self.links or LinkStore.in_memory()
        self.logs = self.logs or LogStore("sqlite://")
        self.sync_state = self.sync_state or SyncStore.in_memory()

    def cross_tenant_job_dict(self, **overrides: Any) -> dict[str, Any]:
        """Return a cross-tenant synchronization job (this tenant to the target tenant) as data."""
        job = self.job_dict(name=self.CTS_NAME)
        job["target"] = {
            "type": "entra",
            "url": self.target_idp_url or self.idp_url,
            "tenant": self.TARGET_TENANT,
            "client_id": self.CLIENT_ID,
            "client_secret": self.CLIENT_SECRET,
        }
        job.pop("groups")
        return merge_data(job, overrides)

    def cross_tenant_job(self, **overrides: Any) -> Any:
        """Return the cross-tenant job as a ``harness.jobs.model.Job``."""
        from harness.jobs.model import Job

        return Job.from_dict(self.cross_tenant_job_dict(**overrides), origin="<world>")

    def hr_entra_job(self, kind: str, **overrides: Any) -> Any:
        """Return a Workday or SuccessFactors job into this tenant's Entra ID (HR inbound provisioning, Sync all)."""
        from harness.jobs.model import Job

        job = self.job_dict(
            name=f"{'Workday' if kind == 'workday' else 'SuccessFactors'} to Microsoft Entra user provisioning",
            source={"type": kind},
            scope="all",
            skip_out_of_scope_deletions=True,
        )
        job["target"] = {
            "type": "entra",
            "url": self.idp_url,
            "tenant": self.TENANT,
            "client_id": self.CLIENT_ID,
            "client_secret": self.CLIENT_SECRET,
        }
        job.pop("groups")
        return Job.from_dict(merge_data(job, overrides), origin="<world>")

    def target_graph(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """Call Graph in the cross-tenant target tenant (``add_target_tenant``)."""
        return self.graph(
            method, path, tenant=self.TARGET_TENANT, url=self.target_idp_url or self.idp_url, **kwargs
        )

    def graph(
        self, method: str, path: str, *, tenant: str | None = None, url: str | None = None, **kwargs: Any
    ) -> requests.Response:
        """Call mockidp's Graph API (``/v1.0`` + ``path``) with a fresh client-credentials token."""
        base = url or self.idp_url
        token = self.http.post(
            f"{base}/{tenant or self.TENANT}/oauth2/v2.0/token",
            data={
                "grant_type": "client_credentials",
                "client_id": self.CLIENT_ID,
                "client_secret": self.CLIENT_SECRET,
                "scope": "https://graph.microsoft.com/.default",
            },
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}", **kwargs.pop("headers", {})}
        return self.http.request(method, f"{base}/v1.0{path}", headers=headers, **kwargs)

    def scim_request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """Call mockscim (``/scim/v2`` + ``path``) with the target's bearer token."""
        headers = {"Authorization": f"Bearer {self.SCIM_TOKEN}", **kwargs.pop("headers", {})}
        return self.http.request(method, f"{self.scim_url}{path}", headers=headers, **kwargs)

    def control(self, app: str, method: str, path: str, **kwargs: Any) -> requests.Response:
        """Call ``/_control`` + ``path`` on ``app`` ("idp", "scim", or "target": the target tenant's mockidp)."""
        base = {"idp": self.idp_url, "target": self.target_idp_url or self.idp_url}.get(
            app, self.scim_url.rsplit("/scim/v2", 1)[0]
        )
        headers = {"Authorization": f"Bearer {self.CONTROL_TOKEN}", **kwargs.pop("headers", {})}
        return self.http.request(method, f"{base}/_control{path}", headers=headers, **kwargs)

    def hr_examples(self) -> dict[str, str]:
        """Return mockidp's seeded HR timing examples: kind (future_hire, terminated, rehire) → worker id."""
        from idcore.db import get_db
        from mockidp.hr.seed import examples
        from mockidp.tenants import find_tenant

        with get_db(self.idp).session() as session:
            tenant = find_tenant(session, self.TENANT)
            return examples(session, tenant.id) if tenant is not None else {}

    def assigned_users(self) -> list[dict[str, Any]]:
        """Return the enabled member users assigned directly to the enterprise app, by UPN."""
        return assigned_member_users(self.graph, self.APP_NAME)


def job_data(idp_url: str, scim_url: str, **overrides: Any) -> dict[str, Any]:
    """Return the default job from the directory at ``idp_url`` into the SCIM base URL ``scim_url`` (Sync assigned,
    the non-gallery mappings, the world's credentials), with ``overrides`` merged in."""
    job: dict[str, Any] = {
        "name": World.APP_NAME,
        "source": {
            "type": "entra",
            "url": idp_url,
            "tenant": World.TENANT,
            "client_id": World.CLIENT_ID,
            "client_secret": World.CLIENT_SECRET,
            "app": World.APP_NAME,
        },
        "target": {"type": "scim", "url": scim_url, "auth": {"type": "bearer", "token": World.SCIM_TOKEN}},
        "scope": "assigned",
        "state": "running",
        "users": {"enabled": True, "mappings": "default"},
        "groups": {"enabled": True, "mappings": "default"},
    }
    return merge_data(job, overrides)


def assigned_member_users(graph: Callable[..., requests.Response], app_name: str) -> list[dict[str, Any]]:
    """Return the enabled member users assigned directly to ``app_name``, by UPN, asking Graph through ``graph``.

    Graph omits accountEnabled and userType unless they are selected, so they are asked for.
    """
    apps = graph("GET", "/servicePrincipals", params={"$filter": f"displayName eq '{app_name}'"})
    sp_id = apps.json()["value"][0]["id"]
    users = []
    for assignment in graph("GET", f"/servicePrincipals/{sp_id}/appRoleAssignedTo").json()["value"]:
        if assignment.get("principalType") != "User":
            continue
        user = graph(
            "GET",
            f"/users/{assignment['principalId']}",
            params={"$select": "id,userPrincipalName,displayName,accountEnabled,userType"},
        ).json()
        if user.get("accountEnabled") and user.get("userType", "Member") == "Member":
            users.append(user)
    return sorted(users, key=lambda u: u["userPrincipalName"])


def create_idp_app(config: Mapping[str, Any] | None = None, *, clock: Any = None) -> Flask:
    """Create a mockidp app (for ``scimulator serve idp`` and ``up``): the CLI reaches mockidp only through here."""
    import mockidp

    return mockidp.create_app(dict(config or {}), clock=clock)


def create_scim_app(config: Mapping[str, Any] | None = None, *, clock: Any = None) -> Flask:
    """Create a mockscim app (for ``scimulator serve scim`` and ``up``); an unknown profile or quirk is an OptionError."""
    import mockscim

    config = dict(config or {})
    check_scim_profile(config.get("PROFILE"), config.get("QUIRKS") or ())
    return mockscim.create_app(config, clock=clock)


def check_scim_profile(profile: str | None, quirks: Sequence[str] = ()) -> None:
    """Raise OptionError naming ``--profile`` or ``--quirk`` when mockscim does not know the name."""
    from harness.errors import OptionError
    from mockscim.profiles import UnknownProfile, resolve

    try:
        resolve(profile)
    except UnknownProfile as exc:
        raise OptionError(f"--profile {profile}", str(exc)) from None
    for name in [quirks] if isinstance(quirks, str) else quirks:
        try:
            resolve(profile, name)
        except UnknownProfile as exc:
            raise OptionError(f"--quirk {name}", str(exc)) from None


def build_world(
    seed: int = 0,
    users: int = 25,
    *,
    profile: str = "entra-compatible",
    quirks: Iterable[str] = (),
    replication_delay: float = 180,
    replication_mode: str = "time",
    idp_database_url: str = "sqlite://",
    scim_database_url: str = "sqlite://",
    clock: ManualClock | None = None,
    idp_config: Mapping[str, Any] | None = None,
    scim_config: Mapping[str, Any] | None = None,
    live: bool = False,
) -> World:
    """Build mockidp (seeded) and mockscim on one manual clock, reachable through one session.

    In process (the default) the session calls the apps through the WSGI adapter; with ``live`` each app is
    served on a real socket on port 0 and the session crosses the loopback like any client. Call ``close()``.
    """
    clock = clock or ManualClock()
    idp = create_idp_app(
        _idp_config(seed, users, replication_delay, replication_mode, idp_database_url, idp_config),
        clock=clock,
    )
    scim = create_scim_app(_scim_config(seed, profile, quirks, scim_database_url, scim_config), clock=clock)
    if live:
        return _live_world(idp, scim, clock, seed)
    return _mounted_world(idp, scim, clock, seed)


def _idp_config(
    seed: int,
    users: int,
    replication_delay: float,
    replication_mode: str,
    database_url: str,
    extra: Mapping[str, Any] | None,
) -> dict[str, Any]:
    """Return mockidp's config: seeded with ``users`` and registered for the World's tenant and app."""
    return {
        "DATABASE_URL": database_url,
        "SEED": seed,
        "USERS": users,
        "SEED_ON_START": users > 0,
        "TENANT": World.TENANT,
        "CLIENT_ID": World.CLIENT_ID,
        "CLIENT_SECRET": World.CLIENT_SECRET,
        "APP_NAME": World.APP_NAME,
        "REPLICATION_DELAY": replication_delay,
        "REPLICATION_MODE": replication_mode,
        "CONTROL_TOKEN": World.CONTROL_TOKEN,
        **(extra or {}),
    }


def _scim_config(
    seed: int, profile: str, quirks: Iterable[str], database_url: str, extra: Mapping[str, Any] | None
) -> dict[str, Any]:
    """Return mockscim's config: the World's bearer token, ``profile`` and ``quirks``."""
    return {
        "DATABASE_URL": database_url,
        "SEED": seed,
        "TOKEN": World.SCIM_TOKEN,
        "PROFILE": profile,
        "QUIRKS": list(quirks),
        "CONTROL_TOKEN": World.CONTROL_TOKEN,
        **(extra or {}),
    }


def _live_world(idp: Flask, scim: Flask, clock: ManualClock, seed: int) -> World:
    """Serve both apps on real sockets on port 0 and return a World whose session crosses the loopback."""
    from idcore.testing import LiveServer

    http = requests.Session()
    servers = (LiveServer(idp).start(), LiveServer(scim).start())
    return World(
        idp=idp,
        scim=scim,
        clock=clock,
        http=http,
        rng=Randomness(seed),
        idp_url=servers[0].url,
        scim_url=f"{servers[1].url}/scim/v2",
        servers=servers,
    )


def _mounted_world(idp: Flask, scim: Flask, clock: ManualClock, seed: int) -> World:
    """Return a World whose session reaches both apps in process through the WSGI adapter."""
    http = requests.Session()
    mount(http, World.IDP_URL, idp)
    mount(http, World.SCIM_URL.rsplit("/scim/v2", 1)[0], scim)
    return World(idp=idp, scim=scim, clock=clock, http=http, rng=Randomness(seed))


def merge_data(base: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Return ``base`` with ``overrides`` merged in: mappings merge key by key, anything else replaces."""
    merged = copy.deepcopy(dict(base))
    for key, value in overrides.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = merge_data(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def create_mock_app(app: str, config: Mapping[str, Any] | None = None, *, clock: Any = None) -> Flask:
    """Create mockidp (``app`` "idp") or mockscim ("scim"), as ``serve`` and ``up`` run them."""
    return (create_idp_app if app == "idp" else create_scim_app)(config, clock=clock)


def add_target_tenant(
    world: World,
    *,
    users: int = 5,
    separate: bool = False,
    inbound_sync: bool = True,
    inbound_auto_redeem: bool = True,
    outbound_auto_redeem: bool = True,
) -> dict[str, Any]:
    """Add the cross-tenant target tenant (``World.TARGET_TENANT``) and both tenants' partner policies.

    The tenant lives in the world's mockidp, or with ``separate`` in a second mockidp (mounted in process, or on
    its own socket when the world is live). Microsoft Learn "Configure cross-tenant synchronization", steps 2–4:
    the target allows user sync from the source and redeems invitations automatically (inbound); the source
    redeems automatically too (outbound). Return both tenants' ids.
    """
    if separate:
        config = _idp_config(world.rng.random.randrange(1 << 30), users, 180, "time", "sqlite://", None)
        target = create_idp_app({**config, "TENANT": World.TARGET_TENANT}, clock=world.clock)
        world.target_idp = target
        if world.servers:
            from idcore.testing import LiveServer

            server = LiveServer(target).start()
            world.servers = (*world.servers, server)
            world.target_idp_url = server.url
        else:
            world.target_idp_url = "http://mockidp-target.local"
            mount(world.http, world.target_idp_url, target)
    else:
        seeded = world.control("idp", "POST", "/seed", json={"tenant": World.TARGET_TENANT, "users": users})
        seeded.raise_for_status()
    return connect_tenants(
        world.control,
        inbound_sync=inbound_sync,
        inbound_auto_redeem=inbound_auto_redeem,
        outbound_auto_redeem=outbound_auto_redeem,
    )


def connect_tenants(
    control: Callable[..., requests.Response],
    *,
    inbound_sync: bool = True,
    inbound_auto_redeem: bool = True,
    outbound_auto_redeem: bool = True,
) -> dict[str, Any]:
    """Set both tenants' partner policies through ``control(app, method, path, json=…)`` ("idp": the source's
    mockidp, "target": the target tenant's); return both tenant ids."""
    source = control("idp", "GET", "/cross-tenant").json()["tenantId"]
    target_id = control("target", "GET", "/cross-tenant", params={"tenant": World.TARGET_TENANT}).json()[
        "tenantId"
    ]
    inbound = {"inboundSync": inbound_sync, "inboundAutoRedeem": inbound_auto_redeem}
    control(
        "target", "POST", "/cross-tenant", json={"tenant": World.TARGET_TENANT, "partner": source, **inbound}
    ).raise_for_status()
    outbound = {"tenant": World.TENANT, "partner": target_id, "outboundAutoRedeem": outbound_auto_redeem}
    control("idp", "POST", "/cross-tenant", json=outbound).raise_for_status()
    return {"source": source, "target": target_id}
