"""A runnable Python script that sends a `RequestSpec` with urllib, as the engine does.

The script builds its own opener from explicit handlers (proxy, TLS context, Basic or Digest auth,
cookies, redirects), sends one request and prints the status, headers and body, including for 4xx
and 5xx (urllib raises those as ``HTTPError``, which is a response). Every value is written with
`repr`, so nothing in a spec can turn into code. What urllib alone does differently from the
engine is said in comments: header names are sent Title-Cased, one value per header name, and the
total timeout is not enforced.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit, urlunsplit

from workbench.engine.spec import TLS, Auth, Field, RequestSpec
from workbench.formats.common import body_type, header_value
from workbench.formats.python_parts import (
    BODY_CODE,
    MULTIPART_FUNCTION,
    literal_list,
    opener_lines,
    redirect_class,
)

_SHOW = '''

def show(status, reason, headers, body):
    """Print the response as it arrived."""
    print(status, reason)
    for name, value in headers.items():
        print(f"{{name}}: {{value}}")
    print(){decode}
    charset = headers.get_content_charset() or "utf-8"
    print(body.decode(charset, "replace"))
'''

_DECODE = '''

def decode(body, encoding):
    """Undo the Content-Encoding the server applied (we asked for gzip or deflate)."""
    if encoding == "gzip":
        return gzip.decompress(body)
    if encoding == "deflate":
        try:
            return zlib.decompress(body)
        except zlib.error:  # some servers send raw deflate without the zlib header
            return zlib.decompress(body, -zlib.MAX_WBITS)
    return body
'''

_MAIN = '''

def main():
    """Send the request and print what came back."""
    url = URL
    if PARAMS:
        url += ("&" if "?" in URL else "?") + urllib.parse.urlencode(PARAMS)
{body}
    request = urllib.request.Request(url, data=data, method=METHOD)
    # urllib keeps one value per header name and sends names Title-Cased (Content-type).
    for name, value in HEADERS:
        request.add_header(name, value){multipart_header}
    opener = build_opener()
    try:
        with opener.open(request, timeout=TIMEOUT) as response:
            show(response.status, response.reason, response.headers, response.read())
    except urllib.error.HTTPError as error:
        # 4xx and 5xx (and 3xx when redirects are not followed) are responses too.
        with error:
            show(error.code, error.reason, error.headers, error.read())
    except urllib.error.URLError as error:
        print(f"No response: {{error.reason}}", file=sys.stderr)
        sys.exit(1)
    except TimeoutError:
        print(f"No response within {{TIMEOUT}} seconds", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
'''


def to_python(spec: RequestSpec) -> str:
    """The source of a standalone script (standard library only) that sends `spec`."""
    url, auth = _credentials_from_url(spec.url.partition("#")[0], spec.auth)
    params, headers = _params_and_headers(spec, auth)
    decode = spec.options.decode and header_value(spec.headers, "accept-encoding") is None
    if decode:
        headers.append(("Accept-Encoding", "gzip, deflate"))
    body = spec.body
    content_type = body_type(body)
    if content_type and header_value(spec.headers, "content-type") is None:
        headers.append(("Content-Type", content_type))
    out = _head(spec, url, decode, params, headers)
    if body.kind == "multipart":
        out.append(MULTIPART_FUNCTION)
    redirects = redirect_class(spec.options.follow_redirects, spec.options.max_redirects)
    if redirects:
        out.append(redirects)
    out.append("\n\ndef build_opener():")
    out.append('    """The handlers this request needs, on top of build_opener()\'s defaults."""')
    out += opener_lines(spec._replace(url=url), auth)
    out.append(_SHOW.format(decode=_DECODE_CALL if decode else "").rstrip("\n"))
    if decode:
        out.append(_DECODE.rstrip("\n"))
    multipart_header = (
        '\n    request.add_header("Content-Type", content_type)' if body.kind == "multipart" else ""
    )
    out.append(_MAIN.format(body=BODY_CODE[body.kind], multipart_header=multipart_header))
    return "\n".join(out).rstrip() + "\n"


def _head(
    spec: RequestSpec,
    url: str,
    decode: bool,
    params: list[tuple[str, str]],
    headers: list[tuple[str, str]],
) -> list[str]:
    """The docstring, imports and constants at the top of the script."""
    out = [
        "#!/usr/bin/env python3",
        f'"""{_docstring(spec.method, url)}"""',
        "",
        *_imports(spec, decode),
        "",
        f"URL = {url!r}",
        f"METHOD = {spec.method!r}",
        literal_list("PARAMS", params),
        literal_list("HEADERS", headers),
        f"TIMEOUT = {spec.options.timeout!r}",
    ]
    if spec.options.total_timeout is not None:
        out.append(
            f"# The total timeout of {spec.options.total_timeout:g} s is not enforced "
            "(urllib times each connect and read only)."
        )
    return out + _body_constants(spec)


_DECODE_CALL = '\n    body = decode(body, headers.get("Content-Encoding", ""))'


def _docstring(method: str, url: str) -> str:
    text = f"{method} {url}: sent with urllib (standard library only). Written by Workbench."
    # Only printable text, with backslashes and quotes escaped, can sit inside the docstring.
    text = "".join(c if c.isprintable() else " " for c in text)
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _imports(spec: RequestSpec, decode: bool) -> list[str]:
    names = {"sys", "urllib.error", "urllib.request", "urllib.parse"}
    if spec.options.cookies:
        names.add("http.cookiejar")
    if spec.options.tls != TLS():
        names.add("ssl")
    if decode:
        names |= {"gzip", "zlib"}
    if spec.body.kind == "multipart":
        names |= {"mimetypes", "os", "secrets"}
    if spec.proxy.mode == "manual" and spec.proxy.no_proxy:
        names.add("os")
    return [f"import {name}" for name in sorted(names)]


def _credentials_from_url(url: str, auth: Auth) -> tuple[str, Auth]:
    """``http://user:pass@host`` is not understood by urllib: Basic auth, as the engine does."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url, auth
    userinfo, _, hostport = parts.netloc.rpartition("@")
    url = urlunsplit((parts.scheme, hostport, parts.path, parts.query, ""))
    if auth.kind != "none":
        return url, auth
    user, _, password = userinfo.partition(":")
    return url, Auth(
        kind="basic", username=unquote(user), password=unquote(password), preemptive=True
    )


def _params_and_headers(
    spec: RequestSpec, auth: Auth
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    params = [(p.name, p.value) for p in spec.params if p.enabled]
    headers = [(h.name, h.value) for h in spec.headers if h.enabled and h.name]
    if auth.kind == "bearer" and header_value(spec.headers, "authorization") is None:
        headers.append(("Authorization", f"Bearer {auth.token}"))
    elif auth.kind == "apikey" and auth.key_in == "query":
        params.append((auth.key_name, auth.key_value))
    elif auth.kind == "apikey":
        headers.append((auth.key_name, auth.key_value))
    return params, headers


def _body_constants(spec: RequestSpec) -> list[str]:
    body = spec.body
    if body.kind == "raw":
        return [f"BODY = {body.text!r}"]
    if body.kind == "file":
        return [f"BODY_FILE = {body.path!r}"]
    if body.kind == "form":
        return [literal_list("FORM", _rows(body.fields))]
    if body.kind == "multipart":
        rows = [
            (p.name, p.value, p.is_file, p.content_type, p.filename)
            for p in body.parts
            if p.enabled and p.name
        ]
        return [
            "# (field name, text or file path, is a file, content type, file name)",
            literal_list("PARTS", rows),
        ]
    return []


def _rows(fields: tuple[Field, ...]) -> list[tuple[str, str]]:
    return [(f.name, f.value) for f in fields if f.enabled and (f.name or f.value)]
