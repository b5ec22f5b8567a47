"""Orders arriving by watched folder and by e-mail land in the store like API uploads: CSV
files, and PDF purchase orders (dropped in the folder, attached to an e-mail sent over real
SMTP) read into intake documents with their number, date, total and lines."""

from __future__ import annotations

import smtplib
from decimal import Decimal
from email.message import EmailMessage

from sqlalchemy import select

from ordermind.adapters.db import tables as t
from ordermind.adapters.db.unit_of_work import SqlUnitOfWork
from ordermind.adapters.intake_channels import make_handler
from ordermind.domain.catalog import Product
from ordermind.domain.network import Node
from ordermind.intake.channels import FolderWatcher, SMTPReceiver
from ordermind.services import inventory

from ...unit.intake.pdf_corpus import Gold, make_gold, render

CSV = (
    b"Customer ID,PO Number,Ship To,Address,City,Postcode,Country,SKU,Quantity\n"
    b"ACME,{po},Acme Ltd,1 Dock Rd,Leeds,LS1 1AA,GB,A,2\n"
)


def _store(engine) -> None:
    with SqlUnitOfWork(engine) as uow:
        inventory.upsert_node(uow, Node("LDN", "London", lat=51.5, lon=-0.1))
        inventory.upsert_product(uow, Product("A", "Widget", 500))
        inventory.set_stock(uow, "LDN", "A", 10, 0, "test")
        uow.commit()


def _orders(engine) -> list[tuple]:
    with engine.connect() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(t.orders.c.channel, t.orders.c.external_id, t.orders.c.status)
            )
        ]


def test_a_file_dropped_in_the_folder_becomes_an_order_and_garbage_goes_to_failed(engine, tmp_path):
    _store(engine)
    tmp_path = tmp_path / "inbox"
    tmp_path.mkdir()
    (tmp_path / "po1.csv").write_bytes(CSV.replace(b"{po}", b"PO-1"))
    (tmp_path / "junk.bin").write_bytes(bytes(range(256)) * 10)
    watcher = FolderWatcher(tmp_path, make_handler(engine, "edi"))
    assert watcher.poll_once() == 2
    errors = {p.name: p.read_text() for p in (tmp_path / "failed").glob("*.txt")}
    assert list(errors) == ["junk.bin.error.txt"], errors
    assert _orders(engine) == [("edi", "PO-1", "allocated")]
    assert (tmp_path / "processed" / "po1.csv").exists()
    assert [p.name for p in (tmp_path / "failed").iterdir() if p.suffix == ".bin"] == ["junk.bin"]


def test_an_emailed_order_attachment_becomes_an_order(engine):
    _store(engine)
    with SMTPReceiver(make_handler(engine, "email"), host="127.0.0.1", port=0) as rx:
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = "buyer@acme.example", "orders@shop.example", "PO"
        msg.set_content("Please find our order attached.")
        msg.add_attachment(
            CSV.replace(b"{po}", b"PO-2"), maintype="text", subtype="csv", filename="po2.csv"
        )
        with smtplib.SMTP("127.0.0.1", rx.port, timeout=10) as client:
            client.send_message(msg)
    assert ("email", "PO-2", "allocated") in _orders(engine)


def _intake_documents(engine) -> list[dict]:
    cols = t.intake_documents.c
    query = select(cols.source, cols.filename, cols.format, cols.po_number, cols.parsed)
    with engine.connect() as conn:
        return [dict(r._mapping) for r in conn.execute(query.order_by(cols.id))]


def _read_as_written(row: dict, g: Gold) -> None:
    """The intake document holds the PDF's fields as the generator wrote them."""
    assert row["format"] == "pdf" and row["po_number"] == g.po_number
    parsed = row["parsed"]
    assert parsed["issue_date"] == g.issue_date
    assert Decimal(str(parsed["meta"]["total"])) == Decimal(g.total)
    lines = parsed["lines"]
    assert [Decimal(str(ln["quantity"])) for ln in lines] == [ln.quantity for ln in g.lines]
    assert [Decimal(str(ln["unit_price"])) for ln in lines] == [
        Decimal(ln.unit_price) for ln in g.lines
    ]


def test_a_pdf_purchase_order_dropped_in_the_folder_becomes_an_intake_document(engine, tmp_path):
    _store(engine)
    g = make_gold(41, "B", "de")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "bestellung.pdf").write_bytes(render(g, 41))
    watcher = FolderWatcher(inbox, make_handler(engine, "edi"))
    assert watcher.poll_once() == 1
    assert list((inbox / "failed").iterdir()) == []
    assert (inbox / "processed" / "bestellung.pdf").exists()
    [row] = _intake_documents(engine)
    assert row["source"] == "folder" and row["filename"] == "bestellung.pdf"
    _read_as_written(row, g)


def test_a_pdf_attached_to_an_email_becomes_an_intake_document(engine):
    _store(engine)
    g = make_gold(42, "C", "fr")
    with SMTPReceiver(make_handler(engine, "email"), host="127.0.0.1", port=0) as rx:
        msg = EmailMessage()
        msg["From"], msg["To"] = "achats@client.example", "orders@shop.example"
        msg["Subject"] = "Bon de commande"
        msg.set_content("Veuillez trouver ci-joint notre commande.")
        msg.add_attachment(
            render(g, 42), maintype="application", subtype="pdf", filename="commande.pdf"
        )
        with smtplib.SMTP("127.0.0.1", rx.port, timeout=30) as client:
            client.send_message(msg)
    [row] = _intake_documents(engine)
    assert row["source"] == "email" and row["filename"] == "commande.pdf"
    _read_as_written(row, g)
