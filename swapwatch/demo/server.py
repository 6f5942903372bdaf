"""A tiny local news site on 127.0.0.1 that serves the packaged demo feeds and article pages."""

from __future__ import annotations

import argparse
import email.utils
import hashlib
import http.server
import json
import mimetypes
import re
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Any, Self, cast
from urllib.parse import unquote, urlsplit

DATA_DIR = Path(__file__).resolve().parent / "data"
SITE_DIR = DATA_DIR / "site"
EXPECTED_PATH = DATA_DIR / "expected.json"
BASE_PLACEHOLDER = "{BASE}"
BASE_STAGE = "base"
# Fixed Last-Modified clocks so conditional GET behaves the same on every checkout (mtimes do not).
STAGE_CLOCK: dict[str, datetime] = {
    BASE_STAGE: datetime(2026, 10, 14, 18, 0, tzinfo=UTC),
    "day2": datetime(2026, 10, 24, 18, 0, tzinfo=UTC),
}
_TEMPLATE_SUFFIXES = frozenset({".xml", ".html", ".htm", ".json", ".txt"})
_LANG_RE = re.compile(rb"<language>\s*([A-Za-z-]+)\s*</language>|xml:lang=\"([A-Za-z-]+)\"")


@dataclass(frozen=True, slots=True)
class RequestRecord:
    """One request the demo server answered (for tests that check conditional GET)."""

    method: str
    path: str
    status: int
    if_none_match: str | None
    if_modified_since: str | None


@dataclass(frozen=True, slots=True)
class _Resource:
    """One file ready to send: body after {BASE} substitution plus its validators."""

    body: bytes
    content_type: str
    etag: str
    last_modified: datetime


def overlay_dir(root: Path, stage: str) -> Path:
    """The overlay directory of a stage: ``site`` + ``day2`` -> ``site-day2`` next to it."""
    return root.with_name(f"{root.name}-{stage}")


def content_type_for(path: PurePosixPath | Path, body: bytes) -> str:
    """The Content-Type header for a served file (feeds sniffed as RSS or Atom)."""
    suffix = path.suffix.lower()
    if suffix == ".xml":
        head = body[:2048]
        if b"<feed" in head and b"http://www.w3.org/2005/Atom" in head:
            return "application/atom+xml; charset=utf-8"
        if b"<rss" in head:
            return "application/rss+xml; charset=utf-8"
        return "application/xml; charset=utf-8"
    if suffix in {".html", ".htm"}:
        return "text/html; charset=utf-8"
    if suffix == ".json":
        return "application/json"
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


class _Site:
    """The served file tree: a base root, an optional stage overlay and the {BASE} value."""

    def __init__(self, root: Path, base_url: str) -> None:
        """Remember the root; the stage starts as the base site."""
        self.root = root
        self.base_url = base_url
        self.stage = BASE_STAGE
        self.lock = threading.Lock()
        self.log: list[RequestRecord] = []

    def set_stage(self, stage: str | None) -> None:
        """Switch to a stage overlay (None or "base" = the base site only)."""
        stage = stage or BASE_STAGE
        if stage != BASE_STAGE and not overlay_dir(self.root, stage).is_dir():
            msg = f"no overlay directory for stage {stage!r}: {overlay_dir(self.root, stage)}"
            raise ValueError(msg)
        with self.lock:
            self.stage = stage

    def layers(self) -> list[tuple[Path, datetime]]:
        """The directories to look in, overlay first, each with its Last-Modified clock."""
        base_clock = STAGE_CLOCK[BASE_STAGE]
        with self.lock:
            stage = self.stage
        layers = [(self.root, base_clock)]
        if stage != BASE_STAGE:
            clock = STAGE_CLOCK.get(stage, base_clock + timedelta(days=1))
            layers.insert(0, (overlay_dir(self.root, stage), clock))
        return layers

    def lookup(self, url_path: str) -> _Resource | None:
        """The resource for a URL path, or None when nothing (safe) matches."""
        rel = PurePosixPath(unquote(url_path).lstrip("/"))
        if any(part in {"..", ""} or part.startswith(".") for part in rel.parts):
            return None
        if not rel.parts or url_path.endswith("/"):
            rel = rel / "index.html"
        for directory, clock in self.layers():
            candidate = directory.joinpath(*rel.parts)
            if candidate.is_file() and candidate.resolve().is_relative_to(directory.resolve()):
                body = candidate.read_bytes()
                if rel.suffix.lower() in _TEMPLATE_SUFFIXES:
                    body = body.replace(BASE_PLACEHOLDER.encode(), self.base_url.encode())
                etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
                return _Resource(body, content_type_for(rel, body), etag, clock)
        return None

    def feed_paths(self) -> list[str]:
        """URL paths of every feed (*.xml) in the base site and the current overlay."""
        found: set[str] = set()
        for directory, _ in self.layers():
            found.update(p.relative_to(directory).as_posix() for p in directory.rglob("*.xml"))
        return sorted(found)

    def record(self, entry: RequestRecord) -> None:
        """Append one request to the log."""
        with self.lock:
            self.log.append(entry)


class _Handler(http.server.BaseHTTPRequestHandler):
    """GET/HEAD with ETag and Last-Modified validators; silent logging."""

    server_version = "swapwatch-demo/1.0"
    disable_nagle_algorithm = True  # small responses on loopback otherwise wait ~40 ms for delayed ACKs
    protocol_version = "HTTP/1.1"

    def do_GET(self) -> None:
        """Serve a file, or 304 / 404."""
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        """Like GET without the body."""
        self._respond(send_body=False)

    def log_message(self, format: str, *args: Any) -> None:
        """Stay quiet: the demo must not spam the console."""

    def _respond(self, *, send_body: bool) -> None:
        """Look the path up, evaluate the conditional headers, write the response."""
        site = cast("_SiteServer", self.server).site
        path = urlsplit(self.path).path
        inm = self.headers.get("If-None-Match")
        ims = self.headers.get("If-Modified-Since")
        resource = site.lookup(path)
        if resource is None:
            status = 404
            body = b"not found\n"
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if send_body:
                self.wfile.write(body)
        else:
            status = 304 if _not_modified(resource, inm, ims) else 200
            self.send_response(status)
            self.send_header("ETag", resource.etag)
            last_modified = email.utils.format_datetime(resource.last_modified, usegmt=True)
            self.send_header("Last-Modified", last_modified)
            self.send_header("Cache-Control", "no-cache")
            if status == 200:
                self.send_header("Content-Type", resource.content_type)
                self.send_header("Content-Length", str(len(resource.body)))
            self.end_headers()
            if status == 200 and send_body:
                self.wfile.write(resource.body)
        site.record(RequestRecord(self.command, path, status, inm, ims))


def _not_modified(resource: _Resource, inm: str | None, ims: str | None) -> bool:
    """RFC 9110: If-None-Match wins; otherwise compare If-Modified-Since with Last-Modified."""
    if inm is not None:
        tags = {tag.strip().removeprefix("W/") for tag in inm.split(",")}
        return "*" in tags or resource.etag in tags
    if ims:
        try:
            since = email.utils.parsedate_to_datetime(ims)
        except (TypeError, ValueError):
            return False
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return resource.last_modified <= since
    return False


class _SiteServer(http.server.ThreadingHTTPServer):
    """ThreadingHTTPServer that carries the site and swallows client disconnects."""

    daemon_threads = True
    site: _Site

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore broken connections quietly (clients of a demo hang up all the time)."""


class DemoServer:
    """A running demo site: its base URL, stage switch, feeds config writer and request log."""

    def __init__(self, httpd: _SiteServer, thread: threading.Thread) -> None:
        """Wrap an already started server thread."""
        self._httpd = httpd
        self._thread = thread
        self._closed = False

    @property
    def port(self) -> int:
        """The TCP port the server listens on."""
        return int(self._httpd.server_address[1])

    @property
    def host(self) -> str:
        """The host the server is bound to."""
        return str(self._httpd.server_address[0])

    @property
    def base_url(self) -> str:
        """``http://HOST:PORT`` without a trailing slash; substituted for {BASE}."""
        return self._httpd.site.base_url

    @property
    def root(self) -> Path:
        """The base site directory."""
        return self._httpd.site.root

    @property
    def stage(self) -> str:
        """The current stage ("base" or an overlay name such as "day2")."""
        return self._httpd.site.stage

    @property
    def requests(self) -> tuple[RequestRecord, ...]:
        """Every request answered so far, oldest first."""
        with self._httpd.site.lock:
            return tuple(self._httpd.site.log)

    def set_stage(self, stage: str | None) -> None:
        """Serve another stage from now on (None or "base" = base site only)."""
        self._httpd.site.set_stage(stage)

    def url(self, path: str) -> str:
        """The absolute URL of a site path such as ``kyiv-ledger/rss.xml``."""
        return f"{self.base_url}/{path.lstrip('/')}"

    def feeds(self) -> list[tuple[str, str, str | None]]:
        """(name, url, lang) for every feed of the current stage, sorted by name."""
        site = self._httpd.site
        out: list[tuple[str, str, str | None]] = []
        for rel in site.feed_paths():
            resource = site.lookup(rel)
            match = _LANG_RE.search(resource.body[:4096]) if resource else None
            lang = (match.group(1) or match.group(2)).decode().split("-")[0].lower() if match else None
            name = "-".join(PurePosixPath(rel).parent.parts) or PurePosixPath(rel).stem
            out.append((name, self.url(rel), lang))
        return sorted(out)

    def feeds_yaml(
        self,
        path: Path,
        *,
        db_hint: str | Path | None = None,
        webhook: str | None = None,
        extra_hosts: tuple[str, ...] = (),
    ) -> Path:
        """Write a feeds config (configs/feeds.yaml schema) pointing at this server; return the path."""
        lines = [
            f"# swapwatch demo feeds served by {self.base_url} (written by swapwatch.demo.server)",
        ]
        if db_hint is not None:
            lines.append(f"# database: {db_hint}")
        lines += [
            "fetch:",
            "  allow_private: false  # loopback stays refused, except the exact host:port pairs below",
            f"  allow_hosts: {json.dumps([f'{self.host}:{self.port}', *extra_hosts])}",
            "  per_host_delay: 0.0",
            "alerts:",
            f"  webhook: {json.dumps(webhook) if webhook else 'null'}",
            "feeds:",
        ]
        for name, url, lang in self.feeds():
            lines += [
                f"  - name: {name}",
                f"    url: {json.dumps(url)}",
                f"    lang: {lang or 'null'}",
                "    enabled: true",
            ]
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    def close(self) -> None:
        """Stop serving and release the port (idempotent)."""
        if self._closed:
            return
        self._closed = True
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Self:
        """Use as ``with serve() as site:``."""
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Close on leaving the block."""
        self.close()


def serve(
    root: Path | None = None, host: str = "127.0.0.1", port: int = 0, *, stage: str | None = None
) -> DemoServer:
    """Start serving ``root`` (default: the packaged demo site) in a daemon thread."""
    site_root = Path(root) if root is not None else SITE_DIR
    if not site_root.is_dir():
        msg = f"demo site directory not found: {site_root}"
        raise FileNotFoundError(msg)
    httpd = _SiteServer((host, port), _Handler)
    bound_host, bound_port = httpd.server_address[0], httpd.server_address[1]
    host_text = bound_host.decode() if isinstance(bound_host, bytes) else str(bound_host)
    host_part = f"[{host_text}]" if ":" in host_text else host_text
    httpd.site = _Site(site_root, f"http://{host_part}:{bound_port}")
    try:
        httpd.site.set_stage(stage)
    except ValueError:
        httpd.server_close()
        raise
    thread = threading.Thread(target=httpd.serve_forever, name=f"swapwatch-demo-{bound_port}", daemon=True)
    thread.start()
    return DemoServer(httpd, thread)


def load_expected() -> dict[str, Any]:
    """What the demo articles were written to say (data/expected.json)."""
    data: dict[str, Any] = json.loads(EXPECTED_PATH.read_text(encoding="utf-8"))
    return data


def main(argv: list[str] | None = None) -> int:
    """Serve the demo site until interrupted: ``python -m swapwatch.demo.server``."""
    parser = argparse.ArgumentParser(description="Serve the swapwatch demo news site on loopback.")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--stage", default=None, help='overlay to serve, e.g. "day2"')
    parser.add_argument("--feeds-yaml", type=Path, default=None, help="write a feeds config here")
    args = parser.parse_args(argv)
    with serve(port=args.port, stage=args.stage) as server:
        print(f"demo site: {server.base_url} (stage {server.stage})", flush=True)
        if args.feeds_yaml:
            print(f"feeds config: {server.feeds_yaml(args.feeds_yaml)}", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
