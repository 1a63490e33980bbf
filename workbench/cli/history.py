"""``workbench history``: list, search, show and delete the recorded sends (secrets are masked)."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from workbench.cli.common import ExitStatus, Streams, UsageError

if TYPE_CHECKING:  # the store is imported when a verb runs: other commands do not pay for it
    from workbench.store.history import History, HistoryEntry, HistoryRecord

T = TypeVar("T")
LIST_SCHEMA = "workbench.history-list/1"
ENTRY_SCHEMA = "workbench.history-entry/1"


def register(commands: Any) -> None:
    """Add the ``history`` subcommand and its verbs."""
    p = commands.add_parser(
        "history",
        help="the sends recorded so far",
        description="Every send from the window, workbench send and workbench run is recorded "
        "(unless --no-history), newest first, with secrets masked.",
    )
    verbs = p.add_subparsers(dest="verb", metavar="VERB", required=True)
    listing = verbs.add_parser("list", help="list entries, newest first")
    listing.add_argument(
        "--search", metavar="TEXT", default="", help="words in URL/method/status/error"
    )
    listing.add_argument(
        "--limit", metavar="N", default="50", help="at most N entries (default 50)"
    )
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(handler=run_list)
    show = verbs.add_parser("show", help="show one entry")
    show.add_argument("id", metavar="ID")
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(handler=run_show)
    delete = verbs.add_parser("delete", help="delete entries")
    delete.add_argument("ids", metavar="ID", nargs="+")
    delete.set_defaults(handler=run_delete)
    clear = verbs.add_parser("clear", help="delete every entry")
    clear.set_defaults(handler=run_clear)


def run_list(args: argparse.Namespace, streams: Streams) -> int:
    """Print entries matching --search, newest first."""
    limit = _number(args.limit, "--limit")
    entries = _with_history(lambda h: h.search(args.search, limit=limit))
    if args.format == "json":
        data = {"schema": LIST_SCHEMA, "entries": [e._asdict() for e in entries]}
        streams.out.write(_json(data) + "\n")
    elif not entries:
        streams.out.write("No entries match.\n" if args.search else "The history is empty.\n")
    for entry in entries if args.format == "text" else ():
        streams.out.write(entry_line(entry) + "\n")
    return ExitStatus.OK


def run_show(args: argparse.Namespace, streams: Streams) -> int:
    """Print one entry: the request as sent and what came back."""
    entry_id = _number(args.id, "ID")
    record = _with_history(lambda h: h.get(entry_id))
    if record is None:
        raise UsageError(f"no history entry {entry_id} (see workbench history list)")
    if args.format == "json":
        from workbench.store.spec_json import spec_to_dict

        data = {
            "schema": ENTRY_SCHEMA,
            "entry": record.entry._asdict(),
            "request": spec_to_dict(record.spec),
            "masked": list(record.masked),
            "exchange": record.exchange,
        }
        streams.out.write(_json(data) + "\n")
    else:
        _show_text(record, streams)
    return ExitStatus.OK


def run_delete(args: argparse.Namespace, streams: Streams) -> int:
    """Delete the entries named; exit 2 when one of them does not exist."""
    ids = [_number(i, "ID") for i in args.ids]
    deleted = _with_history(lambda h: h.delete(ids))
    streams.out.write(f"Deleted {deleted} entr{'y' if deleted == 1 else 'ies'}.\n")
    if deleted < len(set(ids)):
        streams.err.write("workbench: some of those entries did not exist\n")
        return ExitStatus.USAGE
    return ExitStatus.OK


def run_clear(args: argparse.Namespace, streams: Streams) -> int:
    """Delete every entry."""
    deleted = _with_history(lambda h: h.clear())
    streams.out.write(f"Deleted {deleted} entr{'y' if deleted == 1 else 'ies'}.\n")
    return ExitStatus.OK


def entry_line(entry: HistoryEntry) -> str:
    """One entry as a list line: id, time, method, outcome, duration, size, URL."""
    when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(entry.started_at))
    outcome = entry.error_kind or ("-" if entry.status is None else str(entry.status))
    return (
        f"{entry.id:>6}  {when}  {entry.method:<7} {outcome:<18} "
        f"{entry.elapsed_ms:>8.0f} ms {entry.size:>10} B  {entry.url}"
    )


def _show_text(record: HistoryRecord, streams: Streams) -> None:
    out, entry, data = streams.out, record.entry, record.exchange
    out.write(entry_line(entry) + "\n\n")
    out.write(f"{entry.method} {entry.url}\n")
    for name, value in data["request"]["headers"]:
        out.write(f"{name}: {value}\n")
    if entry.auth_profile or entry.proxy_profile:
        out.write(f"(auth profile: {entry.auth_profile or '-'}, proxy profile: ")
        out.write(f"{entry.proxy_profile or '-'})\n")
    if record.masked:
        out.write(f"(masked, to enter again when reopened: {', '.join(record.masked)})\n")
    response = data["response"]
    if response is not None:
        parts = (response["version"], response["status"], response["reason"])
        line = " ".join(str(p) for p in parts if p not in ("", None))
        out.write(f"\n{line or '(no HTTP status)'}\n")
        for name, value in response["headers"]:
            out.write(f"{name}: {value}\n")
        if entry.final_url != entry.url:
            out.write(f"\nFinal URL: {entry.final_url} ({entry.hops} hops)\n")
    if entry.error_kind:
        out.write(f"\nerror ({entry.error_kind}): {entry.error_message}\n")
    body = data["body"]
    if body["text"]:
        cut = " (first part only)" if body.get("text_truncated") else ""
        out.write(f"\n{body['text']}\n" + (f"[body cut here{cut}]\n" if cut else ""))
    elif record.body is not None:
        out.write(f"\n[binary body: {body['size']} bytes; {len(record.body)} kept]\n")


def _number(text: str, what: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise UsageError(f"{what} should be a whole number, not {text!r}") from None
    if value < 1:
        raise UsageError(f"{what} should be 1 or more, not {value}")
    return value


def _with_history(action: Callable[[History], T]) -> T:
    from workbench.store.errors import StoreError
    from workbench.store.history import History

    try:
        history = History()
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    try:
        return action(history)
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    finally:
        history.close()


def _json(data: object) -> str:
    import json  # here, not at the top: every other command starts without it

    return json.dumps(data, indent=2, ensure_ascii=False)
