"""``workbench send``: the engine's command-line twin. Prints the same exchange the window shows."""

from __future__ import annotations

import argparse
import itertools
from typing import Any

from workbench.cli.common import ExitStatus, Streams, UsageError, split_pair
from workbench.cli.send_checks import (
    check_client_cert,
    check_combinations,
    check_out,
    check_profile_overrides,
    clash,
    os_reason,
)
from workbench.engine import send
from workbench.engine.errors import InvalidRequest
from workbench.engine.exchange import Exchange
from workbench.engine.spec import (
    DEFAULT_MAX_REDIRECTS,
    TLS,
    Auth,
    Body,
    Field,
    Options,
    Part,
    Proxy,
    RequestSpec,
)
from workbench.engine.validate import check_max_redirects, check_timeout

EXIT_STATUSES = (
    "Exit status: 0 a response arrived (any status); 1 no response (a transport error); "
    "2 invalid input or usage, nothing sent; with --fail, 4 for a 4xx and 5 for a 5xx response; "
    "130 interrupted (Ctrl+C)."
)
BODY_FLAGS = ("form", "multipart", "data", "json")


def register(commands: Any) -> None:
    """Add the ``send`` subcommand."""
    p = commands.add_parser(
        "send",
        help="send one request and print the exchange",
        description="Send one request through urllib's opener engine and print what came back.",
        epilog=EXIT_STATUSES,
    )
    p.add_argument("url", help="the URL (http, https, data or file)")
    p.add_argument("-X", "--method", help="the method (default GET, or POST with a body)")
    p.add_argument("-H", "--header", action="append", default=[], metavar="'NAME: VALUE'")
    p.add_argument("--param", action="append", default=[], metavar="K=V", help="query parameter")
    body = p.add_argument_group("body (choose one kind)")
    body.add_argument("--form", action="append", default=[], metavar="K=V", help="urlencoded field")
    body.add_argument(
        "--multipart", action="append", default=[], metavar="K=V|K=@PATH", help="multipart field"
    )
    body.add_argument("--data", metavar="TEXT|@PATH", help="raw text body, or a file's bytes")
    body.add_argument("--json", metavar="TEXT", help="raw JSON body (checked, sent as typed)")
    auth = p.add_argument_group("auth")
    auth.add_argument("--user", metavar="USER[:PASS]", help="asks for the password when omitted")
    auth.add_argument("--auth-type", choices=("basic", "digest", "bearer"), default=None)
    auth.add_argument("--token", metavar="T", help="bearer token")
    auth.add_argument("--preemptive", action="store_true", help="send Basic credentials at once")
    auth.add_argument("--auth-profile", metavar="NAME", help="a saved auth profile")
    net = p.add_argument_group("network")
    net.add_argument("--proxy", metavar="URL", help="manual proxy, http://[user:pass@]host:port")
    net.add_argument("--no-proxy", action="store_true", help="go direct, ignoring *_proxy")
    net.add_argument("--proxy-profile", metavar="NAME", help="a saved proxy profile")
    net.add_argument("--no-follow", action="store_true", help="show the redirect, not its target")
    net.add_argument(
        "--max-redirects", metavar="N", help=f"follow at most N (default {DEFAULT_MAX_REDIRECTS})"
    )
    net.add_argument("--timeout", metavar="SECONDS", default="30")
    net.add_argument("--insecure", action="store_true", help="do not verify TLS certificates")
    net.add_argument(
        "--cacert",
        metavar="FILE",
        help="trust only the CAs in FILE, instead of the system's (as curl's --cacert)",
    )
    net.add_argument("--cert", metavar="FILE", help="client certificate (PEM)")
    net.add_argument(
        "--key", metavar="FILE", help="client certificate's key (PEM), when not inside --cert"
    )
    net.add_argument("--no-decode", action="store_true", help="do not ask for or decode gzip")
    out = p.add_argument_group("output")
    out.add_argument("--out", metavar="FILE", help="stream the whole body into FILE")
    out.add_argument("--format", choices=("text", "json"), default="text")
    out.add_argument("-v", "--verbose", action="store_true", help="text: print every hop")
    out.add_argument("--show-secrets", action="store_true", help="do not mask Authorization")
    out.add_argument("--fail", action="store_true", help="exit 4 on 4xx and 5 on 5xx")
    out.add_argument("--no-history", action="store_true", help="do not record this send")
    p.set_defaults(handler=run)


def run(args: argparse.Namespace, streams: Streams) -> int:
    """Send and print; the exit status says what happened."""
    try:
        spec = checked_spec(args, streams)
    except UsageError as exc:
        return refuse(InvalidRequest("", str(exc)), args, streams)
    except InvalidRequest as exc:
        return refuse(exc, args, streams)
    try:
        exchange = send(spec, out_path=args.out)
    except OSError as exc:
        if not args.out:
            raise
        # Checked above, but the folder can vanish while the request is on its way: the send
        # happened, so this is not a usage error (2 says nothing was sent).
        streams.err.write(
            f"workbench: --out {args.out} cannot be written: {os_reason(exc)}; "
            "the response was not saved\n"
        )
        return ExitStatus.TRANSPORT
    try:
        return report(exchange, args, streams)
    finally:
        if not args.no_history:
            record(spec, exchange, args, streams)
        exchange.body.close()


def checked_spec(args: argparse.Namespace, streams: Streams) -> RequestSpec:
    """The spec to send, or a `UsageError`/`InvalidRequest` before anything goes out."""
    check_combinations(args)
    spec = with_profiles(spec_from_args(args, streams), args)
    check_profile_overrides(spec, args)
    if args.cert:
        check_client_cert(spec.options.tls, args)
    if args.out:
        check_out(args.out)
    return spec


def refuse(problem: InvalidRequest, args: argparse.Namespace, streams: Streams) -> int:
    """Exit 2, nothing sent; with --format json, the documented object with the error in it."""
    if args.format != "json":
        streams.err.write(f"workbench: {problem.message}\n")
        return ExitStatus.USAGE
    from workbench.engine.sending import refused

    given_body = any(getattr(args, flag) not in (None, []) for flag in BODY_FLAGS)
    method = args.method or ("POST" if given_body else "GET")
    exchange = refused(RequestSpec(url=args.url, method=method), problem)
    print_json(exchange, args, streams)
    return ExitStatus.USAGE


def with_profiles(spec: RequestSpec, args: argparse.Namespace) -> RequestSpec:
    """The spec with --auth-profile and --proxy-profile applied (their secrets read)."""
    if not args.auth_profile and not args.proxy_profile:
        return spec
    from workbench.store.errors import StoreError
    from workbench.store.profiles import ProfileStore

    try:
        return ProfileStore().apply(spec, args.auth_profile or "", args.proxy_profile or "")
    except StoreError as exc:
        raise UsageError(str(exc)) from None


def record(
    spec: RequestSpec, exchange: Exchange, args: argparse.Namespace, streams: Streams
) -> None:
    """Add the send to the history; a failure is a warning, never a different exit status."""
    from workbench.store.errors import StoreError
    from workbench.store.history import History

    try:
        history = History()
        try:
            history.record(
                spec,
                exchange,
                source="send",
                auth_profile=args.auth_profile or "",
                proxy_profile=args.proxy_profile or "",
            )
        finally:
            history.close()
    except StoreError as exc:
        streams.err.write(f"workbench: warning: not recorded in the history: {exc}\n")


def report(exchange: Exchange, args: argparse.Namespace, streams: Streams) -> int:
    """Print the exchange and choose the exit status."""
    from workbench.cli import render

    if args.format == "json":
        print_json(exchange, args, streams)
    else:
        render.exchange_text(
            exchange, streams, verbose=args.verbose, show_secrets=args.show_secrets
        )
    return exit_status(exchange, fail=args.fail)


def wants_json(arguments: list[str]) -> bool:
    """Whether a ``send`` command line asks for ``--format json`` (read before parsing it worked)."""
    pairs = itertools.pairwise(arguments)
    return "--format=json" in arguments or any(a == "--format" and b == "json" for a, b in pairs)


def refuse_arguments(message: str, arguments: list[str], streams: Streams) -> int:
    """A command line argparse refused, in --format json: the object with the error, exit 2.

    The URL is the first word after ``send`` that is not a flag, when there is one."""
    after = arguments[arguments.index("send") + 1 :] if "send" in arguments else arguments
    url = next((a for a in after if not a.startswith("-") and "://" in a), "")
    args = argparse.Namespace(
        format="json", url=url, method=None, show_secrets=False, **dict.fromkeys(BODY_FLAGS)
    )
    return refuse(InvalidRequest("", message), args, streams)


def print_json(exchange: Exchange, args: argparse.Namespace, streams: Streams) -> None:
    """The ``workbench.exchange/1`` object, on stdout."""
    import json

    from workbench.formats.exchange_json import exchange_to_dict

    data = exchange_to_dict(exchange, show_secrets=args.show_secrets)
    streams.out.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def exit_status(exchange: Exchange, *, fail: bool) -> int:
    """0 response, 1 transport error, 2 invalid input; with `fail`, 4 and 5 for 4xx and 5xx."""
    if exchange.error is not None:
        if exchange.error.kind in ("invalid-request", "unsupported-scheme"):
            return ExitStatus.USAGE
        return ExitStatus.TRANSPORT
    status = exchange.response.status if exchange.response else None
    if fail and status is not None:
        if 400 <= status < 500:
            return ExitStatus.CLIENT_ERROR
        if status >= 500:
            return ExitStatus.SERVER_ERROR
    return ExitStatus.OK


def spec_from_args(args: argparse.Namespace, streams: Streams) -> RequestSpec:
    """The request description the flags ask for."""
    body = _body(args)
    method = args.method or ("POST" if body.kind != "none" else "GET")
    return RequestSpec(
        url=args.url,
        method=method,
        params=tuple(Field(*split_pair(p, "=", "--param")) for p in args.param),
        headers=tuple(_header(h) for h in args.header),
        body=body,
        auth=_auth(args, streams),
        proxy=_proxy(args),
        options=Options(
            timeout=check_timeout(args.timeout),
            follow_redirects=not args.no_follow,
            max_redirects=DEFAULT_MAX_REDIRECTS
            if args.max_redirects is None
            else check_max_redirects(args.max_redirects),
            decode=not args.no_decode,
            tls=TLS(
                verify=not args.insecure,
                ca_file=args.cacert or "",
                client_cert=args.cert or "",
                client_key=args.key or "",
            ),
        ),
    )


def _header(text: str) -> Field:
    name, sep, value = text.partition(":")
    if not sep:
        raise UsageError(f"-H {text!r} should look like 'Name: value'")
    return Field(name.strip(), value.strip())


def _body(args: argparse.Namespace) -> Body:
    given = [flag for flag in BODY_FLAGS if getattr(args, flag)]
    if len(given) > 1:
        raise UsageError(f"choose one kind of body, not --{' and --'.join(given)}")
    if args.form:
        return Body("form", fields=tuple(Field(*split_pair(f, "=", "--form")) for f in args.form))
    if args.multipart:
        return Body("multipart", parts=tuple(_part(m) for m in args.multipart))
    if args.json is not None:
        import json

        try:
            json.loads(args.json)
        except ValueError as exc:
            raise UsageError(f"--json is not valid JSON: {exc}") from None
        return Body("raw", text=args.json, content_type="application/json")
    if args.data is not None:
        if args.data.startswith("@"):
            return Body("file", path=args.data[1:])
        return Body("raw", text=args.data)
    return Body()


def _part(text: str) -> Part:
    name, value = split_pair(text, "=", "--multipart")
    if value.startswith("@"):
        return Part(name, value[1:], is_file=True)
    return Part(name, value)


def _auth(args: argparse.Namespace, streams: Streams) -> Auth:
    if args.auth_profile:
        given = [f for f in ("user", "auth_type", "token", "preemptive") if getattr(args, f)]
        if given:
            flag = "--" + given[0].replace("_", "-")
            raise UsageError(f"--auth-profile and {flag} contradict each other")
        return Auth()
    kind: str = args.auth_type or ("bearer" if args.token else "basic" if args.user else "none")
    if kind == "bearer":
        if not args.token:
            raise UsageError("--auth-type bearer needs --token")
        return Auth("bearer", token=args.token)
    if kind == "none":
        if args.preemptive:
            raise UsageError("--preemptive needs --user")
        return Auth()
    if not args.user:
        raise UsageError(f"--auth-type {kind} needs --user")
    user, sep, password = args.user.partition(":")
    if not sep:
        password = _ask_password(user, streams)
    return Auth(
        "digest" if kind == "digest" else "basic",
        username=user,
        password=password,
        preemptive=args.preemptive,
    )


def _ask_password(user: str, streams: Streams) -> str:
    if not getattr(streams.inp, "isatty", lambda: False)():
        raise UsageError(f"--user {user!r} has no password and there is no terminal to ask for it")
    import getpass

    return getpass.getpass(f"Password for {user}: ")


def _proxy(args: argparse.Namespace) -> Proxy:
    if args.proxy_profile and (args.proxy or args.no_proxy):
        flag = "--proxy" if args.proxy else "--no-proxy"
        raise UsageError(f"--proxy-profile and {flag} contradict each other")
    if args.proxy and args.no_proxy:
        clash("--proxy", "--no-proxy", "--no-proxy goes direct, so --proxy would not be used")
    if args.no_proxy:
        return Proxy("direct")
    if args.proxy:
        return Proxy("manual", url=args.proxy)
    return Proxy("system")
