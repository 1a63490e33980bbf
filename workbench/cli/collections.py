"""``workbench run``, ``workbench import`` and ``workbench export``: collections from the command line.

Only argparse work happens at import time (this module is loaded for every command); the store,
the engine and the formats are imported when a command runs.
"""

from __future__ import annotations

import argparse
import importlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbench.cli.common import ExitStatus, Streams, UsageError, split_pair

IMPORTERS = {
    "curl": ("curl", "parse_curl"),
    "postman": ("postman", "parse_postman"),
    "http": ("http_file", "parse_http"),
}
EXPORTERS = {
    "curl": ("curl", "to_curl"),
    "urllib": ("python_code", "to_python"),
    "http": ("http_file", "to_http"),
    "postman": ("postman", "to_postman"),
    "har": ("har", "to_har"),
}
"""Where each format's function lives in `workbench.formats`."""


def register(commands: Any) -> None:
    """Add the ``run``, ``import`` and ``export`` subcommands."""
    p = commands.add_parser(
        "run",
        help="send saved requests in order and report which passed",
        description="Send a request file, a folder or a whole collection in order. A request passes "
        "when it gets one of the statuses it expects (or any status below 400), or the error kind "
        "it expects. Exits 1 when any failed.",
    )
    p.add_argument("path", metavar="PATH", help="a request file, a folder or a collection")
    p.add_argument("--env", metavar="NAME", help="use this environment of the collection")
    p.add_argument(
        "--var", action="append", default=[], metavar="NAME=VALUE", help="set a variable (wins)"
    )
    p.add_argument("--format", choices=("text", "json", "junit"), default="text")
    p.add_argument("--no-history", action="store_true", help="do not record the sends in history")
    p.set_defaults(handler=run_command)

    p = commands.add_parser(
        "import",
        help="import curl, Postman or .http requests into a collection",
        description="Write the requests of SOURCE into a collection folder (created when missing). "
        "Literal credentials are moved into secret variables; the notes say what changed.",
    )
    p.add_argument("kind", choices=tuple(IMPORTERS), help="what SOURCE holds")
    p.add_argument(
        "source", metavar="SOURCE", help="a file, - for standard input, or for curl the command"
    )
    p.add_argument("--into", required=True, metavar="COLLECTION_DIR", help="the collection folder")
    p.add_argument("--folder", default="", metavar="FOLDER", help="a folder inside the collection")
    p.add_argument("--name", metavar="NAME", help="curl: the request's name")
    p.set_defaults(handler=import_command)

    p = commands.add_parser(
        "export",
        help="export requests as curl, urllib code, .http or Postman; history as HAR",
        description="Print (or write to --out) a request file, a folder or a collection in another "
        "format, with its folders' defaults filled in and variables left as {{name}}; or, with "
        "har, one history entry.",
    )
    p.add_argument("kind", choices=tuple(EXPORTERS), help="the format to write")
    p.add_argument(
        "path", metavar="PATH", help="a request file, folder or collection; for har a history id"
    )
    p.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    p.add_argument(
        "--allow-literal-secrets",
        action="store_true",
        help="export requests that hold literal credentials (they are listed on standard error)",
    )
    p.set_defaults(handler=export_command)


def _format_function(table: dict[str, tuple[str, str]], kind: str, what: str) -> Any:
    """The importer or exporter for `kind`, or a usage error when this build lacks it."""
    module_name, function = table[kind]
    try:
        module = importlib.import_module(f"workbench.formats.{module_name}")
    except ModuleNotFoundError as exc:
        if exc.name != f"workbench.formats.{module_name}":
            raise
        module = None
    found = getattr(module, function, None)
    if found is None:
        raise UsageError(f"{what} {kind} is not available yet in this version of Workbench")
    return found


def _locate(path: str) -> Any:
    from workbench.store.collections import locate
    from workbench.store.errors import StoreError

    try:
        return locate(path)
    except StoreError as exc:
        raise UsageError(str(exc)) from None


# -- run --------------------------------------------------------------------------------------


def run_command(args: argparse.Namespace, streams: Streams) -> int:
    """Send the requests at PATH in order; exit 1 when any failed."""
    from workbench.store import environments, runner
    from workbench.store.errors import StoreError
    from workbench.store.profiles import ProfileStore
    from workbench.store.secrets import SecretStore
    from workbench.store.variables import check_variable_name

    overrides = {}
    for text in args.var:
        name, value = split_pair(text, "=", "--var")
        try:
            overrides[check_variable_name(name)] = value
        except StoreError as exc:
            raise UsageError(f"--var {text!r}: {exc}") from None
    collection, rel = _locate(args.path)
    secrets = SecretStore()
    try:
        if args.env:
            names = [e.name for e in environments.list_environments(collection)]
            if args.env not in names:
                known = ", ".join(names) or "none"
                raise UsageError(
                    f"{collection.root} has no environment {args.env!r} (it has: {known})"
                )
        scope = environments.variables_for(collection, args.env, secrets, overrides)
        paths = collection.requests(rel)
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    if not paths:
        raise UsageError(f"there are no requests to run in {collection.path(rel)}")
    profiles = ProfileStore(secrets=secrets)
    results = []
    for result in runner.run(
        collection,
        paths,
        scope.values,
        missing_secrets=scope.missing_secrets,
        apply_profiles=lambda s: profiles.apply(s.spec, s.auth_profile, s.proxy_profile),
        record=None if args.no_history else _history_recorder(streams, scope.secret_values),
    ):
        results.append(result)
        if args.format == "text":  # as each one finishes: a long run shows its progress
            streams.out.write(_text_line(result))
            streams.out.flush()
    _print_results(results, collection.name, args.format, streams)
    return ExitStatus.OK if all(r.ok for r in results) else ExitStatus.TRANSPORT


def _text_line(r: Any) -> str:
    status = str(r.status) if r.status is not None else "-"
    line = f"{'PASS' if r.ok else 'FAIL'}  {status:>3}  {r.time_ms:7.0f} ms  {r.path}"
    if not r.error:
        return line + "\n"
    return line + (f" ({r.error_kind}: {r.error})" if r.ok else f": {r.error}") + "\n"


def _history_recorder(streams: Streams, secrets: frozenset[str]) -> Any:
    """Record each send in history as ``run`` (`secrets`: the secret variables' values, masked);
    a history that fails is said once, not fatal."""
    from workbench.store.errors import StoreError
    from workbench.store.history import History

    try:
        store = History()
    except StoreError as exc:
        streams.err.write(f"workbench: not recording history: {exc}\n")
        return None
    failed: list[str] = []

    def record(saved: Any, spec: Any, exchange: Any) -> None:
        if failed:
            return
        try:
            store.record(
                spec,
                exchange,
                source="run",
                auth_profile=saved.auth_profile,
                proxy_profile=saved.proxy_profile,
                secrets=secrets,
            )
        except StoreError as exc:
            failed.append(str(exc))
            streams.err.write(f"workbench: not recording history: {exc}\n")

    return record


def _print_results(results: list[Any], suite: str, fmt: str, streams: Streams) -> None:
    passed = sum(1 for r in results if r.ok)
    failed = len(results) - passed
    if fmt == "json":
        rows = [
            {
                "name": r.name,
                "path": r.path,
                "status": r.status,
                "error": r.error,
                "error_kind": r.error_kind,
                "ok": r.ok,
                "time_ms": round(r.time_ms, 1),
            }
            for r in results
        ]
        data = {"schema": "workbench.run/1", "results": rows, "passed": passed, "failed": failed}
        streams.out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    elif fmt == "junit":
        streams.out.write(_junit(results, suite, failed))
    else:
        streams.out.write(f"{passed} passed, {failed} failed\n")


def _junit(results: list[Any], suite: str, failed: int) -> str:
    import xml.etree.ElementTree as ET

    total = f"{sum(r.time_ms for r in results) / 1000:.3f}"
    counts = {"tests": str(len(results)), "failures": str(failed), "errors": "0", "time": total}
    root = ET.Element("testsuites", {"name": "workbench run", **counts})
    node = ET.SubElement(root, "testsuite", {"name": suite, **counts})
    for r in results:
        folder = r.path.rpartition("/")[0].replace("/", ".")
        case = ET.SubElement(
            node,
            "testcase",
            {
                "classname": f"{suite}.{folder}" if folder else suite,
                "name": r.name,
                "time": f"{r.time_ms / 1000:.3f}",
            },
        )
        if not r.ok:
            failure = ET.SubElement(
                case, "failure", {"type": r.error_kind or "", "message": r.error or ""}
            )
            failure.text = f"{r.path}: {r.error}"
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


# -- import -----------------------------------------------------------------------------------


def import_command(args: argparse.Namespace, streams: Streams) -> int:
    """Import SOURCE into the collection folder."""
    from workbench.formats.errors import FormatError
    from workbench.store.collection_transfer import curl_data, import_data, open_or_create
    from workbench.store.errors import StoreError
    from workbench.store.secrets import SecretStore

    parse = _format_function(IMPORTERS, args.kind, "import")
    text = _read_source(args.kind, args.source, streams)
    try:
        if args.kind == "curl":
            from workbench.formats.curl import read_curl

            spec, notes = read_curl(text)
            data = curl_data(spec, notes, args.name or "")
        elif args.kind == "http":
            data = parse(text, name=Path(args.source).stem if args.source != "-" else "requests")
        else:
            data = parse(text)
    except FormatError as exc:
        streams.err.write(f"workbench: {args.source} is not {args.kind} input: {exc}\n")
        return ExitStatus.USAGE
    try:
        collection = open_or_create(Path(args.into))
        report = import_data(collection, data, SecretStore(), args.folder)
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    for note in report.notes:
        streams.err.write(f"note: {note}\n")
    for path in report.paths:
        streams.out.write(f"{collection.path(path)}\n")
    return ExitStatus.OK


def _read_source(kind: str, source: str, streams: Streams) -> str:
    if source == "-":
        return streams.inp.read()
    if kind == "curl" and source.lstrip().startswith("curl"):
        return source
    try:
        return Path(source).read_text("utf-8")
    except FileNotFoundError:
        raise UsageError(f"{source}: no such file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"cannot read {source}: {exc}") from None


# -- export -----------------------------------------------------------------------------------


def export_command(args: argparse.Namespace, streams: Streams) -> int:
    """Print or write the requests at PATH (or a history entry) in another format."""
    from workbench.formats.errors import FormatError

    to_format = _format_function(EXPORTERS, args.kind, "export")
    try:
        if args.kind == "har":
            text = to_format([_history_exchange(args.path)])
        else:
            text = _export_requests(args, to_format, streams)
    except FormatError as exc:
        streams.err.write(f"workbench: cannot export as {args.kind}: {exc}\n")
        return ExitStatus.USAGE
    if args.out:
        from workbench.store import atomic

        try:
            atomic.write_text(args.out, text)
        except OSError as exc:
            raise UsageError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    else:
        streams.out.write(text if text.endswith("\n") else text + "\n")
    return ExitStatus.OK


def _export_requests(
    args: argparse.Namespace, to_format: Callable[..., Any], streams: Streams
) -> str:
    from workbench.store.collection_transfer import (
        export_data,
        literal_secrets,
        profile_note,
        profiles_left_out,
    )
    from workbench.store.errors import StoreError

    collection, rel = _locate(args.path)
    try:
        data, skipped = export_data(collection, rel)
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    for message in skipped:
        streams.err.write(f"workbench: skipped {message}\n")
    findings = literal_secrets(data)
    for finding in findings:
        streams.err.write(f"{'note' if args.allow_literal_secrets else 'workbench'}: {finding}\n")
    if findings and not args.allow_literal_secrets:
        raise UsageError(
            "nothing exported: literal credentials (listed above); move them into secret variables or pass --allow-literal-secrets"
        )
    for line in profiles_left_out(data):
        streams.err.write(f"note: {line}\n")
    if args.kind in ("http", "postman"):  # each request's description names its profiles
        return str(to_format(data))
    chunks = []
    for item in data.items:
        code = str(to_format(item.request.spec)).rstrip("\n")
        note = profile_note(item.request)
        code = f"# {note}\n{code}" if note else code
        title = "/".join((*item.folder, item.request.name))
        chunks.append(code if len(data.items) == 1 else f"# {title}\n{code}")
    return "\n\n".join(chunks) + "\n"


def _history_exchange(entry_id: str) -> Any:
    """The stored ``workbench.exchange/1`` data of a history entry."""
    from workbench.store.history import History

    if not entry_id.isdigit():
        raise UsageError(
            f"{entry_id!r} is not a history id (a number, as 'workbench history' lists)"
        )
    from workbench.store.errors import StoreError

    try:
        record = History().get(int(entry_id))
    except StoreError as exc:
        raise UsageError(str(exc)) from None
    if record is None:
        raise UsageError(f"there is no history entry {entry_id}")
    return record.exchange
