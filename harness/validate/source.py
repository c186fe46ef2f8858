"""The source side of a validation run: prefixed users and groups in the in-process mockidp tenant.

Each object carries the run prefix in every name that reaches the endpoint (userPrincipalName → userName, mail,
mailNickname → externalId, group displayName), so nothing the validator creates can collide with the vendor's own.
The main user has every attribute the default mappings write (entra-behavior.md §4.4), with diacritics.
"""

from __future__ import annotations

from typing import Any

from harness.world import World

__all__ = ["DEFAULT_ACCESS", "SourceTenant"]

DEFAULT_ACCESS = "00000000-0000-0000-0000-000000000000"
DOMAIN = "contoso.onmicrosoft.com"


class SourceTenant:
    """Create and change the run's source objects over Graph, as an admin would."""

    def __init__(self, world: World, prefix: str) -> None:
        self.world = world
        self.prefix = prefix
        self._sp: dict[str, Any] | None = None
        self._token: str | None = None

    def graph(self, method: str, path: str, **kwargs: Any) -> Any:
        """Call the tenant's Graph API with one client-credentials token for the whole run."""
        if self._token is None:
            self._token = self.world.http.post(
                f"{self.world.idp_url}/{World.TENANT}/oauth2/v2.0/token",
                data={
                    "grant_type": "client_credentials",
                    "client_id": World.CLIENT_ID,
                    "client_secret": World.CLIENT_SECRET,
                    "scope": "https://graph.microsoft.com/.default",
                },
            ).json()["access_token"]
        headers = {"Authorization": f"Bearer {self._token}"}
        return self.world.http.request(method, f"{self.world.idp_url}/v1.0{path}", headers=headers, **kwargs)

    @property
    def sp(self) -> dict[str, Any]:
        """Return the enterprise app's service principal."""
        if self._sp is None:
            apps = self.graph(
                "GET", "/servicePrincipals", params={"$filter": f"displayName eq '{World.APP_NAME}'"}
            ).json()["value"]
            self._sp = apps[0]
        return self._sp

    def upn(self, nickname: str) -> str:
        """Return the prefixed userPrincipalName of ``nickname``."""
        return f"{self.prefix}{nickname}@{DOMAIN}"

    def user(self, nickname: str, **props: Any) -> dict[str, Any]:
        """Create a directory user with every attribute the default mappings read, diacritics included."""
        body: dict[str, Any] = {
            "accountEnabled": True,
            "displayName": "José Núñez-Ødegård",
            "givenName": "José",
            "surname": "Núñez-Ødegård",
            "mailNickname": f"{self.prefix}{nickname}",
            "userPrincipalName": self.upn(nickname),
            "mail": f"{self.prefix}{nickname}@contoso.com",
            "jobTitle": "Ingénieure système",
            "department": "Ingeniería",
            "employeeId": "900001",
            "preferredLanguage": "es-ES",
            "officeLocation": "Bâtiment Ø-2",
            "streetAddress": "Calle Mayor 1",
            "city": "Zürich",
            "state": "ZH",
            "postalCode": "8001",
            "country": "CH",
            "businessPhones": ["+41 44 555 01 00"],
            "mobilePhone": "+41 79 555 01 01",
            "faxNumber": "+41 44 555 01 02",
            "passwordProfile": {"password": "Scim-ulat0r!", "forceChangePasswordNextSignIn": False},
        }
        body.update(props)
        return self._created(self.graph("POST", "/users", json=body))

    def update(self, user: dict[str, Any], **props: Any) -> None:
        """PATCH a directory user (``None`` clears a property)."""
        self._ok(self.graph("PATCH", f"/users/{user['id']}", json=props))

    def set_manager(self, user: dict[str, Any], manager: dict[str, Any] | None) -> None:
        """Make ``manager`` the manager of ``user`` (``None`` removes the manager)."""
        if manager is None:
            self._ok(self.graph("DELETE", f"/users/{user['id']}/manager/$ref"))
            return
        ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/users/{manager['id']}"}
        self._ok(self.graph("PUT", f"/users/{user['id']}/manager/$ref", json=ref))

    def group(self, name: str, members: list[dict[str, Any]]) -> dict[str, Any]:
        """Create a security group named ``prefix + name`` with direct ``members``."""
        display = f"{self.prefix}{name}"
        group = self._created(
            self.graph(
                "POST",
                "/groups",
                json={
                    "displayName": display,
                    "mailEnabled": False,
                    "mailNickname": display.replace(" ", ""),
                    "securityEnabled": True,
                },
            )
        )
        for member in members:
            ref = {"@odata.id": f"https://graph.microsoft.com/v1.0/directoryObjects/{member['id']}"}
            self._ok(self.graph("POST", f"/groups/{group['id']}/members/$ref", json=ref))
        return group

    def assign(self, principal: dict[str, Any]) -> dict[str, Any]:
        """Assign a user or group to the enterprise app (the tenant replicates immediately)."""
        body = {"principalId": principal["id"], "resourceId": self.sp["id"], "appRoleId": DEFAULT_ACCESS}
        return self._created(
            self.graph("POST", f"/servicePrincipals/{self.sp['id']}/appRoleAssignedTo", json=body)
        )

    def unassign(self, assignment: dict[str, Any]) -> None:
        """Remove an assignment."""
        self._ok(
            self.graph("DELETE", f"/servicePrincipals/{self.sp['id']}/appRoleAssignedTo/{assignment['id']}")
        )

    @staticmethod
    def _created(response: Any) -> dict[str, Any]:
        if response.status_code != 201:
            raise RuntimeError(
                f"the source tenant refused a setup request: {response.status_code} {response.text}"
            )
        return dict(response.json())

    @staticmethod
    def _ok(response: Any) -> None:
        if response.status_code not in (200, 204):
            raise RuntimeError(
                f"the source tenant refused a setup request: {response.status_code} {response.text}"
            )
