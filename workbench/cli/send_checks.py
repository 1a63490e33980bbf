"""Checks of ``workbench send``'s arguments made before anything is sent: flags that contradict each
other (accepted and then silently ignored otherwise), a --out file that cannot be written, a client
certificate that cannot be loaded. Each failure is a `UsageError` naming the flags (exit status 2)."""

from __future__ import annotations

import argparse
import os
from typing import NoReturn

from workbench.cli.common import UsageError
from workbench.engine.errors import InvalidRequest
from workbench.engine.spec import TLS, RequestSpec


def check_out(path: str) -> None:
    """A usage error, before anything is sent, when the --out file cannot be written."""
    target = os.path.realpath(path)  # a link's target is what the engine will write
    if path.endswith(("/", os.sep)) or os.path.isdir(target):
        raise UsageError(f"--out {path} names a folder; give a file name (nothing was sent)")
    folder = os.path.dirname(target if os.path.islink(path) else os.path.abspath(path))
    if not os.path.isdir(folder):
        what = "is not a folder" if os.path.exists(folder) else "does not exist"
        raise UsageError(f"--out {path}: {folder} {what} (nothing was sent)")
    existed = os.path.exists(target)
    try:
        # Opened as the engine will (read and write), but never truncated: the real answer,
        # whoever runs it, on any file system.
        fd = os.open(target, os.O_RDWR | (0 if existed else os.O_CREAT | os.O_EXCL))
    except OSError as exc:
        raise UsageError(
            f"--out {path} cannot be written: {os_reason(exc)} (nothing was sent)"
        ) from None
    os.close(fd)
    if not existed:
        os.unlink(target)


def os_reason(exc: OSError) -> str:
    """What went wrong with a file, in the system's words."""
    return exc.strerror or str(exc)


def check_combinations(args: argparse.Namespace) -> None:
    """A usage error for flags that would be accepted and then silently ignored."""
    kind = args.auth_type
    if args.user and args.token:
        clash("--user", "--token", "choose --user (Basic or Digest) or --token (Bearer)")
    if args.token and kind in ("basic", "digest"):
        clash("--token", f"--auth-type {kind}", "a token is sent only with --auth-type bearer")
    if args.user and kind == "bearer":
        clash("--user", "--auth-type bearer", "bearer sends --token, not a user and password")
    if args.preemptive and (kind in ("digest", "bearer") or args.token):
        other = "--token" if kind is None else f"--auth-type {kind}"
        clash("--preemptive", other, "--preemptive applies only to Basic auth")
    if args.key and not args.cert:
        raise UsageError("--key needs --cert: a key is used only with its client certificate")
    if args.insecure and args.cacert:
        clash("--insecure", "--cacert", "with --insecure no certificate is checked at all")
    if args.no_follow and args.max_redirects is not None:
        clash("--no-follow", "--max-redirects", "without following, no redirect is counted")


def clash(first: str, second: str, why: str) -> NoReturn:
    """A usage error for two flags that contradict each other."""
    raise UsageError(f"{first} and {second} contradict each other: {why}")


def check_profile_overrides(spec: RequestSpec, args: argparse.Namespace) -> None:
    """A usage error when a profile's own TLS settings would silently replace --cert or --cacert."""
    if not (args.cert or args.cacert) or not (args.auth_profile or args.proxy_profile):
        return
    tls = spec.options.tls
    profiles = " and ".join(
        f"--{flag.replace('_', '-')} {getattr(args, flag)}"
        for flag in ("auth_profile", "proxy_profile")
        if getattr(args, flag)
    )
    if args.cert and (tls.client_cert, tls.client_key) != (args.cert, args.key or ""):
        clash("--cert", profiles, "the profile's own client certificate would be used instead")
    if args.cacert and (tls.ca_file != args.cacert or not tls.verify):
        what = "CA file" if tls.verify else "switched-off verification"
        clash("--cacert", profiles, f"the profile's own {what} would be used instead")


def check_client_cert(tls: TLS, args: argparse.Namespace) -> None:
    """A usage error naming --cert (and --key) when the certificate or its key cannot be loaded."""
    # A PEM file may hold the key too, so --cert alone can be right: only loading it tells.
    from workbench.engine.opener import tls_context

    try:
        tls_context(TLS(client_cert=tls.client_cert, client_key=tls.client_key))
    except InvalidRequest as exc:
        given = f"--cert {args.cert}" + (f" with --key {args.key}" if args.key else "")
        advice = "" if args.key else " If its private key is in another file, give it with --key."
        raise UsageError(f"{given}: {exc.message}{advice}") from None
