"""Killing the app in the middle of saving never leaves a corrupt or missing request file.

A real subprocess saves every request of a collection in a loop and is SIGKILLed at random moments,
several times; after each kill every file must still parse and none may be missing. The bodies are
small on purpose: then the write and its fsync are most of each save, so the kills land inside writes
(a writer that truncates and rewrites in place fails this test nearly every run).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from workbench.engine.spec import Body, RequestSpec
from workbench.formats.model import SavedRequest
from workbench.store.collections import Collection
from workbench.store.folder_settings import FolderSettings

NAMES = [f"Request {n}" for n in range(6)]

SAVER = textwrap.dedent(
    """
    import sys
    from workbench.store.collections import Collection
    from workbench.store.folder_settings import FolderSettings

    coll = Collection.open(sys.argv[1])
    round_ = 0
    while True:
        for rel in coll.requests():
            loaded = coll.load(rel)
            text = ("x" * (2_000 + 7_919 * round_ % 3_000)) + "\\n"
            spec = loaded.saved.spec._replace(body=loaded.saved.spec.body._replace(text=text))
            coll.save(loaded, loaded.saved._replace(spec=spec, description=f"round {round_}"))
        coll.save_settings("", FolderSettings(description=f"round {round_}", order=("Request 5",)))
        if round_ == 0:
            print("saving", flush=True)
        round_ += 1
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_killing_a_save_loop_never_leaves_a_corrupt_or_missing_file(tmp_path: Path) -> None:
    root = tmp_path / "Killed"
    root.mkdir()
    coll = Collection.open(root)
    for name in NAMES:
        coll.add_request(
            "",
            SavedRequest(
                name, RequestSpec("http://127.0.0.1/", "POST", body=Body("raw", text="start"))
            ),
        )
    coll.save_settings("", FolderSettings(description="start"))
    rng = random.Random(20261129)
    rounds_seen = set()
    for _ in range(8):
        proc = subprocess.Popen(
            [sys.executable, "-c", SAVER, str(root)], stdout=subprocess.PIPE, text=True
        )
        assert proc.stdout is not None
        assert proc.stdout.readline() == "saving\n"
        time.sleep(rng.uniform(0.01, 0.4))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(30)
        proc.stdout.close()
        assert proc.returncode == -signal.SIGKILL
        fresh = Collection.open(root, cache=False)
        tree = fresh.tree()
        assert [n.name for n in tree.children] == [
            NAMES[5],
            *NAMES[:5],
        ]  # none missing, order file fine
        for node in tree.children:
            assert node.error == ""
            loaded = fresh.load(node.path)  # parses in full
            assert loaded.saved.spec.body.text.endswith(("\n", "start"))
            rounds_seen.add(loaded.saved.description)
        assert fresh.settings("").description.startswith(("round", "start"))
    assert len(rounds_seen) > 1  # the kills did land at different moments of the loop
