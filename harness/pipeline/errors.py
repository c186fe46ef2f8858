"""Entra's error codes, skip reasons and the seed's troubleshooting tips, as data.

Codes are the provisioning-log codes of entra-behavior.md §3.4 (S7); skip texts are §3.3; tips restate S1's
"Troubleshooting tips" per step. The exception tree of the pipeline::

    OnDemandRefused          a request refused before anything is sent (6th member, OAuth job running)
"""

from __future__ import annotations

from harness.clients.reply import Reply
from harness.clients.retry import entra_error_code
from harness.errors import RunError
from harness.result import StepError

__all__ = [
    "NOT_EFFECTIVELY_ENTITLED",
    "REDUNDANT_EXPORT",
    "SKIP_TEXTS",
    "TIPS",
    "OnDemandRefused",
    "app_error_code",
    "export_error",
    "redundant_export_text",
    "step_error",
]

REDUNDANT_EXPORT = "RedundantExport"
NOT_EFFECTIVELY_ENTITLED = "NotEffectivelyEntitled"


class OnDemandRefused(RunError):
    """The portal refuses this on-demand request before sending anything; the message says why."""


# S1 "Troubleshooting tips", per step and cause.
TIPS: dict[str, list[str]] = {
    "credentials": [
        (
            "Ensure that you have provided valid credentials to the target system, such as the secret token and "
            "tenant URL."
        ),
    ],
    # S1's tips for a failed Test connection, added to every cause's own tips ({base}, {kind}, {attribute} filled).
    "test_connection": [
        (
            "Ensure that you have provided valid credentials to the target system, such as the secret token and "
            "tenant URL."
        ),
        "Ensure that the target system supports filtering on the matching attribute ({attribute}).",
        "Reproduce the query with curl: {curl} — it must answer HTTP 200 with an empty list.",
    ],
    # An OAuth job whose token request failed ({token_url} filled); the credentials tip is added after these.
    "oauth_token": [
        (
            "Check the OAuth client ID and client secret of the job (target.auth.client_id, client_secret): an "
            "unknown client or a wrong secret is refused with invalid_client."
        ),
        (
            "Check the token URL ({token_url}): it must be the token endpoint that accepts "
            "grant_type=client_credentials and answers JSON with an access_token."
        ),
        (
            "Reproduce the request with curl: curl -X POST '{token_url}' -d grant_type=client_credentials "
            "-d client_id=<client id> -d client_secret=<client secret>"
        ),
    ],
    "oauth_unreachable": [
        (
            "The OAuth token endpoint ({token_url}) could not be reached in time. Check the token URL and that "
            "the authorization server is up."
        ),
        (
            "Reproduce the request with curl: curl -X POST '{token_url}' -d grant_type=client_credentials "
            "-d client_id=<client id> -d client_secret=<client secret>"
        ),
    ],
    "forbidden": [
        (
            "The target accepted the credentials but refused the request: check that the token's account has the "
            "rights to read and write users (InsufficientRights)."
        ),
    ],
    "not_found": [
        (
            "Ensure that the target system supports filtering on the matching attribute and answers a query that "
            "matches nobody with HTTP 200 and an empty list (totalResults 0), not 404."
        ),
        "Ensure the tenant URL is the base SCIM URL (resource paths such as /Users are appended to it).",
    ],
    "bad_filter": [
        (
            "Ensure that the target system supports filtering on the matching attribute: Entra queries "
            'GET /Users?filter=<matching attribute> eq "<value>" and expects HTTP 200.'
        ),
    ],
    "timeout": [
        (
            "The target did not answer in time. Check that the endpoint is reachable and fast enough; Entra retries "
            "Timeout errors automatically."
        ),
    ],
    "unreachable": [
        "The target could not be reached. Check the tenant URL and that the endpoint is up.",
    ],
    "import_missing_match": [
        (
            "The user is missing the attribute used for matching. Populate the matching attribute in the source "
            "system, or change the matching attribute in the attribute mappings."
        ),
    ],
    "import_not_found": [
        (
            "The search shows only enabled users that are not deleted: disabling or deleting users who were "
            "disabled or deleted in Microsoft Entra ID is not supported by on-demand provisioning."
        ),
    ],
    "import_forbidden": [
        (
            "The directory refused the read (HTTP 403 Authorization_RequestDenied): the app registration lacks a "
            "Microsoft Graph application permission. Reading users, groups, their members, memberships and app "
            "role assignments needs User.Read.All, Group.Read.All, GroupMember.Read.All, Application.Read.All and "
            "Directory.Read.All (granted with admin consent); a new token carries the change."
        ),
    ],
    "import_ambiguous": [
        (
            "The portal's search accepts a first name, last name, display name, user principal name or email: "
            "enter the user principal name, the email or the object ID to name exactly one user."
        ),
    ],
    "import_workday": [
        "Enter the worker's WID or Worker ID (Employee_ID or Contingent_Worker_ID) as Workday knows it.",
        "Check that the Integration System User can read the worker (Get_Workers) as of today.",
    ],
    "import_successfactors": [
        "Enter the person's personIdExternal as SuccessFactors knows it.",
        "Check that the API user can read PerPerson and the employment records of the person.",
    ],
    "scope": [
        (
            "Assign the user to the application (directly or as a direct member of an assigned group), or change "
            "the scope to 'Sync all users and groups'."
        ),
        (
            "Scoping filters are case sensitive and a null value makes a clause false. Don't use Greater_Than with a "
            "value that is not an integer."
        ),
        (
            "After assigning a user or group, on-demand provisioning can report 'not assigned' for a few minutes "
            "while the assignment replicates: retry later."
        ),
    ],
    "duplicate": [
        (
            "More than one object in the target matched. Make the matching attribute unique in the target, or "
            "remove the duplicates."
        ),
    ],
    "cts_policy": [
        (
            "In the target tenant, the cross-tenant access policy of the source tenant must automatically redeem "
            "invitations (inbound trust settings, Microsoft Learn “Configure cross-tenant synchronization”, step 3)."
        ),
        (
            "In the source tenant, the cross-tenant access policy of the target tenant must automatically redeem "
            "invitations outbound (step 4)."
        ),
    ],
    "export": [
        (
            "Review the attributes that were attempted and the target's answer; Entra retries failed exports in "
            "later cycles."
        ),
    ],
}


# §3.3 skip texts (S2 RedundantExport; MS Q&A sample for NotEffectivelyEntitled).
def redundant_export_text(object_type: str, display: str) -> str:
    """Return the RedundantExport skip text naming the object, as S2's provisionOnDemand example does."""
    return (
        f"The state of the {object_type.lower()} in both the source and target systems already match. No change to "
        f"the {object_type} '{display}' currently needs to be made."
    )


SKIP_TEXTS: dict[str, str] = {
    REDUNDANT_EXPORT: "The state of the user in both the source and target systems already match. No change to "
    "the user currently needs to be made.",
    "not_assigned": "This object is not assigned to the application. If you did not expect the object to be "
    "skipped, assign the object to the application.",
    "no_entitlement": "This object does not have the required entitlement for provisioning. If you did not expect "
    "the object to be skipped, update the provisioning scope to 'Sync all users and groups' or "
    "assign the object to the application with the appropriate provisioning entitlement.",
    "filter": "This object did not pass a scoping filter. If you did not expect the object to be skipped, review "
    "the scoping filters of the application.",
    "inactive": "This object is not active in the source system.",
}


def step_error(code: str, message: str, tips: str | None = None) -> StepError:
    """Return a StepError with the named tips."""
    return StepError(code=code, message=message, tips=list(TIPS.get(tips or "", [])))


def app_error_code(app_name: str, code: str) -> str:
    """Return Entra's per-app code: "<App>EntryConflict" for EntryConflict (S20), the bare code otherwise."""
    if code != "EntryConflict":
        return code
    prefix = "".join(part for part in app_name.split() if part.isalnum())
    return f"{prefix}EntryConflict" if prefix else code


def export_error(
    reply: Reply,
    operation: str,
    subject: str,
    app_name: str,
    object_type: str = "User",
    system: str = "",
    code: str | None = None,
) -> StepError:
    """Explain a failed export the way the provisioning log does (S7, S20; 1Password/scim-examples#82).

    The code carries the app's name (``<App>EntryConflict``, S20); the text names the target system (S2's
    "customappsso"): "Failed to create User '<upn>' in customappsso; Error: customappsso returned an error
    response with the HTTP status code 409. …".
    """
    code = app_error_code(app_name, code or entra_error_code(reply))
    system = system or app_name
    if reply.status:
        answer = f"{system} returned an error response with the HTTP status code {reply.status}."
    else:
        answer = f"{system} did not answer: {reply.error or 'no answer'}."
    if reply.status == 409:
        answer += " This response indicates that a user or a group already exists with the same name."
    if reply.status:
        answer += f" {reply.detail()}"
    message = f"Failed to {operation} {object_type} '{subject}' in {system}; Error: {answer}"
    return StepError(code=code, message=message.rstrip(), tips=list(TIPS["export"]))
