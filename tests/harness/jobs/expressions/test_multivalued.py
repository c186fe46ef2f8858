import pytest

from harness.jobs.expressions import ExpressionEvaluationError

PROXIES = ["SMTP:a@contoso.com", "smtp:b@contoso.com", "SMTP:a@contoso.com"]


@pytest.mark.parametrize(("value", "out"), [(PROXIES, "3"), ("single", "1"), (None, "0"), ([], "0")])
def test_count(run, value, out):
    assert run("Count([proxyAddresses])", proxyAddresses=value) == out


@pytest.mark.parametrize(("index", "out"), [(1, "SMTP:a@contoso.com"), (2, "smtp:b@contoso.com"), (9, None)])
def test_item_is_one_based(run, index, out):
    assert run(f"Item([proxyAddresses], {index})", proxyAddresses=PROXIES) == out


def test_item_zero_is_refused(run):
    with pytest.raises(ExpressionEvaluationError, match="1-based"):
        run("Item([proxyAddresses], 0)", proxyAddresses=PROXIES)


def test_remove_duplicates(run):
    assert run("RemoveDuplicates([proxyAddresses])", proxyAddresses=PROXIES) == PROXIES[:2]


ROLES = [{"appRoleId": "r1", "value": "Admin", "displayName": "Administrator"}, "Reader"]


def test_single_app_role_assignment(run):
    assert run("SingleAppRoleAssignment([appRoleAssignments])", appRoleAssignments=ROLES) == "Admin"


def test_single_app_role_assignment_none(run):
    assert run("SingleAppRoleAssignment([appRoleAssignments])", appRoleAssignments=[]) is None


def test_app_role_assignments_complex(run):
    assert run("AppRoleAssignmentsComplex([appRoleAssignments])", appRoleAssignments=ROLES) == [
        {
            "primary": False,
            "type": "WindowsAzureActiveDirectoryRole",
            "display": "Administrator",
            "value": "Admin",
        },
        {"primary": False, "type": "WindowsAzureActiveDirectoryRole", "display": "Reader", "value": "Reader"},
    ]


def test_split_result_feeds_item(run):
    assert run('Item(Split("a,b,c", ","), 2)') == "b"
