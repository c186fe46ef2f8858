"""The SuccessFactors entities this mock serves, as data: each entity's properties and navigations.

``$select`` and ``$expand`` are validated against this table and the renderer walks it, so adding a property is a
one-line change here plus its value in ``odata_render``. Names follow the SuccessFactors Employee Central OData v2
API (PerPerson, EmpEmployment, EmpJob, User, PerPersonal, PerEmail, PerPhone, PersonEmpTerminationInfo) and the
navigations Microsoft's connector expands (entra-behavior.md §7.3), with the foundation objects FOCompany,
FODepartment, FOCostCenter and FODivision behind EmpJob's companyNav, departmentNav, costCenterNav and
divisionNav (no record holds a division: divisionNav is null).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mockidp.hr.errors import ODataError

__all__ = ["ENTITIES", "Entity", "Nav", "check_paths", "expand_tree"]


@dataclass(frozen=True)
class Nav:
    """A navigation property: the target entity and whether it is a collection."""

    entity: str
    many: bool


@dataclass(frozen=True)
class Entity:
    """An entity type: its properties (in wire order) and its navigations."""

    properties: tuple[str, ...]
    navs: dict[str, Nav] = field(default_factory=dict)


ENTITIES: dict[str, Entity] = {
    "PerPerson": Entity(
        (
            "personIdExternal",
            "personId",
            "perPersonUuid",
            "dateOfBirth",
            "createdDateTime",
            "lastModifiedDateTime",
        ),
        {
            "employmentNav": Nav("EmpEmployment", True),
            "personalInfoNav": Nav("PerPersonal", True),
            "emailNav": Nav("PerEmail", True),
            "phoneNav": Nav("PerPhone", True),
            "personEmpTerminationInfoNav": Nav("PersonEmpTerminationInfo", False),
        },
    ),
    "EmpEmployment": Entity(
        (
            "personIdExternal",
            "userId",
            "startDate",
            "endDate",
            "originalStartDate",
            "isContingentWorker",
            "createdDateTime",
            "lastModifiedDateTime",
        ),
        {"jobInfoNav": Nav("EmpJob", True), "userNav": Nav("User", False)},
    ),
    "EmpJob": Entity(
        (
            "userId",
            "startDate",
            "endDate",
            "seqNumber",
            "jobTitle",
            "department",
            "company",
            "managerId",
            "emplStatus",
            "location",
            "countryOfCompany",
            "costCenter",
            "lastModifiedDateTime",
        ),
        {
            "emplStatusNav": Nav("PicklistOption", False),
            "companyNav": Nav("FOCompany", False),
            "departmentNav": Nav("FODepartment", False),
            "costCenterNav": Nav("FOCostCenter", False),
            "divisionNav": Nav("FODivision", False),
        },
    ),
    "FOCompany": Entity(("externalCode", "name", "name_localized", "status")),
    "FODepartment": Entity(("externalCode", "name", "name_localized", "status")),
    "FODivision": Entity(("externalCode", "name", "name_localized", "status")),
    "FOCostCenter": Entity(("externalCode", "name", "name_localized", "description_localized", "status")),
    "PicklistOption": Entity(("id", "externalCode", "localeLabel", "status")),
    "User": Entity(
        (
            "userId",
            "username",
            "status",
            "firstName",
            "lastName",
            "displayName",
            "defaultFullName",
            "email",
            "title",
            "department",
            "city",
            "country",
            "lastModifiedDateTime",
        )
    ),
    "PerPersonal": Entity(
        (
            "personIdExternal",
            "startDate",
            "endDate",
            "firstName",
            "lastName",
            "displayName",
            "preferredName",
            "lastModifiedDateTime",
        )
    ),
    "PerEmail": Entity(
        ("personIdExternal", "emailType", "emailAddress", "isPrimary", "lastModifiedDateTime")
    ),
    "PerPhone": Entity(("personIdExternal", "phoneType", "phoneNumber", "isPrimary", "lastModifiedDateTime")),
    "PersonEmpTerminationInfo": Entity(
        ("personIdExternal", "activeEmploymentsCount", "latestTerminationDate")
    ),
}


def _walk(root: str, path: str, *, allow_property: bool) -> None:
    entity = ENTITIES[root]
    parts = [p.strip() for p in path.split("/")]
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        if part in entity.navs:
            entity = ENTITIES[entity.navs[part].entity]
        elif last and allow_property and (part in entity.properties or part == "*"):
            return
        else:
            raise ODataError(f"[COE0021]Invalid property names: {root}/{path}", code="COE_PROPERTY_NOT_FOUND")


def check_paths(root: str, expand: list[str], select: list[str]) -> None:
    """Raise a 400 for any $expand path that is not a navigation chain or $select path that names nothing."""
    for path in expand:
        _walk(root, path, allow_property=False)
    for path in select:
        _walk(root, path, allow_property=True)


def expand_tree(expand: list[str]) -> set[str]:
    """Return every navigation prefix to expand (``a/b`` expands ``a`` too)."""
    tree: set[str] = set()
    for path in expand:
        parts = [p.strip() for p in path.split("/")]
        tree.update("/".join(parts[:n]) for n in range(1, len(parts) + 1))
    return tree
