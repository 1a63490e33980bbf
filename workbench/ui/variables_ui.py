"""``{{name}}`` at send time: folder defaults and variables applied to the spec on the worker.

`preparer_factory` gives the window's send step. On the GUI thread it notes the tab's collection,
request path, active environment, own profiles and the app's runtime variables; on the worker it fills
in what the request inherits from its folders (headers, base URL, auth and proxy profiles), then
resolves every variable. A variable with no value stops the send with a message naming it and where.
It must run after the step that applies the tab's own profiles, so their fields are resolved too.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from workbench.engine.errors import InvalidRequest

if TYPE_CHECKING:
    from workbench.engine.spec import RequestSpec
    from workbench.formats.model import SavedRequest
    from workbench.ui.collection_hub import CollectionHub
    from workbench.ui.request_tab import RequestTab
    from workbench.ui.send_job import Preparer

FIELDS = (
    ("URL", "url"),
    ("query parameter", "params"),
    ("header", "header"),
    ("form field", "body"),
    ("multipart", "body"),
    ("file name of", "body"),
    ("content type of", "body"),
    ("body", "body"),
    ("auth", "auth"),
    ("bearer", "auth"),
    ("API key", "auth"),
    ("proxy", "proxy"),
    ("HTTPS proxy", "proxy"),
    ("no-proxy", "proxy"),
    ("CA file", "ca_file"),
    ("client", "tls"),
    ("method", "method"),
)
"""Where `UnresolvedVariable.field` points, as the editor's field names."""


def preparer_factory(hub: CollectionHub) -> Callable[[RequestTab], Preparer]:
    """The window's variables step (append it after the profiles step)."""
    return partial(_for_tab, hub)


def _for_tab(hub: CollectionHub, tab: RequestTab) -> Preparer:
    document = tab.document
    root = path = ""
    if document is not None:
        root, path = document.root, document.path
    own = (tab.editor.profile("auth"), tab.editor.profile("proxy"))
    return VariablesStep(
        root=root,
        path=path,
        environment=hub.environments.active(root),
        runtime=dict(hub.window.runtime_variables),
        own_profiles=own,
    )


class VariablesStep:
    """One send's variables step: called on the worker with the spec; afterwards `secrets` holds
    the secret variables' values, which whoever records the send must mask (`SendJob.secrets`),
    and `inherited` the request with its folders' defaults and profile names, variables unresolved
    (what an export names instead of writing secrets)."""

    def __init__(self, **where: Any) -> None:
        self.where = where
        self.secrets: frozenset[str] = frozenset()
        self.inherited: SavedRequest | None = None

    def __call__(self, spec: RequestSpec) -> RequestSpec:
        """Inherit and resolve (see `prepare`)."""
        return prepare(spec, noted=self, **self.where)


def prepare(
    spec: RequestSpec,
    *,
    root: str,
    path: str,
    environment: str | None,
    runtime: Mapping[str, str],
    own_profiles: tuple[str, str],
    noted: VariablesStep | None = None,
) -> RequestSpec:
    """On the worker: inherit folder defaults, then resolve variables (`InvalidRequest` names a missing one).

    The secret values in scope are noted on `noted` before anything can fail."""
    from workbench.formats.model import SavedRequest
    from workbench.store.collection_errors import UnresolvedVariable
    from workbench.store.collections import Collection
    from workbench.store.environments import variables_for
    from workbench.store.errors import StoreError
    from workbench.store.folder_settings import effective
    from workbench.store.profile_check import check_resolved
    from workbench.store.secrets import SecretStore
    from workbench.store.variables import resolve

    try:
        collection = Collection.open(root, cache=False) if root else None
        saved = SavedRequest(
            path.rpartition("/")[2],
            spec,
            auth_profile=own_profiles[0],
            proxy_profile=own_profiles[1],
        )
        if collection is not None and path:
            saved = effective(saved, collection.chain(path))
            spec = _with_inherited_profiles(saved, own_profiles)
        if noted is not None:
            noted.inherited = saved
        scope = variables_for(collection, environment, SecretStore(), runtime)
        if noted is not None:
            noted.secrets = scope.secret_values
    except StoreError as exc:
        raise InvalidRequest("", f"The request's variables could not be read: {exc}") from None
    try:
        resolved = resolve(spec, scope.values)
    except UnresolvedVariable as exc:
        message = str(exc)
        if exc.name in scope.missing_secrets:
            hint = "it is a secret variable with no value stored on this computer; set it in Manage Environments"
            message = str(UnresolvedVariable(exc.name, exc.field, hint))
        raise InvalidRequest(field_of(exc.field), message) from None
    # Scope and no-proxy entries the engine never checks: a bad filled-in value would just never match.
    check_resolved(spec, resolved)
    return resolved


def _with_inherited_profiles(inherited: SavedRequest, own: tuple[str, str]) -> RequestSpec:
    """The spec with the profiles its folders give it applied (the tab's own were applied by the
    step before this one)."""
    auth = inherited.auth_profile if not own[0] else ""
    proxy = inherited.proxy_profile if not own[1] else ""
    spec = inherited.spec
    if auth or proxy:
        from workbench.ui.profile_work import apply

        spec = apply(spec, auth, proxy)
    return spec


def field_of(where: str) -> str:
    """The editor field for an `UnresolvedVariable`'s place (``header 'X-Key'`` -> ``header``)."""
    for prefix, field in FIELDS:
        if where.startswith(prefix):
            return field
    return ""
