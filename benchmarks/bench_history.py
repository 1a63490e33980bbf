"""History budget (issue 5): search 100,000 entries in under 50 ms.

Fills a fresh history (in a temporary WORKBENCH_HOME) with 100,000 entries shaped as `History.record`
writes them, then times `History.search` for several kinds of query against a bare
``SELECT ... WHERE url LIKE '%text%'`` on the same tables, measured in the same run. Also reports
what one `History.record` costs.
"""

from __future__ import annotations

import json
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial

ENTRIES = 100_000
BUDGET_MS = 50.0
QUERIES = (
    ("rare word, no match (full scan)", "no-such-thing"),
    ("common word", "users"),
    ("status", "404"),
    ("error kind", "timeout"),
    ("method + URL part", "post orders/7"),
    ("one letter", "s"),
)
HOSTS = ("api.example.com", "staging.example.com", "127.0.0.1:8080", "auth.internal.test")
PATHS = ("users", "orders", "items", "search", "login", "health", "reports/daily")


def fill(conn: sqlite3.Connection) -> None:
    """100,000 entries as `record` writes them (summary, search line, spec and exchange JSON)."""
    rng = random.Random(7)
    exchange = json.dumps({"schema": "workbench.exchange/1", "body": {"text": "x" * 1500}})
    conn.execute("BEGIN")
    for i in range(ENTRIES):
        method = rng.choice(("GET", "GET", "GET", "POST", "PUT", "DELETE"))
        url = f"https://{rng.choice(HOSTS)}/v1/{rng.choice(PATHS)}/{rng.randrange(10_000)}?page={i % 50}"
        status, kind = rng.choice(
            ((200, ""), (200, ""), (201, ""), (404, ""), (500, ""), (None, "timeout"))
        )
        cur = conn.execute(
            "INSERT INTO entry (started_at, method, url, status, reason, final_url, hops, "
            "elapsed_ms, size, error_kind) VALUES (?, ?, ?, ?, ?, ?, 1, 12.5, 1500, ?)",
            (1.7e9 + i, method, url, status, "OK" if status else "", url, kind),
        )
        parts = (method, "" if status is None else str(status), kind, url)
        conn.execute(
            "INSERT INTO entry_search (id, text) VALUES (?, ?)",
            (cur.lastrowid, " ".join(p for p in parts if p).lower()),
        )
        conn.execute(
            "INSERT INTO entry_data (id, spec, exchange) VALUES (?, ?, ?)",
            (cur.lastrowid, json.dumps({"url": url, "method": method}), exchange),
        )
    conn.execute("COMMIT")


def median_ms(func: Callable[[], object], repeat: int = 15) -> float:
    """Median wall time of `func` in milliseconds (after one warm-up call)."""
    func()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1e3)
    return statistics.median(samples)


def record_cost() -> float:
    """Milliseconds one `History.record` of a small exchange takes."""
    from workbench.engine import RequestSpec, send
    from workbench.store.history import History

    history = History()
    exchange = send(RequestSpec("data:text/plain," + "y" * 2000))
    try:
        return median_ms(lambda: history.record(RequestSpec("data:,x"), exchange), repeat=200)
    finally:
        exchange.body.close()
        history.close()


def bare_like(conn: sqlite3.Connection, pattern: str) -> list[object]:
    """The baseline: one LIKE over the URL column, newest first, as a bare query would."""
    return conn.execute(
        "SELECT id, method, url, status FROM entry WHERE url LIKE ? ORDER BY id DESC LIMIT 500",
        (pattern,),
    ).fetchall()


def main() -> int:
    """Fill, time, print; exit 1 when a search is over budget."""
    with tempfile.TemporaryDirectory() as home:
        os.environ["WORKBENCH_HOME"] = home
        from workbench.store.history import History
        from workbench.store.paths import history_db

        history = History()
        started = time.perf_counter()
        fill(history._db.connection())
        print(
            f"filled {ENTRIES:,} entries in {time.perf_counter() - started:.1f} s "
            f"({os.path.getsize(history_db()) / 2**20:.0f} MiB)"
        )
        bare = sqlite3.connect(history_db())
        over = 0
        for label, text in QUERIES:
            like = f"%{text.split()[-1]}%"
            ours = median_ms(partial(history.search, text))
            base = median_ms(partial(bare_like, bare, like))
            found = len(history.search(text))
            over += ours >= BUDGET_MS
            print(
                f"search {label:<32} {found:>4} shown   history {ours:6.2f} ms   "
                f"bare LIKE {base:6.2f} ms   ratio {ours / base:5.2f}   "
                f"{'ok' if ours < BUDGET_MS else 'OVER BUDGET'} (< {BUDGET_MS:.0f} ms)"
            )
        bare.close()
        history.close()
        print(f"record one small exchange {record_cost():.2f} ms")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
