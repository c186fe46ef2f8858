"""mockidp."""
