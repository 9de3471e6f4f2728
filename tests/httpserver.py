"""A real HTTP server on loopback for tests, with per-path handlers that can misbehave."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # before the headers
    drip: float = 0.0  # seconds between single bytes of the body


Route = Callable[[BaseHTTPRequestHandler], Reply | None]


class TestServer:
    __test__ = False  # not a test class

    def __init__(self) -> None:
        self.routes: dict[str, Route | Reply] = {}
        self.hits: Counter[str] = Counter()
        self.request_headers: dict[str, dict[str, str]] = {}
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                path = self.path
                outer.hits[path] += 1
                outer.request_headers[path] = dict(self.headers.items())
                route = outer.routes.get(path) or outer.routes.get(path.split("?")[0])
                if route is None:
                    reply: Reply | None = Reply(404, b"not found", {"Content-Type": "text/plain"})
                elif isinstance(route, Reply):
                    reply = route
                else:
                    reply = route(self)
                if reply is None:  # the route wrote the response itself
                    return
                try:
                    if reply.delay:
                        time.sleep(reply.delay)
                    self.send_response(reply.status)
                    headers = {"Content-Length": str(len(reply.body))} | reply.headers
                    for key, value in headers.items():
                        self.send_header(key, value)
                    self.end_headers()
                    if reply.drip:
                        for i in range(len(reply.body)):
                            self.wfile.write(reply.body[i : i + 1])
                            self.wfile.flush()
                            time.sleep(reply.drip)
                    else:
                        self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                pass  # clients that hang up on purpose (caps, timeouts) are expected

        self.httpd = Server(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> TestServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
