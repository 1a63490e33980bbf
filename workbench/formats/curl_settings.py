"""The parts of a curl command that are not the URL, headers or body: auth, proxy, TLS, behaviour."""

from __future__ import annotations

import math
import re
from urllib.parse import unquote, urlsplit

from workbench.engine.spec import DEFAULT_TIMEOUT, TLS, Auth, Options, Proxy
from workbench.formats.curl_options import (
    IGNORED_FLAGS,
    IGNORED_VALUED,
    MAPPED_VALUED,
    Fail,
    Option,
)

_UNLIMITED_REDIRECTS = 50
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


class Settings:
    """Options recorded by name (the last one wins, as in curl) and turned into spec parts."""

    def __init__(self, fail: Fail, notes: list[str]) -> None:
        self.fail = fail
        self.notes = notes
        self.values: dict[str, Option] = {}
        self.flags: dict[str, bool] = {}
        self.ignored: list[str] = []
        self.upload: Option | None = None

    def apply(self, option: Option) -> None:
        """Record an option that is not about the URL, headers or body."""
        if option.name == "--upload-file":
            self.upload = option
        elif option.name in IGNORED_FLAGS or option.name in IGNORED_VALUED:
            shown = f"{option.typed} {option.value}" if option.value else option.typed
            if shown not in self.ignored:
                self.ignored.append(shown)
        elif option.name in MAPPED_VALUED:
            self.values[option.name] = option
        else:
            self.flags[option.name] = not option.negated

    def ignored_note(self) -> None:
        """Say which options were skipped because they only change curl's output."""
        if self.ignored:
            self.notes.append(
                "Ignored (they change only curl's output): " + ", ".join(self.ignored)
            )

    def auth(self) -> Auth:
        """-u with --basic/--digest/--anyauth, or --oauth2-bearer."""
        user = self.values.get("--user")
        bearer = self.values.get("--oauth2-bearer")
        kinds = [k for k in ("--digest", "--anyauth", "--basic") if self.flags.get(k)]
        if user is None:
            if kinds:
                self.notes.append(f"{kinds[0]} was ignored: no -u user:password was given.")
            return Auth(kind="bearer", token=bearer.value) if bearer else Auth()
        if bearer is not None:
            self.notes.append("Both -u and --oauth2-bearer were given; -u was imported.")
        username, colon, password = user.value.partition(":")
        if not colon:
            self.notes.append("-u has no password (curl would ask for one); enter it under Auth.")
        if kinds and kinds[0] == "--digest":
            return Auth(kind="digest", username=username, password=password)
        if kinds and kinds[0] == "--anyauth":
            self.notes.append("--anyauth: Basic is sent once the server asks for it (401).")
            return Auth(kind="basic", username=username, password=password)
        return Auth(kind="basic", username=username, password=password, preemptive=True)

    def proxy(self) -> Proxy:
        """-x, -U and --noproxy."""
        proxy = self.values.get("--proxy")
        noproxy = self.values.get("--noproxy")
        hosts = tuple(h.strip() for h in noproxy.value.split(",") if h.strip()) if noproxy else ()
        if (proxy is not None and not proxy.value.strip()) or hosts == ("*",):
            return Proxy(mode="direct")
        if proxy is None:
            if hosts:
                self.notes.append("--noproxy was ignored: it only applies to a proxy set with -x.")
            return Proxy()
        return self._manual(proxy, hosts)

    def _manual(self, proxy: Option, hosts: tuple[str, ...]) -> Proxy:
        text = proxy.value.strip()
        if "://" not in text:
            text = "http://" + text  # curl's default proxy scheme
        parts = urlsplit(text)
        scheme = parts.scheme.lower()
        if scheme.startswith("socks"):
            raise self.fail(
                "SOCKS proxies cannot be used: urllib speaks to http:// proxies.", proxy.at
            )
        if scheme != "http":
            raise self.fail(
                f"{scheme}:// proxies cannot be used: urllib reaches proxies over http:// "
                "(https sites still go through them, tunnelled with CONNECT).",
                proxy.at,
            )
        userinfo, _, hostport = parts.netloc.rpartition("@")
        username, _, password = userinfo.partition(":")
        username, password = unquote(username), unquote(password)
        credentials = self.values.get("--proxy-user")
        if credentials is not None:
            username, _, password = credentials.value.partition(":")
        return Proxy(
            mode="manual",
            url=f"http://{hostport}",
            username=username,
            password=password,
            no_proxy=hosts,
        )

    def options(self) -> Options:
        """Redirects, timeouts, decoding and TLS."""
        follow = self.flags.get("--location", False) or self.flags.get("--location-trusted", False)
        if self.flags.get("--location-trusted"):
            self.notes.append(
                "--location-trusted: Workbench still drops credentials when a redirect leaves the host."
            )
        max_redirects = Options().max_redirects
        redirs = self.values.get("--max-redirs")
        if redirs is not None:
            max_redirects = int(self._number(redirs, whole=True))
            if max_redirects < 0:
                self.notes.append(
                    f"--max-redirs -1 (no limit) became a limit of {_UNLIMITED_REDIRECTS}."
                )
                max_redirects = _UNLIMITED_REDIRECTS
        return Options(
            timeout=self._seconds("--connect-timeout", DEFAULT_TIMEOUT),
            total_timeout=self._seconds("--max-time", None),
            follow_redirects=follow,
            max_redirects=max_redirects,
            decode=self.flags.get("--compressed", False) and not self.flags.get("--raw", False),
            tls=self._tls(),
        )

    def _tls(self) -> TLS:
        for name in ("--cert-type", "--key-type"):
            kind = self.values.get(name)
            if kind is not None and kind.value.upper() != "PEM":
                raise self.fail(
                    f"{kind.typed} {kind.value}: only PEM files can be imported.", kind.at
                )
        cert = self.values.get("--cert")
        if cert is not None and ":" in _DRIVE.sub("", cert.value):
            raise self.fail(
                "A client certificate with a passphrase (-E file:password) cannot be imported.",
                cert.at,
            )
        ca, key = self.values.get("--cacert"), self.values.get("--key")
        return TLS(
            verify=not self.flags.get("--insecure", False),
            ca_file=ca.value if ca else "",
            client_cert=cert.value if cert else "",
            client_key=key.value if key else "",
        )

    def _seconds(self, name: str, absent: float | None) -> float | None:
        option = self.values.get(name)
        if option is None:
            return absent
        seconds = self._number(option, whole=False)
        if seconds < 0:
            raise self.fail(f"{option.typed} needs a number of seconds of 0 or more.", option.at)
        return None if seconds == 0 else seconds  # 0: no limit of our own, as in curl

    def _number(self, option: Option, *, whole: bool) -> float:
        try:
            value = int(option.value) if whole else float(option.value)
        except ValueError:
            kind = "a whole number" if whole else "a number of seconds"
            raise self.fail(
                f"{option.typed} needs {kind}, not {option.value!r}.", option.at
            ) from None
        if not math.isfinite(value):
            raise self.fail(
                f"{option.typed} needs a finite number, not {option.value!r}.", option.at
            )
        return value
