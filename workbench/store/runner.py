"""Running saved requests in order and judging each: what ``workbench run`` (and a "run folder" menu) do.

For each request: read it, fill in its folders' defaults, apply its profiles, resolve its variables,
check the fields whose check waited for them (`check_resolved`), send it, record it, and compare
the outcome with what the file expects: a list of statuses, or an error kind for a step that
demonstrates a failure; without either, any status below 400 passes.
A step that cannot be sent (unreadable file, unresolved variable) fails with a message and the run
goes on. One cookie jar is shared by the whole run, so a login step's session carries over.
"""

from __future__ import annotations

import http.cookiejar
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import NamedTuple

from workbench.engine import send
from workbench.engine.cancel import CancelToken
from workbench.engine.errors import InvalidRequest
from workbench.engine.exchange import Exchange
from workbench.engine.sending import refused
from workbench.engine.spec import RequestSpec
from workbench.formats.model import SavedRequest
from workbench.store.collection_errors import BrokenFile, NotFound, UnresolvedVariable
from workbench.store.collections import Collection
from workbench.store.errors import StoreError
from workbench.store.profile_check import check_resolved
from workbench.store.variables import resolve

ApplyProfiles = Callable[[SavedRequest], RequestSpec]
"""The request's auth and proxy profiles applied to its spec (variables still unresolved)."""
Record = Callable[[SavedRequest, RequestSpec, Exchange], None]
"""Keep a send (history): the request with its defaults, the spec as sent, the exchange (body open)."""


class StepResult(NamedTuple):
    """How one request of a run went."""

    name: str
    path: str
    """Relative path of the request file in the collection."""
    ok: bool
    status: int | None
    """The final response's status; None when no response arrived."""
    error_kind: str | None
    """An engine error kind, ``unexpected-status``, ``unexpected-response``, ``unresolved-variable``,
    ``unreadable`` (the request or its folder settings) or ``not-sent`` (a profile or secret
    missing); None when nothing went wrong."""
    error: str | None
    """What went wrong (or, for a step expecting an error, what happened), in words."""
    time_ms: float


def expectation(saved: SavedRequest) -> str:
    """What counts as a pass for this request, in words."""
    if saved.expect_error:
        return f"the error {saved.expect_error}"
    if saved.expect_status:
        return "status " + " or ".join(str(s) for s in saved.expect_status)
    return "a status below 400"


def judge(saved: SavedRequest, exchange: Exchange) -> tuple[bool, str | None, str | None]:
    """(passed, error kind, message) for an exchange against the request's expectation."""
    if exchange.error is not None:
        kind, message = exchange.error.kind, exchange.error.message
        return saved.expect_error == kind, kind, message
    status = exchange.response.status if exchange.response else None
    if saved.expect_error:
        return False, "unexpected-response", f"got status {status}, expected {expectation(saved)}"
    if saved.expect_status:
        passed = status in saved.expect_status
    else:
        # data: and file: URLs answer without a status: the content arrived, so that passes.
        passed = exchange.response is not None and (status is None or status < 400)
    if passed:
        return True, None, None
    return False, "unexpected-status", f"got status {status}, expected {expectation(saved)}"


def run(
    collection: Collection,
    paths: Iterable[str],
    variables: Mapping[str, str],
    *,
    missing_secrets: frozenset[str] = frozenset(),
    apply_profiles: ApplyProfiles | None = None,
    record: Record | None = None,
    cancel: CancelToken | None = None,
) -> Iterator[StepResult]:
    """Send the requests at `paths` in order, yielding each result as soon as it is known."""
    jar = http.cookiejar.CookieJar()
    for rel in paths:
        if cancel is not None and cancel.cancelled:
            return
        yield _step(
            collection, rel, variables, missing_secrets, apply_profiles, record, jar, cancel
        )


def _step(
    collection: Collection,
    rel: str,
    variables: Mapping[str, str],
    missing_secrets: frozenset[str],
    apply_profiles: ApplyProfiles | None,
    record: Record | None,
    jar: http.cookiejar.CookieJar,
    cancel: CancelToken | None,
) -> StepResult:
    started = time.perf_counter()
    name = rel.rpartition("/")[2].removesuffix(".wbreq.toml")

    def failed(kind: str, message: str) -> StepResult:
        elapsed = (time.perf_counter() - started) * 1000
        return StepResult(name, rel, False, None, kind, message, elapsed)

    try:
        saved = collection.effective(collection.load(rel))
        unresolved = apply_profiles(saved) if apply_profiles else saved.spec
        spec = resolve(unresolved, variables)
    except UnresolvedVariable as exc:
        if exc.name in missing_secrets:
            hint = "it is a secret variable with no value stored on this computer; set it first"
            return failed("unresolved-variable", str(UnresolvedVariable(exc.name, exc.field, hint)))
        return failed("unresolved-variable", str(exc))
    except (BrokenFile, NotFound) as exc:
        return failed("unreadable", str(exc))
    except StoreError as exc:  # a missing profile or secret, a keyring that is locked...
        return failed("not-sent", str(exc))
    try:
        check_resolved(unresolved, spec)  # profile fields whose check waited for their variables
    except InvalidRequest as problem:
        exchange = refused(spec, problem)
    else:
        exchange = send(spec, cookie_jar=jar, cancel=cancel)
    try:
        if record is not None:
            record(saved, spec, exchange)
    finally:
        exchange.body.close()
    ok, kind, message = judge(saved, exchange)
    status = exchange.response.status if exchange.response else None
    return StepResult(name, rel, ok, status, kind, message, exchange.elapsed_ms)
