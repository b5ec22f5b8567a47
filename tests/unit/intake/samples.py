"""Small valid documents of every intake format (the fuzz seeds), and a writer of XLSX
packages straight from XML, fast enough for sheets of any size and exact to the byte
(openpyxl stamps the time into every file it saves)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape

UBL = b"""<?xml version="1.0" encoding="UTF-8"?>
<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"
  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
  <cbc:ID>PO-9</cbc:ID><cbc:IssueDate>2024-05-01</cbc:IssueDate>
  <cbc:DocumentCurrencyCode>EUR</cbc:DocumentCurrencyCode>
  <cac:BuyerCustomerParty><cac:Party>
    <cbc:EndpointID schemeID="0088">7300010000001</cbc:EndpointID>
    <cac:PartyName><cbc:Name>Buyer AB</cbc:Name></cac:PartyName>
  </cac:Party></cac:BuyerCustomerParty>
  <cac:Delivery><cac:DeliveryLocation><cac:Address>
    <cbc:StreetName>Dock Rd</cbc:StreetName><cbc:BuildingNumber>1</cbc:BuildingNumber>
    <cbc:CityName>Leeds</cbc:CityName><cbc:PostalZone>LS1 1AA</cbc:PostalZone>
    <cac:Country><cbc:IdentificationCode>GB</cbc:IdentificationCode></cac:Country>
  </cac:Address></cac:DeliveryLocation></cac:Delivery>
  <cac:OrderLine><cac:LineItem><cbc:ID>1</cbc:ID><cbc:Quantity unitCode="EA">4</cbc:Quantity>
    <cac:Price><cbc:PriceAmount currencyID="EUR">30</cbc:PriceAmount>
    <cbc:BaseQuantity unitCode="EA">10</cbc:BaseQuantity></cac:Price>
    <cac:Item><cbc:Name>Bolts</cbc:Name>
    <cac:SellersItemIdentification><cbc:ID>A</cbc:ID></cac:SellersItemIdentification>
    <cac:AdditionalItemProperty><cbc:Name>Size</cbc:Name><cbc:Value>M</cbc:Value>
    </cac:AdditionalItemProperty></cac:Item></cac:LineItem></cac:OrderLine>
</Order>"""

X12 = (
    b"ISA*00*          *00*          *ZZ*BUYER          *ZZ*SELLER         *250101*1200*U*"
    b"00401*000000001*0*P*>~GS*PO*BUYER*SELLER*20250101*1200*1*X*004010~ST*850*0001~"
    b"BEG*00*SA*PO-1**20250101~DTM*002*20250110~N1*ST*Acme Ltd~N3*1 Dock Rd~"
    b"N4*Leeds**LS1 1AA*GB~PO1*1*5*EA*2.5**VN*A*UP*012345678905~PID*F****Widget~"
    b"CTT*1~SE*10*0001~GE*1*1~IEA*1*000000001~"
)

EDIFACT = (
    b"UNA:+.? 'UNB+UNOC:3+BUYER+SELLER+200101:1000+77'UNH+1+ORDERS:D:96A:UN'"
    b"BGM+220+PO?+1+9'DTM+137:20200101:102'DTM+2:20200115:102'CUX+2:GBP:9'"
    b"NAD+BY+5000000000001::9++Shop?'s Ltd'"
    b"NAD+DP+5000000000002::9++Leeds depot+1 High St+Leeds++LS1 1AA+GB'"
    b"LIN+1++5012345678900:EN'PIA+1+PEN-B:SA'IMD+F++:::Blue pens?: fine'"
    b"QTY+21:12:PCE'PRI+AAA:1.5'UNS+S'CNT+2:1'UNT+15+1'UNZ+1+77'"
)

CSV = (
    b"Customer ID,PO Number,Ship To,Address,City,Postcode,Country,SKU,Description,Quantity,"
    b"Unit Price,Size\n"
    b"ACME,PO-7001,Acme Ltd,1 Dock Rd,Leeds,LS1 1AA,GB,A,Widget,3,10.00,L\n"
    b'ACME,PO-7001,Acme Ltd,1 Dock Rd,Leeds,LS1 1AA,GB,B,"Gadget, large",2,"1,200.50",M\n'
)

TEXT = (
    b"Hi, please send 40 boxes of A4 80g copy paper and a dozen blue ballpoint pens to "
    b"1 Dock Rd, Leeds LS1 1AA, GB by Friday, PO 4471. Thanks"
)

CATALOG = [
    {"sku": "A", "name": "Widget", "gtin": "012345678905", "price": 10.0},
    {"sku": "B", "name": "Gadget large", "price": 12.0},
    {"sku": "PEN-B", "name": "Blue ballpoint pen", "price": 1.5},
    {"sku": "PAP-A4", "name": "A4 copy paper 80g box", "price": 4.0},
]

_CT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.'
    'openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="PO" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _col(i: int) -> str:
    name = ""
    i += 1
    while i:
        i, rem = divmod(i - 1, 26)
        name = chr(65 + rem) + name
    return name


def xlsx_parts(rows: Iterable[Sequence[object]], extra_strings: int = 0) -> dict[str, bytes]:
    """The parts of a one-sheet workbook: text cells through the shared-string table,
    numbers inline. `extra_strings` pads the table with unused entries."""
    strings: dict[str, int] = {}
    sheet = [f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_NS}"><sheetData>']
    for r, row in enumerate(rows, 1):
        cells = []
        for c, value in enumerate(row):
            if value is None:
                continue
            ref = f"{_col(c)}{r}"
            if isinstance(value, int | float):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                idx = strings.setdefault(str(value), len(strings))
                cells.append(f'<c r="{ref}" t="s"><v>{idx}</v></c>')
        sheet.append(f'<row r="{r}">{"".join(cells)}</row>')
    sheet.append("</sheetData></worksheet>")
    total = len(strings) + extra_strings
    sst = [
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{_NS}" count="{total}" '
        f'uniqueCount="{total}">'
    ]
    sst.extend(f"<si><t>{escape(s)}</t></si>" for s in strings)
    sst.extend(f"<si><t>pad{i}</t></si>" for i in range(extra_strings))
    sst.append("</sst>")
    return {
        "[Content_Types].xml": _CT.encode(),
        "_rels/.rels": _RELS.encode(),
        "xl/workbook.xml": _WORKBOOK.encode(),
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS.encode(),
        "xl/worksheets/sheet1.xml": "".join(sheet).encode(),
        "xl/sharedStrings.xml": "".join(sst).encode(),
    }


def zip_parts(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return out.getvalue()


def make_xlsx(rows: Iterable[Sequence[object]], extra_strings: int = 0) -> bytes:
    return zip_parts(xlsx_parts(rows, extra_strings))


XLSX_ROWS: list[list[object]] = [
    ["Purchase order from ACME"],
    ["PO Number", "PO-77"],
    [],
    [
        "Line",
        "Part Number",
        "Item Description",
        "Qty",
        "Unit Cost",
        "Ship To",
        "Address",
        "City",
        "Postcode",
        "Country",
    ],
    [1, "A", "Widget", 10, 2.5, "Acme", "1 Dock Rd", "Leeds", "LS1 1AA", "GB"],
    [2, "B", "Gadget", 3, 7, "Acme", "1 Dock Rd", "Leeds", "LS1 1AA", "GB"],
]
XLSX = make_xlsx(XLSX_ROWS)

SEEDS: dict[str, bytes] = {
    "ubl": UBL,
    "x12": X12,
    "edifact": EDIFACT,
    "csv": CSV,
    "xlsx": XLSX,
    "text": TEXT,
}


def order_sheet(rows: int, columns: int = 4, po: str = "PO-BIG") -> list[list[object]]:
    """A header and `rows` order lines (SKU A), padded to `columns` columns."""
    head = ["PO Number", "SKU", "Description", "Qty"] + [f"Note {i}" for i in range(columns - 4)]
    body = [[po, "A", "Widget", 1] + [f"n{i}" for i in range(columns - 4)] for _ in range(rows)]
    return [head, *body]


def slow_edifact(segments: int = 20_000) -> bytes:
    """An interchange the EDIFACT tokeniser needs a good while for (it has no checkpoints:
    only the pool's CPU limit stops it); its counts are wrong, so it is refused anyway."""
    return EDIFACT.replace(b"UNS+S'", b"FTX+AAI+++x?'x'" * segments + b"UNS+S'")
