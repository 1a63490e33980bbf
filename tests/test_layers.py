"""The layers stay apart: the engine, store and formats import no Qt and nothing above them."""

from __future__ import annotations

import subprocess
import sys

import pytest

CHECK = """
import importlib, pkgutil, sys
root = importlib.import_module({module!r})
for info in pkgutil.walk_packages(getattr(root, '__path__', []), root.__name__ + '.'):
    importlib.import_module(info.name)
bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')
             or any(m == f or m.startswith(f + '.') for f in {forbidden!r}))
print(','.join(bad))
"""


@pytest.mark.parametrize(
    ("module", "forbidden"),
    [
        (
            "workbench.engine",
            ("workbench.store", "workbench.formats", "workbench.ui", "workbench.cli"),
        ),
        (
            "workbench.store",
            ("workbench.ui", "workbench.cli", "workbench.playground"),
        ),  # may use formats
        ("workbench.formats", ("workbench.ui", "workbench.cli", "workbench.store")),
        ("workbench.cli.send", ("workbench.ui",)),
    ],
)
def test_layer_imports_nothing_above_it(module: str, forbidden: tuple[str, ...]) -> None:
    code = CHECK.format(module=module, forbidden=forbidden)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"{module} pulled in {result.stdout.strip()}"
