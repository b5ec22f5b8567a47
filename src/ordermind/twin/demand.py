"""Demand generation: a catalog with popularity, lifecycles and seasonality, and each day's
orders with every random number they will ever need drawn up front.

Common random numbers: each purpose has its own stream seeded from (seed, purpose, day),
and an order carries its own draws (carrier, transit, return, cancel). Two policies run on
the same seed therefore see exactly the same customers, baskets and carrier luck; only
what the policy decides can differ.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .scenario import Scenario

CATALOG, CUSTOMERS, DEMAND = 0, 1, 2


@dataclass(slots=True)
class Sku:
    sku: str
    family: str
    price: int
    weight_g: int
    weight: float  # popularity
    launch: int = 0  # first day sold
    retire: int = 10**9  # first day no longer sold


@dataclass(slots=True)
class OrderSpec:
    seq: int
    day: int
    minute: int  # of the day
    channel: str
    region: int
    customer: str
    segment: str
    lines: list[tuple[str, int]]
    fraud: bool
    score: float  # the risk rule's fraud score, 0..1
    u_carrier: float
    z_transit: float
    u_return: float
    u_cancel: float
    u_misc: float


def rng(seed: int, *stream: int) -> np.random.Generator:
    return np.random.default_rng([seed, *stream])


def make_catalog(s: Scenario) -> list[Sku]:
    r = rng(s.seed, CATALOG)
    fams = s.catalog.families
    share = np.array([f.share for f in fams], dtype=float)
    pick = r.choice(len(fams), size=s.catalog.skus, p=share / share.sum())
    ranks = r.permutation(s.catalog.skus) + 1
    out = []
    for i in range(s.catalog.skus):
        fam = fams[pick[i]]
        sku = Sku(
            sku=f"{fam.name[:4].upper()}-{i + 1:05d}",
            family=fam.name,
            price=int(r.integers(fam.price[0], fam.price[1] + 1)),
            weight_g=int(r.integers(fam.weight_g[0], fam.weight_g[1] + 1)),
            weight=float(ranks[i] ** -s.catalog.pareto),
        )
        if r.random() < s.catalog.short_lifecycle_share:
            life = max(7, int(s.days * r.uniform(0.2, 0.4)))
            sku.launch = int(r.integers(0, max(1, s.days - life // 2)))
            sku.retire = sku.launch + life
        out.append(sku)
    return out


def seasonality(s: Scenario, day: int) -> float:
    d = s.start.toordinal() + day
    weekly = s.catalog.weekly[(s.start.weekday() + day) % 7]
    doy = (d - 1) % 365
    annual = 1 + s.catalog.annual_amplitude * math.cos(2 * math.pi * (doy - 330) / 365)
    trend = (1 + s.catalog.trend_per_year) ** (day / 365)
    return weekly * annual * trend


def sku_weights(s: Scenario, skus: list[Sku], day: int) -> tuple[np.ndarray, float]:
    """Today's SKU mix and the demand multiplier from promotions and surges."""
    base = np.array([k.weight if k.launch <= day < k.retire else 0.0 for k in skus])
    for i, k in enumerate(skus):
        if base[i] and k.retire < 10**9:  # a launch hump over the SKU's short life
            base[i] *= 2 * math.sin(math.pi * (day - k.launch + 0.5) / (k.retire - k.launch))
    mult = np.ones(len(skus))
    fam = np.array([k.family for k in skus])
    for p in s.catalog.promotions:
        if p.start_day <= day < p.start_day + p.days:
            mult *= np.where((fam == p.family) if p.family else True, p.uplift, 1.0)
    for d in s.disruptions:
        if d.kind == "demand_surge" and d.active(day):
            mult *= np.where((fam == d.family) if d.family else True, d.factor, 1.0)
    total = base.sum()
    if total == 0:
        return base, 0.0
    weighted = base * mult
    return weighted / weighted.sum(), float(weighted.sum() / total)


def day_orders(s: Scenario, skus: list[Sku], day: int, first_seq: int) -> list[OrderSpec]:
    r = rng(s.seed, DEMAND, day)
    probs, lift = sku_weights(s, skus, day)
    n = int(r.poisson(s.orders_per_day * seasonality(s, day) * lift)) if lift else 0
    if n == 0:
        return []
    ch = s.channels
    ch_p = np.array([c.share for c in ch], dtype=float)
    ch_i = r.choice(len(ch), size=n, p=ch_p / ch_p.sum())
    rg_p = np.array([g.share for g in s.regions], dtype=float)
    rg_i = r.choice(len(s.regions), size=n, p=rg_p / rg_p.sum())
    n_lines = 1 + r.poisson(max(0.0, s.lines_per_order - 1), size=n)
    picks = r.choice(len(skus), size=int(n_lines.sum()), p=probs)
    qty = 1 + r.geometric(0.7, size=len(picks)) - 1
    u = r.random((n, 8)).tolist()
    z = r.standard_normal(n).tolist()
    # Plain Python numbers from here on (the same values): indexing numpy arrays one
    # element at a time cost more than the rest of building the day's orders.
    ch_i, rg_i, n_lines = ch_i.tolist(), rg_i.tolist(), n_lines.tolist()
    picks, qty = picks.tolist(), qty.tolist()
    prices = np.array([k.price for k in skus])
    price_of = {k.sku: k.price for k in skus}
    top = None  # the dearest SKU on sale today: what fraudsters add
    out, at = [], 0
    for i in range(n):
        ui = u[i]
        c = ch[ch_i[i]]
        region = rg_i[i]
        fraud = ui[0] < s.fraud.rate
        lines: dict[str, int] = {}
        for j in range(at, at + n_lines[i]):
            k = skus[picks[j]]
            lines[k.sku] = lines.get(k.sku, 0) + qty[j] * (5 if c.segment == "business" else 1)
        at += n_lines[i]
        new_customer = fraud or ui[1] < 0.1
        if fraud:  # the labelled pattern: a new account, a big basket, at night
            if top is None:
                top = skus[int(np.argmax(prices * (probs > 0)))]
            lines[top.sku] = lines.get(top.sku, 0) + 2
            minute = int(ui[2] * 300)
        else:
            minute = int(360 + ui[2] * 1020)
        value = sum(q * price_of[sk] for sk, q in lines.items())
        score = (
            0.35 * new_customer
            + 0.25 * (value > 20000)
            + 0.2 * (minute < 360)
            + 0.2 * (sum(lines.values()) >= 3)
        ) * 0.85 + 0.15 * ui[3]
        customer = (
            f"new{first_seq + i}@twin.example"
            if new_customer
            else f"c{region}-{int(ui[4] * s.regions[region].customers)}@twin.example"
        )
        out.append(
            OrderSpec(
                seq=first_seq + i,
                day=day,
                minute=minute,
                channel=c.code,
                region=region,
                customer=customer,
                segment=c.segment,
                lines=list(lines.items()),
                fraud=fraud,
                score=float(score),
                u_carrier=ui[5],
                z_transit=z[i],
                u_return=ui[6],
                u_cancel=ui[7],
                u_misc=ui[4],
            )
        )
    return sorted(out, key=lambda o: o.minute)
