"""Step 1, Test connection: query the target for an object that cannot exist (entra-behavior.md §1.2, §2.2).

Entra asks ``GET /Users?filter=<matching attribute> eq "<random GUID>"`` and expects HTTP 200 with an empty
ListResponse. The portal shows this step only when it fails (S1), so a success returns no Step. 401, 403, 404, 400
and time-outs are each explained with the seed's tips; any failure here stops the run with nothing else sent.
A 200 ListResponse that is not empty passes (UNSURE): the documented failures are status codes, and a target
that ignores the filter is known to make Entra match the wrong user rather than fail here — so the Match step
reports it, as DuplicateTargetEntries or a wrong match.
"""

from __future__ import annotations

import shlex
from urllib.parse import quote, urlencode

from harness.clients import Reply, resources
from harness.clients.retry import entra_error_code
from harness.pipeline.context import RunContext, make_step
from harness.pipeline.errors import TIPS, step_error
from harness.result import Step, StepError

__all__ = ["matching_attributes", "test_connection"]


def matching_attributes(mapping: object) -> list[str]:
    """Return the target attributes used for matching, in precedence order (S9 "Matching precedence")."""
    rows = [m for m in getattr(mapping, "mappings", ()) if getattr(m, "match", None)]
    return [m.target for m in sorted(rows, key=lambda m: m.match)]


def test_connection(ctx: RunContext) -> Step | None:
    """Probe the target with a random GUID on the first matching attribute; return a Step only on failure."""
    resource = "Groups" if ctx.object_type == "Group" else "Users"
    attributes = matching_attributes(ctx.mapping) or (
        ["displayName"] if resource == "Groups" else ["userName"]
    )
    token_step = _token_failure_step(ctx)
    if token_step is not None:
        return token_step
    probes = [(resource, attributes[0])]
    if resource == "Users" and getattr(ctx.settings, "probe_groups_on_test_connection", False):
        probes.append(("Groups", "displayName"))  # §2.2: "fetches a random user and group" (UNSURE)
    for kind, attribute in probes:
        reply = ctx.scim.query(kind, attribute, ctx.rng.uuid())
        error = _failure(reply, attribute)
        if error is not None:
            error.tips = _with_seed_tips(error.tips, ctx.scim.base_url, kind, attribute)
            return make_step(
                ctx,
                "test_connection",
                "Failure",
                f"Failed to connect to the target system at {ctx.scim.base_url}.",
                {"Request": f"{reply.method} {reply.url}", "Response": reply.status or reply.error},
                error,
            )
    return None


def _token_failure_step(ctx: RunContext) -> Step | None:
    """Return the failed Test connection of an OAuth job whose token request got no token (nothing else is sent)."""
    reply = ctx.scim.oauth_failure()
    if reply is None:
        return None
    url = str(ctx.scim.auth_config.token_url)
    answer = token_answer(reply)
    if reply.timed_out:
        code, cause, tips = "Timeout", "the token endpoint did not answer in time", "oauth_unreachable"
    elif reply.dropped:
        code, cause, tips = (
            "WebExceptionProtocolError",
            "the token endpoint could not be reached",
            "oauth_unreachable",
        )
    elif reply.ok:
        code, cause, tips = "Unauthorized", "the answer is not JSON carrying an access_token", "oauth_token"
    else:
        code, cause, tips = (
            "Unauthorized",
            f"the token endpoint answered HTTP {reply.status}",
            "oauth_token",
        )
    error = step_error(code, f"The OAuth token request to {url} failed: {cause}: {answer}", tips)
    error.tips = list(
        dict.fromkeys(tip.replace("{token_url}", url) for tip in [*error.tips, *TIPS["credentials"]])
    )
    return make_step(
        ctx,
        "test_connection",
        "Failure",
        f"Failed to get an OAuth token for the target system at {ctx.scim.base_url} from {url}.",
        {"Request": f"POST {url}", "Response": reply.status or reply.error, "Token endpoint error": answer},
        error,
    )


def token_answer(reply: Reply) -> str:
    """Return what a token endpoint said: RFC 6749 ``error: error_description``, else its own words or raw text."""
    body = reply.body
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        described = body.get("error_description")
        return f"{body['error']}: {described}" if described else body["error"]
    if reply.error:
        return f"{reply.error} ({reply.text[:200]})" if reply.text else reply.error
    text = reply.detail().strip()
    return text[:200] if text else "(empty body)"


#: Why Test connection failed, by cause (S1): (error code, message, tips). ``{attribute}`` and ``{detail}`` are
#: filled from the query; a status not listed here is explained by ``entra_error_code``.
_FAILURES: dict[str | int, tuple[str, str, str]] = {
    "timeout": ("Timeout", "The target system did not answer the test query in time.", "timeout"),
    "dropped": ("WebExceptionProtocolError", "The connection to the target system failed.", "unreachable"),
    401: (
        "Unauthorized",
        (
            "You appear to have entered invalid credentials. Please confirm you are "
            "using the correct information for an administrative account."
        ),
        "credentials",
    ),
    403: (
        "InsufficientRights",
        (
            "The target system refused the request (HTTP 403): the "
            "credentials are valid but not allowed to read users."
        ),
        "forbidden",
    ),
    404: (
        "SystemForCrossDomainIdentityManagementServiceIncompatible",
        (
            "The target system answered HTTP 404 to a query that matches nobody; Entra expects HTTP "
            "200 with an empty list."
        ),
        "not_found",
    ),
    400: (
        "SystemForCrossDomainIdentityManagementBadRequest",
        (
            "The target system rejected the test query on the matching attribute {attribute} "
            "(HTTP 400: {detail}); the target must support filtering on {attribute} with "
            "eq."
        ),
        "bad_filter",
    ),
    "not_a_list": (
        "SystemForCrossDomainIdentityManagementServiceIncompatible",
        (
            "The target system answered the test query with a body that is not a SCIM ListResponse; "
            "a query that matches nobody must return an empty list."
        ),
        "not_found",
    ),
}


def _failure(reply: Reply, attribute: str) -> StepError | None:
    """Return why the test query failed, or None when it passed."""
    if _passed(reply):
        return None
    cause = _failure_cause(reply)
    if cause is None:
        return step_error(
            entra_error_code(reply),
            f"The test query failed with HTTP {reply.status}: {reply.detail()}",
            "credentials",
        )
    code, message, tips = _FAILURES[cause]
    return step_error(code, message.format(attribute=attribute, detail=reply.detail()), tips)


def _passed(reply: Reply) -> bool:
    """Return True for a ListResponse: a target that ignores the filter passes here and fails in Match."""
    listed = reply.ok and isinstance(reply.body, dict) and "Resources" in reply.body
    return listed or _empty_list(reply)  # mockscim ignore-filter shows the Match failure


def _failure_cause(reply: Reply) -> str | int | None:
    """Return the key of ``_FAILURES`` that explains the failed reply, or None for an unlisted status."""
    if reply.timed_out:
        return "timeout"
    if reply.dropped:
        return "dropped"
    if reply.status in _FAILURES:
        return reply.status
    if reply.ok:
        return "not_a_list"
    return None


def _with_seed_tips(tips: list[str], base: str, kind: str, attribute: str) -> list[str]:
    """Return the cause's tips, then S1's Test connection tips not already given, placeholders filled."""
    curl = connection_curl(base, kind, attribute)
    filled = [
        tip.replace("{base}", base.rstrip("/"))
        .replace("{kind}", kind)
        .replace("{attribute}", attribute)
        .replace("{curl}", curl)
        for tip in [*tips, *TIPS["test_connection"]]
    ]
    return list(dict.fromkeys(filled))


#: A value no object has, for the query a person re-runs by hand (any value works; this one reads as such).
NO_SUCH_VALUE = "no-such-value-0000"


def connection_curl(base: str, kind: str, attribute: str) -> str:
    """Return a curl command that runs as printed: the Test connection query, URL-encoded and shell-quoted.

    The bearer token is a placeholder to replace: run as printed, the target answers 401.
    """
    query = urlencode({"filter": f'{attribute} eq "{NO_SUCH_VALUE}"'}, quote_via=quote)
    url = f"{base.rstrip('/')}/{kind}?{query}"
    return f"curl -H {shlex.quote('Authorization: Bearer <secret token>')} {shlex.quote(url)}"


def _empty_list(reply: Reply) -> bool:
    return reply.ok and isinstance(reply.body, dict) and not resources(reply) and "totalResults" in reply.body
