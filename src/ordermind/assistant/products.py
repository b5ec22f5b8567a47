"""Product words in a message matched to a catalogue (SKU -> name): "the blue mug" finds
the SKU whose name is "Mug, blue, 300 ml". Tolerant of plurals and small typos."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping

_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "and",
        "or",
        "with",
        "for",
        "in",
        "on",
        "to",
        "my",
        "your",
        "our",
        "i",
        "me",
        "it",
        "this",
        "that",
        "one",
        "two",
        "ml",
        "cm",
        "mm",
        "kg",
        "g",
        "x",
        "pcs",
        "pack",
        "set",
        "size",
        "item",
        "items",
        "product",
    ]
)


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in plain if not unicodedata.combining(c))


_SUFFIXES = (("ves", "f"), ("ies", "y"), ("es", ""), ("s", ""))


def _stem(word: str) -> str:
    for suffix, replacement in _SUFFIXES:
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            return word[: -len(suffix)] + replacement
    return word


def _words(text: str) -> list[str]:
    """Content words: no stop words, no numbers or single letters (sizes, units)."""
    return [
        _stem(w)
        for w in re.findall(r"[a-z0-9]+", _fold(text))
        if w not in _STOP and len(w) > 1 and not w.isdigit()
    ]


def match_products(text: str, catalogue: Mapping[str, str]) -> tuple[str, ...]:
    """SKUs whose product is named in `text`, in the order they appear. A product matches
    when its SKU is written, or when its name's distinctive words are in the text: all of
    them, or at least one distinctive word (in no other name) plus half of the rest.
    When several products match on the same words the one matching most of its name wins."""
    said = _words(text)
    said_set = set(said)
    folded = _fold(text)
    names = {sku: set(_words(name)) for sku, name in catalogue.items()}
    counts: dict[str, int] = {}
    for words in names.values():
        for w in words:
            counts[w] = counts.get(w, 0) + 1
    hits: list[tuple[int, float, str]] = []
    for sku, words in names.items():
        code = re.search(rf"(?<![\w-]){re.escape(_fold(sku))}(?![\w-])", folded)
        if code:
            hits.append((code.start(), 2.0, sku))
            continue
        if not words:
            continue
        present = {w for w in words if w in said_set or _fuzzy_in(w, said_set)}
        distinctive = {w for w in present if counts[w] == 1}
        share = len(present) / len(words)
        if share == 1.0 or (distinctive and share >= 0.5):
            first = min((_position(said, w) for w in present), default=0)
            hits.append((first, share, sku))
    best: dict[int, tuple[float, str]] = {}
    for pos, share, sku in hits:  # one product per place in the text: the fullest match
        if pos not in best or share > best[pos][0]:
            best[pos] = (share, sku)
    return tuple(sku for _, (_, sku) in sorted(best.items()))


def _fuzzy_in(word: str, said: set[str]) -> bool:
    if len(word) < 5:
        return False
    return any(
        abs(len(w) - len(word)) <= 2 and difflib.SequenceMatcher(None, w, word).ratio() >= 0.85
        for w in said
    )


def _position(said: list[str], word: str) -> int:
    if word in said:
        return said.index(word)
    close = difflib.get_close_matches(word, said, n=1, cutoff=0.85)
    return said.index(close[0]) if close else len(said)
