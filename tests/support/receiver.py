"""A webhook receiver on 127.0.0.1 that records every POST and can be told to fail or hang."""

from __future__ import annotations

import http.server
import json
import threading
import time
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any


@dataclass
class Received:
    """One POST the receiver accepted or refused."""

    path: str
    key: str | None
    body: dict[str, Any]
    status: int


@dataclass
class Receiver:
    """Records POSTs; `fail_next` answers 500 that many times, `hang_next` stalls that many times."""

    fail_next: int = 0
    hang_next: int = 0
    hang_seconds: float = 5.0
    posts: list[Received] = field(default_factory=list)
    _server: http.server.ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        """The hook URL."""
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/hook"

    @property
    def host_port(self) -> str:
        """The host:port pair to allow-list."""
        assert self._server is not None
        return f"127.0.0.1:{self._server.server_address[1]}"

    def delivered(self) -> list[Received]:
        """The POSTs answered 200."""
        return [p for p in self.posts if p.status == 200]

    def start(self) -> Receiver:
        """Start serving in a daemon thread."""
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                length = int(self.headers.get("Content-Length", "0"))
                body = json.loads(self.rfile.read(length) or b"{}")
                status = 200
                if receiver.hang_next > 0:
                    receiver.hang_next -= 1
                    time.sleep(receiver.hang_seconds)
                    status = 504
                elif receiver.fail_next > 0:
                    receiver.fail_next -= 1
                    status = 500
                receiver.posts.append(Received(self.path, self.headers.get("Idempotency-Key"), body, status))
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: object) -> None:
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def close(self) -> None:
        """Stop serving."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()

    def __enter__(self) -> Receiver:
        return self.start()

    def __exit__(self, et: type[BaseException] | None, e: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
