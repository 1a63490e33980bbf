"""curl command lines: import one into a `RequestSpec` (`parse_curl`) and export one (`to_curl`).

The import reproduces what curl would do with the command, not Workbench's own defaults:

- Redirects are followed only with ``-L``: curl does not follow without it, and the person pasting
  a command expects the response curl showed them (a 302 stays a 302). ``--max-redirs`` is kept.
- Responses are decoded only with ``--compressed``: without it curl sends no ``Accept-Encoding``.
- ``-u`` is Basic sent with the first request (as curl does); ``--digest`` makes it Digest and
  ``--anyauth`` Basic answered only after a 401.
- ``-d`` is a raw body of type ``application/x-www-form-urlencoded`` (repeats joined with ``&``);
  ``-d @file`` and ``--data-binary @file`` are a file body; ``--data-urlencode name=value`` pairs
  alone become a form body; ``-F`` is multipart; ``--json`` is a raw JSON body plus
  ``Accept: application/json``; ``-G`` moves the data into the query.
- A single ``Content-Type`` header is shown as the body's type (same bytes on the wire).
- ``$NAME`` shell variables become ``{{NAME}}`` references; command substitution is refused.

Unknown options stop the import with an error naming the option and its place (the importer cannot
know whether it takes a value). Known options that only change curl's own output (``-s``, ``-v``,
``-o file``...) are ignored and listed in the notes of `read_curl`. Options Workbench cannot honour
(``--ntlm``, ``--resolve``, SOCKS...) are errors, so nothing is silently sent differently.
"""

from __future__ import annotations

import os
from typing import NamedTuple
from urllib.parse import quote, urlsplit

from workbench.engine.spec import Body, Field, RequestSpec
from workbench.formats.common import header_value, place, settle_content_type
from workbench.formats.curl_data import DATA_KINDS, Data, build_body, form_part, query_pieces
from workbench.formats.curl_export import to_curl
from workbench.formats.curl_options import Fail, Option, read_options
from workbench.formats.curl_settings import Settings
from workbench.formats.errors import FormatError
from workbench.formats.shell_words import Word, Words, split_command

__all__ = ["CurlImport", "parse_curl", "read_curl", "to_curl"]

_PROMPTS = ("$ ", "% ", "> ")
_HEADER_OPTIONS = {"--user-agent": "User-Agent", "--referer": "Referer", "--range": "Range"}


class CurlImport(NamedTuple):
    """An imported command: the request and what could not be carried over, in words."""

    spec: RequestSpec
    notes: tuple[str, ...]


def parse_curl(text: str) -> RequestSpec:
    """The request a curl command line sends; FormatError names the problem and its place."""
    return read_curl(text).spec


def read_curl(text: str) -> CurlImport:
    """`parse_curl` plus notes on what was ignored or changed."""
    body = _without_prompt(text)
    words = split_command(body)

    def fail(message: str, at: int) -> FormatError:
        return FormatError(message, where=place(body, at))

    if not words.words:
        raise FormatError("There is no curl command here: the text is empty.")
    first = words.words[0]
    program = first.text.replace("\\", "/").rsplit("/", 1)[-1].lower()
    if program not in ("curl", "curl.exe"):
        raise fail(f"This is not a curl command: it starts with {first.text!r}.", first.start)
    options, urls = read_options(list(words.words[1:]), fail)
    command = _Command(fail)
    for option in options:
        command.apply(option)
    notes = _rest_notes(words, fail)
    spec = command.spec(urls)
    if words.variables:
        names = ", ".join(f"${name} → {{{{{name}}}}}" for name in words.variables)
        command.notes.append(f"Shell variables became Workbench variables ({names}): define them.")
    return CurlImport(spec, tuple(command.notes + notes))


def _without_prompt(text: str) -> str:
    """Blank out a leading ``$ `` shell prompt (offsets stay true for messages)."""
    stripped = text.lstrip()
    for prompt in _PROMPTS:
        if stripped.startswith(prompt):
            at = len(text) - len(stripped)
            return text[:at] + " " * len(prompt) + text[at + len(prompt) :]
    return text


def _rest_notes(words: Words, fail: Fail) -> list[str]:
    rest = words.rest
    if not rest:
        return []
    if rest.startswith("-"):
        raise fail(
            "This line starts with a curl option, but the line before does not end with a "
            "backslash (\\): end each line but the last with one, or join the lines.",
            words.rest_at,
        )
    line = rest.splitlines()[0]
    shown = line if len(line) <= 60 else line[:57] + "..."
    if rest.startswith(("|", ">", "&", ";", "<")):
        return [f"Not imported: the rest of the command line ({shown})."]
    return [f"Only the first command was imported; not imported: {shown}."]


class _Command:
    """The options of one command, collected, then turned into a spec."""

    def __init__(self, fail: Fail) -> None:
        self.fail = fail
        self.notes: list[str] = []
        self.settings = Settings(fail, self.notes)
        self.headers: list[Field] = []
        self.cookies: list[str] = []
        self.query: list[str] = []
        self.data: list[Data] = []
        self.parts: list[tuple[Option, bool]] = []
        self.urls: list[Word] = []
        self.get: Option | None = None
        self.head: Option | None = None

    def apply(self, option: Option) -> None:
        """Record one option."""
        name = option.name
        if name in DATA_KINDS:
            self.data.append(Data(DATA_KINDS[name], option.value, option.at))
        elif name in ("--form", "--form-string"):
            self.parts.append((option, name == "--form-string"))
        elif name == "--header":
            self._header(option)
        elif name == "--cookie":
            self._cookie(option)
        elif name in _HEADER_OPTIONS:
            value = option.value.removesuffix(";auto") if name == "--referer" else option.value
            value = f"bytes={value}" if name == "--range" else value
            if value:
                self.headers.append(Field(_HEADER_OPTIONS[name], value))
        elif name == "--url":
            self.urls.append(Word(option.value, option.at))
        elif name == "--url-query":
            self.query += query_pieces([Data("url-query", option.value, option.at)], self.fail)
        elif name == "--get":
            self.get = option
        elif name == "--head":
            self.head = option
        else:
            self.settings.apply(option)

    def _header(self, option: Option) -> None:
        value = option.value
        if value.startswith("@"):
            raise self.fail("Headers read from a file (-H @file) cannot be imported.", option.at)
        name, colon, rest = value.partition(":")
        if not colon and value.endswith(";") and value[:-1].strip():
            self.headers.append(Field(value[:-1].strip(), ""))  # curl's way to send it empty
            return
        if not colon:
            raise self.fail(f"The header {value!r} needs a colon: 'Name: value'.", option.at)
        name = name.strip()
        if not name or any(c.isspace() for c in name):
            raise self.fail(f"The header {value!r} has no valid name before its colon.", option.at)
        if rest.strip():
            self.headers.append(Field(name, rest.strip()))
        else:
            self.notes.append(f"-H '{name}:' only stops curl sending its own {name}; ignored.")

    def _cookie(self, option: Option) -> None:
        if "=" in option.value:
            self.cookies.append(option.value.strip().rstrip(";"))
        else:
            self.notes.append(f"Cookies read from the file {option.value!r} were not imported.")

    def spec(self, positional: list[Word]) -> RequestSpec:
        """The request described by everything recorded."""
        url = self._url(positional)
        body = self._body()
        method = self._method(body)
        if self.settings.upload is not None and urlsplit(url).path.endswith("/"):
            url += quote(os.path.basename(self.settings.upload.value))  # as curl does
        headers = tuple(self.headers)
        if self.cookies:
            headers += (Field("Cookie", ";".join(self.cookies)),)  # as curl joins them
        if any(d.kind == "json" for d in self.data) and header_value(headers, "accept") is None:
            headers += (Field("Accept", "application/json"),)
        headers, body = settle_content_type(headers, body, self.notes)
        self.settings.ignored_note()
        return RequestSpec(
            url=url,
            method=method,
            headers=headers,
            body=body,
            auth=self.settings.auth(),
            proxy=self.settings.proxy(),
            options=self.settings.options(),
        )

    def _url(self, positional: list[Word]) -> str:
        found = sorted(positional + self.urls, key=lambda word: word.start)
        if not found:
            raise FormatError("The curl command has no URL.")
        if len(found) > 1:
            raise self.fail(
                f"A second URL {found[1].text!r}: import one request at a time.", found[1].start
            )
        url = found[0].text.strip()
        if "://" not in url and not url.startswith("{{"):
            self.notes.append("The URL has no scheme; http:// was added, as curl does.")
            url = "http://" + url
        pieces = self.query + (query_pieces(self.data, self.fail) if self.get else [])
        pieces = [p for p in pieces if p]
        if not pieces:
            return url
        base = url.partition("#")[0]
        return base + ("&" if "?" in base else "?") + "&".join(pieces)

    def _body(self) -> Body:
        upload = self.settings.upload
        if self.parts:
            if self.get is not None:
                raise self.fail("-G cannot be combined with -F (curl refuses too).", self.get.at)
            if self.data or upload:
                at = self.parts[0][0].at
                raise self.fail(
                    "-F (multipart) cannot be combined with -d or -T (curl refuses too).", at
                )
            parts = (
                form_part(o.value, o.at, literal, self.fail, self.notes)
                for o, literal in self.parts
            )
            return Body(kind="multipart", parts=tuple(parts))
        if upload is not None:
            if self.data:
                raise self.fail("-T (upload a file) cannot be combined with -d.", upload.at)
            if upload.value in ("-", "."):
                raise self.fail("-T - uploads standard input, which cannot be imported.", upload.at)
            self.notes.append(
                "-T: curl sends the file without a Content-Type; Workbench sends one (guessed "
                "from the file name unless you set it)."
            )
            return Body(kind="file", path=upload.value)
        if not self.data or self.get is not None:
            return Body()
        return build_body(self.data, self.fail, self.notes)

    def _method(self, body: Body) -> str:
        request = self.settings.values.get("--request")
        if request is not None:
            return request.value
        if self.head is not None:
            if body.kind != "none" or (self.data and self.get is None):
                raise self.fail("-I (HEAD) cannot send data.", self.head.at)
            return "HEAD"
        if self.settings.upload is not None:
            return "PUT"
        return "POST" if body.kind != "none" else "GET"
