"""Thin Flask views of mockidp: parse the request, call the backend, serialize; errors are raised, never built."""
