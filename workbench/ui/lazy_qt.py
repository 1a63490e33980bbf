"""PySide's ``Qt`` namespace, made when first used instead of when imported.

``from PySide6.QtCore import Qt`` makes PySide build the whole namespace at once: 93 Python enum
classes with about 1,200 members, some 15–20 ms on this machine and as much as the rest of the
window's first frame. Nothing the first frame shows needs it (the tables that do are built right
after), so the modules on that path import it from here::

    if TYPE_CHECKING:
        from PySide6.QtCore import Qt
    else:
        from workbench.ui.lazy_qt import Qt

and use it as usual (``Qt.ItemDataRole.DisplayRole``): the first attribute read builds the real
namespace, and each name read is then kept on this object, so later reads cost what a class
attribute costs. ``tests/ui/test_first_frame.py`` checks in a fresh process that the first frame
leaves the namespace unbuilt.
"""

from __future__ import annotations


class _Namespace:
    """Stands for ``PySide6.QtCore.Qt`` until an attribute is read."""

    def __getattr__(self, name: str) -> object:
        from PySide6.QtCore import Qt

        value = getattr(Qt, name)
        setattr(self, name, value)  # found directly from now on; __getattr__ is not asked again
        return value

    def __repr__(self) -> str:
        return "<PySide6.QtCore.Qt, made on first use>"


Qt = _Namespace()
