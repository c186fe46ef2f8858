"""An Entra ID tenant as the target of a run: users written through Microsoft Graph (``GraphTargetClient``).

Cross-tenant synchronization (Microsoft Learn "What is cross-tenant synchronization?", "Configure cross-tenant
synchronization") creates B2B users: ``userPrincipalName`` ``alias_sourcedomain#EXT#@targetdomain`` (the B2B form,
"How Application Provisioning works"), an ``alternativeSecurityIds`` identity naming the source tenant and user
(the internal ``alternativeSecurityIdentifier`` the job matches on; its exact bytes are internal — UNSURE, we carry
the source object id), and deprovisions by **soft delete** (``DELETE /users/{id}``: to the recycle bin). Test
connection checks automatic redemption in both tenants' cross-tenant access policies, as the portal does
(``AzureDirectoryB2BManagementPolicyCheckFailure``). Other jobs writing to Entra ID (HR) disable with
``accountEnabled`` false. Graph's answers become the provisioning log's codes (entra-behavior.md §3.4).
"""

from __future__ import annotations

import base64
import binascii
from typing import TYPE_CHECKING, Any

import jwt

from harness.clients import Reply
from harness.clients.graph_target import odata_literal, security_key
from harness.clients.retry import entra_error_code
from harness.jobs.defaults import CTS_MATCHING_ATTRIBUTE
from harness.pipeline.context import TARGET_TYPES, make_step
from harness.pipeline.diff import Change
from harness.pipeline.errors import step_error
from harness.pipeline.mapping import MappedObject

if TYPE_CHECKING:
    from harness.pipeline.context import RunContext, SourceObject
    from harness.result import Step

__all__ = ["ENTRA_TARGET_SYSTEM", "GraphTarget", "b2b_principal_name", "source_issuer"]

#: How step texts and logs name an Entra ID target ("User '<upn>' was updated in Azure Active Directory", the
#: provisionOnDemand example's EntryExportUpdate step).
ENTRA_TARGET_SYSTEM = "Azure Active Directory"
#: The alternativeSecurityId ``type`` of a user from another Entra tenant (UNSURE: internal to the service).
B2B_SECURITY_ID_TYPE = 5
#: Graph properties written as JSON booleans and as string collections (Graph "user resource type").
_BOOLEANS = frozenset({"accountEnabled", "showInAddressList"})
_COLLECTIONS = frozenset({"businessPhones", "otherMails", "proxyAddresses"})
_ALWAYS_SELECTED = (
    "id",
    "userPrincipalName",
    "displayName",
    "userType",
    "accountEnabled",
    "alternativeSecurityIds",
)

#: Microsoft Learn "Configure cross-tenant synchronization", troubleshooting: the Test connection failure.
POLICY_CHECK_MESSAGE = (
    "You appear to have entered invalid credentials. Please confirm you are using the correct information for an "
    "administrative account."
)
POLICY_CHECK_DETAILS = "Policy permitting auto-redemption of invitations not configured."


def source_issuer(tenant_id: str) -> str:
    """Return the identityProvider naming a user's home tenant (its token issuer)."""
    return f"https://sts.windows.net/{tenant_id}/"


def b2b_principal_name(source_upn: str, target_domain: str) -> str:
    """Return the UPN of a B2B user: ``alias_sourcedomain#EXT#@targetdomain``."""
    alias, _, domain = source_upn.partition("@")
    return f"{alias}_{domain}#EXT#@{target_domain}" if domain else f"{alias}#EXT#@{target_domain}"


def _graph_value(name: str, value: Any) -> Any:
    """Return a mapped value as Graph types it: booleans from "True"/"False", collections as lists."""
    if name in _BOOLEANS and isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if name in _COLLECTIONS and not isinstance(value, list):
        return [value]
    return value


def _tid(authorization: dict[str, str]) -> str | None:
    token = authorization.get("Authorization", "").partition(" ")[2]
    try:
        return str(jwt.decode(token, options={"verify_signature": False}).get("tid") or "") or None
    except jwt.PyJWTError:
        return None


class GraphTarget:
    """An Entra ID tenant written through Graph."""

    system = ENTRA_TARGET_SYSTEM

    def __init__(self, ctx: RunContext) -> None:
        self.ctx = ctx
        self.client = ctx.graph_target
        #: what the last create set besides the mappings (a B2B user's UPN and mailNickname)
        self.added: dict[str, Any] = {}
        self.cross_tenant = bool(ctx.job.cross_tenant)

    # -- identities of the two tenants ------------------------------------------------------------------------

    def source_tenant_id(self) -> str | None:
        """Return the source tenant's id (from the directory client's token), cached for the run."""
        if "source_tid" not in self.ctx.cache:
            self.ctx.cache["source_tid"] = _tid(self.ctx.graph.authorization())
        return self.ctx.cache["source_tid"]

    def target_domain(self) -> str:
        """Return the target tenant's default verified domain (GET /organization), cached for the run."""
        if "target_domain" not in self.ctx.cache:
            reply = self.client.organization()
            domains: list[dict[str, Any]] = []
            if reply.ok and isinstance(reply.body, dict) and reply.body.get("value"):
                domains = reply.body["value"][0].get("verifiedDomains") or []
            default = next((d for d in domains if d.get("isDefault")), domains[0] if domains else {})
            self.ctx.cache["target_domain"] = str(
                default.get("name") or f"{self.client.tenant}.onmicrosoft.com"
            )
        return str(self.ctx.cache["target_domain"])

    # -- Test connection --------------------------------------------------------------------------------------

    def test_connection(self) -> Step | None:
        """Get a token for the target tenant; for cross-tenant jobs check automatic redemption in both tenants."""
        if self.client.token() is None:
            reply = self.client.token_failure
            error = step_error("Unauthorized", POLICY_CHECK_MESSAGE, "credentials")
            details = {
                "Request": f"POST {self.client.token_url}",
                "Response": reply.status if reply else None,
            }
            if reply is not None:
                details["Token endpoint error"] = reply.detail()
            return self._failed(error, details)
        if not self.cross_tenant:
            return self._probe()
        missing = self._redemption_not_configured()
        if not missing:
            return None
        error = step_error(
            "AzureDirectoryB2BManagementPolicyCheckFailure", POLICY_CHECK_MESSAGE, "cts_policy"
        )
        error.message += (
            f" Error code: AzureDirectoryB2BManagementPolicyCheckFailure. Details: {POLICY_CHECK_DETAILS}"
        )
        return self._failed(error, {"Details": POLICY_CHECK_DETAILS, "Not configured": missing})

    def _probe(self) -> Step | None:
        """Query the target on the first matching attribute for a value nobody has; expect 200 (HR into Entra)."""
        matching = self.ctx.mapping.matching
        attribute = matching[0].target if matching else "userPrincipalName"
        reply = self.query("Users", attribute, self.ctx.rng.uuid())
        if reply.ok:
            return None
        error = step_error(
            self.error_code(reply, "query"),
            f"The target tenant answered the test query on {attribute} with HTTP {reply.status or reply.error}: "
            f"{reply.detail()}",
            "credentials",
        )
        return self._failed(
            error, {"Request": f"{reply.method} {reply.url}", "Response": reply.status or reply.error}
        )

    def _failed(self, error: Any, details: dict[str, Any]) -> Step:
        description = f"Failed to connect to the target tenant '{self.client.tenant}' at {self.client.root}."
        return make_step(self.ctx, "test_connection", "Failure", description, details, error)

    def _redemption_not_configured(self) -> list[str]:
        """Return which automatic-redemption settings are missing: the target's inbound, the source's outbound."""
        source_id, target_id = self.source_tenant_id(), self.client.tenant_id()
        missing = []
        inbound = self.client.partner(source_id or "")
        if not _consent(inbound, "inboundAllowed"):
            missing.append(f"target tenant: automatic redemption inbound from {source_id}")
        outbound = self.ctx.graph.get(
            f"/policies/crossTenantAccessPolicy/partners/{target_id}", allow_404=True
        )
        if not _consent(outbound, "outboundAllowed"):
            missing.append(f"source tenant: automatic redemption outbound to {target_id}")
        return missing

    # -- reads ------------------------------------------------------------------------------------------------

    def _condition(self, attribute: str, value: Any) -> str:
        if attribute == CTS_MATCHING_ATTRIBUTE:
            return f"alternativeSecurityIds/any(x:x/key eq '{security_key(str(value))}')"
        return f"{attribute} eq {odata_literal(value)}"

    def _select(self) -> list[str]:
        names = [m.target for m in self.ctx.mapping.mappings if m.target != CTS_MATCHING_ATTRIBUTE]
        return list(dict.fromkeys([*_ALWAYS_SELECTED, *(n for n in names if n.lower() != "manager")]))

    def query(self, resource: str, attribute: str, value: Any) -> Reply:
        """GET /users?$filter=… on one matching attribute (alternativeSecurityIds for cross-tenant jobs)."""
        return self.client.find(self._condition(attribute, value), self._select())

    def found(self, reply: Reply) -> list[dict[str, Any]]:
        """Return the users found, each with its alternativeSecurityIdentifier and manager for the diff."""
        body = reply.body if isinstance(reply.body, dict) else {}
        users = [u for u in body.get("value") or [] if isinstance(u, dict)]
        return [self._view(user) for user in users] if len(users) == 1 else users

    def _view(self, user: dict[str, Any]) -> dict[str, Any]:
        view = dict(user)
        issuer = source_issuer(self.source_tenant_id() or "") if self.cross_tenant else None
        for identity in user.get("alternativeSecurityIds") or []:
            if issuer and identity.get("identityProvider") == issuer:
                view[CTS_MATCHING_ATTRIBUTE] = _decoded(identity.get("key"))
        if any(m.is_reference for m in self.ctx.mapping.mappings):
            manager = self.client.manager(str(user.get("id")))
            view["manager"] = (
                manager.body.get("id") if manager.ok and isinstance(manager.body, dict) else None
            )
        return view

    def deleted_match(self, source: SourceObject) -> dict[str, Any] | None:
        """Return the target user in the recycle bin this job's matching attribute names, or None."""
        condition = self._condition(CTS_MATCHING_ATTRIBUTE, source.id)
        reply = self.client.find(condition, list(_ALWAYS_SELECTED), deleted=True)
        body = reply.body if reply.ok and isinstance(reply.body, dict) else {}
        found = [u for u in body.get("value") or [] if isinstance(u, dict)]
        return found[0] if len(found) == 1 else None

    # -- writes -----------------------------------------------------------------------------------------------

    def create(self, resource: str, mapped: MappedObject, source: SourceObject) -> Reply:
        """POST /users: the mapped properties; for a B2B user also its UPN, mailNickname and identity."""
        body = {
            name: _graph_value(name, value)
            for name, value in mapped.values.items()
            if name != CTS_MATCHING_ATTRIBUTE
        }
        if self.cross_tenant:
            upn = b2b_principal_name(
                str(source.attributes.get("userPrincipalName") or source.display), self.target_domain()
            )
            body["userPrincipalName"] = upn
            body["mailNickname"] = upn.split("@", 1)[0]
            body["alternativeSecurityIds"] = [
                {
                    "type": B2B_SECURITY_ID_TYPE,
                    "identityProvider": source_issuer(self.source_tenant_id() or ""),
                    "key": security_key(str(mapped.values.get(CTS_MATCHING_ATTRIBUTE, source.id))),
                }
            ]
        body.setdefault("accountEnabled", True)
        reply = self._create(body)
        return reply

    def _create(self, body: dict[str, Any]) -> Reply:
        reply = self.client.create(body)
        if self.cross_tenant and not reply.ok and "userPrincipalName already exists" in reply.detail():
            # UNSURE: a B2B user whose UPN is taken (a soft-deleted copy restored meanwhile) still gets created
            # — the documented duplicate — so the invitation's UPN takes a number, as Entra does for clashes.
            alias, _, domain = str(body["userPrincipalName"]).partition("#EXT#@")
            body["userPrincipalName"] = f"{alias}{self.ctx.rng.random.randrange(1000, 10000)}#EXT#@{domain}"
            body["mailNickname"] = body["userPrincipalName"].split("@", 1)[0]
            reply = self.client.create(body)
        if self.cross_tenant:
            self.added = {key: body[key] for key in ("userPrincipalName", "mailNickname") if key in body}
        return reply

    def update(self, resource: str, target_id: str, changes: list[Change]) -> Reply:
        """PATCH /users/{id} with the changed properties, then PUT the manager reference if it changed."""
        plain = {
            c.path: _graph_value(c.path, c.new)
            for c in changes
            if c.path.lower() != "manager" and c.path != CTS_MATCHING_ATTRIBUTE
        }
        reply = self.client.update(target_id, plain) if plain else None
        if reply is not None and not reply.ok:
            return reply
        for change in changes:
            if change.path.lower() == "manager":
                reply = self.client.set_manager(target_id, str(change.new))
                if not reply.ok:
                    return reply
        return reply if reply is not None else Reply("PATCH", self.client.base_url, 204)

    def link_manager(self, target_id: str, manager_id: str, *, replace: bool) -> Reply:
        """PUT /users/{id}/manager/$ref."""
        return self.client.set_manager(target_id, manager_id)

    def deprovision(self, target_id: str) -> tuple[Reply, str, dict[str, Any]]:
        """Cross-tenant: soft delete (DELETE, to the recycle bin); otherwise block sign-in (accountEnabled false)."""
        if self.cross_tenant:
            return self.client.delete(target_id), "Delete", {"IsSoftDeleted": "True"}
        return (
            self.client.update(target_id, {"accountEnabled": False}),
            "Disable",
            {"accountEnabled": "False"},
        )

    def restore(self, target_id: str) -> Reply:
        """POST /directory/deletedItems/{id}/restore."""
        return self.client.restore(target_id)

    def delete(self, resource: str, target_id: str) -> Reply:
        """DELETE /users/{id}."""
        return self.client.delete(target_id)

    def error_code(self, reply: Reply, operation: str) -> str:
        """Return the provisioning-log code for Graph's answer (entra-behavior.md §3.4, cross-tenant codes)."""
        detail = reply.detail()
        if "originated within an external service" in detail:
            return "AzureActiveDirectoryCannotUpdateObjectsOriginatedInExternalService"
        if "on-premises mastered" in detail:
            return "AzureActiveDirectoryCannotUpdateObjectsMasteredOnPremises"
        if "domain portion of the userPrincipalName" in detail:
            return "AzureActiveDirectoryInvalidUserPrincipalName"
        if self.cross_tenant and operation == "create":
            if reply.status == 403:
                return "AzureActiveDirectoryForbidden"
            if "proxyAddresses already exists" in detail:
                return "InvitationCreationFailureAmbiguousUser"
            if "property 'userType'" in detail or "property 'mail'" in detail:
                return "InvitationCreationFailureInvalidPropertyValue"
            if reply.status != 429:
                return "InvitationCreationFailure"
        if reply.status == 403 and "cannot be synchronized" in detail:
            return "AzureActiveDirectoryForbidden"
        return entra_error_code(reply) if reply.status != 400 else "UnprocessableEntity"


def _consent(reply: Reply, name: str) -> bool:
    if not reply.ok or not isinstance(reply.body, dict):
        return False
    settings = reply.body.get("automaticUserConsentSettings") or {}
    return bool(settings.get(name))


def _decoded(key: Any) -> str | None:
    try:
        return base64.b64decode(str(key), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


TARGET_TYPES["entra"] = GraphTarget
