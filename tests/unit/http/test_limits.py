"""The limit settings and the token buckets behind the 429s."""

from __future__ import annotations

import pytest

from ordermind.adapters.http import limits as lim
from ordermind.adapters.http.limits import LimitSettings, SettingsError, TokenBuckets, UploadSlots
from ordermind.adapters.http.problems import ApiError


def test_defaults_and_settings_from_the_environment():
    assert LimitSettings.from_env({}) == LimitSettings()
    s = LimitSettings.from_env(
        {
            "ORDERMIND_RATE_PER_KEY": "5",
            "ORDERMIND_BODY_TIMEOUT_S": "2.5",
            "ORDERMIND_UPLOADS_PER_KEY": "0",
        }
    )
    assert (s.key_rate, s.body_timeout, s.uploads_per_key) == (5, 2.5, 0)
    with pytest.raises(SettingsError, match="ORDERMIND_RATE_PER_IP"):
        LimitSettings.from_env({"ORDERMIND_RATE_PER_IP": "fast"})
    with pytest.raises(SettingsError, match="at least 0"):
        LimitSettings.from_env({"ORDERMIND_HEADER_TIMEOUT_S": "-1"})


def test_a_bucket_gives_its_burst_then_its_rate(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(lim.time, "monotonic", lambda: now[0])
    b = TokenBuckets(rate=2, burst=3)
    assert [b.take("k") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert b.take("k") == pytest.approx(0.5)
    assert b.take("other") == 0.0  # each name its own
    now[0] += 0.5
    assert b.take("k") == 0.0 and b.take("k") > 0
    b.give_back("k")
    assert b.take("k") == 0.0
    assert lim.retry_after(0.01) == 1 and lim.retry_after(2.2) == 3
    off = TokenBuckets(rate=0, burst=0)
    assert all(off.take("k") == 0.0 for _ in range(1000))


def test_buckets_do_not_grow_without_bound(monkeypatch):
    monkeypatch.setattr(TokenBuckets, "MAX_BUCKETS", 100)
    b = TokenBuckets(rate=1, burst=5)
    for i in range(1000):
        b.take(f"10.0.{i // 256}.{i % 256}")
    assert len(b._buckets) <= 101


def test_upload_slots():
    slots = UploadSlots(2)
    with slots.slot(1), slots.slot(1):
        with pytest.raises(ApiError) as refused, slots.slot(1):
            pass
        assert refused.value.status == 429 and refused.value.context["retry_after"] == 1
        with slots.slot(2):
            pass
    with slots.slot(1), slots.slot(1):
        pass
    assert slots._busy == {}
