"""Hand-built results shaped like the engine's, for renderer, log and CLI tests (no engine needed)."""

from __future__ import annotations

from harness.result import STEP_TITLES, ModifiedProperty, ProvisioningResult, Step, StepError, WireRecord

UPN = "adele.vance@contoso.onmicrosoft.com"
SUBJECT = {
    "type": "User",
    "id": "6e7b768e-07e2-4810-8459-485f84f8f204",
    "userPrincipalName": UPN,
    "displayName": "Adele Vance",
}
JOB = {"name": "Contoso SCIM app", "source": {"type": "entra"}}
T0, T1 = "2026-01-05T09:00:00Z", "2026-01-05T09:00:01.250000Z"


def _step(
    step_id: str, status: str, description: str, details: dict | None = None, error: StepError | None = None
) -> Step:
    return Step(step_id, STEP_TITLES["User"][step_id], status, description, details or {}, error)  # type: ignore


def _import() -> Step:
    return _step(
        "import",
        "Success",
        f"Retrieved User '{UPN}' from Azure Active Directory",
        {
            "objectId": SUBJECT["id"],
            "accountEnabled": True,
            "displayName": "Adele Vance",
            "mailNickname": "adele.vance",
            "userPrincipalName": UPN,
            "IsSoftDeleted": False,
            "department": "Sales",
        },
    )


def _scope(status: str = "Success", assigned: bool = True) -> Step:
    return _step(
        "scope",
        status,
        "Determine if User in scope by evaluating against each scoping filter",
        {
            "Active in source system": True,
            "Assigned to application": assigned,
            "Scope sync all": False,
            "User has required role": True,
        },
    )


def created(change_id: str = "c0ffee00-0000-4000-8000-000000000001") -> ProvisioningResult:
    """Scenario 1: a user created in the target."""
    action = _step(
        "action",
        "Success",
        f"User '{UPN}' was created in customappsso",
        {"userName": UPN, "active": "True", "displayName": "Adele Vance"},
    )
    match = _step(
        "match",
        "Success",
        "No matching user was found in customappsso",
        {"userName": {"value": UPN, "matched": []}},
    )
    return ProvisioningResult(
        subject=dict(SUBJECT),
        result="Success",
        action="Create",
        steps=[_import(), _scope(), match, action],
        modified_properties=[
            ModifiedProperty("userName", None, UPN),
            ModifiedProperty("active", None, "True"),
            ModifiedProperty("displayName", None, "Adele Vance"),
        ],
        requests=[
            WireRecord("GET", "http://mockscim.local/scim/v2/Users?filter=userName+eq+%22x%22", 200),
            WireRecord("POST", "http://mockscim.local/scim/v2/Users", 201, body={"userName": UPN}),
        ],
        change_id=change_id,
        start_time=T0,
        end_time=T1,
        job=dict(JOB),
        target={"id": "9f1c0000-0000-4000-8000-00000000aaaa"},
    )


def redundant(change_id: str = "c0ffee00-0000-4000-8000-000000000002") -> ProvisioningResult:
    """Scenario 2: already in sync, skipped with RedundantExport."""
    match = _step(
        "match",
        "Success",
        f"Retrieved '{UPN}' from customappsso",
        {
            "active": True,
            "displayName": "Adele Vance",
            "id": "9f1c0000-0000-4000-8000-00000000aaaa",
            "userName": UPN,
        },
    )
    action = _step(
        "action",
        "Skipped",
        "The state of the user in both the source and target systems already "
        "match. No change to the user currently needs to be made.",
        {"SkipReason": "RedundantExport"},
    )
    return ProvisioningResult(
        subject=dict(SUBJECT),
        result="Skipped",
        action="Skip",
        steps=[_import(), _scope(), match, action],
        requests=[WireRecord("GET", "http://mockscim.local/scim/v2/Users?filter=userName+eq+%22a%22", 200)],
        change_id=change_id,
        start_time=T0,
        end_time=T1,
        job=dict(JOB),
        target={"id": "9f1c0000-0000-4000-8000-00000000aaaa"},
    )


def out_of_scope(change_id: str = "c0ffee00-0000-4000-8000-000000000003") -> ProvisioningResult:
    """Scenario 5 (first run): not assigned yet, skipped as NotEffectivelyEntitled."""
    return ProvisioningResult(
        subject=dict(SUBJECT),
        result="Skipped",
        action="Skip",
        steps=[_import(), _scope("Skipped", False)],
        change_id=change_id,
        start_time=T0,
        end_time=T0,
        job=dict(JOB),
    )


def conflict(change_id: str = "c0ffee00-0000-4000-8000-000000000004") -> ProvisioningResult:
    """Scenario 9: the POST answered 409."""
    error = StepError(
        "ContosoSCIMappEntryConflict",
        "Failed to create User in customappsso: 409 Conflict",
        ["Check for an existing user with the same userName in the target."],
    )
    action = _step(
        "action", "Failure", f"Failed to create User '{UPN}' in customappsso", {"userName": UPN}, error
    )
    return ProvisioningResult(
        subject=dict(SUBJECT),
        result="Failure",
        action="Create",
        steps=[_import(), _scope(), action],
        modified_properties=[ModifiedProperty("userName", None, UPN)],
        requests=[WireRecord("POST", "http://mockscim.local/scim/v2/Users", 409, body={"userName": UPN})],
        change_id=change_id,
        start_time=T0,
        end_time=T1,
        job=dict(JOB),
    )


def connection_failed(change_id: str = "c0ffee00-0000-4000-8000-000000000005") -> ProvisioningResult:
    """Scenario 16: wrong bearer token."""
    error = StepError(
        "Unauthorized",
        "The target answered 401 Unauthorized to the test user query.",
        ["Check the secret token and the tenant URL."],
    )
    step = _step("test_connection", "Failure", "Test connection failed", {}, error)
    return ProvisioningResult(
        subject=dict(SUBJECT),
        result="Failure",
        action="Other",
        steps=[step],
        requests=[WireRecord("GET", "http://mockscim.local/scim/v2/Users?filter=x", 401)],
        change_id=change_id,
        start_time=T0,
        end_time=T0,
        job=dict(JOB),
    )


def group_run() -> ProvisioningResult:
    """Scenario 11: a group with one member added."""
    member = created("c0ffee00-0000-4000-8000-000000000007")
    group = ProvisioningResult(
        subject={"type": "Group", "id": "g-1", "displayName": "Sales"},
        result="Success",
        action="Create",
        steps=[Step("action", STEP_TITLES["Group"]["action"], "Success", "Group 'Sales' was created", {})],
        change_id="c0ffee00-0000-4000-8000-000000000006",
        start_time=T0,
        end_time=T1,
        job=dict(JOB),
        members=[member],
    )
    return group
