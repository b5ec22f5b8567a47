"""A sender layout learnt from one correction: a PDF whose order number sits under a
label no vocabulary knows goes to review; the reviewer's correction is stored as that
sender's layout, and the sender's next PDF is read right at once, with no correction.
Another sender is not affected. SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from ordermind.adapters.http.auth import Role, create_key

from ...unit.intake.pdf_corpus import _Doc
from ..api.conftest import Api

SHIP_TO = {
    "name": "Zenith Yard",
    "line1": "7 Harbour Road",
    "city": "Leith",
    "postal_code": "EH6 6LX",
    "country": "GB",
}


@pytest.fixture
def api(app, engine) -> Api:
    client = Api(TestClient(app), create_key(engine, Role.ADMIN))
    client.seed({("LDN", "A"): 100})
    return client


def _order(sender: str, reference: str, quantity: int) -> bytes:
    """A purchase order whose number stands after `Kenmerk`, a label no list holds."""
    d = _Doc("Helvetica")
    d.text(40, 50, sender, 13, bold=True)
    d.text(40, 64, "7 Harbour Road, Leith")
    d.text(390, 40, "PURCHASE ORDER", 15, bold=True)
    d.text(390, 130, "Kenmerk")
    d.text(470, 130, reference)
    d.text(390, 144, "Order date:")
    d.text(470, 144, "03/02/2025")
    for x, label, right in (
        (40, "Description", False),
        (380, "Qty", True),
        (470, "Unit Price", True),
        (555, "Amount", True),
    ):
        d.text(x, 200, label, 8.5, bold=True, right=right)
    d.text(40, 218, "hex bolt M8 x 40")
    d.text(380, 218, str(quantity), right=True)
    d.text(470, 218, "2.50", right=True)
    d.text(555, 218, f"{2.5 * quantity:.2f}", right=True)
    d.text(470, 250, "Total")
    d.text(555, 250, f"{2.5 * quantity:.2f}", right=True)
    return d.bytes()


def _upload(api: Api, data: bytes) -> dict:
    r = api.post("/v1/intake/documents", content=data, params={"filename": "po.pdf"})
    assert r.status_code == 201, r.text
    [outcome] = r.json()["documents"]
    return api.get(f"/v1/intake/documents/{outcome['document_id']}").json()


def test_a_correction_teaches_the_senders_layout_and_the_next_pdf_needs_none(api) -> None:
    first = _upload(api, _order("Zenith Supplies Ltd", "ZX-4411", 4))
    assert first["status"] == "review" and first["po_number"] is None
    line_id = first["parsed"]["lines"][0]["line_id"]
    r = api.post(
        f"/v1/intake/documents/{first['id']}/resolve",
        json={
            "lines": [{"line_id": line_id, "sku": "A"}],
            "ship_to": SHIP_TO,
            "fields": {"po_number": "ZX-4411"},
        },
    )
    assert r.status_code == 200, r.text
    assert r.json()["po_number"] == "ZX-4411"
    assert r.json()["parsed"]["meta"]["layout_learnt"] == ["po_number"]

    second = _upload(api, _order("Zenith Supplies Ltd", "ZX-5822", 6))
    assert second["po_number"] == "ZX-5822"
    assert "missing PO number" not in second["reasons"]
    assert second["parsed"]["field_confidence"]["po_number"] >= 0.9
    assert second["parsed"]["meta"]["layout_fields"] == ["po_number"]
    box = second["boxes"]["po_number"]
    assert box["page"] == 1 and box["x0"] > 0.6  # where the sender prints it

    other = _upload(api, _order("Northwind Traders Inc.", "NW-1200", 2))
    assert other["po_number"] is None  # a different sender: no layout of its own


def test_a_bad_field_correction_is_refused_and_changes_nothing(api) -> None:
    doc = _upload(api, _order("Zenith Supplies Ltd", "ZX-7000", 1))
    r = api.post(
        f"/v1/intake/documents/{doc['id']}/resolve",
        json={"fields": {"issue_date": "31/02/2025"}, "ship_to": SHIP_TO},
    )
    assert r.status_code == 422, r.text
    again = api.get(f"/v1/intake/documents/{doc['id']}").json()
    assert again["status"] == "review" and again["po_number"] is None
