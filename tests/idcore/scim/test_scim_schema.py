"""Schema data tests: resolution and the /Schemas rendering."""

import pytest

from idcore.scim.schema import AttrMutability, AttrReturned, AttrType, AttrUniqueness, render_schemas
from idcore.scim.schema_data import ENTERPRISE_USER_URN, GROUP, USER, USER_URN

RESOLVE = [
    ("userName", USER_URN, "userName", False),
    ("USERNAME", USER_URN, "userName", False),
    ("name.givenName", USER_URN, "givenName", False),
    ("emails.value", USER_URN, "value", False),
    (f"{USER_URN}:userName", USER_URN, "userName", False),
    (f"{ENTERPRISE_USER_URN}:employeeNumber", ENTERPRISE_USER_URN, "employeeNumber", True),
    (f"{ENTERPRISE_USER_URN.upper()}:Manager.Value", ENTERPRISE_USER_URN, "value", True),
    ("meta.lastModified", USER_URN, "lastModified", False),
    ("id", USER_URN, "id", False),
]


@pytest.mark.parametrize(("path", "urn", "name", "extension"), RESOLVE, ids=[r[0] for r in RESOLVE])
def test_resolve(path, urn, name, extension):
    found = USER.resolve(path)
    assert (found.schema_urn, found.target.name, found.extension) == (urn, name, extension)


@pytest.mark.parametrize("path", ["nope", "name.nope", "employeeNumber", "urn:x:y:z:userName"])
def test_resolve_unknown_is_none(path):
    assert USER.resolve(path) is None


CHARACTERISTICS = [
    ("password", "mutability", AttrMutability.WRITE_ONLY),
    ("password", "returned", AttrReturned.NEVER),
    ("groups", "mutability", AttrMutability.READ_ONLY),
    ("id", "returned", AttrReturned.ALWAYS),
    ("id", "case_exact", True),
    ("userName", "uniqueness", AttrUniqueness.SERVER),
    ("userName", "required", True),
    ("emails", "multi_valued", True),
    ("meta.created", "type", AttrType.DATE_TIME),
    ("active", "type", AttrType.BOOLEAN),
    (f"{ENTERPRISE_USER_URN}:manager.$ref", "type", AttrType.REFERENCE),
]


@pytest.mark.parametrize(
    ("path", "field", "value"), CHARACTERISTICS, ids=[f"{c[0]}-{c[1]}" for c in CHARACTERISTICS]
)
def test_characteristics(path, field, value):
    assert getattr(USER.resolve(path).target, field) == value


def test_group_members_value_is_immutable():
    assert GROUP.resolve("members.value").target.mutability is AttrMutability.IMMUTABLE


def test_render_schemas_lists_each_schema_once():
    ids = [s["id"] for s in render_schemas([USER, GROUP, USER])]
    assert ids == [USER_URN, ENTERPRISE_USER_URN, "urn:ietf:params:scim:schemas:core:2.0:Group"]


def test_rendered_attribute_uses_wire_names():
    rendered = next(s for s in render_schemas([USER]) if s["id"] == USER_URN)
    emails = next(a for a in rendered["attributes"] if a["name"] == "emails")
    assert (emails["multiValued"], emails["mutability"], [s["name"] for s in emails["subAttributes"]]) == (
        True,
        "readWrite",
        ["value", "display", "type", "primary"],
    )


def test_rendered_schema_meta():
    rendered = render_schemas([GROUP], base_url="http://h/scim/v2")[0]
    assert rendered["meta"] == {
        "resourceType": "Schema",
        "location": "http://h/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:Group",
    }


def test_resource_type_rendering():
    assert USER.to_dict()["schemaExtensions"] == [{"schema": ENTERPRISE_USER_URN, "required": False}]
