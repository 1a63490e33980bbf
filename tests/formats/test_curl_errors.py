"""Malformed and unsupported curl command lines: a clear message naming the place, never a crash."""

from __future__ import annotations

import pytest

from workbench.formats.curl import parse_curl
from workbench.formats.errors import FormatError


def error_of(text: str) -> FormatError:
    with pytest.raises(FormatError) as caught:
        parse_curl(text)
    return caught.value


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("curl https://e.x/ --frobnicate", "column 19", "--frobnicate is not known"),
        ("curl -sZq https://e.x/ -Wz", "column 24", "Unknown curl option -W"),
        ("curl --ntlm -u a:b https://e.x/", "column 6", "NTLM"),
        (
            "curl --unix-socket /var/run/docker.sock http://localhost/info",
            "column 6",
            "Unix sockets",
        ),
        ("curl --resolve e.x:443:127.0.0.1 https://e.x/", "column 6", "another address"),
        ("curl -K opts.txt https://e.x/", "column 6", "reading options from a file"),
        ("curl --socks5 127.0.0.1:1080 https://e.x/", "column 6", "SOCKS"),
        ("curl -x socks5h://127.0.0.1:1080 https://e.x/", "column 6", "SOCKS"),
        ("curl -x https://proxy.e.x:443 https://e.x/", "column 6", "https:// proxies"),
        ("curl -H 'Accept: x' 'https://e.x/", "column 21", "single quote is never closed"),
        ('curl -d "abc https://e.x/', "column 9", "double quote is never closed"),
        ("curl -d $'abc https://e.x/", "column 9", "$'...' quote is never closed"),
        ("curl https://e.x/ -H", "column 19", "-H needs a value"),
        ("curl https://a.x/ https://b.x/", "column 19", "second URL 'https://b.x/'"),
        ("curl -H 'NoColonHere' https://e.x/", "column 6", "needs a colon"),
        ("curl -H ': value' https://e.x/", "column 6", "no valid name"),
        ("curl -H @headers.txt https://e.x/", "column 6", "-H @file"),
        ('curl -H "Authorization: Bearer $(cat token)" https://e.x/', "column 32", "never runs"),
        ('curl -H "X: `whoami`" https://e.x/', "column 13", "never runs"),
        ('curl -H "X: ${TOKEN:-none}" https://e.x/', "column 13", "${TOKEN:-none}"),
        ("curl -F novalue https://e.x/", "column 6", "-F needs name=value"),
        ("curl -F 'f=@-' https://e.x/", "column 6", "standard input"),
        ("curl -F a=1 -d b=2 https://e.x/", "column 6", "cannot be combined"),
        ("curl -F a=1 -G https://e.x/", "column 13", "-G cannot be combined with -F"),
        ("curl -d @body.json -d extra=1 https://e.x/", "column 6", "joins a file"),
        ("curl -d @- https://e.x/", "column 6", "standard input"),
        ("curl --data-urlencode name@file.txt https://e.x/", "column 6", "from a file"),
        ("curl -G -d @q.txt https://e.x/", "column 9", "-G with data read from a file"),
        ("curl -I -d a=1 https://e.x/", "column 6", "-I (HEAD) cannot send data"),
        ("curl -T - https://e.x/", "column 6", "standard input"),
        ("curl -T a.bin -d x https://e.x/", "column 6", "-T (upload a file)"),
        ("curl --max-redirs many -L https://e.x/", "column 6", "needs a whole number, not 'many'"),
        ("curl -m -5 https://e.x/", "column 6", "0 or more"),
        ("curl --connect-timeout nan https://e.x/", "column 6", "finite"),
        ("curl -E cert.pem:hunter2 https://e.x/", "column 6", "passphrase"),
        ("curl --cert-type P12 --cert c.p12 https://e.x/", "column 6", "only PEM"),
        ("wget https://e.x/", "column 1", "not a curl command"),
        ("  http https://e.x/", "column 3", "starts with 'http'"),
    ],
)
def test_bad_command_says_what_and_where(text: str, where: str, words: str) -> None:
    error = error_of(text)
    assert error.where == where
    assert words in error.message


def test_empty_text() -> None:
    assert "empty" in error_of("   \n ").message


def test_no_url() -> None:
    assert error_of("curl -H 'A: b' -sL").message == "The curl command has no URL."


def test_a_forgotten_backslash_points_at_the_next_line() -> None:
    error = error_of("curl https://e.x/ \\\n  -H 'A: b'\n  -d x=1")
    assert error.where == "line 3, column 3"
    assert "does not end with a backslash" in error.message


def test_a_position_on_a_later_line_counts_lines_and_columns() -> None:
    error = error_of("curl \\\n  -H 'A: b' \\\n  --bogus https://e.x/")
    assert error.where == "line 3, column 3"


def test_windows_cmd_unclosed_quote() -> None:
    error = error_of('curl "https://e.x/" ^\n  -H "A: b')
    assert "double quote is never closed" in error.message
    assert error.where == "line 2, column 6"


def test_powershell_subexpression_is_refused() -> None:
    error = error_of('curl.exe `\n  -H "X: $(Get-Secret)" https://e.x/')
    assert "never runs" in error.message
    assert error.where == "line 2, column 10"


def test_format_error_string_starts_with_the_place() -> None:
    assert str(error_of("curl --bogus x")).startswith("column 6: ")
