"""The built-in playground: a local HTTP server with test endpoints and a forward proxy, 127.0.0.1 only.

Standard library only. ``Playground(port=0, proxy_port=None, proxy_auth=None).start()``; see `server`.
"""

from workbench.playground.loopback import PlaygroundError, PortInUseError, RecordedRequest
from workbench.playground.proxy import ProxyRecord
from workbench.playground.server import Playground

__all__ = ["Playground", "PlaygroundError", "PortInUseError", "ProxyRecord", "RecordedRequest"]
