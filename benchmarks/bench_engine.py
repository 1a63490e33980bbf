"""Engine budgets (issue 2), each as a ratio against a bare urllib baseline measured in the same run.

- small GET on loopback, hops and timings recorded: engine / bare build_opener().open().read()  (<= 1.3)
- 200 MiB streamed to a file: peak RSS growth (< 64 MiB) and throughput vs a bare readinto loop (>= 0.8)
- `workbench send` as a whole process vs a bare Python script doing the same urlopen  (<= 1.5)
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from _bytecode import compile_package

HERE = Path(__file__).resolve().parent
BIG_MIB = 200


@contextmanager
def server() -> Iterator[str]:
    """The benchmark server in its own process; yields its base URL."""
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "_server.py")], stdout=subprocess.PIPE, text=True
    )
    try:
        assert proc.stdout is not None
        port = int(proc.stdout.readline())
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(10)


def per_call(func: Callable[[], object], rounds: int, repeat: int) -> float:
    """Median seconds per call over `repeat` batches of `rounds` calls."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(rounds):
            func()
        samples.append((time.perf_counter() - start) / rounds)
    return statistics.median(samples)


def small_get(base: str) -> tuple[float, float]:
    from workbench.engine import RequestSpec, send

    url = base + "/small"
    spec = RequestSpec(url, headers=())

    def bare() -> None:
        with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(
            url, timeout=30
        ) as r:
            r.read()

    def engine() -> None:
        exchange = send(spec)
        assert exchange.ok
        assert len(exchange.hops) == 1
        assert exchange.hops[0].timing.total
        exchange.body.close()

    for func in (bare, engine):  # warm up both
        per_call(func, 20, 1)
    bare_t, engine_t = [], []
    for index in range(15):  # interleave, alternating who goes first, so noise hits both alike
        pair = (bare, engine) if index % 2 == 0 else (engine, bare)
        for func in pair:
            (bare_t if func is bare else engine_t).append(per_call(func, 50, 1))
    return statistics.median(bare_t), statistics.median(engine_t)


STREAM_BARE = """
import resource, sys, time, urllib.request
before = int(open('/proc/self/statm').read().split()[1]) * resource.getpagesize() / 1024
start = time.perf_counter()
buf = memoryview(bytearray(256 * 1024))
with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(sys.argv[1], timeout=60) as r, open(sys.argv[2], 'wb') as out:
    while n := r.readinto(buf):
        out.write(buf[:n])
took = time.perf_counter() - start
print(took, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024)
"""

STREAM_ENGINE = """
import resource, sys, time
from workbench.engine import RequestSpec, send
import workbench.engine.sending  # the lazy imports done before the clock starts, as bare's are
before = int(open('/proc/self/statm').read().split()[1]) * resource.getpagesize() / 1024
start = time.perf_counter()
seen = []
ex = send(RequestSpec(sys.argv[1]), out_path=sys.argv[2], progress=lambda n, t: seen.append(n) if len(seen) < 1 else None)
took = time.perf_counter() - start
assert ex.ok, ex.error
ex.body.close()
print(took, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024)
"""


def stream(base: str, path: str) -> tuple[tuple[float, float], tuple[float, float]]:
    """(seconds, peak RSS growth MiB) for bare and engine, best of three each."""
    url = f"{base}/{path}/{BIG_MIB}"
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        target = os.path.join(folder, "out.bin")
        for name, code in (("bare", STREAM_BARE), ("engine", STREAM_ENGINE)):
            runs = []
            for _ in range(3):
                out = subprocess.run(
                    [sys.executable, "-c", code, url, target],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout.split()
                assert os.path.getsize(target) == BIG_MIB * 1024 * 1024
                runs.append((float(out[0]), float(out[1])))
            results[name] = min(runs)
    return results["bare"], results["engine"]


BARE_SCRIPT = """
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=30) as r:
    sys.stdout.write(r.read().decode())
"""


def whole_process(base: str, *options: str) -> tuple[float, float]:
    """Median seconds of the bare script and of `workbench send [options] URL`, interleaved."""
    url = base + "/small"
    workbench = [sys.executable, "-m", "workbench", "send", *options, url]
    bare = [sys.executable, "-c", BARE_SCRIPT, url]
    env = dict(os.environ, no_proxy="*", WORKBENCH_HOME=tempfile.mkdtemp(prefix="wb-bench-"))

    def timed(cmd: list[str]) -> float:
        start = time.perf_counter()
        subprocess.run(cmd, capture_output=True, check=True, env=env)
        return time.perf_counter() - start

    for cmd in (bare, workbench):
        timed(cmd)
    bare_t, wb_t = [], []
    for _ in range(15):
        bare_t.append(timed(bare))
        wb_t.append(timed(workbench))
    return statistics.median(bare_t), statistics.median(wb_t)


def verdict(ok: bool) -> str:
    return "ok" if ok else "OVER BUDGET"


def main() -> int:
    compile_package()
    failures = 0
    with server() as base:
        bare, engine = small_get(base)
        ratio = engine / bare
        failures += ratio > 1.3
        print(
            f"small GET on loopback      bare {bare * 1e3:6.2f} ms   engine {engine * 1e3:6.2f} ms"
            f"   ratio {ratio:4.2f}  (target <= 1.30)  {verdict(ratio <= 1.3)}"
        )
        for path in ("big", "chunked"):
            (bare_s, bare_mem), (eng_s, eng_mem) = stream(base, path)
            throughput = bare_s / eng_s
            failures += throughput < 0.8 or eng_mem >= 64
            print(
                f"{BIG_MIB} MiB {path:<8} to file   bare {BIG_MIB / bare_s:6.0f} MiB/s"
                f"   engine {BIG_MIB / eng_s:6.0f} MiB/s   throughput ratio {throughput:4.2f}"
                f" (target >= 0.80)  peak RSS growth {eng_mem:5.1f} MiB (bare {bare_mem:4.1f};"
                f" target < 64)  {verdict(throughput >= 0.8 and eng_mem < 64)}"
            )
        # As people run it (the send recorded in the history), and without the history.
        for options, what in (((), "`workbench send`"), (("--no-history",), "  --no-history")):
            bare_p, wb_p = whole_process(base, *options)
            ratio = wb_p / bare_p
            failures += ratio > 1.5
            print(
                f"{what:<26} bare {bare_p * 1e3:6.1f} ms   workbench {wb_p * 1e3:6.1f} ms"
                f"   ratio {ratio:4.2f}  (target <= 1.50)  {verdict(ratio <= 1.5)}"
            )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
