"""Pieces of the script `python_code.to_python` writes: body code, the opener's handlers."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import quote, urlsplit

from workbench.engine.spec import DEFAULT_MAX_REDIRECTS, TLS, Auth, Proxy, RequestSpec

BODY_CODE = {
    "none": "    data = None",
    "raw": '    data = BODY.encode("utf-8")',
    "form": '    data = urllib.parse.urlencode(FORM).encode("ascii")',
    "file": '    with open(BODY_FILE, "rb") as file:\n        data = file.read()',
    "multipart": "    data, content_type = multipart(PARTS)",
}

MULTIPART_FUNCTION = r'''

def quoted(text):
    """A field or file name inside the Content-Disposition quotes (HTML's escaping)."""
    return text.replace("\\", "\\\\").replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def multipart(parts):
    """A multipart/form-data body, built by hand, and its content type with the boundary."""
    boundary = "----WorkbenchBoundary" + secrets.token_hex(12)
    chunks = []
    for name, value, is_file, content_type, filename in parts:
        chunks.append(f"--{boundary}\r\n".encode())
        if is_file:
            filename = filename or os.path.basename(value)
            content_type = content_type or mimetypes.guess_type(value)[0] or "application/octet-stream"
            chunks.append(
                f'Content-Disposition: form-data; name="{quoted(name)}"; '
                f'filename="{quoted(filename)}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
            )
            with open(value, "rb") as file:
                chunks.append(file.read())
        else:
            chunks.append(f'Content-Disposition: form-data; name="{quoted(name)}"\r\n'.encode())
            if content_type:
                chunks.append(f"Content-Type: {content_type}\r\n".encode())
            chunks.append(b"\r\n" + value.encode("utf-8"))
        chunks.append(b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"'''

_NO_REDIRECTS = '''

class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Hand 3xx responses back instead of following them (follow redirects is off)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None'''

_LIMITED_REDIRECTS = '''

class Redirects(urllib.request.HTTPRedirectHandler):
    """Follow at most {limit} redirects."""

    max_redirections = {limit}
    max_repeats = {limit}'''


def literal_list(name: str, rows: Sequence[tuple[object, ...]]) -> str:
    """``NAME = [...]`` with one tuple a line."""
    if not rows:
        return f"{name} = []"
    inner = "\n".join(f"    {row!r}," for row in rows)
    return f"{name} = [\n{inner}\n]"


def redirect_class(follow: bool, limit: int) -> str:
    """The redirect handler subclass the settings need ("" for urllib's own)."""
    if not follow:
        return _NO_REDIRECTS
    if limit != DEFAULT_MAX_REDIRECTS:
        return _LIMITED_REDIRECTS.format(limit=int(limit))
    return ""


def opener_lines(spec: RequestSpec, auth: Auth) -> list[str]:
    """The body of ``build_opener()``: handlers in the order the engine adds them."""
    lines = ["    handlers = []"]
    lines += _proxy(spec.proxy)
    if spec.options.tls != TLS():
        lines += _tls(spec.options.tls)
    lines += _auth(auth, spec.url)
    if spec.options.cookies:
        lines.append(
            "    handlers.append(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))"
        )
    if not spec.options.follow_redirects:
        lines.append("    handlers.append(NoRedirects())")
    elif spec.options.max_redirects != DEFAULT_MAX_REDIRECTS:
        lines.append("    handlers.append(Redirects())")
    lines.append("    return urllib.request.build_opener(*handlers)")
    return lines


def _proxy(proxy: Proxy) -> list[str]:
    if proxy.mode == "direct":
        return ["    handlers.append(urllib.request.ProxyHandler({}))  # no proxy at all"]
    if proxy.mode != "manual":
        return ["    # build_opener() adds a ProxyHandler that reads http_proxy and https_proxy."]
    http = _with_credentials(proxy.url.strip(), proxy)
    https = _with_credentials(proxy.https_url.strip(), proxy) if proxy.https_url.strip() else http
    lines = [f"    proxies = {{'http': {http!r}, 'https': {https!r}}}"]
    lines.append("    handlers.append(urllib.request.ProxyHandler(proxies))")
    if proxy.no_proxy:
        lines.append("    # ProxyHandler reads the hosts it must not proxy from no_proxy.")
        lines.append(f"    os.environ['no_proxy'] = {','.join(proxy.no_proxy)!r}")
    return lines


def _with_credentials(url: str, proxy: Proxy) -> str:
    if not proxy.username:
        return url
    parts = urlsplit(url if "://" in url else "http://" + url)
    hostport = parts.netloc.rpartition("@")[2]
    user, password = quote(proxy.username, safe=""), quote(proxy.password, safe="")
    return f"{parts.scheme}://{user}:{password}@{hostport}"


def _tls(tls: TLS) -> list[str]:
    lines = [f"    context = ssl.create_default_context(cafile={tls.ca_file or None!r})"]
    if not tls.verify:
        lines += [
            "    context.check_hostname = False  # certificate checks are off for this request",
            "    context.verify_mode = ssl.CERT_NONE",
        ]
    if tls.client_cert:
        lines.append(
            f"    context.load_cert_chain({tls.client_cert!r}, {tls.client_key or None!r})"
        )
    lines.append("    handlers.append(urllib.request.HTTPSHandler(context=context))")
    return lines


def _auth(auth: Auth, url: str) -> list[str]:
    if auth.kind not in ("basic", "digest"):
        return []
    parts = urlsplit(url)
    scope = auth.scope.strip() or f"{parts.scheme}://{parts.netloc}/"
    preemptive = auth.kind == "basic" and auth.preemptive
    if preemptive:
        # urllib looks prior-auth credentials up without a realm.
        return [
            "    # Basic credentials sent with the first request, without waiting for a 401.",
            "    passwords = urllib.request.HTTPPasswordMgrWithPriorAuth()",
            f"    passwords.add_password(None, {scope!r}, {auth.username!r}, {auth.password!r}, "
            "is_authenticated=True)",
            "    handlers.append(urllib.request.HTTPBasicAuthHandler(passwords))",
        ]
    handler = "HTTPBasicAuthHandler" if auth.kind == "basic" else "HTTPDigestAuthHandler"
    return [
        "    # Credentials sent when the server asks for them (401 with WWW-Authenticate).",
        "    passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()",
        f"    passwords.add_password({auth.realm or None!r}, {scope!r}, {auth.username!r}, "
        f"{auth.password!r})",
        f"    handlers.append(urllib.request.{handler}(passwords))",
    ]
