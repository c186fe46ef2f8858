"""Discovery (RFC 7644 §4): /ServiceProviderConfig, /ResourceTypes and /Schemas, true to the active profile.

What is advertised is derived from the profile (filter maxResults, bulk limits, etag, sort; userName caseExact
under ``case-sensitive-username``, uniqueness ``none`` under ``no-uniqueness``), so a client that reads discovery
learns what the server really does.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from flask import Blueprint, Response, current_app

from idcore.openapi import operation
from idcore.scim.errors import NotFound
from idcore.scim.messages import list_response
from idcore.scim.schema import AttrUniqueness, ResourceType, Schema, render_schemas
from idcore.scim.schema_data import GROUP, USER
from mockscim.profiles import Profile
from mockscim.state import state
from mockscim.views import base_url, scim_response

__all__ = ["register", "resource_types", "service_provider_config"]

SPC_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"


def resource_types(profile: Profile) -> tuple[ResourceType, ResourceType]:
    """Return User and Group as the profile defines them (caseExact and uniqueness of their names)."""
    user_name = USER.schema.attribute("userName")
    display = GROUP.schema.attribute("displayName")
    assert user_name is not None and display is not None
    user_name = replace(
        user_name,
        case_exact=profile.case_sensitive_username,
        uniqueness=AttrUniqueness.SERVER if profile.unique_username else AttrUniqueness.NONE,
    )
    display = replace(
        display, uniqueness=AttrUniqueness.SERVER if profile.unique_group_name else AttrUniqueness.NONE
    )
    return (
        replace(USER, schema=_with(USER.schema, user_name)),
        replace(GROUP, schema=_with(GROUP.schema, display)),
    )


def _with(schema: Schema, attribute: Any) -> Schema:
    attributes = tuple(attribute if a.name == attribute.name else a for a in schema.attributes)
    return replace(schema, attributes=attributes)


def service_provider_config(profile: Profile, base: str, oauth: bool, max_payload: int) -> dict[str, Any]:
    """Return the ServiceProviderConfig resource (RFC 7643 §5)."""
    schemes = [
        {
            "type": "oauthbearertoken",
            "name": "OAuth Bearer Token",
            "primary": True,
            "description": "Authentication with a bearer token (Authorization: Bearer <token>).",
        }
    ]
    if oauth:
        schemes.append(
            {
                "type": "oauth2",
                "name": "OAuth 2.0 client credentials",
                "description": "Tokens from POST /oauth2/token (grant_type=client_credentials).",
            }
        )
    return {
        "schemas": [SPC_SCHEMA],
        "documentationUri": f"{base.rsplit('/scim/v2', 1)[0]}/openapi.json",
        "patch": {"supported": True},
        "bulk": {
            "supported": True,
            "maxOperations": profile.bulk_max_operations,
            "maxPayloadSize": max_payload,
        },
        "filter": _filter(profile),
        "changePassword": {"supported": False},
        "sort": {"supported": profile.sort},
        "etag": {"supported": profile.etag},
        "authenticationSchemes": schemes,
        "meta": {"resourceType": "ServiceProviderConfig", "location": f"{base}/ServiceProviderConfig"},
    }


def _filter(profile: Profile) -> dict[str, Any]:
    """Describe filter support; RFC 7643 §5 has no field for *what* can be filtered, so add vendor keys."""
    described: dict[str, Any] = {"supported": True, "maxResults": profile.max_results}
    if profile.filterable is not None:
        described["x-filterAttributes"] = sorted(profile.filterable)
    if profile.filter_ops is not None:
        described["x-filterOperators"] = sorted(profile.filter_ops)
    if profile.filterable is not None or profile.filter_ops is not None:
        described["x-unsupportedFilter"] = profile.unsupported_filter
    return described


@operation(
    "GET", summary="Service provider configuration", public=True, responses={200: "ServiceProviderConfig"}
)
def _service_provider_config() -> Response:
    """Describe what this server supports."""
    current = state()
    max_payload = int(current_app.config["MAX_BODY_BYTES"])
    return scim_response(
        service_provider_config(current.profile, base_url(), current.auth.oauth_enabled, max_payload)
    )


@operation("GET", summary="Resource types", public=True, responses={200: "ListResponse"})
def _resource_types() -> Response:
    """List the resource types."""
    items = [rt.to_dict(base_url()) for rt in resource_types(state().profile)]
    return scim_response(list_response(items))


@operation(
    "GET", summary="One resource type by name", public=True, responses={200: "ResourceType", 404: "Error"}
)
def _resource_type(name: str) -> Response:
    """Return one resource type by name."""
    for rt in resource_types(state().profile):
        if rt.name.lower() == name.lower():
            return scim_response(rt.to_dict(base_url()))
    raise NotFound(f"No resource type {name!r}")


@operation("GET", summary="Schemas with attribute definitions", public=True, responses={200: "ListResponse"})
def _schemas() -> Response:
    """List every schema with its full attribute definitions."""
    return scim_response(list_response(render_schemas(resource_types(state().profile), base_url())))


@operation("GET", summary="One schema by URN", public=True, responses={200: "Schema", 404: "Error"})
def _schema(urn: str) -> Response:
    """Return one schema by URN."""
    for schema in render_schemas(resource_types(state().profile), base_url()):
        if schema["id"].lower() == urn.lower():
            return scim_response(schema)
    raise NotFound(f"No schema {urn!r}")


def register(bp: Blueprint) -> None:
    """Add the discovery routes to the ``/scim/v2`` blueprint (they need no token, RFC 7644 §4)."""
    bp.add_url_rule("/ServiceProviderConfig", "discovery_spc", _service_provider_config, methods=["GET"])
    bp.add_url_rule("/ResourceTypes", "discovery_resource_types", _resource_types, methods=["GET"])
    bp.add_url_rule("/ResourceTypes/<name>", "discovery_resource_type", _resource_type, methods=["GET"])
    bp.add_url_rule("/Schemas", "discovery_schemas", _schemas, methods=["GET"])
    bp.add_url_rule("/Schemas/<path:urn>", "discovery_schema", _schema, methods=["GET"])
