"""The RFC 7643 schemas as data: core User (§4.1), EnterpriseUser (§4.3), Group (§4.2), common attributes (§3.1).

Characteristics follow the RFC 7643 §8.7.1/§8.7.2 schema representations. A server profile that
differs (say, Entra requiring unique group displayNames) derives a copy with ``dataclasses.replace``.
"""

from __future__ import annotations

from idcore.scim.schema import (
    Attribute,
    AttrMutability,
    AttrReturned,
    AttrType,
    AttrUniqueness,
    ResourceType,
    Schema,
)

USER_URN = "urn:ietf:params:scim:schemas:core:2.0:User"
GROUP_URN = "urn:ietf:params:scim:schemas:core:2.0:Group"
ENTERPRISE_USER_URN = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

STRING, BOOLEAN, COMPLEX, REFERENCE = AttrType.STRING, AttrType.BOOLEAN, AttrType.COMPLEX, AttrType.REFERENCE
READ_ONLY, IMMUTABLE = AttrMutability.READ_ONLY, AttrMutability.IMMUTABLE


def _multi(
    name: str,
    description: str,
    types: tuple[str, ...],
    *,
    value_type: AttrType = STRING,
    reference_types: tuple[str, ...] = (),
) -> Attribute:
    """Build the usual multi-valued complex attribute with value, display, type and primary."""
    return Attribute(
        name,
        COMPLEX,
        multi_valued=True,
        description=description,
        sub_attributes=(
            Attribute("value", value_type, reference_types=reference_types, description=f"The {name} value."),
            Attribute("display", description="A human-readable name, primarily used for display purposes."),
            Attribute(
                "type", canonical_values=types, description=f"A label indicating the {name}' function."
            ),
            Attribute("primary", BOOLEAN, description="Indicates the 'primary' or preferred value."),
        ),
    )


# RFC 7643 §3.1 common attributes; "schemas" (§3) is listed here so filters can name it.
COMMON_ATTRIBUTES: tuple[Attribute, ...] = (
    Attribute(
        "id",
        case_exact=True,
        mutability=READ_ONLY,
        returned=AttrReturned.ALWAYS,
        uniqueness=AttrUniqueness.SERVER,
        description="Unique identifier for the SCIM resource as defined by the service provider.",
    ),
    Attribute(
        "externalId",
        case_exact=True,
        description="An identifier for the resource as defined by the provisioning client.",
    ),
    Attribute(
        "meta",
        COMPLEX,
        mutability=READ_ONLY,
        description="Resource metadata.",
        sub_attributes=(
            Attribute(
                "resourceType", case_exact=True, mutability=READ_ONLY, description="The resource type name."
            ),
            Attribute(
                "created", AttrType.DATE_TIME, mutability=READ_ONLY, description="When it was created."
            ),
            Attribute(
                "lastModified", AttrType.DATE_TIME, mutability=READ_ONLY, description="When it last changed."
            ),
            Attribute(
                "location",
                REFERENCE,
                case_exact=True,
                mutability=READ_ONLY,
                reference_types=("uri",),
                description="The URI of the resource.",
            ),
            Attribute(
                "version", case_exact=True, mutability=READ_ONLY, description="The resource version (ETag)."
            ),
        ),
    ),
    Attribute(
        "schemas",
        REFERENCE,
        multi_valued=True,
        required=True,
        returned=AttrReturned.ALWAYS,
        reference_types=("uri",),
        description="The schema URIs of the resource.",
    ),
)

USER_SCHEMA = Schema(
    USER_URN,
    "User",
    description="User Account",
    attributes=(
        Attribute(
            "userName",
            required=True,
            uniqueness=AttrUniqueness.SERVER,
            description="Unique identifier for the User, typically used to authenticate.",
        ),
        Attribute(
            "name",
            COMPLEX,
            description="The components of the user's real name.",
            sub_attributes=(
                Attribute("formatted", description="The full name, formatted for display."),
                Attribute("familyName", description="The family name of the User."),
                Attribute("givenName", description="The given name of the User."),
                Attribute("middleName", description="The middle name(s) of the User."),
                Attribute("honorificPrefix", description="The honorific prefix(es) of the User."),
                Attribute("honorificSuffix", description="The honorific suffix(es) of the User."),
            ),
        ),
        Attribute("displayName", description="The name of the User, suitable for display to end-users."),
        Attribute("nickName", description="The casual way to address the user."),
        Attribute(
            "profileUrl", REFERENCE, reference_types=("external",), description="The User's online profile."
        ),
        Attribute("title", description="The user's title, such as 'Vice President'."),
        Attribute("userType", description="The relationship between the organization and the user."),
        Attribute("preferredLanguage", description="The User's preferred written or spoken language."),
        Attribute("locale", description="The User's default location for localization."),
        Attribute("timezone", description="The User's time zone in the 'Olson' format."),
        Attribute("active", BOOLEAN, description="The User's administrative status."),
        Attribute(
            "password",
            mutability=AttrMutability.WRITE_ONLY,
            returned=AttrReturned.NEVER,
            description="The User's cleartext password.",
        ),
        _multi("emails", "Email addresses for the user.", ("work", "home", "other")),
        _multi(
            "phoneNumbers", "Phone numbers for the User.", ("work", "home", "mobile", "fax", "pager", "other")
        ),
        _multi(
            "ims",
            "Instant messaging addresses for the User.",
            ("aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"),
        ),
        _multi(
            "photos",
            "URLs of photos of the User.",
            ("photo", "thumbnail"),
            value_type=REFERENCE,
            reference_types=("external",),
        ),
        Attribute(
            "addresses",
            COMPLEX,
            multi_valued=True,
            description="A physical mailing address.",
            sub_attributes=(
                Attribute("formatted", description="The full mailing address, formatted for display."),
                Attribute("streetAddress", description="The full street address component."),
                Attribute("locality", description="The city or locality component."),
                Attribute("region", description="The state or region component."),
                Attribute("postalCode", description="The zip code or postal code component."),
                Attribute("country", description="The country name component."),
                Attribute(
                    "type", canonical_values=("work", "home", "other"), description="The kind of address."
                ),
                Attribute("primary", BOOLEAN, description="Indicates the preferred mailing address."),
            ),
        ),
        Attribute(
            "groups",
            COMPLEX,
            multi_valued=True,
            mutability=READ_ONLY,
            description="A list of groups to which the user belongs.",
            sub_attributes=(
                Attribute("value", mutability=READ_ONLY, description="The identifier of the User's group."),
                Attribute(
                    "$ref",
                    REFERENCE,
                    mutability=READ_ONLY,
                    reference_types=("User", "Group"),
                    description="The URI of the corresponding 'Group' resource.",
                ),
                Attribute("display", mutability=READ_ONLY, description="A human-readable name."),
                Attribute(
                    "type",
                    mutability=READ_ONLY,
                    canonical_values=("direct", "indirect"),
                    description="How the membership was derived.",
                ),
            ),
        ),
        _multi("entitlements", "A list of entitlements for the User.", ()),
        _multi("roles", "A list of roles for the User.", ()),
        _multi(
            "x509Certificates", "A list of certificates issued to the User.", (), value_type=AttrType.BINARY
        ),
    ),
)

ENTERPRISE_USER_SCHEMA = Schema(
    ENTERPRISE_USER_URN,
    "EnterpriseUser",
    description="Enterprise User",
    attributes=(
        Attribute("employeeNumber", description="Numeric or alphanumeric identifier assigned to a person."),
        Attribute("costCenter", description="Identifies the name of a cost center."),
        Attribute("organization", description="Identifies the name of an organization."),
        Attribute("division", description="Identifies the name of a division."),
        Attribute("department", description="Identifies the name of a department."),
        Attribute(
            "manager",
            COMPLEX,
            description="The User's manager.",
            sub_attributes=(
                Attribute(
                    "value", description="The id of the SCIM resource representing the User's manager."
                ),
                Attribute(
                    "$ref",
                    REFERENCE,
                    reference_types=("User",),
                    description="The URI of the manager resource.",
                ),
                Attribute(
                    "displayName", mutability=READ_ONLY, description="The displayName of the User's manager."
                ),
            ),
        ),
    ),
)

GROUP_SCHEMA = Schema(
    GROUP_URN,
    "Group",
    description="Group",
    attributes=(
        Attribute("displayName", required=True, description="A human-readable name for the Group."),
        Attribute(
            "members",
            COMPLEX,
            multi_valued=True,
            description="A list of members of the Group.",
            sub_attributes=(
                Attribute(
                    "value", mutability=IMMUTABLE, description="Identifier of the member of this Group."
                ),
                Attribute(
                    "$ref",
                    REFERENCE,
                    mutability=IMMUTABLE,
                    reference_types=("User", "Group"),
                    description="The URI of the corresponding member resource.",
                ),
                Attribute(
                    "display", mutability=READ_ONLY, description="A human-readable name of the member."
                ),
                Attribute(
                    "type",
                    mutability=IMMUTABLE,
                    canonical_values=("User", "Group"),
                    description="The type of the member.",
                ),
            ),
        ),
    ),
)

USER = ResourceType(
    "User",
    "/Users",
    USER_SCHEMA,
    extensions=(ENTERPRISE_USER_SCHEMA,),
    common=COMMON_ATTRIBUTES,
    description="User Account",
)
GROUP = ResourceType("Group", "/Groups", GROUP_SCHEMA, common=COMMON_ATTRIBUTES, description="Group")
