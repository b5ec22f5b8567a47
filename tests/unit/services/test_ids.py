"""Child record ids: random by default, a counter when a simulation asks for one."""

from __future__ import annotations

import re

from ordermind.services.ids import new_id, sequential_ids, use_ids


def test_ids_are_random_and_distinct_by_default() -> None:
    ids = {new_id("shp") for _ in range(1000)}
    assert len(ids) == 1000
    assert all(re.fullmatch(r"shp_[0-9a-f]{16}", i) for i in ids)


def test_a_counter_gives_the_same_ids_in_the_same_order_and_is_put_back_after() -> None:
    with use_ids(sequential_ids()):
        first = [new_id("shp"), new_id("inv"), new_id("shp")]
    with use_ids(sequential_ids()):
        second = [new_id("shp"), new_id("inv"), new_id("shp")]
    assert (
        first == second == ["shp_0000000000000001", "inv_0000000000000002", "shp_0000000000000003"]
    )
    assert new_id("shp") not in first  # random again outside the block


def test_a_counter_in_one_thread_leaves_another_threads_ids_random() -> None:
    import threading

    seen: list[str] = []
    with use_ids(sequential_ids()):
        t = threading.Thread(target=lambda: seen.append(new_id("shp")))
        t.start()
        t.join()
        assert new_id("shp") == "shp_0000000000000001"
    assert not seen[0].startswith("shp_0000000000")
