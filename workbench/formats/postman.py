"""Postman Collection v2.1 files: import (`parse_postman`) and export (`to_postman`).

Folders become folder paths; requests keep their method, URL, query rows, headers (disabled ones
too), body in every mode (GraphQL as its JSON body), description and redirect/TLS/cookie settings.
Collection and folder variables become collection variables (a folder value that disagrees with an
earlier one is noted and the first kept). v2.0 files are read too: the layout is the same, only
auth parameters are written as objects instead of lists.

Auth is never imported silently: each distinct auth setting becomes a suggested profile name on the
requests that use it (``Imported basic (Shop API)``), and a note tells the user which profile to
create. Passwords, tokens and key values are dropped unless they are ``{{variable}}``
references; secret variables lose their values the same way. Scripts are never imported.
Unknown fields are ignored; a known field of the wrong type is an error naming its JSON path.
"""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

from workbench.engine.spec import AUTH_KINDS, Auth, RequestSpec
from workbench.formats import postman_request as pr
from workbench.formats.common import only_references, settle_content_type
from workbench.formats.errors import FormatError
from workbench.formats.model import CollectionData, CollectionItem, SavedRequest, Variable
from workbench.formats.postman_export import SCHEMA_V21, to_postman

__all__ = ["SCHEMA_V21", "parse_postman", "to_postman"]

_AUTH_FIELDS = {
    "basic": {"username": "username", "password": "password"},
    "digest": {"username": "username", "password": "password", "realm": "realm"},
    "bearer": {"token": "token"},
    "apikey": {"key": "key_name", "value": "key_value", "in": "key_in"},
}
_SECRET_FIELDS = {"password": "password", "token": "token", "key_value": "key value"}
_SCHEMA_VERSION = re.compile(r"/collection/v(\d+)\.(\d+)")


class _AuthSetting(NamedTuple):
    kind: str
    values: tuple[tuple[str, str], ...]


_INHERIT = _AuthSetting("inherit", ())
_NONE = _AuthSetting("none", ())


def parse_postman(text: str) -> CollectionData:
    """A Postman v2.1 (or v2.0) collection; FormatError says what is wrong and where."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(
            f"This is not valid JSON: {exc.msg}.", where=f"line {exc.lineno}, column {exc.colno}"
        ) from None
    _check_version(data)
    info = pr.obj(data.get("info"), "info")
    reader = _Reader(pr.text(info.get("name"), "info.name") or "Imported collection")
    reader.variables(data.get("variable"), "variable")
    reader.events(data.get("event"))
    reader.items(data.get("item"), (), reader.auth_setting(data.get("auth"), "auth", _NONE), "item")
    return CollectionData(
        name=reader.name,
        items=tuple(reader.found),
        variables=tuple(reader.vars.values()),
        description=pr.description(info.get("description"), "info.description"),
        notes=tuple(reader.final_notes()),
    )


def _check_version(data: Any) -> None:
    if not isinstance(data, dict):
        raise FormatError("A Postman collection is a JSON object; this file holds something else.")
    info = data.get("info")
    if isinstance(info, dict) and "schema" in info:
        schema = str(info["schema"])
        match = _SCHEMA_VERSION.search(schema)
        if match is None:
            raise FormatError(
                f"{schema!r} is not a Postman collection schema.", where="info.schema"
            )
        version = f"{match.group(1)}.{match.group(2)}"
        if version not in ("2.1", "2.0"):
            raise FormatError(
                f"This is a Postman Collection v{version} file; Workbench reads v2.1 (and v2.0). "
                "Export the collection from Postman as Collection v2.1.",
                where="info.schema",
            )
        return
    if "requests" in data and ("order" in data or "folders" in data):
        raise FormatError(
            "This is a Postman Collection v1 file; Workbench reads v2.1 (and v2.0). Import it "
            "into Postman, then export it as Collection v2.1."
        )
    if "values" in data and "_postman_variable_scope" in data:
        raise FormatError("This is a Postman environment, not a collection.")
    raise FormatError("This is not a Postman collection: it has no info.schema.", where="info")


class _Reader:
    """Walks the item tree, carrying inherited auth; collects variables, profiles and notes."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.found: list[CollectionItem] = []
        self.vars: dict[str, Variable] = {}
        self.notes: list[str] = []
        self.profiles: dict[_AuthSetting, str] = {}
        self.profile_uses: dict[str, int] = {}
        self.profile_notes: dict[str, str] = {}
        self.scripts = 0

    def items(self, raw: Any, folder: tuple[str, ...], auth: _AuthSetting, where: str) -> None:
        """Requests and folders, depth first, in file order."""
        for k, entry in enumerate(pr.array(raw, where)):
            here = f"{where}[{k}]"
            item = pr.obj(entry, here)
            name = pr.text(item.get("name"), here + ".name").strip() or "Untitled"
            self.events(item.get("event"))
            self.variables(item.get("variable"), here + ".variable")
            if "item" in item and "request" not in item:
                if item.get("description"):
                    self.notes.append("Folder descriptions were not imported (folders hold none).")
                inherited = self.auth_setting(item.get("auth"), here + ".auth", auth)
                self.items(item.get("item"), (*folder, name), inherited, here + ".item")
            else:
                if item.get("response"):
                    self.notes.append("Saved example responses were not imported.")
                self.found.append(CollectionItem(folder, self._request(item, name, auth, here)))

    def _request(
        self, item: dict[str, Any], name: str, auth: _AuthSetting, here: str
    ) -> SavedRequest:
        raw = item.get("request")
        request = {"url": raw} if isinstance(raw, str) else pr.obj(raw, here + ".request")
        where = here + ".request"
        url, params = pr.url(request.get("url"), where + ".url", self.notes)
        headers = pr.headers(request.get("header"), where + ".header")
        body = pr.body(request.get("body"), where + ".body", self.notes)
        headers, body = settle_content_type(headers, body, self.notes)
        setting = self.auth_setting(request.get("auth"), where + ".auth", auth)
        spec_auth, profile = self._profile(setting)
        spec = RequestSpec(
            url=url,
            method=pr.text(request.get("method"), where + ".method").strip() or "GET",
            params=params,
            headers=headers,
            body=body,
            auth=spec_auth,
            options=pr.behaviour(
                item.get("protocolProfileBehavior"), here + ".protocolProfileBehavior"
            ),
        )
        text = pr.description(request.get("description"), where + ".description")
        text = text or pr.description(item.get("description"), here + ".description")
        return SavedRequest(name=name, spec=spec, description=text, auth_profile=profile)

    def auth_setting(self, raw: Any, where: str, inherited: _AuthSetting) -> _AuthSetting:
        """The auth an ``auth`` field sets (or the inherited one when it says nothing)."""
        if raw is None:
            return inherited
        found = pr.obj(raw, where)
        kind = pr.text(found.get("type"), where + ".type")
        if kind in ("", "inherit"):
            return inherited
        if kind == "noauth":
            return _NONE
        params = found.get(kind)
        values: dict[str, str] = {}
        if isinstance(params, list):  # v2.1: [{key, value, type}]
            for k, entry in enumerate(params):
                row = pr.obj(entry, f"{where}.{kind}[{k}]")
                values[pr.text(row.get("key"), f"{where}.{kind}[{k}].key")] = pr.text(
                    row.get("value"), f"{where}.{kind}[{k}].value"
                )
        elif isinstance(params, dict):  # v2.0: {key: value}
            values = {key: pr.text(value, f"{where}.{kind}.{key}") for key, value in params.items()}
        return _AuthSetting(kind, tuple(sorted(values.items())))

    def _profile(self, setting: _AuthSetting) -> tuple[Auth, str]:
        if setting.kind == "none":
            return Auth(), ""
        fields = _AUTH_FIELDS.get(setting.kind)
        if fields is None:
            self.notes.append(
                f"Postman's {setting.kind} auth cannot be done by Workbench; those requests were imported without auth."
            )
            return Auth(), ""
        values = dict(setting.values)
        spec_values: dict[str, Any] = {}
        dropped = []
        for postman_key, field in fields.items():
            value = values.get(postman_key, "")
            if field in _SECRET_FIELDS and value and not only_references(value):
                dropped.append(_SECRET_FIELDS[field])
                value = ""
            spec_values[field] = value
        if setting.kind == "apikey":
            spec_values["key_in"] = "query" if spec_values["key_in"] == "query" else "header"
        kind = next(k for k in AUTH_KINDS if k == setting.kind)
        auth = Auth(kind=kind, preemptive=kind == "basic")._replace(**spec_values)
        name = self.profiles.get(setting)
        if name is None:
            count = sum(1 for s in self.profiles if s.kind == setting.kind) + 1
            number = f" {count}" if count > 1 else ""
            name = f"Imported {setting.kind}{number} ({self.name})"
            self.profiles[setting] = name
            self.profile_notes[name] = _profile_note(name, auth, dropped)
        self.profile_uses[name] = self.profile_uses.get(name, 0) + 1
        return auth, name

    def variables(self, raw: Any, where: str) -> None:
        """Collection, folder and request variables, flattened into one list."""
        for k, entry in enumerate(pr.array(raw, where)):
            here = f"{where}[{k}]"
            row = pr.obj(entry, here)
            name = pr.text(row.get("key") or row.get("id"), here + ".key")
            if not name:
                continue
            value = pr.text(row.get("value"), here + ".value")
            secret = row.get("type") == "secret"
            if secret and value and not only_references(value):
                self.notes.append(
                    f"The secret variable {name} was imported without its value; enter it."
                )
                value = ""
            variable = Variable(name, value, secret=secret, enabled=row.get("disabled") is not True)
            kept = self.vars.setdefault(name, variable)
            if kept != variable:
                self.notes.append(
                    f"The variable {name} is set again at {where} with another value; the first "
                    f"value ({kept.value!r}) was kept."
                )

    def events(self, raw: Any) -> None:
        """Count scripts (they are never imported)."""
        for event in raw if isinstance(raw, list) else []:
            script = event.get("script") if isinstance(event, dict) else None
            lines = script.get("exec") if isinstance(script, dict) else None
            if (isinstance(lines, list) and any(str(x).strip() for x in lines)) or (
                isinstance(lines, str) and lines.strip()
            ):
                self.scripts += 1

    def final_notes(self) -> list[str]:
        """Notes, with one per auth profile to create (and how many requests use it)."""
        notes = []
        for name, note in self.profile_notes.items():
            uses = self.profile_uses[name]
            notes.append(f"{note} {uses} request{'s use' if uses != 1 else ' uses'} it.")
        if self.scripts:
            notes.append(
                f"{self.scripts} pre-request or test script(s) were not imported: Workbench does not run scripts."
            )
        return notes + list(dict.fromkeys(self.notes))


def _profile_note(name: str, auth: Auth, dropped: list[str]) -> str:
    details = {
        "basic": f"Basic, user name {auth.username!r}",
        "digest": f"Digest, user name {auth.username!r}"
        + (f", realm {auth.realm!r}" if auth.realm else ""),
        "bearer": "Bearer token" + (f" {auth.token}" if auth.token else ""),
        "apikey": f"API key {auth.key_name!r} in the {auth.key_in}",
    }[auth.kind]
    text = f"Create an auth profile named {name!r} ({details})."
    if dropped:
        text += f" Its {' and '.join(dropped)} {'was' if len(dropped) == 1 else 'were'} not imported: enter it in the profile."
    return text
