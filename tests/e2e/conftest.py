"""The `served` fixture (uvicorn over loopback, per back end) lives in tests/conftest.py."""

from .assistant_world import world  # noqa: E402, F401 - the order assistant's served app
