"""Cross-tenant: partner policies over Graph and /_control, B2B users admitted by them, Source of Authority."""

from __future__ import annotations

import base64

import pytest
import requests

from idcore.testing import mount
from tests.mockidp.conftest import BASE, token_for

PARTNERS = f"{BASE}/v1.0/policies/crossTenantAccessPolicy/partners"
SOURCE = "0f0e0d0c-0b0a-4909-8807-060504030201"


def b2b_body(**extra) -> dict:
    key = base64.b64encode(b"source-object-1").decode()
    return {
        "accountEnabled": True,
        "displayName": "Ada Source",
        "mailNickname": "ada_fabrikam.com#EXT#",
        "userPrincipalName": "ada_fabrikam.com#EXT#@contoso.onmicrosoft.com",
        "mail": "ada@fabrikam.com",
        "userType": "Member",
        "showInAddressList": True,
        "alternativeSecurityIds": [
            {"type": 5, "identityProvider": f"https://sts.windows.net/{SOURCE}/", "key": key}
        ],
        **extra,
    }


def allow(control, **policy) -> None:
    settings = {"partner": SOURCE, "inboundSync": True, "inboundAutoRedeem": True, **policy}
    response = control.post(f"{BASE}/_control/cross-tenant", json=settings)
    assert response.status_code == 200, response.text


def test_b2b_user_from_an_allowed_partner_is_created_redeemed(graph, control):
    allow(control)
    created = graph.post(f"{BASE}/v1.0/users", json=b2b_body())
    assert created.status_code == 201, created.text
    body = created.json()
    assert body["externalUserState"] == "Accepted"
    assert body["externalUserStateChangeDateTime"].endswith("Z")
    assert body["showInAddressList"] is True
    assert body["alternativeSecurityIds"][0]["identityProvider"] == f"https://sts.windows.net/{SOURCE}/"


def test_without_inbound_auto_redemption_the_user_is_pending(graph, control):
    allow(control, inboundAutoRedeem=False)
    assert (
        graph.post(f"{BASE}/v1.0/users", json=b2b_body()).json()["externalUserState"] == "PendingAcceptance"
    )


def test_users_are_found_by_an_alternative_security_id_key(graph, control):
    allow(control)
    created = graph.post(f"{BASE}/v1.0/users", json=b2b_body()).json()
    key = created["alternativeSecurityIds"][0]["key"]
    found = graph.get(
        f"{BASE}/v1.0/users", params={"$filter": f"alternativeSecurityIds/any(x:x/key eq '{key}')"}
    ).json()["value"]
    assert [user["id"] for user in found] == [created["id"]]


@pytest.mark.parametrize(
    ("policy", "body", "status", "message"),
    [
        (None, {}, 403, "cannot be synchronized into this tenant"),
        ({"inboundSync": False}, {}, 403, "isSyncAllowed"),
        ({}, {"userType": "Partner"}, 400, "property 'userType'"),
    ],
    ids=["no-policy", "sync-blocked", "bad-user-type"],
)
def test_b2b_users_refused_in_graph_shape(graph, control, policy, body, status, message):
    if policy is not None:
        allow(control, **policy)
    response = graph.post(f"{BASE}/v1.0/users", json=b2b_body(**body))
    assert response.status_code == status
    error = response.json()["error"]
    assert message in error["message"]
    assert error["code"] == ("Authorization_RequestDenied" if status == 403 else "Request_BadRequest")


def test_a_b2b_user_whose_mail_is_an_internal_users_address_is_refused(graph, control):
    allow(control)
    internal = graph.get(f"{BASE}/v1.0/users", params={"$filter": "userType eq 'Member'", "$top": 1}).json()
    mail = internal["value"][0]["mail"]
    response = graph.post(f"{BASE}/v1.0/users", json=b2b_body(mail=mail))
    assert response.status_code == 400
    assert "proxyAddresses already exists" in response.json()["error"]["message"]


def test_partner_configuration_round_trips_through_graph(graph):
    created = graph.post(PARTNERS, json={"tenantId": SOURCE})
    assert created.status_code == 201
    patch = {"automaticUserConsentSettings": {"inboundAllowed": True, "outboundAllowed": False}}
    assert graph.patch(f"{PARTNERS}/{SOURCE}", json=patch).status_code == 204
    sync = {"displayName": "Fabrikam", "userSyncInbound": {"isSyncAllowed": True}}
    assert graph.put(f"{PARTNERS}/{SOURCE}/identitySynchronization", json=sync).status_code == 204
    partner = graph.get(f"{PARTNERS}/{SOURCE}").json()
    assert partner["automaticUserConsentSettings"] == {"inboundAllowed": True, "outboundAllowed": False}
    got = graph.get(f"{PARTNERS}/{SOURCE}/identitySynchronization").json()
    assert got["userSyncInbound"] == {"isSyncAllowed": True} and got["tenantId"] == SOURCE


def test_a_missing_partner_and_sync_policy_are_404(graph):
    assert graph.get(f"{PARTNERS}/{SOURCE}").json()["error"]["code"] == "Request_ResourceNotFound"
    graph.post(PARTNERS, json={"tenantId": SOURCE})
    assert graph.get(f"{PARTNERS}/{SOURCE}/identitySynchronization").status_code == 404


def test_reading_the_policy_needs_a_policy_permission(app, control):
    control.post(f"{BASE}/_control/permissions", json={"roles": ["User.Read.All"]})
    http = mount(requests.Session(), BASE, app)
    http.headers["Authorization"] = f"Bearer {token_for(http)}"
    assert http.get(PARTNERS).json()["error"]["code"] == "Authorization_RequestDenied"


def test_organization_names_the_tenant_and_its_domain(graph):
    org = graph.get(f"{BASE}/v1.0/organization").json()["value"][0]
    assert org["verifiedDomains"][0]["name"] == "contoso.onmicrosoft.com"
    assert len(org["id"]) == 36


def test_control_names_a_partner_by_its_tenant_name(control):
    control.post(f"{BASE}/_control/seed", json={"tenant": "fabrikam", "users": 0})
    answer = control.post(
        f"{BASE}/_control/cross-tenant", json={"partner": "fabrikam", "outboundAutoRedeem": True}
    )
    fabrikam = control.get(f"{BASE}/_control/cross-tenant", params={"tenant": "fabrikam"}).json()
    assert answer.json()["partners"][0]["tenantId"] == fabrikam["tenantId"]


@pytest.mark.parametrize(
    ("mastered", "patch", "message"),
    [
        (
            {"externalService": ["mail", "showInAddressList"]},
            {"showInAddressList": False},
            "external service",
        ),
        ({"onPremises": True}, {"displayName": "New"}, "on-premises mastered"),
    ],
    ids=["external-service", "on-premises"],
)
def test_source_of_authority_refuses_updates(graph, control, mastered, patch, message):
    user = graph.get(f"{BASE}/v1.0/users", params={"$top": 1}).json()["value"][0]
    control.post(f"{BASE}/_control/source-of-authority", json={"user": user["id"], **mastered})
    response = graph.patch(f"{BASE}/v1.0/users/{user['id']}", json=patch)
    assert response.status_code == 400
    assert message in response.json()["error"]["message"]
    assert graph.patch(f"{BASE}/v1.0/users/{user['id']}", json={"usageLocation": "FR"}).status_code == 204
