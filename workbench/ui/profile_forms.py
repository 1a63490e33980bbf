"""The right side of the profiles dialog: one form for auth profiles, one for proxy profiles.

Each form turns what was typed into the store's `Draft` and shows the store's own checks
(`profile_check`) at the fields. Only the fields the chosen kind uses go into the draft, so a value
left on a page of another kind is never saved by mistake.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.engine.spec import Auth, Proxy
from workbench.store.profile_model import (
    AUTH_PROFILE_KINDS,
    KIND_LABELS,
    PROXY_PROFILE_MODES,
    AuthProfile,
    ProxyProfile,
    auth_secret_field,
)
from workbench.ui import theme
from workbench.ui.auth_proxy_tabs import line, secret_line
from workbench.ui.profile_fields import ProfileForm, fit_to_page
from workbench.ui.profile_work import Draft

AUTH_PAGES = {"basic": 0, "digest": 0, "bearer": 1, "apikey": 2}
SECRET_WORDS = {"password": "password", "token": "token", "key_value": "API key value"}


def _combo(parent: QWidget, name: str, accessible: str, keys: tuple[str, ...]) -> QComboBox:
    combo = QComboBox(parent)
    combo.setObjectName(name)
    combo.setAccessibleName(accessible)
    for key in keys:
        combo.addItem(KIND_LABELS[key], key)
    return combo


class AuthProfileForm(ProfileForm):
    """Basic, Digest, Bearer token or API key, with the secret masked behind an eye button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = _combo(self, "profileAuthKindCombo", "Authentication", AUTH_PROFILE_KINDS)
        self.username = line(self, "profileUserEdit", "User name")
        self.password = secret_line(self, "profilePasswordEdit", "Password")
        self.realm = line(self, "profileRealmEdit", "Realm", "any realm")
        self.scope = line(self, "profileScopeEdit", "Applies to", "the server of each request")
        self.scope.setToolTip("A URL (https://api.example.com/v1) or host[:port]")
        self.on_challenge = QRadioButton("Wait for the server's challenge (401), then retry", self)
        self.on_challenge.setObjectName("profileChallengeRadio")
        self.preemptive = QRadioButton("Send with the first request (preemptive)", self)
        self.preemptive.setObjectName("profilePreemptiveRadio")
        self.token = secret_line(self, "profileTokenEdit", "Bearer token")
        self.key_name = line(self, "profileKeyNameEdit", "API key name", "X-Api-Key")
        self.key_value = secret_line(self, "profileKeyValueEdit", "API key value")
        self.key_in = QComboBox(self)
        self.key_in.setObjectName("profileKeyInCombo")
        self.key_in.setAccessibleName("Send the API key in")
        self.key_in.addItem("Header", "header")
        self.key_in.addItem("Query parameter", "query")
        self.pages = QStackedWidget(self)
        self.stored_field = ""
        """Which field the stored secret belongs to (password, token, key_value)."""
        self._build()
        self.kind.currentIndexChanged.connect(self._on_kind_changed)
        self._on_kind_changed(0)

    def _build(self) -> None:
        self.marks.add(self.top, "kind", "Type:", self.kind)
        user_page = QWidget(self)
        form = QFormLayout(user_page)
        form.setContentsMargins(0, 0, 0, 0)
        self.marks.add(form, "username", "User name:", self.username)
        self.marks.add(form, "password", "Password:", self.password)
        self.marks.add(form, "realm", "Realm:", self.realm)
        self.marks.add(form, "scope", "Applies to:", self.scope)
        self.answer = QButtonGroup(self)
        self.answer.addButton(self.on_challenge)
        self.answer.addButton(self.preemptive)
        self.on_challenge.setChecked(True)
        self.answer_rows = QWidget(user_page)
        rows = QVBoxLayout(self.answer_rows)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.addWidget(self.on_challenge)
        rows.addWidget(self.preemptive)
        self.answer_label = QLabel("Credentials:", user_page)
        form.addRow(self.answer_label, self.answer_rows)
        bearer_page = QWidget(self)
        form = QFormLayout(bearer_page)
        form.setContentsMargins(0, 0, 0, 0)
        self.marks.add(form, "token", "Token:", self.token)
        key_page = QWidget(self)
        form = QFormLayout(key_page)
        form.setContentsMargins(0, 0, 0, 0)
        self.marks.add(form, "key_name", "Name:", self.key_name)
        self.marks.add(form, "key_value", "Value:", self.key_value)
        self.marks.add(form, "key_in", "Send in:", self.key_in)
        for page in (user_page, bearer_page, key_page):
            self.pages.addWidget(page)
        self.finish_layout(self.pages)
        for field in ("kind", "username", "password", "realm", "scope", "token", "key_name"):
            self.watch(getattr(self, field), field)
        self.watch(self.key_value, "key_value")
        self.watch(self.key_in, "key_in")
        self.preemptive.toggled.connect(self._on_changed)

    def kind_key(self) -> str:
        """basic, digest, bearer or apikey."""
        return str(self.kind.currentData())

    def secret_edit(self) -> QLineEdit | None:
        """The password, token or key value field of the chosen kind."""
        kind = self.kind_key()
        if kind == "bearer":
            return self.token
        return self.key_value if kind == "apikey" else self.password

    def keeps_secret(self) -> bool:
        """An empty secret field keeps the stored secret, if the kind still uses that field."""
        same = auth_secret_field(self.kind_key()) == self.stored_field
        return same and super().keeps_secret()

    def auth(self) -> Auth:
        """The engine `Auth` with only the fields the chosen kind uses (the secret as typed)."""
        kind: Any = self.kind_key()
        if kind == "bearer":
            return Auth(kind, token=self.token.text().strip())
        if kind == "apikey":
            return Auth(
                kind,
                key_name=self.key_name.text().strip(),
                key_value=self.key_value.text(),
                key_in=self.key_in.currentData(),
            )
        return Auth(
            kind,
            username=self.username.text(),
            password=self.password.text(),
            realm=self.realm.text().strip(),
            scope=self.scope.text().strip(),
            preemptive=kind == "basic" and self.preemptive.isChecked(),
        )

    def draft(self, replacing: str | None) -> Draft:
        """What to hand the store."""
        keep = replacing is not None and self.keeps_secret()
        return Draft("auth", self.name.text(), self.auth(), self.tls.tls(), replacing, keep)

    def show_profile(self, profile: AuthProfile | None, name: str, status: str = "") -> None:
        """Fill the form from `profile` (or empty, named `name`, for a new one); secrets stay empty."""
        auth = profile.auth if profile is not None else Auth("basic")
        self.name.setText(name)
        self.kind.setCurrentIndex(max(self.kind.findData(auth.kind), 0))
        for field in ("username", "realm", "scope", "key_name"):
            getattr(self, field).setText(getattr(auth, field))
        for edit in (self.password, self.token, self.key_value):
            edit.clear()
        self.key_in.setCurrentIndex(max(self.key_in.findData(auth.key_in), 0))
        (self.preemptive if auth.preemptive else self.on_challenge).setChecked(True)
        self.tls.set_tls(profile.tls if profile is not None else None)
        self.stored_field = profile.secret_field if profile is not None else ""
        self.set_secret_status(status, SECRET_WORDS.get(self.stored_field, "secret"))
        self._placeholders()
        self.touched.clear()
        self.marks.clear()

    def _placeholders(self) -> None:
        keep = "leave empty to keep the stored one"
        keeps = self.has_secret and auth_secret_field(self.kind_key()) == self.stored_field
        for edit in (self.password, self.token, self.key_value):
            edit.setPlaceholderText(keep if keeps and edit is self.secret_edit() else "")
        self.secret_note.setVisible(keeps)

    @Slot(int)
    def _on_kind_changed(self, _index: int) -> None:
        kind = self.kind_key()
        self.pages.setCurrentIndex(AUTH_PAGES[kind])
        fit_to_page(self.pages)
        for widget in (self.answer_label, self.answer_rows):
            widget.setVisible(kind == "basic")
        self._placeholders()


class ProxyProfileForm(ProfileForm):
    """System (shows what the environment says), Direct, or Manual with its own no-proxy list."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = _combo(self, "profileProxyModeCombo", "Proxy", PROXY_PROFILE_MODES)
        self.url = line(self, "profileProxyUrlEdit", "Proxy URL", "http://proxy.example:3128")
        self.url.setToolTip("The proxy for every scheme, http://host:port")
        self.https_url = line(self, "profileProxyHttpsEdit", "Proxy for https", "same as above")
        self.username = line(self, "profileProxyUserEdit", "Proxy user name", "none")
        self.password = secret_line(self, "profileProxyPasswordEdit", "Proxy password")
        self.no_proxy = line(
            self, "profileNoProxyEdit", "No proxy for", "localhost, .internal.example, *"
        )
        self.no_proxy.setToolTip("Hosts, .domains, host:port or * reached directly, by commas")
        self.system = QLabel(self)
        self.system.setObjectName("profileSystemProxyLabel")
        self.system.setWordWrap(True)
        self.system.setTextFormat(Qt.TextFormat.RichText)
        self.pages = QStackedWidget(self)
        self._build()
        self.mode.currentIndexChanged.connect(self._on_mode_changed)
        self.set_system(("", "", ""))
        self._on_mode_changed(0)

    def _build(self) -> None:
        self.marks.add(self.top, "mode", "Mode:", self.mode)
        direct = QLabel("Requests go straight to the server, whatever the environment says.", self)
        direct.setWordWrap(True)
        theme.set_role(direct, "hint")
        manual = QWidget(self)
        form = QFormLayout(manual)
        form.setContentsMargins(0, 0, 0, 0)
        self.marks.add(form, "url", "Proxy URL:", self.url)
        self.marks.add(form, "https_url", "For https:", self.https_url)
        self.marks.add(form, "username", "User name:", self.username)
        self.marks.add(form, "password", "Password:", self.password)
        self.marks.add(form, "no_proxy", "No proxy for:", self.no_proxy)
        for page in (self.system, direct, manual):
            self.pages.addWidget(page)
        self.finish_layout(self.pages)
        for field in ("mode", "url", "https_url", "username", "password", "no_proxy"):
            self.watch(getattr(self, field), field)

    def mode_key(self) -> str:
        """system, direct or manual."""
        return str(self.mode.currentData())

    def secret_edit(self) -> QLineEdit | None:
        """The proxy password (manual proxies only)."""
        return self.password if self.mode_key() == "manual" else None

    def proxy(self) -> Proxy:
        """The engine `Proxy`; only a manual one carries URLs, user and list."""
        mode: Any = self.mode_key()
        if mode != "manual":
            return Proxy(mode)
        entries = tuple(e.strip() for e in self.no_proxy.text().split(","))
        return Proxy(
            mode,
            url=self.url.text().strip(),
            https_url=self.https_url.text().strip(),
            username=self.username.text(),
            password=self.password.text(),
            no_proxy=entries if self.no_proxy.text().strip() else (),
        )

    def draft(self, replacing: str | None) -> Draft:
        """What to hand the store."""
        keep = replacing is not None and self.keeps_secret()
        return Draft("proxy", self.name.text(), self.proxy(), self.tls.tls(), replacing, keep)

    def show_profile(self, profile: ProxyProfile | None, name: str, status: str = "") -> None:
        """Fill the form from `profile` (or empty, named `name`, for a new one)."""
        proxy = profile.proxy if profile is not None else Proxy("manual")
        self.name.setText(name)
        self.mode.setCurrentIndex(max(self.mode.findData(proxy.mode), 0))
        self.url.setText(proxy.url)
        self.https_url.setText(proxy.https_url)
        self.username.setText(proxy.username)
        self.password.clear()
        self.no_proxy.setText(", ".join(proxy.no_proxy))
        self.tls.set_tls(profile.tls if profile is not None else None)
        self.set_secret_status(status, "proxy password")
        self.password.setPlaceholderText(
            "leave empty to keep the stored one" if self.has_secret else ""
        )
        self.touched.clear()
        self.marks.clear()

    def set_system(self, found: tuple[str, str, str]) -> None:
        """Show what a System profile uses now: the environment's proxy variables (passwords
        masked: a screen share or a screenshot of this dialog must not give them away)."""
        if any(found):  # the checks module loads the engine's opener: only when needed
            from workbench.store.profile_check import masked_proxy_url

            found = (masked_proxy_url(found[0]), masked_proxy_url(found[1]), found[2])
        rows = "".join(
            f"<tr><td>{name}</td><td><code>{escape(value) or '(not set)'}</code></td></tr>"
            for name, value in zip(("http_proxy", "https_proxy", "no_proxy"), found, strict=True)
        )
        self.system.setText(
            "Uses the proxy settings of the environment Workbench runs in. Detected now:"
            f"<table cellspacing=4>{rows}</table>"
        )

    @Slot(int)
    def _on_mode_changed(self, _index: int) -> None:
        self.pages.setCurrentIndex(PROXY_PROFILE_MODES.index(self.mode_key()))
        fit_to_page(self.pages)
        self.secret_note.setVisible(self.has_secret and self.mode_key() == "manual")
