"""A real HTTP receiver on 127.0.0.1 (http.server in a thread) for webhook tests and the benchmark.

Paths choose the behaviour: ``/ok`` answers 204, ``/fail`` 500, ``/slow/<ms>`` waits then answers 200,
``/flaky/<n>`` fails the first ``n`` requests it sees and then answers 200."""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict
    body: bytes
    at: float


@dataclass
class Receiver:
    server: ThreadingHTTPServer
    thread: threading.Thread
    requests: list[Received] = field(default_factory=list)
    seen: dict = field(default_factory=lambda: defaultdict(int))
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def base(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.requests) >= count:
                    return list(self.requests)
            time.sleep(0.01)
        raise AssertionError(f"expected {count} requests, got {len(self.requests)}")


def start_receiver() -> Receiver:
    holder: dict = {}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):  # quiet
            pass

        def do_POST(self):
            receiver: Receiver = holder["receiver"]
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            parts = self.path.strip("/").split("/")
            with receiver.lock:
                receiver.requests.append(Received(self.path, dict(self.headers), body, time.time()))
                receiver.seen[self.path] += 1
                seen = receiver.seen[self.path]
            status = 204
            if parts[0] == "fail":
                status = 500
            elif parts[0] == "slow":
                time.sleep(int(parts[1]) / 1000)
                status = 200
            elif parts[0] == "flaky":
                status = 503 if seen <= int(parts[1]) else 200
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    receiver = Receiver(server, thread)
    holder["receiver"] = receiver
    thread.start()
    return receiver
