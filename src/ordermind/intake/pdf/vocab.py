"""The words documents label things with, in English, Dutch, German, French, Spanish and
Portuguese. No locale library names table columns or header fields, so these are the
one vocabulary kept here; numbers, dates, months and currencies come from CLDR
(babel) and dateparser. Every entry is lower case without accents (labels are compared
after folding), a phrase matches whole words."""

from __future__ import annotations

import re
import unicodedata

LANGUAGES = ("en", "nl", "de", "fr", "es", "pt")

# Column roles of a line-item table.
COLUMNS: dict[str, tuple[str, ...]] = {
    "position": (
        "pos", "pos.", "line", "line no", "#", "no.", "nr", "nr.", "regel", "position", "ligne",
        "linea", "linha", "item no", "n°", "no",
    ),
    "code": (
        "code", "item code", "product code", "article no", "article number", "sku", "part no",
        "part number", "ref", "ref.", "reference", "item #", "our ref", "your ref",
        "artikelnummer", "artikelnr", "art.nr", "art.-nr.", "art. nr.", "artikel-nr.",
        "bestelnummer", "materialnummer", "sachnummer", "code article", "ref.", "reference",
        "codigo", "cod.", "referencia", "codigo articulo", "código", "ean", "gtin",
        "supplier code", "buyer code", "vendor code", "lieferantenartikel", "uw code",
    ),
    "description": (
        "description", "item description", "product", "products", "item", "items", "article",
        "title", "designation", "libelle", "omschrijving", "artikel", "product omschrijving",
        "beschreibung", "bezeichnung", "artikelbezeichnung", "leistung", "produit",
        "descripcion", "concepto", "producto", "articulo", "descricao", "produto", "artigo",
        "servico", "service", "services", "details", "particulars",
    ),
    "quantity": (
        "quantity", "qty", "qty.", "quantities", "qte", "qte.", "quantite", "nombre", "aantal",
        "hoeveelheid", "menge", "anzahl", "stuck", "cantidad", "cant.", "cant", "unidades",
        "quantidade", "qtd", "qtd.", "qtde", "qtde.", "ordered", "besteld", "bestellt",
    ),
    "unit": (
        "unit", "uom", "u/m", "um", "unite", "eenheid", "einheit", "me", "unidad", "ud.",
        "unidade", "un.", "und.", "u.m.", "measure",
    ),
    "unit_price": (
        "unit price", "price", "rate", "unit cost", "price each", "price/unit", "prijs",
        "stukprijs", "prijs per stuk", "eenheidsprijs", "prijs per eenheid", "einzelpreis",
        "preis", "stuckpreis", "e-preis", "ep", "vk-preis", "preis/einheit", "prix unitaire",
        "prix", "p.u.", "pu", "p.u. ht", "pu ht", "prix unit.", "precio", "precio unitario",
        "precio unit.", "p. unit.", "preco", "preco unitario", "valor unitario", "vl. unit.",
        "p. unitario",
    ),
    "discount": (
        "disc", "disc.", "disc.%", "discount", "discount %", "korting", "rabatt", "rabatt %",
        "remise", "rem.", "descuento", "dto", "dto.", "desconto", "desc.",
    ),
    "tax": (
        "tax", "taxes", "tax %", "tax(%)", "vat", "vat %", "gst", "btw", "btw %", "mwst",
        "mwst.", "ust", "ust.", "tva", "tva %", "iva", "iva %", "% tva", "% iva",
    ),
    "amount": (
        "amount", "total", "line total", "subtotal", "net amount", "net", "value", "bedrag",
        "totaal", "regeltotaal", "subtotaal", "zeilenbetrag", "betrag", "gesamt", "gesamtpreis",
        "summe", "gesamtbetrag", "montant", "montant ht", "total ht", "montant ttc", "importe",
        "total linea", "valor", "valor total", "total linha", "extended", "ext. price",
    ),
}

# Header field labels.
DOCUMENT_NUMBER = (
    "invoice", "invoice no", "invoice number", "invoice #", "invoice nr", "order no",
    "order number", "order #", "po number", "po no", "po #", "p.o. number", "p.o. no",
    "purchase order", "purchase order number", "purchase order no", "document no",
    "number", "no", "confirmation no", "delivery note no", "factuur", "factuurnummer",
    "factuurnr", "bestelnummer", "bestelling", "ordernummer", "inkooporder", "pakbon",
    "rechnung", "rechnungsnummer", "rechnungsnr", "rechnungs-nr", "bestellung",
    "bestellnummer", "bestell-nr", "auftragsnummer", "auftrag", "lieferschein",
    "facture", "facture n", "numero de facture", "bon de commande", "commande",
    "numero de commande", "commande n", "factura", "factura n", "numero de factura",
    "pedido", "pedido n", "numero de pedido", "orden de compra", "fatura", "fatura n",
    "numero da fatura", "encomenda", "nota de encomenda", "ordem de compra", "booking id",
    "n de commande", "n de pedido", "no de pedido", "nr pedido", "bestelnr",
)
DOCUMENT_DATE = (
    "date", "invoice date", "order date", "po date", "document date", "issue date", "dated",
    "datum", "factuurdatum", "orderdatum", "besteldatum", "rechnungsdatum", "bestelldatum",
    "auftragsdatum", "belegdatum", "date de facture", "date de commande", "date facture",
    "fecha", "fecha de factura", "fecha de pedido", "fecha pedido", "data", "data da fatura",
    "data de emissao", "data do pedido", "data da encomenda", "du", "vom", "van", "del", "de",
)
# Dates that are not the document's own.
OTHER_DATES = (
    "due", "due date", "delivery", "delivery date", "ship date", "required", "deliver by",
    "check out", "check in", "vervaldatum", "leverdatum", "afleverdatum", "fallig",
    "falligkeit", "liefertermin", "lieferdatum", "zahlbar bis", "echeance",
    "date d'echeance", "date limite", "date de livraison", "livraison", "vencimiento",
    "fecha de entrega", "entrega", "vencimento", "data de entrega", "prelevement",
    "periode", "period", "leistungszeitraum",
)
TOTAL = (
    "total", "grand total", "total due", "amount due", "total amount", "invoice total",
    "order total", "balance due", "totaal", "totaalbedrag", "te betalen", "totaal te betalen",
    "gesamt", "gesamtbetrag", "endbetrag", "rechnungsbetrag", "summe", "gesamtsumme",
    "zu zahlen", "total ttc", "montant ttc", "net a payer", "somme a payer", "total a payer",
    "montant total", "importe total", "total factura", "total a pagar", "total pedido",
    "valor total", "total geral", "total da fatura", "total da encomenda", "total facture",
    "total (incl. vat)", "total incl. vat", "totaal incl. btw", "gesamt brutto",
)
SUBTOTAL = (
    "subtotal", "sub total", "sub-total", "net total", "total net", "total excl",
    "subtotaal", "exclusief btw", "totaal excl. btw", "excl. btw", "zwischensumme",
    "nettobetrag", "netto", "summe netto", "gesamt netto", "total ht", "montant ht",
    "sous-total", "sous total", "base imponible", "total sin iva", "subtotal sin iva",
    "total sem iva", "excl. vat", "untaxed", "total before tax", "net",
)
TAX_LABEL = (
    "tax", "vat", "gst", "sales tax", "btw", "mwst", "ust", "umsatzsteuer", "tva", "iva",
    "taxes", "impuesto", "imposto",
)
# Which party an address block belongs to.
PARTY = {
    "ship_to": (
        "ship to", "deliver to", "delivery address", "shipping address", "ship-to",
        "afleveradres", "leveradres", "lieferadresse", "lieferanschrift", "warenempfanger",
        "adresse de livraison", "livrer a", "direccion de entrega", "enviar a",
        "endereco de entrega", "local de entrega", "entregar a",
    ),
    "bill_to": (
        "bill to", "invoice to", "billing address", "invoice address", "sold to",
        "factuuradres", "rechnungsadresse", "rechnungsanschrift", "adresse de facturation",
        "facturer a", "direccion de facturacion", "facturar a", "endereco de faturacao",
        "endereco de cobranca", "faturar a",
    ),
    "buyer": (
        "buyer", "customer", "client", "purchaser", "koper", "klant", "besteller", "kunde",
        "auftraggeber", "acheteur", "comprador", "cliente",
    ),
    "seller": (
        "seller", "supplier", "vendor", "sold by", "leverancier", "lieferant", "fournisseur",
        "vendeur", "proveedor", "vendedor", "fornecedor",
    ),
}
# The kind of document, by its title.
KINDS: dict[str, tuple[str, ...]] = {
    "order_confirmation": (
        "order confirmation", "sales order confirmation", "orderbevestiging",
        "opdrachtbevestiging", "auftragsbestatigung", "bestellbestatigung",
        "confirmation de commande", "accuse de reception de commande",
        "confirmacion de pedido", "confirmacao de encomenda", "confirmacao de pedido",
    ),
    "delivery_note": (
        "delivery note", "packing slip", "packing list", "despatch note", "dispatch note",
        "pakbon", "leveringsbon", "afleverbon", "lieferschein", "bon de livraison",
        "albaran", "nota de entrega", "guia de remessa", "guia de remision",
    ),
    "purchase_order": (
        "purchase order", "order", "po", "bestelling", "inkooporder", "bestelbon",
        "bestellung", "auftrag", "bon de commande", "commande", "pedido", "orden de compra",
        "nota de pedido", "ordem de compra", "encomenda", "nota de encomenda",
    ),
    "invoice": (
        "invoice", "tax invoice", "retail invoice", "bill", "receipt", "payment receipt",
        "factuur", "rechnung", "facture", "factura", "fatura", "nota fiscal", "recibo",
    ),
}

# The canonical document_type for each kind (what the review flow routes on).
DOCUMENT_TYPES = {
    "purchase_order": "order",
    "order_confirmation": "order_response",
    "delivery_note": "ship_notice",
    "invoice": "invoice",
}


def fold(text: str) -> str:
    """Lower case, accents removed, spaces collapsed: how labels are compared."""
    nfkd = unicodedata.normalize("NFKD", text.lower())
    out = "".join(c for c in nfkd if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", out.replace("ß", "ss")).strip()


def phrase_at_start(text: str, phrases: tuple[str, ...]) -> str | None:
    """The longest phrase `text` (folded) starts with, as whole words, else None."""
    t = fold(text)
    best = None
    for p in phrases:
        if t.startswith(p) and (len(t) == len(p) or not t[len(p)].isalnum() or not p[-1].isalnum()):
            if best is None or len(p) > len(best):
                best = p
    return best


def contains_phrase(text: str, phrases: tuple[str, ...]) -> str | None:
    """The longest phrase found anywhere in `text` as whole words, else None."""
    t = f" {fold(text)} "
    best = None
    for p in phrases:
        i = t.find(p)
        while i >= 0:
            before, after = t[i - 1], t[i + len(p)] if i + len(p) < len(t) else " "
            if (not before.isalnum() or not p[0].isalnum()) and (
                not after.isalnum() or not p[-1].isalnum()
            ):
                if best is None or len(p) > len(best):
                    best = p
                break
            i = t.find(p, i + 1)
    return best


# Words that tell a document's language (OCR reads a second time with that language's
# model when it is not English).
LANGUAGE_HINTS: dict[str, tuple[str, ...]] = {
    "en": ("invoice", "order", "quantity", "price", "amount", "description", "date", "total",
           "ship", "unit", "due", "purchase"),
    "nl": ("factuur", "bestelling", "aantal", "prijs", "totaal", "omschrijving", "datum", "btw",
           "bedrag", "leverdatum", "afleveradres", "inkooporder", "stuks"),
    "de": ("rechnung", "bestellung", "menge", "preis", "gesamt", "beschreibung", "mwst",
           "betrag", "lieferadresse", "lieferdatum", "einzelpreis", "summe", "stuck"),
    "fr": ("facture", "commande", "quantite", "prix", "designation", "tva", "montant",
           "livraison", "unitaire", "adresse", "ttc"),
    "es": ("factura", "pedido", "cantidad", "precio", "descripcion", "fecha", "importe",
           "entrega", "unitario", "direccion", "iva"),
    "pt": ("fatura", "encomenda", "quantidade", "preco", "descricao", "valor", "entrega",
           "unitario", "morada", "endereco", "iva"),
}


def language_of(words: list[str]) -> str:
    """The language most of the hint words belong to; English when none is found."""
    folded = [fold(w).strip(".:,;()") for w in words]
    counts = {lang: sum(f in hints for f in folded) for lang, hints in LANGUAGE_HINTS.items()}
    best = max(counts, key=lambda k: (counts[k], k == "en"))
    return best if counts[best] else "en"
