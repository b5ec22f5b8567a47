"""The model is trained on first use, compiled, cached by content, and the rules answer
when it cannot be had."""

from __future__ import annotations

import numpy as np
import pytest

from ordermind.assistant import corpus, model
from ordermind.assistant.compiled import CompiledModel
from ordermind.assistant.intents import Intent


@pytest.fixture
def small_corpus(monkeypatch, tmp_path):
    """A tiny training set, so training in a test takes a moment."""
    examples = [(text, intent) for text, intent in corpus.own_examples(held_out=False)]
    per_intent: dict[Intent, list] = {}
    for text, intent in examples:
        per_intent.setdefault(intent, []).append((text, intent))
    small = [row for rows in per_intent.values() for row in rows[:12]]
    monkeypatch.setattr(corpus, "training_set", lambda: small)
    monkeypatch.setenv("ORDERMIND_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(model, "_loaded", None)
    return small


def test_the_compiled_model_gives_scikit_learns_probabilities(small_corpus):
    pipeline = model.train(small_corpus)
    compiled = CompiledModel.from_pipeline(pipeline)
    texts = ["where is my order 1042", "a", "  two  spaces ", "", "cancel pls", "zzzzzz"]
    expected = pipeline.predict_proba([model.normalise(t) for t in texts])
    got = np.array([compiled.predict_proba(model.normalise(t)) for t in texts])
    assert list(compiled.classes) == list(pipeline.classes_)
    np.testing.assert_allclose(got, expected, atol=1e-9)


def test_first_use_trains_and_writes_the_cache_the_second_reads_it(small_corpus, tmp_path):
    first = model.load_understander()
    path = model.cache_path(model.cache_key())
    assert path.is_file() and path.parent == tmp_path
    model._loaded = None
    calls = []
    original = model.train
    model.train = lambda examples: calls.append(1) or original(examples)  # type: ignore
    try:
        second = model.load_understander()
    finally:
        model.train = original  # type: ignore
    assert calls == []  # read from the cache, not trained again
    text = "when will my parcel arrive"
    assert first.understand(text) == second.understand(text)


def test_an_unreadable_cache_file_is_retrained_over(small_corpus):
    path = model.cache_path(model.cache_key())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"not an npz file")
    got = model.load_understander()
    assert got.understand("hello").model.startswith("intents-svm-")
    assert CompiledModel.load(path).classes  # replaced by a good one


def test_the_rules_answer_when_the_model_cannot_be_had(small_corpus, monkeypatch):
    def broken():
        raise RuntimeError("no scikit-learn here")

    monkeypatch.setattr(model, "train_and_cache", broken)
    got = model.load_understander().understand("I want to cancel order #5512")
    assert got.model.startswith("rules")
    assert got.intent == Intent.CANCEL_ORDER
    assert got.entities.order_numbers == ("5512",)
    assert got.confidence < 0.85  # a guess by keywords: the conversation asks back
