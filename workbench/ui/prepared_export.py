"""Copy as / Save as for one request: the request a send would make, turned into text, on the pool.

`run` is the worker half shared by every Copy as and Save as action: it runs the tab's send steps
(folder defaults, saved profiles, ``{{variables}}``: they read files and the keyring), converts the
prepared request, and for Save writes the file. No Qt here. The text holds what a send would send,
secrets included, as the user asked; the outcome says where such secrets came from, so the status
bar can tell the user before they paste it somewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import quote

from workbench.engine.errors import InvalidRequest

if TYPE_CHECKING:
    from workbench.engine.spec import Auth, RequestSpec
    from workbench.ui.send_job import Preparer


class RequestFormat(NamedTuple):
    """One way to write a single request."""

    what: str
    suffix: str
    copied: str
    """The status message after a copy (without the final full stop)."""


REQUEST_FORMATS = {
    "curl": RequestFormat("curl command", ".sh", "Copied as a curl command"),
    "python": RequestFormat("Python script", ".py", "Copied as a Python script"),
    "http": RequestFormat(".http file", ".http", "Copied as an .http request"),
}


class Context(NamedTuple):
    """What the send steps were given on the GUI thread, to tell where secrets in the text came from."""

    root: str = ""
    """The tab's collection folder ('' for an unsaved request)."""
    path: str = ""
    """The request file, relative to `root`."""
    profiles: tuple[str, str] = ("", "")
    """The tab's own auth and proxy profile names."""


class Outcome(NamedTuple):
    """What an export made: the text (for the clipboard) and what to tell the user."""

    text: str
    message: str
    problem: tuple[str, str] | None = None
    """(field, message) when a send step refused the request, to show at the field."""

    @property
    def done(self) -> bool:
        """Whether the text was made (and written, for Save)."""
        return bool(self.text)


def run(
    kind: str,
    spec: RequestSpec,
    preparers: Sequence[Preparer],
    name: str,
    context: Context,
    path: str = "",
) -> Outcome:
    """On the worker: prepare `spec` as a send would, convert it, write it to `path` when given."""
    from workbench.formats.errors import FormatError
    from workbench.ui.export import ExportUnavailable

    prepared = spec
    try:
        for prepare in preparers:
            prepared = prepare(prepared)
    except InvalidRequest as exc:
        return Outcome("", exc.message, (exc.field, exc.message))
    fmt = REQUEST_FORMATS[kind]
    try:
        text = request_text(kind, prepared, name)
    except (ExportUnavailable, FormatError) as exc:
        return Outcome("", f"Cannot write this request as a {fmt.what}: {exc}")
    # The variables step notes the secret values it filled in (`VariablesStep.secrets`).
    filled = frozenset().union(*(getattr(p, "secrets", ()) for p in preparers))
    note = secrets_note(spec, prepared, text, context, filled)
    if not path:
        return Outcome(text, f"{fmt.copied}{note}.")
    problem = write_file(path, text)
    if problem:
        return Outcome("", problem)
    return Outcome(text, f"Saved the request as a {fmt.what} to {path}{note}.")


def request_text(kind: str, spec: RequestSpec, name: str) -> str:
    """`spec` as a curl command, a runnable urllib script or an ``.http`` request named `name`."""
    if kind == "http":
        from workbench.formats.http_export import to_http
        from workbench.formats.model import SavedRequest

        return to_http([SavedRequest(name or "Request", spec)])
    from workbench.ui.export import export_text

    return export_text(kind, spec)


def write_file(path: str, text: str) -> str:
    """Write `text` atomically; '' when it worked, else why not in words."""
    from workbench.store import atomic

    try:
        atomic.write_text(path, text)
    except OSError as exc:
        return f"Could not write {path}: {exc.strerror or exc}."
    return ""


# --- where the secrets in the text came from ------------------------------------------------------
def secrets_note(
    spec: RequestSpec,
    prepared: RequestSpec,
    text: str,
    context: Context,
    secret_values: frozenset[str] = frozenset(),
) -> str:
    """``; it contains secrets from profile 'work' and secret variables``, or '' when none is in it."""
    auth_name, proxy_name = profiles_used(spec, context)
    sources = []
    if auth_name and _appears(_auth_secret(prepared.auth), text):
        sources.append(f"profile {auth_name!r}")
    if proxy_name and _appears(prepared.proxy.password, text):
        sources.append(f"profile {proxy_name!r}")
    if any(_appears(value, text) for value in secret_values):
        sources.append("secret variables")
    return f"; it contains secrets from {' and '.join(sources)}" if sources else ""


def profiles_used(spec: RequestSpec, context: Context) -> tuple[str, str]:
    """The auth and proxy profiles the send applies: the tab's own, else its folders' (files only)."""
    own_auth, own_proxy = context.profiles
    if not context.root or not context.path or (own_auth and own_proxy):
        return own_auth, own_proxy
    from workbench.formats.model import SavedRequest
    from workbench.store.collections import Collection
    from workbench.store.errors import StoreError
    from workbench.store.folder_settings import effective

    try:
        chain = Collection.open(context.root, cache=False).chain(context.path)
    except StoreError:
        return own_auth, own_proxy
    saved = SavedRequest("", spec, auth_profile=own_auth, proxy_profile=own_proxy)
    found = effective(saved, chain)
    return found.auth_profile, found.proxy_profile


def _auth_secret(auth: Auth) -> str:
    from workbench.store.profile_model import auth_secret_field

    field = auth_secret_field(auth.kind)
    return str(getattr(auth, field)) if field else ""


def _appears(value: str, text: str) -> bool:
    """Whether `value` is in `text` as written there: plain, quoted for a shell, Python or a URL."""
    import shlex

    if not value:
        return False
    forms = (value, repr(value)[1:-1], shlex.quote(value).strip("'"), quote(value, safe=""))
    return any(form and form in text for form in forms)
