"""The connector asks for what the mapped attributes read: Workday's Response_Group, SuccessFactors' $expand."""

from __future__ import annotations

import pytest

from harness.jobs.hr import default_attributes, response_groups, sf_expand

WD = default_attributes("workday", "21.1")
SF = default_attributes("successfactors")


@pytest.mark.parametrize(
    ("names", "groups"),
    [
        (["WorkerID", "WID"], ["Include_Reference"]),
        (["FirstName", "EmailAddress"], ["Include_Reference", "Include_Personal_Information"]),
        (["Active", "BusinessTitle"], ["Include_Reference", "Include_Employment_Information"]),
        (["Company", "SupervisoryOrganization"], ["Include_Reference", "Include_Organizations"]),
        (["ManagerReference"], ["Include_Reference", "Include_Management_Chain_Data"]),
        (["TransactionLogData"], ["Include_Reference", "Include_Transaction_Log_Data"]),
        (
            ["ManagerReference", "FirstName", "Active"],
            [
                "Include_Reference",
                "Include_Personal_Information",
                "Include_Employment_Information",
                "Include_Management_Chain_Data",
            ],
        ),
    ],
)
def test_response_group_follows_the_mapped_xpaths(names, groups):
    assert response_groups(WD[n] for n in names) == groups


ALWAYS = [
    "employmentNav/userNav",
    "employmentNav/jobInfoNav",
    "personalInfoNav",
    "personEmpTerminationInfoNav",
    "phoneNav",
    "emailNav",
]


@pytest.mark.parametrize(
    ("names", "extra"),
    [
        (["personIdExternal", "firstName", "username", "jobTitle", "activeEmploymentsCount"], []),
        (["costCenter", "costCenterId"], ["employmentNav/jobInfoNav/costCenterNav"]),
        (["department"], ["employmentNav/jobInfoNav/departmentNav"]),
        (
            ["twoCharCountryCode"],
            [
                "employmentNav/jobInfoNav/companyNav",
                "employmentNav/jobInfoNav/companyNav/countryOfRegistrationNav",
            ],
        ),
        (
            ["officeLocationZipCode"],
            ["employmentNav/jobInfoNav/locationNav", "employmentNav/jobInfoNav/locationNav/addressNavDEFLT"],
        ),
    ],
)
def test_expand_names_the_always_entities_then_each_mapped_navigation(names, extra):
    assert sf_expand(SF[n] for n in names) == ALWAYS + extra


def test_the_documented_emplstatus_override_expands_emplstatusnav():
    path = "$.employmentNav.results[0].jobInfoNav.results[0].emplStatusNav.externalCode"
    assert sf_expand([path])[-1] == "employmentNav/jobInfoNav/emplStatusNav"
