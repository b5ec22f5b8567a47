"""Writes order_numbers.jsonl: the labelled order-number extraction set.

The hand-written lines (order_numbers_written.txt) plus messages composed from sentence
frames, the shop's and channels' number formats, and the things that must not be read as
order numbers (postcodes, phone numbers, prices, quantities, dates, tracking numbers)
mixed into the same messages. Seeded: the same file every run. Which lines are held out
(never looked at while tuning the extractor) is fixed by a hash of the text; see
`held_out` in benchmarks/assistant.py.

    python tests/data/assistant/make_order_numbers.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).parent
rng = random.Random(15)

SHOP = [  # (as written, normalised)
    ("#{n}", "{n}"),
    ("order {n}", "{n}"),
    ("order no. {n}", "{n}"),
    ("ord-{n}", "{n}"),
    ("ordernumber{n}", "{n}"),
    ("order number {n}", "{n}"),
    ("Order #{n}", "{n}"),
    ("order nr {n}", "{n}"),
    ("ORD{n}", "{n}"),
    ("order id {n}", "{n}"),
    ("order: {n}", "{n}"),
    ("my order is {n}", "{n}"),
    ("ordr {n}", "{n}"),
    ("order num {n}", "{n}"),
    ("Order No: {n}", "{n}"),
    ("order-{n}", "{n}"),
]
CHANNEL = [
    ("SHOP-{n}", "SHOP-{n}"),
    ("web-2025-{n}", "WEB-2025-{n}"),
    ("AMZ-{n}", "AMZ-{n}"),
    ("{a}-{b}-{c}", "{a}-{b}-{c}"),
    ("BOL-{n}", "BOL-{n}"),
    ("EBAY-{n}", "EBAY-{n}"),
]
FRAMES = [
    "where is {o}",
    "hi, {o} hasn't arrived yet",
    "can you check {o} please",
    "{o} - when will it be delivered?",
    "i want to cancel {o}",
    "status of {o}?",
    "please send the invoice for {o}",
    "i'd like to return something from {o}",
    "my refund for {o} never came",
    "hello, about {o}: the box was damaged",
    "change the address on {o} please",
    "{o}",
    "it's {o}",
    "the order i mean is {o}",
    "any news on {o}? thanks",
    "regarding {o}, the item is missing",
]
NOISE = [
    "my postcode is {nl}",
    "i live at {nl}",
    "zip {zip}",
    "deliver to {zip} berlin",
    "postcode {uk}",
    "call me on {phone}",
    "my phone is {phone}",
    "it cost €{price}",
    "i paid ${price}",
    "i ordered {q} mugs",
    "it should come on {date}",
    "i ordered it on {date}",
    "tracking number {track}",
    "{q}x the blue cable",
    "for {price} euros",
    "on the {day}th",
    "my house number is {house}",
]
NEGATIVE_ONLY = [
    "where is my order",
    "i want to cancel my order",
    "can i change my address to {nl}",
    "do you deliver to {zip}?",
    "my number is {phone}, call me",
    "the total was £{price}",
    "i need {q} more of these",
    "it was supposed to arrive {date}",
    "hello there",
    "tracking says {track}",
    "i ordered {q} items last week",
    "what's the status, i paid {price}",
]


def number() -> str:
    return str(
        rng.choice(
            [rng.randint(1001, 9999), rng.randint(10000, 99999), rng.randint(100000, 9999999)]
        )
    )


def order() -> tuple[str, str]:
    if rng.random() < 0.7:
        written, norm = rng.choice(SHOP)
        n = number()
        return written.format(n=n), norm.format(n=str(int(n)))
    written, norm = rng.choice(CHANNEL)
    parts = {
        "n": number(),
        "a": str(rng.randint(100, 9999)),
        "b": f"{rng.randint(10, 99)}",
        "c": str(rng.randint(100, 99999)),
    }
    return written.format(**parts), norm.format(**parts)


def noise() -> str:
    letters = "ABCDEFGHJKLMNPRTUVWXYZ"
    return rng.choice(NOISE + NEGATIVE_ONLY).format(
        nl=f"{rng.randint(1000, 9999)} {rng.choice(letters)}{rng.choice(letters)}",
        zip=f"{rng.randint(10000, 99999)}",
        uk=rng.choice(["SW1A 1AA", "EC1A 1BB", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT"]),
        phone=rng.choice(
            [
                f"06 {rng.randint(10000000, 99999999)}",
                f"+31 6 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
                f"555-{rng.randint(100, 999)}-{rng.randint(1000, 9999)}",
                f"+44 20 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}",
                f"0{rng.randint(100000000, 999999999)}",
                f"(030) {rng.randint(100000, 999999)}",
            ]
        ),
        price=rng.choice(
            [f"{rng.randint(5, 999)}.{rng.randint(10, 99)}", f"{rng.randint(10, 5000)}"]
        ),
        q=rng.randint(1, 12),
        date=rng.choice(
            [
                f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                f"{rng.randint(1, 28)}/{rng.randint(1, 12)}/2025",
                "tomorrow",
                f"{rng.randint(1, 28)} march",
                "next friday",
            ]
        ),
        track=rng.choice(
            [
                f"1Z{rng.randint(10**15, 10**16 - 1)}",
                f"{rng.randint(10**11, 10**12)}",
                f"JJD{rng.randint(10**13, 10**14)}",
            ]
        ),
        day=rng.randint(4, 28),
        house=rng.randint(1, 2999),
    )


def composed(count: int) -> list[dict]:
    rows = []
    for _ in range(count):
        kind = rng.random()
        if kind < 0.25:  # a message with no order number, only things that look like one
            rows.append({"text": noise(), "order_numbers": []})
            continue
        written, norm = order()
        text = rng.choice(FRAMES).format(o=written)
        if kind < 0.75:
            extra = noise()
            text = f"{text}, {extra}" if rng.random() < 0.5 else f"{extra}. {text}"
        if rng.random() < 0.3:
            text = text.lower()
        rows.append({"text": text, "order_numbers": [norm]})
    return rows


def written() -> list[dict]:
    rows = []
    for line in (HERE / "order_numbers_written.txt").read_text().splitlines():
        if "=>" not in line or line.startswith("#"):
            continue
        text, _, labels = line.partition("=>")
        rows.append(
            {
                "text": text.strip(),
                "order_numbers": [x.strip() for x in labels.split(",") if x.strip()],
            }
        )
    return rows


if __name__ == "__main__":
    rows = written() + composed(400)
    out = HERE / "order_numbers.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows))
    print(f"{len(rows)} messages -> {out}")
