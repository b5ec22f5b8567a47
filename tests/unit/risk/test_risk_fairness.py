import pandas as pd
import pytest

from ordermind.risk.fairness import audit, audit_table


def frame(hold_a: int, hold_b: int, n: int = 100) -> pd.DataFrame:
    rows = []
    for group, holds in (("north", hold_a), ("south", hold_b)):
        for i in range(n):
            rows.append({"region": group, "held": int(i < holds), "fraud": int(i < 5)})
    return pd.DataFrame(rows)


def test_a_group_held_far_more_often_is_flagged_by_the_four_fifths_rule():
    result = {r.group: r for r in audit(frame(5, 40), ["region"], "held", "fraud")}
    assert not result["north"].disparate_impact
    south = result["south"]
    assert south.disparate_impact
    assert south.hold_rate == pytest.approx(0.40)
    assert south.impact_ratio == pytest.approx(0.60 / 0.95)
    assert south.false_positive_rate == pytest.approx(35 / 95)


def test_similar_hold_rates_are_not_flagged_and_the_table_lists_every_group():
    rows = audit(frame(5, 9), ["region"], "held", "fraud")
    assert not any(r.disparate_impact for r in rows)
    table = audit_table(rows)
    assert "north" in table and "south" in table and "DISPARATE" not in table


def test_small_groups_are_reported_but_never_flagged():
    data = pd.concat([frame(5, 5), pd.DataFrame([{"region": "island", "held": 1, "fraud": 0}])])
    island = next(r for r in audit(data, ["region"], "held", "fraud") if r.group == "island")
    assert island.hold_rate == 1.0 and not island.disparate_impact


def test_unknown_column_is_a_clear_error():
    with pytest.raises(ValueError, match="segment"):
        audit(frame(1, 1), ["segment"], "held")
