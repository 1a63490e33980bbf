"""Authentication challenges: Basic, Digest (MD5 or SHA-256, qop auth or auth-int) and Bearer."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import time
from urllib.parse import urlsplit
from urllib.request import parse_http_list, parse_keqv_list

from workbench.playground import pages
from workbench.playground.reply import BadInput, Reply, Request, html_reply, json_reply
from workbench.playground.router import Route

REALM = "playground"
NONCE_LIFETIME = 300.0
"""Seconds a Digest nonce stays fresh; an older one gets ``stale=true`` and a new nonce."""
ALGORITHMS = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}
QOPS = ("auth", "auth-int")
_OPAQUE = secrets.token_hex(16)
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
"""Auth endpoints take bodies too: qop auth-int hashes the body."""


def unauthorized(challenge: str, message: str) -> Reply:
    """401 with a challenge and a page saying what went wrong."""
    reply = html_reply(pages.error_page(401, message), 401)
    return reply.add("WWW-Authenticate", challenge)


def basic(req: Request, user: str, password: str) -> Reply:
    """Accept Basic credentials for exactly this user and password."""
    scheme, _, token = req.header("Authorization").partition(" ")
    if scheme.lower() == "basic":
        try:
            given = base64.b64decode(token.strip(), validate=True).decode("utf-8", "replace")
        except (binascii.Error, ValueError):
            given = None
        if given is not None and hmac.compare_digest(given, f"{user}:{password}"):
            return json_reply({"authenticated": True, "user": user})
        message = "Those credentials are wrong. Send Basic credentials for the user and password in the URL."
    else:
        message = "This page needs Basic credentials: the user and password named in its URL."
    return unauthorized(f'Basic realm="{REALM}"', message)


def bearer(req: Request) -> Reply:
    """Accept any Bearer token and show it."""
    scheme, _, token = req.header("Authorization").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return json_reply({"authenticated": True, "token": token.strip()})
    return unauthorized(
        f'Bearer realm="{REALM}"', "This page needs an Authorization: Bearer <token> header."
    )


def digest(req: Request, qop: str, user: str, password: str, algorithm: str | None) -> Reply:
    """Accept Digest credentials for this user and password, with this qop and algorithm."""
    algorithm = (algorithm or "MD5").upper()
    if qop not in QOPS:
        raise BadInput(f"The qop must be one of {', '.join(QOPS)} (got {qop!r}).")
    if algorithm not in ALGORITHMS:
        raise BadInput(f"The algorithm must be MD5 or SHA-256 (got {algorithm!r}).")
    scheme, _, rest = req.header("Authorization").partition(" ")
    stale = False
    if scheme.lower() == "digest":
        fields = parse_keqv_list(parse_http_list(rest))
        problem, stale = _check(req, fields, qop, user, password, algorithm)
        if problem is None:
            return json_reply({"authenticated": True, "user": user})
        message = f"The Digest credentials were not accepted: {problem}."
    else:
        message = "This page needs Digest credentials: the user and password named in its URL."
    return unauthorized(_challenge(req, qop, algorithm, stale), message)


def _challenge(req: Request, qop: str, algorithm: str, stale: bool) -> str:
    parts = [
        f'realm="{REALM}"',
        f'qop="{qop}"',
        f'nonce="{_nonce(req.ctx.secret)}"',
        f'opaque="{_OPAQUE}"',
        f"algorithm={algorithm}",
    ]
    if stale:
        parts.append("stale=true")
    return "Digest " + ", ".join(parts)


def _nonce(secret: bytes, issued: int | None = None) -> str:
    """A nonce that carries its own issue time, signed, so no state is kept between requests."""
    stamp = f"{issued if issued is not None else int(time.time()):x}"
    return stamp + hmac.new(secret, stamp.encode(), hashlib.sha256).hexdigest()[:32]


def _nonce_age(secret: bytes, nonce: str) -> float | None:
    stamp = nonce[:-32]
    try:
        issued = int(stamp, 16)
    except ValueError:
        return None
    if not hmac.compare_digest(_nonce(secret, issued), nonce):
        return None
    return time.time() - issued


def _check(
    req: Request, fields: dict[str, str], qop: str, user: str, password: str, algorithm: str
) -> tuple[str | None, bool]:
    """What is wrong with a Digest answer (None when right), and whether only the nonce is too old."""
    if fields.get("username") != user or fields.get("realm") != REALM:
        return "wrong user name or realm", False
    if fields.get("algorithm", "MD5").upper() != algorithm:
        return f"the algorithm must be {algorithm}", False
    if fields.get("qop") != qop:
        return f"the qop must be {qop}", False
    uri = fields.get("uri", "")
    sent = urlsplit(uri)
    if (sent.path + (f"?{sent.query}" if sent.query else "")) != req.target:
        return f"the uri {uri!r} is not the requested one", False
    age = _nonce_age(req.ctx.secret, fields.get("nonce", ""))
    if age is None:
        return "the nonce is not one this server issued", False
    h = ALGORITHMS[algorithm]

    def hexdigest(text: str) -> str:
        return h(text.encode("utf-8")).hexdigest()

    ha1 = hexdigest(f"{user}:{REALM}:{password}")
    ha2 = f"{req.method}:{uri}"
    if qop == "auth-int":
        ha2 += ":" + h(req.body).hexdigest()
    nonce, nc, cnonce = fields.get("nonce", ""), fields.get("nc", ""), fields.get("cnonce", "")
    expected = hexdigest(f"{ha1}:{nonce}:{nc}:{cnonce}:{qop}:{hexdigest(ha2)}")
    if not hmac.compare_digest(expected, fields.get("response", "")):
        return "the response hash does not match (wrong password?)", False
    if age > NONCE_LIFETIME:
        return "the nonce has expired", True
    return None, False


ROUTES = (
    Route(
        "/basic-auth/{user}/{password}",
        f'Basic authentication, realm "{REALM}": 200 with the right user and password, 401 otherwise.',
        basic,
        methods=METHODS,
        example="/basic-auth/user/passwd",
    ),
    Route(
        "/digest-auth/{qop}/{user}/{password}[/{algorithm}]",
        "Digest authentication: qop auth or auth-int, algorithm MD5 (default) or SHA-256.",
        digest,
        methods=METHODS,
        example="/digest-auth/auth/user/passwd",
        regex=r"/digest-auth/([^/]+)/([^/]+)/([^/]+)(?:/([^/]+))?",
    ),
    Route(
        "/bearer",
        "Bearer tokens: 401 with WWW-Authenticate: Bearer without one; echoes the token with one.",
        bearer,
        methods=METHODS,
        example="/bearer",
    ),
)
