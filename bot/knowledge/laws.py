"""The law behind the answers: the catalogue of cited texts and the article-level summaries.

``data/law/catalogue.yml`` names every law, regulation, judicial interpretation and union rule
the content cites, with the version in force the content rests on. ``data/law/<law>.yml`` holds
the project's own plain-word summaries of single articles of the core labour laws: the second
layer that answers a question no curated entry fits.

Content rules checked here (the test command loads the content, so a broken rule fails it):
- every citation names a catalogued text and an article written 第…条;
- an answer that states a legal rule (a right, a duty, an amount, a deadline) cites its basis;
- every entry records the day it was last reviewed, never in the future.
``review_due`` lists entries not reviewed for a year or reviewed before a cited text changed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from bot.common import clock
from bot.config import DATA_DIR

LAW_DIR = DATA_DIR / "law"
CATALOGUE = LAW_DIR / "catalogue.yml"
REVIEW_EVERY_DAYS = 365

_CN_NUM = "零〇一二三四五六七八九十百千"
ARTICLE = re.compile(
    rf"^第[{_CN_NUM}]+条(之[{_CN_NUM}]+)?(第[{_CN_NUM}]+款)?(第[{_CN_NUM}]+项)?"
    rf"(、第[{_CN_NUM}]+(条|款|项))*$"
)
# Words that only a statement of a legal rule uses: such an answer must cite its basis.
_RULE_MARKERS = re.compile(
    r"《[^》]+》|第[零一二三四五六七八九十百]+条|应当|不得|有权|依法|违法|法定|时效|仲裁|赔偿金|经济补偿|"
    r"\d+\s*(日|天|个月|年)内|[二两三]倍"
)


class LawError(ValueError):
    pass


@dataclass(frozen=True)
class Law:
    name: str
    short: str
    version: str
    effective: date | None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Article:
    law: Law
    article: str
    topic: str
    title: str
    summary: str
    terms: tuple[str, ...]

    @property
    def citation(self) -> str:
        return f"《{self.law.short}》{self.article}"


def _key(name: str) -> str:
    return re.sub(r"[《》\s]", "", name).replace("(", "（").replace(")", "）")


class Catalogue:
    def __init__(self, laws: list[Law]):
        self.laws = laws
        self._by_name: dict[str, Law] = {}
        for law in laws:
            for name in (law.name, law.short, *law.aliases):
                self._by_name[_key(name)] = law
                if name.startswith("中华人民共和国"):
                    self._by_name[_key(name.removeprefix("中华人民共和国"))] = law

    def resolve(self, name: str) -> Law | None:
        return self._by_name.get(_key(name))


def as_date(value, where: str) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise LawError(f"{where}: {value!r} is not a date (YYYY-MM-DD)") from None


def read_catalogue(path: Path = CATALOGUE) -> Catalogue:
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    laws = []
    for raw in doc.get("laws") or []:
        if not raw.get("name") or not raw.get("short") or not raw.get("version"):
            raise LawError(f"{path.name}: {raw!r} needs a name, a short name and a version")
        laws.append(Law(raw["name"], raw["short"], str(raw["version"]),
                        as_date(raw.get("effective"), f"{path.name} {raw['name']}"),
                        tuple(raw.get("aliases") or ())))
    return Catalogue(laws)


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    return read_catalogue()


def check_basis(basis: list[dict], where: str, cat: Catalogue | None = None) -> list[dict]:
    """The citations of one entry, each resolved to the catalogue's full name. Raises LawError."""
    cat = cat or catalogue()
    out = []
    for b in basis:
        law = cat.resolve(b.get("law", ""))
        if law is None:
            raise LawError(f"{where}: {b.get('law')!r} is not in data/law/catalogue.yml")
        article = str(b.get("article") or "").strip()
        if re.fullmatch(rf"[{_CN_NUM}]+", article):  # a notice numbered 一、二、三… without 第…条
            article = f"第{article}条"
        if article and not ARTICLE.match(article):
            raise LawError(f"{where}: article {article!r} of {law.short} is not written 第…条")
        out.append({"law": law.name, "article": article})
    return out


def citation(raw: dict, where: str, cat: Catalogue | None = None) -> str:
    """One citation checked against the catalogue (``check_basis``), as the answers show it:
    "《劳动合同法》第三十六条". Raises LawError."""
    cat = cat or catalogue()
    checked = check_basis([raw], where, cat)[0]
    return f"《{cat.resolve(checked['law']).short}》{checked['article']}"


def states_legal_rule(answer: str) -> bool:
    return bool(_RULE_MARKERS.search(answer))


def read_articles(folder: Path = LAW_DIR, cat: Catalogue | None = None, topics=None) -> list[Article]:
    cat = cat or catalogue()
    articles: list[Article] = []
    seen = set()
    for path in sorted(folder.glob("*.yml")):
        if path == CATALOGUE or path.name == CATALOGUE.name:
            continue
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        law = cat.resolve(doc.get("law", ""))
        if law is None:
            raise LawError(f"{path.name}: {doc.get('law')!r} is not in data/law/catalogue.yml")
        for raw in doc.get("articles") or []:
            article = str(raw.get("article") or "").strip()
            if not ARTICLE.match(article):
                raise LawError(f"{path.name}: article {article!r} is not written 第…条")
            if (law.name, article) in seen:
                raise LawError(f"{path.name}: {article} appears twice")
            seen.add((law.name, article))
            summary = str(raw.get("summary") or "").strip()
            topic = raw.get("topic")
            if not summary or (topics is not None and topic not in topics):
                raise LawError(f"{path.name} {article}: needs a summary and a known topic")
            articles.append(Article(law, article, topic, str(raw.get("title") or "").strip(), summary,
                                    tuple(str(t) for t in raw.get("terms") or ())))
    return articles


@dataclass(frozen=True)
class ReviewDue:
    slug: str
    reviewed: date
    why: str


def review_due(entries: list[dict], today: date | None = None, cat: Catalogue | None = None) -> list[ReviewDue]:
    """Entries to review again: last reviewed over a year ago, or before a cited text's
    current version took effect."""
    today = today or clock.today()
    cat = cat or catalogue()
    due = []
    for e in entries:
        reviewed = e["reviewed"]
        if (today - reviewed).days > REVIEW_EVERY_DAYS:
            due.append(ReviewDue(e["slug"], reviewed, f"上次审核在{reviewed.isoformat()}，已超过12个月"))
            continue
        for b in e["legal_basis"]:
            law = cat.resolve(b["law"])
            if law and law.effective and reviewed < law.effective:
                due.append(ReviewDue(e["slug"], reviewed, f"《{law.short}》{law.version}（{law.effective.isoformat()}施行）晚于上次审核"))
                break
    return due


def main() -> None:  # python -m bot.knowledge.laws: the review list, for the test command's log
    from bot.knowledge.content import read_faq_files

    entries = read_faq_files()
    due = review_due(entries)
    print(f"知识库 {len(entries)} 条；需要重新审核 {len(due)} 条（超过12个月未审核，或所依据的法律已修改）")
    for d in due:
        print(f"  {d.slug}: {d.why}")


if __name__ == "__main__":
    main()


# ---------------------------------------------------------------- the law itself, searched


class ArticleIndex:
    """BM25 over the article summaries (title, summary and the words workers use for it), with the
    same confidence in [0, 1] as the FAQ's: the score over the best the query could reach."""

    MIN_SCORE = 0.12  # below this no article is close enough to be worth showing

    def __init__(self, articles: list[Article]):
        from rank_bm25 import BM25Okapi

        from bot.knowledge.faq import features

        self.articles = articles
        self._features = features
        corpus = [[t for text in (a.title, a.summary, *a.terms) for t in features(text)] for a in articles]
        self._bm25 = BM25Okapi(corpus) if articles else None
        self._max_idf = max(self._bm25.idf.values()) if self._bm25 and self._bm25.idf else 0.0
        self._topics = [a.topic for a in articles]

    def search(self, query: str, topic: str | None = None, k: int = 2) -> list[tuple[Article, float]]:
        terms = list(self._features(query))
        if self._bm25 is None or not terms:
            return []
        bound = (self._bm25.k1 + 1) * sum(max(self._bm25.idf.get(t, self._max_idf), 0.0) for t in terms)
        if bound <= 0:
            return []
        import numpy as np

        scores = self._bm25.get_scores(terms) / bound
        if topic is not None:  # the classified topic's articles first, others when clearly better
            scores = scores * np.array([1.0 if t == topic else 0.8 for t in self._topics])
        order = np.argsort(-scores)[:k]
        return [(self.articles[i], float(scores[i])) for i in order if scores[i] >= self.MIN_SCORE]


@lru_cache(maxsize=1)
def article_index() -> ArticleIndex:
    from bot.common.facts import TOPICS

    return ArticleIndex(read_articles(topics=set(TOPICS)))
