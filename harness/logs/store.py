"""The provisioning log store: every run appended as a Graph ``provisioningObjectSummary`` (entra-behavior.md §3).

A record has Graph's shape (S20): id, activityDateTime, changeId, cycleId, jobId, provisioningAction (create,
update, delete, disable, other), durationInMilliseconds, initiatedBy, servicePrincipal, sourceSystem/targetSystem,
sourceIdentity/targetIdentity, modifiedProperties, provisioningSteps and provisioningStatusInfo {status,
errorInformation {errorCode, reason, additionalDetails, errorCategory, recommendedAction}}. The searchable fields
are indexed columns beside the JSON record, so a filter is one SQL query.

Filters: errorCode is compared case-sensitively, as Graph's are (S20 "filters are case-sensitive"); status and
action are enums and are accepted in any case; identity (an id, or part of a name or UPN) and the job name are
matched case- and accent-insensitively, as a person types them ("adele" finds "Adèle") — names are folded in
Python after the SQL query, which keeps ids, dates and codes as indexed conditions. The portal downloads CSV as three files
joined by change ID (S7): ProvisioningLogs, ProvisioningLogs_ProvisioningSteps, ProvisioningLogs_ModifiedProperties;
their column names are not documented, so ours are a mock choice.

The store lives in ``$SCIMULATOR_HOME/logs.sqlite`` (default ``~/.scimulator``) or at any SQLAlchemy URL.
"""

from __future__ import annotations

import builtins
import os
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Column, event, func
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel, col, select

from harness.clients.search import fold
from harness.errors import UserError
from harness.logs.export import CSV_FILES, export_json, write_csv_files
from harness.render.common import skip_reason, subject_id, subject_label, subject_type, text_value
from harness.render.graph import SOURCE_SYSTEM_NAMES, graph_steps
from harness.result import ProvisioningResult
from idcore.clock import parse_iso
from idcore.db import Database

__all__ = [
    "ACTIONS",
    "CSV_FILES",
    "STATUSES",
    "LogBase",
    "LogFilterError",
    "LogRow",
    "LogStore",
    "default_url",
    "export_json",
    "state_home",
    "summary_from_result",
]

#: Graph's provisioningResult and provisioningAction enums (S20).
STATUSES = ("success", "failure", "skipped", "warning")
ACTIONS = ("create", "update", "delete", "stageddelete", "disable", "other")

_ACTION_OF = {
    "Create": "create",
    "Update": "update",
    "Delete": "delete",
    "Disable": "disable",
    "StagedDelete": "stageddelete",
    "Skip": "other",
    "Other": "other",
}
_LOG_NAMESPACE = uuid.UUID("0b6f0e51-54a5-4f2e-9d0c-7c1f6f3f5a10")


class LogFilterError(UserError, ValueError):
    """A log filter names a status, action or date that does not exist."""


class LogBase(SQLModel, registry=registry()):
    """The log store's own registry, so no app creates these tables by accident."""


class LogRow(LogBase, table=True):
    """One provisioning log entry: indexed search columns plus the Graph-shaped record."""

    __tablename__ = "provisioning_log"

    seq: int | None = Field(default=None, primary_key=True)
    id: str = Field(index=True)
    change_id: str = Field(index=True)
    cycle_id: str = ""
    job_id: str = Field(default="", index=True)
    activity: datetime = Field(index=True)
    action: str = Field(index=True)
    status: str = Field(index=True)
    error_code: str | None = Field(default=None, index=True)
    source_id: str = Field(default="", index=True)
    source_name: str = Field(default="", index=True)
    reportable: str = Field(default="", index=True)
    target_id: str | None = Field(default=None, index=True)
    record: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


def state_home() -> Path:
    """Return the state directory: ``$SCIMULATOR_HOME`` or ``~/.scimulator``."""
    return Path(os.environ.get("SCIMULATOR_HOME") or Path.home() / ".scimulator")


def default_url(home: Path | None = None) -> str:
    """Return the SQLite URL of the log store under ``home`` (created if missing)."""
    home = home or state_home()
    home.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{home / 'logs.sqlite'}"


def summary_from_result(
    result: ProvisioningResult, *, log_id: str, cycle_id: str = "", job_id: str = ""
) -> dict[str, Any]:
    """Return the run as a Graph provisioningObjectSummary (S20)."""
    job = result.job or {}
    return {
        "id": log_id,
        "activityDateTime": result.start_time,
        "tenantId": job.get("tenantId"),
        "jobId": job_id or str(job.get("id") or job.get("name") or ""),
        "cycleId": cycle_id,
        "changeId": result.change_id,
        "provisioningAction": _ACTION_OF.get(result.action, "other"),
        "durationInMilliseconds": _duration_ms(result),
        "initiatedBy": {"id": "", "displayName": "Azure AD Provisioning Service", "initiatingType": "system"},
        **_systems(job),
        **_identities(result),
        "modifiedProperties": _modified_properties(result),
        "provisioningSteps": _log_steps(result),
        "provisioningStatusInfo": _status_info(result),
    }


def _systems(job: dict[str, Any]) -> dict[str, Any]:
    """Return the summary's servicePrincipal, sourceSystem and targetSystem, named after the job's app."""
    app = str(job.get("app") or job.get("name") or "")
    return {
        "servicePrincipal": {"id": job.get("servicePrincipalId"), "displayName": app},
        "sourceSystem": {"id": None, "displayName": _source_name(job), "details": {}},
        "targetSystem": {
            "id": None,
            "displayName": app or "customappsso",
            "details": {"ServicePrincipalDisplayName": app},
        },
    }


def _identities(result: ProvisioningResult) -> dict[str, Any]:
    """Return the summary's reportableIdentifier, sourceIdentity and targetIdentity."""
    target = result.target or {}
    return {
        "reportableIdentifier": subject_label(result),
        "sourceIdentity": {
            "id": subject_id(result),
            "displayName": (result.subject or {}).get("displayName") or subject_label(result),
            "identityType": subject_type(result),
            "details": {},
        },
        "targetIdentity": {
            "id": target.get("id") or "",
            "displayName": target.get("displayName") or (_target_name(result) if target.get("id") else ""),
            "identityType": subject_type(result),
            "details": {},
        },
    }


def _target_name(result: ProvisioningResult) -> str:
    """Return the name of the target object: the displayName or userName sent, else the source's name."""
    sent = {p.name: p.new_value for p in result.modified_properties}
    name = sent.get("displayName") or sent.get("userName")
    return str(name) if name else str((result.subject or {}).get("displayName") or subject_label(result))


def _modified_properties(result: ProvisioningResult) -> list[dict[str, Any]]:
    """Return the run's modified properties as Graph modifiedProperty entries (text or null)."""
    return [
        {
            "displayName": p.name,
            "oldValue": _text_or_none(p.old_value),
            "newValue": _text_or_none(p.new_value),
        }
        for p in result.modified_properties
    ]


def _log_steps(result: ProvisioningResult) -> list[dict[str, Any]]:
    """Return the run's steps as the log records them: ``provisioningStepType`` and no timestamp."""
    steps = graph_steps(result, lowercase_types=True)
    for step in steps:
        step["provisioningStepType"] = step.pop("type")
        step.pop("timestamp", None)
    return steps


class LogStore:
    """Append, list, filter and export provisioning log entries."""

    def __init__(
        self, url: str | None = None, *, home: Path | None = None, schema: str | None = None
    ) -> None:
        self.db = Database(url or default_url(home), LogBase.metadata, schema=schema)
        if self.db.dialect == "sqlite":
            event.listen(self.db.engine, "connect", _case_sensitive_like)
        self.db.create_all()

    def append(
        self, result: ProvisioningResult, *, cycle_id: str = "", job_id: str = ""
    ) -> list[dict[str, Any]]:
        """Store the run (and each member run of a group) and return the records written."""
        return self.append_many([result], cycle_id=cycle_id, job_id=job_id)

    def append_many(
        self, results: Sequence[ProvisioningResult], *, cycle_id: str = "", job_id: str = ""
    ) -> list[dict[str, Any]]:
        """Store many runs in one transaction (a cycle writes its objects in batches); return the records."""
        records = []
        with self.db.session() as session:
            for result in results:
                for run in [result, *result.members]:
                    log_id = str(
                        uuid.uuid5(_LOG_NAMESPACE, f"{run.change_id}|{run.start_time}|{subject_id(run)}")
                    )
                    record = summary_from_result(
                        run, log_id=log_id, cycle_id=cycle_id or result.change_id, job_id=job_id
                    )
                    session.add(_row(record))
                    records.append(record)
        return records

    def list(
        self,
        *,
        status: str | None = None,
        action: str | None = None,
        identity: str | None = None,
        error_code: str | None = None,
        since: str | datetime | None = None,
        until: str | datetime | None = None,
        limit: int | None = None,
        job: str | None = None,
    ) -> list[dict[str, Any]]:
        """Return matching records, newest first; identity matches an id exactly or a part of a name."""
        query = select(LogRow)
        if job:
            query = query.where(func.lower(LogRow.job_id) == job.lower())
        if status:
            query = query.where(LogRow.status == _enum(status, STATUSES, "status"))
        if action:
            query = query.where(LogRow.action == _enum(action, ACTIONS, "action"))
        if error_code:
            query = query.where(LogRow.error_code == error_code)
        if since:
            query = query.where(LogRow.activity >= _when(since))
        if until:
            query = query.where(LogRow.activity <= _when(until))
        query = query.order_by(col(LogRow.activity).desc(), col(LogRow.seq).desc())
        if limit and not identity:
            query = query.limit(limit)
        with self.db.session() as session:
            records = [row.record for row in session.exec(query)]
        if identity:
            records = [r for r in records if _identity_matches(r, identity)]
        return records[:limit] if limit else records

    def count(self) -> int:
        """Return how many entries the store holds."""
        with self.db.session() as session:
            return int(session.exec(select(func.count()).select_from(LogRow)).one())

    def export_csv(self, directory: Path, records: Sequence[dict[str, Any]]) -> builtins.list[Path]:
        """Write the portal's three CSV files into ``directory`` and return their paths."""
        return write_csv_files(directory, records)

    def close(self) -> None:
        """Release the database connections."""
        self.db.engine.dispose()


def _identity_matches(record: dict[str, Any], identity: str) -> bool:
    """Return True when ``identity`` is the record's source or target id, or part of one of its names."""
    source, target = record["sourceIdentity"], record["targetIdentity"]
    if identity in (source.get("id"), target.get("id")):
        return True
    names = (record.get("reportableIdentifier"), source.get("displayName"), target.get("displayName"))
    wanted = fold(identity)
    return any(wanted in fold(str(name)) for name in names if name)


def _case_sensitive_like(dbapi_conn: Any, _record: Any) -> None:
    """Make SQLite's LIKE case-sensitive, as Graph's log filters are (S20)."""
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA case_sensitive_like=ON")
    cursor.close()


def _row(record: dict[str, Any]) -> LogRow:
    error = record["provisioningStatusInfo"].get("errorInformation") or {}
    return LogRow(
        id=record["id"],
        change_id=record["changeId"],
        cycle_id=record["cycleId"],
        job_id=record["jobId"],
        activity=_when(record["activityDateTime"]),
        action=record["provisioningAction"],
        status=record["provisioningStatusInfo"]["status"],
        error_code=error.get("errorCode"),
        source_id=record["sourceIdentity"]["id"],
        source_name=record["sourceIdentity"]["displayName"],
        reportable=record["reportableIdentifier"],
        target_id=record["targetIdentity"]["id"] or None,
        record=record,
    )


def _enum(value: str, allowed: tuple[str, ...], name: str) -> str:
    if value.lower() not in allowed:
        raise LogFilterError(f"unknown {name} {value!r}: choose one of {', '.join(allowed)}")
    return value.lower()


def _when(value: str | datetime) -> datetime:
    try:
        when = parse_iso(value) if isinstance(value, str) else value
    except ValueError as exc:
        raise LogFilterError(f"not an ISO 8601 date: {value!r}") from exc
    return when.astimezone(UTC) if when.tzinfo else when.replace(tzinfo=UTC)


def _status_info(result: ProvisioningResult) -> dict[str, Any]:
    status = result.result.lower()
    if result.result == "Skipped":
        info = {
            "errorCode": skip_reason(result),
            "reason": _skip_text(result),
            "additionalDetails": None,
            "errorCategory": "success",
            "recommendedAction": None,
        }
        return {"status": status, "errorInformation": info}
    error = result.error
    if error is None:
        return {"status": status, "errorInformation": None}
    info = {
        "errorCode": error.code,
        "reason": error.message,
        "additionalDetails": None,
        "errorCategory": "nonServiceFailure",
        "recommendedAction": " ".join(error.tips) or None,
    }
    return {"status": status, "errorInformation": info}


def _skip_text(result: ProvisioningResult) -> str:
    step = result.step("action") or result.step("scope")
    return step.description if step is not None else ""


def _duration_ms(result: ProvisioningResult) -> int:
    if not result.start_time or not result.end_time:
        return 0
    return max(0, round((parse_iso(result.end_time) - parse_iso(result.start_time)).total_seconds() * 1000))


def _source_name(job: dict[str, Any]) -> str:
    source = job.get("source")
    kind = source.get("type") if isinstance(source, dict) else source
    return SOURCE_SYSTEM_NAMES.get(str(kind or "entra"), str(kind))


def _text_or_none(value: Any) -> str | None:
    return None if value is None else text_value(value)
