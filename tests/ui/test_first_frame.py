"""The first frame is painted before the parts that can wait are built (checked in a fresh process).

The start-up budget rests on it: building PySide's ``Qt`` namespace alone costs about as much as the
rest of the first frame (see `workbench.ui.lazy_qt`), and the window's features and table views come
right after. A module on the first frame's path that imports ``Qt`` from PySide, or a call that makes
PySide build it (a positional parent where an overload takes a ``Qt`` enum), fails this test.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import sys
import PySide6.QtCore as core
from workbench.ui import startup
startup.FALLBACK_MS = 120_000  # only the first paint lets the waiting work start
from workbench.app import application, create_window
app = application()
window = create_window()
window.show()
app.processEvents()
tab = window.current_tab()
first = {
    "painted": window.first_frame.was_painted,
    "qt_namespace": "Qt" in vars(core),
    "features": window.features_built,
    "params_table": tab.editor.is_built("params"),
    "response": tab.is_response_built(),
    "menu_entries": len(window.menus["File"].actions()),
    "built_tabs": sum(type(window.tabs.widget(i)).__name__ == "RequestTab"
                      for i in range(window.tabs.count())),
    "tabs": window.tabs.count(),
    "json": "json" in sys.modules,
    "engine_modules": sorted(m for m in sys.modules if m.startswith("workbench.engine.")),
}
window.first_frame.run()
app.processEvents()
after = {
    "features": window.features_built,
    "params_table": tab.editor.is_built("params"),
    "response": tab.is_response_built(),
    "sidebar_waiting": window.sidebar.waiting(),
    "menu_entries": len(window.menus["File"].actions()),
    "built_tabs": sum(type(window.tabs.widget(i)).__name__ == "RequestTab"
                      for i in range(window.tabs.count())),
}
import json
print(json.dumps({"first": first, "after": after}))
"""


def probe(home: Path) -> dict[str, dict[str, object]]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", WORKBENCH_HOME=str(home))
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, dict[str, object]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


SAVE_THREE_TABS = """
from workbench.app import application, create_window
app = application()
window = create_window()
for n in range(3):
    tab = window.current_tab() if n == 0 else window.add_tab()
    tab.url_bar.url.setText(f"http://127.0.0.1:9/items/{n}?page=2")
window.close()
"""


@pytest.fixture(scope="module")
def first_start(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    return probe(tmp_path_factory.mktemp("home"))


@pytest.fixture(scope="module")
def restoring(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, object]]:
    home = tmp_path_factory.mktemp("saved")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", WORKBENCH_HOME=str(home))
    subprocess.run([sys.executable, "-c", SAVE_THREE_TABS], env=env, check=True, timeout=120)
    return probe(home)


def test_restoring_tabs_keeps_the_first_frame_light(
    restoring: dict[str, dict[str, object]],
) -> None:
    """The shown tab is built; the others wait as titles and are built right after."""
    first, after = restoring["first"], restoring["after"]
    assert first["painted"] is True
    assert first["qt_namespace"] is False
    assert (first["tabs"], first["built_tabs"]) == (3, 1)
    assert after["built_tabs"] == 3


def test_the_first_frame_is_painted_without_the_qt_namespace(
    first_start: dict[str, dict[str, object]],
) -> None:
    first = first_start["first"]
    assert first["painted"] is True
    assert first["qt_namespace"] is False


def test_what_can_wait_is_built_right_after_the_first_frame(
    first_start: dict[str, dict[str, object]],
) -> None:
    first, after = first_start["first"], first_start["after"]
    assert (first["features"], first["params_table"], first["response"]) == (False, False, False)
    assert (after["features"], after["params_table"], after["response"]) == (True, True, True)
    assert after["sidebar_waiting"] is False
    assert first["menu_entries"] == 0  # the titles only: the actions come right after
    assert after["menu_entries"] > 0


def test_a_first_start_reads_no_json(first_start: dict[str, dict[str, object]]) -> None:
    """There is no window state to read yet."""
    assert first_start["first"]["json"] is False


def test_the_first_frame_leaves_the_sending_machinery_for_later(
    first_start: dict[str, dict[str, object]],
) -> None:
    """The request's data model and checks only: exchanges and bodies come with the first send."""
    assert first_start["first"]["engine_modules"] == [
        "workbench.engine.errors",
        "workbench.engine.spec",
        "workbench.engine.validate",
    ]
