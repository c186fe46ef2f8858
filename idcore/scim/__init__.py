"""The shared SCIM 2.0 protocol kernel (RFC 7643/7644): schema data, filters, PATCH, envelopes, errors."""
