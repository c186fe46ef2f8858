"""Connection, discovery, the Microsoft SCIM Validator's own tests and warnings, and what the whole run's answers
show about Entra's retry rules (entra-behavior.md §2.1–2.3, §2.9, §2.10)."""

from __future__ import annotations

from typing import Any

from harness.pipeline import wire
from harness.validate.compare import error_text, list_resources, read_back, replace_pathless
from harness.validate.model import Skipped, Warned, expect
from harness.validate.registry import Registry
from harness.validate.sources import LOGS, QUARANTINE, SCIM_GUIDE, VALIDATOR

__all__ = ["CONNECTION_CHECKS", "END_CHECKS", "VALIDATOR_CHECKS"]

connection = Registry()
validator = Registry()
end = Registry()
CONNECTION_CHECKS, VALIDATOR_CHECKS, END_CHECKS = connection.checks, validator.checks, end.checks
ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"
CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User"
MAPPED = (
    "userName",
    "active",
    "displayName",
    "title",
    "emails",
    "preferredLanguage",
    "name",
    "addresses",
    "phoneNumbers",
)


def _empty_list(run: Any, resource: str) -> str | None:
    attribute = "displayName" if resource == "Groups" else "userName"
    guid = run.world.rng.uuid()
    reply = run.client.query(resource, attribute, guid)
    expect(
        reply.status == 200, f'{attribute} eq "{guid}" answered {reply.status or reply.error}: {reply.body}'
    )
    found = list_resources(reply)
    expect(found is not None, f"the answer is not a ListResponse with totalResults: {reply.body}")
    expect(reply.body.get("totalResults") == 0 and not found, f"a random GUID matched: {reply.body}")
    return None


@connection(
    "connection.random-guid-user",
    "Test connection: filter users on a random GUID",
    ("baseline", "connection", "filters"),
    behaviour='Test connection queries GET /Users?filter=userName eq "<random GUID>" and expects 200 with an empty '
    "ListResponse (totalResults 0, Resources []); 400 or 404 here is a failure.",
    source=SCIM_GUIDE,
    consequence="Test connection fails: the provisioning job cannot be saved or started, or is quarantined.",
)
def random_guid_user(run: Any) -> str | None:
    return _empty_list(run, "Users")


@connection(
    "connection.random-guid-group",
    "Test connection: filter groups on a random GUID, members excluded",
    ("connection", "groups", "filters"),
    behaviour="Entra also fetches a random group: GET /Groups?excludedAttributes=members&filter=displayName eq "
    '"<random GUID>" → 200 with an empty ListResponse.',
    source=SCIM_GUIDE,
    consequence="Group lookups fail: groups are never matched or provisioned.",
)
def random_guid_group(run: Any) -> str | None:
    return _empty_list(run, "Groups")


@connection(
    "connection.wrong-token",
    "A wrong token is refused with 401 (Entra: invalid credentials)",
    ("baseline", "connection", "errors"),
    behaviour="Test connection with a wrong secret token must be answered 401 (or 403); the portal then shows "
    "'You appear to have entered invalid credentials' and a running job is quarantined.",
    source=QUARANTINE,
    consequence="A wrong or expired token is not reported as invalid credentials: Entra shows a misleading error, "
    "or (2xx) cannot tell a wrong token at all — and anyone holding any token can write to the app.",
)
def wrong_token(run: Any) -> str | None:
    job = run.job(auth={"type": "bearer", "token": f"wrong-{run.world.rng.uuid()}"})
    result = run.provision(job, user=run.source.upn("nobody"))
    statuses = [e.status for e in run.exchanges]
    expect(statuses, f"nothing reached the endpoint: {error_text(result)}")
    expect(statuses[0] in (401, 403), f"a wrong token was answered {statuses[0]}, not 401/403", warn=True)
    return f"Entra reports: {error_text(result)}"


@connection(
    "connection.oauth-wrong-secret",
    "OAuth: a wrong client secret gets no token (Entra: invalid credentials)",
    ("connection", "errors", "oauth"),
    behaviour="With OAuth client credentials Entra requests a token first; a wrong secret must be refused by the "
    "token endpoint (400/401), which Test connection reports as a credentials failure.",
    source=SCIM_GUIDE,
    consequence="A wrong or rotated secret is not detected: Entra's calls fail later with misleading errors.",
)
def oauth_wrong_secret(run: Any) -> str | None:
    endpoint = run.endpoint
    if not endpoint.oauth_token_url:
        raise Skipped("the endpoint is validated with a bearer token (--token)")
    auth = {**endpoint.auth(), "client_secret": f"wrong-{run.world.rng.uuid()}"}
    result = run.provision(run.job(auth=auth), user=run.source.upn("nobody"))
    reply = run.world.http.post(
        endpoint.oauth_token_url,
        data={
            "grant_type": "client_credentials",
            "client_id": auth["client_id"],
            "client_secret": auth["client_secret"],
        },
    )
    expect(
        reply.status_code in (400, 401), f"the token endpoint answered {reply.status_code} to a wrong secret"
    )
    return f"Entra reports: {error_text(result)}"


@connection(
    "connection.no-token",
    "A request without Authorization is refused with 401",
    ("connection", "errors"),
    behaviour="Every request carries Authorization: Bearer <token>; one without must be refused.",
    source=SCIM_GUIDE,
    consequence="The app's data is open to anyone who can reach the URL.",
)
def no_token(run: Any) -> str | None:
    reply = run.with_token(None).query("Users", "userName", run.world.rng.uuid())
    expect(
        reply.status in (401, 403), f"answered {reply.status} without any credentials, not 401/403", warn=True
    )
    return None


@connection(
    "discovery.service-provider-config",
    "ServiceProviderConfig claims what Entra needs (PATCH, filter)",
    ("discovery",),
    behaviour="Entra needs PATCH (groups are only supported with PATCH) and eq filters on the matching attributes "
    '(userName, externalId, emails[type eq "work"].value, displayName).',
    source=SCIM_GUIDE,
    consequence="The endpoint's own description contradicts what Entra relies on (tools that read it disable PATCH "
    "or filtering).",
)
def service_provider_config(run: Any) -> str | None:
    reply = run.send("GET", "/ServiceProviderConfig")
    expect(reply.status == 200 and isinstance(reply.body, dict), f"answered {reply.status}", warn=True)
    patch, filters = reply.body.get("patch") or {}, reply.body.get("filter") or {}
    expect(patch.get("supported") is True, f"patch.supported is {patch.get('supported')!r}", warn=True)
    expect(filters.get("supported") is True, f"filter.supported is {filters.get('supported')!r}", warn=True)
    limited = filters.get("x-filterAttributes")
    if isinstance(limited, list):
        missing = [
            a for a in ("username", "externalid", "displayname") if a not in {str(x).lower() for x in limited}
        ]
        expect(not missing, f"filters only on {limited}: not on {missing}", warn=True)
    return None


@connection(
    "discovery.schemas",
    "/Schemas lists the attributes the default mappings write",
    ("discovery",),
    behaviour="GET /Schemas (a ListResponse) is read when the provisioning configuration is saved; discovered "
    "attributes are added to the target attribute list.",
    source=SCIM_GUIDE,
    consequence="Attributes the mappings write are missing from the endpoint's schema: schema discovery and tools "
    "that read it cannot offer them.",
)
def schemas(run: Any) -> str | None:
    found = list_resources(run.send("GET", "/Schemas"))
    expect(found is not None, "GET /Schemas is not a ListResponse", warn=True)
    user = next((s for s in found or [] if s.get("id") == CORE_USER), None)
    if user is None:
        raise Warned(f"no {CORE_USER} in /Schemas")
    names = {str(a.get("name", "")).lower() for a in user.get("attributes", []) if isinstance(a, dict)}
    missing = [a for a in MAPPED if a.lower() not in names]
    expect(not missing, f"the User schema lacks {missing}", warn=True)
    return None


def _manager_user(run: Any) -> str:
    return str(run.need("manager_id"))


@validator(
    "validator.pathless-username",
    "Path-less replace of userName",
    ("validator", "users"),
    behaviour='The SCIM Validator updates userName with {"op":"replace","value":{"userName":"…"}}.',
    source=VALIDATOR,
    consequence="The Microsoft SCIM Validator fails the endpoint; path-less replaces Entra folds are lost.",
)
def pathless_username(run: Any) -> str | None:
    user_id = _manager_user(run)
    new = run.source.upn("renamed")
    run.names.append(("Users", "userName", new))
    replace_pathless(run, "Users", user_id, "userName", new)
    return None


@validator(
    "validator.value-paths",
    "Replace typed entries by value path",
    ("validator", "users"),
    behaviour='The SCIM Validator replaces emails[type eq "work"].value, phoneNumbers[type eq "work"].value and '
    'addresses[type eq "work"].streetAddress.',
    source=VALIDATOR,
    consequence="Changes to work email, phone or address never reach the app.",
)
def value_paths(run: Any) -> str | None:
    user_id = _manager_user(run)
    values = {
        'emails[type eq "work"].value': f"{run.prefix}changed@contoso.com",
        'phoneNumbers[type eq "work"].value': "+41 44 555 07 07",
        'addresses[type eq "work"].streetAddress': "Bahnhofstrasse 7",
    }
    ops = [{"op": "replace", "path": path, "value": value} for path, value in values.items()]
    reply = run.client.patch("Users", user_id, {"schemas": [wire.PATCH_SCHEMA], "Operations": ops})
    expect(reply.ok, f"the PATCH answered {reply.status}: {reply.body}")
    got = read_back(run.client.get("Users", user_id), "the user")
    problems = []
    for path, value in values.items():
        attr, _, rest = path.partition("[")
        sub = rest.rsplit(".", 1)[1]
        items = [e for e in got.get(attr) or [] if isinstance(e, dict) and e.get("type") == "work"]
        if not items or items[0].get(sub) != value:
            problems.append(f"{path} reads back {items[0].get(sub) if items else None!r}")
    expect(not problems, "; ".join(problems))
    return None


@end(
    "validator.content-type",
    "Responses are application/scim+json",
    ("validator", "baseline"),
    behaviour="Responses should carry Content-Type: application/scim+json; the SCIM Validator warns otherwise.",
    source=SCIM_GUIDE,
    consequence="The Microsoft SCIM Validator warns; strict clients may refuse the answers.",
)
def content_type(run: Any) -> str | None:
    wrong = sorted(
        {
            e.content_type
            for e in run.all_exchanges
            if e.response_body is not None and not e.content_type.startswith("application/scim+json")
        }
    )
    expect(not wrong, f"answers came back as {wrong}", warn=True)
    return None


def _string_booleans(value: Any, path: str = "") -> list[str]:
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            if key in ("active", "primary") and isinstance(item, str):
                found.append(f"{path}{key}={item!r}")
            found += _string_booleans(item, f"{path}{key}.")
        return found
    if isinstance(value, list):
        return [problem for item in value for problem in _string_booleans(item, path)]
    return []


@end(
    "validator.boolean-serialization",
    "Booleans are JSON booleans",
    ("validator", "baseline"),
    behaviour="active and primary must come back as JSON true/false, not strings; the SCIM Validator checks boolean "
    "serialization.",
    source=VALIDATOR,
    consequence='Entra sees "True" ≠ true and re-sends active on every cycle; the SCIM Validator fails.',
)
def boolean_serialization(run: Any) -> str | None:
    found = [
        p for e in run.all_exchanges if e.response_body is not None for p in _string_booleans(e.response_body)
    ]
    expect(not found, f"string booleans in answers: {sorted(set(found))[:5]}", warn=True)
    return None


@end(
    "errors.no-5xx",
    "No request was answered with a 5xx (passive: judged on the run's own answers)",
    ("baseline", "errors", "retry", "passive"),
    behaviour="A 5xx is an InternalServerError: the object is retried about 40 minutes later, in escrow, and a "
    "job failing too often is quarantined. Passive: the validator cannot make an endpoint fail, so it judges the "
    "answers of every other check; Entra's retry handling itself is scimulator's, tested against mockscim's faults.",
    source=LOGS,
    consequence="Those objects are retried for hours and the job is quarantined when failures pile up.",
)
def no_server_errors(run: Any) -> str | None:
    errors = [f"{e.method} {e.url} → {e.status}" for e in run.all_exchanges if (e.status or 0) >= 500]
    expect(not errors, "; ".join(errors[:5]))
    return None


@end(
    "errors.retry-after",
    "429 answers carry Retry-After (passive: judged on the run's own answers)",
    ("errors", "retry", "passive"),
    behaviour="Entra retries TooManyRequests; Retry-After tells it when (honouring it is not firmly documented). "
    "Passive: the validator sends no burst to provoke throttling, so only a 429 met during the run is judged.",
    source=LOGS,
    consequence="Entra retries at its own pace, which may hit the limit again.",
)
def retry_after(run: Any) -> str | None:
    throttled = [e for e in run.all_exchanges if e.status == 429]
    if not throttled:
        raise Skipped(
            "the endpoint never answered 429 during the run (passive check: nothing is sent to provoke one)"
        )
    missing = [e.url for e in throttled if not e.retry_after]
    expect(not missing, f"429 without Retry-After: {missing[:3]}", warn=True)
    return None


@end(
    "errors.error-schema",
    "Errors come in the SCIM Error schema",
    ("errors",),
    behaviour='Error answers carry {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"status":…}; '
    "Entra shows their detail in the provisioning logs.",
    source=SCIM_GUIDE,
    consequence="The provisioning logs show no useful error detail.",
)
def error_schema(run: Any) -> str | None:
    bad = [
        f"{e.method} {e.status}"
        for e in run.all_exchanges
        if (e.status or 0) >= 400
        and isinstance(e.response_body, dict)
        and ERROR_SCHEMA not in (e.response_body.get("schemas") or [])
    ]
    expect(not bad, f"errors without the Error schema: {sorted(set(bad))}", warn=True)
    return None
