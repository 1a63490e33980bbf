"""``workbench run`` of requests that use {{playground}}: without it, the message says how to get it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from workbench.cli import main
from workbench.engine.spec import Field, Proxy, RequestSpec
from workbench.formats.model import SavedRequest
from workbench.playground import Playground
from workbench.store.collections import Collection


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err, stdin=io.StringIO())
    return code, out.getvalue(), err.getvalue()


def collection(tmp_path: Path, spec: RequestSpec) -> Path:
    root = tmp_path / "Tour"
    root.mkdir()
    Collection.open(root).add_request("", SavedRequest("Step", spec))
    return root / "Step.wbreq.toml"


@pytest.mark.parametrize(
    ("spec", "name", "where", "address"),
    [
        (RequestSpec("{{playground}}/get"), "playground", "URL", "server"),
        (
            RequestSpec("http://127.0.0.1:9/", proxy=Proxy("manual", url="{{playground_proxy}}")),
            "playground_proxy",
            "proxy URL",
            "proxy",
        ),
    ],
)
def test_a_playground_variable_without_a_value_says_to_start_the_playground(
    tmp_path: Path, spec: RequestSpec, name: str, where: str, address: str
) -> None:
    code, out, _ = run("run", str(collection(tmp_path, spec)), "--format", "json")
    assert code == 1
    [result] = json.loads(out)["results"]
    assert result["error_kind"] == "unresolved-variable"
    assert result["error"] == (
        f"The variable {{{{{name}}}}} used in the {where} has no value: it is set only while "
        "the playground runs; start it with Help → Playground → Start in the window, or on the "
        f"command line run `workbench playground` and pass --var {name}=URL with the {address} "
        "address it prints"
    )


def test_other_variables_keep_the_usual_advice(tmp_path: Path) -> None:
    spec = RequestSpec("http://127.0.0.1:9/", headers=(Field("X-Where", "{{playgrounds}}"),))
    code, out, _ = run("run", str(collection(tmp_path, spec)), "--format", "json")
    assert code == 1
    [result] = json.loads(out)["results"]
    assert result["error"].endswith("has no value: define it in the environment or the collection")


def test_the_advice_works(tmp_path: Path) -> None:
    """What the message says to do: start `workbench playground`, pass its address with --var."""
    step = collection(tmp_path, RequestSpec("{{playground}}/get?from=run"))
    with Playground() as playground:
        code, out, err = run("run", str(step), "--var", f"playground={playground.url}")
        assert code == 0, out + err
        assert [(r.method, r.path) for r in playground.requests] == [("GET", "/get?from=run")]
