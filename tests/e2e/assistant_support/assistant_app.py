"""The app served for the assistant tests: the real app, with the keyword test double as
its understanding unless ORDERMIND_TEST_REAL_UNDERSTANDER=1 (then the trained classifier,
loaded the way production loads it)."""

from __future__ import annotations

import os

from keyword_understander import KeywordUnderstander

from ordermind.entrypoints.http_app import create_app


def make():
    real = os.environ.get("ORDERMIND_TEST_REAL_UNDERSTANDER") == "1"
    return create_app(understander=None if real else KeywordUnderstander())
