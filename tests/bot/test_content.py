from sqlalchemy import func, select

from bot.db.models import FaqEntry
from bot.db.session import session_scope
from bot.knowledge.content import TOPICS, load_faq, read_faq_files
from tests.conftest import SAMPLE_FAQ


def _rows(url):
    with session_scope(url) as s:
        return {r.slug: r for r in s.execute(select(FaqEntry)).scalars()}


def test_loading_twice_updates_and_never_duplicates(db_url):
    first = load_faq([dict(e) for e in SAMPLE_FAQ], db_url=db_url)
    assert first["added"] == len(SAMPLE_FAQ)
    again = load_faq([dict(e) for e in SAMPLE_FAQ], db_url=db_url)
    assert again == {"added": 0, "updated": 0, "unchanged": len(SAMPLE_FAQ), "removed": 0}
    changed = [dict(e) for e in SAMPLE_FAQ]
    changed[0]["answer"] = "新的答案"
    assert load_faq(changed[:-1], db_url=db_url) == {"added": 0, "updated": 1, "unchanged": 2, "removed": 1}
    rows = _rows(db_url)
    assert len(rows) == len(SAMPLE_FAQ) - 1 and rows[SAMPLE_FAQ[0]["slug"]].answer == "新的答案"


def test_real_content_files_meet_the_content_rules():
    entries = read_faq_files()
    assert len(entries) >= 80
    by_topic = {t: [e for e in entries if e["topic"] == t] for t in TOPICS}
    for core in ("join_union", "wage_arrears", "legal_aid", "training"):
        assert len(by_topic[core]) >= 12, core
    for t in TOPICS:
        assert by_topic[t], f"no FAQ entries for {t}"
    for e in entries:
        assert len(e["variants"]) >= 3, e["slug"]
        assert len(e["answer"]) <= 260, e["slug"]
        for basis in e["legal_basis"]:
            assert basis["law"], e["slug"]


def test_real_content_loads_idempotently(db_url):
    load_faq(db_url=db_url)
    with session_scope(db_url) as s:
        n = s.execute(select(func.count(FaqEntry.id))).scalar_one()
    assert load_faq(db_url=db_url)["added"] == 0
    with session_scope(db_url) as s:
        assert s.execute(select(func.count(FaqEntry.id))).scalar_one() == n


def test_key_legal_facts_are_stated_correctly():
    text = {e["slug"]: e for e in read_faq_files()}
    dues = [e for e in text.values() if e["topic"] == "join_union" and "会费" in e["question"]]
    assert dues and any("0.5%" in e["answer"] for e in dues)
    limitation = [e for e in text.values() if any(b["article"] == "第二十七条" and "仲裁" in b["law"] for b in e["legal_basis"])]
    assert limitation and any("一年" in e["answer"] or "1年" in e["answer"] for e in limitation)
