"""Demand forecasting, inventory policy and replenishment proposals.

Public entry points (pure: DataFrames / dataclasses in, decisions out):
- ``history.build_history`` / ``history.read_long``: demand history in ``unique_id, ds, y``.
- ``inputs.read_series_file``: a user's file, checked (one-line ``errors.InputError`` per
  problem), optionally summed from transactions per period.
- ``frequency``: the grid (``W-FRI``, ``MS``, ``D`` closed on Sundays...) read from the dates,
  and the gaps filled on it.
- ``forecaster.forecast``: per-series CV-chosen forecast with never-zero-width intervals,
  holiday/event flags, failed models replaced per series -> ``ForecastResult`` (``notes``
  says what was assumed or repaired).
- ``policy.inventory_policy``: safety stock, reorder point, cover, risk -> ``PolicyRow``.
- ``replenishment.propose``: transfers then supplier POs -> ``Proposals``.
Heavy libraries are imported lazily so ``ordermind --help`` stays fast.
"""
