"""The preview server's HTTP side: safe file lookup, live-reload injection, Server-Sent Events.

`resolve_request` is a pure function of (root, request path) so the traversal rules can be
tested as a table: only files inside the preview folder are ever read, whatever the path
says (`..`, `%2e%2e`, backslashes, NUL bytes, symlinks leading out). The handler refuses
requests whose Host header is not the address being served, which is what stops a web page
on another site from reading drafts through DNS rebinding.
"""

from __future__ import annotations

import ipaddress
import json
import mimetypes
import socket
import sys
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

EVENTS_PATH = "/__sitegen/events"
SCRIPT_PATH = "/__sitegen/livereload.js"
LIVERELOAD_JS = (Path(__file__).parent / "livereload.js").read_bytes()
SCRIPT_TAG = f'<script src="{SCRIPT_PATH}" defer></script>'.encode()
KEEPALIVE_SECONDS = 15.0
WAITING_PAGE = (b'<!DOCTYPE html><html lang="en" data-sitegen-waiting><head><meta charset="utf-8"><title>'
                b'sitegen: waiting for a good build</title></head><body><h1>Waiting for the first successful '
                b'build</h1><p>The site has errors; fix them and this page reloads by itself.</p></body></html>')
_TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".xml": "application/xml; charset=utf-8",
    ".svg": "image/svg+xml", ".json": "application/json", ".txt": "text/plain; charset=utf-8",
    ".woff2": "font/woff2", ".woff": "font/woff", ".ttf": "font/ttf", ".otf": "font/otf",
    ".webp": "image/webp", ".avif": "image/avif", ".png": "image/png", ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg", ".gif": "image/gif", ".ico": "image/x-icon", ".pdf": "application/pdf",
}


@dataclass(frozen=True, slots=True)
class Resolution:
    """What to answer: a file to send, a redirect to the folder URL, or an error status."""

    status: HTTPStatus
    path: Path | None = None
    location: str = ""


def content_type(path: Path) -> str:
    return _TYPES.get(path.suffix.lower()) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"


def resolve_request(root: Path, raw_path: str) -> Resolution:
    """Map a request path to a file inside ROOT, never outside it."""
    url_path = urlsplit(raw_path).path
    if "\\" in url_path or "\x00" in url_path or not url_path.startswith("/"):
        return Resolution(HTTPStatus.BAD_REQUEST)
    try:
        decoded = unquote(url_path, errors="strict")
    except UnicodeDecodeError:
        return Resolution(HTTPStatus.BAD_REQUEST)
    segments = decoded.split("/")[1:]
    if any(s in (".", "..") or "\\" in s or "\x00" in s for s in segments):
        return Resolution(HTTPStatus.NOT_FOUND)
    real_root = root.resolve()
    candidate = real_root.joinpath(*[s for s in segments if s])
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        return Resolution(HTTPStatus.NOT_FOUND)
    if not real.is_relative_to(real_root):
        return Resolution(HTTPStatus.NOT_FOUND)
    if real.is_dir():
        if not url_path.endswith("/"):
            return Resolution(HTTPStatus.MOVED_PERMANENTLY, location=url_path + "/")
        index = (real / "index.html").resolve()  # a link to a page outside is not served either
        found = index.is_file() and index.is_relative_to(real_root)
        return Resolution(HTTPStatus.OK, index) if found else Resolution(HTTPStatus.NOT_FOUND)
    return Resolution(HTTPStatus.OK, real)


def host_allowed(host_header: str | None, served_host: str, port: int) -> bool:
    """Accept only Host values naming this server: its own name, localhost or an IP literal."""
    if not host_header:
        return False
    parts = urlsplit(f"//{host_header}")
    try:
        name, header_port = parts.hostname, parts.port
    except ValueError:
        return False
    if name is None or (header_port or 80) != port:
        return False
    if name in ("localhost", served_host.lower()):
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def inject_script(html: bytes) -> bytes:
    """Add the live-reload script just before </body> (or at the end of a fragment)."""
    at = html.lower().rfind(b"</body>")
    return html + SCRIPT_TAG if at == -1 else html[:at] + SCRIPT_TAG + html[at:]


class EventBroker:
    """Hands build events to every open tab; keeps the latest so a new tab sees a current error."""

    def __init__(self) -> None:
        self._condition = threading.Condition()
        self._events: list[tuple[int, str, str]] = []
        self._closed = False
        self.current_error: str | None = None

    def publish(self, event: str, data: Any) -> None:
        payload = json.dumps(data)
        with self._condition:
            self.current_error = payload if event == "failed" else None
            number = self._events[-1][0] + 1 if self._events else 1
            self._events = [*self._events[-50:], (number, event, payload)]
            self._condition.notify_all()

    @property
    def last_id(self) -> int:
        with self._condition:
            return self._events[-1][0] if self._events else 0

    def wait_after(self, seen: int, timeout: float) -> list[tuple[int, str, str]] | None:
        """Events newer than SEEN, waiting up to TIMEOUT; None once the server is closing."""
        with self._condition:
            self._condition.wait_for(lambda: self._closed or (self._events and self._events[-1][0] > seen),
                                     timeout)
            if self._closed:
                return None
            return [e for e in self._events if e[0] > seen]

    def close(self) -> None:
        with self._condition:
            self._closed = True
            self._condition.notify_all()


class PreviewServer(ThreadingHTTPServer):
    """A threaded server over ROOT; requests keep being answered while a rebuild runs."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], root: Path, broker: EventBroker) -> None:
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, PreviewHandler)
        self.root = root
        self.broker = broker
        self.served_host = address[0]

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that cancels a download (a reload, a closed tab) is not an error worth a
        traceback in the terminal; anything else is printed as socketserver does."""
        if isinstance(sys.exception(), ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)


class PreviewHandler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the terminal is for build results, not for every request."""

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def _answer(self, send_body: bool) -> None:
        hosts = self.headers.get_all("Host") or []
        if len(hosts) > 1 or not host_allowed(self.headers.get("Host"), self.server.served_host,
                                              self.server.server_address[1]):
            self._send(HTTPStatus.FORBIDDEN, b"Host not allowed\n", "text/plain; charset=utf-8", send_body)
            return
        path = urlsplit(self.path).path
        if path == EVENTS_PATH:
            self._stream_events()
            return
        if path == SCRIPT_PATH:
            self._send(HTTPStatus.OK, LIVERELOAD_JS, content_type(Path("x.js")), send_body)
            return
        resolution = resolve_request(self.server.root, self.path)
        if resolution.status is HTTPStatus.MOVED_PERMANENTLY:
            self.send_response(resolution.status)
            self.send_header("Location", resolution.location)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status, file = resolution.status, resolution.path
        if status is not HTTPStatus.OK or file is None:
            not_found = self.server.root / "404.html"
            if status is HTTPStatus.NOT_FOUND and not_found.is_file():
                file = not_found
            elif status is HTTPStatus.NOT_FOUND and not self.server.root.is_dir():
                # No build has succeeded yet: a page that shows the errors and reloads on the fix.
                self._send(HTTPStatus.SERVICE_UNAVAILABLE, inject_script(WAITING_PAGE), "text/html; charset=utf-8",
                           send_body)
                return
            else:
                self._send(status, f"{status.value} {status.phrase}\n".encode(), "text/plain; charset=utf-8",
                           send_body)
                return
        try:
            body = file.read_bytes()
        except OSError:
            self._send(HTTPStatus.NOT_FOUND, b"404 Not Found\n", "text/plain; charset=utf-8", send_body)
            return
        kind = content_type(file)
        if kind.startswith("text/html"):
            body = inject_script(body)
        self._send(status, body, kind, send_body)

    def _send(self, status: HTTPStatus, body: bytes, kind: str, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def _stream_events(self) -> None:
        """Server-Sent Events: the current error first, then every build event as it happens."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        broker = self.server.broker
        seen = broker.last_id
        try:
            self.wfile.write(b"retry: 1000\n\n")
            if broker.current_error is not None:
                self.wfile.write(f"event: failed\ndata: {broker.current_error}\n\n".encode())
            self.wfile.flush()
            while True:
                events = broker.wait_after(seen, KEEPALIVE_SECONDS)
                if events is None:
                    return
                for number, event, payload in events:
                    self.wfile.write(f"id: {number}\nevent: {event}\ndata: {payload}\n\n".encode())
                    seen = number
                if not events:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            return
