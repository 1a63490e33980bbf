"""PySide6 6.12.0 lost a reference to None on each void call and to True on each emit, which aborts
Python 3.11 (not 3.12+, where they are immortal). This fails loudly if a release brings it back."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot


class _Emitter(QObject):
    fired = Signal(bool)


def test_void_calls_and_emits_keep_none_and_true_alive(qtbot: QtBot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    emitter = _Emitter()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(2000):
        label.setText("x")
        emitter.fired.emit(True)
    # Other code may add references meanwhile; the bug removed ~2000 of each.
    assert sys.getrefcount(None) - none_before > -100
    assert sys.getrefcount(True) - true_before > -100
