"""FAQ retrieval: BM25 (rank-bm25) over Jieba words and character uni- and bigrams.

Each entry is one document: its question and every variant. The raw BM25 score is divided by
the best score the query could reach (every query term at saturation, terms the FAQ never uses
counted at the highest IDF), so a match has a confidence in [0, 1] that can be thresholded:
a query about something the FAQ does not cover scores low even when a few words overlap.
BM25 over whole entries favours entries that repeat a word, so a query that (nearly) equals
one written question or variant (TF-IDF cosine >= NEAR_EXACT) adds half that cosine to its entry:
"怎么入会" finds the entry that lists exactly that wording.
Search runs within the classified topic first, then across all topics when the topic has no
good match. The method was chosen on held-out paraphrases: bench/faq_retrieval.py.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from rank_bm25 import BM25Okapi
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sqlalchemy import func, select

from bot.config import get_settings
from bot.db.models import FaqEntry
from bot.db.session import session_scope
from bot.common.text import char_ngrams, words


@lru_cache(maxsize=50_000)
def search_form(text: str) -> str:
    """What is searched: simplified characters, regional words in their standard form (the same
    normal form the intent classifier reads: data/normalise/dialect.yml), so "俺咋申请" and
    "我怎么申请" and a traditional-script message find the same entries."""
    from bot.nlu.features import standard_form

    return standard_form()(text)


@lru_cache(maxsize=50_000)
def features(text: str) -> tuple[str, ...]:
    """Ranking terms of the text's search form: Jieba words, character unigrams and bigrams
    (prefixed so they never collide). Cached: Jieba is the costly part, and the reranker's
    training asks for each wording often."""
    text = search_form(text)
    return tuple([f"w:{w}" for w in words(text)] + [f"1:{g}" for g in char_ngrams(text, 1)]
                 + [f"2:{g}" for g in char_ngrams(text, 2)])


def _given_terms(terms: list[str]) -> list[str]:
    return terms


@dataclass(frozen=True)
class Faq:
    slug: str
    topic: str
    question: str
    variants: tuple[str, ...]
    answer: str
    legal_basis: tuple[dict, ...]
    channels: tuple[str, ...]
    related: tuple[str, ...]

    @classmethod
    def from_row(cls, row: FaqEntry) -> "Faq":
        return cls(
            slug=row.slug,
            topic=row.topic,
            question=row.question,
            variants=tuple(row.variants or ()),
            answer=row.answer,
            legal_basis=tuple(row.legal_basis or ()),
            channels=tuple(row.channels or ()),
            related=tuple(row.related or ()),
        )


@dataclass(frozen=True)
class Match:
    faq: Faq
    score: float


@dataclass
class SearchResult:
    best: Match | None  # None when nothing matches well enough
    candidates: list[Match] = field(default_factory=list)  # top matches, best first
    crossed_topic: bool = False  # the answer came from another topic than the classified one


class FaqIndex:
    NEAR_EXACT = 0.8
    NEAR_EXACT_WEIGHT = 0.5

    def __init__(self, faqs: list[Faq], rerank: bool | None = None):
        self.faqs = faqs
        self.by_slug = {f.slug: f for f in faqs}
        self._topics = np.array([f.topic for f in faqs])
        # One document per entry: the terms of its question and variants (each wording's terms are
        # cached, so the entries' documents cost nothing more).
        corpus = [[t for text in (f.question, *f.variants) for t in features(text)] for f in faqs]
        self._bm25 = BM25Okapi(corpus) if faqs else None
        self._max_idf = max(self._bm25.idf.values()) if self._bm25 and self._bm25.idf else 0.0
        self._bm25_terms, self._bm25_weights = self._bm25_matrix() if self._bm25 else ({}, None)
        wordings, owners = [], []
        for i, f in enumerate(faqs):
            for text in (f.question, *f.variants):
                wordings.append(text)
                owners.append(i)
        self._owners = np.array(owners, dtype=int)
        if wordings:
            # Terms are computed once per text (Jieba is the costly part) and shared with BM25.
            self._tfidf = TfidfVectorizer(analyzer=_given_terms, sublinear_tf=True)
            self._wordings = self._tfidf.fit_transform([features(w) for w in wordings])
        self._reranker = self._view = None
        if rerank is None:
            rerank = get_settings().faq_rerank
        if rerank and len(faqs) >= 2:
            from bot.knowledge import rerank as rr

            self._reranker = rr.for_entries(faqs)
            self._view = rr._view(self)

    def _bm25_matrix(self):
        """BM25Okapi's per-document term weights as one sparse matrix: a query's scores are then
        one product (the same numbers as get_scores, about 20 times faster)."""
        bm, vocab = self._bm25, {}
        rows, cols, vals = [], [], []
        for d, freqs in enumerate(bm.doc_freqs):
            norm = bm.k1 * (1 - bm.b + bm.b * bm.doc_len[d] / bm.avgdl)
            for term, tf in freqs.items():
                rows.append(d)
                cols.append(vocab.setdefault(term, len(vocab)))
                vals.append(bm.idf.get(term, 0.0) * tf * (bm.k1 + 1) / (tf + norm))
        return vocab, sparse.csr_matrix((vals, (rows, cols)), shape=(len(bm.doc_freqs), len(vocab)))

    def _bm25_scores(self, terms) -> np.ndarray:
        counts = np.zeros(len(self._bm25_terms))
        for t in terms:
            j = self._bm25_terms.get(t)
            if j is not None:
                counts[j] += 1
        return self._bm25_weights @ counts

    def wording_cosines(self, query: str) -> np.ndarray:
        """TF-IDF cosine between the query and every wording (question or variant)."""
        terms = features(query)
        if not self.faqs or not terms:
            return np.zeros(len(self._owners) if self.faqs else 0)
        return (self._wordings @ self._tfidf.transform([terms]).T).toarray().ravel()

    def scores(self, query: str) -> np.ndarray:
        """Confidence of each entry for the query: BM25 over the best reachable BM25, in [0, 1]."""
        terms = features(query)
        if self._bm25 is None or not terms:
            return np.zeros(len(self.faqs))
        bound = (self._bm25.k1 + 1) * sum(max(self._bm25.idf.get(t, self._max_idf), 0.0) for t in terms)
        if bound <= 0:
            return np.zeros(len(self.faqs))
        score = self._bm25_scores(terms) / bound
        cosine = self.wording_cosines(query)
        near = np.zeros(len(self.faqs))
        np.maximum.at(near, self._owners, np.where(cosine >= self.NEAR_EXACT, cosine, 0.0))
        return np.clip(score + self.NEAR_EXACT_WEIGHT * near, 0.0, 1.0)

    def rank(self, query: str, topic: str | None = None, k: int = 3) -> list[Match]:
        scores = self.scores(query)
        if topic is not None:
            scores = np.where(self._topics == topic, scores, -1.0)
        order = np.argsort(-scores)[:k]
        return [Match(self.faqs[i], float(scores[i])) for i in order if scores[i] > 0]

    def search(self, query: str, topic: str | None, topic_threshold: float, global_threshold: float) -> SearchResult:
        if topic and topic in set(self._topics):
            in_topic = self.rank(query, topic)
            if in_topic and in_topic[0].score >= topic_threshold:
                return SearchResult(in_topic[0], in_topic)
        overall = self.rank(query)
        if overall and overall[0].score >= global_threshold:
            return SearchResult(overall[0], overall, crossed_topic=overall[0].faq.topic != topic)
        return SearchResult(None, overall)


    def find(self, query: str, topic: str | None) -> SearchResult:
        """The entry the question asks for, chosen by the reranker (bot.knowledge.rerank); None
        when its probability says no entry fits. Without a reranker: BM25 with the thresholds."""
        if self._reranker is None:
            s = get_settings()
            return self.search(query, topic, s.faq_topic_threshold, s.faq_global_threshold)
        scored = self._reranker.score(self, self._view, query, topic)
        ranked = [Match(self.faqs[i], p) for i, p in scored[:3]]
        if ranked and ranked[0].score >= self._reranker.FIT:
            return SearchResult(ranked[0], ranked, crossed_topic=ranked[0].faq.topic != topic)
        return SearchResult(None, ranked)


class _IndexCache:
    """Builds the index from the database on first use; rebuilds when the content changes."""

    check_every = 30.0  # seconds between cheap "has the content changed?" queries

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._index: FaqIndex | None = None
        self._version = None
        self._checked_at = 0.0

    def get(self, db_url: str | None = None) -> FaqIndex:
        now = time.monotonic()
        if self._index is not None and now - self._checked_at < self.check_every:
            return self._index
        with self._lock:
            with session_scope(db_url) as s:
                version = tuple(s.execute(select(func.count(FaqEntry.id), func.max(FaqEntry.updated_at))).one())
                if self._index is None or version != self._version:
                    rows = s.execute(select(FaqEntry).order_by(FaqEntry.topic, FaqEntry.position, FaqEntry.slug)).scalars().all()
                    self._index = FaqIndex([Faq.from_row(r) for r in rows])
                    self._version = version
            self._checked_at = now
            return self._index

    def fresh(self) -> FaqIndex | None:
        """The index, when it was checked against the database less than ``check_every`` ago (no
        I/O: an action takes it on its event loop); otherwise None, and ``get`` is the way."""
        index = self._index
        if index is not None and time.monotonic() - self._checked_at < self.check_every:
            return index
        return None

    def clear(self) -> None:
        with self._lock:
            self._index, self._version, self._checked_at = None, None, 0.0


index_cache = _IndexCache()


def find_answer(query: str, topic: str | None, db_url: str | None = None) -> SearchResult:
    settings = get_settings()
    return index_cache.get(db_url).find(query, topic)


def get_faq(slug: str, db_url: str | None = None) -> Faq | None:
    return index_cache.get(db_url).by_slug.get(slug)
