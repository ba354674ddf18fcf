"""Runs `sitegen serve` as a real subprocess for the serve and browser tests, and a plain static
file server for a built site, as a static host serves it."""

from __future__ import annotations

import functools
import http.client
import http.server
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path


class ServeProcess:
    """A running `sitegen serve --port 0`; collects its terminal output as it comes."""

    def __init__(self, site: Path, *args: str, own_group: bool = False, wait: bool = True) -> None:
        """OWN_GROUP starts it as a terminal starts a command: in a process group of its own, so a
        test can send Ctrl-C to the whole group. Unless WAIT is false, returns once it serves."""
        self.process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--site", str(site), "--port", "0", *args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, process_group=0 if own_group else None,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "PYTHONFAULTHANDLER": "1"},
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        if wait:
            self.wait_until_serving()

    def wait_until_serving(self) -> None:
        match = self.wait_for_line(r"Serving (http://\S+/)")
        self.url = match.group(1)
        self.port = int(self.url.rsplit(":", 1)[1].strip("/"))

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    def wait_for_line(self, pattern: str, timeout: float = 30.0, start: int = 0) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines[start:]:
                if match := re.search(pattern, line):
                    return match
            if self.process.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.02)
        raise AssertionError(f"no line matching {pattern!r} in:\n{self.output}")

    def request(self, path: str, method: str = "GET", host: str | None = None) -> tuple[int, dict[str, str], bytes]:
        """Send PATH exactly as given (no normalisation), as a hostile client would."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        connection.putheader("Host", host or f"127.0.0.1:{self.port}")
        connection.endheaders()
        response = connection.getresponse()
        body = response.read()
        connection.close()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body

    def stop(self, sig: int = signal.SIGINT, group: bool = False) -> int:
        """Send SIG (to its whole process group with GROUP, as a terminal's Ctrl-C does); its exit code."""
        if self.process.poll() is None:
            if group:
                os.killpg(self.process.pid, sig)
            else:
                self.process.send_signal(sig)
        try:
            code = self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            # SIGABRT makes faulthandler print every thread's stack: the failure shows where it hung.
            self.process.send_signal(signal.SIGABRT)
            self.process.wait(timeout=10)
            self._reader.join(timeout=5)
            raise AssertionError(f"sitegen serve did not stop within 20 s of signal {sig}:\n{self.output}") from None
        self._reader.join(timeout=5)
        return code


@contextmanager
def serving(site: Path, *args: str) -> Iterator[ServeProcess]:
    server = ServeProcess(site, *args)
    try:
        yield server
    finally:
        server.stop()


def eventually(check: Callable[[], bool], timeout: float = 15.0, interval: float = 0.05) -> None:
    """Poll CHECK until it is true; fail with a clear message after TIMEOUT seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s: {check.__doc__ or check}")


class _StaticHost(http.server.SimpleHTTPRequestHandler):
    """A plain file server that answers a missing path with the site's 404.html, as static hosts do."""

    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output to failures."""

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        not_found = Path(self.directory) / "404.html"
        if code != 404 or not not_found.is_file():
            super().send_error(code, message, explain)
            return
        body = not_found.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def static_host(folder: Path) -> Iterator[str]:
    """FOLDER served as files on a free loopback port (no rebuilds, no injected script); yields
    the server's URL, "http://127.0.0.1:PORT/"."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_StaticHost, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
