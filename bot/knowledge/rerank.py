"""Picks the entry a question asks for: BM25 finds candidates, a learned model orders them.

BM25 alone over 400+ entries confuses neighbours of one topic (burden of proof vs medical costs,
survivors' benefits vs commuting accidents). The reranker scores each of the top candidates with
a logistic regression over lexical features of the pair:
- the BM25 confidence and the candidate's rank and gap to the best;
- the best and second-best TF-IDF cosine between the question and one of the entry's wordings
  (Jieba words and character uni/bigrams), and the cosine with the entry's answer text;
- character-trigram overlap with the entry's wordings;
- whether the entry is in the topic the intent classifier chose.
It is learned from the entries' own wordings: each wording in turn is held out of the index (five
folds) and used as a question, its entry being the right candidate and the others wrong; and from
the out-of-scope training examples of the NLU (data/nlu), as questions no entry fits, asked as if
the classifier had put them in a topic. The classifier's topic is simulated as right nine times
in ten. No hand thresholds on BM25: the model's probability says whether the best candidate fits
(``FIT``, the threshold that decides the held-out wordings and the out-of-scope examples best).
Measured beside BM25 in bench/kb_answers.py and bench/faq_retrieval.py.
"""
from __future__ import annotations

import hashlib
import math
import logging
import os
import pickle
import random
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from scipy.special import expit
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot.common.text import char_ngrams
from bot.config import PROJECT_ROOT

# The learned model depends only on the content (its fingerprint names the file), so every process
# of a checkout shares one cache, whatever var dir it runs with.
CACHE_DIR = Path(os.environ.get("UNION_CACHE_DIR") or PROJECT_ROOT / "var" / "cache")

log = logging.getLogger(__name__)

CANDIDATES = 20
FOLDS = 5
TOPIC_RIGHT = 0.9
FEATURES = ("bm25", "bm25_gap", "inv_rank", "cos_max", "cos_answer", "tri_overlap", "same_topic",
            "same_topic_x_cos")
NO_FIT_SHARE = 0.1  # of the questions that reach the search, about this many have no entry that fits


def _trigrams(text: str) -> list[str]:
    return char_ngrams(text, 3)


@dataclass
class _View:
    """What the features need from an index, computed once per index. The matrices are kept
    transposed (term × row, compressed by term), so that a question's few terms touch only their
    own rows: a product of the question with them costs what the question holds, not the index."""

    index: "object"  # bot.knowledge.faq.FaqIndex
    answers_t: object  # TF-IDF of question + answer per entry, term × entry
    answer_vec: TfidfVectorizer
    tri_t: object  # binary character trigrams of the wordings, trigram × wording
    tri_vec: TfidfVectorizer
    wordings_t: object  # the index's wording TF-IDF, term × wording
    bm25_t: object  # the index's BM25 weights, term × entry


def _view(index) -> _View:
    vec = TfidfVectorizer(analyzer="char_wb", ngram_range=(1, 2), sublinear_tf=True)
    from bot.knowledge.faq import search_form

    answers = vec.fit_transform([search_form(f"{f.question} {f.answer}") for f in index.faqs])
    tri_vec = TfidfVectorizer(analyzer=_trigrams, use_idf=False, norm=None, binary=True)
    tri = tri_vec.fit_transform([search_form(w) for f in index.faqs for w in (f.question, *f.variants)])
    return _View(index, answers.T.tocsr(), vec, tri.T.tocsr(), tri_vec, index._wordings.T.tocsr(),
                 sp.csr_matrix(index._bm25_weights).T.tocsr())


def _transform(vec: TfidfVectorizer, docs: list) -> sp.csr_matrix:
    """``vec.transform(docs)`` computed directly: the same counts, sublinear tf, idf and l2 norm as
    the fitted vectorizer's settings, without the checks sklearn repeats on every call."""
    data, indices, indptr = _rows(vec, docs)
    return sp.csr_matrix((data, indices, indptr), shape=(len(docs), len(vec.vocabulary_)))


def _rows(vec: TfidfVectorizer, docs: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The CSR arrays (data, indices, indptr) of ``_transform``."""
    kept = vec.__dict__.get("_union_transform")
    if kept is None:  # sklearn's idf_ sums a sparse diagonal at every access: taken once per vectorizer
        kept = vec.__dict__["_union_transform"] = (vec.build_analyzer(), vec.idf_ if vec.use_idf else None)
    analyze, idf = kept
    vocabulary = vec.vocabulary_
    indptr, indices, data = [0], [], []
    for doc in docs:
        counts: dict[int, int] = {}
        for term in analyze(doc):
            j = vocabulary.get(term)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        js = sorted(counts)
        values = [1.0 if vec.binary else float(counts[j]) for j in js]
        if vec.sublinear_tf:
            values = [math.log(v) + 1 for v in values]
        if idf is not None:
            values = [v * idf[j] for v, j in zip(values, js)]
        if vec.norm == "l2" and values:
            norm = math.sqrt(sum(v * v for v in values))
            values = [v / norm for v in values]
        indices += js
        data += values
        indptr.append(len(indices))
    return np.array(data, dtype=float), np.array(indices, dtype=np.int32), np.array(indptr, dtype=np.int32)


def _product(rows: tuple[np.ndarray, np.ndarray, np.ndarray], mt: sp.csr_matrix) -> np.ndarray:
    """``(_transform(vec, docs) @ mt).toarray().T`` from ``_rows(vec, docs)``, column × doc. For one
    question (what a worker's message asks) the products are gathered from ``mt``'s rows directly:
    scipy's product builds and checks three sparse matrices, which cost more than the arithmetic."""
    data, indices, indptr = rows
    if len(indptr) != 2:
        return (sp.csr_matrix((data, indices, indptr), shape=(len(indptr) - 1, mt.shape[0])) @ mt).toarray().T
    starts, ends = mt.indptr[indices], mt.indptr[indices + 1]
    lens = ends - starts
    total = int(lens.sum())
    if not total:
        return np.zeros((mt.shape[1], 1))
    first = np.concatenate(([0], np.cumsum(lens)[:-1]))
    at = np.repeat(starts - first, lens) + np.arange(total)
    out = np.bincount(mt.indices[at], weights=mt.data[at] * np.repeat(data, lens), minlength=mt.shape[1])
    return out[:, None]


def _starts(owners: np.ndarray) -> np.ndarray:
    """First wording row of each entry (an entry's wordings are consecutive rows)."""
    return np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])


def _matrices(view: _View, queries: list[str]) -> dict[str, np.ndarray]:
    """Entry × query matrices for a batch of questions: BM25 confidence, best wording cosine,
    answer cosine, best trigram overlap. One sparse product each instead of one per question."""
    index = view.index
    from bot.knowledge.faq import features

    terms = [features(q) for q in queries]
    starts = _starts(index._owners)
    cos = _product(_rows(index._tfidf, terms), view.wordings_t)
    cos_max = np.maximum.reduceat(cos, starts, axis=0)
    bm = index._bm25
    data, indices, indptr = [], [], [0]
    bound = np.zeros(len(queries))
    for q, ts in enumerate(terms):
        counts: dict[int, int] = {}
        for t in ts:
            j = index._bm25_terms.get(t)
            if j is not None:
                counts[j] = counts.get(j, 0) + 1
        indices += sorted(counts)
        data += [float(counts[j]) for j in sorted(counts)]
        indptr.append(len(indices))
        bound[q] = (bm.k1 + 1) * sum(max(bm.idf.get(t, index._max_idf), 0.0) for t in ts)
    raw = _product((np.array(data, dtype=float), np.array(indices, dtype=np.int32), np.array(indptr, dtype=np.int32)),
                   view.bm25_t)
    near = np.maximum.reduceat(np.where(cos >= index.NEAR_EXACT, cos, 0.0), starts, axis=0)
    bm25 = np.clip(np.divide(raw, bound, out=np.zeros_like(raw), where=bound > 0) + index.NEAR_EXACT_WEIGHT * near, 0, 1)
    from bot.knowledge.faq import search_form

    queries = [search_form(q) for q in queries]
    answer = _product(_rows(view.answer_vec, queries), view.answers_t)
    q_tri = _rows(view.tri_vec, queries)
    q_len = np.maximum(1, np.diff(q_tri[2]))  # binary rows: a question's stored entries are its known trigrams
    tri = np.maximum.reduceat(_product(q_tri, view.tri_t) / q_len, starts, axis=0)
    return {"bm25": bm25, "cos_max": cos_max, "answer": answer, "tri": tri}


def _candidates(index, bm25: np.ndarray, topic: str | None, k: int = CANDIDATES) -> np.ndarray:
    """The top candidates overall and the top ones of the classified topic, best BM25 first."""
    order = list(np.argsort(-bm25)[:k])
    if topic is not None:
        in_topic = np.where(index._topics == topic, bm25, -1.0)
        order += [i for i in np.argsort(-in_topic)[: k // 2] if in_topic[i] >= 0 and i not in order]
    return np.array(sorted(set(order), key=lambda i: -bm25[i]), dtype=int)


def _features(index, m: dict[str, np.ndarray], q: int, topic: str | None) -> tuple[np.ndarray, np.ndarray]:
    bm25 = m["bm25"][:, q]
    cand = _candidates(index, bm25, topic)
    if not len(cand) or bm25[cand[0]] <= 0:
        return cand[:0], np.zeros((0, len(FEATURES)))
    cos_max = m["cos_max"][cand, q]
    same = (index._topics[cand] == topic).astype(float) if topic is not None else np.zeros(len(cand))
    ranks = np.arange(len(cand))
    x = np.column_stack([bm25[cand], bm25[cand] - bm25[cand[0]], 1.0 / (ranks + 1), cos_max,
                         m["answer"][cand, q], m["tri"][cand, q], same, same * cos_max])
    return cand, x


def _no_fit_questions(limit: int = 600) -> list[str]:
    """The NLU's out-of-scope training examples: questions no entry should answer."""
    import re

    import yaml

    from bot.config import DATA_DIR

    out: list[str] = []
    for path in sorted((DATA_DIR / "nlu").rglob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for block in doc.get("nlu") or []:
            if block.get("intent") != "out_of_scope":
                continue
            for line in str(block.get("examples") or "").splitlines():
                text = re.sub(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\{[^}]*\}", lambda m: m.group(1) or m.group(2),
                              line.strip().removeprefix("- ").strip())
                if text:
                    out.append(text)
    random.Random(7).shuffle(out)
    return out[:limit]


class Reranker:
    FIT = 0.2  # below this probability the best candidate does not answer the question (set by fit)

    def __init__(self, model: LogisticRegression | None = None, fit_threshold: float | None = None):
        self.model = model
        if fit_threshold is not None:
            self.FIT = fit_threshold

    def score(self, index, view: _View, query: str, topic: str | None) -> list[tuple[int, float]]:
        cand, x = _features(index, _matrices(view, [query]), 0, topic)
        if not len(cand):
            return []
        p = expit(x @ self.model.coef_[0] + self.model.intercept_[0])  # predict_proba's, without its checks
        order = np.argsort(-p)
        return [(int(cand[j]), float(p[j])) for j in order]

    @classmethod
    def fit(cls, faqs: list, seed: int = 13) -> "Reranker":
        """Learns from the entries' wordings, each held out of the index it is asked against."""
        from bot.knowledge.faq import Faq, FaqIndex  # faq imports this module

        rng = random.Random(seed)
        topics = sorted({f.topic for f in faqs})
        wordings = [(i, j) for i, f in enumerate(faqs) for j in range(1 + len(f.variants))]
        rng.shuffle(wordings)
        xs, ys, held = [], [], []
        for fold in range(FOLDS):
            out = {w for n, w in enumerate(wordings) if n % FOLDS == fold}
            kept = []
            for i, f in enumerate(faqs):
                texts = [t for j, t in enumerate((f.question, *f.variants)) if (i, j) not in out]
                if not texts:  # never leave an entry without a wording
                    texts = [f.question]
                kept.append(Faq(f.slug, f.topic, texts[0], tuple(texts[1:]), f.answer, (), (), ()))
            index = FaqIndex(kept, rerank=False)
            view = _view(index)
            asked = sorted(out)
            m = _matrices(view, [(faqs[i].question, *faqs[i].variants)[j] for i, j in asked])
            for q, (i, j) in enumerate(asked):
                topic = faqs[i].topic if rng.random() < TOPIC_RIGHT else rng.choice(topics)
                cand, x = _features(index, m, q, topic)
                if not len(cand):
                    continue
                y = (cand == i).astype(int)
                xs.append(x)
                ys.append(y)
                held.append((x, i, cand))
        # Questions no entry fits, against the whole index, in a topic the classifier might pick.
        full = FaqIndex(list(faqs), rerank=False)
        view = _view(full)
        nofit = _no_fit_questions()
        m = _matrices(view, nofit) if nofit else None
        for q in range(len(nofit)):
            cand, x = _features(full, m, q, rng.choice(topics))
            if len(cand):
                xs.append(x)
                ys.append(np.zeros(len(cand), dtype=int))
                held.append((x, -1, cand))
        model = LogisticRegression(C=1.0, max_iter=1000, class_weight="balanced")
        model.fit(np.vstack(xs), np.concatenate(ys))
        # The fit threshold: the one that decides best, over the held-out wordings (right when the
        # best candidate is their entry and passes) and the no-fit questions (right when it does
        # not), weighed by how often each reaches the search (NO_FIT_SHARE).
        pos, neg = [], []
        for x, i, cand in held:
            p = model.predict_proba(x)[:, 1]
            j = int(np.argmax(p))
            (pos if i >= 0 else neg).append((float(p[j]), i >= 0 and cand[j] == i))
        grid = np.linspace(0.05, 0.95, 91)

        def decided(t: float) -> float:
            a = np.mean([ok and p >= t for p, ok in pos]) if pos else 0.0
            b = np.mean([p < t for p, _ in neg]) if neg else 1.0
            return (1 - NO_FIT_SHARE) * a + NO_FIT_SHARE * b

        threshold = float(max(grid, key=decided)) if pos else cls.FIT
        return cls(model, threshold)


MODEL_VERSION = 6  # bump when the features or the training change: old cached models are not used
_memo: dict[str, Reranker] = {}
_memo_lock = threading.Lock()


def fingerprint(faqs: list) -> str:
    h = hashlib.sha256(f"v{MODEL_VERSION} {FEATURES} {NO_FIT_SHARE}".encode())
    for f in faqs:
        h.update("\x1f".join((f.slug, f.topic, f.question, *f.variants, f.answer)).encode("utf-8"))
        h.update(b"\x1e")
    return h.hexdigest()[:20]


def for_entries(faqs: list) -> Reranker:
    """The reranker for this content: learned once per content version, kept in memory and in
    var/cache of the checkout (the set-up step learns it, so a server's first question does not wait ~10 s)."""
    key = fingerprint(faqs)
    with _memo_lock:
        if key in _memo:
            return _memo[key]
        path = CACHE_DIR / f"faq_reranker_{key}.pkl"
        model = None
        try:
            model = pickle.loads(path.read_bytes())
        except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError):
            model = None
        if not isinstance(model, Reranker):
            model = Reranker.fit(faqs)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(f".{os.getpid()}.tmp")
                tmp.write_bytes(pickle.dumps(model))
                tmp.replace(path)
            except OSError as exc:  # a read-only var dir: the model still serves from memory
                log.warning("could not cache the FAQ reranker: %s", exc)
        _memo[key] = model
        return model
