"""`sitegen serve` as a user runs it: a real process on a free port, talked to over HTTP."""

from __future__ import annotations

import json
import re
import signal
import socket
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.conftest import article, run_sitegen, write_files
from tests.serving import ServeProcess, eventually, serving

FIRST_URL = "/2024/05/first/"


def test_serves_the_site_with_the_reload_script_injected(site: Path) -> None:
    with serving(site) as server:
        status, headers, body = server.request(FIRST_URL)
        assert status == 200
        assert headers["content-type"] == "text/html; charset=utf-8"
        assert b"First story" in body
        assert b'<script src="/__sitegen/livereload.js" defer></script></body>' in body
    assert not (site / "output").exists(), "serve must not write into output/"


def test_a_scheduled_article_loses_its_badge_when_its_time_comes_with_no_file_saved(site: Path) -> None:
    """The preview shows future articles badged Scheduled; when one comes due, serve rebuilds by itself."""
    due = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=6)
    write_files(site, {"content/news/later.md": article("Later", due.isoformat())})
    url = due.astimezone(ZoneInfo("Europe/Berlin")).strftime("/%Y/%m/later/")
    with serving(site) as server:
        assert b"Scheduled" in server.request(url)[2]
        eventually(lambda: b"Scheduled" not in server.request(url)[2], timeout=20)
        assert datetime.now(UTC) >= due


def test_edit_shows_new_text_and_bad_yaml_keeps_the_last_good_page(site: Path) -> None:
    with serving(site) as server:
        write_files(site, {"content/news/first.md": article("First story", body="Freshly edited words.\n")})
        eventually(lambda: b"Freshly edited words." in server.request(FIRST_URL)[2])

        mark = len(server.lines)
        (site / "content/news/first.md").write_text('---\ntitle: "Broken\ndate: 2024-05-01\n---\nx\n', encoding="utf-8")
        server.wait_for_line(r"content/news/first\.md:2: error: front matter is not valid YAML", start=mark)
        assert "Build failed; the preview shows the last good version until it is fixed:" in server.lines[mark:]
        status, _, body = server.request(FIRST_URL)
        assert status == 200 and b"Freshly edited words." in body

        mark = len(server.lines)
        write_files(site, {"content/news/first.md": article("First story, fixed", body="Back again.\n")})
        server.wait_for_line(r"Built in \d+ ms", start=mark)
        eventually(lambda: b"First story, fixed" in server.request(FIRST_URL)[2])


@pytest.mark.parametrize(("edit", "expected"), [
    (article("First story", body="Pasted\x0cfrom a PDF.\n"), r"first\.md:6: error: .*U\+000C"),
    (article("First story", slug="x" * 300), r"first\.md:5: error: slug: .* bytes"),
    (article("First story", tags="[ok, 'a\x0bb']"), r"first\.md:5: error: .*U\+000B"),
], ids=["form-feed-in-body", "300-character-slug", "vertical-tab-in-tag"])
def test_an_edit_that_once_ended_serve_is_an_error_and_serve_goes_on(site: Path, edit: str, expected: str) -> None:
    with serving(site) as server:
        mark = len(server.lines)
        (site / "content/news/first.md").write_text(edit, encoding="utf-8")
        server.wait_for_line(expected, start=mark)
        assert not any("Traceback" in line for line in server.lines)
        assert server.request(FIRST_URL)[0] == 200
        mark = len(server.lines)
        write_files(site, {"content/news/first.md": article("First story, fixed")})
        server.wait_for_line(r"Built in \d+ ms", start=mark)
        assert server.process.poll() is None


def test_template_error_is_reported_and_the_server_keeps_running(site: Path) -> None:
    write_files(site, {
        "sitegen.toml": (site / "sitegen.toml").read_text() + 'theme = "mine"\n',
        "themes/mine/theme.toml": 'extends = "default"\n',
    })
    with serving(site) as server:
        mark = len(server.lines)
        write_files(site, {"themes/mine/templates/page.html": "{% extends 'base.html' %}{% block main %}{{ oops( }}{% endblock %}"})
        server.wait_for_line(r"themes/mine/templates/page\.html:1: error: template syntax", start=mark)
        assert server.request("/about/")[0] == 200
        mark = len(server.lines)
        (site / "themes/mine/templates/page.html").unlink()
        server.wait_for_line(r"Built in \d+ ms", start=mark)
        assert server.process.poll() is None


def test_an_edit_re_renders_only_the_pages_it_affects(site: Path) -> None:
    with serving(site) as server:
        mark = len(server.lines)
        write_files(site, {"content/news/first.md": article("First story", tags="[chips, AI]",
                                                          body="The first paragraph of the story.\n\nA new second paragraph.\n")})
        rendered = int(server.wait_for_line(r"Built in \d+ ms: (\d+) pages? rendered", start=mark).group(1))
        assert rendered == 4  # the article and the three feeds (RSS, Atom, JSON) that carry its full text


def test_rename_over_the_original_is_picked_up(site: Path) -> None:
    with serving(site) as server:
        temp = site / "content/news/.first.md.tmp"
        temp.write_text(article("First story", body="Saved through a rename.\n"), encoding="utf-8")
        temp.replace(site / "content/news/first.md")
        eventually(lambda: b"Saved through a rename." in server.request(FIRST_URL)[2])


def test_editor_swap_files_do_not_trigger_builds(site: Path) -> None:
    with serving(site) as server:
        mark = len(server.lines)
        for name in (".first.md.swp", "first.md~", "#first.md#", "4913"):
            (site / "content/news" / name).write_text("junk", encoding="utf-8")
        (site / "content/news/first.md").touch()
        server.wait_for_line(r"Built in \d+ ms", start=mark)
        builds = [line for line in server.lines[mark:] if "Built in" in line]
        assert len(builds) == 1, server.output


def _sse_events(server: ServeProcess, stop: threading.Event, received: list[tuple[str, dict]]) -> None:
    """Collect (event, data) pairs from the server's event stream, as a browser tab would."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as connection:
        connection.sendall(f"GET /__sitegen/events HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())
        buffer = b""
        while not stop.is_set():
            chunk = connection.recv(65536)
            if not chunk:
                return
            buffer += chunk
            *blocks, buffer = buffer.split(b"\n\n")
            for block in blocks:
                fields = dict(re.findall(rb"^(event|data): (.*)$", block, re.M))
                if b"event" in fields:
                    received.append((fields[b"event"].decode(), json.loads(fields[b"data"])))


def test_open_tabs_get_reload_failed_and_recovery_events(site: Path) -> None:
    with serving(site) as server:
        received: list[tuple[str, dict]] = []
        stop = threading.Event()
        listener = threading.Thread(target=_sse_events, args=(server, stop, received), daemon=True)
        listener.start()
        eventually(lambda: server.request("/")[0] == 200)
        write_files(site, {"content/news/second.md": article("Second story", "2024-05-02T10:00:00+02:00", tags="[ai]", body="New.\n")})
        eventually(lambda: any(event == "reload" for event, _ in received))
        (site / "content/news/second.md").write_text("---\ntitle: \"unclosed\n---\n", encoding="utf-8")
        eventually(lambda: any(event == "failed" for event, _ in received))
        failed = next(data for event, data in received if event == "failed")
        assert failed[0]["location"] == "content/news/second.md:2"
        write_files(site, {"content/news/second.md": article("Second story", "2024-05-02T10:00:00+02:00", tags="[ai]")})
        eventually(lambda: [e for e, _ in received][-1] == "reload")
        stop.set()


def test_stylesheet_change_sends_a_css_event(site: Path) -> None:
    write_files(site, {
        "sitegen.toml": (site / "sitegen.toml").read_text() + 'theme = "mine"\n',
        "themes/mine/theme.toml": 'extends = "default"\n',
        "themes/mine/static/extra.css": "body { color: black; }\n",
    })
    with serving(site) as server:
        received: list[tuple[str, dict]] = []
        stop = threading.Event()
        threading.Thread(target=_sse_events, args=(server, stop, received), daemon=True).start()
        eventually(lambda: server.request("/static/extra.css")[0] == 200)
        write_files(site, {"themes/mine/static/extra.css": "body { color: navy; }\n"})
        eventually(lambda: any(event == "css" for event, _ in received))
        assert server.request("/static/extra.css")[2] == b"body { color: navy; }\n"
        stop.set()


TRAVERSALS = [
    "/../../../../etc/passwd",
    "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
    "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
    "/..%2f..%2f..%2fetc%2fpasswd",
    "/%252e%252e/%252e%252e/etc/passwd",
    "/..\\..\\..\\etc\\passwd",
    "/%5c..%5c..%5cetc%5cpasswd",
    "//etc/passwd",
    "/etc/passwd%00.html",
    "/index.html%00",
    "/outside-link/secret.txt",
    "/outside-file.txt",
    "http://127.0.0.1/../../etc/passwd",
]


@pytest.mark.parametrize("path", TRAVERSALS)
def test_paths_leaving_the_preview_are_refused(site: Path, tmp_path: Path, path: str) -> None:
    secret = tmp_path / "secret-folder"
    secret.mkdir()
    (secret / "secret.txt").write_text("TOP SECRET", encoding="utf-8")
    with serving(site) as server:
        preview = Path(server.wait_for_line(r"preview in (\S+)").group(1))
        (preview / "outside-link").symlink_to(secret)
        (preview / "outside-file.txt").symlink_to(secret / "secret.txt")
        status, _, body = server.request(path)
        assert status in (400, 404), (path, status)
        assert b"root:" not in body and b"TOP SECRET" not in body


def test_foreign_host_header_is_refused(site: Path) -> None:
    with serving(site) as server:
        assert server.request("/", host=f"attacker.example:{server.port}")[0] == 403
        assert server.request("/", host=f"localhost:{server.port}")[0] == 200


def test_missing_pages_get_the_site_404_and_content_types_are_right(site: Path) -> None:
    with serving(site) as server:
        status, headers, body = server.request("/no/such/page/")
        assert status == 404 and b"livereload.js" in body and headers["content-type"].startswith("text/html")
        assert server.request("/feed.xml")[1]["content-type"] == "application/xml; charset=utf-8"
        assert server.request("/tags")[0] == 301
        status, headers, body = server.request("/", method="HEAD")
        assert status == 200 and body == b"" and int(headers["content-length"]) > 0


def test_port_in_use_is_a_clear_error(site: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        done = run_sitegen("serve", "--site", site, "--port", str(taken.getsockname()[1]))
    assert done.code == 1
    assert "is already in use" in done.stderr
    assert "Traceback" not in done.stderr


def test_non_loopback_host_prints_a_warning(site: Path) -> None:
    server = ServeProcess(site, "--host", "0.0.0.0")
    try:
        assert "anyone who can reach this machine" in server.output
    finally:
        server.stop()


def test_ctrl_c_stops_cleanly_with_exit_code_0(site: Path) -> None:
    server = ServeProcess(site)
    assert server.stop(signal.SIGINT) == 0
    assert "Traceback" not in server.output
    assert "Stopped." in server.output


def test_a_site_broken_from_the_start_shows_its_errors_and_recovers(site: Path) -> None:
    (site / "content/news/first.md").write_text('---\ntitle: "Broken\n---\n', encoding="utf-8")
    with serving(site) as server:
        server.wait_for_line(r"content/news/first\.md:2: error")
        assert "Build failed; the preview shows a waiting page until it is fixed:" in server.lines
        status, _, body = server.request("/")
        assert status == 503 and b"Waiting for the first successful build" in body and b"livereload.js" in body
        write_files(site, {"content/news/first.md": article("First story")})
        eventually(lambda: server.request(FIRST_URL)[0] == 200)


def test_a_rebuild_prints_only_the_warnings_that_are_new(site: Path) -> None:
    """A site's standing warnings are printed once per session, not again after every save."""
    write_files(site, {"content/news/first.md": article("First story", colour="red")})
    with serving(site) as server:
        standing = r"content/news/first\.md.*warning: unknown front-matter key 'colour'"
        server.wait_for_line(standing)
        mark = len(server.lines)
        write_files(site, {"content/news/second.md": article("Second story", "2024-05-02T10:00:00+02:00",
                                                             body="New words.\n", flavour="mint")})
        server.wait_for_line(r"content/news/second\.md.*warning: unknown front-matter key 'flavour'", start=mark)
        server.wait_for_line(r"Built in \d+ ms", start=mark)
        assert not any(re.search(standing, line) for line in server.lines[mark:]), server.output


def test_serving_a_folder_that_is_not_a_site_is_a_clear_error(tmp_path: Path) -> None:
    done = run_sitegen("serve", "--site", tmp_path / "no-site-here", "--port", "0")
    assert done.code == 1
    assert "sitegen.toml: error: not found" in done.stderr
    assert "Traceback" not in done.stderr
