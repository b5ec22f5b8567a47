"""Placing, changing, cancelling and closing orders."""

from __future__ import annotations

from datetime import timedelta

from ordermind.domain.catalog import Product
from ordermind.domain.clock import utcnow
from ordermind.domain.errors import Forbidden, NotFound, ValidationFailed
from ordermind.domain.orders import BackorderPolicy, Order
from ordermind.money import is_currency
from ordermind.services import experiments, screening
from ordermind.services.allocation import allocate_backorders, channel_rules, source_order
from ordermind.services.commands import CancelOrder, ChangeOrder, OrderLineInput, PlaceOrder
from ordermind.services.countries import check_country
from ordermind.services.screening import RiskContext, Screener
from ordermind.services.unit_of_work import AbstractUnitOfWork, PlacementQuery


def _priced_lines(
    uow: AbstractUnitOfWork,
    lines: list[OrderLineInput],
    currency: str,
    products: dict[str, Product] | None = None,
) -> list[tuple[str, int, int]]:
    if products is None:
        products = uow.products.get_many(line.sku for line in lines)
    unknown = sorted({line.sku for line in lines} - set(products))
    if unknown:
        raise ValidationFailed(f"unknown SKU(s): {', '.join(unknown)}", skus=unknown)
    inactive = sorted({line.sku for line in lines if not products[line.sku].active})
    if inactive:
        raise ValidationFailed(f"SKU(s) no longer sold: {', '.join(inactive)}", skus=inactive)
    priced = []
    for line in lines:
        price = line.unit_price
        if price is None:
            product = products[line.sku]
            if product.currency != currency:
                raise ValidationFailed(
                    f"{line.sku} is priced in {product.currency}; give unit_price"
                )
            price = product.price
        priced.append((line.sku, line.quantity, price))
    return priced


def placement_query(
    cmd: PlaceOrder,
    context: RiskContext | None,
    screened: bool,
) -> PlacementQuery:
    """What placing `cmd` will read; computed once so a store can fetch it in one go."""
    now = utcnow()
    today = now.date()
    return PlacementQuery(
        skus=frozenset(line.sku for line in cmd.lines),
        # Every node's local date is the UTC date or the day either side of it.
        days=frozenset(today + timedelta(days=d) for d in (-1, 0, 1)),
        identities=(
            screening.identities_of(cmd.customer.email, cmd.ship_to, context) if screened else ()
        ),
        since=now - screening.VELOCITY_HORIZON if screened else None,
    )


def place_order(
    uow: AbstractUnitOfWork,
    cmd: PlaceOrder,
    actor: str,
    screener: Screener | None = None,
    context: RiskContext | None = None,
    query: PlacementQuery | None = None,
    may_set_prices: bool = True,
) -> Order:
    """Validate, screen, create and source a new order in one transaction (the caller
    commits). A held order keeps its reservation; a rejected one reserves nothing.
    `query` is `placement_query(cmd, context, screened)` if the caller already made it.
    A caller that may not set prices (a channel's own key) may send only the catalog's,
    unless the channel allows its own (`Channel.price_override`)."""
    check_country(cmd.ship_to.country, "ship_to.country")
    if not is_currency(cmd.currency):
        raise ValidationFailed(f"currency {cmd.currency!r} is not an ISO 4217 currency code")
    check_channel(uow, cmd.channel)
    screened = screener is not None and not cmd.draft
    reads = uow.placement_reads(query or placement_query(cmd, context, screened))
    priced = _priced_lines(uow, cmd.lines, cmd.currency, reads.products)
    if not may_set_prices:
        _refuse_own_prices(uow, cmd, reads.products)
    if cmd.pickup_node is not None:
        _check_pickup_store(uow, cmd.pickup_node)
    order = Order.create(
        channel=cmd.channel,
        currency=cmd.currency,
        customer=cmd.customer,
        ship_to=cmd.ship_to,
        lines=[(sku, qty, price) for sku, qty, price in priced],
        external_id=cmd.external_id,
        requested_delivery_date=cmd.requested_delivery_date,
        draft=cmd.draft,
        pickup_node=cmd.pickup_node,
        actor=actor,
        charges=cmd.charges,
    )
    ctx = context or RiskContext()
    # The running experiments' groups for this order (a cached read; none: no change).
    arms = experiments.Arms() if cmd.draft else experiments.arms_for(uow, order)
    if screener is not None and screened:
        decision = experiments.screen(
            lambda policy: screener.assess(order, ctx, reads.velocity, policy=policy), arms
        )
        screening.apply(order, decision, actor)
    if not cmd.draft:
        rules = channel_rules(uow, cmd.channel)
        shadow = source_order(
            uow,
            order,
            actor,
            policy=rules.backorder_policy,
            strategy=arms.value(experiments.SOURCING, rules.sourcing_strategy),
            products=reads.products,
            reads=reads,
            shadow=arms.shadow(experiments.SOURCING, rules.sourcing_strategy),
        )
        experiments.sourcing_shadow(shadow, arms)
        experiments.record(order, arms, actor)
    # The repository refuses a second order with the same (channel, external_id) with
    # Conflict; everything reserved above is then rolled back with the unit of work.
    uow.orders.add(order)
    if screened:
        assert order.id is not None
        uow.velocity.record(order.id, screening.velocity_records(order, ctx))
    return order


def check_channel(uow: AbstractUnitOfWork, code: str) -> None:
    """Once a store has configured its channels, an order for any other is refused: a
    typo ("webb") or a stranger's code would otherwise take stock under rules nobody set.
    (A store with no channel configured yet takes every code, so a first order works.)"""
    if uow.channels.get(code) is not None:  # (the cached dict: no sort on every order)
        return
    known = sorted(c.code for c in uow.channels.all())
    if known:
        raise ValidationFailed(
            f"channel: unknown channel {code!r}; configured channels: {', '.join(known)} "
            "(PUT /v1/channels/{code} adds one)"
        )


def _refuse_own_prices(
    uow: AbstractUnitOfWork, cmd: PlaceOrder, products: dict[str, Product]
) -> None:
    if channel_rules(uow, cmd.channel).price_override:
        return
    own = [
        f"{line.sku} {line.unit_price} (catalog {products[line.sku].price} "
        f"{products[line.sku].currency})"
        for line in cmd.lines
        if line.unit_price is not None
        and (
            line.unit_price != products[line.sku].price
            or products[line.sku].currency != cmd.currency
        )
    ]
    if own:
        raise Forbidden(
            f"channel {cmd.channel} may not set its own prices: {', '.join(own)}; "
            "leave unit_price out, or have an admin set price_override on the channel"
        )


def _check_pickup_store(uow: AbstractUnitOfWork, code: str) -> None:
    store = next((n for n in uow.nodes.all() if n.code == code), None)  # the cached list
    if store is None or not store.can_pickup or not store.active:
        raise ValidationFailed(f"{code!r} is not an active pick-up store")


def get_order(uow: AbstractUnitOfWork, order_id: int, channel: str | None = None) -> Order:
    """Load an order; a channel-scoped caller sees only its own channel's orders."""
    order = uow.orders.get(order_id)
    if order is None or (channel is not None and order.channel != channel):
        raise NotFound(f"order {order_id} not found")
    return order


def place_draft(
    uow: AbstractUnitOfWork,
    order_id: int,
    actor: str,
    channel: str | None = None,
    screener: Screener | None = None,
) -> Order:
    """A quote becomes a live order: screened and sourced like any new order."""
    order = get_order(uow, order_id, channel)
    order.place(actor)
    arms = experiments.arms_for(uow, order)
    if screener is not None:
        ctx = RiskContext()
        ids = screening.identities_of(order.customer.email, order.ship_to, ctx)
        uow.velocity.lock(dict(ids))
        history = uow.velocity.recent(dict(ids), utcnow() - screening.VELOCITY_HORIZON)
        decision = experiments.screen(
            lambda policy: screener.assess(order, ctx, history, policy=policy), arms
        )
        screening.apply(order, decision, actor)
    rules = channel_rules(uow, order.channel)
    shadow = source_order(
        uow,
        order,
        actor,
        policy=rules.backorder_policy,
        strategy=arms.value(experiments.SOURCING, rules.sourcing_strategy),
        shadow=arms.shadow(experiments.SOURCING, rules.sourcing_strategy),
    )
    experiments.sourcing_shadow(shadow, arms)
    experiments.record(order, arms, actor)
    uow.orders.save(order)
    if screener is not None:
        uow.velocity.record(order_id, screening.velocity_records(order, ctx))
    return order


def change_order(
    uow: AbstractUnitOfWork, cmd: ChangeOrder, actor: str, channel: str | None = None
) -> Order:
    if cmd.ship_to is not None:
        check_country(cmd.ship_to.country, "ship_to.country")
    order = get_order(uow, cmd.order_id, channel)
    lines = None
    if cmd.lines is not None:
        known = {line.sku: line for line in order.lines}
        new_skus = [ln for ln in cmd.lines if ln.sku not in known and ln.quantity > 0]
        priced = {sku: price for sku, _, price in _priced_lines(uow, new_skus, order.currency)}
        lines = [
            (ln.sku, ln.quantity, ln.unit_price if ln.sku in known else priced.get(ln.sku))
            for ln in cmd.lines
        ]
    freed = order.change(
        actor, ship_to=cmd.ship_to, lines=lines, requested_delivery_date=cmd.requested_delivery_date
    )
    for res in sorted(freed, key=lambda r: (r.node, r.sku)):  # the global lock order
        uow.inventory.unreserve(res.node, res.sku, res.quantity)
    if not order.draft:
        rules = channel_rules(uow, order.channel)
        policy = (
            BackorderPolicy.BACKORDER
            if rules.backorder_policy is BackorderPolicy.REJECT
            else rules.backorder_policy
        )
        strategy = experiments.strategy_for(uow, order, rules.sourcing_strategy)
        source_order(uow, order, actor, policy=policy, strategy=strategy)
    uow.orders.save(order)
    for sku in dict.fromkeys(r.sku for r in freed):  # in a fixed order, not hash order
        allocate_backorders(uow, sku, actor)
    return order


def cancel_order(
    uow: AbstractUnitOfWork, cmd: CancelOrder, actor: str, channel: str | None = None
) -> Order:
    order = get_order(uow, cmd.order_id, channel)
    freed = order.cancel(actor, cmd.reason, cmd.lines)
    for res in sorted(freed, key=lambda r: (r.node, r.sku)):  # the global lock order
        uow.inventory.unreserve(res.node, res.sku, res.quantity)
    uow.orders.save(order)
    for sku in dict.fromkeys(r.sku for r in freed):  # in a fixed order, not hash order
        allocate_backorders(uow, sku, actor)  # freed stock goes to whoever waits for it
    return order


def close_order(uow: AbstractUnitOfWork, order_id: int, actor: str) -> Order:
    order = get_order(uow, order_id)
    order.close(actor)
    uow.orders.save(order)
    return order
