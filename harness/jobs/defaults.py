"""The built-ins of a job: the default attribute mappings as data (entra-behavior.md §4.4) and the default
behaviours where the documentation is unsure (``Settings``, re-exported by harness.jobs.model).

"Provision Microsoft Entra ID Users" has 22 mappings (Microsoft's SCIM guide attribute table, S3, plus copies of
the default template; kortix-ai/suna#7302 counts 22); "Provision Microsoft Entra ID Groups" has 3 (S3). Each row is
the job file's own mapping form, so `docs/jobs.md` can print this table and a job file can repeat any row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from harness.jobs.expressions import EvalSettings

__all__ = [
    "CTS_MATCHING_ATTRIBUTE",
    "CTS_SCOPING_FILTER",
    "CTS_USER_MAPPINGS",
    "DEFAULT_APP",
    "ENTERPRISE_URN",
    "GROUP_MAPPINGS",
    "MEMBERS_TARGET",
    "REFERENCE_TARGETS",
    "ROLE_FUNCTIONS",
    "SUCCESSFACTORS_ENTRA_USER_MAPPINGS",
    "SUCCESSFACTORS_USER_MAPPINGS",
    "USER_MAPPINGS",
    "WORKDAY_ENTRA_USER_MAPPINGS",
    "WORKDAY_USER_MAPPINGS",
    "Settings",
]

ENTERPRISE_URN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

#: The display name of the non-gallery app whose assignments decide scope when a job names none.
DEFAULT_APP = "SCIM app"

#: S9: role mappings are expressions over these functions; on-demand provisioning does not provision roles (S1).
ROLE_FUNCTIONS: tuple[str, ...] = (
    "AppRoleAssignmentsComplex",
    "AssertiveAppRoleAssignmentsComplex",
    "SingleAppRoleAssignment",
)

#: Reference attributes: resolved to the referenced object's target id and sent after the create (S6).
REFERENCE_TARGETS: frozenset[str] = frozenset({f"{ENTERPRISE_URN}:manager".lower(), "manager"})

#: Group membership is a reference too: the group is created empty, members follow by PATCH (S3).
MEMBERS_TARGET = "members"

# §4.4 rows 1–22, in the portal's order. `match: 1` is the default matching attribute (userName).
USER_MAPPINGS: tuple[dict[str, Any], ...] = (
    {"target": "userName", "source": "userPrincipalName", "match": 1},
    {"target": "active", "expression": 'Switch([IsSoftDeleted], , "False", "True", "True", "False")'},
    {"target": "displayName", "source": "displayName"},
    {"target": "title", "source": "jobTitle"},
    {"target": 'emails[type eq "work"].value', "source": "mail"},
    {"target": "preferredLanguage", "source": "preferredLanguage"},
    {"target": "name.givenName", "source": "givenName"},
    {"target": "name.familyName", "source": "surname"},
    {"target": "name.formatted", "expression": 'Join(" ", [givenName], [surname])'},
    {"target": 'addresses[type eq "work"].formatted', "source": "physicalDeliveryOfficeName"},
    {"target": 'addresses[type eq "work"].streetAddress', "source": "streetAddress"},
    {"target": 'addresses[type eq "work"].locality', "source": "city"},
    {"target": 'addresses[type eq "work"].region', "source": "state"},
    {"target": 'addresses[type eq "work"].postalCode', "source": "postalCode"},
    {"target": 'addresses[type eq "work"].country', "source": "country"},
    {"target": 'phoneNumbers[type eq "work"].value', "source": "telephoneNumber"},
    {"target": 'phoneNumbers[type eq "mobile"].value', "source": "mobile"},
    {"target": 'phoneNumbers[type eq "fax"].value', "source": "facsimileTelephoneNumber"},
    {"target": "externalId", "source": "mailNickname"},
    {"target": f"{ENTERPRISE_URN}:employeeNumber", "source": "employeeId"},
    {"target": f"{ENTERPRISE_URN}:department", "source": "department"},
    {"target": f"{ENTERPRISE_URN}:manager", "source": "manager"},
)

# S3 "Provision Microsoft Entra ID Groups": displayName is the matching attribute.
GROUP_MAPPINGS: tuple[dict[str, Any], ...] = (
    {"target": "displayName", "source": "displayName", "match": 1},
    {"target": "externalId", "source": "objectId"},
    {"target": MEMBERS_TARGET, "source": "members"},
)

# A Workday → SCIM job's mappings (S31, S39): WorkerID matches employeeNumber; Active "1"/"0" drives active.
WORKDAY_USER_MAPPINGS: tuple[dict[str, Any], ...] = (
    {"target": f"{ENTERPRISE_URN}:employeeNumber", "source": "WorkerID", "match": 1},
    {"target": "userName", "expression": 'Join("@", [UserID], "contoso.com")', "apply": "on_create"},
    {"target": "active", "expression": 'Switch([Active], "False", "1", "True", "0", "False")'},
    {"target": "displayName", "source": "PreferredNameData"},
    {"target": "name.givenName", "source": "FirstName"},
    {"target": "name.familyName", "source": "LastName"},
    {"target": "title", "source": "BusinessTitle"},
    {"target": 'emails[type eq "work"].value', "source": "EmailAddress"},
    {"target": f"{ENTERPRISE_URN}:department", "source": "SupervisoryOrganization"},
    {"target": f"{ENTERPRISE_URN}:manager", "source": "ManagerReference"},
)

# A SuccessFactors → SCIM job's mappings (S13): personIdExternal is the primary matching attribute.
SUCCESSFACTORS_USER_MAPPINGS: tuple[dict[str, Any], ...] = (
    {"target": f"{ENTERPRISE_URN}:employeeNumber", "source": "personIdExternal", "match": 1},
    {"target": "userName", "source": "username", "apply": "on_create"},
    {
        "target": "active",
        "expression": 'Switch([emplStatus], "False", "A", "True", "U", "True", "P", "True")',
    },
    {"target": "displayName", "expression": 'Join(" ", [firstName], [lastName])'},
    {"target": "name.givenName", "source": "firstName"},
    {"target": "name.familyName", "source": "lastName"},
    {"target": 'emails[type eq "work"].value', "source": "emailAddress"},
    {"target": f"{ENTERPRISE_URN}:department", "source": "department"},
)


#: Cross-tenant synchronization (Microsoft Learn "Configure cross-tenant synchronization", step 9): the first
#: attribute, alternativeSecurityIdentifier, is internal, identifies the user across tenants and is the only
#: matching attribute; changing it or adding another matching attribute is ``schemaInvalid``.
CTS_MATCHING_ATTRIBUTE = "alternativeSecurityIdentifier"

# A cross-tenant synchronization job's user mappings ("Provision Microsoft Entra ID Users" of the configuration).
# Step 9: userType is a Constant, Member by default (Guest the other choice), and an existing B2B user's userType
# is not changed unless "Apply this mapping" is Always — so it applies on create. "What is cross-tenant
# synchronization?": showInAddressList is True by default and manager is mapped (configurations since Jan 2024).
# The other rows copy the directory attributes the portal lists (UNSURE: the screenshot is the only source of the
# full list); the created UPN and mailNickname are the B2B form alias_sourcedomain#EXT#@targetdomain, not mappings.
CTS_USER_MAPPINGS: tuple[dict[str, Any], ...] = (
    {"target": CTS_MATCHING_ATTRIBUTE, "source": "objectId", "match": 1},
    {"target": "accountEnabled", "source": "accountEnabled"},
    {"target": "displayName", "source": "displayName"},
    {"target": "givenName", "source": "givenName"},
    {"target": "surname", "source": "surname"},
    {"target": "mail", "source": "mail"},
    {"target": "jobTitle", "source": "jobTitle"},
    {"target": "department", "source": "department"},
    {"target": "companyName", "source": "company"},
    {"target": "employeeId", "source": "employeeId"},
    {"target": "officeLocation", "source": "physicalDeliveryOfficeName"},
    {"target": "city", "source": "city"},
    {"target": "country", "source": "country"},
    {"target": "mobilePhone", "source": "mobile"},
    {"target": "showInAddressList", "constant": "True"},
    {"target": "userType", "constant": "Member", "apply": "on_create"},
    {"target": "manager", "source": "manager"},
)

#: The scoping every cross-tenant job applies besides the admin's filters: only internal members of the source
#: (not external users, not internal guests) and not users with SMS sign-in ("What is cross-tenant
#: synchronization?"; Microsoft Learn "Known issues for provisioning": the scope step of an SMS sign-in user shows
#: ``Filter external users.alternativeSecurityIds EQUALS 'None'`` false). The userType clause is ours (UNSURE: the
#: documents name no clause for internal guests).
CTS_SCOPING_FILTER: dict[str, Any] = {
    "title": "Filter external users",
    "clauses": [
        {"attribute": "alternativeSecurityIds", "operator": "EQUALS", "value": "'None'"},
        {"attribute": "userType", "operator": "EQUALS", "value": "Member"},
    ],
}

# "Workday to Microsoft Entra user provisioning" (Synchronize Workers to Microsoft Entra ID). Microsoft Learn prints no
# table for the cloud-only app: the rows are the Workday to Active Directory tutorial's (WorkerID matching and create
# only, Join("@", [UserID], <domain>) for the UPN, names, title, company, department, manager) under Entra's names,
# the account status as Microsoft Learn "Workday termination lookahead" writes it for Entra (accountEnabled, the
# inverse Switch), and the domain as DefaultDomain(): a UPN must use a verified domain of the tenant, and
# SelectUniqueValue exists only on jobs into Active Directory. mailNickname is one Graph requires on create.
WORKDAY_ENTRA_USER_MAPPINGS: tuple[dict[str, Any], ...] = (
    {"target": "employeeId", "source": "WorkerID", "match": 1, "apply": "on_create"},
    {
        "target": "userPrincipalName",
        "expression": 'Join("@", [UserID], DefaultDomain())',
        "apply": "on_create",
    },
    {"target": "mailNickname", "source": "UserID", "apply": "on_create"},
    {"target": "accountEnabled", "expression": 'Switch([Active], , "1", "True", "0", "False")'},
    {"target": "displayName", "source": "PreferredNameData"},
    {"target": "givenName", "source": "FirstName"},
    {"target": "surname", "source": "LastName"},
    {"target": "jobTitle", "source": "BusinessTitle"},
    {"target": "companyName", "source": "Company"},
    {"target": "department", "source": "SupervisoryOrganization"},
    {"target": "manager", "source": "ManagerReference"},
)

# "SuccessFactors to Microsoft Entra user provisioning": Microsoft Learn "SAP SuccessFactors attribute reference"
# default attribute mapping table under Entra's names (personIdExternal → employeeId matching; the account status
# from activeEmploymentsCount with the Entra expression of the integration reference), the UPN and mailNickname
# from username on create (the AD app's samAccountName row), DefaultDomain() as for Workday.
SUCCESSFACTORS_ENTRA_USER_MAPPINGS: tuple[dict[str, Any], ...] = (
    {"target": "employeeId", "source": "personIdExternal", "match": 1},
    {
        "target": "userPrincipalName",
        "expression": 'Join("@", [username], DefaultDomain())',
        "apply": "on_create",
    },
    {"target": "mailNickname", "source": "username", "apply": "on_create"},
    {"target": "accountEnabled", "expression": 'Switch([activeEmploymentsCount], "True", "0", "False")'},
    {"target": "displayName", "source": "displayName"},
    {"target": "givenName", "source": "firstName"},
    {"target": "surname", "source": "lastName"},
    {"target": "streetAddress", "source": "addressLine1"},
    {"target": "city", "source": "city"},
    {"target": "country", "source": "country"},
    {"target": "state", "source": "state"},
    {"target": "postalCode", "source": "zipCode"},
    {"target": "mail", "source": "emailAddress"},
    {"target": "jobTitle", "source": "jobTitle"},
    {"target": "manager", "source": "managerId"},
    {"target": "department", "source": "department"},
    {"target": "companyName", "source": "division"},
)


@dataclass(frozen=True)
class Settings:
    """The behaviours the documentation leaves open (UNSURE in entra-behavior.md), one knob each.

    A job file sets them under ``settings:``; the defaults are the most likely reading of the sources.
    """

    # §2.9: 429 handling is not firmly documented (UserVoice 38354572 says ignored; MS Q&A 2284725 says honoured).
    honor_retry_after: bool = True
    # §2.9: 5xx and time-outs are retried; the on-demand bound is ours (the service retries later in escrow).
    max_retries: int = 3
    # §2.9: seconds before the first retry of a 5xx/time-out, doubled per attempt up to max_backoff (bounded;
    # the service itself retries failed objects in later cycles, "escrow").
    retry_backoff: float = 2.0
    max_backoff: float = 60.0
    # §1.1: on-demand "typically less than 30 seconds"; the per-request time-out of the harness.
    request_timeout: float = 30.0
    # §1.3/S4: "this feature flag currently doesn't work with on-demand provisioning" — True applies it anyway.
    flag_applies_on_demand: bool = False
    # §2.4: the manager PATCH value: "string" (2024 traffic, SCIM-SDK#686), "object" ({value}) or "array".
    manager_value_shape: Literal["string", "object", "array"] = "string"
    # §4.3/S28: Join(", ", "", [surname], [givenName]) gives "Doe, John" — empty parts skipped (UNSURE).
    join_skips_empty: bool = True
    # §4.3/S28 Switch caution: an unchanged Switch source "is evaluated as null" during updates.
    switch_null_gotcha: bool = True
    # §4.3/S28 IIF: a null/empty attribute in the condition makes the check fail (True: an error; False: false).
    iif_null_condition_fails: bool = True
    # §8 (UNSURE): how the diff compares strings — "schema" (caseExact attributes exact, the rest
    # case-insensitive, RFC 7643 §2.2), "exact" or "ignore" (always case-insensitive).
    compare_case: Literal["schema", "exact", "ignore"] = "schema"
    # §8 inference: an attribute the target never returns (schema returned "never") looks different every run.
    unreturned_attribute_differs: bool = True
    # §4.1: nulls are never provisioned; True also treats an empty string as null (UNSURE).
    empty_string_is_null: bool = True
    # §2.6/S3 sample: POST /Groups lists the ADSCIM Group schema URN after the core Group schema.
    group_adscim_schema: bool = True
    # §2.4/S3 sample: the work email carries "primary": true in the POST; other typed entries "primary": false.
    typed_entries_have_primary: bool = True
    # §2.2 (UNSURE): Test connection also probes /Groups with a random displayName.
    probe_groups_on_test_connection: bool = False
    # §2.1 (obs, 2019, UNSURE today): send the legacy `ADSCIMVersion: 5.0` request header.
    adscim_version_header: bool = False
    # §7.2/S38: the Get_Workers API version appended when the Workday Tenant URL names none (v21.1 by default).
    workday_version: str = "21.1"
    # §2.9 (UNSURE): a timed-out create is re-matched before it is re-sent, so nothing is created twice.
    rematch_before_resend: bool = True
    # wire corpus R1b (azure-docs#94189): a Rails target answered Entra's GET 406 "as HTML" — Entra likely sends
    # no SCIM Accept; True sends `Accept: application/scim+json`.
    scim_accept_header: bool = False
    # wire corpus R3 (S3 "Create User" sample, and Microsoft's Postman collection): POST /Users ends "roles": [].
    empty_roles_on_create: bool = True
    # wire corpus R9 (S3 sample; a 2019 capture, AzureAD-BYOA-Provisioning-Samples#24): members are added as
    # {"$ref": null, "value": …}; a 2021 capture (scim-for-keycloak#31, likely flagged) has no "$ref".
    member_ref_null: bool = True
    # §3.4 InvalidAnchor: a cycle that finds its linked target object gone (404) fails the object ("fail"), as
    # the error table says; "rematch" (UNSURE) drops the link and matches the object again on its attributes.
    invalid_anchor: Literal["fail", "rematch"] = "fail"
    # §6.1: the fixed interval between cycles (PT40M), in seconds of the injected clock.
    sync_interval: float = 2400.0
    # §2.9 escrow (UNSURE: "retried with gradually decreasing frequency"): a failed object is retried after
    # escrow_backoff seconds, doubled per failure, at most escrow_backoff_max (once a day, as in quarantine).
    escrow_backoff: float = 2400.0
    escrow_backoff_max: float = 86400.0
    # §6.4: the escrow thresholds (5,000 / 40,000 / 60,000 failures) are multiplied by this (tests use 0.001).
    quarantine_scale: float = 1.0
    # §5.3 accidental deletions prevention: more disables + deletes than this in one cycle quarantines the job
    # (TooManyDeletes) and stages them; 0 turns the prevention off.
    deletion_threshold: int = 0
    # Cross-tenant synchronization (Microsoft Learn "Configure cross-tenant synchronization", troubleshooting):
    # restoring a target user soft-deleted by on-demand provisioning "isn't supported" — a later run creates a new
    # user (duplicates once the old one is restored). True restores it from the recycle bin instead, as the
    # service's cycles do within 30 days ("What is cross-tenant synchronization?").
    restore_soft_deleted: bool = False

    def eval_settings(self) -> EvalSettings:
        """Return the expression evaluator's settings for this job."""
        return EvalSettings(
            join_skip_empty=self.join_skips_empty,
            switch_null_gotcha=self.switch_null_gotcha,
            iif_null_condition_fails=self.iif_null_condition_fails,
        )
