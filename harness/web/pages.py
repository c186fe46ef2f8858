"""The server-rendered pages: forms that work without JavaScript, over the same WebService as the JSON API.

A view reads the form, calls the service and renders a template; a ``WebError`` is shown in the page it came
from, next to the form, with the status it carries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, current_app, redirect, render_template, request
from werkzeug.wrappers import Response

from harness.logs.store import ACTIONS, CSV_FILES, STATUSES
from harness.web.api import log_filters
from harness.web.service import WebError, WebService
from harness.web.target import ControlClient, pretty_body, readable_query

__all__ = ["bp"]

bp = Blueprint(
    "pages", __name__, template_folder="templates", static_folder="static", static_url_path="/static"
)

Page = str | tuple[str, int] | Response


def _web() -> WebService:
    return current_app.extensions["scimulator.web"]


def _control() -> ControlClient:
    return current_app.extensions["scimulator.control"]


def _key() -> str | None:
    return request.values.get("job") or _web().first_key()


def _page(template: str, status: int = 200, **context: Any) -> tuple[str, int]:
    web = _web()
    key = _key()
    entry = web.jobs.get(key) if key else None
    return render_template(template, jobs=list(web.jobs.values()), key=key, entry=entry, **context), status


def _attempt(call: Callable[[], Any]) -> tuple[Any, WebError | None]:
    """Run ``call``; return its value, or the WebError it raised for the page to show."""
    try:
        return call(), None
    except WebError as exc:
        return None, exc


def _provision(status: int = 200, **context: Any) -> Page:
    """Render Provision on demand with nothing found, chosen or run unless ``context`` says so."""
    values: dict[str, Any] = {
        "query": "",
        "group": "",
        "found": None,
        "members": None,
        "chosen": [],
        "worker": "",
        "result": None,
        "error": None,
    }
    return _page("provision.html", status, **{**values, **context})


@bp.get("/")
def provision_page() -> Page:
    """Show Provision on demand: the job, the search (with its results when asked) or a group and its members."""
    web, key, args = _web(), _key(), request.args
    query = (args.get("q") or (args.get("user") if args.get("find") else "") or "").strip()
    group = args.get("group", "").strip() if args.get("show") or args.get("mode") == "group" else ""
    found = members = problem = None
    if key and query:
        found, problem = _attempt(lambda: web.search_users(key, query))
    if key and group:
        members, problem = _attempt(lambda: web.group_members(key, group))
    return _provision(
        problem.status if problem else 200,
        query=query or args.get("user", ""),
        group=group,
        found=found,
        members=members,
        error=problem.message if problem else None,
    )


@bp.post("/provision")
def provision_submit() -> Page:
    """Run the provisioning the form asks for, then show its result; a refusal is shown beside the form."""
    form = request.form
    as_group = form.get("mode") == "group"
    inputs = {
        "user": None if as_group else (form.get("pick") or form.get("user")),
        "group": form.get("group") if as_group else None,
        "members": form.getlist("members") if as_group else [],
        "worker_id": form.get("worker_id"),
        "person_id_external": form.get("person_id_external"),
    }
    result, problem = _attempt(lambda: _web().provision(_key(), inputs))
    if problem is None:
        return redirect(f"/runs/{result.change_id}?job={_key()}", 303)
    members = None
    if inputs["group"]:
        members, _ = _attempt(lambda: _web().group_members(_key(), str(inputs["group"])))
    return _provision(
        problem.status,
        query=form.get("user", ""),
        group=inputs["group"] or "",
        members=members,
        chosen=inputs["members"],
        error=problem.message,
        worker=inputs["worker_id"] or inputs["person_id_external"] or "",
    )


@bp.get("/runs/<change_id>")
def run_page(change_id: str) -> Page:
    """Show one run's steps, View details, modified properties, exchanges and downloads."""
    result = _web().result(change_id)
    return _provision(query=result.subject.get("query", ""), result=result)


@bp.post("/jobs")
def add_job() -> Page:
    """Add a job file by path; one that does not load is shown with its error."""
    path = request.form.get("path", "").strip()
    if not path:
        return _provision(400, error="Give the job file's path.")
    entry = _web().add_job(path)
    if entry.job is None:
        return _provision(400, error=f"The job file does not load: {entry.error}")
    return redirect(f"/?job={entry.key}", 303)


@bp.get("/logs")
def logs_page() -> Page:
    """Show the provisioning logs, filtered, with a detail panel for the entry ``?id=``."""
    filters = log_filters(request.args)
    records, problem = _attempt(lambda: _web().log_records(filters))
    selected = None
    if request.args.get("id"):
        selected, problem = _attempt(lambda: _web().log_record(str(request.args["id"])))
    query = "&".join(f"{k}={v}" for k, v in filters.items() if v)
    return _page(
        "logs.html",
        problem.status if problem else 200,
        records=records or [],
        filters=filters,
        statuses=STATUSES,
        actions=ACTIONS,
        selected=selected,
        csv_files=CSV_FILES,
        query=query,
        error=problem.message if problem else None,
    )


@bp.route("/expression", methods=["GET", "POST"])
def expression_page() -> Page:
    """Evaluate an attribute-mapping expression against a chosen user."""
    from harness.web.testers import evaluate_expression

    expression = request.form.get("expression", request.args.get("expression", ""))
    user = request.form.get("user", request.args.get("user", ""))
    return _tester(
        "expression.html",
        lambda: evaluate_expression(_web(), _key(), expression, user),
        None,
        expression=expression,
        user=user,
    )


@bp.route("/scope", methods=["GET", "POST"])
def scope_page() -> Page:
    """Test scoping filters (the job's, or edited ones) against a chosen user, clause by clause."""
    from harness.web.testers import filters_yaml, test_scope

    user = request.values.get("user", "")
    filters = request.form.get("filters")
    problem = None
    if filters is None and _key():
        filters, problem = _attempt(lambda: filters_yaml(_web(), _key()))
    return _tester(
        "scope.html",
        lambda: test_scope(_web(), _key(), user, filters or ""),
        problem,
        user=user,
        filters=filters or "",
    )


def _tester(template: str, run: Callable[[], Any], problem: WebError | None, **values: Any) -> Page:
    """Render a tester page: on POST run the tester (its problem replaces ``problem``); 422 when it found an error."""
    outcome = None
    if request.method == "POST":
        outcome, problem = _attempt(run)
    status = problem.status if problem else (422 if outcome and outcome.get("error") else 200)
    return _page(template, status, outcome=outcome, error=problem.message if problem else None, **values)


@bp.get("/activity")
def activity_page() -> Page:
    """Show the target's request journal (filtered) and the controls."""
    return _activity(None, None)


@bp.post("/activity/<control>")
def activity_control(control: str) -> Page:
    """Apply one control (clock, replication, profile, fault, clear-faults, clear-journal), then show the page."""
    actions: dict[str, Callable[[Any], str]] = {
        "clock": _move_clock,
        "replication": _set_replication,
        "profile": _set_profile,
        "fault": _add_fault,
        "clear-faults": _clear_faults,
        "clear-journal": _clear_journal,
    }
    if control not in actions:
        raise WebError(f"There is no control '{control}'.", 404)
    done, problem = _attempt(lambda: actions[control](_web().job(_key())))
    return _activity(done, problem)


def _activity(done: str | None, problem: WebError | None) -> Page:
    web, control = _web(), _control()
    filters = {k: request.args.get(k, "") for k in ("method", "status", "q")}
    journal = profile = replication = clocks = faults = None
    job, load_problem = _attempt(lambda: web.job(_key()))
    if job is not None:
        journal, read_problem = _attempt(lambda: control.journal(job, filters))
        problem = problem or read_problem
        profile, _ = _attempt(lambda: control.profile(job))
        replication, _ = _attempt(lambda: control.replication(job))
        clocks, _ = _attempt(lambda: control.clock(job))
        faults, _ = _attempt(lambda: control.faults(job, "scim"))
    problem = problem or load_problem
    return _page(
        "activity.html",
        problem.status if problem else 200,
        journal=journal,
        filters=filters,
        profile=profile,
        replication=replication,
        clocks=clocks,
        faults=faults,
        done=done,
        pretty_body=pretty_body,
        readable_query=readable_query,
        poll=current_app.config["POLL_SECONDS"],
        error=problem.message if problem else None,
    )


def _seconds(name: str) -> float:
    text = request.form.get(name, "").strip()
    try:
        value = float(text)
    except ValueError:
        raise WebError(
            f"{name.replace('_', ' ').capitalize()} must be a number of seconds, not {text!r}."
        ) from None
    if value < 0:
        raise WebError(f"{name.replace('_', ' ').capitalize()} must be 0 or more seconds.")
    return value


def _move_clock(job: Any) -> str:
    seconds = _seconds("seconds")
    now = _control().clock(job, seconds)
    return f"Moved the clock {seconds:g} s forward: the directory's is now {now['idp']['now']}."


def _set_replication(job: Any) -> str:
    reply = _control().replication(job, _seconds("delay"), request.form.get("mode") or None)
    return f"Replication: delay {reply['delay']:g} s, mode {reply['mode']}."


def _set_profile(job: Any) -> str:
    quirks = [q.strip() for q in request.form.get("quirks", "").replace(",", " ").split() if q.strip()]
    reply = _control().profile(job, request.form.get("profile", "").strip() or None, quirks)
    return f"Target profile {reply['profile']}" + (
        f", quirks {', '.join(reply['quirks'])}." if reply["quirks"] else "."
    )


def _add_fault(job: Any) -> str:
    form = request.form
    rule: dict[str, Any] = {"method": form.get("method") or "*", "path": form.get("path") or "*"}
    for name in ("status", "times"):
        if form.get(name, "").strip():
            if not form[name].strip().isdigit():
                raise WebError(f"The fault's {name} must be a whole number.")
            rule[name] = int(form[name])
    if form.get("detail", "").strip():
        rule["detail"] = form["detail"].strip()
    if "status" not in rule:
        raise WebError("A fault rule needs the HTTP status to answer with.")
    app = form.get("app", "scim")
    _control().faults(job, app if app in ("scim", "idp") else "scim", rule)
    return f"Fault rule added: {rule['method']} {rule['path']} → {rule['status']}."


def _clear_faults(job: Any) -> str:
    app = request.form.get("app", "scim")
    _control().faults(job, app if app in ("scim", "idp") else "scim", clear=True)
    return "Fault rules cleared."


def _clear_journal(job: Any) -> str:
    _control().clear_journal(job)
    return "Journal cleared."
