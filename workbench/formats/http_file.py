"""``.http`` / ``.rest`` files, as the VS Code REST Client and JetBrains HTTP Client write them.

Requests are separated by ``###`` lines (text after ``###`` names the request; without it,
``# @name x`` does). ``@var = value`` lines become collection variables and ``{{var}}`` stays in
the request. A request is ``METHOD URL [HTTP/1.1]``, optional query lines starting with ``?`` or ``&``,
headers, a blank line and the body: raw text, ``< ./file`` for a file body, or a multipart body
(read into parts, so ``< ./file`` parts become file parts). Comments (``#``, ``//``) before the
request line become its description; a commented-out header becomes a disabled one.
``Authorization: Basic user pass`` (and ``Digest user pass``), which both tools encode
themselves, becomes Basic (sent at once) or Digest auth. The JetBrains settings ``# @no-redirect``,
``# @no-cookie-jar`` and ``# @timeout N`` are honoured; scripts (``> {% ... %}``) never run:
they are dropped with a note. A syntax error names its line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from workbench.engine.spec import Auth, Body, Field, Options, RequestSpec
from workbench.formats.common import (
    header_value,
    request_title,
    settle_content_type,
    without_header,
)
from workbench.formats.errors import FormatError
from workbench.formats.http_body import file_reference, multipart_parts
from workbench.formats.http_export import to_http
from workbench.formats.model import CollectionData, CollectionItem, SavedRequest, Variable

__all__ = ["parse_http", "to_http"]

Line = tuple[int, str]
"""A 1-based line number and the line's text."""

_VARIABLE = re.compile(r"^@([A-Za-z_][\w.-]*)\s*=\s*(.*?)\s*$")
_COMMENT = re.compile(r"^\s*(?:#|//)\s?(.*)$")
_HEADER = re.compile(r"^([!#$%&'*+.^_`|~0-9A-Za-z{}-]+)\s*:\s*(.*?)\s*$")
_VERSION = re.compile(r"\s+HTTP/\d(?:\.\d)?$", re.I)
_METHODS = frozenset({
    "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "CONNECT", "TRACE", "LOCK",
    "UNLOCK", "PROPFIND", "PROPPATCH", "COPY", "MOVE", "MKCOL", "MKCALENDAR", "ACL", "SEARCH",
})  # fmt: skip
_OTHER_PROTOCOLS = frozenset({"GRAPHQL", "WEBSOCKET", "GRPC"})
_HANDLER = re.compile(r"^(?:> \{%|> \S+\.js\s*$|>>!? \S|<> \S)")
_USER_PASS = re.compile(r"^(Basic|Digest)\s+(\S+)\s+(\S+)$", re.I)
_USER_COLON_PASS = re.compile(r"^Basic\s+([^\s:]*):(\S*)$", re.I)


def parse_http(text: str, *, name: str = "") -> CollectionData:
    """The requests and file variables of an ``.http`` file; FormatError names the line."""
    variables: dict[str, str] = {}
    items: list[CollectionItem] = []
    notes: list[str] = []
    for title, lines in _blocks(text):
        saved = _Block(title, lines, variables, notes).read()
        if saved is not None:
            items.append(CollectionItem((), saved))
    found = sorted(set(re.findall(r"\{\{\s*(\$\w+|\w+\.(?:request|response)\.)", text)))
    if found:
        notes.append(
            "Dynamic and request variables ({}) are REST Client features Workbench does not "
            "fill in; define them as variables.".format(", ".join(found))
        )
    return CollectionData(
        name=name,
        items=tuple(items),
        variables=tuple(Variable(k, v) for k, v in variables.items()),
        notes=tuple(dict.fromkeys(notes)),
    )


def _blocks(text: str) -> list[tuple[str, list[Line]]]:
    blocks: list[tuple[str, list[Line]]] = [("", [])]
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("###"):
            blocks.append((line[3:].strip(), []))
        else:
            blocks[-1][1].append((number, line))
    return blocks


class _Block:
    """One request between ``###`` lines."""

    def __init__(
        self, title: str, lines: list[Line], variables: dict[str, str], notes: list[str]
    ) -> None:
        self.title = title
        self.lines = lines
        self.variables = variables
        self.notes = notes
        self.name = ""
        self.description: list[str] = []
        self.options = Options()
        self.i = 0

    def read(self) -> SavedRequest | None:
        """The request in this block, or None for a block of variables and comments only."""
        request_line = self._preamble()
        if request_line is None:
            return None
        method, url = self._request_line(request_line)
        url += self._query()
        headers = self._headers()
        body_lines = self._body()
        if url.startswith("/"):
            host = header_value(tuple(headers), "host")
            if host is None:
                raise FormatError(
                    f"The URL {url} has no host: write the full URL or add a Host header.",
                    where=f"line {request_line[0]}",
                )
            url = f"http://{host}{url}"
        auth, headers = _auth(headers)
        body = self._body_of(body_lines, tuple(headers))
        fields = tuple(headers)
        if body.kind == "multipart":  # the parts are read; the engine writes its own boundary
            fields = without_header(fields, "content-type")
        fields, body = settle_content_type(fields, body, self.notes)
        spec = RequestSpec(url, method, headers=fields, body=body, auth=auth, options=self.options)
        return SavedRequest(
            name=self.title or self.name or request_title(spec),
            spec=spec,
            description="\n".join(self.description).strip(),
        )

    def _preamble(self) -> Line | None:
        while self.i < len(self.lines):
            number, line = self.lines[self.i]
            self.i += 1
            stripped = line.strip()
            comment = _COMMENT.match(line)
            variable = _VARIABLE.match(stripped)
            if not stripped:
                continue
            if variable:
                self._variable(variable.group(1), variable.group(2))
            elif comment:
                self._comment(comment.group(1).strip(), number)
            elif stripped.startswith("< {%"):
                self._skip_script(stripped)
            else:
                return number, stripped
        return None

    def _variable(self, name: str, value: str) -> None:
        if name in self.variables and self.variables[name] != value:
            self.notes.append(f"The variable {name} is set twice; the later value was kept.")
        self.variables[name] = value

    def _comment(self, text: str, number: int) -> None:
        if not text.startswith("@"):
            self.description.append(text)
            return
        key, _, value = text[1:].partition(" ")
        value = value.strip().lstrip("=").strip()
        if key == "name":
            self.name = value
        elif key == "no-redirect":
            self.options = self.options._replace(follow_redirects=False)
        elif key == "no-cookie-jar":
            self.options = self.options._replace(cookies=False)
        elif key == "timeout":
            self.options = self.options._replace(timeout=_seconds(value, number))
        elif key == "prompt":
            self.notes.append(f"# @prompt {value}: define {value.split()[0]} as a variable.")

    def _skip_script(self, first: str) -> None:
        self.notes.append("A pre-request script (< {% ... %}) was not imported: scripts never run.")
        if "%}" in first:
            return
        while self.i < len(self.lines):
            self.i += 1
            if "%}" in self.lines[self.i - 1][1]:
                return

    def _request_line(self, line: Line) -> tuple[str, str]:
        number, text = line
        text = _VERSION.sub("", text)
        first, _, rest = text.partition(" ")
        method = "GET"
        if first.upper() in _OTHER_PROTOCOLS:
            raise FormatError(
                f"{first.upper()} requests are not HTTP requests Workbench can send.",
                where=f"line {number}",
            )
        if first.upper() in _METHODS and not rest.strip():
            raise FormatError(f"The request line {text!r} has no URL.", where=f"line {number}")
        if rest.strip() and (first.upper() in _METHODS or (first.isalpha() and first.isupper())):
            method, text = first.upper(), rest.strip()
        if not text or any(c.isspace() for c in text):
            raise FormatError(
                f"Expected a request line (METHOD URL), not {line[1].strip()!r}.",
                where=f"line {number}",
            )
        if "://" not in text and not text.startswith(("{{", "/")):
            text = "http://" + text
        return method, text

    def _query(self) -> str:
        out = ""
        while self.i < len(self.lines) and self.lines[self.i][1].lstrip().startswith(("?", "&")):
            out += _VERSION.sub("", self.lines[self.i][1].strip())  # may end the last line
            self.i += 1
        return out

    def _headers(self) -> list[Field]:
        headers: list[Field] = []
        while self.i < len(self.lines):
            number, line = self.lines[self.i]
            self.i += 1
            if not line.strip():
                break
            comment = _COMMENT.match(line)
            if comment:
                disabled = _HEADER.match(comment.group(1).strip())
                if disabled:
                    headers.append(Field(disabled.group(1), disabled.group(2), enabled=False))
                continue
            header = _HEADER.match(line.strip())
            if header is None:
                raise FormatError(
                    f"Expected a header (Name: value) or a blank line before the body, not {line.strip()!r}.",
                    where=f"line {number}",
                )
            headers.append(Field(header.group(1), header.group(2)))
        return headers

    def _body(self) -> list[Line]:
        lines = self.lines[self.i :]
        for k, (_, line) in enumerate(lines):
            if _HANDLER.match(line):
                self.notes.append(
                    "Response handlers and output redirections (> ...) were not imported."
                )
                lines = lines[:k]
                break
        while lines and not lines[-1][1].strip():
            lines.pop()
        return lines

    def _body_of(self, lines: list[Line], headers: tuple[Field, ...]) -> Body:
        if not lines:
            return Body()
        reference = file_reference(lines, self.notes)
        if reference is not None:
            return Body(kind="file", path=reference)
        content_type = header_value(headers, "content-type") or ""
        if content_type.lower().startswith("multipart/form-data"):
            return Body(kind="multipart", parts=multipart_parts(lines, content_type, self.notes))
        return Body(kind="raw", text="\n".join(line for _, line in lines))


def _auth(headers: Sequence[Field]) -> tuple[Auth, list[Field]]:
    """REST Client's ``Basic user pass`` / ``Digest user pass`` header shorthands."""
    for k, header in enumerate(headers):
        if not header.enabled or header.name.lower() != "authorization":
            continue
        rest = [*headers[:k], *headers[k + 1 :]]
        pair = _USER_PASS.match(header.value)
        if pair:
            user, password = pair.group(2), pair.group(3)
            if pair.group(1).lower() == "digest":
                return Auth(kind="digest", username=user, password=password), rest
            return Auth(kind="basic", username=user, password=password, preemptive=True), rest
        colon = _USER_COLON_PASS.match(header.value)
        if colon:
            return Auth(
                kind="basic", username=colon.group(1), password=colon.group(2), preemptive=True
            ), rest
    return Auth(), list(headers)


def _seconds(value: str, number: int) -> float:
    try:
        seconds = float(value.split(maxsplit=1)[0]) if value else -1.0
    except ValueError:
        seconds = -1.0
    if not seconds > 0:
        raise FormatError(
            f"# @timeout needs a number of seconds, not {value!r}.", where=f"line {number}"
        )
    return seconds
