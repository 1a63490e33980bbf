"""Basic, Digest and Bearer through the engine's auth, plain urllib, and hand-made answers."""

from __future__ import annotations

import hashlib
import http.client
import json
import urllib.request
from urllib.request import parse_http_list, parse_keqv_list

import pytest
from pg_helpers import body_json, fetch, response_of, status_of

from workbench.engine import Auth, Body
from workbench.playground import Playground, auth


def test_basic_auth_through_the_engine(playground: Playground) -> None:
    ex = fetch(
        playground.url + "/basic-auth/ada/s3cret",
        auth=Auth(kind="basic", username="ada", password="s3cret"),
    )
    assert body_json(ex) == {"authenticated": True, "user": "ada"}
    assert [r.status for r in playground.requests] == [401, 200]


def test_basic_auth_wrong_password_is_401_with_a_page(playground: Playground) -> None:
    ex = fetch(
        playground.url + "/basic-auth/ada/s3cret",
        auth=Auth(kind="basic", username="ada", password="nope"),
    )
    response = response_of(ex)
    assert response.status == 401
    assert response.header("WWW-Authenticate") == 'Basic realm="playground"'
    assert "credentials are wrong" in (ex.body.text() or "")


def test_basic_auth_without_credentials(playground: Playground) -> None:
    ex = fetch(playground.url + "/basic-auth/ada/s3cret")
    assert status_of(ex) == 401
    assert "needs Basic credentials" in (ex.body.text() or "")


@pytest.mark.parametrize("suffix", ["", "/MD5", "/SHA-256"])
def test_digest_through_the_engine(playground: Playground, suffix: str) -> None:
    url = f"{playground.url}/digest-auth/auth/ada/s3cret{suffix}"
    ex = fetch(url, auth=Auth(kind="digest", username="ada", password="s3cret"))
    assert body_json(ex) == {"authenticated": True, "user": "ada"}
    first = response_of(fetch(url))
    challenge = first.header("WWW-Authenticate") or ""
    assert challenge.startswith('Digest realm="playground", qop="auth", nonce="')
    assert challenge.endswith("algorithm=" + (suffix.strip("/") or "MD5"))


def test_digest_wrong_password_is_refused(playground: Playground) -> None:
    path = "/digest-auth/auth/ada/s3cret"
    ex = fetch(playground.url + path, auth=Auth(kind="digest", username="ada", password="wrong"))
    assert status_of(ex) == 401
    assert [r.status for r in playground.requests] == [401, 401]  # the challenge, then the refusal
    assert ex.response is not None
    assert ex.hops[-1].response is not None
    # The response shown is the server's refusal of the retry, not the first challenge.
    assert ex.response.headers == ex.hops[-1].response.headers
    assert ex.response.headers != ex.hops[0].response.headers  # type: ignore[union-attr]
    assert "rejected the Digest credentials" in ex.hops[-1].notes[-1]
    _, headers, _ = _exchange(playground, "GET", path, b"")
    answer = _digest_answer(headers["WWW-Authenticate"], "GET", path, b"", password="wrong")
    status, _, page = _exchange(playground, "GET", path, b"", answer)
    assert status == 401
    assert b"response hash does not match" in page


def test_digest_with_plain_urllib(playground: Playground) -> None:
    manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
    manager.add_password(None, playground.url, "ada", "s3cret")
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}), urllib.request.HTTPDigestAuthHandler(manager)
    )
    with opener.open(playground.url + "/digest-auth/auth/ada/s3cret?x=1", timeout=10) as response:
        assert json.loads(response.read()) == {"authenticated": True, "user": "ada"}


def _digest_answer(
    challenge: str, method: str, uri: str, body: bytes, password: str = "s3cret"
) -> str:
    """An Authorization header computed by hand (RFC 7616), for qop auth-int which urllib lacks."""
    fields = parse_keqv_list(parse_http_list(challenge.removeprefix("Digest ")))
    h = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256}[fields["algorithm"]]

    def hd(text: str) -> str:
        return h(text.encode()).hexdigest()

    qop = fields["qop"]
    ha1 = hd(f"ada:{fields['realm']}:{password}")
    ha2 = hd(f"{method}:{uri}" + (f":{h(body).hexdigest()}" if qop == "auth-int" else ""))
    response = hd(f"{ha1}:{fields['nonce']}:00000001:abcdef:{qop}:{ha2}")
    return (
        f'Digest username="ada", realm="{fields["realm"]}", nonce="{fields["nonce"]}", uri="{uri}", '
        f'algorithm={fields["algorithm"]}, qop={qop}, nc=00000001, cnonce="abcdef", response="{response}", '
        f'opaque="{fields["opaque"]}"'
    )


def _exchange(
    playground: Playground, method: str, path: str, body: bytes, authorization: str = ""
) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", playground.port, timeout=10)
    headers = {"Authorization": authorization} if authorization else {}
    conn.request(method, path, body=body or None, headers=headers)
    answer = conn.getresponse()
    result = answer.status, dict(answer.getheaders()), answer.read()
    conn.close()
    return result


@pytest.mark.parametrize("algorithm", ["MD5", "SHA-256"])
def test_digest_auth_int_by_hand(playground: Playground, algorithm: str) -> None:
    path = f"/digest-auth/auth-int/ada/s3cret/{algorithm}"
    status, headers, _ = _exchange(playground, "POST", path, b"payload")
    assert status == 401
    answer = _digest_answer(headers["WWW-Authenticate"], "POST", path, b"payload")
    assert _exchange(playground, "POST", path, b"payload", answer)[0] == 200
    # The body is part of the hash: another body with the same answer is refused.
    assert _exchange(playground, "POST", path, b"tampered", answer)[0] == 401


def test_digest_auth_int_through_the_engine_explains_itself(playground: Playground) -> None:
    ex = fetch(
        playground.url + "/digest-auth/auth-int/ada/s3cret",
        method="POST",
        body=Body(kind="raw", text="x"),
        auth=Auth(kind="digest", username="ada", password="s3cret"),
    )
    assert status_of(ex) == 401
    notes = " ".join(n for hop in ex.hops for n in hop.notes)
    assert "auth-int" in notes


def test_digest_answer_for_another_uri_is_refused(playground: Playground) -> None:
    path = "/digest-auth/auth/ada/s3cret"
    _, headers, _ = _exchange(playground, "GET", path, b"")
    answer = _digest_answer(headers["WWW-Authenticate"], "GET", "/elsewhere", b"")
    status, _, page = _exchange(playground, "GET", path, b"", answer)
    assert status == 401
    assert b"is not the requested one" in page


def test_digest_forged_nonce_is_refused(playground: Playground) -> None:
    path = "/digest-auth/auth/ada/s3cret"
    _, headers, _ = _exchange(playground, "GET", path, b"")
    forged = headers["WWW-Authenticate"].replace('nonce="', 'nonce="0', 1)
    status, _, page = _exchange(
        playground, "GET", path, b"", _digest_answer(forged, "GET", path, b"")
    )
    assert status == 401
    assert b"not one this server issued" in page


def test_digest_expired_nonce_is_stale(
    playground: Playground, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auth, "NONCE_LIFETIME", -1.0)
    path = "/digest-auth/auth/ada/s3cret"
    _, headers, _ = _exchange(playground, "GET", path, b"")
    status, again, _ = _exchange(
        playground, "GET", path, b"", _digest_answer(headers["WWW-Authenticate"], "GET", path, b"")
    )
    assert status == 401
    assert again["WWW-Authenticate"].endswith("stale=true")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/digest-auth/auth-conf/a/b", "qop must be one of auth, auth-int"),
        ("/digest-auth/auth/a/b/SHA-1", "MD5 or SHA-256"),
    ],
)
def test_digest_bad_settings_are_400(playground: Playground, path: str, message: str) -> None:
    ex = fetch(playground.url + path)
    assert status_of(ex) == 400
    assert message in (ex.body.text() or "")


def test_bearer(playground: Playground) -> None:
    ex = fetch(playground.url + "/bearer")
    assert status_of(ex) == 401
    assert (response_of(ex).header("WWW-Authenticate") or "").startswith("Bearer")
    ex = fetch(playground.url + "/bearer", auth=Auth(kind="bearer", token="tok-123"))
    assert body_json(ex) == {"authenticated": True, "token": "tok-123"}
