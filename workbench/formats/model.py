"""What a collection holds: saved requests with their names, descriptions and expectations.

Shared by the request-file format (collections on disk), the importers (curl, Postman, .http) and
``workbench run``. The spec inside a saved request may hold ``{{variables}}``: they are resolved by the
store just before a send, never written back.
"""

from __future__ import annotations

from typing import NamedTuple

from workbench.engine.exchange import ErrorKind
from workbench.engine.spec import RequestSpec


class SavedRequest(NamedTuple):
    """One request as a person keeps it."""

    name: str
    spec: RequestSpec
    description: str = ""
    """Free text shown beside the request (the tour explains what to look at)."""
    auth_profile: str = ""
    """Name of a saved auth profile; empty means the spec's own (inline) auth."""
    proxy_profile: str = ""
    """Name of a saved proxy profile; empty means the spec's own (inline) proxy."""
    expect_status: tuple[int, ...] = ()
    """Statuses that count as a pass in ``workbench run``; empty means any status below 400."""
    expect_error: ErrorKind | None = None
    """For a step that demonstrates a failure: the error kind that counts as a pass."""


class CollectionItem(NamedTuple):
    """A saved request and the folders it sits in, outermost first."""

    folder: tuple[str, ...]
    request: SavedRequest


class Variable(NamedTuple):
    """A named value for ``{{name}}``; secret ones are kept out of plain files."""

    name: str
    value: str = ""
    secret: bool = False
    enabled: bool = True


class Environment(NamedTuple):
    """A named set of variables (staging, production...)."""

    name: str
    variables: tuple[Variable, ...] = ()


class CollectionData(NamedTuple):
    """A whole collection in memory, as importers produce it and exporters consume it."""

    name: str
    items: tuple[CollectionItem, ...] = ()
    variables: tuple[Variable, ...] = ()
    environments: tuple[Environment, ...] = ()
    description: str = ""
    notes: tuple[str, ...] = ()
    """What an import could not carry over, in words (shown to the user after importing)."""
