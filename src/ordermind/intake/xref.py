"""Customer part-number cross-reference: (buyer, their item key) -> our SKU. It grows from
reviewers' corrections; the services layer can back the same interface with the database."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Protocol


def description_key(description: str | None) -> str | None:
    """A buyer's free-text item name, normalised so small spelling variations still hit."""
    if not description:
        return None
    words = re.findall(r"[a-z0-9]+", description.lower())
    return "desc:" + " ".join(words) if words else None


class CrossReferenceStore(Protocol):
    def get(self, buyer_id: str | None, key: str) -> str | None: ...

    def put(self, buyer_id: str | None, key: str, sku: str) -> None: ...


class MemoryCrossReference:
    def __init__(self) -> None:
        self.table: dict[tuple[str, str], str] = {}

    def get(self, buyer_id: str | None, key: str) -> str | None:
        return self.table.get((buyer_id or "*", key))

    def put(self, buyer_id: str | None, key: str, sku: str) -> None:
        self.table[(buyer_id or "*", key)] = sku


class JsonFileCrossReference(MemoryCrossReference):
    """Small deployments and the CLI: one JSON file, rewritten on each correction."""

    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self.path = Path(path)
        if self.path.exists():
            for row in json.loads(self.path.read_text(encoding="utf-8")):
                self.table[(row["buyer_id"], row["key"])] = row["sku"]

    def put(self, buyer_id: str | None, key: str, sku: str) -> None:
        super().put(buyer_id, key, sku)
        rows = [{"buyer_id": b, "key": k, "sku": s} for (b, k), s in sorted(self.table.items())]
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(rows, indent=1), encoding="utf-8")
        tmp.replace(self.path)
