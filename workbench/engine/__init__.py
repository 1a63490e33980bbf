"""The engine: request descriptions in, exchanges out, through urllib's opener engine. No Qt, no storage."""

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
from workbench.engine.send import send
from workbench.engine.spec import (
    TLS,
    Auth,
    Body,
    Field,
    Options,
    Part,
    Proxy,
    RequestSpec,
)

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
