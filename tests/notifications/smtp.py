"""A real SMTP server (aiosmtpd) on 127.0.0.1 that records each message and answers as told."""

from __future__ import annotations

import asyncio
import email
import socket
import threading
from collections import deque

from aiosmtpd.controller import Controller


class Recorder:
    def __init__(self, answers=("250 OK",), data_delay: float = 0.0):
        self.messages: list[email.message.Message] = []
        self.answers = deque(answers)  # replies to DATA, in order; the last one repeats
        self.data_delay = data_delay

    async def handle_DATA(self, server, session, envelope):
        if self.data_delay:
            await asyncio.sleep(self.data_delay)
        answer = self.answers.popleft() if len(self.answers) > 1 else self.answers[0]
        if answer.startswith("250"):
            self.messages.append(email.message_from_bytes(envelope.content))
        return answer

    @property
    def message_ids(self) -> list[str]:
        return [m["Message-ID"] for m in self.messages]


class SMTPServer:
    def __init__(self, **recorder):
        self.recorder = Recorder(**recorder)
        self.controller = Controller(self.recorder, hostname="127.0.0.1", port=_free_port())

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()

    @property
    def port(self) -> int:
        return self.controller.port

    @property
    def messages(self):
        return self.recorder.messages


class SilentServer:
    """Accepts connections and never says a word: a mail server that stalls."""

    def __init__(self):
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self):
        try:
            while True:
                conn, _ = self.sock.accept()
                self.connections.append(conn)
        except OSError:
            return

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.sock.close()
        for conn in self.connections:
            conn.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
