from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request

from ordermind.domain.catalog import Product
from ordermind.domain.channels import Channel
from ordermind.domain.errors import NotFound
from ordermind.domain.fences import RingFence
from ordermind.domain.network import Node
from ordermind.services import capacity
from ordermind.services import inventory as svc

from ..auth import Principal, require
from ..deps import json_response, page, principal, uow, write
from ..permissions import Perm
from ..schemas import ChannelIn, NodeIn, ProductIn, ReleaseWaveIn
from ..views import channel_view, node_view, product_view

router = APIRouter(prefix="/v1", tags=["catalog"])
CodePath = Annotated[str, Path(min_length=1, max_length=64)]


@router.put("/products/{sku}", summary="Create or replace a product")
def put_product(
    sku: CodePath, body: ProductIn, request: Request, who: Principal = Depends(principal)
):
    require(who, Perm.PRODUCTS_WRITE)
    product = Product(sku=sku, **body.model_dump())
    write(request, lambda work: svc.upsert_product(work, product, who.actor))
    return json_response(product_view(product))


@router.get("/products/{sku}", summary="Get a product")
def get_product(sku: CodePath, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.PRODUCTS_READ)
    with uow(request, readonly=True) as work:
        product = work.products.get(sku)
    if product is None:
        raise NotFound(f"product {sku} not found")
    return json_response(product_view(product))


@router.get("/products", summary="List products by SKU")
def list_products(
    request: Request,
    cursor: Annotated[str | None, Query(max_length=64)] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    who: Principal = Depends(principal),
):
    require(who, Perm.PRODUCTS_READ)
    with uow(request, readonly=True) as work:
        items = [product_view(p) for p in work.products.page(cursor, limit)]
    return json_response(page(items, limit, lambda p: p["sku"]))


@router.put("/nodes/{code}", summary="Create or replace a stock location")
def put_node(code: CodePath, body: NodeIn, request: Request, who: Principal = Depends(principal)):
    require(who, Perm.NODES_WRITE)
    node = Node(code=code, **body.model_dump())
    write(request, lambda work: svc.upsert_node(work, node, who.actor))
    return json_response(node_view(node))


@router.get("/nodes", summary="List stock locations")
def list_nodes(request: Request, who: Principal = Depends(principal)):
    require(who, Perm.NODES_READ)
    with uow(request, readonly=True) as work:
        nodes = work.nodes.all()
        taken = capacity.lines_today(work, nodes)
    # lines_today: order lines sourced to the node on its own calendar day, against its
    # daily_capacity (sourcing passes a full node over for the next best one with room).
    return json_response(
        {"items": [node_view(n) | {"lines_today": taken.get(n.code, 0)} for n in nodes]}
    )


@router.put(
    "/channels/{code}",
    summary="Configure a sales channel's back-order policy and sourcing strategy",
)
def put_channel(
    code: CodePath, body: ChannelIn, request: Request, who: Principal = Depends(principal)
):
    require(who, Perm.CHANNELS_WRITE)
    from ordermind import sourcing

    if body.sourcing_strategy not in sourcing.strategy_names():
        from ordermind.domain.errors import ValidationFailed

        raise ValidationFailed(
            f"unknown sourcing strategy {body.sourcing_strategy!r}", known=sourcing.strategy_names()
        )
    fences = [RingFence(channel=code, **f.model_dump()) for f in body.ring_fences]
    channel = Channel(
        code=code, **body.model_dump(exclude={"ring_fences"}), ring_fences=tuple(fences)
    )
    write(request, lambda work: svc.upsert_channel(work, channel, who.actor))
    return json_response(channel_view(channel))


@router.get("/channels", summary="List channels")
def list_channels(request: Request, who: Principal = Depends(principal)):
    require(who, Perm.CHANNELS_READ)
    with uow(request, readonly=True) as work:
        channels = work.channels.all()
    if who.channel_scope is not None:  # its own settings, never another channel's fences
        channels = [c for c in channels if c.code == who.channel_scope]
    return json_response({"items": [channel_view(c) for c in channels]})


@router.post(
    "/nodes/{code}/outage",
    summary="Take a node down: its unreleased orders are re-sourced as one wave",
)
def node_outage(code: CodePath, request: Request, who: Principal = Depends(principal)):
    from ordermind.services.network import take_node_down

    require(who, Perm.NODES_WRITE)
    result = write(request, lambda work: take_node_down(work, code, who.actor))
    return json_response(result)


@router.post("/nodes/{code}/restore", summary="Bring a node back; waiting back-orders first")
def node_restore(code: CodePath, request: Request, who: Principal = Depends(principal)):
    from ordermind.services.network import bring_node_up

    require(who, Perm.NODES_WRITE)
    result = write(request, lambda work: bring_node_up(work, code, who.actor))
    return json_response(result)


@router.post(
    "/nodes/{code}/release-wave",
    summary="Release the node's waiting orders, highest priority first, within its capacity",
)
def node_release_wave(
    code: CodePath,
    request: Request,
    body: ReleaseWaveIn | None = None,
    who: Principal = Depends(principal),
):
    from ordermind.services.priority import release_wave

    require(who, Perm.ORDERS_OPERATE)
    limit = body.limit if body is not None else None
    result = write(request, lambda work: release_wave(work, code, who.actor, limit))
    return json_response(result.as_dict())


@router.get(
    "/availability", summary="Available-to-promise per fulfilment option with the earliest date"
)
def get_availability(
    request: Request,
    skus: Annotated[str, Query(min_length=1, max_length=2000, description="comma-separated SKUs")],
    country: Annotated[str, Query(pattern=r"^[A-Za-z]{2}$")],
    postal_code: Annotated[str | None, Query(max_length=16)] = None,
    city: Annotated[str | None, Query(max_length=100)] = None,
    lat: Annotated[float | None, Query(ge=-90, le=90)] = None,
    lon: Annotated[float | None, Query(ge=-180, le=180)] = None,
    quantity: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    channel: Annotated[str | None, Query(max_length=64)] = None,
    who: Principal = Depends(principal),
):
    from ordermind.services.network import availability

    require(who, Perm.AVAILABILITY_READ)
    wanted = [s.strip() for s in skus.split(",") if s.strip()][:100]
    if not wanted:
        from ordermind.domain.errors import ValidationFailed

        raise ValidationFailed("name at least one SKU")
    with uow(request, readonly=True) as work:
        result = availability(
            work,
            wanted,
            country=country.upper(),
            postal_code=postal_code,
            lat=lat,
            lon=lon,
            quantity=quantity,
            channel=who.channel_scope or channel,
            city=city,
        )
    return json_response(result)
