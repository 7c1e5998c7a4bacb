"""Loads content files under data/ into the database. Idempotent: entries are keyed by their
slug, updated in place when they change, and never duplicated."""
from __future__ import annotations

from pathlib import Path

import yaml
from sqlalchemy import select

from bot.common.facts import TOPICS
from bot.config import DATA_DIR
from bot.db.models import FaqEntry
from bot.db.session import session_scope
from bot.knowledge import laws

_FIELDS = ("topic", "position", "question", "variants", "answer", "legal_basis", "channels", "related", "source")


class ContentError(ValueError):
    pass


def read_faq_files(folder: Path = DATA_DIR / "faq") -> list[dict]:
    entries: list[dict] = []
    cat = laws.catalogue()
    for path in sorted(folder.glob("*.yml")):
        doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        topic = doc.get("topic")
        if topic not in TOPICS:
            raise ContentError(f"{path.name}: unknown topic {topic!r}")
        # Positions run on across a topic's files (wage_arrears.yml, then wage_arrears_more.yml):
        # the editors' order is the order of the files, then of the entries in each.
        first = sum(1 for e in entries if e["topic"] == topic)
        for position, raw in enumerate(doc.get("entries") or [], start=first):
            slug = raw.get("id", "")
            if not slug.startswith(f"{topic}.") or not raw.get("question") or not raw.get("answer"):
                raise ContentError(f"{path.name}: entry {slug!r} needs an id '{topic}.*', a question and an answer")
            where = f"{path.name}: {slug}"
            answer = raw["answer"].strip()
            try:
                basis = laws.check_basis(raw.get("legal_basis") or [], where, cat)
            except laws.LawError as exc:
                raise ContentError(str(exc)) from None
            if not basis and laws.states_legal_rule(answer):
                raise ContentError(f"{where}: the answer states a legal rule but cites no legal_basis")
            try:
                reviewed = laws.as_date(raw.get("reviewed"), where)
            except laws.LawError as exc:
                raise ContentError(str(exc)) from None
            if reviewed is None:
                raise ContentError(f"{where}: needs the day it was last reviewed (reviewed: YYYY-MM-DD)")
            entries.append(
                {
                    "slug": slug,
                    "topic": topic,
                    "position": position,
                    "question": raw["question"].strip(),
                    "variants": [v.strip() for v in raw.get("variants") or []],
                    "answer": answer,
                    "legal_basis": basis,
                    "reviewed": reviewed,
                    "channels": [str(c) for c in raw.get("channels") or []],
                    "related": list(raw.get("related") or []),
                    "source": f"data/faq/{path.name}",
                }
            )
    slugs = [e["slug"] for e in entries]
    dupes = {s for s in slugs if slugs.count(s) > 1}
    if dupes:
        raise ContentError(f"duplicate FAQ ids: {sorted(dupes)}")
    known = set(slugs)
    for e in entries:
        e["related"] = [r for r in e["related"] if r in known and r != e["slug"]]
    return entries


def load_faq(entries: list[dict] | None = None, db_url: str | None = None) -> dict[str, int]:
    """Upserts the entries; removes entries whose id no longer exists in the files."""
    entries = read_faq_files() if entries is None else entries
    counts = {"added": 0, "updated": 0, "unchanged": 0, "removed": 0}
    with session_scope(db_url) as s:
        existing = {row.slug: row for row in s.execute(select(FaqEntry)).scalars()}
        for e in entries:
            row = existing.pop(e["slug"], None)
            if row is None:
                s.add(FaqEntry(slug=e["slug"], **{k: e[k] for k in _FIELDS}))
                counts["added"] += 1
            elif any(getattr(row, k) != e[k] for k in _FIELDS):
                for k in _FIELDS:
                    setattr(row, k, e[k])
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
        for row in existing.values():
            s.delete(row)
            counts["removed"] += 1
    return counts
