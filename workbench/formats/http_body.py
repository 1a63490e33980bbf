"""Bodies in ``.http`` files: ``< ./file`` references and multipart bodies, read and written."""

from __future__ import annotations

import os
import re

from workbench.engine.spec import Part
from workbench.formats.errors import FormatError

Line = tuple[int, str]

BOUNDARY = "WorkbenchBoundary"
"""The boundary `to_http` writes (the engine picks its own when sending)."""

FILE_REFERENCE = re.compile(r"^<(@\w*)?\s+(\S.*?)\s*$")
_BOUNDARY = re.compile(r'boundary=(?:"([^"]+)"|([^\s;]+))', re.I)
_NAME = re.compile(r'\bname="([^"]*)"|\bname=([^\s;]+)', re.I)
_FILENAME = re.compile(r'\bfilename="([^"]*)"|\bfilename=([^\s;]+)', re.I)


def file_reference(lines: list[Line], notes: list[str]) -> str | None:
    """The path of a body that is only ``< ./file`` (or ``<@ ./file``), else None."""
    if len(lines) != 1:
        return None
    match = FILE_REFERENCE.match(lines[0][1])
    if match is None:
        return None
    if match.group(1) is not None:
        notes.append(f"<@ {match.group(2)}: variables inside the file are not filled in.")
    return match.group(2)


def multipart_parts(lines: list[Line], content_type: str, notes: list[str]) -> tuple[Part, ...]:
    """The parts of a multipart body written out between ``--boundary`` lines."""
    found = _BOUNDARY.search(content_type)
    if found is None:
        raise FormatError(
            "A multipart body needs boundary=... in its Content-Type header.",
            where=f"line {lines[0][0]}",
        )
    delimiter = "--" + (found.group(1) or found.group(2))
    sections: list[list[Line]] = []
    for number, line in lines:
        if line.rstrip() == delimiter:
            sections.append([(number, line)])
        elif line.rstrip() == delimiter + "--":
            break
        elif sections:
            sections[-1].append((number, line))
        elif line.strip():
            raise FormatError(
                f"The multipart body must start with the boundary line {delimiter}.",
                where=f"line {number}",
            )
    return tuple(_part(section, notes) for section in sections)


def _part(section: list[Line], notes: list[str]) -> Part:
    start = section[0][0]
    name = filename = content_type = ""
    k = 1
    while k < len(section) and section[k][1].strip():
        header, _, value = section[k][1].partition(":")
        if header.strip().lower() == "content-disposition":
            name = _group(_NAME.search(value))
            filename = _group(_FILENAME.search(value))
        elif header.strip().lower() == "content-type":
            content_type = value.strip()
        else:
            notes.append(
                f"The part header {header.strip()!r} (line {section[k][0]}) was not imported."
            )
        k += 1
    if not name:
        raise FormatError(
            'This multipart part has no Content-Disposition: form-data; name="...".',
            where=f"line {start}",
        )
    content = section[k + 1 :]
    reference = FILE_REFERENCE.match(content[0][1]) if len(content) == 1 else None
    if reference is not None:
        path = reference.group(2)
        shown_name = "" if filename == os.path.basename(path) else filename
        return Part(name, path, is_file=True, content_type=content_type, filename=shown_name)
    if filename:
        notes.append(
            f"The part {name!r} has a file name but inline text: imported as a text field."
        )
    return Part(name, "\n".join(line for _, line in content), content_type=content_type)


def _group(match: re.Match[str] | None) -> str:
    if match is None:
        return ""
    return (match.group(1) if match.group(1) is not None else match.group(2)).replace("%22", '"')


def multipart_lines(parts: tuple[Part, ...]) -> list[str]:
    """A multipart body as `to_http` writes it (files as ``< path``)."""
    out: list[str] = []
    for part in parts:
        if not part.enabled or not part.name:
            continue
        name = part.name.replace('"', "%22")
        out.append("--" + BOUNDARY)
        if part.is_file:
            filename = (part.filename or os.path.basename(part.value)).replace('"', "%22")
            out.append(f'Content-Disposition: form-data; name="{name}"; filename="{filename}"')
        else:
            out.append(f'Content-Disposition: form-data; name="{name}"')
        if part.content_type:
            out.append(f"Content-Type: {part.content_type}")
        out.append("")
        out.append(f"< {part.value}" if part.is_file else part.value)
    out.append(f"--{BOUNDARY}--")
    return out
