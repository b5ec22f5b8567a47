"""Catalog as plain data and matching of parsed lines to it: exact SKU/GTIN, the buyer's own
part numbers (cross-reference), fuzzy character n-gram TF-IDF on descriptions, variant
attributes, modifiers, and unit-of-measure/pack conversion to eaches."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .model import OrderDocument, OrderLine
from .normalize import FIXED_EACHES, unit_code
from .xref import CrossReferenceStore, description_key


@dataclass
class Variant:
    sku: str
    attributes: dict[str, str] = field(default_factory=dict)
    gtin: str | None = None
    price: float | None = None


@dataclass
class Product:
    sku: str
    name: str
    description: str = ""
    gtin: str | None = None
    unit: str = "EA"
    packs: dict[str, float] = field(default_factory=dict)  # unit code -> eaches, e.g. BX: 12
    price: float | None = None
    variants: list[Variant] = field(default_factory=list)
    modifiers: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)

    def text(self) -> str:
        return " ".join([self.name, self.description, *self.aliases])


@dataclass
class Catalog:
    products: list[Product]

    @classmethod
    def from_records(cls, records: list[dict[str, Any]]) -> Catalog:
        products = []
        for r in records:
            variants = [Variant(**v) for v in r.get("variants", [])]
            packs = {unit_code(k) or k: float(v) for k, v in r.get("packs", {}).items()}
            products.append(Product(**{**r, "variants": variants, "packs": packs}))
        return cls(products)

    @classmethod
    def load(cls, path: str | Path) -> Catalog:
        """A JSON file (list of products, or {"products": [...]}) or a directory of them."""
        p = Path(path)
        files = sorted(p.glob("*.json")) if p.is_dir() else [p]
        records: list[dict[str, Any]] = []
        for f in files:
            data = json.loads(f.read_text(encoding="utf-8"))
            records.extend(data["products"] if isinstance(data, dict) else data)
        return cls.from_records(records)


@dataclass
class Match:
    sku: str | None
    product: Product | None
    method: str  # xref | sku | gtin | fuzzy | none
    score: float
    runner_up: str | None = None


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


class CatalogMatcher:
    """Built once per catalog (the TF-IDF index), then used for many documents."""

    def __init__(
        self, catalog: Catalog, xref: CrossReferenceStore | None = None, min_fuzzy: float = 0.35
    ) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer

        self.catalog = catalog
        self.xref = xref
        self.min_fuzzy = min_fuzzy
        self.by_sku: dict[str, tuple[Product, Variant | None]] = {}
        self.by_gtin: dict[str, tuple[Product, Variant | None]] = {}
        for p in catalog.products:
            self.by_sku[p.sku.upper()] = (p, None)
            if p.gtin:
                self.by_gtin[p.gtin.lstrip("0")] = (p, None)
            for v in p.variants:
                self.by_sku[v.sku.upper()] = (p, v)
                if v.gtin:
                    self.by_gtin[v.gtin.lstrip("0")] = (p, v)
        self.vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
        texts = [_norm(p.text()) for p in catalog.products] or [""]
        self.matrix = self.vectorizer.fit_transform(texts)

    def match_line(self, line: OrderLine, buyer_id: str | None = None) -> Match:
        exact = self._exact(line, buyer_id)
        if exact is not None:
            return exact
        if line.description:
            return self._fuzzy_many([line.description])[0]
        return Match(None, None, "none", 0.0)

    def _exact(self, line: OrderLine, buyer_id: str | None) -> Match | None:
        """The buyer's cross-reference, then our SKU, then the GTIN; None when none hit."""
        if self.xref is not None:
            for key in (line.buyer_item_id, description_key(line.description)):
                sku = self.xref.get(buyer_id, key) if key else None
                if sku and sku.upper() in self.by_sku:
                    return self._hit(self.by_sku[sku.upper()], "xref", 0.99)
        for ident in (line.seller_item_id, line.sku, line.buyer_item_id):
            if ident and ident.upper() in self.by_sku:
                return self._hit(self.by_sku[ident.upper()], "sku", 1.0)
        if line.gtin and line.gtin.lstrip("0") in self.by_gtin:
            return self._hit(self.by_gtin[line.gtin.lstrip("0")], "gtin", 1.0)
        return None

    def _hit(self, pv: tuple[Product, Variant | None], method: str, score: float) -> Match:
        product, variant = pv
        return Match(variant.sku if variant else product.sku, product, method, score)

    _CHUNK = 256  # descriptions scored per sparse product: bounds the dense block's memory

    def _fuzzy_many(self, descriptions: list[str]) -> list[Match]:
        """Descriptions against the whole catalog at once: one vectoriser pass and one
        sparse product per chunk instead of one per line (a 5,000-line sheet went from
        seconds per thousand lines to a fraction of a second)."""
        import numpy as np

        n_products = self.matrix.shape[0]
        if not self.catalog.products or not descriptions:
            return [Match(None, None, "none", 0.0) for _ in descriptions]
        queries = self.vectorizer.transform([_norm(d) for d in descriptions])
        out: list[Match] = []
        for start in range(0, queries.shape[0], self._CHUNK):
            sims = (queries[start : start + self._CHUNK] @ self.matrix.T).toarray()
            for row in sims:
                if n_products > 1:
                    two = np.argpartition(-row, 1)[:2]
                    first, second = sorted(two, key=lambda i: (-row[i], -i))
                else:
                    first, second = 0, None
                out.append(self._fuzzy_pick(row, int(first), second))
        return out

    def _fuzzy_pick(self, row, first: int, second: int | None) -> Match:
        best = float(row[first])
        runner_score = float(row[second]) if second is not None else 0.0
        if best < self.min_fuzzy:
            return Match(None, None, "none", best)
        product = self.catalog.products[first]
        # A close runner-up makes the pick uncertain: confidence shrinks with the margin.
        score = min(0.95, best) * (0.6 + 0.4 * min(1.0, (best - runner_score) / 0.15))
        runner = self.catalog.products[second].sku if second is not None else None
        return Match(product.sku, product, "fuzzy", round(score, 4), runner)

    def apply(self, line: OrderLine, buyer_id: str | None = None) -> Match:
        """Fill sku, variant, unit conversion and confidences on the line in place."""
        return self._apply(line, self.match_line(line, buyer_id))

    def apply_all(self, lines: list[OrderLine], buyer_id: str | None = None) -> list[Match]:
        """`apply` for many lines, the fuzzy ones scored together."""
        found: list[Match | None] = [self._exact(ln, buyer_id) for ln in lines]
        fuzzy = [i for i, m in enumerate(found) if m is None and lines[i].description]
        for i, m in zip(
            fuzzy, self._fuzzy_many([lines[i].description or "" for i in fuzzy]), strict=True
        ):
            found[i] = m
        return [
            self._apply(ln, m or Match(None, None, "none", 0.0))
            for ln, m in zip(lines, found, strict=True)
        ]

    def _apply(self, line: OrderLine, m: Match) -> Match:
        line.meta["match"] = {"method": m.method, "score": m.score, "runner_up": m.runner_up}
        line.field_confidence["sku"] = m.score
        if m.product is None:
            line.sku = None
            return m
        variant = self._pick_variant(m.product, line)
        if variant is not None and m.method == "fuzzy":
            line.sku = variant.sku
        else:
            line.sku = m.sku
        if variant is not None:
            line.attributes = {**variant.attributes, **line.attributes}
        self._convert_units(m.product, line)
        self._check_modifiers(m.product, line)
        return m

    def _pick_variant(self, product: Product, line: OrderLine) -> Variant | None:
        if not product.variants:
            return None
        m = self.by_sku.get((line.sku or line.seller_item_id or "").upper())
        if m is not None and m[1] is not None:
            return m[1]
        words = set(_norm(" ".join([line.description or "", *line.attributes.values()])).split())
        best, best_hits = None, 0
        for v in product.variants:
            hits = sum(all(w in words for w in _norm(val).split()) for val in v.attributes.values())
            if hits > best_hits:
                best, best_hits = v, hits
        return best

    def _convert_units(self, product: Product, line: OrderLine) -> None:
        code = unit_code(line.unit) if line.unit else product.unit
        per = product.packs.get(code or "") or FIXED_EACHES.get(code or "")
        pack = line.meta.get("pack_size")
        if pack and code not in ("EA", None):
            per = float(pack)
        if line.quantity is not None and per and math.isfinite(line.quantity * per):
            line.meta["quantity_each"] = line.quantity * per
            line.meta["eaches_per_unit"] = per
        elif code and code != product.unit:
            line.meta["unit_unknown"] = code

    def _check_modifiers(self, product: Product, line: OrderLine) -> None:
        allowed = {m.upper() for m in product.modifiers}
        unknown = [m.name for m in line.modifiers if allowed and m.name.upper() not in allowed]
        if unknown:
            line.meta["unknown_modifiers"] = unknown

    def match_document(self, doc: OrderDocument) -> OrderDocument:
        self.apply_all(doc.lines, doc.buyer.id if doc.buyer else None)
        return doc
