"""The playground's HTML: the index that documents every endpoint, the 404 page and error pages.

Pages load nothing remote and run no script (DESIGN section 6): the window may render them.
"""

from __future__ import annotations

from html import escape
from http import HTTPStatus

_STYLE = """
body { font-family: sans-serif; margin: 2em auto; max-width: 60em; padding: 0 1em; color: #222; }
code { background: #f3f3f3; padding: 0 .25em; }
table { border-collapse: collapse; width: 100%; }
td, th { text-align: left; vertical-align: top; padding: .35em .6em; border-bottom: 1px solid #ddd; }
th { background: #fafafa; }
.methods { color: #666; font-size: 90%; white-space: nowrap; }
"""


def page(title: str, body: str) -> str:
    """A complete HTML document with the shared style."""
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>\n"
        f"<body>\n{body}\n</body></html>\n"
    )


def endpoint_table(endpoints: list[dict[str, object]]) -> str:
    """The table of endpoints: pattern (linked to its example), methods, what it does."""
    rows = []
    for item in endpoints:
        path = escape(str(item["path"]))
        example = str(item["example"] or "")
        cell = (
            f"<a href='{escape(example)}'><code>{path}</code></a>"
            if example
            else f"<code>{path}</code>"
        )
        methods = escape(", ".join(str(m) for m in item["methods"]))  # type: ignore[attr-defined]
        rows.append(
            f"<tr><td>{cell}</td><td class='methods'>{methods}</td>"
            f"<td>{escape(str(item['summary']))}</td></tr>"
        )
    head = "<tr><th>Endpoint</th><th>Methods</th><th>What it does</th></tr>"
    return f"<table>\n{head}\n" + "\n".join(rows) + "\n</table>"


def index(endpoints: list[dict[str, object]], base_url: str) -> str:
    """The home page: what the playground is and every endpoint."""
    body = (
        "<h1>Workbench playground</h1>\n"
        f"<p>A local HTTP server for trying requests, running at <code>{escape(base_url)}</code>. "
        "It listens on 127.0.0.1 only and never contacts another host. "
        "Links below open an example of each endpoint; "
        "the same list is available as <a href='/endpoints.json'>/endpoints.json</a>.</p>\n"
        f"{endpoint_table(endpoints)}\n"
        "<p>Limits: sizes up to 1 GiB for <code>/bytes</code>, 10 MiB for <code>/drip</code>; "
        "delays and durations up to 30 seconds; request bodies up to 64 MiB.</p>"
    )
    return page("Workbench playground", body)


def not_found(path: str, endpoints: list[dict[str, object]]) -> str:
    """404: what was asked for and what exists."""
    body = (
        "<h1>404 Not Found</h1>\n"
        f"<p>The playground has no endpoint at <code>{escape(path)}</code>. "
        "These are the ones it has (<a href='/'>home</a>):</p>\n"
        f"{endpoint_table(endpoints)}"
    )
    return page("404 Not Found", body)


def error_page(status: int, message: str) -> str:
    """A short page for a 4xx or 5xx answer."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:
        phrase = "Error" if status >= 400 else "Status"
    title = f"{status} {phrase}"
    body = f"<h1>{escape(title)}</h1>\n<p>{escape(message, quote=False)}</p>\n<p><a href='/'>All endpoints</a></p>"
    return page(title, body)
