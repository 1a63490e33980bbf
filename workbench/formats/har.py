"""HAR 1.2 export of exchanges: one entry per hop, since each hop is a real request on the wire.

Input is the ``workbench.exchange/1`` dicts of `exchange_json.exchange_to_dict` (what history
keeps), so secrets masked there stay masked. Those dicts do not carry everything HAR has room for;
read when present, and otherwise said in the entry's ``comment``:

- ``started_at`` (epoch seconds) at the top: without it ``startedDateTime`` is the epoch.
- ``version`` and ``body_preview`` in each hop's request, ``version`` in each hop's response
  (and ``head_size`` in both, else ``headersSize`` is -1, HAR's "unknown"):
  without them a request is ``HTTP/1.1`` (what http.client always sends), an earlier hop's
  response takes the final response's version, and ``postData.text`` is empty.

Only the final hop's response body is kept by the engine; earlier hops (redirects, 401s) give
their size from Content-Length and no text. `exchange_to_har` fills all of the above from an
`Exchange`.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from workbench.engine.exchange import Exchange
from workbench.formats.exchange_json import exchange_to_dict
from workbench.formats.har_timings import timings

Json = dict[str, Any]


def exchange_to_har(exchange: Exchange) -> str:
    """One exchange as HAR text, with the start time, HTTP versions and request bodies it holds."""
    data = exchange_to_dict(exchange)
    data["started_at"] = exchange.started_at
    for hop_data, hop in zip(data["hops"], exchange.hops, strict=True):
        if hop.request is not None and hop_data["request"] is not None:
            hop_data["request"]["version"] = hop.request.version
            hop_data["request"]["head_size"] = len(hop.request.head)
            hop_data["request"]["body_preview"] = hop.request.body_preview.decode(
                "utf-8", "replace"
            )
        if hop.response is not None and hop_data["response"] is not None:
            hop_data["response"]["version"] = hop.response.version
            hop_data["response"]["head_size"] = len(hop.response.head)
    return to_har([data])


def to_har(exchanges: Sequence[Mapping[str, Any]]) -> str:
    """HAR 1.2 text for ``workbench.exchange/1`` dicts, in the order given."""
    from workbench import version

    entries = [entry for data in exchanges for entry in _entries(data)]
    log = {
        "version": "1.2",
        "creator": {"name": "Workbench", "version": version()},
        "entries": entries,
    }
    return json.dumps({"log": log}, indent=2, ensure_ascii=False) + "\n"


def _entries(data: Mapping[str, Any]) -> list[Json]:
    started = data.get("started_at")
    hops = list(data.get("hops") or [])
    entries = []
    offset_ms = 0.0
    for k, hop in enumerate(hops):
        last = k == len(hops) - 1
        times = timings(hop.get("timing_ms") or {})
        comments = list(hop.get("notes") or [])
        if started is None:
            comments.append("The start time was not recorded.")
            when = "1970-01-01T00:00:00.000Z"
        else:
            when = _iso(float(started) + offset_ms / 1000)
        entry: Json = {
            "startedDateTime": when,
            "time": times.pop("time"),
            "request": _request(hop, data, comments),
            "response": _response(hop, data, last, comments),
            "cache": {},
            "timings": times,
        }
        offset_ms += entry["time"]
        if hop.get("peer"):
            entry["serverIPAddress"] = str(hop["peer"]).rpartition(":")[0].strip("[]")
        if comments:
            entry["comment"] = " ".join(comments)
        entries.append(entry)
    return entries


def _iso(epoch: float) -> str:
    moment = datetime.fromtimestamp(epoch, tz=UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _pairs(headers: Any) -> list[Json]:
    return [{"name": str(n), "value": str(v)} for n, v in headers or []]


def _header(pairs: list[Json], name: str) -> str | None:
    return next((p["value"] for p in pairs if p["name"].lower() == name), None)


def _request(hop: Mapping[str, Any], data: Mapping[str, Any], comments: list[str]) -> Json:
    sent = hop.get("request") or data.get("request") or {}
    headers = _pairs(sent.get("headers"))
    url = str(sent.get("url", ""))
    body_size = int(sent.get("body_size") or 0)
    request: Json = {
        "method": str(sent.get("method", "")),
        "url": url,
        "httpVersion": str(sent.get("version") or "HTTP/1.1"),
        "cookies": _request_cookies(_header(headers, "cookie")),
        "headers": headers,
        "queryString": [
            {"name": n, "value": v}
            for n, v in parse_qsl(urlsplit(url).query, keep_blank_values=True)
        ],
        "headersSize": int(sent.get("head_size", -1)),
        "bodySize": body_size,
    }
    if body_size > 0:
        preview = sent.get("body_preview")
        if preview is None:
            comments.append("The request body was not recorded.")
        elif len(str(preview).encode("utf-8")) < body_size:
            comments.append("The request body text is a preview (its start only).")
        request["postData"] = {
            "mimeType": _header(headers, "content-type") or "",
            "text": str(preview or ""),
        }
    return request


def _response(
    hop: Mapping[str, Any], data: Mapping[str, Any], last: bool, comments: list[str]
) -> Json:
    got = hop.get("response")
    if got is None:
        error = data.get("error") if last else None
        if error:
            comments.append(f"No response: {error.get('message', '')}")
        return {
            "status": 0, "statusText": "", "httpVersion": "", "cookies": [], "headers": [],
            "content": {"size": 0, "mimeType": "x-unknown"},
            "redirectURL": "", "headersSize": -1, "bodySize": -1,
        }  # fmt: skip
    headers = _pairs(got.get("headers"))
    final = data.get("response") or {}
    content, body_size = _content(headers, data.get("body") if last else None, comments)
    return {
        "status": int(got.get("status") or 0),
        "statusText": str(got.get("reason") or ""),
        "httpVersion": str(got.get("version") or final.get("version") or "HTTP/1.1"),
        "cookies": [_set_cookie(p["value"]) for p in headers if p["name"].lower() == "set-cookie"],
        "headers": headers,
        "content": content,
        "redirectURL": _header(headers, "location") or "",
        "headersSize": int(got.get("head_size", -1)),
        "bodySize": body_size,
    }


def _content(headers: list[Json], body: Any, comments: list[str]) -> tuple[Json, int]:
    mime = _header(headers, "content-type") or "x-unknown"
    if not body:
        length = _header(headers, "content-length")
        size = int(length) if length and length.isdigit() else -1
        return {"size": max(size, 0), "mimeType": mime}, size
    wire = int(body.get("size") or 0)
    size = int(body.get("decoded_size") or wire)
    content: Json = {"size": size, "mimeType": mime}
    if size != wire:
        content["compression"] = size - wire
    text = body.get("text")
    if text is None:
        comments.append("The response body is binary; its bytes are not in this file.")
    else:
        content["text"] = text
        if len(str(text).encode("utf-8")) < size:
            comments.append("The response body text is a preview (its start only).")
    if body.get("complete") is False:
        comments.append("The response body did not arrive in full.")
    return content, wire


def _request_cookies(value: str | None) -> list[Json]:
    cookies = []
    for piece in (value or "").split(";"):
        name, equals, rest = piece.strip().partition("=")
        if name and equals:
            cookies.append({"name": name, "value": rest})
    return cookies


def _set_cookie(value: str) -> Json:
    first, *attributes = value.split(";")
    name, _, content = first.strip().partition("=")
    cookie: Json = {"name": name, "value": content}
    for attribute in attributes:
        key, _, setting = attribute.strip().partition("=")
        key = key.lower()
        if key in ("path", "domain"):
            cookie[key] = setting
        elif key == "expires":
            # An unreadable date is left out: the raw header is still in the headers list.
            with contextlib.suppress(TypeError, ValueError):
                cookie["expires"] = parsedate_to_datetime(setting).isoformat()
        elif key in ("httponly", "secure"):
            cookie["httpOnly" if key == "httponly" else "secure"] = True
    return cookie
