from sqlalchemy import func, select

from bot.db.models import FaqEntry
from bot.db.session import session_scope
from datetime import date, timedelta

import pytest

from bot.common import clock
from bot.knowledge import laws
from bot.knowledge.content import TOPICS, ContentError, load_faq, read_faq_files
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
    assert len(entries) >= 400
    by_topic = {t: [e for e in entries if e["topic"] == t] for t in TOPICS}
    for t in TOPICS:
        assert len(by_topic[t]) >= 40, f"{t} has only {len(by_topic[t])} entries"
    cat = laws.catalogue()
    for e in entries:
        assert len(e["variants"]) >= 5, e["slug"]
        assert len(e["answer"]) <= 260, e["slug"]
        assert e["reviewed"] <= date(2026, 12, 31), e["slug"]
        for basis in e["legal_basis"]:
            assert cat.resolve(basis["law"]) is not None, e["slug"]
        if laws.states_legal_rule(e["answer"]):
            assert e["legal_basis"], f"{e['slug']} states a legal rule without its basis"


def _write_faq(folder, entry: str):
    folder.mkdir(exist_ok=True)
    (folder / "wage_arrears.yml").write_text("topic: wage_arrears\nentries:\n" + entry, encoding="utf-8")
    return folder


_ENTRY = """  - id: wage_arrears.sample
    question: 欠薪怎么办？
    variants: [欠薪咋办]
    answer: {answer}
    legal_basis: {basis}
    reviewed: {reviewed}
"""


def test_an_answer_stating_a_rule_must_cite_its_basis(tmp_path):
    folder = _write_faq(tmp_path / "faq", _ENTRY.format(answer="单位应当在30日内支付。", basis="[]", reviewed="2026-01-01"))
    with pytest.raises(ContentError, match="cites no legal_basis"):
        read_faq_files(folder)
    practical = _write_faq(tmp_path / "faq2", _ENTRY.format(answer="可以在工会App上查看活动。", basis="[]", reviewed="2026-01-01"))
    assert read_faq_files(practical)[0]["legal_basis"] == []


@pytest.mark.parametrize("basis, message", [
    ("[{law: 不存在的法, article: 第一条}]", "not in data/law/catalogue.yml"),
    ("[{law: 劳动合同法, article: 47条}]", "is not written 第…条"),
])
def test_a_citation_must_name_a_catalogued_text_and_an_article(tmp_path, basis, message):
    folder = _write_faq(tmp_path / "faq", _ENTRY.format(answer="单位应当支付。", basis=basis, reviewed="2026-01-01"))
    with pytest.raises(ContentError, match=message):
        read_faq_files(folder)


def test_short_law_names_resolve_to_the_full_name():
    folder_entry = laws.check_basis([{"law": "劳动合同法", "article": "第四十七条"}, {"law": "《工伤保险条例》", "article": "第十七条"}], "t")
    assert folder_entry == [{"law": "中华人民共和国劳动合同法", "article": "第四十七条"},
                            {"law": "工伤保险条例", "article": "第十七条"}]


def test_an_entry_without_a_review_date_is_refused(tmp_path):
    folder = _write_faq(tmp_path / "faq", _ENTRY.format(answer="单位应当支付。", basis="[{law: 劳动法, article: 第五十条}]",
                                                        reviewed="null"))
    with pytest.raises(ContentError, match="reviewed"):
        read_faq_files(folder)


def test_review_due_lists_old_reviews_and_reviews_before_a_law_changed():
    today = clock.today()
    recent = {"slug": "a.recent", "reviewed": today - timedelta(days=30), "legal_basis": [{"law": "劳动法", "article": "第五十条"}]}
    old = {"slug": "a.old", "reviewed": today - timedelta(days=400), "legal_basis": []}
    # reviewed before the interpretation that took effect on 2025-09-01
    stale = {"slug": "a.stale", "reviewed": date(2025, 8, 1),
             "legal_basis": [{"law": "最高人民法院关于审理劳动争议案件适用法律问题的解释（二）", "article": "第十三条"}]}
    due = {d.slug: d.why for d in laws.review_due([recent, old, stale], today=date(2026, 6, 1))}
    assert set(due) == {"a.stale"} | ({"a.old"} if (date(2026, 6, 1) - old["reviewed"]).days > 365 else set())
    assert "解释（二）" in due["a.stale"]
    due_now = {d.slug for d in laws.review_due([recent, old], today=today)}
    assert due_now == {"a.old"}


def test_the_real_content_is_not_due_for_review_on_the_test_clock():
    assert laws.review_due(read_faq_files()) == []


def test_answers_cite_the_short_name():
    from bot.knowledge.answers import cite
    assert cite({"law": "中华人民共和国劳动合同法", "article": "第十条"}) == "《劳动合同法》第十条"
    assert cite({"law": "最高人民法院关于审理劳动争议案件适用法律问题的解释（二）", "article": "第十三条"}) == "《最高法劳动争议解释（二）》第十三条"


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


def test_legal_corrections_are_in_the_content():
    e = {x["slug"]: x for x in read_faq_files()}
    # the worker's one year for work-injury recognition runs from the accident or the diagnosis,
    # and lost time that is not the worker's fault does not count (工伤保险条例第十七条; 法释〔2014〕9号第七条)
    deadline = e["work_injury.deadline_to_apply"]
    assert "受伤那天" in deadline["answer"] and "不算在这1年里" in deadline["answer"]
    assert {"law": "最高人民法院关于审理工伤保险行政案件若干问题的规定", "article": "第七条"} in deadline["legal_basis"]
    for slug in ("work_injury.occupational_disease", "work_injury.subcontractor_no_contract", "work_injury.what_to_do"):
        assert "1年" in e[slug]["answer"] and ("受伤" in e[slug]["answer"] or "诊断" in e[slug]["answer"]), slug
    # non-compete: not binding without access to secrets; compensation returned on breach (解释（二）第十三、十五条)
    nc = e["labour_contract.non_compete"]
    assert "不生效" in nc["answer"] and "退回" in nc["answer"]
    assert {"law": "最高人民法院关于审理劳动争议案件适用法律问题的解释（二）", "article": "第十三条"} in nc["legal_basis"]
