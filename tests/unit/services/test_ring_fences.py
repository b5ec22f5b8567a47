import pytest

from ordermind.adapters.memory import FastStore, FastUnitOfWork
from ordermind.domain.channels import Channel
from ordermind.domain.errors import ValidationFailed
from ordermind.domain.fences import RingFence, against, kept, usable
from ordermind.domain.network import Node
from ordermind.services import inventory as inv
from ordermind.services.ordering import place_order

from .helpers import order_cmd, store_with_stock


def test_a_fence_keeps_the_larger_of_its_share_and_its_quantity_and_never_more_than_is_free():
    share = RingFence("LDN", "store", share=0.3)
    fixed = RingFence("LDN", "store", quantity=4)
    both = RingFence("LDN", "store", share=0.5, quantity=2)
    assert kept([share], 10) == 3 and kept([share], 1) == 1  # a share rounds up
    assert kept([fixed], 10) == 4 and kept([fixed], 3) == 3 and kept([fixed], -2) == 0
    assert kept([both], 10) == 5 and kept([both], 3) == 2
    assert usable(10, [share, fixed]) == 3 and usable(5, [share, fixed]) == 0


def test_only_fences_of_other_channels_hold_stock_back_and_sku_fences_cover_their_sku():
    fences = [RingFence("LDN", "store", quantity=1), RingFence("LDN", "app", sku="A", share=1)]
    assert against(fences, "store") == fences[1:]
    assert against(fences, None) == fences
    assert fences[1].covers("LDN", "A") and not fences[1].covers("LDN", "B")
    assert fences[0].covers("LDN", "B") and not fences[0].covers("MAN", "B")


@pytest.mark.parametrize(
    "bad", [dict(share=1.01), dict(share=-0.1), dict(quantity=-1), dict(), dict(share=float("nan"))]
)
def test_a_fence_that_keeps_nothing_or_too_much_is_refused(bad):
    with pytest.raises(ValidationFailed):
        RingFence("LDN", "store", **bad)


def test_a_channel_owns_only_its_own_fences_once_per_node_and_sku():
    with pytest.raises(ValidationFailed):
        Channel("web", ring_fences=(RingFence("LDN", "store", quantity=1),))
    with pytest.raises(ValidationFailed):
        Channel(
            "store",
            ring_fences=(
                RingFence("LDN", "store", quantity=1),
                RingFence("LDN", "store", share=0.5),
            ),
        )


def test_placement_on_the_fake_unit_of_work_honours_fences_of_other_channels():
    store = store_with_stock({("LDN", "A"): 6, ("MAN", "A"): 2})
    with FastUnitOfWork(store) as uow:
        inv.upsert_channel(
            uow, Channel("store", ring_fences=(RingFence("LDN", "store", quantity=5),))
        )
        inv.upsert_channel(uow, Channel("web"))
        web = place_order(uow, order_cmd(("A", 4)), "t")
        walk_in = place_order(uow, order_cmd(("A", 5), channel="store"), "t")
        uow.commit()
    # London keeps 5 of its 6 for walk-ins: the web order takes 1 there, 2 in Manchester
    assert [(a.node, a.allocated) for a in web.lines[0].allocations] == [("LDN", 1), ("MAN", 2)]
    assert web.lines[0].backordered == 1
    assert [(a.node, a.allocated) for a in walk_in.lines[0].allocations] == [("LDN", 5)]


def test_the_twins_fast_store_reserves_beyond_fences_the_same_way():
    store = FastStore(keep_movements=False)
    with FastUnitOfWork(store) as uow:
        inv.upsert_node(uow, Node(code="LDN", name="LDN", lat=51.5, lon=-0.12))
        uow.inventory.set("LDN", "A", 10, 0)
        fence = [RingFence("LDN", "store", share=0.5)]
        assert uow.inventory.try_reserve("LDN", "A", 5, fence)
        assert not uow.inventory.try_reserve("LDN", "A", 3, fence)  # 5 free, 3 kept
        assert uow.inventory.try_reserve("LDN", "A", 2, fence)
        assert uow.inventory.get("LDN", "A").reserved == 7
