"""The quicker "does this module use PySide?" check gives PySide's own answers."""

from __future__ import annotations

import importlib
import sys
from types import ModuleType

import pytest

from workbench.ui import pyside_checks

SAMPLE = (
    "workbench.ui.main_window",  # imports PySide6
    "workbench.ui.lazy_qt",  # names PySide6 only in its text
    "workbench.engine.spec",  # no PySide at all
    "workbench.ui",  # a package: its __init__.py
    "json",  # the standard library
    "_json",  # compiled: no source to read
    "sys",  # built in
)


def installed() -> pyside_checks.QuickerCheck:
    check = getattr(sys.modules[pyside_checks.HOOK_MODULE], pyside_checks.HOOK)
    assert isinstance(check, pyside_checks.QuickerCheck)
    return check


def test_it_is_in_effect_on_the_pyside_we_use() -> None:
    """If this fails, PySide changed its hook: the window starts ~6 ms slower until this is redone."""
    assert pyside_checks.install()
    check = installed()
    assert pyside_checks.install()  # a second install keeps the one wrapper
    assert installed() is check
    assert not isinstance(check.original, pyside_checks.QuickerCheck)


@pytest.mark.parametrize("name", SAMPLE)
def test_it_answers_as_pyside_does(name: str) -> None:
    module = importlib.import_module(name)
    check = installed()
    assert check(module) == check.original(module)


def test_the_answers_differ_where_they_should() -> None:
    check = installed()
    assert check(importlib.import_module("workbench.ui.main_window")) is True
    assert check(importlib.import_module("workbench.engine.spec")) is False


def test_a_module_whose_file_is_gone_is_left_to_pyside() -> None:
    check = installed()
    ghost = ModuleType("ghost")
    ghost.__file__ = "/nonexistent/ghost.py"
    assert check(ghost) is False  # PySide's check: no source, so it does not use PySide
