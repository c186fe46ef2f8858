"""idcore.redact: secrets leave recorded bodies and query strings; everything else stays as sent."""

from __future__ import annotations

import json

import pytest

from idcore.redact import MASK, redact_body, redact_query

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
SCIM = "application/scim+json"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"


@pytest.mark.parametrize(
    "body, mimetype, secret",
    [
        ("grant_type=client_credentials&client_id=app&client_secret=s3cr3t", FORM, "s3cr3t"),
        ("client_secret=a%2Fb%3D&grant_type=client_credentials", FORM, "a%2Fb"),
        ("grant_type=password&username=u&password=hunter2", FORM, "hunter2"),
        ("client_assertion=eyJhbGciOi.payload.sig&client_id=x", FORM, "eyJhbGciOi"),
        ('{"schemas": [], "userName": "a", "password": "hunter2"}', SCIM, "hunter2"),
        ('{"userName": "a", "PASSWORD": "hunter2"}', SCIM, "hunter2"),
        (
            '{"passwordProfile": {"password": "hunter2", "forceChangePasswordNextSignIn": true}}',
            JSON,
            "hunter2",
        ),
        (
            json.dumps(
                {"schemas": [PATCH], "Operations": [{"op": "replace", "path": "password", "value": "h2"}]}
            ),
            SCIM,
            '"h2"',
        ),
        (
            json.dumps({"schemas": [PATCH], "Operations": [{"op": "replace", "value": {"password": "h2"}}]}),
            SCIM,
            '"h2"',
        ),
        (json.dumps({"Operations": [{"method": "POST", "data": {"password": "h2"}}]}), SCIM, '"h2"'),
        ('{"password": "hunter2", "broken": ', SCIM, "hunter2"),
        ('{"password": "hunter2"}', "text/plain", "hunter2"),
        (
            (
                "<soapenv:Envelope><wsse:UsernameToken><wsse:Username>u</wsse:Username>"
                '<wsse:Password Type="PasswordText">hunter2</wsse:Password></wsse:UsernameToken></soapenv:Envelope>'
            ),
            "text/xml",
            "hunter2",
        ),
        ("client_secret=s3cr3t", "", "s3cr3t"),
    ],
)
def test_secrets_are_masked(body, mimetype, secret):
    redacted = redact_body(body.encode(), mimetype).decode()
    assert secret not in redacted and MASK in redacted


@pytest.mark.parametrize(
    "body, mimetype",
    [
        ('{"userName":  "a",   "title": "x"}', SCIM),
        ("grant_type=client_credentials&client_id=app", FORM),
        ('{"passwordPolicies": "DisablePasswordExpiration"}', JSON),
        ("<a><b>token</b></a>", "text/xml"),
        ("", JSON),
    ],
)
def test_bodies_without_secrets_are_unchanged_byte_for_byte(body, mimetype):
    assert redact_body(body.encode(), mimetype) == body.encode()


def test_structure_around_a_masked_secret_is_kept():
    body = {"schemas": [PATCH], "Operations": [{"op": "replace", "path": "password", "value": "x"}]}
    redacted = json.loads(redact_body(json.dumps(body).encode(), SCIM))
    assert redacted["Operations"][0] == {"op": "replace", "path": "password", "value": MASK}


@pytest.mark.parametrize(
    "query, secret",
    [
        ("client_id=a&client_secret=s3cr3t", "s3cr3t"),
        ("password=hunter2", "hunter2"),
        ("x=1&access_token=t0k", "t0k"),
    ],
)
def test_secret_query_parameters_are_masked(query, secret):
    redacted = redact_query(query)
    assert secret not in redacted and MASK in redacted


def test_ordinary_query_is_unchanged():
    query = "filter=userName%20eq%20%22a%22&count=5"
    assert redact_query(query) == query
