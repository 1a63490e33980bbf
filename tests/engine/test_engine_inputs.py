"""Every wrong input: a clear message naming the field, kind ``invalid-request``, nothing sent."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from servers import MakeRaw, RawServer, echo

from workbench.engine import Auth, Body, Field, Part, Proxy, RequestSpec, send


@pytest.fixture
def server(raw_server: MakeRaw) -> RawServer:
    return raw_server(echo)


def refused(spec: RequestSpec, server: RawServer | None = None) -> tuple[str, str]:
    """Send `spec`, check nothing went out, and return (field, message)."""
    ex = send(spec)
    assert ex.response is None
    assert ex.error is not None
    assert ex.error.kind == "invalid-request", ex.error
    assert ex.error.hint == "Correct the field named in the message; nothing was sent."
    assert ex.hops == ()
    if server is not None:
        assert server.accepted == 0
        assert server.requests == []
    return ex.error.field, ex.error.message


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("", "The URL is empty."),
        ("127.0.0.1:{port}/x", "The URL has no scheme; did you mean http://127.0.0.1:{port}/x ?"),
        (
            "http://example.test/a b",
            "The URL contains a space at position 22; write a space as %20.",
        ),
        ("http://example.test/a\tb", "The URL contains a tab at position 22."),
        ("http://example.test/a\r\nb", "The URL contains a carriage return (CR) at position 22."),
        ("http://127.0.0.1:abc/", "The port 'abc' is not a number."),
        ("http://127.0.0.1:99999/", "The port 99999 is out of range (1-65535)."),
        ("http://127.0.0.1:0/", "The port 0 is out of range (1-65535)."),
        ("http:///path", "The URL has no host (expected http://host/...)."),
        ("http://a..b/", "The host 'a..b' has an empty label (two dots in a row)."),
        (
            "http://exa_mple<>/",
            "The host 'exa_mple<>' contains characters a host name cannot have.",
        ),
        ("http://[::1/", "The IPv6 address in '[::1' has no closing bracket."),
        (
            "http://::1]/",
            "The URL's host is not valid (check the brackets around an IPv6 address).",
        ),
        ("data:text/plain", "A data: URL needs a comma before its content (data:,Hello)."),
        (
            "data:;base64,@@@",
            "The data: URL says ;base64 but what follows the comma is not valid base64.",
        ),
    ],
)
def test_bad_urls(server: RawServer, url: str, message: str) -> None:
    field, text = refused(RequestSpec(url.format(port=server.port)), server)
    assert (field, text) == ("url", message.format(port=server.port))


def test_unsupported_scheme_has_its_own_kind() -> None:
    ex = send(RequestSpec("ftp://127.0.0.1/file.txt"))
    assert ex.error is not None
    assert (ex.error.kind, ex.error.field) == ("unsupported-scheme", "url")
    assert (
        ex.error.message
        == "Workbench sends http, https, data and file URLs; ftp: is not supported."
    )


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ((Field("X Bad", "1"),), "The header name 'X Bad' is not valid: it contains a space."),
        ((Field("X:Colon", "1"),), "The header name 'X:Colon' is not valid: it contains ':'."),
        ((Field("", "orphan"),), "A header has a value but no name."),
        (
            (Field("X-A", "a\r\nX-B: b"),),
            "The value of header 'X-A' contains a carriage return (CR); remove it.",
        ),
        (
            (Field("X-A", "a\nb"),),
            "The value of header 'X-A' contains a line feed (LF); remove it.",
        ),
        ((Field("X-A", "a\0b"),), "The value of header 'X-A' contains a NUL byte; remove it."),
        (
            (Field("X-Price", "5 €"),),
            "The value of header 'X-Price' contains '€', which HTTP headers cannot carry (only Latin-1); "
            "percent-encode it or move it to the body.",
        ),
    ],
)
def test_bad_headers(server: RawServer, headers: tuple[Field, ...], message: str) -> None:
    assert refused(RequestSpec(server.url(), headers=headers), server) == ("header", message)


def test_a_disabled_bad_header_is_not_checked(server: RawServer) -> None:
    ex = send(RequestSpec(server.url(), headers=(Field("X Bad", "a\r\nb", enabled=False),)))
    assert ex.error is None
    assert b"X Bad" not in server.requests[0]


@pytest.mark.parametrize(
    ("method", "message"),
    [
        ("GE T", "The method 'GE T' is not a valid HTTP token: it contains a space."),
        (
            "GET\r\nX: y",
            "The method 'GET\\r\\nX: y' is not a valid HTTP token: it contains a carriage return (CR).",
        ),
        ("  ", "The method is empty."),
    ],
)
def test_bad_methods(server: RawServer, method: str, message: str) -> None:
    assert refused(RequestSpec(server.url(), method=method), server) == ("method", message)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("timeout", 0, "The timeout must be a positive number of seconds, not 0."),
        ("timeout", -1.5, "The timeout must be a positive number of seconds, not -1.5."),
        ("timeout", float("nan"), "The timeout must be a positive number of seconds, not nan."),
        ("timeout", float("inf"), "The timeout must be a positive number of seconds, not inf."),
        ("timeout", "soon", "The timeout 'soon' is not a number of seconds."),
        ("total_timeout", -1, "The timeout must be a positive number of seconds, not -1."),
        ("max_redirects", 101, "Max redirects must be between 0 and 100, not 101."),
        ("max_redirects", "many", "Max redirects 'many' is not a whole number."),
    ],
)
def test_bad_options(server: RawServer, field: str, value: object, message: str) -> None:
    spec = RequestSpec(server.url()).with_options(**{field: value})
    assert refused(spec, server) == (field, message)


def test_missing_body_files(server: RawServer, tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.bin")
    spec = RequestSpec(server.url(), method="POST", body=Body(kind="file", path=missing))
    assert refused(spec, server) == ("body", f"The body file {missing!r} does not exist.")
    spec = spec._replace(body=Body(kind="file", path=str(tmp_path)))
    assert refused(spec, server) == (
        "body",
        f"The body file {str(tmp_path)!r} is a folder, not a file.",
    )
    spec = spec._replace(body=Body(kind="file"))
    assert refused(spec, server) == ("body", "No body file chosen.")
    part = Part("doc", missing, is_file=True)
    spec = spec._replace(body=Body(kind="multipart", parts=(Part("a", "1"), part)))
    assert refused(spec, server) == (
        "body",
        f"The file for multipart field 'doc' {missing!r} does not exist.",
    )


@pytest.mark.parametrize(
    ("auth", "message"),
    [
        (Auth(kind="basic"), "Basic authentication needs a user name."),
        (Auth(kind="digest", password="p"), "Digest authentication needs a user name."),
        (Auth(kind="bearer"), "Bearer authentication needs a token."),
        (Auth(kind="apikey", key_value="k"), "API key authentication needs the key's name."),
    ],
)
def test_incomplete_auth(server: RawServer, auth: Auth, message: str) -> None:
    assert refused(RequestSpec(server.url(), auth=auth), server) == ("auth", message)


@pytest.mark.parametrize(
    ("proxy", "message"),
    [
        (Proxy(mode="manual"), "Manual proxy mode needs a proxy URL (http://host:port)."),
        (
            Proxy(mode="manual", url="127.0.0.1:3128"),
            "The proxy URL '127.0.0.1:3128' needs a scheme: http://127.0.0.1:3128",
        ),
        (
            Proxy(mode="manual", url="http://127.0.0.1:70000"),
            "The port 70000 is out of range (1-65535).",
        ),
    ],
)
def test_bad_manual_proxy(server: RawServer, proxy: Proxy, message: str) -> None:
    assert refused(RequestSpec(server.url(), proxy=proxy), server) == ("proxy", message)


def test_non_ascii_path_and_query_are_percent_encoded(server: RawServer) -> None:
    ex = send(RequestSpec(server.url("/café/ü?q=é&x=a%20b")))
    assert ex.error is None
    assert server.requests[0].startswith(b"GET /caf%C3%A9/%C3%BC?q=%C3%A9&x=a%20b HTTP/1.1\r\n")
    assert ex.url == server.url("/caf%C3%A9/%C3%BC?q=%C3%A9&x=a%20b")


def test_non_ascii_host_is_idna_encoded_on_the_wire(
    server: RawServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    looked_up: list[str] = []
    real = socket.getaddrinfo

    def resolver(host: str, port: object, *args: object, **kwargs: object) -> object:
        looked_up.append(host)  # stands in for DNS: the name never leaves the machine
        return real("127.0.0.1", port, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    ex = send(RequestSpec(f"http://bücher.example:{server.port}/"))
    assert ex.error is None
    assert looked_up == ["xn--bcher-kva.example"]
    assert f"\r\nHost: xn--bcher-kva.example:{server.port}\r\n".encode() in server.requests[0]
    assert ex.url == f"http://xn--bcher-kva.example:{server.port}/"


def test_invalid_idna_host() -> None:
    field, message = refused(RequestSpec("http://bü" + "x" * 70 + ".example/"))
    assert field == "url"
    assert message.startswith("The host 'bü")
    assert "is not a valid domain name" in message
