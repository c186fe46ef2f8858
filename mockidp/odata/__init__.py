"""The OData subset Graph serves: ``$filter`` compiled to SQL, and the other query options with keyset paging."""

from mockidp.odata.filter import FilterCompiler, prefix_range
from mockidp.odata.query import QueryOptions, decode_token, encode_token, parse_options

__all__ = ["FilterCompiler", "QueryOptions", "decode_token", "encode_token", "parse_options", "prefix_range"]
