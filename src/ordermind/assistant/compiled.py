"""The fitted classifier as plain arrays, scored with numpy alone.

scikit-learn fits the model (assistant/model.py) but is neither imported nor called to
answer a message: its per-call validation costs milliseconds where the arithmetic costs
microseconds, and importing it costs seconds on a busy machine. The arrays are the
vectorisers' vocabularies and IDF weights, each calibration fold's linear SVM and its
sigmoid calibrators; `predict_proba` reproduces `CalibratedClassifierCV.predict_proba`
of the pipeline to float32 precision (tests/unit/assistant/test_model.py holds them
equal). Stored as
an .npz file without pickles, so a cache file can only ever be data."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

_TOKEN = re.compile(r"(?u)\b\w\w+\b")  # TfidfVectorizer's default token_pattern
_SPACES = re.compile(r"\s\s+")


@dataclass(frozen=True)
class Vectoriser:
    """One TF-IDF vectoriser: sublinear tf, idf, l2 norm."""

    vocabulary: dict[str, int]
    idf: np.ndarray
    analyzer: str  # "word" or "char_wb"
    ngrams: tuple[int, int]

    def grams(self, text: str) -> list[str]:
        low, high = self.ngrams
        if self.analyzer == "word":
            tokens = _TOKEN.findall(text)
            out = list(tokens) if low == 1 else []
            for n in range(max(low, 2), min(high, len(tokens)) + 1):
                out += [" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)]
            return out
        out = []
        for word in _SPACES.sub(" ", text).split():
            w = f" {word} "
            for n in range(low, high + 1):
                if len(w) <= n:
                    out.append(w)  # a short word counts once, as in scikit-learn
                    break
                out += [w[i : i + n] for i in range(len(w) - n + 1)]
        return out

    def features(self, text: str) -> tuple[list[int], list[float]]:
        counts = Counter(g for g in self.grams(text) if g in self.vocabulary)
        index = [self.vocabulary[g] for g in counts]
        values = [
            (1.0 + math.log(c)) * float(self.idf[i])
            for i, c in zip(index, counts.values(), strict=True)
        ]
        norm = math.sqrt(sum(v * v for v in values))
        return index, [v / norm for v in values] if norm else values


@dataclass(frozen=True)
class CompiledModel:
    classes: tuple[str, ...]
    vectorisers: tuple[Vectoriser, ...]
    weights: np.ndarray  # (features, folds * classes)
    intercepts: np.ndarray  # (folds * classes,)
    cal_a: np.ndarray  # sigmoid calibrators: p = 1 / (1 + exp(a * d + b))
    cal_b: np.ndarray
    folds: int

    def predict_proba(self, text: str) -> np.ndarray:
        index: list[int] = []
        values: list[float] = []
        offset = 0
        for vec in self.vectorisers:
            i, v = vec.features(text)
            index += [offset + j for j in i]
            values += v
            offset += len(vec.idf)
        decision = self.intercepts + (np.asarray(values) @ self.weights[index] if index else 0.0)
        with np.errstate(over="ignore"):
            per_class = 1.0 / (1.0 + np.exp(self.cal_a * decision + self.cal_b))
        per_fold = per_class.reshape(self.folds, len(self.classes))
        sums = per_fold.sum(axis=1, keepdims=True)
        uniform = np.full_like(per_fold, 1.0 / len(self.classes))
        normalised = np.divide(per_fold, sums, out=uniform, where=sums != 0)
        return normalised.mean(axis=0)

    @classmethod
    def from_pipeline(cls, pipeline: Any) -> CompiledModel:
        union, calibrated = pipeline.steps[0][1], pipeline.steps[-1][1]
        vectorisers = tuple(
            Vectoriser(
                {str(k): int(v) for k, v in tf.vocabulary_.items()},
                np.asarray(tf.idf_, dtype=np.float64),
                tf.analyzer,
                tuple(tf.ngram_range),
            )
            for _, tf in union.transformer_list
        )
        classes = tuple(str(c) for c in calibrated.classes_)
        weights, intercepts, cal_a, cal_b = [], [], [], []
        for fold in calibrated.calibrated_classifiers_:
            svm = fold.estimator
            if tuple(str(c) for c in svm.classes_) != classes:
                raise ValueError("a calibration fold lacks a class; cannot compile")
            weights.append(svm.coef_.T)
            intercepts.append(svm.intercept_)
            cal_a.append([c.a_ for c in fold.calibrators])
            cal_b.append([c.b_ for c in fold.calibrators])
        return cls(
            classes=classes,
            vectorisers=vectorisers,
            weights=np.hstack(weights).astype(np.float64),
            intercepts=np.concatenate(intercepts).astype(np.float64),
            cal_a=np.concatenate(cal_a).astype(np.float64),
            cal_b=np.concatenate(cal_b).astype(np.float64),
            folds=len(calibrated.calibrated_classifiers_),
        )

    def save(self, path: Path) -> None:
        arrays: dict[str, np.ndarray] = {
            "classes": np.array(self.classes),
            "weights": self.weights.astype(np.float32),
            "intercepts": self.intercepts,
            "cal_a": self.cal_a,
            "cal_b": self.cal_b,
            "folds": np.array([self.folds]),
        }
        for k, vec in enumerate(self.vectorisers):
            terms = sorted(vec.vocabulary, key=vec.vocabulary.__getitem__)
            arrays[f"v{k}_terms"] = np.array(terms, dtype=str)
            arrays[f"v{k}_idf"] = vec.idf
            arrays[f"v{k}_kind"] = np.array([vec.analyzer, *map(str, vec.ngrams)])
        with path.open("wb") as f:
            np.savez_compressed(f, allow_pickle=False, **arrays)

    @classmethod
    def load(cls, path: Path) -> CompiledModel:
        with np.load(path, allow_pickle=False) as data:
            vectorisers = []
            k = 0
            while f"v{k}_terms" in data:
                kind = [str(x) for x in data[f"v{k}_kind"]]
                terms = [str(t) for t in data[f"v{k}_terms"]]
                vectorisers.append(
                    Vectoriser(
                        dict(zip(terms, range(len(terms)), strict=True)),
                        data[f"v{k}_idf"],
                        kind[0],
                        (int(kind[1]), int(kind[2])),
                    )
                )
                k += 1
            return cls(
                classes=tuple(str(c) for c in data["classes"]),
                vectorisers=tuple(vectorisers),
                weights=data["weights"].astype(np.float64),
                intercepts=data["intercepts"],
                cal_a=data["cal_a"],
                cal_b=data["cal_b"],
                folds=int(data["folds"][0]),
            )
