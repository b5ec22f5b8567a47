"""Watched folder and SMTP receiver hand documents to the callback."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from ordermind.intake import parse_document
from ordermind.intake.channels import FolderWatcher, SMTPReceiver, wait_for

EDI = (
    b"UNB+UNOA:4+A+B+200101:1000+1'UNH+1+ORDERS:D:96A:UN'BGM+220+PO-5+9'"
    b"LIN+1++5012345678900:EN'QTY+21:3'UNT+5+1'UNZ+1+1'"
)


def test_folder_watcher_hands_over_files_and_parks_failures(tmp_path) -> None:
    got: list[tuple[str, str]] = []

    def handle(data: bytes, name: str, source: str) -> None:
        docs = parse_document(data, filename=name)
        got.append((name, docs[0].po_number))

    (tmp_path / "good.edi").write_bytes(EDI)
    (tmp_path / "bad.bin").write_bytes(b"\x00\x01\x02" * 100)
    watcher = FolderWatcher(tmp_path, handle)
    assert watcher.poll_once() == 2
    assert got == [("good.edi", "PO-5")]
    assert (tmp_path / "processed" / "good.edi").exists()
    assert "binary" in (tmp_path / "failed" / "bad.bin.error.txt").read_text()
    assert watcher.poll_once() == 0


def test_folder_watcher_waits_for_a_file_to_stop_growing(tmp_path) -> None:
    seen: list[str] = []
    watcher = FolderWatcher(tmp_path, lambda d, n, s: seen.append(n))
    (tmp_path / "upload.csv").write_text("sku,qty\nA,1\n")
    assert watcher.poll_once(settle=True) == 0  # first sighting: not yet
    assert watcher.poll_once(settle=True) == 1 and seen == ["upload.csv"]


def test_smtp_receiver_accepts_attachments_and_plain_bodies_on_loopback() -> None:
    received: list[tuple[bytes, str, str]] = []
    with SMTPReceiver(lambda d, n, s: received.append((d, n, s))) as server:
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = "buyer@example.com", "orders@example.com", "PO"
        msg.set_content("see attached")
        msg.add_attachment(EDI, maintype="application", subtype="edifact", filename="po5.edi")
        body_only = EmailMessage()
        body_only["From"], body_only["To"] = "buyer@example.com", "orders@example.com"
        body_only.set_content("please send 4 boxes of pens, PO 77")
        with smtplib.SMTP(server.host, server.port, timeout=5) as client:
            client.send_message(msg)
            client.send_message(body_only)
        assert wait_for(lambda: len(received) == 2)
    (data1, name1, src1), (data2, name2, _) = received
    assert (name1, src1) == ("po5.edi", "email:buyer@example.com")
    assert parse_document(data1)[0].po_number == "PO-5"
    assert name2 == "body.txt" and parse_document(data2)[0].po_number == "77"
