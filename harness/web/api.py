"""The JSON API behind every page (``/api/...``; described by ``/openapi.json``): thin views over WebService."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, request

from harness.logs.store import CSV_FILES, export_json
from harness.render.graph import graph_response
from harness.render.json import dumps
from harness.web.service import WebError, WebService
from harness.web.target import ControlClient

__all__ = ["bp", "csv_zip", "json_download", "log_filters", "result_links"]

bp = Blueprint("api", __name__, url_prefix="/api")


def _web() -> WebService:
    return current_app.extensions["scimulator.web"]


def _control() -> ControlClient:
    return current_app.extensions["scimulator.control"]


def _body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if data is None and request.get_data():
        raise WebError("The body must be JSON.")
    if data is not None and not isinstance(data, dict):
        raise WebError("The body must be a JSON object.")
    return data or {}


def _number(value: Any, name: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise WebError(f"{name} must be a number of seconds, not {value!r}.") from None


def json_download(text: str, filename: str) -> Response:
    """Return ``text`` as a JSON file download."""
    return Response(
        text,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def result_links(change_id: str) -> dict[str, str]:
    """Return where a kept result can be read."""
    return {
        "page": f"/runs/{change_id}",
        "json": f"/api/runs/{change_id}",
        "graph": f"/api/runs/{change_id}/graph",
    }


@bp.get("/jobs")
def jobs() -> Response:
    """List the jobs the page offers (with the error of any that does not load)."""
    return jsonify({"jobs": [e.to_dict() for e in _web().jobs.values()]})


@bp.post("/jobs")
def add_job() -> tuple[Response, int]:
    """Add a job file by path: ``{"path": "..."}``; one that does not load is listed with its error."""
    path = str(_body().get("path") or "").strip()
    if not path:
        raise WebError("Give the job file's path.")
    entry = _web().add_job(path)
    return jsonify(entry.to_dict()), 201 if entry.job is not None else 400


@bp.get("/jobs/<key>/users")
def users(key: str) -> Response:
    """Search users as the portal's search box does: ``?q=`` first/last/display name, UPN or email."""
    return jsonify(_web().search_users(key, request.args.get("q", "")))


@bp.get("/jobs/<key>/groups")
def groups(key: str) -> Response:
    """Search groups by display name: ``?q=``."""
    return jsonify({"groups": _web().search_groups(key, request.args.get("q", ""))})


@bp.get("/jobs/<key>/groups/<group>/members")
def members(key: str, group: str) -> Response:
    """Return a group's direct user members and the five-member limit."""
    return jsonify(_web().group_members(key, group))


@bp.post("/jobs/<key>/provision")
def provision(key: str) -> Response:
    """Provision on demand: ``{"user"}`` | ``{"group", "members": [...]}`` | ``{"worker_id"}`` | ``{"person_id_external"}``."""
    body = _body()
    members = body.get("members") or []
    if not isinstance(members, list):
        raise WebError("members must be a list of users.")
    result = _web().provision(key, {**body, "members": [str(m) for m in members]})
    return jsonify({**result.to_dict(), "links": result_links(result.change_id)})


@bp.get("/runs/<change_id>")
def run(change_id: str) -> Response:
    """Return a kept run as the result model (``?download=1``: as a file)."""
    result = _web().result(change_id)
    if request.args.get("download"):
        return json_download(dumps(result.to_dict()), f"provision-{change_id}.json")
    return jsonify(result.to_dict())


@bp.get("/runs/<change_id>/graph")
def run_graph(change_id: str) -> Response:
    """Return a kept run in Graph's provisionOnDemand response shape (``?download=1``: as a file)."""
    data = graph_response(_web().result(change_id))
    if request.args.get("download"):
        return json_download(dumps(data), f"provisionOnDemand-{change_id}.json")
    return jsonify(data)


@bp.post("/jobs/<key>/expression")
def expression(key: str) -> Response:
    """Evaluate ``{"expression", "user"}``; a parse error carries its column."""
    from harness.web.testers import evaluate_expression

    body = _body()
    return jsonify(
        evaluate_expression(_web(), key, str(body.get("expression") or ""), str(body.get("user") or ""))
    )


@bp.post("/jobs/<key>/scope")
def scope(key: str) -> Response:
    """Import ``{"user"}`` and run the Scope step, with the job's filters or ``"filters"`` (YAML text)."""
    from harness.web.testers import test_scope

    body = _body()
    filters = body.get("filters")
    return jsonify(
        test_scope(_web(), key, str(body.get("user") or ""), None if filters is None else str(filters))
    )


def log_filters(args: Any) -> dict[str, Any]:
    """Return the log filters a request names (status, action, identity, since, until)."""
    return {name: args.get(name) for name in ("status", "action", "identity", "since", "until")}


@bp.get("/logs")
def logs() -> Response:
    """List provisioning log entries, newest first, as Graph's list body ``{"value": [...]}``."""
    return jsonify({"value": _web().log_records(log_filters(request.args))})


@bp.get("/logs/export.json")
def logs_json() -> Response:
    """Download the filtered entries as JSON (Graph's list body)."""
    return json_download(export_json(_web().log_records(log_filters(request.args))), "ProvisioningLogs.json")


def csv_zip(records: list[dict[str, Any]]) -> bytes:
    """Return the portal's three CSV files of ``records`` in one zip."""
    buffer = io.BytesIO()
    with (
        tempfile.TemporaryDirectory() as folder,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive,
    ):
        for path in _web().logs.export_csv(Path(folder), records):
            archive.write(path, path.name)
    return buffer.getvalue()


@bp.get("/logs/export.csv")
def logs_csv() -> Response:
    """Download the portal's three CSV files (zip), or one of them with ``?file=ProvisioningLogs.csv``."""
    records = _web().log_records(log_filters(request.args))
    wanted = request.args.get("file")
    if wanted:
        if wanted not in CSV_FILES:
            raise WebError(f"file must be one of {', '.join(CSV_FILES)}.")
        with tempfile.TemporaryDirectory() as folder:
            written = {path.name: path for path in _web().logs.export_csv(Path(folder), records)}
            data = written[wanted].read_bytes()
        return Response(
            data, mimetype="text/csv", headers={"Content-Disposition": f'attachment; filename="{wanted}"'}
        )
    return Response(
        csv_zip(records),
        mimetype="application/zip",
        headers={"Content-Disposition": 'attachment; filename="ProvisioningLogs.zip"'},
    )


@bp.get("/logs/<log_id>")
def log_entry(log_id: str) -> Response:
    """Return one provisioning log entry."""
    return jsonify(_web().log_record(log_id))


@bp.route("/jobs/<key>/activity", methods=["GET", "DELETE"])
def activity(key: str) -> Response:
    """The target's request journal: ``?since=<seq>&method=&status=2xx&q=`` (DELETE clears it)."""
    job = _web().job(key)
    if request.method == "DELETE":
        _control().clear_journal(job)
    since = request.args.get("since")
    if since not in (None, "") and not str(since).isdigit():
        raise WebError("since must be a journal sequence number.")
    return jsonify(_control().journal(job, dict(request.args)))


@bp.route("/jobs/<key>/clock", methods=["GET", "POST"])
def clock(key: str) -> Response:
    """Read both mocks' clocks, or move them: ``{"advance": seconds}``."""
    job = _web().job(key)
    advance = _number(_body().get("advance"), "advance") if request.method == "POST" else None
    if request.method == "POST" and (advance is None or advance < 0):
        raise WebError("advance must be a number of seconds >= 0.")
    return jsonify(_control().clock(job, advance))


@bp.route("/jobs/<key>/replication", methods=["GET", "POST"])
def replication(key: str) -> Response:
    """Read or set the directory's replication delay: ``{"delay": seconds, "mode": time|immediate|manual}``."""
    job = _web().job(key)
    if request.method == "GET":
        return jsonify(_control().replication(job))
    body = _body()
    mode = str(body["mode"]) if body.get("mode") else None
    return jsonify(_control().replication(job, _number(body.get("delay"), "delay"), mode))


@bp.route("/jobs/<key>/profile", methods=["GET", "POST"])
def profile(key: str) -> Response:
    """Read or switch the target's profile and quirks: ``{"profile": NAME, "quirks": [NAME, ...]}``."""
    job = _web().job(key)
    if request.method == "GET":
        return jsonify(_control().profile(job))
    body = _body()
    quirks = body.get("quirks") or []
    if not isinstance(quirks, list):
        raise WebError("quirks must be a list of quirk names.")
    return jsonify(_control().profile(job, str(body.get("profile") or "") or None, [str(q) for q in quirks]))


@bp.route("/jobs/<key>/faults", methods=["GET", "POST", "DELETE"])
def faults(key: str) -> Response:
    """List, add (a fault rule as idcore.faults reads it) or clear the fault rules: ``?app=scim|idp``."""
    job = _web().job(key)
    app = request.args.get("app", "scim")
    if app not in ("scim", "idp"):
        raise WebError("app must be scim or idp.")
    if request.method == "DELETE":
        return jsonify(_control().faults(job, app, clear=True))
    return jsonify(_control().faults(job, app, _body() if request.method == "POST" else None))
