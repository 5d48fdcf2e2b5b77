"""A zero-latency OpenAI-compatible model on Python's plain http.server (threaded, SSE).

The kind of model a developer writes in ten minutes: it reads the request head and the body with
separate reads, as http.server does, and writes each SSE event with its own send (no TCP_NODELAY).

    python3 bench/sse_http_server.py PORT
"""

import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

WORDS = ["Your", " order", " ships", " today", "."]


class Handler(BaseHTTPRequestHandler):
    # HTTP/1.0, http.server's default: the stream ends when the connection closes.

    def log_message(self, *args):
        pass

    def do_GET(self):
        body = json.dumps({"object": "list", "data": [{"id": "fake-model", "object": "model"}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        request = json.loads(self.rfile.read(length) or b"{}")
        if not request.get("stream"):
            body = json.dumps({
                "id": "chatcmpl-py", "object": "chat.completion", "created": 0, "model": "fake-model",
                "choices": [{"index": 0, "message": {"role": "assistant", "content": "".join(WORDS)},
                             "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10},
            }).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        for i, word in enumerate(WORDS):
            chunk = {"id": "chatcmpl-py", "object": "chat.completion.chunk", "created": 0, "model": "fake-model",
                     "choices": [{"index": 0, "delta": ({"role": "assistant"} if i == 0 else {}) | {"content": word},
                                  "finish_reason": None}]}
            self.wfile.write(b"data: " + json.dumps(chunk).encode() + b"\n\n")
            self.wfile.flush()
        done = {"id": "chatcmpl-py", "object": "chat.completion.chunk", "created": 0, "model": "fake-model",
                "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
                "usage": {"prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10}}
        self.wfile.write(b"data: " + json.dumps(done).encode() + b"\n\n")
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()


if __name__ == "__main__":
    ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
