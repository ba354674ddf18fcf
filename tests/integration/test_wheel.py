"""The built wheel, installed into a fresh venv, works with no source tree: init, build, check, serve.

Editable installs and `python -m generator` from the repo cannot show that the package ships what
it needs (the default theme is reached through the generator/themes link) or that its console
script runs; only a real install, run from elsewhere, can.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import urllib.request
from pathlib import Path

import pytest

from generator.check.htmlcheck import VNU_JAR_ENV
from tests.conftest import REPO_ROOT
from tests.integration.checks import nu_tools
from tests.serving import eventually

SYSTEM_PATH = "/usr/bin:/bin"
# What a build must not print: the packaging configuration is out of date or misses a folder.
# Case matters for "Warning": distutils' harmless "warning: build_py: byte-compiling is disabled"
# is lower case, Python's warning categories (SetuptoolsDeprecationWarning, ...) are not.
BUILD_COMPLAINTS = re.compile(r"Warning|[Dd]eprecat|is absent from the `packages` configuration")


def clean_env(path: str) -> dict[str, str]:
    """This process's environment, but with PATH as given and nothing that points Python elsewhere."""
    env = {name: value for name, value in os.environ.items()
           if name not in ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "PYTHONSTARTUP", VNU_JAR_ENV)}
    return {**env, "PATH": path, "PYTHONUNBUFFERED": "1"}


def run(command: list[str | Path], cwd: Path, env: dict[str, str], timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


def source_copy(dest: Path) -> Path:
    """The repo's files as a fresh clone has them (tracked, or new and not ignored), nothing else.

    Building in the repo itself would reuse its build/ folder, and setuptools ships whatever a
    stale build/lib still holds: a wheel missing the theme could pass on a developer's machine.
    git decides what counts, with .gitignore's own rules (generator/build/ is code, /build/ is not).
    """
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO_ROOT,
                            capture_output=True, check=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source = REPO_ROOT / name
        if source.is_symlink() or source.is_file():  # a deleted but still tracked file is skipped
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / name, follow_symlinks=False)
    return dest


def build_wheel(tmp_path: Path) -> Path:
    """`pip wheel` of the source, verbose so that the build backend's warnings show; the wheel's path."""
    wheels = tmp_path / "wheels"
    done = run([sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "--disable-pip-version-check", "-w", wheels,
                source_copy(tmp_path / "source")], tmp_path, clean_env(SYSTEM_PATH))
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert [line for line in output.splitlines() if BUILD_COMPLAINTS.search(line)] == []
    (wheel,) = wheels.glob("sitegen-*.whl")
    return wheel


def check_table(output: str) -> dict[str, tuple[str, str]]:
    """`sitegen check`'s summary table: check → (found, status)."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split() == ["check", "found", "status"])
    return {row[0]: (row[1], row[2]) for line in lines[start + 1:] if len(row := line.split()) == 3}


def serve_and_stop(sitegen: Path, site: Path, cwd: Path, env: dict[str, str], log: Path) -> None:
    """`sitegen serve --port 0` answers / with HTML, and Ctrl-C stops it cleanly.

    tests.serving.ServeProcess runs `python -m generator` from this interpreter and merges
    stderr into stdout; here it is the installed console script, and the messages are on stderr.
    """
    with log.open("w") as stdout:
        process = subprocess.Popen([str(sitegen), "serve", "--site", str(site), "--port", "0"], cwd=cwd, env=env,
                                   stdout=stdout, stderr=subprocess.PIPE, text=True)
    stderr: list[str] = []

    def read() -> None:
        assert process.stderr is not None
        stderr.extend(process.stderr)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        def serving() -> bool:
            """sitegen serve printed its "Serving http://…" line, or ended."""
            return any("Serving http://" in line for line in stderr) or process.poll() is not None

        eventually(serving, timeout=120)
        url = re.search(r"Serving (http://\S+/)", "".join(stderr))
        assert url, "".join(stderr) + log.read_text()
        with urllib.request.urlopen(url.group(1), timeout=10) as response:
            assert response.status == 200
            assert response.headers.get_content_type() == "text/html"
            assert b"<!DOCTYPE html>" in response.read()[:200]
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    reader.join(timeout=10)
    assert (code, "Stopped." in "".join(stderr)) == (0, True), "".join(stderr) + log.read_text()


@pytest.mark.slow
def test_the_installed_wheel_works_without_the_source_tree(tmp_path: Path) -> None:
    jar = nu_tools().jar  # the new venv has no npm-installed one: sitegen check is told where this one is
    wheel = build_wheel(tmp_path)

    venv = tmp_path / "venv"
    setup = run([sys.executable, "-m", "venv", venv], tmp_path, clean_env(SYSTEM_PATH))
    assert setup.returncode == 0, setup.stderr
    env = clean_env(f"{venv / 'bin'}:{SYSTEM_PATH}")
    install = run([venv / "bin" / "python", "-m", "pip", "install", "--disable-pip-version-check", "--no-input",
                   wheel], tmp_path, env)
    assert install.returncode == 0, install.stdout + install.stderr

    work = tmp_path / "work"
    work.mkdir()
    where = run([venv / "bin" / "python", "-c", "import generator; print(generator.__file__)"], work, env)
    location = Path(where.stdout.strip()).resolve()
    assert location.is_relative_to(venv.resolve()) and not location.is_relative_to(REPO_ROOT), where

    sitegen = venv / "bin" / "sitegen"
    for command in (["init", "site"], ["build", "--site", "site"]):
        done = run([sitegen, *command], work, env)
        assert done.returncode == 0, done.stdout + done.stderr
    assert (work / "site" / "output" / "index.html").is_file()

    check = run([sitegen, "check", "--site", "site", "--no-build"], work, {**env, VNU_JAR_ENV: str(jar)})
    rows = check_table(check.stdout)
    assert rows["html"] == ("0", "ok"), check.stdout + check.stderr  # validated: not "skipped"
    assert check.returncode == 0 and all(status == "ok" for _, status in rows.values()), check.stdout + check.stderr

    serve_and_stop(sitegen, work / "site", work, env, tmp_path / "serve.out")
