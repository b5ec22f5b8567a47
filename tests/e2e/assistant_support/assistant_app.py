"""The app served for the assistant tests: the real app with the trained classifier,
loaded the way production loads it (the keyword double is for the terminal chat's own
test, which is about the chat loop, not about understanding)."""

from __future__ import annotations

from ordermind.entrypoints.http_app import create_app


def make():
    return create_app()
