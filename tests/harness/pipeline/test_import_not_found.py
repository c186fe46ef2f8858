"""Import of a user the on-demand search cannot find: the step says what is true — not found, disabled or deleted.

Every tenant here also holds an unrelated deleted user, so a recycle-bin answer that ignored the name (as mockidp's
once did) cannot pass for a match.
"""

from __future__ import annotations

import pytest


@pytest.fixture
def binned(world, scene):
    """An unrelated user in the recycle bin."""
    other = scene.user("zoe")
    assert world.graph("DELETE", f"/users/{other['id']}").status_code == 204
    return other


def message(world, query: str) -> str:
    result = world.provision(user=query)
    assert (result.result, result.step("import").status) == ("Failure", "Failure")
    assert result.error is not None and result.error.code == "EntryNotFound"
    assert [r.method for r in result.requests if r.method != "GET"] == []
    return result.error.message


def test_an_unknown_user_is_reported_not_found(world, binned):
    text = message(world, "nobody@contoso.onmicrosoft.com")
    assert text.startswith("No user 'nobody@contoso.onmicrosoft.com' exists in Azure Active Directory")
    assert "is disabled" not in text and "is in the recycle bin" not in text
    assert binned["userPrincipalName"] not in text


def test_a_disabled_user_is_reported_disabled(world, scene, binned):
    user = scene.user("ada", accountEnabled=False)
    text = message(world, user["userPrincipalName"])
    assert text.startswith(f"The user '{user['userPrincipalName']}' is disabled in Azure Active Directory")
    assert "is in the recycle bin" not in text


def test_a_deleted_user_is_reported_deleted(world, scene, binned):
    user = scene.user("ada")
    assert world.graph("DELETE", f"/users/{user['id']}").status_code == 204
    text = message(world, user["userPrincipalName"])
    assert text.startswith(f"The user '{user['userPrincipalName']}' is deleted")
    assert "is in the recycle bin" in text and binned["userPrincipalName"] not in text


def test_a_disabled_user_whose_name_only_starts_like_the_query_is_not_reported(world, scene, binned):
    scene.user("adam", accountEnabled=False)
    text = message(world, "ada@contoso.onmicrosoft.com")
    assert text.startswith("No user 'ada@contoso.onmicrosoft.com' exists")
    assert "adam" not in text
