"""Purchase orders (and confirmations, delivery notes) as PDFs the project makes itself,
each with its gold fields: five layouts, six languages (EN/NL/DE/FR/ES/PT) with their
own number and date formats, and scans made from them (fax resolution, turned, skewed,
noisy; PNG, TIFF, JPEG and image-only PDF).

Layouts A, B and C were used while the extraction rules were written; D and E were
written afterwards as the held-out split and are scored, never tuned on
(`benchmarks/intake_pdf.py`). Every value is drawn from a seeded generator, so a
document is the same on every machine.

    python tests/unit/intake/pdf_corpus.py OUT_DIR [--count N]   # writes PDFs + .json
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import sys
from dataclasses import asdict, dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

DEV_LAYOUTS = ("A", "B", "C")
HELD_OUT_LAYOUTS = ("D", "E")
LANGUAGES = ("en", "nl", "de", "fr", "es", "pt")

# The words each language prints on a purchase order.
WORDS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Purchase Order",
        "number": "PO Number",
        "date": "Order Date",
        "delivery": "Delivery Date",
        "ship_to": "Ship To",
        "bill_to": "Bill To",
        "supplier": "Supplier",
        "code": "Item Code",
        "description": "Description",
        "qty": "Qty",
        "unit": "Unit",
        "price": "Unit Price",
        "discount": "Disc. %",
        "vat": "VAT %",
        "amount": "Amount",
        "subtotal": "Subtotal",
        "tax": "VAT",
        "total": "Total",
        "pos": "Line",
        "confirmation": "Order Confirmation",
        "delivery_note": "Delivery Note",
        "piece": "pcs",
        "box": "box",
        "note": "Please deliver to the loading dock between 8:00 and 16:00.",
        "section": "Spare parts",
        "currency": "Currency",
    },
    "nl": {
        "title": "Inkooporder",
        "number": "Bestelnummer",
        "date": "Besteldatum",
        "delivery": "Leverdatum",
        "ship_to": "Afleveradres",
        "bill_to": "Factuuradres",
        "supplier": "Leverancier",
        "code": "Artikelnummer",
        "description": "Omschrijving",
        "qty": "Aantal",
        "unit": "Eenheid",
        "price": "Prijs per stuk",
        "discount": "Korting",
        "vat": "BTW %",
        "amount": "Bedrag",
        "subtotal": "Subtotaal",
        "tax": "BTW",
        "total": "Totaal",
        "pos": "Regel",
        "confirmation": "Orderbevestiging",
        "delivery_note": "Pakbon",
        "piece": "stuks",
        "box": "doos",
        "note": "Graag leveren aan het magazijn tussen 8:00 en 16:00 uur.",
        "section": "Reserveonderdelen",
        "currency": "Valuta",
    },
    "de": {
        "title": "Bestellung",
        "number": "Bestellnummer",
        "date": "Bestelldatum",
        "delivery": "Liefertermin",
        "ship_to": "Lieferadresse",
        "bill_to": "Rechnungsadresse",
        "supplier": "Lieferant",
        "code": "Artikelnummer",
        "description": "Bezeichnung",
        "qty": "Menge",
        "unit": "Einheit",
        "price": "Einzelpreis",
        "discount": "Rabatt %",
        "vat": "MwSt. %",
        "amount": "Gesamtpreis",
        "subtotal": "Zwischensumme",
        "tax": "MwSt.",
        "total": "Gesamtbetrag",
        "pos": "Pos.",
        "confirmation": "Auftragsbestätigung",
        "delivery_note": "Lieferschein",
        "piece": "Stück",
        "box": "Karton",
        "note": "Bitte an die Warenannahme zwischen 8:00 und 16:00 Uhr liefern.",
        "section": "Ersatzteile",
        "currency": "Währung",
    },
    "fr": {
        "title": "Bon de commande",
        "number": "N° de commande",
        "date": "Date de commande",
        "delivery": "Date de livraison",
        "ship_to": "Adresse de livraison",
        "bill_to": "Adresse de facturation",
        "supplier": "Fournisseur",
        "code": "Référence",
        "description": "Désignation",
        "qty": "Quantité",
        "unit": "Unité",
        "price": "Prix unitaire",
        "discount": "Remise",
        "vat": "TVA %",
        "amount": "Montant HT",
        "subtotal": "Total HT",
        "tax": "TVA",
        "total": "Total TTC",
        "pos": "Ligne",
        "confirmation": "Confirmation de commande",
        "delivery_note": "Bon de livraison",
        "piece": "pièces",
        "box": "boîte",
        "note": "Livraison au quai de chargement entre 8h00 et 16h00.",
        "section": "Pièces détachées",
        "currency": "Devise",
    },
    "es": {
        "title": "Pedido",
        "number": "Número de pedido",
        "date": "Fecha de pedido",
        "delivery": "Fecha de entrega",
        "ship_to": "Dirección de entrega",
        "bill_to": "Dirección de facturación",
        "supplier": "Proveedor",
        "code": "Código",
        "description": "Descripción",
        "qty": "Cantidad",
        "unit": "Unidad",
        "price": "Precio unitario",
        "discount": "Dto.",
        "vat": "IVA %",
        "amount": "Importe",
        "subtotal": "Base imponible",
        "tax": "IVA",
        "total": "Total",
        "pos": "Línea",
        "confirmation": "Confirmación de pedido",
        "delivery_note": "Albarán",
        "piece": "unidades",
        "box": "caja",
        "note": "Entregar en el muelle de carga entre las 8:00 y las 16:00.",
        "section": "Recambios",
        "currency": "Moneda",
    },
    "pt": {
        "title": "Nota de encomenda",
        "number": "N.º de encomenda",
        "date": "Data da encomenda",
        "delivery": "Data de entrega",
        "ship_to": "Endereço de entrega",
        "bill_to": "Endereço de faturação",
        "supplier": "Fornecedor",
        "code": "Código",
        "description": "Descrição",
        "qty": "Quantidade",
        "unit": "Unidade",
        "price": "Preço unitário",
        "discount": "Desconto",
        "vat": "IVA %",
        "amount": "Valor",
        "subtotal": "Subtotal",
        "tax": "IVA",
        "total": "Total",
        "pos": "Linha",
        "confirmation": "Confirmação de encomenda",
        "delivery_note": "Guia de remessa",
        "piece": "unidades",
        "box": "caixa",
        "note": "Entregar no cais de carga entre as 8:00 e as 16:00.",
        "section": "Peças sobresselentes",
        "currency": "Moeda",
    },
}
CURRENCY = {
    "en": ("USD", "$"),
    "nl": ("EUR", "€"),
    "de": ("EUR", "€"),
    "fr": ("EUR", "€"),
    "es": ("EUR", "€"),
    "pt": ("EUR", "€"),
}
CITIES = {
    "en": [("Northwind Traders Inc.", "1200 Market Street", "Philadelphia PA 19107", "USA")],
    "nl": [
        ("Van Dijk Installatietechniek B.V.", "Industrieweg 14", "3542 AD Utrecht", "Nederland")
    ],
    "de": [("Müller Maschinenbau GmbH", "Hauptstraße 27", "70173 Stuttgart", "Deutschland")],
    "fr": [("Atelier Durand SARL", "12 rue des Forges", "69007 Lyon", "France")],
    "es": [("Suministros Iberia S.L.", "Calle Mayor 45", "28013 Madrid", "España")],
    "pt": [("Ferragens Lusitânia Lda.", "Rua Augusta 101", "1100-048 Lisboa", "Portugal")],
}
SUPPLIERS = [
    "Acme Components Ltd.",
    "Nordic Fasteners AB",
    "Baltic Tools OÜ",
    "Helvetia Precision AG",
    "Danube Supply Kft.",
]
ITEMS = [
    ("hex bolt M8 x 40, zinc plated", "piece"),
    ("flat washer M8 DIN 125", "piece"),
    ("ball bearing 6204-2RS", "piece"),
    ("hydraulic hose 1/2 inch, 2 m", "piece"),
    ("safety gloves nitrile size L", "box"),
    ("cable tie 300 mm black", "box"),
    ("LED panel 60 x 60 cm 40 W", "piece"),
    ("copper pipe 15 mm x 5 m", "piece"),
    ("grease cartridge 400 g lithium", "piece"),
    ("pallet wrap film 500 mm", "box"),
    ("angle grinder disc 125 mm", "box"),
    ("stainless hinge 100 mm", "piece"),
    ("PVC conduit 20 mm x 3 m", "piece"),
    ("circuit breaker 16 A C-curve", "piece"),
    ("drill bit set HSS 19 pieces", "piece"),
    ("wood screw 4 x 50 countersunk", "box"),
]
UNIT_CODES = {"piece": "H87", "box": "BX"}
KINDS = (
    "purchase_order",
    "purchase_order",
    "purchase_order",
    "order_confirmation",
    "delivery_note",
)
CENT = Decimal("0.01")


@dataclass
class GoldLine:
    code: str
    description: str
    quantity: int
    unit: str
    unit_price: str
    discount: int
    amount: str


@dataclass
class Gold:
    name: str
    layout: str
    language: str
    kind: str
    po_number: str
    issue_date: str
    delivery_date: str
    currency: str
    subtotal: str
    tax: str
    total: str
    buyer: str
    seller: str
    ship_to: dict[str, str]
    lines: list[GoldLine] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def money(value: Decimal, lang: str) -> str:
    from babel.numbers import format_decimal

    text = format_decimal(value, "#,##0.00", locale=lang)
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def written_date(d: dt.date, lang: str, rnd: random.Random) -> str:
    from babel.dates import format_date

    if rnd.random() < 0.5:
        return format_date(d, "long", locale=lang)
    return {
        "en": d.strftime("%m/%d/%Y"),
        "nl": d.strftime("%d-%m-%Y"),
        "de": d.strftime("%d.%m.%Y"),
    }.get(lang, d.strftime("%d/%m/%Y"))


def make_gold(seed: int, layout: str, lang: str) -> Gold:
    rnd = random.Random(f"{seed}-{layout}-{lang}")
    kind = rnd.choice(KINDS)
    issued = dt.date(2023, 1, 1) + dt.timedelta(days=rnd.randrange(900))
    delivery = issued + dt.timedelta(days=rnd.randrange(5, 40))
    code, _sym = CURRENCY[lang]
    buyer = CITIES[lang][0]
    prefix = rnd.choice(["PO", "BO", "ORD", "P", "4500"])
    number = (
        f"{prefix}-{rnd.randrange(10_000, 999_999)}"
        if prefix != "4500"
        else (f"4500{rnd.randrange(100_000, 999_999)}")
    )
    lines = []
    for _ in range(rnd.randint(2, 9)):
        desc, unit = rnd.choice(ITEMS)
        qty = rnd.choice([1, 2, 3, 5, 6, 10, 12, 20, 24, 25, 50, 100, 120, 250, 1000])
        price = (Decimal(rnd.randrange(15, 250_000)) / 100).quantize(CENT)
        discount = rnd.choice([0, 0, 0, 5, 10]) if layout in ("B", "E") else 0
        amount = (qty * price * (100 - discount) / 100).quantize(CENT, ROUND_HALF_UP)
        lines.append(
            GoldLine(
                f"{rnd.choice('ABCDEFKMPRTX')}{rnd.randrange(1000, 99999)}",
                desc,
                qty,
                UNIT_CODES[unit],
                str(price),
                discount,
                str(amount),
            )
        )
    subtotal = sum((Decimal(ln.amount) for ln in lines), Decimal(0))
    rate = {"en": 0, "nl": 21, "de": 19, "fr": 20, "es": 21, "pt": 23}[lang]
    tax = (subtotal * rate / 100).quantize(CENT, ROUND_HALF_UP)
    return Gold(
        name=f"po-{layout}-{lang}-{seed}",
        layout=layout,
        language=lang,
        kind=kind,
        po_number=number,
        issue_date=issued.isoformat(),
        delivery_date=delivery.isoformat(),
        currency=code,
        subtotal=str(subtotal),
        tax=str(tax),
        total=str(subtotal + tax),
        buyer=buyer[0],
        seller=rnd.choice(SUPPLIERS),
        ship_to={"name": buyer[0], "line1": buyer[1], "city_line": buyer[2], "country": buyer[3]},
        lines=lines,
    )


class _Doc:
    """fpdf2 with the few drawing calls the layouts need."""

    def __init__(self, font: str) -> None:
        from fpdf import FPDF

        self.pdf = FPDF(unit="pt", format="A4")
        self.pdf.core_fonts_encoding = "windows-1252"
        self.pdf.set_auto_page_break(False)
        self.pdf.add_page()
        self.font = font

    def text(
        self, x: float, y: float, s: str, size: float = 9, bold: bool = False, right: bool = False
    ) -> None:
        self.pdf.set_font(self.font, "B" if bold else "", size)
        if right:
            x -= self.pdf.get_string_width(s)
        self.pdf.text(x, y, s)

    def rule(self, x0: float, y: float, x1: float) -> None:
        self.pdf.line(x0, y, x1, y)

    def new_page(self) -> None:
        self.pdf.add_page()

    def bytes(self) -> bytes:
        return bytes(self.pdf.output())


def _title(g: Gold) -> str:
    w = WORDS[g.language]
    return {
        "purchase_order": w["title"],
        "order_confirmation": w["confirmation"],
        "delivery_note": w["delivery_note"],
    }[g.kind]


def render(g: Gold, seed: int) -> bytes:
    rnd = random.Random(f"render-{seed}-{g.name}")
    font = rnd.choice(
        ["Helvetica", "Times", "Courier"] if g.layout in ("C", "E") else ["Helvetica", "Times"]
    )
    d = _Doc(font)
    w = WORDS[g.language]
    lang = g.language
    issued = written_date(dt.date.fromisoformat(g.issue_date), lang, rnd)
    due = written_date(dt.date.fromisoformat(g.delivery_date), lang, rnd)
    unit_word = {"H87": w["piece"], "BX": w["box"]}
    sym = CURRENCY[lang][1]
    buyer, addr = g.buyer, g.ship_to
    if g.layout == "A":  # sender top left, fields right of labels, plain table
        d.text(40, 50, buyer, 12, bold=True)
        d.text(40, 64, addr["line1"])
        d.text(40, 76, addr["city_line"])
        d.text(360, 50, _title(g), 18, bold=True)
        rows = [(w["number"], g.po_number), (w["date"], issued), (w["delivery"], due)]
        for i, (label, value) in enumerate(rows):
            d.text(360, 80 + 14 * i, label + ":")
            d.text(460, 80 + 14 * i, value)
        d.text(40, 140, w["supplier"] + ":", bold=True)
        d.text(40, 154, g.seller)
        d.text(300, 140, w["ship_to"] + ":", bold=True)
        for i, s in enumerate((buyer, addr["line1"], addr["city_line"], addr["country"])):
            d.text(300, 154 + 12 * i, s)
        cols = [
            (40, "code", False),
            (110, "description", False),
            (330, "qty", True),
            (345, "unit", False),
            (470, "price", True),
            (555, "amount", True),
        ]
        y = _table(d, g, w, cols, 230, rnd, unit_word, sym=None)
        _totals(d, g, w, y + 20, 420, 555, sym=f" {CURRENCY[lang][0]}")
    elif g.layout == "B":  # header block at right with labels above values, discounts
        d.text(40, 60, _title(g).upper(), 20, bold=True)
        d.text(40, 84, buyer, 10)
        d.text(40, 96, addr["line1"] + ", " + addr["city_line"])
        for i, (label, value) in enumerate(
            [(w["number"], g.po_number), (w["date"], issued), (w["delivery"], due)]
        ):
            d.text(330 + 85 * i, 130, label, 8, bold=True)
            d.text(330 + 85 * i, 143, value, 9)
        d.text(40, 130, w["ship_to"], 8, bold=True)
        for i, s in enumerate((buyer, addr["line1"], addr["city_line"], addr["country"])):
            d.text(40, 143 + 11 * i, s)
        cols = [
            (40, "pos", False),
            (70, "description", False),
            (340, "qty", True),
            (420, "price", True),
            (480, "discount", True),
            (555, "amount", True),
        ]
        y = _table(d, g, w, cols, 230, rnd, unit_word, sym=sym, wrap=True)
        _totals(d, g, w, y + 24, 400, 555, sym=f" {sym}", prefix=True)
    elif g.layout == "C":  # "label: value" phrases, sections, code column after text
        d.text(40, 50, g.seller, 10)
        d.text(40, 80, f"{_title(g)}  {g.po_number}", 16, bold=True)
        d.text(40, 100, f"{w['date']}: {issued}")
        d.text(40, 112, f"{w['delivery']}: {due}")
        d.text(330, 100, w["bill_to"] + ":", bold=True)
        d.text(330, 112, buyer)
        d.text(330, 124, addr["line1"])
        d.text(330, 136, addr["city_line"])
        cols = [
            (40, "description", False),
            (250, "code", False),
            (370, "qty", True),
            (385, "unit", False),
            (495, "price", True),
            (555, "amount", True),
        ]
        y = _table(d, g, w, cols, 190, rnd, unit_word, sym=None, sections=True)
        _totals(d, g, w, y + 20, 380, 555, sym=f" {sym}")
    elif g.layout == "D":  # held out: quantity first, two address blocks side by side
        d.text(40, 50, g.seller, 9)
        d.text(40, 90, _title(g), 22, bold=True)
        d.text(40, 120, f"{w['number']} {g.po_number}", 11, bold=True)
        d.text(300, 120, f"{w['date']} {issued}", 10)
        d.text(40, 160, w["bill_to"], 9, bold=True)
        d.text(300, 160, w["ship_to"], 9, bold=True)
        for i, s in enumerate((buyer, addr["line1"], addr["city_line"], addr["country"])):
            d.text(40, 173 + 11 * i, s)
            d.text(300, 173 + 11 * i, s)
        cols = [
            (40, "qty", False),
            (80, "unit", False),
            (130, "code", False),
            (200, "description", False),
            (480, "price", True),
            (555, "amount", True),
        ]
        y = _table(
            d,
            g,
            w,
            cols,
            260,
            rnd,
            unit_word,
            sym=None,
            left_qty=True,
            amount_label=f"{w['amount']} ({g.currency})",
        )
        _totals(d, g, w, y + 18, 400, 555, sym="")
    else:  # "E", held out: totals as a row of labels over values, VAT column, wrap
        d.text(360, 50, _title(g), 16, bold=True)
        d.text(360, 70, f"{w['number']}: {g.po_number}")
        d.text(360, 82, f"{w['date']}: {issued}")
        d.text(360, 94, f"{w['currency']}: {g.currency}")
        d.text(40, 50, buyer, 11, bold=True)
        d.text(40, 63, addr["line1"])
        d.text(40, 75, addr["city_line"])
        d.text(40, 87, addr["country"])
        cols = [
            (40, "pos", False),
            (75, "code", False),
            (140, "description", False),
            (370, "qty", True),
            (440, "price", True),
            (480, "discount", True),
            (555, "amount", True),
        ]
        y = _table(d, g, w, cols, 150, rnd, unit_word, sym=None, wrap=True)
        y += 30
        labels = [(w["subtotal"], g.subtotal), (w["tax"], g.tax), (w["total"], g.total)]
        for i, (label, value) in enumerate(labels):
            x = 330 + 85 * (i + 1)
            d.text(x, y, label, 8, bold=True, right=True)
            d.text(x, y + 13, money(Decimal(value), lang), 9, right=True)
        d.text(40, y + 50, w["note"], 8)
    return d.bytes()


def _table(
    d: _Doc,
    g: Gold,
    w: dict[str, str],
    cols,
    y: float,
    rnd: random.Random,
    unit_word: dict[str, str],
    sym: str | None,
    wrap: bool = False,
    sections: bool = False,
    left_qty: bool = False,
    amount_label: str | None = None,
) -> float:
    lang = g.language
    labels = {**w, "amount": amount_label or w["amount"]}
    wrapped = _header(d, cols, labels, y)
    d.rule(40, y + 4 + 9 * wrapped, 555)
    y += 18 + 9 * wrapped
    section_at = len(g.lines) // 2 if sections and len(g.lines) >= 4 else -1
    if sections:
        d.text(40, y, f"--- {w['section']} ---", 8.5, bold=True)
        y += 16
    for i, ln in enumerate(g.lines):
        if i == section_at:
            y += 4
            d.text(40, y, f"--- {w['section']} (2) ---", 8.5, bold=True)
            y += 16
        desc = ln.description
        rest = ""
        if wrap and len(desc) > 20 and rnd.random() < 0.5:
            cut = desc.rfind(" ", 0, len(desc) // 2 + 4)
            desc, rest = desc[:cut], desc[cut + 1 :]
        values = {
            "code": ln.code,
            "description": desc,
            "qty": str(ln.quantity) if left_qty else f"{ln.quantity}",
            "unit": unit_word[ln.unit],
            "price": money(Decimal(ln.unit_price), lang),
            "discount": f"{ln.discount}%" if ln.discount else "",
            "amount": (f"{sym} " if sym else "") + money(Decimal(ln.amount), lang),
            "pos": str(i + 1),
        }
        if not any(k == "unit" for _, k, _r in cols):
            values["qty"] = f"{ln.quantity} {unit_word[ln.unit]}"
        for x, key, right in cols:
            if values[key]:
                d.text(x, y, values[key], 9, right=right)
        y += 12
        if rest:
            desc_x = next(x for x, k, _r in cols if k == "description")
            d.text(desc_x, y, rest, 9)
            y += 12
        y += 3
        if y > 760:
            d.new_page()
            y = 60
            wrapped = _header(d, cols, labels, y)
            y += 18 + 9 * wrapped
    return y


def _header(d: _Doc, cols, labels: dict[str, str], y: float) -> bool:
    """The column labels; one that would touch its neighbour is set on two lines, as
    narrow columns are on real forms. True when a label was wrapped."""
    pdf = d.pdf
    pdf.set_font(d.font, "B", 8.5)
    spans = []
    for x, key, right in cols:
        width = pdf.get_string_width(labels[key])
        spans.append((x - width, x) if right else (x, x + width))
    wrapped = False
    for i, (x, key, right) in enumerate(cols):
        label = labels[key]
        lo, hi = spans[i]
        left_edge = spans[i - 1][1] if i else -1e9
        right_edge = spans[i + 1][0] if i + 1 < len(cols) else 1e9
        if (lo < left_edge + 6 or hi > right_edge - 6) and " " in label:
            words = label.split(" ")
            cut = max(1, len(words) // 2)
            d.text(x, y, " ".join(words[:cut]), 8.5, bold=True, right=right)
            d.text(x, y + 9, " ".join(words[cut:]), 8.5, bold=True, right=right)
            wrapped = True
        else:
            size = 8.5 if lo >= left_edge + 6 and hi <= right_edge - 6 else 6.5
            d.text(x, y, label, size, bold=True, right=right)
    return wrapped


def _totals(
    d: _Doc,
    g: Gold,
    w: dict[str, str],
    y: float,
    x_label: float,
    x_value: float,
    sym: str,
    prefix: bool = False,
) -> None:
    lang = g.language
    rows = [(w["subtotal"], g.subtotal), (f"{w['tax']}", g.tax), (w["total"], g.total)]
    for i, (label, value) in enumerate(rows):
        shown = money(Decimal(value), lang)
        shown = f"{sym.strip()} {shown}" if prefix and sym else shown + sym
        d.text(x_label, y + 14 * i, label, 9, bold=label == w["total"])
        d.text(x_value, y + 14 * i, shown, 9, bold=label == w["total"], right=True)
    d.text(40, y + 60, w["note"], 8)


def corpus(seeds: range, layouts: tuple[str, ...]) -> list[tuple[Gold, bytes]]:
    out = []
    for seed in seeds:
        for layout in layouts:
            lang = LANGUAGES[(seed + ord(layout)) % len(LANGUAGES)]
            g = make_gold(seed, layout, lang)
            out.append((g, render(g, seed)))
    return out


# -- scans -------------------------------------------------------------------------


def scan(
    pdf: bytes,
    seed: int,
    fmt: str = "png",
    dpi: int = 200,
    turn: int = 0,
    skew: float = 0.0,
    noise: float = 0.02,
    grain: float = 18.0,
) -> bytes:
    """The first page as a scanner or fax would give it: `dpi`, turned by `turn` degrees
    (a page fed sideways), skewed by `skew` degrees, speckled with `noise` of its pixels,
    with sensor `grain` (standard deviation in grey levels), and saved as png, tiff (fax:
    1 bit), jpeg or an image-only pdf."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    doc = pdfium.PdfDocument(pdf)
    image = doc[0].render(scale=dpi / 72).to_pil().convert("L")
    doc.close()
    rnd = np.random.default_rng(seed)
    if skew:
        image = image.rotate(skew, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    if turn:
        image = image.rotate(turn, expand=True, fillcolor=255)
    a = np.asarray(image, dtype=np.int16)
    a = a + rnd.normal(0, grain, a.shape).astype(np.int16)  # sensor grain
    flips = rnd.random(a.shape) < noise
    a = np.where(flips, 255 - a, a)  # speckle
    image = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
    out = io.BytesIO()
    if fmt == "tiff":
        image.convert("1").save(out, format="TIFF", compression="group4", dpi=(dpi, dpi))
    elif fmt == "jpeg":
        image.save(out, format="JPEG", quality=70, dpi=(dpi, dpi))
    elif fmt == "pdf":
        image.convert("RGB").save(out, format="PDF", resolution=dpi)
    else:
        image.save(out, format="PNG", dpi=(dpi, dpi))
    return out.getvalue()


SCAN_VARIANTS = (
    {"fmt": "png", "dpi": 200, "turn": 0, "skew": 1.5, "noise": 0.01},
    {"fmt": "tiff", "dpi": 200, "turn": 0, "skew": -1.0, "noise": 0.005},
    {"fmt": "jpeg", "dpi": 150, "turn": 90, "skew": 0.0, "noise": 0.01},
    {"fmt": "pdf", "dpi": 200, "turn": 180, "skew": 0.8, "noise": 0.01},
)


def main(argv: list[str]) -> None:
    out = Path(argv[0])
    count = int(argv[argv.index("--count") + 1]) if "--count" in argv else 6
    out.mkdir(parents=True, exist_ok=True)
    for g, data in corpus(range(count), DEV_LAYOUTS + HELD_OUT_LAYOUTS):
        (out / f"{g.name}.pdf").write_bytes(data)
        (out / f"{g.name}.json").write_text(json.dumps(g.to_json(), indent=1, ensure_ascii=False))
    print(f"wrote {count * 5} documents to {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
