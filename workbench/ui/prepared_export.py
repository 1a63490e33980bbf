"""Copy as / Save as for one request: the request a send would make, turned into text, on the pool.

`run` is the worker half shared by every Copy as and Save as action: it runs the tab's send steps
(folder defaults, saved profiles, ``{{variables}}``: they read files and the keyring), converts the
prepared request, and for Save writes the file. No Qt here. The text holds what a send would send,
secrets included, as the user asked; the outcome says where such secrets came from, so the status
bar can tell the user before they paste it somewhere.

A file outlives a clipboard, so Save does not write secrets without asking: when the prepared text
holds any, `run` writes nothing and also makes the references version (the request as typed, folder
defaults filled in, ``{{variables}}`` left as they are, the profiles named in a comment and left
out); the window asks which to write, and `finish_save` writes it on the pool, a file with secrets
readable by its owner only (0600).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple, cast
from urllib.parse import quote

from workbench.engine.errors import InvalidRequest

if TYPE_CHECKING:
    from workbench.engine.spec import Auth, RequestSpec
    from workbench.formats.model import SavedRequest
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


class Outcome(NamedTuple):
    """What an export made: the text (for the clipboard) and what to tell the user."""

    text: str
    message: str
    problem: tuple[str, str] | None = None
    """(field, message) when a send step refused the request, to show at the field."""
    secrets: str = ""
    """Save only: where the secrets in `text` come from (``profile 'work' and secret variables``);
    set when nothing was written yet because the user must choose first."""
    references: str = ""
    """Save only, with `secrets`: the text to write instead, with references and no secret."""

    @property
    def done(self) -> bool:
        """Whether the text was made (and written, for Save)."""
        return bool(self.text)


def run(
    kind: str,
    spec: RequestSpec,
    preparers: Sequence[Preparer],
    name: str,
    own_profiles: tuple[str, str],
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
    inherited = _inherited(spec, preparers, own_profiles)
    sources = secret_sources(inherited, prepared, text, filled)
    note = f"; it contains secrets from {' and '.join(sources)}" if sources else ""
    if not path:
        return Outcome(text, f"{fmt.copied}{note}.")
    if sources:  # the user chooses first (`finish_save` writes)
        try:
            references = references_text(kind, inherited, name)
        except (ExportUnavailable, FormatError) as exc:
            references = ""
            message = f"It cannot be written with references instead: {exc}"
        else:
            message = ""
        return Outcome(text, message, secrets=" and ".join(sources), references=references)
    problem = write_file(path, text)
    if problem:
        return Outcome("", problem)
    return Outcome(text, f"Saved the request as a {fmt.what} to {path}.")


def finish_save(kind: str, path: str, outcome: Outcome, with_secrets: bool) -> str:
    """On the worker: write the text the user chose (secrets: a 0600 file); what to tell them."""
    what = REQUEST_FORMATS[kind].what
    if with_secrets:
        problem = write_file(path, outcome.text, private=True)
        done = f"it contains secrets from {outcome.secrets}; only you can read the file"
        return problem or f"Saved the request as a {what} to {path}; {done}."
    problem = write_file(path, outcome.references)
    done = "with references instead of secrets: profiles named in a comment, {{variables}} as typed"
    return problem or f"Saved the request as a {what} to {path} {done}."


def references_text(kind: str, saved: SavedRequest, name: str) -> str:
    """The request as typed, with its folders' defaults, ``{{variables}}`` unresolved and no profile
    applied: each profile the send would apply is named in a comment instead."""
    from workbench.engine.spec import Auth, Proxy

    typed = saved.spec
    comments = []
    if saved.auth_profile:
        typed = typed._replace(auth=Auth())
        comments.append(f"auth: profile {saved.auth_profile!r} (not written here)")
    if saved.proxy_profile:
        typed = typed._replace(proxy=Proxy())
        comments.append(f"proxy: profile {saved.proxy_profile!r} (not written here)")
    if kind == "http":  # the format's own comments: its description lines
        return request_text(kind, typed, name, "\n".join(comments))
    text = request_text(kind, typed, name)
    head, newline, rest = text.partition("\n")
    lines = "".join(f"# {line}\n" for line in comments)
    if head.startswith("#!"):  # a script's first line stays its interpreter
        return f"{head}{newline}{lines}{rest}"
    return lines + text


def request_text(kind: str, spec: RequestSpec, name: str, comment: str = "") -> str:
    """`spec` as a curl command, a runnable urllib script or an ``.http`` request named `name`
    (``.http`` only: with `comment` as its description)."""
    if kind == "http":
        from workbench.formats.http_export import to_http
        from workbench.formats.model import SavedRequest

        return to_http([SavedRequest(name or "Request", spec, comment)])
    from workbench.ui.export import export_text

    return export_text(kind, spec)


def write_file(path: str, text: str, *, private: bool = False) -> str:
    """Write `text` atomically (`private`: readable by the owner only); '' when it worked, else
    why not in words."""
    from workbench.store import atomic

    try:
        atomic.write_text(path, text, mode=0o600 if private else None)
    except OSError as exc:
        return f"Could not write {path}: {exc.strerror or exc}."
    return ""


# --- where the secrets in the text came from ------------------------------------------------------
def secret_sources(
    inherited: SavedRequest,
    prepared: RequestSpec,
    text: str,
    secret_values: frozenset[str] = frozenset(),
) -> list[str]:
    """``["profile 'work'", "secret variables"]``: where the secrets in `text` come from."""
    auth_name, proxy_name = inherited.auth_profile, inherited.proxy_profile
    sources = []
    if auth_name and _appears(_auth_secret(prepared.auth), text):
        sources.append(f"profile {auth_name!r}")
    if proxy_name and _appears(prepared.proxy.password, text):
        sources.append(f"profile {proxy_name!r}")
    if any(_appears(value, text) for value in secret_values):
        sources.append("secret variables")
    return sources


def _inherited(
    spec: RequestSpec, preparers: Sequence[Preparer], own: tuple[str, str]
) -> SavedRequest:
    """The request with what its folders give it (headers, base URL, profile names), variables
    unresolved, as the variables step noted it while preparing; the tab's own when there is none."""
    for step in preparers:
        noted = getattr(step, "inherited", None)
        if noted is not None:
            return cast("SavedRequest", noted)
    from workbench.formats.model import SavedRequest

    return SavedRequest("", spec, auth_profile=own[0], proxy_profile=own[1])


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
