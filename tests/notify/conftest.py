"""A push service on 127.0.0.1 for the tests: it takes what pywebpush posts and decrypts it."""

from __future__ import annotations

import base64
import json
import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
import pytest
from allauth.account.models import EmailAddress
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def verified(user):
    EmailAddress.objects.update_or_create(
        user=user, email=user.email, defaults={"verified": True, "primary": True}
    )
    return user


@dataclass
class Device:
    """A browser's side of a subscription: its endpoint on the test push service and its keys."""

    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth_secret: bytes

    @property
    def p256dh(self) -> str:
        raw = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return b64url(raw)

    @property
    def auth(self) -> str:
        return b64url(self.auth_secret)

    def as_json(self) -> dict:
        return {"endpoint": self.endpoint, "keys": {"p256dh": self.p256dh, "auth": self.auth}}


@dataclass
class PushService:
    base_url: str
    answer_status: int = 201
    received: list[dict] = field(default_factory=list)
    devices: dict[str, Device] = field(default_factory=dict)

    def device(self, name: str = "phone") -> Device:
        found = Device(
            endpoint=f"{self.base_url}/push/{name}",
            private_key=ec.generate_private_key(ec.SECP256R1()),
            auth_secret=os.urandom(16),
        )
        self.devices[found.endpoint] = found
        return found

    def messages(self) -> list[dict]:
        """What each device would show: the decrypted payloads, with the VAPID header seen."""
        out = []
        for item in self.received:
            device = self.devices[item["endpoint"]]
            plain = http_ece.decrypt(
                item["body"],
                private_key=device.private_key,
                auth_secret=device.auth_secret,
                version="aes128gcm",
            )
            out.append(
                {**json.loads(plain), "endpoint": item["endpoint"], "authorization": item["authorization"]}
            )
        return out


@contextmanager
def running_push_service():
    service = PushService(base_url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", 0))
            body = self.rfile.read(length)
            service.received.append(
                {
                    "endpoint": service.base_url + self.path,
                    "body": body,
                    "authorization": self.headers.get("Authorization", ""),
                    "encoding": self.headers.get("Content-Encoding", ""),
                    "ttl": self.headers.get("TTL", ""),
                }
            )
            self.send_response(service.answer_status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    service.base_url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield service
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def push_service():
    with running_push_service() as service:
        yield service
