"""The result of one on-demand run: the single source every renderer reads.

``ProvisioningResult.to_dict()`` is the ``--json`` contract of design.md::

    {"subject": {...}, "result": "Success|Failure|Skipped|Warning",
     "action": "Create|Update|Disable|Delete|Skip|Other",
     "steps": [{"id", "title", "status", "description", "details", "error": {"code", "message", "tips"} | null}],
     "modifiedProperties": [{"name", "oldValue", "newValue"}], "requests": [{"method", "url", "status"}], ...}

Steps appear in the portal's order (test connection, import, scope, match, action); a step that did not run is
absent, and test connection is kept only when it failed — the portal hides it otherwise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "STEP_TITLES",
    "Action",
    "ModifiedProperty",
    "ProvisioningResult",
    "Status",
    "Step",
    "StepError",
    "StepId",
    "WireRecord",
]

Status = Literal["Success", "Failure", "Skipped", "Warning"]
Action = Literal["Create", "Update", "Disable", "Delete", "StagedDelete", "Skip", "Other"]
StepId = Literal["test_connection", "import", "scope", "match", "action"]

#: The portal's step titles (S1 provision-on-demand), per object type.
STEP_TITLES: dict[str, dict[str, str]] = {
    "User": {
        "test_connection": "Test connection",
        "import": "Import user",
        "scope": "Determine if user is in scope",
        "match": "Match user between source and target system",
        "action": "Perform action",
    },
    "Group": {
        "test_connection": "Test connection",
        "import": "Import group",
        "scope": "Determine if group is in scope",
        "match": "Match group between source and target system",
        "action": "Perform action",
    },
}


@dataclass
class StepError:
    """Why a step failed: Entra's error code, a message and the seed's troubleshooting tips."""

    code: str
    message: str
    tips: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Return the error as JSON-ready data."""
        return {"code": self.code, "message": self.message, "tips": list(self.tips)}


@dataclass
class Step:
    """One of the five steps, with what "View details" would show."""

    id: StepId
    title: str
    status: Status
    description: str
    details: dict[str, Any] = field(default_factory=dict)
    error: StepError | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the step as JSON-ready data."""
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "description": self.description,
            "details": self.details,
            "error": self.error.to_dict() if self.error else None,
        }


@dataclass
class ModifiedProperty:
    """An attribute the action set (or attempted to set) in the target."""

    name: str
    old_value: Any
    new_value: Any

    def to_dict(self) -> dict[str, Any]:
        """Return the property in its wire names."""
        return {"name": self.name, "oldValue": self.old_value, "newValue": self.new_value}


@dataclass
class WireRecord:
    """One HTTP exchange the run made, in order; ``body`` is the request body when there was one.

    ``answer`` is the body that came back, kept for the people reading a run (the web page's exchanges) and left out
    of ``to_dict``: the result model's JSON stays the contract design.md gives it.
    """

    method: str
    url: str
    status: int | None
    body: Any = None
    error: str | None = None
    answer: Any = field(default=None, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """Return the exchange as JSON-ready data (body and error only when present)."""
        data: dict[str, Any] = {"method": self.method, "url": self.url, "status": self.status}
        if self.body is not None:
            data["body"] = self.body
        if self.error is not None:
            data["error"] = self.error
        return data


@dataclass
class ProvisioningResult:
    """The outcome of one on-demand run for one subject (a user, or a group with its chosen members)."""

    subject: dict[str, Any]
    result: Status
    action: Action
    steps: list[Step] = field(default_factory=list)
    modified_properties: list[ModifiedProperty] = field(default_factory=list)
    requests: list[WireRecord] = field(default_factory=list)
    change_id: str = ""
    start_time: str = ""
    end_time: str = ""
    job: dict[str, Any] = field(default_factory=dict)
    target: dict[str, Any] = field(default_factory=dict)
    members: list[ProvisioningResult] = field(default_factory=list)

    def step(self, step_id: StepId) -> Step | None:
        """Return the step with ``step_id``, or None when it did not run."""
        return next((s for s in self.steps if s.id == step_id), None)

    @property
    def error(self) -> StepError | None:
        """Return the error of the first failed step, if any."""
        return next((s.error for s in self.steps if s.error is not None), None)

    def to_dict(self) -> dict[str, Any]:
        """Return the result model of design.md as JSON-ready data."""
        data: dict[str, Any] = {
            "subject": self.subject,
            "result": self.result,
            "action": self.action,
            "steps": [s.to_dict() for s in self.steps],
            "modifiedProperties": [p.to_dict() for p in self.modified_properties],
            "requests": [r.to_dict() for r in self.requests],
            "changeId": self.change_id,
            "startTime": self.start_time,
            "endTime": self.end_time,
            "job": self.job,
            "target": self.target,
        }
        if self.members:
            data["members"] = [m.to_dict() for m in self.members]
        return data
