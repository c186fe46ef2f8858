"""The built-in attribute mappings of a non-gallery SCIM app, as data (entra-behavior.md §4.4).

"Provision Microsoft Entra ID Users" has 22 mappings (Microsoft's SCIM guide attribute table, S3, plus copies of
the default template; kortix-ai/suna#7302 counts 22); "Provision Microsoft Entra ID Groups" has 3 (S3). Each row is
the job file's own mapping form, so `docs/jobs.md` can print this table and a job file can repeat any row.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ENTERPRISE_URN",
    "USER_MAPPINGS",
    "GROUP_MAPPINGS",
    "DEFAULT_APP",
    "ROLE_FUNCTIONS",
    "REFERENCE_TARGETS",
    "MEMBERS_TARGET",
    "WORKDAY_USER_MAPPINGS",
    "SUCCESSFACTORS_USER_MAPPINGS",
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
    {"target": "active", "expression": 'Switch([emplStatus], "False", "A", "True", "U", "True", "P", "True")'},
    {"target": "displayName", "expression": 'Join(" ", [firstName], [lastName])'},
    {"target": "name.givenName", "source": "firstName"},
    {"target": "name.familyName", "source": "lastName"},
    {"target": 'emails[type eq "work"].value', "source": "email"},
    {"target": f"{ENTERPRISE_URN}:department", "source": "department"},
)
