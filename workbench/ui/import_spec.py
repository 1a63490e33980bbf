"""Put a whole `RequestSpec` (pasted curl, a history entry, an import) into a request tab.

The tab's editor keeps enabled query parameters in the URL and only disabled ones in the Params
table's extra rows, so enabled ``spec.params`` are written into the URL here, as the engine would
append them. Secret fields (passwords, tokens) are set on their widgets directly: the tab's saved
state never holds them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from workbench.engine.spec import Body, Options, RequestSpec
from workbench.ui import url_query
from workbench.ui.body_editor import RAW_TYPES

if TYPE_CHECKING:
    from workbench.ui.request_tab import RequestTab


def full_url(spec: RequestSpec) -> str:
    """The URL with the enabled parameters of `spec.params` appended to its own query."""
    pairs = [(p.name, p.value) for p in spec.params if p.enabled]
    if not pairs:
        return spec.url
    base, query, fragment = url_query.split_url(spec.url)
    extra = url_query.encode_query(pairs)
    return f"{base}?{query}&{extra}{fragment}" if query else f"{base}?{extra}{fragment}"


def spec_state(
    spec: RequestSpec, editor_tab: int = 0, auth_profile: str = "", proxy_profile: str = ""
) -> dict[str, Any]:
    """The tab state (as `RequestForm.restore` takes it) that shows `spec`, secrets aside.

    The profiles are the saved auth and proxy profiles to use ('' for the spec's own settings).
    """
    auth = {k: v for k, v in spec.auth._asdict().items() if k not in _AUTH_SECRETS}
    url = full_url(spec)
    disabled = [p for p in spec.params if not p.enabled]
    pairs = url_query.parse_query(url_query.split_url(url)[1])
    return {
        "method": spec.method,
        "url": url,
        "params": [list(row) for row in url_query.merge_rows(disabled, pairs)],
        "headers": [list(row) for row in spec.headers],
        "body": _body_state(spec.body),
        "auth": auth | {"profile": auth_profile},
        "proxy": {
            "mode": spec.proxy.mode,
            "url": spec.proxy.url,
            "https_url": spec.proxy.https_url,
            "username": spec.proxy.username,
            "no_proxy": ", ".join(spec.proxy.no_proxy),
            "profile": proxy_profile,
        },
        "options": _options_state(spec.options),
        "tab": editor_tab,
    }


_AUTH_SECRETS = ("password", "token", "key_value")


def _body_state(body: Body) -> dict[str, Any]:
    raw_type, raw_other = "JSON", ""
    if body.kind == "raw":
        names = {value: name for name, value in RAW_TYPES.items() if value}
        raw_type = names.get(body.content_type, "Other")
        raw_other = "" if raw_type != "Other" else body.content_type
    return {
        "kind": body.kind,
        "form": [list(row) for row in body.fields],
        "parts": [list(part) for part in body.parts],
        "text": body.text,
        "raw_type": raw_type,
        "raw_other": raw_other,
        "file": body.path,
        "file_type": body.content_type if body.kind == "file" else "",
    }


def _options_state(options: Options) -> dict[str, Any]:
    return {
        "timeout": _seconds(options.timeout),
        "total_timeout": _seconds(options.total_timeout),
        "max_redirects": str(options.max_redirects),
        "ca_file": options.tls.ca_file,
        "verify": options.tls.verify,
        "follow_redirects": options.follow_redirects,
        "cookies": options.cookies,
        "decode": options.decode,
        "headers_as_typed": options.headers_as_typed,
    }


def _seconds(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def load_spec(
    tab: RequestTab, spec: RequestSpec, auth_profile: str = "", proxy_profile: str = ""
) -> list[str]:
    """Show `spec` in `tab` (everything typed there is replaced); returns what could not be shown."""
    state = spec_state(spec, tab.editor.currentIndex(), auth_profile, proxy_profile)
    tab.form.restore(state)
    auth, proxy = tab.editor.auth, tab.editor.proxy
    auth.password.setText(spec.auth.password)
    auth.token.setText(spec.auth.token)
    auth.key_value.setText(spec.auth.key_value)
    proxy.password.setText(spec.proxy.password)
    tls = spec.options.tls
    left_out = []
    if tls.client_cert or tls.client_key:
        left_out.append("the client certificate (the Options tab has no field for it yet)")
    return left_out
