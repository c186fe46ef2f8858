"""Where one scenario plays: the source tenant (in-process mockidp), the target, the clock, and the step kinds.

The target is mockscim in process (with the run's profile and the scenario's quirks), or a vendor's endpoint named
by URL and token. Names a scenario gives (``user: ada``) carry a run prefix against a vendor's endpoint, so nothing
collides with the vendor's own objects, and everything created there is deleted when the scenario ends.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from harness.scenarios.match import Unbound, dig, fill
from harness.validate.source import SourceTenant
from harness.world import World, merge_data

__all__ = ["ENTERPRISE", "Stage", "TargetSpec", "user_body"]

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
REQUEST_KEYS = ("user", "group", "members", "worker_id", "person_id_external")


@dataclass(frozen=True)
class TargetSpec:
    """The target: mockscim in process with ``profile`` (``live``: over real sockets), or ``url`` with ``token``."""

    profile: str = "entra-compatible"
    url: str | None = None
    token: str | None = None
    live: bool = False

    @property
    def label(self) -> str:
        """Return what the report names as the target."""
        return self.url or f"mockscim --profile {self.profile}"


class ScenarioSource(SourceTenant):
    """The source tenant with the scenario defaults of a directory user (Sales, a mobile phone, an employeeId)."""

    def forget_token(self) -> None:
        """Drop the Graph token (the clock moved past its lifetime)."""
        self._token = None

    def user(self, nickname: str, **props: Any) -> dict[str, Any]:
        """Create a directory user; a prop given as None leaves that default out."""
        return self._created(self.graph("POST", "/users", json=user_body(nickname, self.prefix, **props)))


def user_body(nickname: str, prefix: str = "", **props: Any) -> dict[str, Any]:
    """Return the Graph body of a scenario's directory user ``nickname``: the defaults, ``props`` (None drops one)."""
    body: dict[str, Any] = {
        "accountEnabled": True,
        "displayName": f"{nickname.title()} Tester",
        "givenName": nickname.title(),
        "surname": "Tester",
        "mailNickname": f"{prefix}{nickname}",
        "userPrincipalName": f"{prefix}{nickname}@contoso.onmicrosoft.com",
        "mail": f"{prefix}{nickname}@contoso.com",
        "department": "Sales",
        "jobTitle": "Engineer",
        "employeeId": f"E{zlib.crc32(nickname.encode()) % 100000:05d}",
        "mobilePhone": "+1 555 0100",
        "passwordProfile": {"password": "Scim-ulat0r!", "forceChangePasswordNextSignIn": False},
    }
    body.update(props)
    return {key: value for key, value in body.items() if value is not None}


class Stage:
    """One scenario's world: named directory objects, named runs, the job, and the way to the target."""

    def __init__(self, world: World, spec: TargetSpec, prefix: str, job: Mapping[str, Any]) -> None:
        self.world = world
        self.spec = spec
        self.source = ScenarioSource(world, prefix)
        self.objects: dict[str, dict[str, Any]] = {}
        self.assignments: dict[str, dict[str, Any]] = {}
        self.runs: dict[str, Any] = {}
        self._hr_names: dict[str, str] | None = None
        self.created: list[tuple[str, str]] = []
        self.delay = float(world.idp.config.get("REPLICATION_DELAY", 0))
        self.target_url = (spec.url or world.scim_url).split("?", 1)[0].rstrip("/")
        self.token = spec.token if spec.url else World.SCIM_TOKEN
        #: a cross-tenant job (``target: {type: entra}``) writes to the world's target tenant, not to mockscim
        self.cross_tenant = (job.get("target") or {}).get("type") == "entra"
        scim_target = {"target": {"url": self.target_url, "auth": {"type": "bearer", "token": self.token}}}
        self.base_job = merge_data({} if self.cross_tenant else scim_target, job)

    # -- names ---------------------------------------------------------------------------------------------------

    def lookup(self, dotted: str) -> Any:
        """Return what ``${dotted}`` stands for: an object's or a run's field, ENT, today, target.url, hr.kind."""
        head, _, rest = dotted.partition(".")
        constants: dict[str, Callable[[], Any]] = {
            "ENT": lambda: ENTERPRISE,
            "today": lambda: self.world.clock.now().date().isoformat(),
            "target": lambda: {"url": self.target_url, "root": self.target_url.rsplit("/scim/v2", 1)[0]},
            "hr": self._hr,
        }
        if head in self.objects:
            return dig(self.objects[head], rest)
        if head in self.runs:
            return dig(self.runs[head], rest)
        if head in constants:
            return dig(constants[head](), rest)
        raise Unbound(f"${{{dotted}}}: no object, run or constant named {head!r}")

    def fill(self, value: Any) -> Any:
        """Return ``value`` with its placeholders filled."""
        return fill(value, self.lookup)

    def subject(self, name: Any) -> Any:
        """Return what a provision request sends for ``name``: a user's UPN, a group's displayName, or ``name``."""
        if isinstance(name, list):
            return [self.subject(item) for item in name]
        found = self.objects.get(str(name))
        if found is None:
            return self.fill(name)
        return found.get("userPrincipalName") or found["displayName"]

    def _hr(self) -> dict[str, str]:
        if self._hr_names is not None:
            return self._hr_names
        users = self.source.graph(
            "GET", "/users", params={"$select": "employeeId,accountEnabled", "$top": "999"}
        ).json()["value"]
        worker = next((u["employeeId"] for u in users if u.get("employeeId") and u.get("accountEnabled")), "")
        self._hr_names = {**self.world.hr_examples(), "worker": worker}
        return self._hr_names

    # -- the job and the run ---------------------------------------------------------------------------------------

    def job(self, overrides: Mapping[str, Any] | None) -> Any:
        """Return the job for one run: the default job at the target, the scenario's and the step's overrides."""
        data = self.fill(merge_data(self.base_job, overrides or {}))
        return self.world.cross_tenant_job(**data) if self.cross_tenant else self.world.default_job(**data)

    def request(self, step: Mapping[str, Any]) -> dict[str, Any]:
        """Return the on-demand request a ``provision`` step asks for."""
        asked = step["provision"] or {}
        return {key: self.subject(asked[key]) for key in REQUEST_KEYS if key in asked}

    def count_users(self, user_name: str) -> int:
        """Return how many target users have ``user_name`` (mockscim: every user listed; a vendor: filtered)."""
        if self.spec.url:
            found = self.scim("GET", "/Users", params={"filter": f'userName eq "{user_name}"'})
            return sum(1 for u in found.json().get("Resources", []) if u.get("userName") == user_name)
        count, start = 0, 1
        while True:
            page = self.scim("GET", "/Users", params={"startIndex": start, "count": 500}).json()
            resources = page.get("Resources", [])
            count += sum(1 for u in resources if u.get("userName") == user_name)
            start += len(resources)
            if not resources or start > page.get("totalResults", 0):
                return count

    def scim(self, method: str, path: str, **kwargs: Any) -> Any:
        """Call the target with its bearer token."""
        headers = {"Authorization": f"Bearer {self.token}", **kwargs.pop("headers", {})}
        return self.world.http.request(method, f"{self.target_url}{path}", headers=headers, **kwargs)

    # -- clean-up --------------------------------------------------------------------------------------------------

    def remember(self, results: list[Any]) -> None:
        """Note what the runs created at the target (POSTs answered 201 with an id)."""
        for result in results:
            for record in result.requests:
                answer = record.answer if isinstance(record.answer, dict) else {}
                if record.method == "POST" and record.status == 201 and answer.get("id"):
                    resource = "Groups" if record.url.rstrip("/").endswith("/Groups") else "Users"
                    self.created.append((resource, str(answer["id"])))

    def cleanup(self) -> list[str]:
        """Delete every object the scenario created at a vendor's endpoint (groups first); return what failed."""
        ids = set(self.created)
        for obj in self.objects.values():
            attr, resource = (
                ("userName", "Users") if "userPrincipalName" in obj else ("displayName", "Groups")
            )
            name = obj.get("userPrincipalName") or obj.get("displayName")
            found = self.scim("GET", f"/{resource}", params={"filter": f'{attr} eq "{name}"'})
            body = found.json() if found.status_code == 200 else {}
            ids |= {(resource, str(r["id"])) for r in body.get("Resources", []) if r.get("id")}
        problems = []
        for resource, id_ in sorted(ids, key=lambda item: item[0] != "Groups"):
            status = self.scim("DELETE", f"/{resource}/{id_}").status_code
            if status not in (200, 204, 404):
                problems.append(f"DELETE /{resource}/{id_}: {status}")
        return problems


# -- the step kinds (catalog.STEP_KINDS names their options) ---------------------------------------------------------


def _user(stage: Stage, step: Mapping[str, Any]) -> None:
    name = str(step["user"])
    stage.objects[name] = stage.source.user(name, **stage.fill(step.get("props") or {}))
    if step.get("manager"):
        stage.source.set_manager(stage.objects[name], stage.objects[str(step["manager"])])


def _update(stage: Stage, step: Mapping[str, Any]) -> None:
    stage.source.update(stage.objects[str(step["update"])], **stage.fill(step.get("props") or {}))


def _delete(stage: Stage, step: Mapping[str, Any]) -> None:
    stage.source._ok(stage.source.graph("DELETE", f"/users/{stage.objects[str(step['delete'])]['id']}"))


def _group(stage: Stage, step: Mapping[str, Any]) -> None:
    members = [stage.objects[str(m)] for m in step.get("members") or []]
    stage.objects[str(step["group"])] = stage.source.group(str(step["group"]), members)


def _assign(stage: Stage, step: Mapping[str, Any]) -> None:
    name = str(step["assign"])
    stage.assignments[name] = stage.source.assign(stage.objects[name])
    if step.get("replicate", True):
        stage.world.clock.advance(stage.delay + 1)


def _unassign(stage: Stage, step: Mapping[str, Any]) -> None:
    stage.source.unassign(stage.assignments.pop(str(step["unassign"])))
    if step.get("replicate", True):
        stage.world.clock.advance(stage.delay + 1)


def _wait(stage: Stage, step: Mapping[str, Any]) -> None:
    wait = step["wait"]
    seconds = timedelta(**wait).total_seconds() if isinstance(wait, Mapping) else float(wait)
    stage.world.clock.advance(seconds)
    stage.source.forget_token()


def _target_user(stage: Stage, step: Mapping[str, Any]) -> None:
    body = {"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "active": True}
    body.update(stage.fill(step["target_user"]))
    response = stage.scim("POST", "/Users", json=body)
    if response.status_code != 201:
        raise RuntimeError(f"the target refused a setup user: {response.status_code} {response.text[:200]}")
    stage.created.append(("Users", str(response.json().get("id"))))


def _fault(stage: Stage, step: Mapping[str, Any]) -> None:
    response = stage.world.control("scim", "POST", "/faults", json=stage.fill(step["fault"]))
    if response.status_code != 200:
        raise RuntimeError(f"mockscim refused the fault rule: {response.status_code} {response.text[:200]}")


SETUP_STEPS: dict[str, Callable[[Stage, Mapping[str, Any]], None]] = {
    "user": _user,
    "update": _update,
    "delete": _delete,
    "group": _group,
    "assign": _assign,
    "unassign": _unassign,
    "wait": _wait,
    "target_user": _target_user,
    "fault": _fault,
}
