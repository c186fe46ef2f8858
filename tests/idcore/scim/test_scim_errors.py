"""Error tests: status, scimType and the RFC 7644 §3.12 body."""

import pytest

from idcore.errors import ProtocolError
from idcore.scim import errors

ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error"

CLASSES = [
    (errors.InvalidFilter, "400", "invalidFilter"),
    (errors.TooMany, "400", "tooMany"),
    (errors.Uniqueness, "409", "uniqueness"),
    (errors.Mutability, "400", "mutability"),
    (errors.InvalidSyntax, "400", "invalidSyntax"),
    (errors.InvalidPath, "400", "invalidPath"),
    (errors.NoTarget, "400", "noTarget"),
    (errors.InvalidValue, "400", "invalidValue"),
    (errors.InvalidVersion, "400", "invalidVers"),
    (errors.Sensitive, "400", "sensitive"),
    (errors.NotFound, "404", None),
    (errors.PreconditionFailed, "412", None),
    (errors.Unauthorized, "401", None),
    (errors.Forbidden, "403", None),
    (errors.PayloadTooLarge, "413", None),
    (errors.ScimNotImplemented, "501", None),
    (errors.Conflict, "409", None),
]


@pytest.mark.parametrize(("cls", "status", "scim_type"), CLASSES, ids=[c[0].__name__ for c in CLASSES])
def test_error_body(cls, status, scim_type):
    body = cls("why").to_dict()
    expected = {"schemas": [ERROR_SCHEMA], "status": status, "detail": "why"}
    if scim_type:
        expected["scimType"] = scim_type
    assert body == expected


@pytest.mark.parametrize(("cls", "status", "scim_type"), CLASSES, ids=[c[0].__name__ for c in CLASSES])
def test_error_round_trips_from_body(cls, status, scim_type):
    assert type(errors.error_from_dict(cls("why").to_dict())) is cls


def test_errors_are_protocol_errors():
    assert issubclass(errors.ScimError, ProtocolError)


def test_content_type_is_scim_json():
    assert errors.NotFound("x").content_type == "application/scim+json"


def test_from_http_maps_status_to_class():
    error = errors.ScimError.from_http(405, "Method not allowed")
    assert (error.status, error.to_dict()["status"]) == (405, "405")


def test_from_http_known_status():
    assert isinstance(errors.ScimError.from_http(404, "nope"), errors.NotFound)
