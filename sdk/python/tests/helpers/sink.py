"""A real HTTP server (http.server in a thread) playing Sensei's batch endpoints, with scripted answers."""
from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional, Union


@dataclass
class Request:
    path: str
    headers: Dict[str, str]
    raw: bytes
    at: float
    json: Any = None


@dataclass
class Answer:
    status: int = 207
    body: Any = None  # dict → JSON; None → per-item 202 results for every item
    headers: Dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    cut: bool = False  # close the connection without answering


Responder = Callable[[Request], Optional[Answer]]


def accept_all(req: Request) -> Answer:
    return Answer()


class Sink:
    def __init__(self, responder: Responder = accept_all) -> None:
        self.requests: List[Request] = []
        self.responder: Responder = responder
        self.lock = threading.Lock()
        sink = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *a: Any) -> None:  # quiet
                pass

            def do_POST(self) -> None:  # noqa: N802
                n = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(n)
                try:
                    parsed = json.loads(raw)
                except ValueError:
                    parsed = None
                req = Request(self.path, {k.lower(): v for k, v in self.headers.items()}, raw, time.monotonic(),
                              parsed)
                with sink.lock:
                    sink.requests.append(req)
                    responder = sink.responder
                answer = responder(req) or Answer()
                if answer.delay:
                    time.sleep(answer.delay)
                if answer.cut:
                    self.close_connection = True
                    try:
                        self.connection.shutdown(2)
                    except OSError:
                        pass
                    return
                body = answer.body
                if body is None and answer.status == 207:
                    items = (parsed or {}).get("conversations") or (parsed or {}).get("feedback") or []
                    body = {"results": [{"index": i, "conversation_id": it.get("conversation_id"), "status": 202,
                                         "event_id": f"1-{i}"} for i, it in enumerate(items)]}
                data = b"" if body is None else json.dumps(body).encode()
                self.send_response(answer.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                for k, v in answer.headers.items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def track_requests(self) -> List[Request]:
        with self.lock:
            return [r for r in self.requests if r.path == "/api/v1/conversations/track/batch"]

    def feedback_requests(self) -> List[Request]:
        with self.lock:
            return [r for r in self.requests if r.path == "/api/v1/feedback/batch"]

    def items(self) -> List[Dict[str, Any]]:
        return [it for r in self.track_requests() for it in r.json["conversations"]]

    def messages(self, conversation_id: Optional[str] = None) -> List[Dict[str, Any]]:
        return [m for it in self.items() if conversation_id is None or it["conversation_id"] == conversation_id
                for m in it["messages"]]

    def wait_for(self, predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if predicate():
                return True
            time.sleep(0.01)
        return predicate()


def script(*answers: Union[Answer, None]) -> Responder:
    """Answers in this order, then accepts everything."""
    queue = list(answers)
    lock = threading.Lock()

    def responder(req: Request) -> Optional[Answer]:
        with lock:
            return queue.pop(0) if queue else None

    return responder
