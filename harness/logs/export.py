"""The portal's exports of the provisioning logs: JSON as Graph's list body, CSV as three files joined by change ID.

The portal's CSV download is three files joined by change ID (S7): ProvisioningLogs,
ProvisioningLogs_ProvisioningSteps and ProvisioningLogs_ModifiedProperties; their column names are not
documented, so ours are a mock choice.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from harness.render.json import dumps

__all__ = ["CSV_FILES", "export_json", "write_csv_files"]

#: The three files of the portal's CSV download, joined by change ID (S7).
CSV_FILES = (
    "ProvisioningLogs.csv",
    "ProvisioningLogs_ProvisioningSteps.csv",
    "ProvisioningLogs_ModifiedProperties.csv",
)


def write_csv_files(directory: Path, records: Sequence[dict[str, Any]]) -> list[Path]:
    """Write the portal's three CSV files of ``records`` into ``directory`` and return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = [directory / name for name in CSV_FILES]
    _write_csv(paths[0], _LOG_COLUMNS, (_log_row(r) for r in records))
    _write_csv(paths[1], _STEP_COLUMNS, (row for r in records for row in _step_rows(r)))
    _write_csv(paths[2], _PROPERTY_COLUMNS, (row for r in records for row in _property_rows(r)))
    return paths


_LOG_COLUMNS = [
    "Change ID",
    "Date (UTC)",
    "Duration (ms)",
    "Cycle ID",
    "Job ID",
    "Action",
    "Status",
    "Source System",
    "Target System",
    "Source ID",
    "Source Identity",
    "Target ID",
    "Target Identity",
    "Error Code",
    "Reason",
    "Recommended Action",
    "Initiated By",
]
_STEP_COLUMNS = ["Change ID", "Step", "Name", "Type", "Status", "Description", "Details"]
_PROPERTY_COLUMNS = ["Change ID", "Property", "Old Value", "New Value"]


def _log_row(r: dict[str, Any]) -> list[Any]:
    error = r["provisioningStatusInfo"].get("errorInformation") or {}
    return [
        r["changeId"],
        r["activityDateTime"],
        r["durationInMilliseconds"],
        r["cycleId"],
        r["jobId"],
        r["provisioningAction"],
        r["provisioningStatusInfo"]["status"],
        r["sourceSystem"]["displayName"],
        r["targetSystem"]["displayName"],
        r["sourceIdentity"]["id"],
        r["sourceIdentity"]["displayName"],
        r["targetIdentity"]["id"],
        r["targetIdentity"]["displayName"],
        error.get("errorCode") or "",
        error.get("reason") or "",
        error.get("recommendedAction") or "",
        r["initiatedBy"]["displayName"],
    ]


def _step_rows(r: dict[str, Any]) -> Iterable[list[Any]]:
    for number, step in enumerate(r["provisioningSteps"], start=1):
        details = "; ".join(f"{k}: {v}" for k, v in step["details"].items())
        yield [
            r["changeId"],
            number,
            step["name"],
            step["provisioningStepType"],
            step["status"],
            step["description"],
            details,
        ]


def _property_rows(r: dict[str, Any]) -> Iterable[list[Any]]:
    for prop in r["modifiedProperties"]:
        yield [r["changeId"], prop["displayName"], prop["oldValue"] or "", prop["newValue"] or ""]


def _write_csv(path: Path, header: list[str], rows: Iterable[list[Any]]) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)


def export_json(records: Sequence[dict[str, Any]]) -> str:
    """Return records as Graph's list body: ``{"value": [...]}``."""
    return dumps({"value": list(records)})
