"""data: and file: URLs (responses without a status) and the standard status table."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from workbench.engine import Body, RequestSpec, send
from workbench.engine.status import meaning, phrase, status_class

NO_STATUS = "No HTTP status: this URL scheme answers without one."


@pytest.mark.parametrize(
    ("url", "body", "content_type"),
    [
        ("data:,Hello%20World", b"Hello World", "text/plain;charset=US-ASCII"),
        ("data:text/plain;charset=utf-8;base64,w6k=", "é".encode(), "text/plain;charset=utf-8"),
        ("data:application/json,%7B%22a%22%3A1%7D", b'{"a":1}', "application/json"),
    ],
)
def test_data_urls_are_responses_without_status(url: str, body: bytes, content_type: str) -> None:
    ex = send(RequestSpec(url))
    assert ex.error is None
    assert ex.response is not None
    assert ex.response.status is None
    assert ex.response.meaning == NO_STATUS
    assert ex.response.header("Content-Type") == content_type
    assert ex.response.header("Content-Length") == str(len(body))
    assert ex.response.url == url
    assert ex.body.read() == body
    assert ex.hops == ()  # nothing went over a network


def test_file_url_reads_the_file_with_its_type_and_length(tmp_path: Path) -> None:
    path = tmp_path / "data file.json"
    path.write_text('{"k": "v"}')
    url = path.as_uri()
    assert "%20" in url
    ex = send(RequestSpec(url))
    assert ex.error is None
    assert ex.response is not None
    assert ex.response.status is None
    assert ex.response.header("Content-Type") == "application/json"
    assert ex.response.header("Content-Length") == "10"
    assert ex.response.header("Last-Modified") is not None
    assert ex.body.read() == b'{"k": "v"}'
    assert ex.body.charset_source == "JSON is UTF-8 (RFC 8259)"


def test_missing_file_and_folder_are_clear_input_errors(tmp_path: Path) -> None:
    missing = tmp_path / "gone.txt"
    ex = send(RequestSpec(missing.as_uri()))
    assert ex.error is not None
    assert (ex.error.kind, ex.error.field) == ("invalid-request", "url")
    assert ex.error.message == f"The file {str(missing)!r} does not exist."
    ex = send(RequestSpec(tmp_path.as_uri() + "/"))
    assert ex.error is not None
    assert ex.error.message == f"{str(tmp_path) + '/'!r} is a folder, not a file."


def test_file_on_another_host_is_refused_without_a_lookup(monkeypatch: pytest.MonkeyPatch) -> None:
    looked_up: list[str] = []

    def no_dns(host: str, *args: object) -> object:
        looked_up.append(host)
        raise socket.gaierror(socket.EAI_NONAME, "not in this test")

    monkeypatch.setattr(socket, "gethostbyname", no_dns)
    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    ex = send(RequestSpec("file://fileserver/etc/hostname"))
    assert ex.error is not None
    assert (ex.error.kind, ex.error.field) == ("invalid-request", "url")
    assert ex.error.message == (
        "file: URLs name a file on this computer (file:///path); 'fileserver' is another host."
    )
    assert looked_up == []


@pytest.mark.parametrize(
    "spec",
    [
        RequestSpec("data:,x", method="POST"),
        RequestSpec("data:,x", body=Body(kind="raw", text="x")),
        RequestSpec("file:///etc/hostname", method="PUT"),
    ],
    ids=["data-post", "data-body", "file-put"],
)
def test_data_and_file_urls_take_no_body_or_method(spec: RequestSpec) -> None:
    ex = send(spec)
    assert ex.error is not None
    assert ex.error.field == "body"
    assert ex.error.message.endswith("URLs are read, not sent to: use GET and no body.")


@pytest.mark.parametrize(
    ("code", "text", "klass"),
    [
        (200, "Request fulfilled, document follows", "success"),
        (404, "Nothing matches the given URI", "client-error"),
        (503, "The server cannot process the request due to a high load", "server-error"),
        (308, "Object moved permanently -- see URI list", "redirect"),
        (299, "299 is not in the standard table; its class 2xx means Success.", "success"),
        (99, "99 is not a valid HTTP status code.", "none"),
        (None, NO_STATUS, "none"),
    ],
)
def test_status_meaning_from_the_standard_table(code: int | None, text: str, klass: str) -> None:
    assert meaning(code) == text
    assert status_class(code) == klass


def test_status_phrase() -> None:
    assert phrase(418) == "I'm a Teapot"
    assert phrase(599) == ""
