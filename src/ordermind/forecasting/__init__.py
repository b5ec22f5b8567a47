"""Demand forecasting, inventory policy and replenishment proposals.

Public entry points (pure: DataFrames / dataclasses in, decisions out):
- ``history.build_history`` / ``history.read_long``: demand history in ``unique_id, ds, y``.
- ``forecaster.forecast``: per-series CV-chosen forecast with intervals -> ``ForecastResult``.
- ``policy.inventory_policy``: safety stock, reorder point, cover, risk -> ``PolicyRow``.
- ``replenishment.propose``: transfers then supplier POs -> ``Proposals``.
Heavy libraries are imported lazily so ``ordermind --help`` stays fast.
"""
