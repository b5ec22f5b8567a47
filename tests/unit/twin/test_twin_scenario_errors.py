"""A scenario file with a value of the wrong shape is refused with the field it is in,
never with a Python error about types."""

from __future__ import annotations

import pytest

from ordermind.twin.scenario import scenario_from_dict


@pytest.mark.parametrize(
    ("data", "said"),
    [
        ({"nodes": 5}, "nodes: expected a list, got 5"),
        ({"catalog": {"families": "apparel"}}, "catalog: families: expected a list"),
        ({"carriers": [{"code": "dpd", "cost": 1, "bogus": 2}]}, "carriers: Carrier: unknown"),
        ({"catalog": {"weekly": 3}}, "catalog: weekly: expected a list"),
    ],
)
def test_a_wrong_shape_is_refused_naming_its_field(data, said):
    with pytest.raises(ValueError, match=said):
        scenario_from_dict(data)
