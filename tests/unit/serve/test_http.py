"""The preview server's pure parts: path resolution, Host check, script injection, events."""

from __future__ import annotations

import threading
from http import HTTPStatus
from pathlib import Path

import pytest

from generator.serve.http import EventBroker, content_type, host_allowed, inject_script, resolve_request


@pytest.fixture
def root(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "tags" / "ai").mkdir(parents=True)
    (site / "index.html").write_text("home")
    (site / "tags" / "ai" / "index.html").write_text("ai")
    (site / "feed.xml").write_text("<rss/>")
    (site / "empty").mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    (site / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (site / "inside.txt").symlink_to(site / "feed.xml")
    return site


@pytest.mark.parametrize(("path", "status", "file"), [
    ("/", HTTPStatus.OK, "index.html"),
    ("/index.html", HTTPStatus.OK, "index.html"),
    ("/tags/ai/", HTTPStatus.OK, "tags/ai/index.html"),
    ("/tags/ai/?utm=x#frag", HTTPStatus.OK, "tags/ai/index.html"),
    ("/feed.xml", HTTPStatus.OK, "feed.xml"),
    ("/inside.txt", HTTPStatus.OK, "feed.xml"),
    ("/t%61gs/ai/", HTTPStatus.OK, "tags/ai/index.html"),
    ("/missing.html", HTTPStatus.NOT_FOUND, None),
    ("/empty/", HTTPStatus.NOT_FOUND, None),
    ("/../secret.txt", HTTPStatus.NOT_FOUND, None),
    ("/tags/../../secret.txt", HTTPStatus.NOT_FOUND, None),
    ("/%2e%2e/secret.txt", HTTPStatus.NOT_FOUND, None),
    ("/%2E%2E%2Fsecret.txt", HTTPStatus.NOT_FOUND, None),
    ("/%252e%252e/secret.txt", HTTPStatus.NOT_FOUND, None),
    ("/./index.html", HTTPStatus.NOT_FOUND, None),
    ("/..\\secret.txt", HTTPStatus.BAD_REQUEST, None),
    ("/%5c..%5csecret.txt", HTTPStatus.NOT_FOUND, None),
    ("/index.html%00.txt", HTTPStatus.NOT_FOUND, None),
    ("/a\x00b", HTTPStatus.BAD_REQUEST, None),
    ("/%ff%fe", HTTPStatus.BAD_REQUEST, None),
    ("/leak.txt", HTTPStatus.NOT_FOUND, None),
    ("relative/path", HTTPStatus.BAD_REQUEST, None),
])
def test_resolve_request(root: Path, path: str, status: HTTPStatus, file: str | None) -> None:
    resolution = resolve_request(root, path)
    assert resolution.status is status
    assert resolution.path == ((root / file).resolve() if file else None)


def test_folder_without_slash_redirects(root: Path) -> None:
    resolution = resolve_request(root, "/tags/ai")
    assert (resolution.status, resolution.location) == (HTTPStatus.MOVED_PERMANENTLY, "/tags/ai/")


@pytest.mark.parametrize(("host", "allowed"), [
    ("127.0.0.1:8000", True),
    ("localhost:8000", True),
    ("[::1]:8000", True),
    ("192.168.1.20:8000", True),
    ("127.0.0.1:9000", False),
    ("attacker.example:8000", False),
    ("localhost.attacker.example:8000", False),
    ("", False),
    (None, False),
    ("127.0.0.1:notaport", False),
])
def test_host_allowed(host: str | None, allowed: bool) -> None:
    assert host_allowed(host, "127.0.0.1", 8000) is allowed


def test_host_without_port_means_port_80() -> None:
    assert host_allowed("localhost", "127.0.0.1", 80)
    assert not host_allowed("localhost", "127.0.0.1", 8000)


def test_script_goes_before_the_last_closing_body() -> None:
    html = b"<html><body><p>a</p></BODY></html>"
    assert inject_script(html) == b'<html><body><p>a</p><script src="/__sitegen/livereload.js" defer></script></BODY></html>'
    assert inject_script(b"<p>fragment</p>").endswith(b"livereload.js\" defer></script>")


@pytest.mark.parametrize(("name", "kind"), [
    ("a.html", "text/html; charset=utf-8"), ("a.css", "text/css; charset=utf-8"),
    ("a.js", "text/javascript; charset=utf-8"), ("a.xml", "application/xml; charset=utf-8"),
    ("a.svg", "image/svg+xml"), ("a.woff2", "font/woff2"), ("a.webp", "image/webp"),
    ("a.PNG", "image/png"), ("a.unknownext", "application/octet-stream"),
])
def test_content_types(name: str, kind: str) -> None:
    assert content_type(Path(name)) == kind


def test_broker_delivers_new_events_and_remembers_the_current_error() -> None:
    broker = EventBroker()
    seen = broker.last_id
    broker.publish("failed", [{"location": "a.md:1"}])
    assert broker.current_error == '[{"location": "a.md:1"}]'
    events = broker.wait_after(seen, timeout=1)
    assert [(event, payload) for _, event, payload in events] == [("failed", '[{"location": "a.md:1"}]')]
    broker.publish("reload", {})
    assert broker.current_error is None


def test_broker_wakes_waiters_on_close() -> None:
    broker = EventBroker()
    results = []
    waiter = threading.Thread(target=lambda: results.append(broker.wait_after(0, timeout=10)))
    waiter.start()
    broker.close()
    waiter.join(timeout=2)
    assert results == [None]


def test_broker_times_out_with_no_events() -> None:
    assert EventBroker().wait_after(0, timeout=0.01) == []


@pytest.fixture
def server(root: Path):
    from generator.serve.http import PreviewServer  # noqa: PLC0415

    preview = PreviewServer(("127.0.0.1", 0), root, EventBroker())
    thread = threading.Thread(target=preview.serve_forever, daemon=True)
    thread.start()
    yield preview
    preview.shutdown()
    preview.server_close()


def _raw(server, request: bytes) -> bytes:
    import socket  # noqa: PLC0415

    with socket.create_connection(server.server_address, timeout=5) as connection:
        connection.sendall(request)
        return connection.recv(4096)


def test_a_request_with_two_host_headers_is_refused(server) -> None:
    port = server.server_address[1]
    answer = _raw(server, f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example\r\n"
                          "Connection: close\r\n\r\n".encode())
    assert answer.startswith(b"HTTP/1.1 403")
    single = _raw(server, f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
    assert single.startswith(b"HTTP/1.1 200")


def test_a_cancelled_download_prints_no_traceback(server, root: Path, capsys) -> None:
    import socket  # noqa: PLC0415
    import struct  # noqa: PLC0415

    (root / "big.bin").write_bytes(b"x" * 8_000_000)
    port = server.server_address[1]
    for _ in range(5):
        connection = socket.create_connection(server.server_address, timeout=5)
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # reset on close
        connection.sendall(f"GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode())
        connection.recv(1024)
        connection.close()
    time_to_fail = threading.Event()
    time_to_fail.wait(0.5)  # the server threads meet the reset
    assert "Traceback" not in capsys.readouterr().err


def test_a_linked_index_page_leading_outside_is_not_served(root: Path, tmp_path: Path) -> None:
    (root / "real").mkdir()
    (root / "real" / "index.html").symlink_to(tmp_path / "secret.txt")
    assert resolve_request(root, "/real/").status is HTTPStatus.NOT_FOUND
