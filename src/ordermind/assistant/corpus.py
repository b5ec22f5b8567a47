"""The intent classifier's training corpus: the project's own examples (data/examples.txt)
plus a subset of CLINC150 (data/clinc_subset.jsonl.gz, CC BY 3.0, Larson et al. 2019)
with its intents mapped onto ours. Both ship inside the package, so training needs
nothing outside it.

A fifth of the project's own lines are held out, chosen by a hash of the line as written
(never random per run), and never used for training; the benchmark and the tests score
them. Augmented copies (typos, run-on words, fillers) are made from each side separately,
so no variant of a held-out line is trained on."""

from __future__ import annotations

import gzip
import hashlib
import json
import random
import re
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path

from ordermind.assistant.intents import Intent

_DATA = resources.files("ordermind.assistant") / "data"
EXAMPLES = "examples.txt"
CLINC_SUBSET = "clinc_subset.jsonl.gz"
_SPLIT_SALT = b"ordermind-assistant-split-v1:"

# CLINC150 intents that are ours. Everything else (its other 146 intents and its `oos`
# split) is out_of_scope. Decided by reading CLINC's examples, not its names:
#   order_status  "track my package", "what's going on with my order"  -> order_status
#   greeting      "hello, anyone there", "how's it going"             -> greeting
#   thank_you     "i appreciate your help, thank you"                 -> thanks
#   goodbye       "bye-bye", "nice to speak with you"                  -> thanks (a closing
#                 pleasantry; the assistant answers both the same way)
# and three whose names look like ours but whose meaning is not:
#   cancel        "never mind, cancel that", "pause": stop the assistant's last request,
#                 not cancel an order                                   -> out_of_scope
#   order         "order me more lysol": place a new order by voice      -> out_of_scope
#   cancel_reservation  restaurant bookings                             -> out_of_scope
CLINC_TO_INTENT: dict[str, Intent] = {
    "order_status": Intent.ORDER_STATUS,
    "greeting": Intent.GREETING,
    "thank_you": Intent.THANKS,
    "goodbye": Intent.THANKS,
}
CLINC_PER_OTHER_INTENT = 15  # of each out-of-scope CLINC intent's training examples


def shipped_file(name: str) -> Path:
    """Where a corpus file of the package lives on disk (for rewriting it)."""
    return Path(str(_DATA / name))


def map_clinc(name: str) -> Intent:
    return CLINC_TO_INTENT.get(name, Intent.OUT_OF_SCOPE)


def is_held_out(line: str) -> bool:
    """One line in five, fixed by the text: never trained on."""
    return hashlib.sha256(_SPLIT_SALT + line.encode()).digest()[0] % 5 == 0


def is_held_out_extraction(text: str) -> bool:
    """Three messages in ten of the order-number extraction set
    (tests/data/assistant/order_numbers.jsonl), never looked at while tuning the patterns."""
    return hashlib.sha256(b"order-numbers-v1:" + text.encode()).digest()[0] % 10 < 3


def own_lines() -> list[tuple[str, Intent]]:
    """(line as written, with its {order}/{email} placeholders; intent)."""
    out: list[tuple[str, Intent]] = []
    intent: Intent | None = None
    for raw in (_DATA / EXAMPLES).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("# "):
            continue
        if line.startswith("## "):
            intent = Intent(line[3:].strip())
        elif intent is not None:
            out.append((line, intent))
    return out


def own_examples(held_out: bool) -> list[tuple[str, Intent]]:
    """The held-out lines (filled, not augmented) or the training lines with variants."""
    out = []
    for line, intent in own_lines():
        if is_held_out(line) != held_out:
            continue
        rng = random.Random(hashlib.sha256(line.encode()).digest())
        text = fill(line, rng)
        out.append((text, intent))
        if not held_out:
            out.extend((variant, intent) for variant in variants(line, rng))
    return out


_ORDER_FORMATS = (
    "#{n}",
    "order {n}",
    "order no. {n}",
    "ord-{n}",
    "ordernumber{n}",
    "order number {n}",
    "{n}",
    "nr {n}",
    "SHOP-{n}",
    "WEB-2025-{n}",
    "#{n}",
)
_FIRST = ("anna", "j.smith", "mark77", "lisa.de.vries", "tom", "priya.k", "info")
_DOMAINS = ("gmail.com", "example.org", "outlook.com", "web.de", "hotmail.co.uk")


def fill(line: str, rng: random.Random) -> str:
    def order(_: re.Match[str]) -> str:
        fmt = rng.choice(_ORDER_FORMATS)
        return fmt.format(n=rng.randint(100, 999999))

    def email(_: re.Match[str]) -> str:
        return f"{rng.choice(_FIRST)}@{rng.choice(_DOMAINS)}"

    return re.sub(r"\{email\}", email, re.sub(r"\{order\}", order, line))


_FILLERS_BEFORE = ("hi, ", "hello ", "hey ", "um ", "excuse me, ", "quick question, ", "")
_FILLERS_AFTER = (" please", " pls", " thanks", "?", "!!", " asap", " thank you", "")


def variants(line: str, rng: random.Random) -> Iterator[str]:
    """Five variants of a training line as customers would write it."""
    yield fill(rng.choice(_FILLERS_BEFORE) + line + rng.choice(_FILLERS_AFTER), rng)
    yield typo(fill(line, rng), rng)
    yield run_on(fill(line, rng).lower().rstrip("?!."), rng)
    yield typo(run_on(fill(line, rng), rng), rng)
    yield typo(fill(line.lower().replace("'", ""), rng), rng)


def typo(text: str, rng: random.Random) -> str:
    """One slip of the keyboard in a word of four letters or more."""
    words = text.split(" ")
    long_words = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not long_words:
        return text
    i = rng.choice(long_words)
    w = words[i]
    j = rng.randrange(1, len(w) - 1)
    kind = rng.randrange(4)
    if kind == 0:
        w = w[:j] + w[j + 1 :]  # dropped letter
    elif kind == 1:
        w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]  # swapped letters
    elif kind == 2:
        w = w[:j] + w[j] + w[j:]  # doubled letter
    else:
        w = w[:j] + rng.choice("aeioursnt") + w[j + 1 :]  # wrong letter
    words[i] = w
    return " ".join(words)


def run_on(text: str, rng: random.Random) -> str:
    """Two neighbouring words written as one ("wheresmy order")."""
    words = text.split(" ")
    if len(words) < 2:
        return text
    i = rng.randrange(len(words) - 1)
    return " ".join(words[:i] + [words[i] + words[i + 1]] + words[i + 2 :])


def clinc_examples() -> list[tuple[str, str]]:
    """(text, CLINC intent name) from the shipped subset."""
    with (_DATA / CLINC_SUBSET).open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as f:
        return [(row[0], row[1]) for row in map(json.loads, f)]


def training_set() -> list[tuple[str, Intent]]:
    """Everything the classifier learns from, in a fixed order. A training text equal to a
    held-out one (a CLINC "hey", a typo variant that came out as another line) is left
    out, so the held-out score is on messages the model has never seen."""
    held_out = {_key(text) for text, _ in own_examples(held_out=True)}
    clinc = [(text, map_clinc(name)) for text, name in clinc_examples()]
    return [(t, i) for t, i in own_examples(held_out=False) + clinc if _key(t) not in held_out]


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def corpus_digest() -> str:
    """Content hash of the training inputs (the model cache key)."""
    h = hashlib.sha256()
    h.update((_DATA / EXAMPLES).read_bytes())
    h.update((_DATA / CLINC_SUBSET).read_bytes())
    return h.hexdigest()


def write_clinc_subset(source: Path, dest: Path) -> int:
    """The shipped subset from CLINC150's full file: every train and val example of the
    intents we map in, the first CLINC_PER_OTHER_INTENT training examples (by a fixed hash
    order) of each other intent, and the oos train and val examples. Returns the count."""
    data = json.loads(source.read_text(encoding="utf-8"))
    rows: list[tuple[str, str]] = []
    by_intent: dict[str, list[str]] = {}
    for text, name in data["train"] + data["val"]:
        if name in CLINC_TO_INTENT:
            rows.append((text, name))
    for text, name in data["train"]:
        if name not in CLINC_TO_INTENT:
            by_intent.setdefault(name, []).append(text)
    for name in sorted(by_intent):
        ranked = sorted(by_intent[name], key=lambda t: hashlib.sha256(t.encode()).digest())
        rows.extend((t, name) for t in ranked[:CLINC_PER_OTHER_INTENT])
    rows.extend((text, "oos") for text, _ in data["oos_train"] + data["oos_val"])
    dest.parent.mkdir(parents=True, exist_ok=True)
    with gzip.GzipFile(dest, "wb", mtime=0) as raw:  # mtime 0: the same bytes every time
        raw.write("".join(json.dumps(r) + "\n" for r in rows).encode())
    return len(rows)


def clinc_split(source: Path, split: str) -> Iterable[tuple[str, Intent]]:
    """A split of CLINC's full file ("test", "oos_test", ...) mapped onto our intents."""
    data = json.loads(source.read_text(encoding="utf-8"))
    return [(text, map_clinc(name)) for text, name in data[split]]
