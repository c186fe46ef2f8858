"""Ways to reach an app in tests: in process through a requests adapter, over a real socket on port 0, or from
gunicorn's worker processes."""

from idcore.testing.gunicorn import GunicornServer
from idcore.testing.process import ServerProcess, free_port
from idcore.testing.server import LiveServer
from idcore.testing.wsgi import WSGIAdapter, mount

__all__ = ["GunicornServer", "LiveServer", "ServerProcess", "WSGIAdapter", "free_port", "mount"]
