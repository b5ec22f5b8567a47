"""Standard Webhooks signatures (the spec's own test vector) and the retry schedule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ordermind.adapters.webhooks import retries
from ordermind.adapters.webhooks.signing import headers, new_secret, verify

SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
SPEC_BODY = b'{"test": 2432232314}'
SPEC_AT = datetime.fromtimestamp(1614265330, UTC)


def test_the_signature_matches_the_standard_webhooks_test_vector():
    sent = headers([SPEC_SECRET], "msg_p5jXN8AQM9LWM0D4loKWxJek", SPEC_BODY, SPEC_AT)
    assert sent["webhook-signature"] == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
    assert sent["webhook-timestamp"] == "1614265330"


def test_verification_refuses_a_timestamp_more_than_five_minutes_old_or_a_changed_body():
    secret = new_secret()
    fresh = headers([secret], "msg_1", b"{}")
    assert verify(secret, fresh, b"{}")
    assert not verify(secret, fresh, b'{"x": 1}')
    stale = headers([secret], "msg_1", b"{}", datetime.now(UTC) - timedelta(minutes=6))
    assert not verify(secret, stale, b"{}")
    month_old = headers([secret], "msg_1", b"{}", datetime.now(UTC) - timedelta(days=30))
    assert not verify(secret, month_old, b"{}")


def test_during_a_rotation_both_secrets_verify_and_a_third_does_not():
    old, new = new_secret(), new_secret()
    sent = headers([new, old], "msg_2", b"[]")
    assert verify(old, sent, b"[]") and verify(new, sent, b"[]")
    assert not verify(new_secret(), sent, b"[]")


def test_only_failures_that_may_pass_are_retried():
    assert all(retries.retryable(c) for c in (None, 408, 429, 500, 502, 503, 504))
    assert not any(retries.retryable(c) for c in (301, 302, 400, 401, 403, 404, 410, 422))


def test_retries_back_off_to_ten_hours_and_end_at_the_three_day_window():
    at = datetime(2026, 1, 1, tzinfo=UTC)
    end = at + retries.RETRY_WINDOW
    waits = [retries.next_attempt(n, at, end) - at for n in range(1, 9)]
    assert waits[:6] == list(retries.SCHEDULE)
    assert waits[6:] == [timedelta(hours=10)] * 2
    assert retries.next_attempt(3, end - timedelta(minutes=1), end) == end  # one last try
    assert retries.next_attempt(3, end, end) is None


def test_a_retry_after_is_honoured_in_seconds_or_as_a_date_and_capped_at_a_day():
    at = datetime(2026, 1, 1, tzinfo=UTC)
    assert retries.retry_after("120", at) == timedelta(seconds=120)
    assert retries.retry_after("Thu, 01 Jan 2026 00:10:00 GMT", at) == timedelta(minutes=10)
    assert retries.retry_after("999999", at) == retries.MAX_RETRY_AFTER
    assert retries.retry_after("soon", at) is None
