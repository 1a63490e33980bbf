"""Packaging: entry points, one version, desktop files that validate, icons, the wheel, the self-check.

The PyInstaller bundle itself is built and smoke-tested by ``make bundle`` (about 20 s of build on
top of installing PyInstaller), not here.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import struct
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from workbench import version

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
APP_ID = "io.github.workbench.Workbench"
DESKTOP = PACKAGING / f"{APP_ID}.desktop"
METAINFO = PACKAGING / f"{APP_ID}.metainfo.xml"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))


def run(
    *argv: str | Path, env: dict[str, str] | None = None, timeout: float = 90, cwd: Path = ROOT
) -> str:
    """Run a command; its output, or a failure that shows it."""
    result = subprocess.run(
        [str(a) for a in argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        check=False,
        cwd=cwd,
    )
    assert result.returncode == 0, (
        f"{argv[0]} exited {result.returncode}:\n{result.stdout}{result.stderr}"
    )
    return result.stdout + result.stderr


def desktop_entry() -> dict[str, str]:
    """The [Desktop Entry] group of the .desktop file."""
    lines = DESKTOP.read_text("utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if line and not line.startswith("#"))


# --- entry points and the version -------------------------------------------------------------------
def test_the_command_and_the_gui_script_point_at_real_functions() -> None:
    project = PYPROJECT["project"]
    assert project["scripts"] == {"workbench": "workbench.cli:main"}
    assert project["gui-scripts"] == {"workbench-gui": "workbench.cli:gui_main"}
    import workbench.cli

    assert callable(workbench.cli.main)
    assert callable(workbench.cli.gui_main)


def test_the_installed_metadata_has_both_entry_points_and_the_one_version() -> None:
    dist = importlib.metadata.distribution("workbench")
    points = {(p.group, p.name): p.value for p in dist.entry_points}
    assert points[("console_scripts", "workbench")] == "workbench.cli:main"
    assert points[("gui_scripts", "workbench-gui")] == "workbench.cli:gui_main"
    assert version() == PYPROJECT["project"]["version"] == dist.version
    assert "version" not in PYPROJECT["project"].get("dynamic", [])


def test_the_bundle_extra_brings_pyinstaller() -> None:
    extra = PYPROJECT["project"]["optional-dependencies"]["bundle"]
    assert any(req.startswith("pyinstaller") for req in extra)


def test_python_m_workbench_prints_the_version(tmp_path: Path) -> None:
    out = run(sys.executable, "-m", "workbench", "--version", env=_env(tmp_path))
    assert out == f"workbench {version()}\n"


# --- the self-check, as the bundle's smoke test runs it -----------------------------------------------
def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    return {**env, "QT_QPA_PLATFORM": "offscreen", "WORKBENCH_HOME": str(home)}


def test_self_check_in_a_fresh_process_passes_and_writes_nothing(tmp_path: Path) -> None:
    out = run(sys.executable, "-m", "workbench", "--self-check", env=_env(tmp_path))
    assert out.endswith("self-check: ok\n"), out
    written = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert written == []


def test_self_check_goes_direct_whatever_the_system_proxy_says(tmp_path: Path) -> None:
    """A proxy from the environment (nothing listens on port 9) that does not exempt 127.0.0.1."""
    env = {**_env(tmp_path), "http_proxy": "http://127.0.0.1:9", "no_proxy": ""}
    out = run(sys.executable, "-m", "workbench", "--self-check", env=env)
    assert out.endswith("self-check: ok\n"), out


def test_self_check_exits_non_zero_and_says_what_broke(tmp_path: Path) -> None:
    """A copy of the package with a broken tour file and a missing icon, as a bad bundle would be."""
    copy = tmp_path / "site"
    shutil.copytree(
        ROOT / "workbench", copy / "workbench", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(ROOT / "resources", copy / "workbench" / "resources")
    (
        copy / "workbench" / "resources" / "icons" / "hicolor" / "32x32" / "apps" / f"{APP_ID}.png"
    ).unlink()
    broken = copy / "workbench" / "resources" / "tour" / "02 Data" / "1 POST a form.wbreq.toml"
    broken.write_text('schema = "workbench.request/1"\nurl = 3\n', "utf-8")
    env = {**_env(tmp_path / "home"), "PYTHONPATH": str(copy)}
    result = subprocess.run(
        [sys.executable, "-m", "workbench", "--self-check"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=90,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    assert "32x32" in result.stderr
    assert "tour file 02 Data/1 POST a form.wbreq.toml: url: should be text" in result.stderr
    assert "self-check: ok" not in result.stdout
    assert "Traceback" not in result.stderr


# --- desktop integration ------------------------------------------------------------------------------
def test_desktop_entry_uses_the_app_id_and_the_gui_script() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Icon"] == APP_ID
    assert entry["Exec"] in PYPROJECT["project"]["gui-scripts"]
    assert entry["StartupWMClass"] == "Workbench"  # Qt's WM_CLASS: the application name
    from workbench.ui.self_check import APP_ID as checked_id

    assert checked_id == APP_ID
    assert re.search(
        r'APP_ID = "io\.github\.workbench\.Workbench"',
        (ROOT / "workbench" / "app.py").read_text("utf-8"),
    )


@pytest.mark.skipif(
    shutil.which("desktop-file-validate") is None, reason="desktop-file-validate is not installed"
)
def test_desktop_file_validates() -> None:
    out = run("desktop-file-validate", DESKTOP)
    assert out.strip() == ""  # no errors, no warnings, no hints


def test_metainfo_names_the_app_its_launcher_and_this_version() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == APP_ID
    assert root.findtext("launchable") == f"{APP_ID}.desktop"
    assert root.findtext("project_license") == "MIT"
    releases = [r.get("version") for r in root.iter("release")]
    assert releases[0] == PYPROJECT["project"]["version"]  # the newest release comes first
    assert [b.text for b in root.iter("binary")] == ["workbench"]


@pytest.mark.skipif(shutil.which("appstreamcli") is None, reason="appstreamcli is not installed")
def test_metainfo_validates() -> None:
    out = run("appstreamcli", "validate", "--no-net", METAINFO)
    assert "Validation was successful" in out
    assert not re.search(r"^[EW]: ", out, re.MULTILINE), out


# --- icons ----------------------------------------------------------------------------------------------
def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("size", ICON_SIZES)
def test_the_app_icon_is_there_in_every_usual_size(size: int) -> None:
    path = ROOT / "resources" / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
    assert png_size(path) == (size, size)


def test_the_scalable_icon_is_the_svg_source() -> None:
    scalable = ROOT / "resources" / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert scalable.read_bytes() == (ROOT / "resources" / "icons" / "app.svg").read_bytes()


def test_the_windows_icon_holds_sizes_up_to_256() -> None:
    data = (PACKAGING / "workbench.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1)
    sides = [data[6 + 16 * i] or 256 for i in range(count)]
    assert sides == [16, 24, 32, 48, 64, 128, 256]


# --- the bundle recipe ----------------------------------------------------------------------------------
def test_the_spec_keeps_every_qt_module_the_app_imports() -> None:
    spec = (PACKAGING / "workbench.spec").read_text("utf-8")
    excluded = set(re.findall(r"\bQt\w+", spec.split("UNUSED_QT = [", 1)[1].split("]", 1)[0]))
    used = set()
    for path in (ROOT / "workbench").rglob("*.py"):
        used |= set(re.findall(r"PySide6\.(Qt\w+)", path.read_text("utf-8")))
    assert used, "no Qt imports found: the pattern is wrong"
    assert used.isdisjoint(excluded), used & excluded


def test_make_has_bundle_and_bundle_test_targets() -> None:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert re.search(r"^bundle: ", makefile, re.MULTILINE)
    assert re.search(r"^bundle-test:", makefile, re.MULTILINE)
    assert "--self-check" in makefile
    assert "packaging/workbench.spec" in makefile


# --- the wheel -----------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a copy of the sources (the checkout gets no build/ folder); ~3 s."""
    source = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    skip = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("workbench", "resources"):
        shutil.copytree(ROOT / name, source / name, ignore=skip)
    out = tmp_path_factory.mktemp("wheel")
    run(
        sys.executable,
        "-m",
        "pip",
        "wheel",
        "--no-deps",
        "--quiet",
        "--disable-pip-version-check",
        source,
        "-w",
        out,
        timeout=110,
    )
    (built,) = out.glob("workbench-*.whl")
    return built


def test_the_wheel_carries_the_resources_but_not_the_screenshots(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "workbench/resources/__init__.py" in names
    assert "workbench/resources/tour/collection.toml" in names
    assert (
        "workbench/resources/tour/07 Basic Authentication/1 Challenge, then retry.wbreq.toml"
        in names
    )
    assert "workbench/resources/styles/error-panel.qss" in names
    assert "workbench/resources/icons/send.svg" in names
    assert f"workbench/resources/icons/hicolor/512x512/apps/{APP_ID}.png" in names
    assert not [n for n in names if "screenshots" in n]
    shipped = {
        p.relative_to(ROOT / "resources").as_posix()
        for p in (ROOT / "resources" / "tour").rglob("*")
        if p.is_file()
    }
    assert {f"workbench/resources/{n}" for n in shipped} <= names


def test_installing_the_wheel_makes_both_commands(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "target"
    run(
        sys.executable,
        "-m",
        "pip",
        "install",
        "--no-deps",
        "--quiet",
        "--disable-pip-version-check",
        "--target",
        target,
        wheel,
    )
    scripts = {p.name for p in (target / "bin").iterdir()}
    assert {"workbench", "workbench-gui"} <= scripts
    env = {**_env(tmp_path / "home"), "PYTHONPATH": str(target)}
    out = run(target / "bin" / "workbench", "--version", env=env)
    assert out == f"workbench {version()}\n"
    code = "import workbench; print(workbench.__file__)"
    where = run(sys.executable, "-c", code, env=env, cwd=tmp_path)
    assert where.startswith(str(target))  # the installed copy answered, not the checkout
