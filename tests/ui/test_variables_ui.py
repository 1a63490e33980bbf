"""``{{name}}`` at send time and on screen: resolved from globals, collection, environment and the app;
an unresolved one stops the send; folder defaults are inherited; secrets never reach a file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from collection_helpers import all_text, hub_of, open_and_wait, open_request, wait_idle
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QWidget
from pytest_httpserver import HTTPServer
from pytestqt.qtbot import QtBot
from uihelpers import send

from workbench.engine.spec import Field, RequestSpec
from workbench.formats.model import Environment, SavedRequest, Variable
from workbench.store import environments as envs
from workbench.store import paths
from workbench.store.collections import Collection
from workbench.store.folder_settings import FolderSettings
from workbench.store.secrets import SecretStore
from workbench.ui import theme
from workbench.ui.environment_state import Preview
from workbench.ui.main_window import MainWindow
from workbench.ui.variable_marks import UrlMarks, describe
from workbench.ui.variables_ui import field_of


def _collection(tmp_path: Path, url: str, **requests: RequestSpec) -> Path:
    from workbench.store.collections import create_collection

    collection = create_collection("Api", tmp_path)
    envs.save_collection_variables(collection, [Variable("base", url)], SecretStore())
    for name, spec in requests.items():
        collection.add_request("", SavedRequest(name, spec))
    return collection.root


def _headers(server: HTTPServer) -> list[dict[str, str]]:
    return [dict(request.headers) for request, _response in server.log]


def test_variables_are_resolved_in_url_params_headers_and_body(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/items").respond_with_data("ok")
    spec = RequestSpec(
        url="{{base}}/items?page={{page}}",
        method="POST",
        headers=(Field("X-Who", "{{who}}"),),
        body=RequestSpec(url="").body._replace(kind="raw", text='{"n": "{{who}}"}'),
    )
    root = _collection(tmp_path, httpserver.url_for("").rstrip("/"), Items=spec)
    envs.save_globals([Variable("who", "global-me"), Variable("page", "7")], SecretStore())
    open_and_wait(qtbot, window, root)
    open_request(qtbot, window, root, "Items.wbreq.toml")
    exchange = send(qtbot, window.current_tab())
    assert exchange.error is None, exchange.error
    request = httpserver.log[0][0]
    assert request.args["page"] == "7"
    assert request.headers["X-Who"] == "global-me"
    assert request.get_data() == b'{"n": "global-me"}'


def test_an_unresolved_variable_stops_the_send_and_names_it(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, httpserver: HTTPServer
) -> None:
    spec = RequestSpec(url="{{base}}/x", headers=(Field("X-Key", "{{api_key}}"),))
    root = _collection(tmp_path, httpserver.url_for("").rstrip("/"), Keyed=spec)
    open_and_wait(qtbot, window, root)
    open_request(qtbot, window, root, "Keyed.wbreq.toml")
    exchange = send(qtbot, window.current_tab())
    assert exchange.error is not None
    assert exchange.error.kind == "invalid-request"
    assert "{{api_key}}" in exchange.error.message
    assert "header 'X-Key'" in exchange.error.message
    assert exchange.error.field == "header"
    assert len(httpserver.log) == 0
    panel = window.findChild(QWidget, "errorView")
    assert "{{api_key}}" in panel.text()


def test_a_tab_without_a_collection_uses_globals_and_the_apps_own_values(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/g").respond_with_data("ok")
    envs.save_globals(
        [Variable("server", "http://127.0.0.1:9"), Variable("tag", "g")], SecretStore()
    )
    window.runtime_variables["server"] = httpserver.url_for("").rstrip("/")
    tab = window.current_tab()
    tab.editor.headers.model.setData(tab.editor.headers.model.index(0, 1), "X-Tag")
    tab.editor.headers.model.setData(tab.editor.headers.model.index(0, 2), "{{tag}}")
    exchange = send(qtbot, tab, "{{server}}/g")
    assert exchange.error is None, exchange.error
    assert _headers(httpserver)[0]["X-Tag"] == "g"


def test_switching_environment_changes_what_is_sent(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/who").respond_with_data("ok")
    spec = RequestSpec(url="{{base}}/who", headers=(Field("X-Stage", "{{stage}}"),))
    root = _collection(tmp_path, httpserver.url_for("").rstrip("/"), Who=spec)
    collection = Collection.open(root)
    for name in ("staging", "production"):
        envs.save_environment(
            collection, Environment(name, (Variable("stage", name),)), SecretStore()
        )
    open_and_wait(qtbot, window, root)
    open_request(qtbot, window, root, "Who.wbreq.toml")
    bar = window.collections.environment_bar
    qtbot.waitUntil(lambda: bar.combo.findData("staging") >= 0, timeout=10_000)
    bar.choose("staging")
    qtbot.waitUntil(lambda: envs.active_environment(collection) == "staging", timeout=10_000)
    send(qtbot, window.current_tab())
    bar.choose("production")
    qtbot.waitUntil(lambda: envs.active_environment(collection) == "production", timeout=10_000)
    send(qtbot, window.current_tab())
    assert [h["X-Stage"] for h in _headers(httpserver)] == ["staging", "production"]


def test_a_secret_variable_is_sent_but_never_written_to_a_file(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/s").respond_with_data("ok")
    secret = "tok-5ecret-9931"
    spec = RequestSpec(url="{{base}}/s", headers=(Field("Authorization", "Bearer {{token}}"),))
    root = _collection(tmp_path, httpserver.url_for("").rstrip("/"), Secret=spec)
    collection = Collection.open(root)
    env = Environment("dev", (Variable("token", secret, secret=True),))
    envs.save_environment(collection, env, SecretStore())
    envs.set_active_environment(collection, "dev")
    open_and_wait(qtbot, window, root)
    open_request(qtbot, window, root, "Secret.wbreq.toml")
    environments = hub_of(window).environments
    environments.refresh(str(root.resolve()))
    # The environments are read on the pool: send once the window knows "dev" is active.
    qtbot.waitUntil(lambda: environments.active(str(root.resolve())) == "dev", timeout=10_000)
    exchange = send(qtbot, window.current_tab())
    assert exchange.error is None, exchange.error
    assert _headers(httpserver)[0]["Authorization"] == f"Bearer {secret}"
    window.keeper.save_now()
    home = Path(os.environ["WORKBENCH_HOME"])
    assert secret not in all_text(root, home, skip=(paths.secrets_file(),))


def test_secret_variable_values_are_masked_in_the_history(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/s").respond_with_data("ok")
    key, sig = "k3y-5ecret-4417", "s1g-5ecret-0285"
    spec = RequestSpec(url="{{base}}/s?sig={{sig}}", headers=(Field("X-Key", "{{key}}"),))
    root = _collection(tmp_path, httpserver.url_for("").rstrip("/"), Secret=spec)
    collection = Collection.open(root)
    env = Environment("dev", (Variable("key", key, True), Variable("sig", sig, True)))
    envs.save_environment(collection, env, SecretStore())
    envs.set_active_environment(collection, "dev")
    open_and_wait(qtbot, window, root)
    open_request(qtbot, window, root, "Secret.wbreq.toml")
    environments = hub_of(window).environments
    environments.refresh(str(root.resolve()))
    qtbot.waitUntil(lambda: environments.active(str(root.resolve())) == "dev", timeout=10_000)
    service = window.history_ui.service
    with qtbot.waitSignal(service.recorded, timeout=10_000) as recorded:
        exchange = send(qtbot, window.current_tab())
    assert exchange.error is None, exchange.error
    request, _response = httpserver.log[0]
    assert request.headers["X-Key"] == key  # sent for real
    assert request.args["sig"] == sig
    entry = recorded.args[0]
    assert key not in repr(entry)
    assert sig not in repr(entry)
    window.history_ui.close()  # flush the database files before reading them
    home = Path(os.environ["WORKBENCH_HOME"])
    text = all_text(home, skip=(paths.secrets_file(),))
    assert key not in text
    assert sig not in text


def test_a_secret_with_no_value_here_says_how_to_set_it(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, httpserver: HTTPServer
) -> None:
    spec = RequestSpec(url="{{base}}/s", headers=(Field("X-Key", "{{key}}"),))
    root = _collection(tmp_path, httpserver.url_for("").rstrip("/"), Secret=spec)
    collection = Collection.open(root)
    settings = collection.settings("")
    collection.save_settings(
        "", settings._replace(variables=(*settings.variables, Variable("key", "", True)))
    )
    open_and_wait(qtbot, window, root)
    open_request(qtbot, window, root, "Secret.wbreq.toml")
    exchange = send(qtbot, window.current_tab())
    assert exchange.error is not None
    assert "secret variable with no value stored" in exchange.error.message
    assert len(httpserver.log) == 0


def test_folder_defaults_are_inherited_unless_the_request_sets_its_own(
    window: MainWindow, qtbot: QtBot, tmp_path: Path, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/api/users").respond_with_data("ok")
    root = _collection(tmp_path, httpserver.url_for("").rstrip("/"))
    collection = Collection.open(root)
    collection.add_folder("", "Users")
    headers = (Field("X-Team", "core"), Field("Accept", "text/plain"))
    collection.save_settings("Users", FolderSettings(base_url="{{base}}/api", headers=headers))
    own = RequestSpec(url="/users", headers=(Field("Accept", "application/json"),))
    collection.add_request("Users", SavedRequest("List", own))
    open_and_wait(qtbot, window, root)
    open_request(qtbot, window, root, "Users/List.wbreq.toml")
    exchange = send(qtbot, window.current_tab())
    assert exchange.error is None, exchange.error
    sent = _headers(httpserver)[0]
    assert sent["X-Team"] == "core"
    assert sent["Accept"] == "application/json"


def test_the_url_field_accepts_variables_and_still_refuses_a_wrong_url(window: MainWindow) -> None:
    tab = window.current_tab()
    tab.url_bar.url.setText("{{base}}/x")
    assert tab.form.spec().url == "{{base}}/x"
    tab.url_bar.url.setText("no scheme here")
    with pytest.raises(Exception, match=r"space|scheme"):
        tab.form.spec()
    assert tab.url_bar.url_mark.message


def test_hovering_shows_values_masked_secrets_and_missing_ones() -> None:
    preview = Preview({"base": "http://127.0.0.1:8000"}, frozenset({"token"}))
    text = describe("{{base}}/x?t={{token}}&m={{missing}}&again={{base}}", preview, "staging")
    assert text.splitlines() == [
        "{{base}} = http://127.0.0.1:8000",
        "{{token}} = •••••• (secret)",
        "{{missing}} has no value in staging: the send would stop",
    ]
    assert describe("plain", preview, "x") == ""


def test_the_url_field_explains_its_variables_on_hover(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    root = _collection(tmp_path, "http://127.0.0.1:8000", Home=RequestSpec(url="{{base}}/{{nope}}"))
    open_and_wait(qtbot, window, root)
    open_request(qtbot, window, root, "Home.wbreq.toml")
    known = hub_of(window).environments
    qtbot.waitUntil(lambda: "base" in known.get(str(root.resolve())).preview.values, timeout=10_000)
    url = window.current_tab().url_bar.url
    marks = url.findChild(UrlMarks)
    assert marks is not None
    assert "{{base}} = http://127.0.0.1:8000" in marks.tooltip()
    assert "{{nope}} has no value" in marks.tooltip()
    event = QHelpEvent(QEvent.Type.ToolTip, QPoint(5, 5), url.mapToGlobal(QPoint(5, 5)))
    assert marks.eventFilter(url, event)
    wait_idle(qtbot, window)


def test_table_cells_with_variables_explain_them(window: MainWindow, qtbot: QtBot) -> None:
    envs.save_globals([Variable("lang", "fr")], SecretStore())
    known = hub_of(window).environments
    known.refresh("")
    qtbot.waitUntil(lambda: "lang" in known.get("").preview.values, timeout=10_000)
    tab = window.current_tab()
    model = tab.editor.headers.model
    model.setData(model.index(0, 1), "Accept-Language")
    model.setData(model.index(0, 2), "{{lang}}")
    table = tab.editor.headers.table
    table.resize(600, 200)
    index = model.index(0, 2)
    delegate = table.itemDelegate()
    rect = table.visualRect(index)
    event = QHelpEvent(
        QEvent.Type.ToolTip, rect.center(), table.viewport().mapToGlobal(rect.center())
    )
    from PySide6.QtWidgets import QStyleOptionViewItem

    assert delegate.helpEvent(event, table, QStyleOptionViewItem(), index)
    tab.editor.setCurrentIndex(1)
    image = table.viewport().grab(table.visualRect(index)).toImage()  # painted by the delegate
    accent = theme.syntax_color("keyword")
    colours = {
        image.pixelColor(x, y).name() for x in range(image.width()) for y in range(image.height())
    }
    assert accent.name() in colours


@pytest.mark.parametrize(
    ("where", "field"),
    [
        ("URL", "url"),
        ("header 'X-Key'", "header"),
        ("query parameter 'q'", "params"),
        ("form field 'a'", "body"),
        ("bearer token", "auth"),
        ("proxy URL", "proxy"),
        ("CA file", "ca_file"),
        ("somewhere new", ""),
    ],
)
def test_an_unresolved_variable_points_at_its_field(where: str, field: str) -> None:
    assert field_of(where) == field


def test_the_highlighters_pattern_is_the_stores() -> None:
    from workbench.formats.request_file import REFERENCE
    from workbench.ui import variable_marks

    assert variable_marks.REFERENCE.pattern == REFERENCE.pattern


def test_a_proxy_value_filled_in_from_a_variable_is_checked_before_sending(
    window: MainWindow, qtbot: QtBot, httpserver: HTTPServer
) -> None:
    envs.save_globals([Variable("corp_proxy", "proxy.corp:3128")], SecretStore())
    tab = window.current_tab()
    proxy = tab.editor.proxy
    proxy.set_mode("manual")
    proxy.url.setText("{{corp_proxy}}")
    exchange = send(qtbot, tab, httpserver.url_for("/never"))
    assert exchange.error is not None
    assert exchange.error.kind == "invalid-request"
    assert "'{{corp_proxy}}' before its variables are filled in" in exchange.error.message
    assert proxy.mark.message  # shown at the Proxy tab's field
    assert httpserver.log == []
