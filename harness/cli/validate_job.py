"""``scimulator validate --job``: check a job file, every attribute name in it, and summarise it.

The file is read as ``provision`` reads it (a structural mistake is one line naming the field); then every source
attribute a mapping or scoping clause reads is checked against the source type's attribute list, and every
mapping target against the target's schema — its ``/Schemas`` when the target answers, the default SCIM schema
(RFC 7643 User, enterprise extension, Group) otherwise. Every unknown name is listed, each with the nearest known
name, and the command exits 2.
"""

from __future__ import annotations

from typing import Any

import click
import requests

from harness.cli.app import EXIT_USAGE, CliError
from harness.cli.common import load_job_file

__all__ = ["check_job_file", "source_attribute_names", "target_schemas"]

USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group"


def check_job_file(job_path: str) -> None:
    """Check the job file at ``job_path`` and every attribute name in it; print its summary."""
    from harness.jobs.names import check_names

    job = load_job_file(job_path)
    targets = target_schemas(job)
    problems = check_names(
        job, source_attribute_names(job.source.type, job.source), targets, extension_prefix="extension_"
    )
    if problems:
        for line in problems:
            click.echo(f"{job_path}: {line}")
        raise CliError(f"{job_path}: {len(problems)} unknown attribute name(s)", EXIT_USAGE)
    origin = targets["User"].origin
    click.echo(
        f"{job_path}: ok — {job.name!r}, source {job.source.type}, target {job.target.type} "
        f"{job.target.base_url}, scope {job.scope}, {len(job.users.mappings)} user mappings, "
        f"{len(job.groups.mappings)} group mappings; attribute names checked against the {origin}"
    )


def source_attribute_names(source_type: str, source: Any = None) -> list[str]:
    """Return the user attributes a source of ``source_type`` offers (what a mapping may read).

    HR sources: the documented attribute list (Workday's for the version the URL names) and the job's own.
    """
    from harness.jobs.hr import attribute_list, workday_version
    from harness.pipeline.source_attributes import entra_attribute_names

    if source_type in ("workday", "successfactors"):
        extra = getattr(source, "attributes", ())
        version = workday_version(str(getattr(source, "url", "")))
        return list(attribute_list(source_type, version, extra))  # type: ignore[arg-type]
    return entra_attribute_names()


def target_schemas(job: Any) -> dict[str, Any]:
    """Return the User and Group schemas of the job's target: discovered when it answers, else the defaults."""
    from harness.jobs.names import TargetSchema

    if job.target.type == "entra":  # an Entra ID tenant: Graph's user properties (microsoft.graph.user)
        from harness.pipeline.source_attributes import graph_user_targets

        users = {name: frozenset[str]() for name in graph_user_targets()}
        origin = "Graph user properties (microsoft.graph.user)"
        return {
            "User": TargetSchema(USER_URN, {USER_URN: users}, origin),
            "Group": TargetSchema(GROUP_URN, {GROUP_URN: {}}, origin),
        }
    discovered = _discover(job)
    origin = (
        f"target's /Schemas ({job.target.base_url})"
        if discovered
        else "default SCIM schema (target unreachable)"
    )
    if not discovered:
        from idcore.scim.schema import render_schemas
        from idcore.scim.schema_data import GROUP, USER

        discovered = render_schemas([USER, GROUP])
    return {
        "User": TargetSchema.from_scim(USER_URN, [s for s in discovered if s.get("id") != GROUP_URN], origin),
        "Group": TargetSchema.from_scim(
            GROUP_URN, [s for s in discovered if s.get("id") == GROUP_URN], origin
        ),
    }


def _discover(job: Any) -> list[dict[str, Any]]:
    """Return the target's /Schemas resources, or [] when it does not answer them."""
    from harness.clients import ScimClient, WireLog, resources
    from harness.errors import ScimulatorError
    from idcore.clock import SystemClock

    if job.target.type != "scim":
        return []
    with requests.Session() as session:
        client = ScimClient(session, SystemClock(), job.settings, job.target, WireLog())
        try:
            reply = client.schemas()
        except ScimulatorError:
            return []
    return resources(reply) if reply.ok else []
