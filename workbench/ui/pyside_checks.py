"""A quicker answer to the question PySide asks of every module imported after it.

PySide 6 (since PYSIDE-2029) decides for each newly imported module whether it "uses PySide", for its
``__feature__`` switching, by reading the module's whole source through `inspect.getsource` (linecache,
tokenize) and looking for the word ``PySide6``. That is about 0.12 ms a module, some 6 ms of the
window's start (48 modules): a tenth of all the window adds to a bare PySide start, spent before its
first frame. `install` answers the same question from the source file's bytes; a module that is not a
plain ``.py`` file (built in, compiled, from a zip or a bundle) is left to PySide's own check.

This replaces a private function of PySide's support package. When a PySide no longer has it,
`install` changes nothing and says so (a test checks that it is in effect on the PySide we pin).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

HOOK_MODULE = "shibokensupport.feature"
HOOK = "_mod_uses_pyside"


def install() -> bool:
    """Put the quicker check in place (once); False when this PySide has no such check to replace."""
    import PySide6.QtCore  # noqa: F401  (PySide's support package comes with it)

    feature = sys.modules.get(HOOK_MODULE)
    original = getattr(feature, HOOK, None)
    if not callable(original):
        return False
    if not isinstance(original, QuickerCheck):
        setattr(feature, HOOK, QuickerCheck(original))
    return True


class QuickerCheck:
    """Whether a module's source names ``PySide6``, read as bytes; PySide's `original` check for
    modules that are not plain source files."""

    def __init__(self, original: Callable[[ModuleType], bool]) -> None:
        self.original = original

    def __call__(self, module: ModuleType) -> bool:
        """PySide's question about `module`."""
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return self.original(module)
