"""The send history: every exchange recorded with enough to reopen the request and export it as HAR.

Each entry keeps the request as sent (a `RequestSpec`, secrets masked), the summary a list shows
(status, reason, final URL, hops, time, size, error kind), the ``workbench.exchange/1`` data of the
exchange with secrets masked and the body text cut at `body_cap` bytes, and the first `body_cap`
bytes of a binary body (the ``history_body_cap_kib`` setting unless the caller gives a cap). Safe
to use from several threads (see `history_db`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from workbench.engine.exchange import Exchange
from workbench.engine.spec import RequestSpec
from workbench.formats.exchange_json import exchange_to_dict
from workbench.store import paths, settings
from workbench.store.history_db import Database, HistoryUnreadable
from workbench.store.history_mask import (
    changed_paths,
    mask_spec,
    scrub,
    secret_query_names,
    secret_texts,
)
from workbench.store.spec_json import spec_from_dict, spec_to_dict

__all__ = ["DEFAULT_BODY_CAP", "History", "HistoryEntry", "HistoryRecord", "HistoryUnreadable"]

DEFAULT_BODY_CAP = int(settings.DEFAULTS[settings.HISTORY_BODY_CAP_KIB]) * 1024
"""Bytes of each response body kept when the ``history_body_cap_kib`` setting is not set."""
DEFAULT_LIMIT = 500
NOT_SENT = ("invalid-request", "unsupported-scheme")
"""Error kinds of input refused before anything was sent: not recorded."""
_COLUMNS = (
    "id, started_at, method, url, status, reason, final_url, hops, elapsed_ms, size, "
    "error_kind, error_message, source, auth_profile, proxy_profile"
)
_MARKS = ", ".join("?" * (len(_COLUMNS.split(", ")) - 1))
"""Placeholders for every column but ``id``."""


class HistoryEntry(NamedTuple):
    """One row of the history list."""

    id: int
    started_at: float
    """Wall-clock time the send started (``time.time()``)."""
    method: str
    url: str
    """The URL as prepared for the first hop, secrets masked."""
    status: int | None
    reason: str
    final_url: str
    hops: int
    elapsed_ms: float
    size: int
    """Bytes of the response body received on the wire."""
    error_kind: str
    """One of `ERROR_KINDS`, or empty when a response arrived."""
    error_message: str
    source: str
    """Who sent it: ``window``, ``send`` (the command line) or ``run``."""
    auth_profile: str
    proxy_profile: str


class HistoryRecord(NamedTuple):
    """Everything kept for one entry: enough to reopen the request or export the exchange."""

    entry: HistoryEntry
    spec: RequestSpec
    """The request as sent; secret fields hold ``***`` (see `masked`)."""
    masked: tuple[str, ...]
    """Spec fields masked (``auth.password``, ``headers[1].value``, ``url``...): ask for them again."""
    exchange: dict[str, Any]
    """``exchange_to_dict`` output, secrets masked, ``body.text`` cut to the cap."""
    body: bytes | None
    """The first bytes of a binary body (None for a text body: its text is in `exchange`)."""


class History:
    """Record, search, read and delete history entries in the SQLite file."""

    def __init__(self, path: Path | None = None, *, body_cap: int | None = None) -> None:
        """`body_cap`: bytes of each response body to keep; None: the ``history_body_cap_kib``
        setting (its default when the settings file cannot be used; the window says why)."""
        self.path = path or paths.history_db()
        self.body_cap = settings.history_body_cap() if body_cap is None else body_cap
        self._db = Database(self.path)

    def close(self) -> None:
        """Close the database (every thread's connection)."""
        self._db.close()

    def record(
        self,
        spec: RequestSpec,
        exchange: Exchange,
        *,
        source: str = "window",
        auth_profile: str = "",
        proxy_profile: str = "",
        secrets: Iterable[str] = (),
    ) -> int | None:
        """Add one send (call it before closing the exchange's body); returns the entry's id.

        `secrets` are other values to mask wherever they appear (the secret variables the
        request used). Input the engine refused before sending (``invalid-request``,
        ``unsupported-scheme``) is not a send: nothing is recorded and None is returned.
        """
        if exchange.error is not None and exchange.error.kind in NOT_SENT:
            return None
        texts, query = secret_texts(spec, secrets), secret_query_names(spec)
        data = scrub(self._exchange_data(exchange), texts, query)
        spec_data = scrub(spec_to_dict(mask_spec(spec)), texts)
        masked = changed_paths(spec_to_dict(spec), spec_data)
        row = (*_row(exchange, data, texts), source, auth_profile, proxy_profile)
        body = exchange.body.read(0, self.body_cap) if exchange.body.is_binary else None
        with self._db.errors("record the send"), self._db.transaction() as conn:
            cursor = conn.execute(
                f"INSERT INTO entry ({_COLUMNS.removeprefix('id, ')}) VALUES ({_MARKS})", row
            )
            entry_id = int(cursor.lastrowid or 0)
            conn.execute(
                "INSERT INTO entry_search (id, text) VALUES (?, ?)", (entry_id, _search_text(row))
            )
            conn.execute(
                "INSERT INTO entry_data (id, spec, masked, exchange, body) VALUES (?, ?, ?, ?, ?)",
                (entry_id, _json(spec_data), _json(masked), _json(data), body),
            )
        return entry_id

    def search(
        self, text: str = "", *, limit: int = DEFAULT_LIMIT, before: int | None = None
    ) -> list[HistoryEntry]:
        """Entries newest first whose method, status, error kind or URL contain every word of `text`.

        `before` pages on: only entries with a smaller id (pass the last id already shown).
        """
        terms = text.lower().split()
        where = ["instr(s.text, ?) > 0"] * len(terms)
        params: list[object] = list(terms)
        if before is not None:
            where.append("s.id < ?")
            params.append(before)
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        sql = (
            f"SELECT {', '.join('e.' + c for c in _COLUMNS.split(', '))} FROM entry_search s "
            f"JOIN entry e ON e.id = s.id {clause} ORDER BY s.id DESC LIMIT ?"
        )
        with self._db.errors("search"):
            rows = self._db.connection().execute(sql, (*params, limit)).fetchall()
        return [HistoryEntry(*row) for row in rows]

    def get(self, entry_id: int) -> HistoryRecord | None:
        """The whole entry, or None when there is no such id."""
        with self._db.errors("read the entry"):
            conn = self._db.connection()
            row = conn.execute(f"SELECT {_COLUMNS} FROM entry WHERE id = ?", (entry_id,)).fetchone()
            data = conn.execute(
                "SELECT spec, masked, exchange, body FROM entry_data WHERE id = ?", (entry_id,)
            ).fetchone()
        if row is None or data is None:
            return None
        spec_text, masked, exchange, body = data
        return HistoryRecord(
            HistoryEntry(*row),
            spec_from_dict(json.loads(spec_text)),
            tuple(json.loads(masked)),
            json.loads(exchange),
            body,
        )

    def count(self) -> int:
        """How many entries there are."""
        with self._db.errors("count the entries"):
            return int(self._db.connection().execute("SELECT count(*) FROM entry").fetchone()[0])

    def delete(self, ids: Iterable[int]) -> int:
        """Delete the entries with these ids; returns how many existed."""
        wanted = [(int(i),) for i in ids]
        with self._db.errors("delete entries"), self._db.transaction() as conn:
            for table in ("entry_search", "entry_data"):
                conn.executemany(f"DELETE FROM {table} WHERE id = ?", wanted)
            return max(conn.executemany("DELETE FROM entry WHERE id = ?", wanted).rowcount, 0)

    def clear(self) -> int:
        """Delete every entry and give the space back; returns how many there were."""
        with self._db.errors("clear the history"):
            with self._db.transaction() as conn:
                count = int(conn.execute("SELECT count(*) FROM entry").fetchone()[0])
                for table in ("entry_search", "entry_data", "entry"):
                    conn.execute(f"DELETE FROM {table}")
            self._db.connection().execute("PRAGMA incremental_vacuum")
        return count

    def _exchange_data(self, exchange: Exchange) -> dict[str, Any]:
        data = exchange_to_dict(exchange)
        body = data["body"]
        if body["text"] is not None:
            body["text"] = exchange.body.text(self.body_cap)
        body["text_truncated"] = exchange.body.content_size > self.body_cap
        return data


def _row(exchange: Exchange, data: dict[str, Any], texts: list[str]) -> tuple[Any, ...]:
    """The summary columns from ``started_at`` to ``error_message``, from the masked data."""
    response, error = exchange.response, exchange.error
    return (
        exchange.started_at,
        exchange.method,
        data["request"]["url"],
        response.status if response else None,
        response.reason if response else "",
        _final_url(data),
        len(exchange.hops),
        exchange.elapsed_ms,
        exchange.body.size,
        error.kind if error else "",
        scrub(error.message, texts) if error else "",
    )


def _final_url(data: dict[str, Any]) -> str:
    """``Exchange.final_url``, read from the masked data."""
    response = data.get("response")
    if response is not None:
        return str(response["url"])
    hops = data.get("hops") or []
    last = hops[-1].get("request") if hops else None
    return str(last["url"]) if last else str(data["request"]["url"])


def _search_text(row: tuple[Any, ...]) -> str:
    """The one lower-case line a search looks in: method, status, error kind, URL, final URL."""
    _, method, url, status, _, final_url, _, _, _, error_kind, *_ = row
    parts = [method, "" if status is None else str(status), error_kind, url]
    if final_url != url:
        parts.append(final_url)
    return " ".join(p for p in parts if p).lower()


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
