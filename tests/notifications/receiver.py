"""A real HTTP receiver on 127.0.0.1 that records what it is sent and answers as told."""

from __future__ import annotations

import socket
import ssl
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    """``answers``: status codes in order, the last repeating; ``respond`` writes a whole answer instead.

    ``host`` and ``port`` pick where it listens (``::1`` for IPv6); ``tls`` is a (certificate,
    key) pair to answer HTTPS, recording the name each client asked for (SNI) in ``server_names``.
    """

    def __init__(self, answers=(200,), *, body=b"ok", headers=None, respond=None, host="127.0.0.1", port=0,
                 tls=None):  # fmt: skip
        self.requests: list[dict] = []
        self.server_names: list[str | None] = []
        self.answers = deque(answers)  # status codes to give, in order; the last one repeats
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body_in = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body_in})
                if respond is not None:
                    respond(self)
                    return
                code = receiver.answers.popleft() if len(receiver.answers) > 1 else receiver.answers[0]
                self.send_response(code)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            address_family = socket.AF_INET6 if ":" in host else socket.AF_INET

        self.server = Server((host, port), Handler)
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(*tls)
            context.sni_callback = lambda sock, name, ctx: self.server_names.append(name)
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_port
        netloc = f"[{host}]" if ":" in host else host
        self.url = f"{'https' if tls else 'http'}://{netloc}:{self.port}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
