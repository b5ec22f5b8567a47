"""Inbound channels: a watched folder and an SMTP receiver. Each hands every document as
(bytes, filename, source) to a callback; what to do with it is the services layer's call."""

from __future__ import annotations

import email
import email.policy
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .security import DEFAULT_LIMITS

# a file or message as large as intake reads (ORDERMIND_INTAKE_MAX_BYTES' default: a scan)
MAX_BYTES = DEFAULT_LIMITS.max_bytes

DocumentCallback = Callable[[bytes, str, str], Any]


class FolderWatcher:
    """Polls `inbox`; each stable file is handed over, then moved to `processed/` (or to
    `failed/` with a `.error.txt` beside it when the callback raises)."""

    def __init__(
        self, inbox: str | Path, callback: DocumentCallback, max_bytes: int = MAX_BYTES
    ) -> None:
        self.inbox = Path(inbox)
        self.callback = callback
        self.max_bytes = max_bytes
        self.processed = self.inbox / "processed"
        self.failed = self.inbox / "failed"
        for d in (self.inbox, self.processed, self.failed):
            d.mkdir(parents=True, exist_ok=True)
        self._sizes: dict[Path, int] = {}
        self._stop = threading.Event()

    def poll_once(self, settle: bool = False) -> int:
        """Hand over every ready file; with `settle`, a file must keep its size across two
        polls first (so half-copied uploads are not read). Returns how many were handled."""
        handled = 0
        for path in sorted(self.inbox.iterdir()):
            if not path.is_file() or path.name.startswith("."):
                continue
            size = path.stat().st_size
            if settle and self._sizes.get(path) != size:
                self._sizes[path] = size
                continue
            self._sizes.pop(path, None)
            try:
                if size > self.max_bytes:
                    raise ValueError(f"file is {size:,} bytes; limit {self.max_bytes:,}")
                self.callback(path.read_bytes(), path.name, f"folder:{self.inbox}")
            except Exception as exc:
                path.replace(self.failed / path.name)
                (self.failed / f"{path.name}.error.txt").write_text(f"{exc}\n", encoding="utf-8")
            else:
                path.replace(self.processed / path.name)
            handled += 1
        return handled

    def run(self, interval: float = 2.0) -> None:
        while not self._stop.is_set():
            self.poll_once(settle=True)
            self._stop.wait(interval)

    def stop(self) -> None:
        self._stop.set()


def documents_from_email(raw: bytes) -> list[tuple[bytes, str]]:
    """Attachments of an e-mail, or its plain-text body when it has none."""
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    docs: list[tuple[bytes, str]] = []
    for part in msg.iter_attachments():
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes) and payload:
            docs.append((payload, part.get_filename() or "attachment"))
    if not docs:
        body = msg.get_body(preferencelist=("plain",))
        if body is not None:
            text = body.get_content()
            if text.strip():
                docs.append((text.encode("utf-8"), "body.txt"))
    return docs


class _Handler:
    def __init__(self, callback: DocumentCallback, max_bytes: int) -> None:
        self.callback = callback
        self.max_bytes = max_bytes

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        raw = envelope.original_content or envelope.content
        if len(raw) > self.max_bytes:
            return "552 Message exceeds fixed maximum message size"
        sender = envelope.mail_from
        try:
            for data, name in documents_from_email(raw):
                self.callback(data, name, f"email:{sender}")
        except Exception:
            return "451 Requested action aborted: error in processing"
        return "250 Message accepted for delivery"


class SMTPReceiver:
    """aiosmtpd server on (host, port); port 0 picks a free one (see `.port` after start)."""

    def __init__(
        self,
        callback: DocumentCallback,
        host: str = "127.0.0.1",
        port: int = 0,
        max_bytes: int = MAX_BYTES,
    ) -> None:
        from aiosmtpd.controller import Controller

        if port == 0:
            import socket

            with socket.socket() as s:
                s.bind((host, 0))
                port = s.getsockname()[1]
        self.host, self.port = host, port
        # an attachment of max_bytes travels base64-encoded: 4/3 of it, plus the headers
        message_bytes = max_bytes * 4 // 3 + 64 * 1024
        self.controller = Controller(
            _Handler(callback, message_bytes),
            hostname=host,
            port=port,
            data_size_limit=message_bytes,
        )

    def start(self) -> SMTPReceiver:
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def __enter__(self) -> SMTPReceiver:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def wait_for(predicate: Callable[[], bool], timeout: float = 5.0) -> bool:
    """Small helper for callers and tests that need to wait on a background channel."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.02)
    return predicate()
