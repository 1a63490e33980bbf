"""Checks on what people type, before urllib sees it.

urllib sends a method ``GE T`` and a header name with a space as they are, wraps port 99999 round to 34463
and raises half a dozen unrelated exception types for the rest (ENGINE-NOTES 2.3). Each check here returns
the cleaned value or raises `InvalidRequest` naming the field, in words a person can act on. The UI calls
the same functions to mark a field while it is typed.
"""

from __future__ import annotations

import base64
import math
import re
from urllib.parse import quote, unquote_to_bytes, urlsplit, urlunsplit

from workbench.engine.errors import InvalidRequest
from workbench.engine.spec import Auth

SENDABLE_SCHEMES = ("http", "https", "data", "file")
_TOKEN = re.compile(r"^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*):")
_PATH_SAFE = "/%:@!$&'()*+,;=-._~"
_QUERY_SAFE = _PATH_SAFE + "?[]"
MAX_REDIRECTS_LIMIT = 100


def check_method(method: str) -> str:
    """A method is an HTTP token (RFC 9110): letters, digits and a few symbols, no spaces."""
    method = method.strip()
    if not method:
        raise InvalidRequest("method", "The method is empty.")
    if not _TOKEN.match(method):
        bad = next(c for c in method if not _TOKEN.match(c))
        raise InvalidRequest(
            "method",
            f"The method {method!r} is not a valid HTTP token: it contains {_describe(bad)}.",
        )
    return method


def check_header_name(name: str) -> str:
    """A header name is an HTTP token: no spaces, colons or control characters."""
    if not name:
        raise InvalidRequest("header", "A header has a value but no name.")
    if not _TOKEN.match(name):
        bad = next(c for c in name if not _TOKEN.match(c))
        raise InvalidRequest(
            "header", f"The header name {name!r} is not valid: it contains {_describe(bad)}."
        )
    return name


def check_header_value(name: str, value: str) -> str:
    """A header value has no line breaks or NUL and must fit in Latin-1, which is what goes out."""
    for char in ("\r", "\n", "\0"):
        if char in value:
            raise InvalidRequest(
                "header", f"The value of header {name!r} contains {_describe(char)}; remove it."
            )
    try:
        value.encode("latin-1")
    except UnicodeEncodeError as exc:
        char = value[exc.start]
        raise InvalidRequest(
            "header",
            f"The value of header {name!r} contains {char!r}, which HTTP headers cannot carry "
            "(only Latin-1); percent-encode it or move it to the body.",
        ) from None
    return value


def check_auth(auth: Auth) -> None:
    """Auth settings carry what their kind needs: a user name, a token, a key name."""
    if auth.kind in ("basic", "digest") and not auth.username:
        raise InvalidRequest("auth", f"{auth.kind.title()} authentication needs a user name.")
    if auth.kind == "bearer" and not auth.token:
        raise InvalidRequest("auth", "Bearer authentication needs a token.")
    if auth.kind == "apikey" and not auth.key_name:
        raise InvalidRequest("auth", "API key authentication needs the key's name.")
    try:  # the values become headers: their problems are the Auth settings' (field "auth")
        if auth.kind == "bearer":
            check_header_value("Authorization", auth.token)
        if auth.kind == "apikey" and auth.key_in == "header":
            check_header_name(auth.key_name)
    except InvalidRequest as exc:
        raise InvalidRequest("auth", exc.message) from None


def check_timeout(value: float | str | None, field: str = "timeout") -> float | None:
    """A timeout is a positive number of seconds, or None for no limit."""
    if value is None or value == "":
        return None
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise InvalidRequest(field, f"The timeout {value!r} is not a number of seconds.") from None
    if not math.isfinite(seconds) or seconds <= 0:
        raise InvalidRequest(
            field, f"The timeout must be a positive number of seconds, not {value!r}."
        )
    return seconds


def check_max_redirects(value: int | str) -> int:
    """Max redirects is a whole number from 0 to 100."""
    try:
        count = int(value)
    except (TypeError, ValueError):
        raise InvalidRequest(
            "max_redirects", f"Max redirects {value!r} is not a whole number."
        ) from None
    if not 0 <= count <= MAX_REDIRECTS_LIMIT:
        raise InvalidRequest(
            "max_redirects",
            f"Max redirects must be between 0 and {MAX_REDIRECTS_LIMIT}, not {count}.",
        )
    return count


def split_scheme(url: str) -> str:
    """The lower-case scheme of `url`, or '' when it has none (``localhost:8080`` has none)."""
    match = _SCHEME.match(url)
    if not match:
        return ""
    rest = url[match.end() :]
    if match.group(1).lower() not in SENDABLE_SCHEMES and re.match(r"^\d+(/|$)", rest):
        return ""  # host:port, not a scheme
    return match.group(1).lower()


def check_url(url: str, field: str = "url") -> str:
    """Validate a URL and make it sendable: IDNA host, percent-encoded path and query, no fragment."""
    text = url.strip()
    if not text:
        raise InvalidRequest(field, "The URL is empty.")
    for index, char in enumerate(text):
        if char == " " or ord(char) < 32 or ord(char) == 127:
            raise InvalidRequest(
                field,
                f"The URL contains {_describe(char)} at position {index + 1}"
                + ("; write a space as %20." if char == " " else "."),
            )
    scheme = split_scheme(text)
    if not scheme:
        raise InvalidRequest(field, f"The URL has no scheme; did you mean http://{text} ?")
    if scheme not in SENDABLE_SCHEMES:
        raise InvalidRequest(
            field,
            f"Workbench sends http, https, data and file URLs; {scheme}: is not supported.",
            kind="unsupported-scheme",
        )
    if scheme == "data":
        if "," not in text:
            raise InvalidRequest(
                field, "A data: URL needs a comma before its content (data:,Hello)."
            )
        _check_base64(text, field)
        return text
    if scheme == "file":
        return text
    return _normalize_http(text, scheme, field)


def _normalize_http(text: str, scheme: str, field: str) -> str:
    try:
        parts = urlsplit(text)
    except ValueError:
        # urlsplit raises on unbalanced IPv6 brackets; say what is wrong in words.
        authority = re.split(r"[/?#]", text.partition("://")[2], maxsplit=1)[0]
        if authority.rpartition("@")[2].startswith("["):
            split_host_port(authority.rpartition("@")[2], field)
        raise InvalidRequest(
            field, "The URL's host is not valid (check the brackets around an IPv6 address)."
        ) from None
    host, port = split_host_port(parts.netloc.rpartition("@")[2], field)
    if not host:
        raise InvalidRequest(field, "The URL has no host (expected http://host/...).")
    netloc = _idna(host, field)
    if port is not None:
        netloc += f":{port}"
    userinfo = parts.netloc.rpartition("@")[0]
    if userinfo:
        netloc = f"{userinfo}@{netloc}"
    path = quote(parts.path, safe=_PATH_SAFE) or "/"
    query = quote(parts.query, safe=_QUERY_SAFE)
    return urlunsplit((scheme, netloc, path, query, ""))


def _check_base64(text: str, field: str) -> None:
    """urllib decodes a base64 data: URL leniently: bad characters vanish without a word."""
    media, _, data = text[len("data:") :].partition(",")
    if not media.lower().endswith(";base64"):
        return
    try:
        base64.b64decode(unquote_to_bytes(data), validate=True)
    except ValueError:
        raise InvalidRequest(
            field, "The data: URL says ;base64 but what follows the comma is not valid base64."
        ) from None


def split_host_port(authority: str, field: str = "url") -> tuple[str, int | None]:
    """Split ``host:port`` (or ``[v6]:port``) and check the port is 1-65535."""
    if authority.startswith("["):
        end = authority.find("]")
        if end < 0:
            raise InvalidRequest(
                field, f"The IPv6 address in {authority!r} has no closing bracket."
            )
        host, rest = authority[: end + 1], authority[end + 1 :]
        port_text = rest[1:] if rest.startswith(":") else None
        if rest and port_text is None:
            raise InvalidRequest(field, f"Unexpected text {rest!r} after the IPv6 address.")
    else:
        host, sep, port_text_ = authority.partition(":")
        port_text = port_text_ if sep else None
    if port_text is None or port_text == "":
        return host, None
    if not port_text.isdigit():
        raise InvalidRequest(field, f"The port {port_text!r} is not a number.")
    port = int(port_text)
    if not 1 <= port <= 65535:
        raise InvalidRequest(field, f"The port {port} is out of range (1-65535).")
    return host, port


def _idna(host: str, field: str) -> str:
    if host.startswith("["):
        return host
    if host.isascii():
        if ".." in host or host.startswith("."):
            raise InvalidRequest(
                field, f"The host {host!r} has an empty label (two dots in a row)."
            )
        if not re.match(r"^[A-Za-z0-9._~!$&'()*+,;=%-]+$", host):
            raise InvalidRequest(
                field, f"The host {host!r} contains characters a host name cannot have."
            )
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise InvalidRequest(
            field, f"The host {host!r} is not a valid domain name ({exc})."
        ) from None


def _describe(char: str) -> str:
    names = {
        " ": "a space",
        "\t": "a tab",
        "\r": "a carriage return (CR)",
        "\n": "a line feed (LF)",
    }
    names["\0"] = "a NUL byte"
    return names.get(char, f"{char!r}")
