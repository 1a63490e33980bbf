"""From a `RequestSpec` to a urllib `Request`: validated URL and headers, encoded body, auth headers.

Everything the user typed is checked here (see `validate`), before any socket is opened, so that a
wrong field never produces a half-sent request.
"""

from __future__ import annotations

import mimetypes
import os
import secrets
import tempfile
from typing import IO, NamedTuple
from urllib.parse import unquote, urlencode, urlsplit, urlunsplit
from urllib.request import url2pathname

from workbench.engine.errors import InvalidRequest
from workbench.engine.spec import Auth, Body, RequestSpec
from workbench.engine.validate import (
    check_auth,
    check_header_name,
    check_header_value,
    check_max_redirects,
    check_method,
    check_timeout,
    check_url,
    split_scheme,
)
from workbench.engine.wire import WireRequest

SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})


class FileBody:
    """A request body read from a file, re-readable from the start for redirects and auth retries."""

    def __init__(self, file: IO[bytes], size: int) -> None:
        self._file = file
        self.wb_size = size

    def read(self, size: int = -1) -> bytes:
        return self._file.read(size)

    def seek(self, offset: int) -> int:
        return self._file.seek(offset)

    def close(self) -> None:
        self._file.close()


class Prepared(NamedTuple):
    """A request ready for the opener, and what the engine decided while preparing it."""

    method: str
    url: str
    headers: list[tuple[str, str]]
    """Headers the engine sets, in order: the user's enabled ones, then those from body and auth."""
    data: bytes | FileBody | None
    auth: Auth
    user_headers: frozenset[str]
    secret_headers: frozenset[str]
    notes: list[str]
    timeout: float | None
    total_timeout: float | None
    max_redirects: int
    headers_as_typed: bool = True
    """Send header names as typed; False leaves urllib's ``Title-Case``."""

    def to_request(self) -> WireRequest:
        """A fresh urllib request (its first value per name; repeats go out through the connection)."""
        req = WireRequest(self.url, data=self.data, method=self.method)
        seen: set[str] = set()
        for name, value in self.headers:
            if name.lower() in seen:
                req.wb_extra.append((name, value))
            else:
                seen.add(name.lower())
                req.add_header(name, value)
                if self.headers_as_typed:
                    req.wb_case[name.lower()] = name
        req.wb_secret = self.secret_headers
        req.wb_notes = list(self.notes)
        return req

    def close(self) -> None:
        """Close a file body."""
        if isinstance(self.data, FileBody):
            self.data.close()


def prepare(spec: RequestSpec) -> Prepared:
    """Validate `spec` and encode it; raises `InvalidRequest` naming the field at fault."""
    method = check_method(spec.method)
    url = check_url(spec.url)
    options = spec.options
    timeout = check_timeout(options.timeout)
    total = check_timeout(options.total_timeout, "total_timeout")
    max_redirects = check_max_redirects(options.max_redirects)
    scheme = split_scheme(url)
    notes: list[str] = []
    auth = spec.auth
    url, auth = _credentials_from_url(url, auth, notes)
    url = _with_params(url, [(p.name, p.value) for p in spec.params if p.enabled])
    headers = _user_headers(spec)
    user_names = frozenset(n.lower() for n, _ in headers)
    secret = set(SECRET_HEADERS)
    if scheme in ("data", "file"):
        if spec.body.kind != "none" or method not in ("GET", "HEAD"):
            raise InvalidRequest(
                "body", f"{scheme}: URLs are read, not sent to: use GET and no body."
            )
        if scheme == "file":
            _check_local_file(url)
        data: bytes | FileBody | None = None
    else:
        data, content_type = encode_body(spec.body)
        if content_type and "content-type" not in user_names:
            headers.append(("Content-Type", content_type))
        url = _auth_headers(auth, url, headers, user_names, secret, notes)
        if options.decode and "accept-encoding" not in user_names:
            headers.append(("Accept-Encoding", "gzip, deflate"))
        if "cookie" in user_names and options.cookies:
            notes.append("Your Cookie header replaces the cookie jar's cookies on this request.")
    return Prepared(
        method,
        url,
        headers,
        data,
        auth,
        user_names,
        frozenset(secret),
        notes,
        timeout,
        total,
        max_redirects,
        options.headers_as_typed,
    )


def _check_local_file(url: str) -> None:
    """urllib reports a missing file as a bare OSError, which reads like a network failure, and
    looks up any host name in a file: URL (a DNS query) before refusing it."""
    parts = urlsplit(url)
    if parts.netloc not in ("", "localhost"):
        raise InvalidRequest(
            "url",
            f"file: URLs name a file on this computer (file:///path); {parts.netloc!r} is another host.",
        )
    path = url2pathname(parts.path)
    if os.path.isdir(path):
        raise InvalidRequest("url", f"{path!r} is a folder, not a file.")
    if not os.path.isfile(path):
        raise InvalidRequest("url", f"The file {path!r} does not exist.")


def _user_headers(spec: RequestSpec) -> list[tuple[str, str]]:
    headers = []
    for row in spec.headers:
        if not row.enabled or (not row.name and not row.value):
            continue
        name = check_header_name(row.name.strip())
        headers.append((name, check_header_value(name, row.value)))
    return headers


def _credentials_from_url(url: str, auth: Auth, notes: list[str]) -> tuple[str, Auth]:
    """``http://user:pass@host`` is not understood by urllib; turn it into Basic auth."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, auth
    userinfo, _, hostport = parts.netloc.rpartition("@")
    url = urlunsplit((parts.scheme, hostport, parts.path, parts.query, ""))
    user, _, password = userinfo.partition(":")
    if auth.kind != "none":
        notes.append("Credentials in the URL were ignored: the Auth settings apply.")
        return url, auth
    notes.append("Credentials from the URL are sent as Basic auth (preemptively, as curl does).")
    return url, Auth(
        kind="basic", username=unquote(user), password=unquote(password), preemptive=True
    )


def _with_params(url: str, params: list[tuple[str, str]]) -> str:
    if not params:
        return url
    parts = urlsplit(url)
    extra = urlencode(params)
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def _auth_headers(
    auth: Auth,
    url: str,
    headers: list[tuple[str, str]],
    user_names: frozenset[str],
    secret: set[str],
    notes: list[str],
) -> str:
    """Bearer and API key auth are plain headers (or a query parameter); returns the URL."""
    check_auth(auth)
    if auth.kind == "bearer":
        if "authorization" in user_names:
            notes.append("Your Authorization header wins over the Bearer token in Auth.")
        else:
            headers.append(("Authorization", f"Bearer {auth.token}"))
    elif auth.kind == "apikey":
        if auth.key_in == "query":
            return _with_params(url, [(auth.key_name, auth.key_value)])
        name = check_header_name(auth.key_name)
        headers.append((name, check_header_value(name, auth.key_value)))
        secret.add(name.lower())
    return url


def encode_body(body: Body) -> tuple[bytes | FileBody | None, str]:
    """The body's bytes (or re-readable file) and its content type."""
    if body.kind == "none":
        return None, ""
    if body.kind == "form":
        pairs = [(f.name, f.value) for f in body.fields if f.enabled and (f.name or f.value)]
        return urlencode(pairs).encode("ascii"), "application/x-www-form-urlencoded"
    if body.kind == "raw":
        return body.text.encode("utf-8"), body.content_type or "text/plain; charset=utf-8"
    if body.kind == "file":
        file, size = _open_file(body.path, "body file")
        kind = body.content_type or _guess_type(body.path)
        return FileBody(file, size), kind
    if body.kind == "multipart":
        return _multipart(body)
    raise InvalidRequest("body", f"Unknown body kind {body.kind!r}.")


def _multipart(body: Body) -> tuple[FileBody, str]:
    boundary = "----WorkbenchBoundary" + secrets.token_hex(12)
    spool: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024)  # noqa: SIM115
    try:
        for part in body.parts:
            if not part.enabled or not part.name:
                continue
            spool.write(f"--{boundary}\r\n".encode())
            name = _quote_param(part.name)
            if part.is_file:
                file, _ = _open_file(part.value, f"file for multipart field {part.name!r}")
                filename = _quote_param(part.filename or os.path.basename(part.value))
                kind = part.content_type or _guess_type(part.value)
                spool.write(
                    f'Content-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                    f"Content-Type: {kind}\r\n\r\n".encode()
                )
                with file:
                    while chunk := file.read(256 * 1024):
                        spool.write(chunk)
            else:
                spool.write(f'Content-Disposition: form-data; name="{name}"\r\n'.encode())
                if part.content_type:
                    spool.write(f"Content-Type: {part.content_type}\r\n".encode())
                spool.write(b"\r\n" + part.value.encode("utf-8"))
            spool.write(b"\r\n")
        spool.write(f"--{boundary}--\r\n".encode())
        size = spool.tell()
    except BaseException:
        spool.close()
        raise
    return FileBody(spool, size), f"multipart/form-data; boundary={boundary}"


def _quote_param(value: str) -> str:
    # HTML's multipart encoding: escape quotes and line breaks in names and file names.
    return value.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def _open_file(path: str, what: str) -> tuple[IO[bytes], int]:
    if not path:
        raise InvalidRequest("body", f"No {what} chosen.")
    try:
        # Closed by Prepared.close() after the send.
        file = open(path, "rb")  # noqa: SIM115
    except FileNotFoundError:
        raise InvalidRequest("body", f"The {what} {path!r} does not exist.") from None
    except IsADirectoryError:
        raise InvalidRequest("body", f"The {what} {path!r} is a folder, not a file.") from None
    except OSError as exc:
        raise InvalidRequest(
            "body", f"The {what} {path!r} cannot be read: {exc.strerror}."
        ) from None
    return file, os.fstat(file.fileno()).st_size


def _guess_type(path: str) -> str:
    return mimetypes.guess_type(path)[0] or "application/octet-stream"
