"""Ways to reach an app in tests: in process through a requests adapter, or over a real socket on port 0."""

from idcore.testing.server import LiveServer
from idcore.testing.wsgi import WSGIAdapter, mount

__all__ = ["LiveServer", "WSGIAdapter", "mount"]
