"""Request bodies as the echo endpoints report them: form fields, uploaded files, JSON, raw data."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from email.message import Message
from email.utils import collapse_rfc2231_value
from typing import Any
from urllib.parse import parse_qsl

from workbench.playground.reply import BadInput, multi


@dataclass(frozen=True)
class Upload:
    """One file field of a multipart body."""

    name: str
    filename: str
    content_type: str
    size: int
    sha256: str

    def describe(self) -> dict[str, object]:
        """The file as the echo shows it (the bytes themselves are left out)."""
        return {
            "filename": self.filename,
            "content_type": self.content_type,
            "size": self.size,
            "sha256": self.sha256,
        }


def body_fields(content_type: str, body: bytes) -> dict[str, Any]:
    """``data``, ``form``, ``files``, ``json`` and ``body_size`` for an echo."""
    media, params = _split_type(content_type)
    form: list[tuple[str, str]] = []
    uploads: list[Upload] = []
    data = ""
    if media == "application/x-www-form-urlencoded":
        form = parse_qsl(body.decode("utf-8", "replace"), keep_blank_values=True)
    elif media == "multipart/form-data":
        form, uploads = parse_multipart(body, params.get("boundary", ""))
    else:
        data = as_text(body)
    files: dict[str, Any] = {}
    for upload in uploads:
        current = files.get(upload.name)
        info = upload.describe()
        files[upload.name] = info if current is None else [*_as_list(current), info]
    return {
        "data": data,
        "form": multi(form),
        "files": files,
        "json": _json_or_none(body) if "json" in media else None,
        "body_size": len(body),
    }


def parse_multipart(body: bytes, boundary: str) -> tuple[list[tuple[str, str]], list[Upload]]:
    """Text fields and files of a ``multipart/form-data`` body."""
    if not boundary:
        raise BadInput("The multipart Content-Type has no boundary parameter.")
    delimiter = b"--" + boundary.encode("latin-1")
    sections = body.split(delimiter)
    if len(sections) < 3 or not sections[-1].startswith(b"--"):
        raise BadInput(f"The multipart body does not end with its closing boundary --{boundary}--.")
    fields: list[tuple[str, str]] = []
    uploads: list[Upload] = []
    for section in sections[1:-1]:
        head, _, content = section.removeprefix(b"\r\n").partition(b"\r\n\r\n")
        content = content.removesuffix(b"\r\n")
        part = _part_headers(head)
        raw_name = part.get_param("name", header="content-disposition")
        name = collapse_rfc2231_value(raw_name) if raw_name else ""
        if not name:
            raise BadInput("A multipart part has no name in its Content-Disposition header.")
        filename = part.get_filename()
        if filename is None:
            fields.append((name, content.decode("utf-8", "replace")))
            continue
        content_type = str(part.get("Content-Type", "text/plain"))
        digest = hashlib.sha256(content).hexdigest()
        uploads.append(Upload(name, filename, content_type, len(content), digest))
    return fields, uploads


def _part_headers(head: bytes) -> Message:
    message = Message()
    for line in head.decode("utf-8", "replace").split("\r\n"):
        key, sep, value = line.partition(":")
        if sep:
            message[key.strip()] = value.strip()
    return message


def _split_type(content_type: str) -> tuple[str, dict[str, str]]:
    message = Message()
    message["Content-Type"] = content_type or "application/octet-stream"
    params = {str(k).lower(): str(v) for k, v in message.get_params(failobj=[])[1:]}
    return message.get_content_type(), params


def as_text(body: bytes) -> str:
    """UTF-8 text, or a base64 ``data:`` URL when the bytes are not text."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return "data:application/octet-stream;base64," + base64.b64encode(body).decode("ascii")


def _json_or_none(body: bytes) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        return None


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]
