"""The `served` fixture (uvicorn over loopback, per back end) lives in tests/conftest.py."""
