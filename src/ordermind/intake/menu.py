"""Free-text orders against a phrase catalog with variants and modifiers (e.g. a pizza menu):
"two large thin crust pizzas with extra cheese and no onions and a diet coke".

The catalog is plain data: surface phrase -> (entity type, value), as in tab-separated
files `phrase<TAB>type(VALUE)`. Parsing is a longest-match tagger followed by a small
state machine that groups modifiers around item heads (pizza nouns, drink names)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .model import Modifier, OrderLine

# Words that name the main product even when the catalog lists no phrase for them.
PIZZA_NOUNS = {"pizza", "pizzas", "pie", "pies", "pizza pie", "pizza pies", "za"}
NEGATORS = (
    "without any",
    "without",
    "no",
    "hold the",
    "hold",
    "avoid",
    "not",
    "nothing",
    "skip the",
    "skip",
    "minus",
    "except",
    "free of",
    "leave off",
    "leave out",
    "don't want",
    "do not want",
    "don't add",
    "do not add",
    "don't put",
    "lose the",
    "none",
    "never",
)
# Everyday intensity words that menus rarely list but customers use.
QUALIFIERS = {
    "more": "EXTRA",
    "additional": "EXTRA",
    "double": "EXTRA",
    "plenty of": "EXTRA",
    "loads of": "EXTRA",
    "heaps of": "EXTRA",
    "extra": "EXTRA",
    "less": "LIGHT",
    "easy on": "LIGHT",
    "easy on the": "LIGHT",
    "go easy on": "LIGHT",
    "go easy on the": "LIGHT",
    "light": "LIGHT",
}
AFFIRMERS = ("with", "add", "plus", "adding", "and add", "also", "along with", "topped with")
_TYPES = {
    "number": "NUMBER",
    "size": "SIZE",
    "style": "STYLE",
    "topping": "TOPPING",
    "quantity": "QUANTITY",
    "drinktype": "DRINKTYPE",
    "containertype": "CONTAINERTYPE",
    "volume": "VOLUME",
}


@dataclass
class PhraseCatalog:
    phrases: dict[tuple[str, ...], tuple[str, str]] = field(default_factory=dict)
    max_len: int = 1

    def add(self, phrase: str, kind: str, value: str) -> None:
        toks = tuple(tokenize(phrase))
        if toks and toks not in self.phrases:
            self.phrases[toks] = (kind, value)
            self.max_len = max(self.max_len, len(toks))

    @classmethod
    def from_dir(cls, path: str | Path) -> PhraseCatalog:
        cat = cls()
        for f in sorted(Path(path).glob("*.txt")):
            for raw in f.read_text(encoding="utf-8").splitlines():
                if "\t" not in raw:
                    continue
                phrase, entity = raw.split("\t", 1)
                m = re.match(r"\s*(\w+)\((.*)\)\s*$", entity)
                if not m or m[1].lower() not in _TYPES:
                    continue
                value = "_".join(p.strip() for p in m[2].split(","))
                cat.add(phrase, _TYPES[m[1].lower()], value)
        # "lunch size" is listed; "six lunch pizzas" drops the word "size".
        for toks, (kind, value) in list(cat.phrases.items()):
            if kind == "SIZE" and len(toks) == 2 and toks[1] in ("size", "sized"):
                cat.add(toks[0], kind, value)
        for word, value in QUALIFIERS.items():
            cat.add(word, "QUANTITY", value)
        for noun in PIZZA_NOUNS:
            cat.add(noun, "PIZZA", "PIZZA")
        for neg in NEGATORS:
            cat.add(neg, "NEG", "NOT")
        for pos in AFFIRMERS:
            cat.add(pos, "POS", "WITH")
        return cat


def tokenize(text: str) -> list[str]:
    text = text.lower().replace("’", "'")
    # Hyphens are dropped on both sides (catalog and text) so "7-up", "7 up" and
    # "party - sized" all meet.
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?(?:\.\d+)?", text)


@dataclass
class Tag:
    kind: str
    value: str
    start: int
    end: int


def tag(tokens: list[str], cat: PhraseCatalog) -> list[Tag]:
    """Greedy longest match; untagged tokens become kind 'O'."""
    tags: list[Tag] = []
    i = 0
    while i < len(tokens):
        for n in range(min(cat.max_len, len(tokens) - i), 0, -1):
            hit = cat.phrases.get(tuple(tokens[i : i + n]))
            if hit:
                tags.append(Tag(hit[0], hit[1], i, i + n))
                i += n
                break
        else:
            tags.append(Tag("O", tokens[i], i, i + 1))
            i += 1
    # "a two topping pizza": a number that counts toppings is not an order quantity.
    for a, b in zip(tags, tags[1:], strict=False):
        if a.kind == "NUMBER" and b.kind == "O" and b.value in _COUNTED_NOUNS:
            a.kind = "O"
    return tags


_COUNTED_NOUNS = {"topping", "toppings", "item", "items", "ingredient", "ingredients"}


_HEADS = {"PIZZA", "DRINKTYPE"}


def _group_starts(tags: list[Tag]) -> list[tuple[int, int]]:
    """Split tags into (start, end) spans, one per item head."""
    heads = [i for i, t in enumerate(tags) if t.kind in _HEADS]
    # "cheese pizza" style heads stand alone; a pizza noun right after a drink is not a head.
    spans: list[tuple[int, int]] = []
    prev_head = -1
    for h in heads:
        start = prev_head + 1
        window = range(prev_head + 1, h)
        numbers = [i for i in window if tags[i].kind == "NUMBER"]
        sizes = [i for i in window if tags[i].kind in ("SIZE", "CONTAINERTYPE", "VOLUME")]
        if prev_head >= 0:
            if numbers:
                start = numbers[-1]
            elif sizes:
                start = sizes[0]
            else:
                start = _pre_modifier_start(tags, prev_head, h)
            spans[-1] = (spans[-1][0], start)
        spans.append((start if prev_head >= 0 else 0, h + 1))
        prev_head = h
    if spans:
        spans[-1] = (spans[-1][0], len(tags))
    return spans


def _pre_modifier_start(tags: list[Tag], prev_head: int, head: int) -> int:
    """Without a number or size, toppings glued to the new head ('... and a ham pizza') move
    with it only when the head is a pizza and they follow 'and'; otherwise they stay."""
    if tags[head].kind != "PIZZA":
        return head
    i = head
    while i - 1 > prev_head and tags[i - 1].kind in ("TOPPING", "STYLE", "QUANTITY"):
        i -= 1
    if i < head and i - 1 > prev_head and tags[i - 1].value == "and" and i - 1 > prev_head + 1:
        return i
    return head


def parse_menu_text(text: str, cat: PhraseCatalog) -> list[OrderLine]:
    tags = tag(tokenize(text), cat)
    spans = _group_starts(tags)
    if not spans and any(t.kind in ("TOPPING", "STYLE", "SIZE") for t in tags):
        # "a large with ham": a pizza order with its noun left out
        spans = [(0, len(tags))]
    lines: list[OrderLine] = []
    for start, end in spans:
        lines.append(_build_line([t for t in tags[start:end]], len(lines) + 1))
    return lines


def _build_line(tags: list[Tag], index: int) -> OrderLine:
    head = next((t for t in tags if t.kind in _HEADS), None)
    drink = head if head is not None and head.kind == "DRINKTYPE" else None
    is_drink = drink is not None
    line = OrderLine(line_id=str(index), quantity=None, unit="EA")
    line.sku = drink.value if drink is not None else "PIZZA"
    line.description = "drink" if is_drink else "pizza"
    styles: list[str] = []
    negated = False
    qualifier: str | None = None
    head_at = tags.index(head) if head is not None else len(tags)
    # The number nearest before the head counts ("an order of two pizzas"); else the first.
    before = [t for t in tags[:head_at] if t.kind == "NUMBER"]
    numbers = before or [t for t in tags if t.kind == "NUMBER"]
    if numbers:
        line.quantity = float(numbers[-1].value if before else numbers[0].value)
    prev: Tag | None = None
    for t in tags:
        if t.kind == "SIZE":
            line.attributes["size"] = t.value
        elif t.kind == "CONTAINERTYPE" and is_drink:
            line.attributes["container"] = t.value
        elif t.kind == "VOLUME" and is_drink:
            line.attributes["volume"] = t.value
        elif t.kind == "NEG":
            negated = True
        elif t.kind == "POS" and not (prev is not None and prev.kind == "NEG"):
            negated = False
        elif t.kind == "QUANTITY":
            # "no extra cheese" negates the qualified topping; "no ham ... extra cheese" ends
            # the negation.
            if not (prev is not None and prev.kind == "NEG"):
                negated = False
            qualifier = t.value
        elif t.kind == "TOPPING":
            line.modifiers.append(Modifier(t.value, qualifier, negated))
            qualifier = None
        elif t.kind == "STYLE":
            if negated:
                line.modifiers.append(Modifier(f"style:{t.value}", None, True))
            else:
                styles.append(t.value)
        if t.kind != "O":
            prev = t
    if styles:
        line.attributes["style"] = ",".join(sorted(set(styles)))
    if line.quantity is None:
        line.quantity = 1.0
    line.confidence = 0.9 if head is not None else 0.5
    return line
