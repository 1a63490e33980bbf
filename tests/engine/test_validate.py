"""engine.validate.check_auth: what each kind of auth needs, reported against the Auth settings."""

from __future__ import annotations

import pytest

from workbench.engine.errors import InvalidRequest
from workbench.engine.spec import Auth
from workbench.engine.validate import check_auth


@pytest.mark.parametrize(
    ("auth", "words"),
    [
        (Auth(kind="basic"), "Basic authentication needs a user name"),
        (Auth(kind="digest", password="p"), "Digest authentication needs a user name"),
        (Auth(kind="bearer"), "needs a token"),
        (Auth(kind="bearer", token="a\r\nX-Injected: 1"), "carriage return"),
        (Auth(kind="apikey", key_value="v"), "needs the key's name"),
        (Auth(kind="apikey", key_name="X Key", key_in="header"), "contains a space"),
    ],
)
def test_wrong_auth_is_refused_as_the_auth_field(auth: Auth, words: str) -> None:
    with pytest.raises(InvalidRequest) as caught:
        check_auth(auth)
    assert caught.value.field == "auth"
    assert words in caught.value.message


@pytest.mark.parametrize(
    "auth",
    [
        Auth(),
        Auth(kind="basic", username="alice"),
        Auth(kind="bearer", token="abc.def"),
        Auth(kind="apikey", key_name="X-Key", key_value="v"),
        Auth(kind="apikey", key_name="api key", key_in="query"),  # a query name may hold a space
    ],
)
def test_complete_auth_passes(auth: Auth) -> None:
    check_auth(auth)
