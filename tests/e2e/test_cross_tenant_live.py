"""Cross-tenant synchronization with the two tenants on separate servers, in process and over real sockets."""

from __future__ import annotations

import pytest

from harness.world import add_target_tenant


@pytest.fixture
def tenants(make_world):
    world, scene = make_world(users=0)
    add_target_tenant(world, users=0, separate=True)
    ada = scene.user("ada")
    return world, scene, ada, scene.assign(ada)


def _b2b(world) -> list[dict]:
    users = world.target_graph("GET", "/users", params={"$select": "id,userPrincipalName,userType"}).json()
    return [u for u in users["value"] if "#EXT#" in u["userPrincipalName"]]


def test_create_across_servers_makes_an_external_member(tenants):
    world, _, ada, _ = tenants
    result = world.provision(world.cross_tenant_job(), user=ada["id"])
    assert (result.result, result.action) == ("Success", "Create")
    assert world.target_idp_url != world.idp_url
    assert [u["userType"] for u in _b2b(world)] == ["Member"]


def test_unassign_soft_deletes_across_servers(tenants):
    world, scene, ada, assignment = tenants
    world.provision(world.cross_tenant_job(), user=ada["id"])
    scene.unassign(assignment)
    result = world.provision(world.cross_tenant_job(), user=ada["id"])
    assert result.action == "Delete" and _b2b(world) == []


def test_the_known_duplicate_across_servers(tenants):
    world, scene, ada, assignment = tenants
    world.provision(world.cross_tenant_job(), user=ada["id"])
    scene.unassign(assignment)
    world.provision(world.cross_tenant_job(), user=ada["id"])
    binned = world.target_graph("GET", "/directory/deletedItems/microsoft.graph.user").json()["value"][0]
    assert world.target_graph("POST", f"/directory/deletedItems/{binned['id']}/restore").ok
    scene.assign(ada)
    world.provision(world.cross_tenant_job(), user=ada["id"])
    assert len(_b2b(world)) == 2
