"""The trained intent classifier: word and character n-gram TF-IDF into a linear SVM,
calibrated to probabilities (CalibratedClassifierCV, sigmoid, 3 folds). Character n-grams
within words carry typos and run-on words ("wheresmyorder" still holds "where", "order").

Trained deterministically from the corpus shipped in the package (assistant/corpus.py) on
first use, compiled to plain arrays (assistant/compiled.py: answering needs numpy, not
scikit-learn) and cached as an .npz file under the user's cache directory
(`ORDERMIND_CACHE_DIR`, default `~/.cache/ordermind`) keyed by the corpus's content hash
and the scikit-learn version, so a changed corpus or library retrains by itself.
`ordermind assistant train` does the same on purpose. When the model cannot be trained
or loaded the rule understander (assistant/rules.py) answers and says so in
`Understanding.model`."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ordermind.assistant.compiled import CompiledModel
from ordermind.assistant.entities import extract_entities
from ordermind.assistant.intents import Intent
from ordermind.assistant.understanding import MAX_MESSAGE_CHARS, Understander, Understanding

log = logging.getLogger("ordermind.assistant")
MODEL_VERSION = 1  # of the features and estimator below; part of the cache key
ALTERNATIVES = 3  # next most likely intents kept for ask-back

_lock = threading.Lock()
_loaded: Understander | None = None

_EMAIL = re.compile(r"\S+@\S+\.\w+")
_DIGITS = re.compile(r"\d+")
_CODE = re.compile(r"\b[a-z]{2,6}[-_]0(?:-0)*\b|#\s?0\b")


def normalise(text: str) -> str:
    """What the features see: lower case, e-mails and numbers as placeholders (an order
    number's digits say nothing about the intent)."""
    plain = _DIGITS.sub("0", _EMAIL.sub(" emailaddr ", text.lower()))
    return _CODE.sub(" ordernum ", plain)


def build_pipeline() -> Any:
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion, make_pipeline
    from sklearn.svm import LinearSVC

    features = FeatureUnion(
        [
            ("words", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)),
            (
                "chars",
                TfidfVectorizer(
                    analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2
                ),
            ),
        ]
    )
    svm = LinearSVC(C=0.5, class_weight="balanced", random_state=0)
    return make_pipeline(features, CalibratedClassifierCV(svm, method="sigmoid", cv=3))


def train(examples: Sequence[tuple[str, Intent]]) -> Any:
    pipeline = build_pipeline()
    pipeline.fit([normalise(t) for t, _ in examples], [i.value for _, i in examples])
    return pipeline


@dataclass(frozen=True)
class TrainedUnderstander:
    """An Understander over the compiled classifier."""

    compiled: CompiledModel
    name: str

    def understand(
        self,
        text: str,
        today: date | None = None,
        catalogue: Mapping[str, str] | None = None,
        expecting_order: bool = False,
    ) -> Understanding:
        probabilities = self.compiled.predict_proba(normalise(text[:MAX_MESSAGE_CHARS]))
        ranked = sorted(zip(self.compiled.classes, probabilities, strict=True), key=lambda p: -p[1])
        best, confidence = ranked[0]
        return Understanding(
            intent=Intent(best),
            confidence=round(float(confidence), 4),
            entities=extract_entities(text, today, catalogue, expecting_order),
            alternatives=tuple(
                (Intent(name), round(float(p), 4)) for name, p in ranked[1 : 1 + ALTERNATIVES]
            ),
            model=self.name,
        )


def cache_key() -> str:
    from importlib.metadata import version

    from ordermind.assistant.corpus import corpus_digest

    # The installed version, read without importing scikit-learn (seconds on a busy box).
    raw = f"{corpus_digest()}:{version('scikit-learn')}:{MODEL_VERSION}"
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def cache_path(key: str) -> Path:
    base = Path(os.environ.get("ORDERMIND_CACHE_DIR") or Path.home() / ".cache" / "ordermind")
    return base / f"assistant-intents-{key}.npz"


def train_and_cache() -> TrainedUnderstander:
    """Train from the shipped corpus and write the cache (replaced whole, never partial)."""
    from ordermind.assistant.corpus import training_set

    key = cache_key()
    compiled = CompiledModel.from_pipeline(train(training_set()))
    path = cache_path(key)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        compiled.save(partial)
        partial.replace(path)  # whole or not at all
    except OSError as exc:  # a read-only home still gets a model, just not a cached one
        log.warning("assistant model not cached at %s: %s", path, exc)
    return TrainedUnderstander(compiled, _name(key))


def _name(key: str) -> str:
    return f"intents-svm-v{MODEL_VERSION}-{key}"


def _load_cached() -> TrainedUnderstander | None:
    key = cache_key()
    path = cache_path(key)
    if not path.is_file():
        return None
    try:
        compiled = CompiledModel.load(path)
    except Exception as exc:  # a truncated or foreign file: retrain
        log.warning("assistant model cache %s unreadable (%s); retraining", path, exc)
        return None
    return TrainedUnderstander(compiled, _name(key))


def load_understander() -> Understander:
    """The process-wide understander: the cached model, trained on first use; the rule
    understander when the model cannot be had (logged, and named in each Understanding)."""
    global _loaded
    with _lock:
        if _loaded is None:
            try:
                _loaded = _load_cached() or train_and_cache()
            except Exception as exc:
                from ordermind.assistant.rules import RuleUnderstander

                log.error("assistant model unavailable, answering with rules: %s", exc)
                _loaded = RuleUnderstander()
        return _loaded
