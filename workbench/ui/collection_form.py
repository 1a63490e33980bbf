"""A saved request's spec into a tab's editor, and back: what opening and saving a request need.

The editor keeps enabled query parameters in the URL line (the Params table is a view of it), so a
spec is shown with its enabled ``params`` appended to the URL; disabled rows stay in the table only.
Fields the editor does not show (a client certificate) are carried over from the file when saving.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench.engine.spec import Body, Field, Options, RequestSpec
from workbench.ui import url_query
from workbench.ui.body_editor import RAW_TYPES

if TYPE_CHECKING:
    from workbench.ui.request_tab import RequestTab

SECRET_WIDGETS = (
    ("auth", "password"),
    ("auth", "token"),
    ("auth", "key_value"),
    ("proxy", "password"),
)
"""Editor fields left out of the window state; a file holds only ``{{variable}}`` references there."""


def put_spec(tab: RequestTab, spec: RequestSpec) -> None:
    """Show `spec` in the tab's editor, secret fields included."""
    state = spec_state(spec)
    state["tab"] = tab.editor.currentIndex()
    tab.form.restore(state)
    put_secrets(
        tab, {f"{part}.{name}": getattr(getattr(spec, part), name) for part, name in SECRET_WIDGETS}
    )


def put_secrets(tab: RequestTab, values: dict[str, str]) -> None:
    """Fill the password, token and key fields (``auth.password``: value)."""
    for part, name in SECRET_WIDGETS:
        value = values.get(f"{part}.{name}")
        if value is not None:
            getattr(getattr(tab.editor, part), name).setText(value)


def secret_texts(tab: RequestTab) -> dict[str, str]:
    """What the password, token and key fields hold now."""
    return {f"{p}.{n}": getattr(getattr(tab.editor, p), n).text() for p, n in SECRET_WIDGETS}


def spec_state(spec: RequestSpec) -> dict[str, Any]:
    """The form state (as `RequestForm.restore` takes it) that shows `spec`."""
    url = spec.url
    url_pairs = url_query.parse_query(url_query.split_url(url)[1])
    enabled = [(p.name, p.value) for p in spec.params if p.enabled]
    if enabled:
        url = url_query.url_with_query(url, url_pairs + enabled)
    rows = [Field(name, value) for name, value in url_pairs] + list(spec.params)
    return {
        "method": spec.method,
        "url": url,
        "params": [list(r) for r in rows],
        "headers": [list(h) for h in spec.headers],
        "body": _body_state(spec.body),
        "auth": {
            k: v
            for k, v in spec.auth._asdict().items()
            if k not in ("password", "token", "key_value")
        },
        "proxy": {
            "mode": spec.proxy.mode,
            "url": spec.proxy.url,
            "https_url": spec.proxy.https_url,
            "username": spec.proxy.username,
            "no_proxy": ", ".join(spec.proxy.no_proxy),
        },
        "options": _options_state(spec.options),
    }


def _body_state(body: Body) -> dict[str, Any]:
    raw_type = next((k for k, v in RAW_TYPES.items() if v and v == body.content_type), "Other")
    is_raw = body.kind == "raw"
    return {
        "kind": body.kind,
        "form": [list(f) for f in body.fields],
        "parts": [list(p) for p in body.parts],
        "text": body.text,
        "raw_type": raw_type if is_raw else "JSON",
        "raw_other": body.content_type if is_raw and raw_type == "Other" else "",
        "file": body.path,
        "file_type": body.content_type if body.kind == "file" else "",
    }


def _options_state(options: Options) -> dict[str, Any]:
    def number(value: float | None) -> str:
        return "" if value is None else f"{value:g}"

    return {
        "timeout": number(options.timeout),
        "total_timeout": number(options.total_timeout),
        "max_redirects": str(options.max_redirects),
        "ca_file": options.tls.ca_file,
        "follow_redirects": options.follow_redirects,
        "verify": options.tls.verify,
        "cookies": options.cookies,
        "decode": options.decode,
        "headers_as_typed": options.headers_as_typed,
    }


def edited_spec(tab: RequestTab, original: RequestSpec | None) -> RequestSpec:
    """The tab's request as typed (unchecked: a half-typed value is kept, not lost)."""
    spec = tab.form.draft()
    if original is not None:  # the editor has no field for these: keep what the file says
        tls = spec.options.tls._replace(
            client_cert=original.options.tls.client_cert,
            client_key=original.options.tls.client_key,
        )
        spec = spec.with_options(tls=tls)
    return spec
