"""The command line: ``workbench`` opens the window; ``workbench send|...`` do the same verbs headless.

`main` takes its streams as arguments so tests run it in-process and read what it printed (HTTPie's
``MockEnvironment``). Qt is imported only when the window opens, so ``workbench send`` starts fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from typing import IO

from workbench.cli.common import ExitStatus, Streams, UsageError, WorkbenchParser

Command = Callable[[argparse.Namespace, Streams], int]


COMMAND_MODULES = {
    "send": "send",
    "playground": "playground",
    "profiles": "profiles",
    "history": "history",
    "run": "collections",
    "import": "collections",
    "export": "collections",
}
"""Subcommand name to the module under workbench/cli that registers it."""


def build_parser(command: str | None = None) -> WorkbenchParser:
    """The parser; with `command`, only that subcommand's module is imported (start-up time)."""
    parser = WorkbenchParser(
        prog="workbench",
        description="A desktop HTTP request workbench over Python's urllib. "
        "Without a command it opens the window.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="load resources, build the window offscreen, send one request to the playground, exit",
    )
    commands = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=WorkbenchParser
    )
    wanted = [COMMAND_MODULES[command]] if command in COMMAND_MODULES else COMMAND_MODULES.values()
    for module_name in dict.fromkeys(wanted):
        importlib.import_module(f"workbench.cli.{module_name}").register(commands)
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
    stdin: IO[str] | None = None,
) -> int:
    """Run the command line and return the exit status."""
    streams = Streams(stdout or sys.stdout, stderr or sys.stderr, stdin or sys.stdin)
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        first = next((a for a in arguments if not a.startswith("-")), None)
        args = build_parser(first).parse_args(arguments)
        if args.version:
            from workbench import version

            streams.out.write(f"workbench {version()}\n")
            return ExitStatus.OK
        if args.self_check:
            from workbench.app import self_check

            return self_check(streams)
        if args.command is None:
            from workbench.app import run_window

            return run_window()
        handler: Command = args.handler
        return handler(args, streams)
    except SystemExit as exc:  # --help and friends
        return int(exc.code or 0) if not isinstance(exc.code, str) else ExitStatus.USAGE
    except UsageError as exc:
        if first == "send":
            from workbench.cli import send

            if send.wants_json(arguments):  # the object, as for input the engine refuses
                return send.refuse_arguments(str(exc), arguments, streams)
        streams.err.write(f"workbench: {exc}\n")
        return ExitStatus.USAGE
    except KeyboardInterrupt:
        streams.err.write("workbench: interrupted\n")
        return ExitStatus.INTERRUPTED


def gui_main() -> None:
    """GUI-script entry point (no console window on Windows): always the window."""
    from workbench.app import run_window

    sys.exit(run_window())
