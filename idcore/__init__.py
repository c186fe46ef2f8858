"""idcore."""
