"""The engine: request descriptions in, exchanges out, through urllib's opener engine. No Qt, no storage.

Names are loaded on first use (PEP 562): the window imports the request description types at start-up
without paying for urllib.request, http.client, ssl and email until the first send.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_WHERE = {
    "Payload": "body",
    "CancelToken": "cancel",
    "InvalidRequest": "errors",
    "ERROR_KINDS": "exchange",
    "ErrorKind": "exchange",
    "Exchange": "exchange",
    "Failure": "exchange",
    "Hop": "exchange",
    "Response": "exchange",
    "SentRequest": "exchange",
    "send": "sending",
    "TLS": "spec",
    "Auth": "spec",
    "Body": "spec",
    "Field": "spec",
    "Options": "spec",
    "Part": "spec",
    "Proxy": "spec",
    "RequestSpec": "spec",
}

__all__ = [
    "ERROR_KINDS",
    "TLS",
    "Auth",
    "Body",
    "CancelToken",
    "ErrorKind",
    "Exchange",
    "Failure",
    "Field",
    "Hop",
    "InvalidRequest",
    "Options",
    "Part",
    "Payload",
    "Proxy",
    "RequestSpec",
    "Response",
    "SentRequest",
    "send",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'workbench.engine' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"workbench.engine.{module}"), name)
    globals()[name] = value
    return value


if TYPE_CHECKING:
    from workbench.engine.body import Payload
    from workbench.engine.cancel import CancelToken
    from workbench.engine.errors import InvalidRequest
    from workbench.engine.exchange import (
        ERROR_KINDS,
        ErrorKind,
        Exchange,
        Failure,
        Hop,
        Response,
        SentRequest,
    )
    from workbench.engine.sending import send
    from workbench.engine.spec import TLS, Auth, Body, Field, Options, Part, Proxy, RequestSpec
