"""A minimal Socket Mode endpoint: the WebSocket server that apps.connections.open points the bot at.

It speaks just enough RFC 6455 (handshake, text frames, ping/pong, close) to deliver envelopes the way
Slack does and to collect the bot's acknowledgements.
"""

from __future__ import annotations

import base64
import hashlib
import json
import socket
import struct
import threading
import time
import uuid
from typing import Any

GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def _frame(payload: bytes, opcode: int = 0x1) -> bytes:
    n = len(payload)
    head = bytes([0x80 | opcode])
    if n < 126:
        head += bytes([n])
    elif n < 65536:
        head += bytes([126]) + struct.pack(">H", n)
    else:
        head += bytes([127]) + struct.pack(">Q", n)
    return head + payload


def _read_exact(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


class FakeSocketMode:
    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.conn: socket.socket | None = None
        self.acks: dict[str, dict[str, Any]] = {}
        self.lock = threading.Lock()
        self.send_lock = threading.Lock()
        self.connected = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.listener.getsockname()[1]}/link/?ticket=test"

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        request = b""
        while b"\r\n\r\n" not in request:
            chunk = conn.recv(4096)
            if not chunk:
                return
            request += chunk
        headers = dict(line.split(": ", 1) for line in request.decode().split("\r\n")[1:] if ": " in line)
        key = {k.lower(): v for k, v in headers.items()}["sec-websocket-key"]
        accept = base64.b64encode(hashlib.sha1((key + GUID).encode()).digest()).decode()
        conn.sendall(
            (
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Accept: {accept}\r\n\r\n"
            ).encode()
        )
        self.conn = conn
        self._send(
            {
                "type": "hello",
                "num_connections": 1,
                "debug_info": {"host": "fake"},
                "connection_info": {"app_id": "A0001"},
            }
        )
        self.connected.set()
        try:
            while True:
                b1, b2 = _read_exact(conn, 2)
                opcode, masked, n = b1 & 0x0F, b2 & 0x80, b2 & 0x7F
                if n == 126:
                    n = struct.unpack(">H", _read_exact(conn, 2))[0]
                elif n == 127:
                    n = struct.unpack(">Q", _read_exact(conn, 8))[0]
                mask = _read_exact(conn, 4) if masked else b"\0\0\0\0"
                data = bytes(c ^ mask[i % 4] for i, c in enumerate(_read_exact(conn, n)))
                if opcode == 0x9:
                    with self.send_lock:
                        conn.sendall(_frame(data, 0xA))
                elif opcode == 0x8:
                    return
                elif opcode == 0x1:
                    msg = json.loads(data)
                    with self.lock:
                        self.acks[msg.get("envelope_id", "")] = msg
        except (ConnectionError, OSError):
            return

    def _send(self, message: dict[str, Any]) -> None:
        assert self.conn is not None
        with self.send_lock:
            self.conn.sendall(_frame(json.dumps(message).encode()))

    def deliver(self, kind: str, payload: dict[str, Any], timeout: float = 10.0) -> dict[str, Any]:
        """Send one envelope ('slash_commands', 'interactive', 'events_api') and wait for the bot's ack."""
        assert self.connected.wait(timeout), "the bot never connected"
        envelope_id = str(uuid.uuid4())
        self._send(
            {
                "envelope_id": envelope_id,
                "type": kind,
                "payload": payload,
                "accepts_response_payload": kind != "events_api",
                "retry_attempt": 0,
                "retry_reason": "",
            }
        )
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self.lock:
                if envelope_id in self.acks:
                    return self.acks[envelope_id]
            time.sleep(0.02)
        raise AssertionError(f"no ack for {kind}")

    def stop(self) -> None:
        self.listener.close()
        if self.conn is not None:
            try:
                self.conn.close()
            except OSError:
                pass
