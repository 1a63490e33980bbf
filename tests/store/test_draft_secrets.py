"""store.draft_secrets: credentials typed into the window's tabs are cut out of its state file."""

from __future__ import annotations

import json
from pathlib import Path

from workbench.store import draft_secrets
from workbench.store.secrets import SecretStore

TAB = {
    "method": "POST",
    "url": "https://alice:URLPASS_7781@api.example.test/get?api_key=QKEY_5521&page=2#top",
    "params": [["sig", "SIG_3390", True], ["page", "2", True]],
    "headers": [
        ["Authorization", "Bearer HDRTOKEN_9911", True],
        ["X-Trace", "abc", True],
        ["X-Api-Key", "{{key}}", True],
    ],
    "body": {
        "kind": "form",
        "form": [["password", "FORMPW_1234", True], ["user", "alice", True]],
        "parts": [
            ["token", "/home/a/token.txt", True, "", "", True],
            ["secret", "PART_777", False],
        ],
    },
    "proxy": {"mode": "manual", "url": "http://pu:PROXYPW_55@127.0.0.1:3128", "https_url": ""},
    "auth": {"kind": "basic", "username": "alice"},
}
SECRETS = ("URLPASS_7781", "QKEY_5521", "SIG_3390", "HDRTOKEN_9911", "FORMPW_1234", "PART_777")


def test_literal_credentials_are_cut_out_and_put_back_exactly() -> None:
    clean, secrets = draft_secrets.split([TAB])
    text = json.dumps(clean)
    for secret in (*SECRETS, "PROXYPW_55"):
        assert secret not in text
    assert sorted(secrets.values()) == sorted((*SECRETS, "PROXYPW_55"))
    assert draft_secrets.has_tokens(clean)
    assert draft_secrets.join(clean, secrets) == [TAB]


def test_what_is_not_a_credential_stays_as_typed() -> None:
    (clean,), _secrets = draft_secrets.split([TAB])
    assert clean["headers"][0][1].startswith("Bearer ")  # the scheme is no secret
    assert clean["headers"][1] == ["X-Trace", "abc", True]
    assert clean["headers"][2] == ["X-Api-Key", "{{key}}", True]  # a reference already
    assert clean["params"][1] == ["page", "2", True]
    assert clean["body"]["form"][1] == ["user", "alice", True]
    assert clean["body"]["parts"][0][1] == "/home/a/token.txt"  # a file part holds a path
    assert clean["url"].startswith("https://alice:")
    assert clean["url"].endswith("&page=2#top")
    assert clean["auth"] == TAB["auth"]


def test_a_missing_secret_comes_back_empty_and_a_clean_tab_has_no_tokens() -> None:
    clean, _secrets = draft_secrets.split([TAB])
    (joined,) = draft_secrets.join(clean, {})
    assert joined["headers"][0][1] == "Bearer "
    assert joined["url"] == "https://alice:@api.example.test/get?api_key=&page=2#top"
    plain = {"url": "http://127.0.0.1:1/x?page=1", "headers": [["Accept", "*/*", True]]}
    assert draft_secrets.split([plain]) == ([plain], {})
    assert not draft_secrets.has_tokens([plain])


def test_kept_in_the_secret_store_and_forgotten_when_none_are_left(tmp_path: Path) -> None:
    store = SecretStore(tmp_path / "secrets.json")
    draft_secrets.keep({"t0.url.0": "URLPASS_7781"}, store)
    assert draft_secrets.fetch(SecretStore(tmp_path / "secrets.json")) == {
        "t0.url.0": "URLPASS_7781"
    }
    draft_secrets.keep({}, store)
    assert draft_secrets.fetch(store) == {}
