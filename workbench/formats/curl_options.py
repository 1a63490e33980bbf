"""curl's options as the importer knows them: which take a value, which it maps, which it skips.

An option missing from these tables stops the import with an error naming it: without knowing
whether it takes a value, the importer could not even tell which following word is the URL.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from workbench.formats.errors import FormatError
from workbench.formats.shell_words import Word

SHORT = {
    "X": "--request", "H": "--header", "d": "--data", "F": "--form", "u": "--user",
    "x": "--proxy", "U": "--proxy-user", "k": "--insecure", "L": "--location",
    "A": "--user-agent", "e": "--referer", "b": "--cookie", "c": "--cookie-jar", "G": "--get",
    "I": "--head", "m": "--max-time", "E": "--cert", "T": "--upload-file", "r": "--range",
    "s": "--silent", "S": "--show-error", "v": "--verbose", "i": "--include", "f": "--fail",
    "o": "--output", "O": "--remote-name", "w": "--write-out", "D": "--dump-header",
    "N": "--no-buffer", "#": "--progress-bar", "g": "--globoff", "q": "--disable",
    "4": "--ipv4", "6": "--ipv6", "j": "--junk-session-cookies", "J": "--remote-header-name",
    "Z": "--parallel", "y": "--speed-time", "Y": "--speed-limit", "K": "--config",
    "n": "--netrc", "C": "--continue-at", "z": "--time-cond", "p": "--proxytunnel",
    "0": "--http1.0", "R": "--remote-time", ":": "--next", "h": "--help", "V": "--version",
}  # fmt: skip

MAPPED_VALUED = frozenset({
    "--request", "--header", "--data", "--data-ascii", "--data-binary", "--data-raw",
    "--data-urlencode", "--json", "--form", "--form-string", "--user", "--proxy",
    "--proxy-user", "--noproxy", "--user-agent", "--referer", "--cookie", "--url",
    "--url-query", "--max-redirs", "--connect-timeout", "--max-time", "--cacert", "--cert",
    "--key", "--cert-type", "--key-type", "--upload-file", "--oauth2-bearer", "--range",
})  # fmt: skip

MAPPED_FLAGS = frozenset({
    "--get", "--head", "--insecure", "--location", "--location-trusted", "--compressed",
    "--raw", "--digest", "--basic", "--anyauth",
})  # fmt: skip

IGNORED_FLAGS = frozenset({
    "--silent", "--show-error", "--verbose", "--include", "--fail", "--fail-with-body",
    "--fail-early", "--progress-bar", "--no-progress-meter", "--no-buffer", "--globoff",
    "--disable", "--remote-name", "--remote-name-all", "--remote-header-name", "--create-dirs",
    "--styled-output", "--junk-session-cookies", "--parallel", "--parallel-immediate",
    "--http1.1", "--http1.0", "--http2", "--http2-prior-knowledge", "--http3", "--http3-only",
    "--ipv4", "--ipv6", "--tcp-nodelay", "--tcp-fastopen", "--no-keepalive", "--no-sessionid",
    "--no-alpn", "--no-npn", "--path-as-is", "--tr-encoding", "--ssl", "--ssl-reqd",
    "--ssl-no-revoke", "--ssl-revoke-best-effort", "--tlsv1", "--tlsv1.0", "--tlsv1.1",
    "--tlsv1.2", "--tlsv1.3", "--proxy-insecure", "--proxytunnel", "--retry-connrefused",
    "--retry-all-errors", "--remote-time", "--xattr", "--suppress-connect-headers",
    "--trace-time", "--no-clobber", "--remove-on-error", "--ca-native", "--proxy-basic",
    "--false-start", "--show-headers", "--no-progress-bar", "--compressed-ssh",
})  # fmt: skip

IGNORED_VALUED = frozenset({
    "--output", "--write-out", "--cookie-jar", "--dump-header", "--stderr", "--trace",
    "--trace-ascii", "--trace-config", "--retry", "--retry-delay", "--retry-max-time",
    "--limit-rate", "--keepalive-time", "--output-dir", "--speed-time", "--speed-limit",
    "--expect100-timeout", "--happy-eyeballs-timeout-ms", "--parallel-max", "--max-filesize",
    "--rate", "--tls-max", "--ciphers", "--tls13-ciphers", "--curves", "--proxy-cacert",
    "--proxy-capath", "--proxy-cert", "--proxy-key", "--proxy-cert-type", "--alt-svc",
    "--hsts", "--etag-save", "--etag-compare", "--doh-url", "--crlfile", "--pinnedpubkey",
    "--capath",
})  # fmt: skip

UNSUPPORTED = {
    "--ntlm": "NTLM authentication", "--ntlm-wb": "NTLM authentication",
    "--negotiate": "Negotiate (Kerberos) authentication", "--delegation": "Kerberos",
    "--krb": "Kerberos", "--aws-sigv4": "AWS signature authentication",
    "--proxy-ntlm": "proxy authentication other than Basic",
    "--proxy-negotiate": "proxy authentication other than Basic",
    "--proxy-digest": "proxy authentication other than Basic",
    "--proxy-anyauth": "proxy authentication other than Basic",
    "--unix-socket": "Unix sockets", "--abstract-unix-socket": "Unix sockets",
    "--resolve": "sending a host name to another address",
    "--connect-to": "sending a host name to another address",
    "--config": "reading options from a file", "--netrc": "credentials from a .netrc file",
    "--netrc-file": "credentials from a .netrc file",
    "--netrc-optional": "credentials from a .netrc file",
    "--socks4": "SOCKS proxies", "--socks4a": "SOCKS proxies", "--socks5": "SOCKS proxies",
    "--socks5-hostname": "SOCKS proxies", "--preproxy": "SOCKS proxies",
    "--continue-at": "resuming a transfer", "--time-cond": "conditional requests from file dates",
    "--request-target": "a custom request target", "--pass": "client key passphrases",
    "--variable": "curl variables", "--next": "several requests in one command",
    "--interface": "choosing the network interface", "--local-port": "choosing the local port",
    "--proxy-header": "headers sent to the proxy only", "--help": "help output",
    "--version": "version output", "--manual": "manual output",
}  # fmt: skip


class Option(NamedTuple):
    """One option as written: its long name, its value, where it starts and how it was typed."""

    name: str
    value: str
    at: int
    typed: str
    negated: bool = False


Fail = Callable[[str, int], FormatError]


def read_options(words: list[Word], fail: Fail) -> tuple[list[Option], list[Word]]:
    """Options (with values) and positional words (URLs), in order."""
    options: list[Option] = []
    urls: list[Word] = []
    i = 0
    while i < len(words):
        word = words[i]
        i += 1
        text = word.text
        if text.startswith("--"):
            name, sep, inline = text.partition("=")
            option, used = _long(name, inline if sep else None, words, i, word, fail)
            options.append(option)
            i += used
        elif text.startswith("-") and len(text) > 1:
            used = _short_cluster(word, words, i, options, fail)
            i += used
        else:
            urls.append(word)
    return options, urls


def _long(
    name: str, inline: str | None, words: list[Word], i: int, word: Word, fail: Fail
) -> tuple[Option, int]:
    negated = False
    if name.startswith("--no-") and _known("--" + name[5:]) and not _known(name):
        name, negated = "--" + name[5:], True
    _check(name, name, word.start, fail)
    if takes_value(name):
        if inline is not None:
            return Option(name, inline, word.start, name), 0
        return Option(name, _value(words, i, name, word.start, fail), word.start, name), 1
    return Option(name, "", word.start, name, negated), 0


def _short_cluster(word: Word, words: list[Word], i: int, options: list[Option], fail: Fail) -> int:
    """``-sSL``, ``-XPOST``, ``-H 'A: b'``: flags may share a dash; a value ends the cluster."""
    text = word.text
    for k in range(1, len(text)):
        typed = "-" + text[k]
        at = word.start if k == 1 else word.start + k  # the dash, or the letter in a cluster
        name = SHORT.get(text[k])
        if name is None:
            raise fail(f"Unknown curl option {typed} (in {text!r}).", at)
        _check(name, typed, at, fail)
        if takes_value(name):
            rest = text[k + 1 :]
            if rest:
                options.append(Option(name, rest, at, typed))
                return 0
            options.append(Option(name, _value(words, i, typed, at, fail), at, typed))
            return 1
        options.append(Option(name, "", at, typed))
    return 0


def takes_value(name: str) -> bool:
    """True for options followed by a value."""
    return name in MAPPED_VALUED or name in IGNORED_VALUED


def _known(name: str) -> bool:
    return (
        name in MAPPED_VALUED
        or name in MAPPED_FLAGS
        or name in IGNORED_FLAGS
        or (name in IGNORED_VALUED)
    )


def _check(name: str, typed: str, at: int, fail: Fail) -> None:
    if name in UNSUPPORTED:
        raise fail(f"The curl option {typed} ({UNSUPPORTED[name]}) cannot be imported.", at)
    if not _known(name):
        raise fail(
            f"The curl option {typed} is not known to the importer, so it cannot tell what it "
            "would change; remove it and import again.",
            at,
        )


def _value(words: list[Word], i: int, typed: str, at: int, fail: Fail) -> str:
    if i >= len(words):
        raise fail(f"The curl option {typed} needs a value after it.", at)
    return words[i].text
