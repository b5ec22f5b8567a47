import pytest

from ordermind.assistant.model import load_understander


@pytest.fixture(scope="session")
def understander():
    """The trained model, as the app gets it (trained once per machine, then cached)."""
    got = load_understander()
    assert not got.understand("hi").model.startswith("rules"), "the model did not load"
    return got
