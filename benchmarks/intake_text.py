"""Free-text order parsing benchmark.

PIZZA mode: `--data PIZZA_dev.json --catalogs pizza-catalogs` reads the keys ending in
`.SRC` (utterance) and `.EXR` (gold parse), parses every utterance with
`ordermind.intake.menu`, and prints unordered exact-match accuracy of whole orders and
per-field precision/recall, on the whole file and on its two halves (even rows were used
while developing the parser, odd rows were held out). Reference: a trivial baseline that
predicts one pizza with no attributes, measured in the same run.

Business mode: `--business tests/data/intake/business_text.jsonl` scores the generic
free-text parser with catalog matching field by field."""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path

from ordermind.intake.menu import PhraseCatalog, parse_menu_text
from ordermind.intake.model import OrderLine

ROOT = Path(__file__).resolve().parents[1]


def parse_exr(exr: str) -> list:
    """S-expression to nested lists of strings."""
    tokens = re.findall(r"\(|\)|[^\s()]+", exr)
    stack: list[list] = [[]]
    for tok in tokens:
        if tok == "(":
            stack.append([])
        elif tok == ")":
            node = stack.pop()
            stack[-1].append(node)
        else:
            stack[-1].append(tok)
    return stack[0][0]


def _leaf(node: list) -> str:
    return "_".join(str(x) for x in node[1:]).upper()


def gold_lines(exr: str) -> list[tuple]:
    tree = parse_exr(exr)
    out = []
    for sub in tree[1:]:
        kind = sub[0]
        fields: dict = {"kind": "DRINK" if kind == "DRINKORDER" else "PIZZA", "styles": []}
        mods = []
        for child in sub[1:]:
            label = child[0]
            if label == "NOT":
                inner = child[1]
                if inner[0] == "TOPPING":
                    mods.append((_leaf(inner), None, True))
                elif inner[0] == "COMPLEX_TOPPING":
                    q = next(_leaf(c) for c in inner[1:] if c[0] == "QUANTITY")
                    t = next(_leaf(c) for c in inner[1:] if c[0] == "TOPPING")
                    mods.append((t, q, True))
                elif inner[0] == "STYLE":
                    mods.append(("style:" + _leaf(inner), None, True))
            elif label == "TOPPING":
                mods.append((_leaf(child), None, False))
            elif label == "COMPLEX_TOPPING":
                q = next(_leaf(c) for c in child[1:] if c[0] == "QUANTITY")
                t = next(_leaf(c) for c in child[1:] if c[0] == "TOPPING")
                mods.append((t, q, False))
            elif label == "STYLE":
                fields["styles"].append(_leaf(child))
            else:
                fields[label] = _leaf(child)
        out.append(_key(fields, mods))
    return out


def _key(fields: dict, mods: list) -> tuple:
    number = fields.get("NUMBER")
    return (
        fields["kind"],
        ("NUMBER", str(int(float(number))) if number else "1"),
        ("SIZE", fields.get("SIZE")),
        ("STYLE", tuple(sorted(fields["styles"]))),
        ("DRINKTYPE", fields.get("DRINKTYPE")),
        ("CONTAINERTYPE", fields.get("CONTAINERTYPE")),
        ("VOLUME", fields.get("VOLUME")),
        ("MODS", tuple(sorted(mods, key=str))),
    )


def predicted_lines(lines: list[OrderLine]) -> list[tuple]:
    out = []
    for ln in lines:
        is_drink = ln.sku != "PIZZA"
        fields = {
            "kind": "DRINK" if is_drink else "PIZZA",
            "NUMBER": str(int(ln.quantity or 1)),
            "SIZE": ln.attributes.get("size"),
            "styles": [s for s in (ln.attributes.get("style") or "").split(",") if s],
            "DRINKTYPE": ln.sku if is_drink else None,
            "CONTAINERTYPE": ln.attributes.get("container"),
            "VOLUME": ln.attributes.get("volume"),
        }
        mods = [(m.name, m.qualifier, m.negated) for m in ln.modifiers]
        out.append(_key(fields, mods))
    return out


def field_items(lines: list[tuple]) -> Counter:
    """Bag of (field, value) over all sub-orders, for per-field precision/recall."""
    bag: Counter = Counter()
    for ln in lines:
        for name, value in ln[1:]:
            if name == "MODS":
                for t, q, neg in value:
                    label = ("NOT_" if neg else "") + ("COMPLEX_TOPPING" if q else "TOPPING")
                    if t.startswith("style:"):
                        label = "NOT_STYLE"
                    bag[(label, (t, q))] += 1
            elif name == "STYLE":
                for s in value:
                    bag[("STYLE", s)] += 1
            elif value is not None:
                bag[(name, value)] += 1
        bag[("ORDERTYPE", ln[0])] += 1
    return bag


def score(pairs: list[tuple[list, list]]) -> dict:
    exact = sum(Counter(g) == Counter(p) for g, p in pairs)
    tp: Counter = Counter()
    npred: Counter = Counter()
    ngold: Counter = Counter()
    for g, p in pairs:
        gb, pb = field_items(g), field_items(p)
        for (f, _), c in (gb & pb).items():
            tp[f] += c
        for (f, _), c in pb.items():
            npred[f] += c
        for (f, _), c in gb.items():
            ngold[f] += c
    fields = {
        f: (tp[f] / npred[f] if npred[f] else 0.0, tp[f] / ngold[f] if ngold[f] else 0.0, ngold[f])
        for f in sorted(set(ngold) | set(npred))
    }
    return {"n": len(pairs), "exact": exact / max(1, len(pairs)), "fields": fields}


def load_pizza(path: Path) -> list[tuple[str, str]]:
    rows = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip():
            continue
        obj = json.loads(raw)
        src = next(v for k, v in obj.items() if k.endswith(".SRC"))
        exr = next(v for k, v in obj.items() if k.endswith(".EXR"))
        rows.append((src, exr))
    return rows


def run_pizza(data: Path, catalogs: Path, dump: Path | None) -> None:
    cat = PhraseCatalog.from_dir(catalogs)
    rows = load_pizza(data)
    pairs, base_pairs, dumps = [], [], []
    for src, exr in rows:
        lines = parse_menu_text(src, cat)
        gold, pred = gold_lines(exr), predicted_lines(lines)
        pairs.append((gold, pred))
        base_pairs.append((gold, [_key({"kind": "PIZZA", "styles": []}, [])]))
        dumps.append(
            {
                "src": src,
                "gold": exr,
                "lines": [ln.to_dict() for ln in lines],
                "exact": Counter(gold) == Counter(pred),
            }
        )
    if dump:
        with dump.open("w", encoding="utf-8") as fh:
            for d in dumps:
                fh.write(json.dumps(d) + "\n")
    base = score(base_pairs)
    for name, subset in (
        ("all", pairs),
        ("dev half (even rows, used while developing)", pairs[0::2]),
        ("held-out half (odd rows, never inspected)", pairs[1::2]),
    ):
        s = score(subset)
        print(f"{name}: n={s['n']}  unordered exact match {s['exact']:.3f}")
    print(
        f"reference (one plain pizza baseline) exact match {base['exact']:.3f}; "
        f"parser/baseline ratio {score(pairs)['exact'] / max(base['exact'], 1e-9):.1f}x"
    )
    print(f"{'field':<18}{'precision':>10}{'recall':>8}{'gold':>6}")
    for f, (p, r, n) in score(pairs[1::2])["fields"].items():
        print(f"{f:<18}{p:>10.3f}{r:>8.3f}{n:>6}   (held-out half)")


def _line_sets(lines: list[dict]) -> tuple[Counter, Counter]:
    skus = Counter(ln["sku"] for ln in lines)
    full = Counter((ln["sku"], float(ln["quantity"] or 0), ln["unit"]) for ln in lines)
    return skus, full


def _prf(tp: int, npred: int, ngold: int) -> str:
    p = tp / npred if npred else 0.0
    r = tp / ngold if ngold else 0.0
    return f"precision {p:.3f} recall {r:.3f}"


def score_business(rows: list[dict], parses: list) -> list[str]:
    acc = Counter()
    tp_sku = tp_full = npred = ngold = 0
    for row, doc in zip(rows, parses, strict=True):
        acc["po"] += doc.po_number == row["po_number"]
        acc["date"] += doc.requested_delivery_date == row["requested_delivery_date"]
        city = doc.ship_to.city if doc.ship_to else None
        acc["city"] += (city or None) == row["city"]
        pred = [{"sku": ln.sku, "quantity": ln.quantity, "unit": ln.unit} for ln in doc.lines]
        gs, gf = _line_sets(row["lines"])
        ps, pf = _line_sets(pred)
        tp_sku += sum((gs & ps).values())
        tp_full += sum((gf & pf).values())
        npred += len(pred)
        ngold += len(row["lines"])
        acc["exact"] += gf == pf and doc.po_number == row["po_number"]
    n = len(rows)
    return [
        f"n={n}  whole message exact (lines+PO) {acc['exact'] / n:.3f}",
        f"  po_number accuracy {acc['po'] / n:.3f}   requested_delivery_date accuracy "
        f"{acc['date'] / n:.3f}   ship-to city accuracy {acc['city'] / n:.3f}",
        f"  line sku            {_prf(tp_sku, npred, ngold)}",
        f"  line sku+qty+unit   {_prf(tp_full, npred, ngold)}",
    ]


def run_business(path: Path, catalog_path: Path, dump: Path | None) -> None:
    import datetime as dt

    from ordermind.intake.catalog import Catalog, CatalogMatcher
    from ordermind.intake.text import parse_text

    rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
    matcher = CatalogMatcher(Catalog.load(catalog_path))
    today = dt.date(2025, 3, 17)  # the Monday the messages were written against
    parses = []
    for row in rows:
        doc = parse_text(row["text"], today=today)
        matcher.match_document(doc)
        parses.append(doc)
    if dump:
        with dump.with_suffix(".business.jsonl").open("w", encoding="utf-8") as fh:
            for row, doc in zip(rows, parses, strict=True):
                record = {"text": row["text"], "gold": row, "parse": doc.to_dict()}
                fh.write(json.dumps(record) + "\n")
    half = len(rows) // 2
    for name, sl in (
        ("business set, all", slice(None)),
        ("business set, first half (inspected while developing)", slice(0, half)),
        ("business set, second half (held out)", slice(half, None)),
    ):
        print(name)
        for text in score_business(rows[sl], parses[sl]):
            print(text)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path)
    ap.add_argument("--catalogs", type=Path)
    ap.add_argument("--dump", type=Path)
    ap.add_argument("--business", type=Path)
    ap.add_argument("--business-catalog", type=Path)
    args = ap.parse_args()
    if args.data:
        run_pizza(args.data, args.catalogs, args.dump)
    if args.business:
        catalog = args.business_catalog or args.business.with_name("office_catalog.json")
        run_business(args.business, catalog, args.dump)


if __name__ == "__main__":
    main()
