"""The import finds a user by an exact key (UPN, mail, display name) before any portal-style ``$search``."""

from __future__ import annotations

from urllib.parse import unquote

import pytest


def searches(result) -> list[str]:
    return [r.url for r in result.requests if "search=" in unquote(r.url).replace("$", "")]


@pytest.mark.parametrize("key", ["userPrincipalName", "mail", "displayName"])
def test_an_exact_key_needs_no_portal_search(world, ada, key):
    result = world.provision(user=ada[key])
    assert (
        result.step("import").status == "Success" and result.step("import").details["objectId"] == ada["id"]
    )
    assert searches(result) == []


def test_a_name_that_is_no_exact_key_still_goes_to_the_portal_search(world, ada):
    result = world.provision(user="Ada")
    assert (
        result.step("import").status == "Success" and result.step("import").details["objectId"] == ada["id"]
    )
    assert len(searches(result)) == 1


def test_two_users_with_the_same_display_name_are_ambiguous_as_before(world, scene, ada):
    scene.user("ada2", displayName=ada["displayName"])
    result = world.provision(user=ada["displayName"])
    assert result.error is not None and "found several users" in result.error.message
