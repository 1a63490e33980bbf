"""What can go wrong with collections, environments and variables: `StoreError`s that name the place."""

from __future__ import annotations

from pathlib import Path

from workbench.store.errors import StoreError


class InvalidName(StoreError):
    """A name that cannot be a file name on every system; the message says why."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


class DuplicateName(StoreError):
    """The folder already holds something with this name (compared case-insensitively)."""

    def __init__(self, name: str, folder: Path) -> None:
        super().__init__(f"{folder} already holds {name!r}; choose another name.")
        self.name = name
        self.folder = folder


class NotFound(StoreError):
    """A file or folder that vanished (moved or deleted outside Workbench)."""

    def __init__(self, path: Path, what: str = "file") -> None:
        super().__init__(
            f"The {what} {path} no longer exists (moved or deleted outside Workbench?)."
        )
        self.path = path


class BrokenFile(StoreError):
    """A file that cannot be read; it is shown with this message and never overwritten or deleted."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message


class Conflict(StoreError):
    """The file changed on disk since it was loaded: reload it, or save again with ``force``."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            f"{path} was changed outside Workbench since it was opened; "
            "reload it to see the change, or save again to overwrite it."
        )
        self.path = path


class Unwritable(StoreError):
    """The file system refused a write (read-only folder, disk full...); nothing was changed."""

    def __init__(self, path: Path, error: OSError) -> None:
        reason = error.strerror or str(error)
        super().__init__(f"Cannot write {path}: {reason}. Nothing was changed.")
        self.path = path


UNDEFINED_HINT = "define it in the environment or the collection"
"""What to do about a variable defined nowhere (`workbench.store.variables` says it)."""

PLAYGROUND_HINTS = {
    name: (
        "it is set only while the playground runs; start it with Help → Playground → Start in "
        f"the window, or on the command line run `workbench playground` and pass --var {name}=URL "
        f"with the {what} address it prints"
    )
    for name, what in (("playground", "server"), ("playground_proxy", "proxy"))
}
"""The variables the window sets while its playground runs: undefined, they mean it is stopped."""


class UnresolvedVariable(StoreError):
    """A ``{{name}}`` with no value: the send stops and says which variable and where."""

    def __init__(self, name: str, field: str, hint: str = "") -> None:
        if hint == UNDEFINED_HINT:
            hint = PLAYGROUND_HINTS.get(name, hint)
        message = f"The variable {{{{{name}}}}} used in the {field} has no value"
        super().__init__(f"{message}: {hint}" if hint else f"{message}.")
        self.name = name
        self.field = field
