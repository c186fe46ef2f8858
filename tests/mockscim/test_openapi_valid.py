"""mockscim's hand-written /openapi.json is a valid OpenAPI 3 document."""

from __future__ import annotations

import openapi_spec_validator
import requests

import mockscim
from idcore.testing import mount


def test_openapi_document_validates():
    http = mount(requests.Session(), "http://scim.test", mockscim.create_app({"DATABASE_URL": "sqlite://"}))
    openapi_spec_validator.validate(http.get("http://scim.test/openapi.json").json())
