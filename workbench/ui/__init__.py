"""The window (PySide6): every Qt widget and the workers that keep the engine off the GUI thread."""

from workbench.ui import pyside_checks

pyside_checks.install()  # before the window's modules are imported: see pyside_checks
