"""``workbench send --out``: a file that cannot be written is a usage error found before anything is sent."""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from workbench.cli import main


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err, stdin=io.StringIO())
    return code, out.getvalue(), err.getvalue()


def _unwritable(tmp_path: Path) -> Path:
    """A file this process may not open for writing (root ignores modes: then a sysfs file)."""
    if os.geteuid() != 0:
        path = tmp_path / "read-only.bin"
        path.write_bytes(b"keep me")
        path.chmod(0o444)
        return path
    notes = Path("/sys/kernel/notes")
    try:
        notes.open("rb+").close()
    except OSError:
        return notes
    pytest.skip("running as root with no file that root may not write")


CASES: dict[str, tuple[Callable[[Path], Path], str]] = {
    "missing folder": (
        lambda tmp: tmp / "no-such-folder" / "body.bin",
        ": {parent} does not exist",
    ),
    "a file as the folder": (
        lambda tmp: _touch(tmp / "plain.txt") / "body.bin",
        ": {parent} is not a folder",
    ),
    "a folder": (lambda tmp: tmp, "names a folder; give a file name"),
    "unwritable file": (_unwritable, "cannot be written: "),
}


def _touch(path: Path) -> Path:
    path.write_text("x", "utf-8")
    return path


@pytest.mark.parametrize("case", CASES)
def test_an_out_file_that_cannot_be_written_stops_before_sending(
    httpserver: HTTPServer, tmp_path: Path, case: str
) -> None:
    make, words = CASES[case]
    target = make(tmp_path)
    before = sorted(tmp_path.rglob("*"))
    httpserver.expect_request("/x").respond_with_data("body")
    code, out, err = run("send", httpserver.url_for("/x"), "--out", str(target))
    assert code == 2, err
    assert httpserver.log == []  # nothing was sent
    assert out == ""
    assert err.startswith(f"workbench: --out {target}")
    assert words.format(parent=target.parent) in err
    assert err.endswith("(nothing was sent)\n")
    assert "Traceback" not in err
    assert sorted(tmp_path.rglob("*")) == before  # the check left no file behind


def test_a_folder_name_that_does_not_exist_yet_is_not_taken_for_a_file(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    target = f"{tmp_path / 'new-folder'}/"
    code, _, err = run("send", httpserver.url_for("/x"), "--out", target)
    assert code == 2
    assert httpserver.log == []
    assert err == f"workbench: --out {target} names a folder; give a file name (nothing was sent)\n"
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_checked_without_being_emptied(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    target = tmp_path / "old.bin"
    target.write_bytes(b"old contents")
    code, _, err = run("send", "http://127.0.0.1:9/", "--out", str(target), "--timeout", "5")
    assert code == 1, err  # the check passed; the send itself was refused
    assert target.read_bytes() == b"old contents"


def test_a_link_to_a_new_file_in_an_existing_folder_is_accepted(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/x").respond_with_data("through the link")
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link.bin"
    link.symlink_to(real / "body.bin")
    code, _, err = run("send", httpserver.url_for("/x"), "--out", str(link))
    assert code == 0, err
    assert (real / "body.bin").read_text("utf-8") == "through the link"


def test_a_folder_removed_while_the_request_is_on_its_way_is_said_in_words(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    folder = tmp_path / "gone"
    folder.mkdir()
    target = folder / "body.bin"

    def remove_then_answer(_request: Request) -> Response:
        shutil.rmtree(folder)
        return Response("too late")

    httpserver.expect_request("/x").respond_with_handler(remove_then_answer)
    code, _, err = run("send", httpserver.url_for("/x"), "--out", str(target), "--no-history")
    assert code == 1
    assert len(httpserver.log) == 1
    assert err == (
        f"workbench: --out {target} cannot be written: No such file or directory; "
        "the response was not saved\n"
    )
