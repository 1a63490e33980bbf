"""``workbench profiles``: list, show, add and remove saved auth and proxy profiles.

Secrets are read from a hidden prompt, or from standard input with ``--password-stdin``; never from
arguments (they would sit in the shell history and in ``ps``). They are never printed either.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from workbench.cli.common import ExitStatus, Streams, UsageError
from workbench.engine.spec import TLS, Auth, Proxy

if TYPE_CHECKING:  # the store is imported when a verb runs: other commands do not pay for it
    from workbench.store.profile_model import Profile, Profiles
    from workbench.store.profiles import ProfileStore

FLAGS = {
    "name": "NAME",
    "kind": "--kind",
    "mode": "--kind",
    "username": "--username",
    "realm": "--realm",
    "scope": "--scope",
    "preemptive": "--preemptive",
    "key_name": "--key-name",
    "key_in": "--key-in",
    "url": "--url",
    "https_url": "--https-url",
    "no_proxy": "--no-proxy",
    "ca_file": "--cacert",
    "client_cert": "--cert",
    "client_key": "--key",
}
"""Profile fields as the flags that set them, for error messages."""
SHOWN_AS = {"preemptive": "mode", "key_value": "key value", "key_in": "key in"}
T = TypeVar("T")
SECRET_WORDS = {"password": "password", "token": "token", "key_value": "API key value"}


def register(commands: Any) -> None:
    """Add the ``profiles`` subcommand and its verbs."""
    p = commands.add_parser(
        "profiles",
        help="saved auth and proxy profiles",
        description="Saved auth and proxy profiles. Their secrets live in the system keyring, or "
        "in a 0600 file in the config folder when no keyring works.",
    )
    verbs = p.add_subparsers(dest="verb", metavar="VERB", required=True)
    listing = verbs.add_parser("list", help="list every profile")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.set_defaults(handler=run_list)
    show = verbs.add_parser("show", help="show one profile (secrets are never printed)")
    show.add_argument("name", metavar="NAME")
    show.add_argument("--format", choices=("text", "json"), default="text")
    show.set_defaults(handler=run_show)
    remove = verbs.add_parser(
        "remove",
        help="delete a profile and its secret",
        description="Delete a profile and its secret. Refused while saved requests use it, by "
        "name or through their folder's or collection's settings (the app's collections and the "
        "folders the window has open are checked), unless --force.",
    )
    remove.add_argument("name", metavar="NAME")
    remove.add_argument("--force", action="store_true", help="even when saved requests use it")
    remove.set_defaults(handler=run_remove)
    _add_auth_parser(verbs)
    _add_proxy_parser(verbs)


def _add_auth_parser(verbs: Any) -> None:
    a = verbs.add_parser(
        "add-auth",
        help="save an auth profile",
        description="Save an auth profile. The password, token or key value is asked for "
        "(hidden) or read from standard input with --password-stdin.",
    )
    a.add_argument("name", metavar="NAME")
    a.add_argument("--kind", choices=("basic", "digest", "bearer", "apikey"), required=True)
    a.add_argument("--username", metavar="U", default="")
    a.add_argument("--realm", metavar="R", default="", help="only answer this realm's challenges")
    a.add_argument("--scope", metavar="URL_OR_AUTHORITY", default="", help="where it applies")
    a.add_argument("--preemptive", action="store_true", help="Basic: send with the first request")
    a.add_argument("--key-name", metavar="N", default="", help="API key: header or parameter")
    a.add_argument("--key-in", choices=("header", "query"), default=None)
    _common_flags(a)
    a.set_defaults(handler=run_add_auth)


def _add_proxy_parser(verbs: Any) -> None:
    x = verbs.add_parser(
        "add-proxy",
        help="save a proxy profile",
        description="Save a proxy profile: system (the environment's *_proxy settings), direct "
        "(no proxy at all) or manual.",
    )
    x.add_argument("name", metavar="NAME")
    x.add_argument("--kind", choices=("system", "direct", "manual"), required=True)
    x.add_argument("--url", metavar="URL", default="", help="manual: http://host:port")
    x.add_argument("--https-url", metavar="URL", default="", help="manual: another for https")
    x.add_argument("--username", metavar="U", default="")
    x.add_argument("--no-proxy", metavar="HOST,...", default="", help="hosts reached directly")
    _common_flags(x)
    x.set_defaults(handler=run_add_proxy)


def _common_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--password-stdin", action="store_true", help="read the secret from stdin")
    p.add_argument("--replace", action="store_true", help="replace a profile of the same name")
    tls = p.add_argument_group("TLS that travels with the profile")
    tls.add_argument(
        "--cacert", metavar="FILE", default="", help="trust only the CAs in FILE, not the system's"
    )
    tls.add_argument("--cert", metavar="FILE", default="", help="client certificate (PEM)")
    tls.add_argument("--key", metavar="FILE", default="", help="client certificate's key")
    tls.add_argument("--insecure", action="store_true", help="do not verify certificates")


def run_list(args: argparse.Namespace, streams: Streams) -> int:
    """Print every profile."""
    from workbench.store.profile_model import KIND_LABELS, profile_kind, summary

    store = _store()
    profiles = _load(store)
    everything: list[Profile] = [*profiles.auth, *profiles.proxy]
    if args.format == "json":
        data = {
            "secret_store": store.secrets.backend_name,
            "profiles": [_json_profile(store, p) for p in everything],
        }
        streams.out.write(_json(data) + "\n")
        return ExitStatus.OK
    if not everything:
        streams.out.write("No profiles yet (see 'workbench profiles add-auth --help').\n")
        return ExitStatus.OK
    width = max(len(p.name) for p in everything)
    for profile in everything:
        kind = profile_kind(profile)
        label = KIND_LABELS[_kind_word(profile)]
        line = summary(_masked(profile))
        streams.out.write(f"{kind:<6} {profile.name:<{width}}  {label:<13} {line}\n")
    streams.out.write(f"\nNew secrets are stored in the {store.secrets.backend_name}.\n")
    return ExitStatus.OK


def run_show(args: argparse.Namespace, streams: Streams) -> int:
    """Print one profile; the secret only as where it is stored."""
    store = _store()
    profile = _load(store).find(args.name)
    if profile is None:
        raise UsageError(f"no profile named {args.name!r} (see workbench profiles list)")
    data = _json_profile(store, profile)
    if args.format == "json":
        streams.out.write(_json(data) + "\n")
        return ExitStatus.OK
    streams.out.write(f"{profile.name}  ({data['profile']} profile, {data['type']})\n")
    for key, value in data.items():
        if key not in ("name", "profile", "type", "kind", "mode"):
            label = SHOWN_AS.get(key, key.replace("_", " "))
            streams.out.write(f"  {label + ':':<14} {_shown(key, value)}\n")
    return ExitStatus.OK


def _shown(key: str, value: object) -> str:
    if key == "preemptive":
        return "preemptive" if value else "challenge-then-retry"
    if isinstance(value, dict):
        return ", ".join(f"{k.replace('_', ' ')} {_shown(k, v)}" for k, v in value.items())
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, list):
        value = ", ".join(value)
    return str(value) if value != "" else "(none)"


def run_remove(args: argparse.Namespace, streams: Streams) -> int:
    """Delete a profile; refuse (unless --force) when saved requests name it."""
    from workbench.store import profile_uses
    from workbench.store.profile_model import profile_kind

    store = _store()
    profile = _load(store).find(args.name)
    if profile is None:
        raise UsageError(f"no profile named {args.name!r} (see workbench profiles list)")
    users = profile_uses.users(profile.name, profile_kind(profile))
    if users and not args.force:
        streams.err.write(
            f"workbench: {len(users)} saved request(s) use the {profile_kind(profile)} profile "
            f"{profile.name!r}:\n" + "".join(f"  {u}\n" for u in users)
        )
        streams.err.write("workbench: nothing removed; add --force to remove it anyway\n")
        return ExitStatus.USAGE
    _guard(lambda: store.remove(profile.name))
    streams.out.write(f"Removed the {profile_kind(profile)} profile {profile.name!r}.\n")
    return ExitStatus.OK


def run_add_auth(args: argparse.Namespace, streams: Streams) -> int:
    """Save an auth profile from the flags and a secret read safely."""
    from workbench.store.profile_model import auth_secret_field

    kind = args.kind
    if kind != "apikey" and (args.key_name or args.key_in):
        raise UsageError("--key-name and --key-in are for --kind apikey")
    if args.preemptive and kind != "basic":
        raise UsageError("--preemptive is for --kind basic")
    secret_word = SECRET_WORDS[auth_secret_field(kind)]
    who = f" for {args.username}" if args.username else ""
    secret = read_secret(args, streams, f"{secret_word.capitalize()}{who}: ")
    auth = Auth(
        kind,
        username=args.username,
        realm=args.realm,
        scope=args.scope,
        preemptive=args.preemptive,
        key_name=args.key_name,
        key_in=args.key_in or "header",
        **{auth_secret_field(kind): secret},
    )
    store = _store()
    replacing = _replacing(store, args, "auth")
    saved = _saving(lambda: store.save_auth(args.name, auth, _tls(args), replacing=replacing))
    streams.out.write(_saved_line(store, saved, replacing))
    return ExitStatus.OK


def run_add_proxy(args: argparse.Namespace, streams: Streams) -> int:
    """Save a proxy profile; a manual one with --username asks for its password."""
    secret = ""
    if args.kind == "manual" and args.username:
        secret = read_secret(args, streams, f"Proxy password for {args.username}: ")
    elif args.password_stdin:
        raise UsageError("--password-stdin needs --kind manual with --username")
    proxy = Proxy(
        args.kind,
        url=args.url,
        https_url=args.https_url,
        username=args.username,
        password=secret,
        no_proxy=tuple(e.strip() for e in args.no_proxy.split(",") if e.strip()),
    )
    store = _store()
    replacing = _replacing(store, args, "proxy")
    saved = _saving(lambda: store.save_proxy(args.name, proxy, _tls(args), replacing=replacing))
    streams.out.write(_saved_line(store, saved, replacing))
    return ExitStatus.OK


def read_secret(args: argparse.Namespace, streams: Streams, prompt: str) -> str:
    """The secret from standard input (--password-stdin) or a hidden prompt on the terminal."""
    if args.password_stdin:
        text = streams.inp.read()
        return text[:-1] if text.endswith("\n") else text
    if not getattr(streams.inp, "isatty", lambda: False)():
        raise UsageError(
            "there is no terminal to ask for the secret; pipe it in with --password-stdin"
        )
    import getpass

    return getpass.getpass(prompt).rstrip("\r\n")


def _store() -> ProfileStore:
    from workbench.store.profiles import ProfileStore

    return ProfileStore()


def _load(store: ProfileStore) -> Profiles:
    return _guard(store.load)


def _guard(action: Callable[[], T]) -> T:
    from workbench.store.errors import StoreError

    try:
        return action()
    except StoreError as exc:
        raise UsageError(str(exc)) from None


def _saving(save: Callable[[], T]) -> T:
    from workbench.store.errors import StoreError
    from workbench.store.profile_check import InvalidProfile

    try:
        return save()
    except InvalidProfile as exc:
        lines = [f"{_flag(e.field)}: {_cli_words(e.message)}" for e in exc.errors]
        raise UsageError("nothing saved:\n  " + "\n  ".join(lines)) from None
    except StoreError as exc:
        raise UsageError(f"nothing saved: {exc}") from None


def _cli_words(message: str) -> str:
    """The store's message, with where the command line takes what the window's fields take."""
    from workbench.store.profile_check import URL_PASSWORD, URL_USER

    if message == URL_PASSWORD:
        return message + " Here: give --username; the password is asked for (or --password-stdin)."
    return message + " Here: --username." if message == URL_USER else message


def _flag(field: str) -> str:
    if field in FLAGS:
        return FLAGS[field]
    return f"the {SECRET_WORDS.get(field, field)}"


def _replacing(store: ProfileStore, args: argparse.Namespace, kind: str) -> str | None:
    from workbench.store.profile_model import profile_kind

    if not args.replace:
        return None
    found = _load(store).find(args.name)
    if found is not None and profile_kind(found) != kind:
        what = "an auth" if profile_kind(found) == "auth" else "a proxy"
        raise UsageError(f"{args.name!r} is already {what} profile; remove it first")
    return args.name if found is not None else None


def _tls(args: argparse.Namespace) -> TLS | None:
    tls = TLS(
        verify=not args.insecure, ca_file=args.cacert, client_cert=args.cert, client_key=args.key
    )
    return None if tls == TLS() else tls


def _saved_line(store: ProfileStore, profile: Profile, replacing: str | None) -> str:
    from workbench.store.profile_model import profile_kind

    verb = "Replaced" if replacing else "Saved"
    where = store.secret_status(profile) if profile.secret_ref else "no secret"
    return f"{verb} the {profile_kind(profile)} profile {profile.name!r} ({where}).\n"


def _kind_word(profile: Profile) -> str:
    from workbench.store.profile_model import AuthProfile

    return profile.auth.kind if isinstance(profile, AuthProfile) else profile.proxy.mode


def _json_profile(store: ProfileStore, profile: Profile) -> dict[str, Any]:
    from workbench.store.profile_apply import system_proxy
    from workbench.store.profile_check import masked_proxy_url
    from workbench.store.profile_file import to_dict
    from workbench.store.profile_model import KIND_LABELS, ProxyProfile, profile_kind

    data = {"profile": profile_kind(profile), "type": KIND_LABELS[_kind_word(profile)]}
    data.update(to_dict(_masked(profile)))
    if "secret" in data:
        del data["secret"]
        data[profile.secret_field] = store.secret_status(profile)
    if isinstance(profile, ProxyProfile) and profile.proxy.mode == "system":
        found = system_proxy()
        http, https = masked_proxy_url(found.http), masked_proxy_url(found.https)
        data.update(http_proxy=http, https_proxy=https, no_proxy=found.no_proxy)
    return data


def _masked(profile: Profile) -> Profile:
    """A proxy profile whose URLs hold a password (saved before that was refused), masked."""
    from workbench.store.profile_check import masked_proxy_url
    from workbench.store.profile_model import ProxyProfile

    if not isinstance(profile, ProxyProfile):
        return profile
    proxy = profile.proxy
    shown = [masked_proxy_url(url) for url in (proxy.url, proxy.https_url)]
    return profile._replace(proxy=proxy._replace(url=shown[0], https_url=shown[1]))


def _json(data: object) -> str:
    import json  # here, not at the top: every other command starts without it

    return json.dumps(data, indent=2, ensure_ascii=False)
