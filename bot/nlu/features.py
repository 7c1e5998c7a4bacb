"""What the intent classifier sees of a message: one normal form, then three views of it.

Workers write in traditional characters, in dialect, with pinyin-input homophones (公资 for 工资)
and speech-to-text run-ons. The normal form removes what does not change the meaning:
full-width forms, case, traditional characters (OpenCC t2s), regional words with a clear standard
equivalent (``data/normalise/dialect.yml``) and punctuation. Three views of it are then weighed together:

- character 1-3-grams: robust to unknown words and to Jieba splitting typos badly;
- Jieba words and word pairs: the topic words a long story is made of;
- pinyin syllable pairs and triples (pypinyin, no tones): a homophone typo or a misheard word
  reads exactly like the right one (公资 and 工资 are both ``gong zi``).

Everything here is picklable (module-level functions, a transformer with plain attributes), so
the trained pipeline is saved and loaded with the Rasa model and predicts exactly as it trained.
The measurements behind these choices are in bench/REPORT.md (the understanding section).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable, Mapping

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin

# The script and regional-word helpers live with the other text helpers; named here too, where
# the classifier code and its tests have always found them.
from bot.common.text import DIALECT_FILE, _t2s, dialect_pattern, load_dialect_map, simplified  # noqa: F401

_ANNOTATION = re.compile(r"\[([^\]]+)\]\([^)]+\)")
_PUNCT = re.compile(r"[^\w]+", re.UNICODE)
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _compile(replacements: Mapping[str, str]):
    return dialect_pattern(dict(replacements or {}))


def normal_form(text: str, replacements: Mapping[str, str] | None = None, _pattern=None) -> str:
    """NFKC, lower case, simplified characters, regional words replaced, punctuation as one space."""
    t = unicodedata.normalize("NFKC", _ANNOTATION.sub(r"\1", text or "")).lower()
    t = _t2s().convert(t)
    if replacements:
        pattern = _pattern or _compile(replacements)
        t = pattern.sub(lambda m: replacements[m.group(0)], t)
    return _PUNCT.sub(" ", t).strip()


@lru_cache(maxsize=1)
def standard_form():
    """``normal_form`` with the regional word list loaded once: the form the classifiers read and
    the answers are searched in."""
    replacements = load_dialect_map()
    pattern = _compile(replacements)
    return lambda text: normal_form(text, replacements, pattern)


@lru_cache(maxsize=1)
def _jieba():
    from bot.common.text import _jieba as shared

    return shared()


def word_tokens(text: str) -> list[str]:
    """Jieba words and adjacent word pairs of an already normal-form text."""
    words = [w for w in _jieba().lcut(text) if w.strip()]
    return words + [f"{a}_{b}" for a, b in zip(words, words[1:])]


@lru_cache(maxsize=8192)
def _syllables(run: str) -> tuple[str, ...]:
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(run, errors="default"))


def pinyin_tokens(text: str) -> list[str]:
    """Syllable pairs and triples of the Chinese runs of an already normal-form text."""
    out: list[str] = []
    for chunk in text.split():
        if not _HAN.search(chunk):
            out.append(chunk)
            continue
        syl = [s for s in _syllables(chunk) if s.strip()]
        out += [f"{a}_{b}" for a, b in zip(syl, syl[1:])]
        out += [f"{a}_{b}_{c}" for a, b, c in zip(syl, syl[1:], syl[2:])]
    return out


class NormalForm(BaseEstimator, TransformerMixin):
    """Maps raw messages to their normal form; the regional word list is kept in the model."""

    def __init__(self, replacements: dict | None = None):
        self.replacements = replacements

    def fit(self, X: Iterable[str], y=None):
        return self

    def transform(self, X: Iterable[str]) -> list[str]:
        pattern = _compile(self.replacements or {})
        return [normal_form(x, self.replacements, pattern) for x in X]


class Views(BaseEstimator, TransformerMixin):
    """Character, word and pinyin TF-IDF views of normal-form texts, stacked side by side and
    weighted (a view's weight scales its block, so the linear model sees them on one scale)."""

    def __init__(self, char_range=(1, 3), char_weight=1.0, word_weight=0.6, pinyin_weight=0.6, min_df=1):
        self.char_range, self.char_weight = char_range, char_weight
        self.word_weight, self.pinyin_weight, self.min_df = word_weight, pinyin_weight, min_df

    def _vectorizers(self):
        from sklearn.feature_extraction.text import TfidfVectorizer

        views = [("char", TfidfVectorizer(analyzer="char_wb", ngram_range=tuple(self.char_range), sublinear_tf=True,
                                          lowercase=False, min_df=self.min_df), self.char_weight)]
        if self.word_weight:
            views.append(("word", TfidfVectorizer(analyzer=word_tokens, sublinear_tf=True, lowercase=False,
                                                  min_df=self.min_df), self.word_weight))
        if self.pinyin_weight:
            views.append(("pinyin", TfidfVectorizer(analyzer=pinyin_tokens, sublinear_tf=True, lowercase=False,
                                                    min_df=self.min_df), self.pinyin_weight))
        return views

    def fit(self, X, y=None):
        X = list(X)
        self.views_ = [(name, vec.fit(X), w) for name, vec, w in self._vectorizers()]
        return self

    def transform(self, X):
        from scipy.sparse import hstack

        X = list(X)
        return hstack([vec.transform(X) * w for _, vec, w in self.views_]).tocsr()


def build_intent_pipeline(config: Mapping | None = None, replacements: dict | None = None):
    """The classifier that ships: normal form → three views → multinomial logistic regression."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    c = {"C": 20.0, "max_iter": 3000, "random_state": 42, "char_weight": 1.0, "word_weight": 0.6,
         "pinyin_weight": 0.6, "class_weight": None, **(config or {})}
    return Pipeline([
        ("normal", NormalForm(load_dialect_map() if replacements is None else replacements)),
        ("views", Views(char_weight=c["char_weight"], word_weight=c["word_weight"], pinyin_weight=c["pinyin_weight"])),
        ("lr", LogisticRegression(C=c["C"], max_iter=c["max_iter"], random_state=c["random_state"],
                                  class_weight=c["class_weight"])),
    ])


def softmax_rows(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=1, keepdims=True)


class FastScorer:
    """The fitted pipeline's probabilities for one message at a time, without scikit-learn's
    per-call overhead (input checks, a sparse matrix per view, their stacking: ~2.5 ms a message,
    against ~0.1 ms here). Same arithmetic: sublinear TF, IDF, L2 norm per view, the view's
    weight, then the linear model; tests/nlu_component/test_features.py checks it equals
    ``pipeline.predict_proba``."""

    def __init__(self, pipeline):
        steps = pipeline.named_steps
        self.normal = steps["normal"]
        self._pattern = _compile(self.normal.replacements or {})
        lr = steps["lr"]
        self.classes_ = lr.classes_
        weights = np.ascontiguousarray(lr.coef_.T)  # (features, classes or 1)
        self.intercept = lr.intercept_
        self.binary = lr.coef_.shape[0] == 1
        self.views = []
        offset = 0
        for _, vec, weight in steps["views"].views_:
            size = len(vec.vocabulary_)
            self.views.append((vec.build_analyzer(), vec.vocabulary_, vec.idf_, float(weight), weights[offset:offset + size]))
            offset += size

    def logits(self, text: str) -> np.ndarray:
        t = normal_form(text, self.normal.replacements, self._pattern)
        z = self.intercept.astype(float).copy()
        for analyzer, vocabulary, idf, weight, block in self.views:
            counts: dict[int, int] = {}
            for token in analyzer(t):
                j = vocabulary.get(token)
                if j is not None:
                    counts[j] = counts.get(j, 0) + 1
            if not counts:
                continue
            idx = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
            tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=float, count=len(counts)))
            vals = tf * idf[idx]
            vals *= weight / np.sqrt(np.dot(vals, vals))
            z += vals @ block[idx]
        return z

    def predict_proba(self, texts) -> np.ndarray:
        z = np.vstack([self.logits(t) for t in texts])
        if self.binary:
            p = 1.0 / (1.0 + np.exp(-z[:, 0]))
            return np.column_stack([1.0 - p, p])
        return softmax_rows(z)


def files_fingerprint(*paths) -> str:
    """A digest of files a trained component reads itself (word lists, examples, its own code).
    Rasa caches trained components by their config and graph inputs only; a component returns
    this from ``fingerprint_addon`` so that changing one of these files retrains it."""
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(str(p) for p in paths):
        digest.update(path.encode())
        try:
            with open(path, "rb") as fh:
                digest.update(fh.read())
        except FileNotFoundError:
            digest.update(b"missing")
    return digest.hexdigest()[:16]
