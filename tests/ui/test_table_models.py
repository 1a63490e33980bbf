"""The table models, without widgets (plus qtmodeltester), and the row table's keyboard and drop behaviour."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, QMimeData, QModelIndex, QPoint, QPointF, Qt
from PySide6.QtGui import QDropEvent
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from workbench.engine.spec import Field, Part
from workbench.ui.auto_headers import AddedHeader
from workbench.ui.headers_tab import AddedHeadersModel
from workbench.ui.headers_view import ResponseHeadersModel
from workbench.ui.row_table import RowTable
from workbench.ui.table_models import field_model, header_problem, part_model

CHECK = Qt.ItemDataRole.CheckStateRole


def test_field_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = field_model("Add…", header_problem)
    model.set_rows([Field("Accept", "*/*"), Field("Bad Name", "x", False), Field("", "")])
    qtmodeltester.check(model, force_py=True)


def test_part_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = part_model()
    model.set_rows(
        [Part("a", "1"), Part("file", "/tmp/x.bin", is_file=True, content_type="image/png")]
    )
    qtmodeltester.check(model, force_py=True)


def test_read_only_models_pass_the_model_tester(qtmodeltester: ModelTester) -> None:
    headers = ResponseHeadersModel()
    headers.set_headers([("Set-Cookie", "a=1"), ("Set-Cookie", "b=2"), ("X", "y")])
    qtmodeltester.check(headers, force_py=True)
    added = AddedHeadersModel()
    added.set_rows(
        [
            AddedHeader("Host", "h", "from the URL"),
            AddedHeader("Connection", "close", "why", False, False),
        ]
    )
    qtmodeltester.check(added, force_py=True)


def test_typing_into_the_last_row_adds_a_row() -> None:
    model = field_model("Add a parameter…")
    edits: list[int] = []
    model.edited.connect(lambda: edits.append(1))  # GUI-thread model signal
    assert model.rowCount() == 1
    assert model.index(0, 1).data() == "Add a parameter…"
    assert model.index(0, 1).data(Qt.ItemDataRole.EditRole) == ""
    assert not model.setData(model.index(0, 1), "")  # empty text adds nothing
    assert model.setData(model.index(0, 2), "value first")
    assert model.rows() == [Field("", "value first")]
    assert model.rowCount() == 2
    assert edits == [1]
    assert not model.flags(model.index(1, 0)) & Qt.ItemFlag.ItemIsUserCheckable


def test_check_state_and_disabled_rows_are_greyed() -> None:
    model = field_model("Add…")
    model.set_rows([Field("a", "1")])
    assert model.index(0, 0).data(CHECK) == Qt.CheckState.Checked
    assert model.setData(model.index(0, 0), Qt.CheckState.Unchecked.value, CHECK)
    assert model.rows() == [Field("a", "1", False)]
    assert model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert not model.setData(model.index(0, 0), True)  # a check cell takes CheckStateRole only


def test_validation_shows_in_tooltip_and_colour() -> None:
    model = field_model("Add…", header_problem)
    model.set_rows([Field("X Y", "v"), Field("Ok", "fine")])
    assert "contains a space" in model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole)
    assert model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert model.index(0, 2).data(Qt.ItemDataRole.ForegroundRole) is None
    assert model.index(1, 1).data(Qt.ItemDataRole.ToolTipRole) == "Ok"


@pytest.mark.parametrize(
    ("source", "count", "dest", "expected"),
    [
        (0, 1, 3, "bca"),
        (2, 1, 0, "cab"),
        (0, 2, 3, "cab"),
        (1, 1, 1, None),  # onto itself
        (1, 1, 2, None),  # right after itself
        (0, 1, 5, None),  # past the end
    ],
)
def test_move_rows(source: int, count: int, dest: int, expected: str | None) -> None:
    model = field_model("Add…")
    model.set_rows([Field(n) for n in "abc"])
    moved = model.moveRows(QModelIndex(), source, count, QModelIndex(), dest)
    assert moved is (expected is not None)
    assert "".join(r.name for r in model.rows()) == (expected or "abc")


def test_remove_rows_keeps_the_empty_last_row() -> None:
    model = field_model("Add…")
    model.set_rows([Field(n) for n in "abc"])
    assert model.removeRows(0, 2)
    assert not model.removeRows(1, 1)  # the empty last row cannot go
    assert model.rows() == [Field("c")]
    assert model.rowCount() == 2


def _table(qtbot: QtBot, names: str) -> RowTable:
    model = field_model("Add…")
    model.set_rows([Field(n, n.upper()) for n in names])
    table = RowTable(model, "testTable")
    qtbot.addWidget(table)
    table.resize(400, 300)
    table.show()
    return table


def test_delete_key_removes_selected_rows(qtbot: QtBot) -> None:
    table = _table(qtbot, "abcd")
    flags = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
    for row in (1, 3):  # not selectRow: it follows whatever modifier keys the app thinks are down
        table.selectionModel().select(table.model().index(row, 1), flags)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert [r.name for r in table.table_model().rows()] == ["a", "c"]


def test_alt_arrows_move_the_current_row(qtbot: QtBot) -> None:
    table = _table(qtbot, "abc")
    table.setCurrentIndex(table.model().index(0, 1))
    qtbot.keyClick(table, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert [r.name for r in table.table_model().rows()] == ["b", "a", "c"]
    assert table.currentIndex().row() == 1
    qtbot.keyClick(table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(table, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)  # already at the top
    assert [r.name for r in table.table_model().rows()] == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("rows", "target", "expected"),
    [
        ([0], 3, "bcad"),
        ([0], 4, "bcda"),
        ([3], 0, "dabc"),
        ([0, 2], 4, "bdac"),
        ([1, 3], 0, "bdac"),
        ([1, 2], 2, "abcd"),
    ],
)
def test_move_rows_of_a_drag(qtbot: QtBot, rows: list[int], target: int, expected: str) -> None:
    table = _table(qtbot, "abcd")
    table.move_rows(rows, target)
    assert "".join(r.name for r in table.table_model().rows()) == expected


def test_a_drop_from_the_table_itself_reorders_without_deleting(qtbot: QtBot) -> None:
    table = _table(qtbot, "abc")
    table.selectionModel().select(
        table.model().index(0, 1),
        QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
    )
    last = table.visualRect(table.model().index(2, 1)).center()
    event = QDropEvent(
        QPointF(QPoint(last.x(), last.y() + 4)),
        Qt.DropAction.MoveAction,
        QMimeData(),
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    # A drop whose source is not this table is refused.
    table.dropEvent(event)
    assert not event.isAccepted()
    assert [r.name for r in table.table_model().rows()] == ["a", "b", "c"]
    assert table.drop_row(event) in (2, 3)


def test_a_table_in_a_narrow_pane_fits_its_columns_instead_of_scrolling(qtbot: QtBot) -> None:
    table = RowTable(field_model("Add a parameter..."), "fitTable")
    qtbot.addWidget(table)
    table.resize(280, 200)
    table.show()
    qtbot.waitExposed(table)
    header = table.horizontalHeader()
    assert header.length() <= table.viewport().width()
    assert table.horizontalScrollBar().maximum() == 0
    assert table.columnWidth(1) < 180
    table.resize(900, 200)
    qtbot.waitUntil(lambda: table.columnWidth(1) == 180)  # room again: the name column grows back
    assert header.length() <= table.viewport().width()
