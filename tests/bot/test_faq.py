from bot.knowledge import faq
from bot.knowledge.answers import format_answer, related_buttons


def test_finds_the_entry_within_the_topic(faq_db):
    r = faq.find_answer("包工头欠钱不给找谁告", "wage_arrears")
    assert r.best and r.best.faq.slug == "wage_arrears.where_to_complain" and not r.crossed_topic


def test_falls_back_across_topics_when_the_topic_has_no_match(faq_db):
    r = faq.find_answer("会费每个月扣多少", "wage_arrears")
    assert r.best and r.best.faq.slug == "join_union.dues" and r.crossed_topic


def test_no_match_for_unrelated_text(faq_db):
    r = faq.find_answer("明天深圳天气怎么样", "wage_arrears")
    assert r.best is None


def test_answer_cites_its_legal_basis_and_channels(faq_db):
    entry = faq.get_faq("legal_aid.how_to_apply")
    text = format_answer(entry)
    assert "《法律援助法》第三十八条" in text and "12348" in text and "不代替律师" in text
    plain = format_answer(faq.get_faq("wage_arrears.evidence"))
    assert "依据" not in plain and "不代替律师" not in plain


def test_related_buttons_point_at_entries(faq_db):
    index = faq.index_cache.get()
    buttons = related_buttons(faq.get_faq("legal_aid.how_to_apply"), index)
    # the topic's next step first (data/intake/next_steps.yml), then related entries, then a message
    assert buttons[0]["payload"] == '/open_case{"case_type": "legal_aid"}'
    assert buttons[1]["payload"] == '/wage_arrears{"faq_id": "wage_arrears.where_to_complain"}'
    assert buttons[-1]["payload"] == "/leave_message"


def test_an_answer_with_a_calculator_offers_it_first(faq_db):
    from bot.knowledge.answers import next_step_buttons

    overtime = faq.Faq(slug="wage_arrears.overtime_pay", topic="wage_arrears", question="加班费怎么算", variants=(),
                       answer="...", legal_basis=(), channels=(), related=())
    payloads = [b["payload"] for b in next_step_buttons(overtime)]
    assert payloads == ['/start_calculator{"calc": "overtime"}', '/open_case{"case_type": "wage_arrears"}']


def test_index_rebuilds_when_content_changes(faq_db):
    from bot.knowledge.content import load_faq
    from tests.conftest import SAMPLE_FAQ

    assert faq.get_faq("join_union.dues") is not None
    load_faq([dict(e) for e in SAMPLE_FAQ if e["slug"] != "join_union.dues"], db_url=faq_db)
    faq.index_cache._checked_at = 0.0  # as if the check interval had passed
    assert faq.get_faq("join_union.dues") is None


def test_generic_questions_reach_each_topics_lead_entry(db_url):
    """Short, generic questions go to the entry written for them, not to a specific one that
    happens to repeat the same word (real content)."""
    from bot.knowledge.content import load_faq

    load_faq(db_url=db_url)
    for query, topic, slug in [
        ("怎么入会", "join_union", "join_union.how_to_apply"),
        ("老板欠了我几个月工资", "wage_arrears", "wage_arrears.where_to_complain"),
        ("工伤了怎么办", "work_injury", "work_injury.what_to_do"),
        ("被炒鱿鱼了怎么办", "labour_contract", "labour_contract.dismissed_what_to_do"),
    ]:
        assert faq.find_answer(query, topic).best.faq.slug == slug, query


def test_a_bare_yes_is_dropped_when_the_question_was_not_yes_or_no():
    from bot.knowledge.answers import opening_for

    answer = "可以。单位应从第二个月起每月支付二倍工资。"
    assert opening_for(answer, "没签合同的二倍工资怎么算") == "单位应从第二个月起每月支付二倍工资。"
    for question in ("没签合同能要双倍工资吗", "能拿双倍工资不", "是不是能要二倍工资", None):
        assert opening_for(answer, question) == answer


def test_the_searchs_own_vectors_equal_sklearns(faq_db):
    # bot.knowledge.rerank._transform replaces TfidfVectorizer.transform on the search path: the
    # same values for the three vectorizers it serves (idf + sublinear + l2, char n-grams, binary)
    import numpy as np

    from bot.knowledge import rerank
    from bot.knowledge.faq import features, search_form

    index = faq.index_cache.get()
    view = index._view
    questions = ["老板拖了俺仨月工钱 咋整", "怀孕被辞了合法不", "", "zzzz", "工伤认定要多久 要啥材料 要啥材料"]
    for vec, docs in [(index._tfidf, [features(q) for q in questions]),
                      (view.answer_vec, [search_form(q) for q in questions]),
                      (view.tri_vec, [search_form(q) for q in questions])]:
        ours, theirs = rerank._transform(vec, docs), vec.transform(docs)
        assert ours.shape == theirs.shape and ours.nnz == theirs.nnz > 0
        assert np.allclose(ours.toarray(), theirs.toarray(), rtol=0, atol=1e-12)


def test_one_questions_products_equal_scipys(faq_db):
    # rerank._product gathers one question's products from the index's rows; a batch goes through
    # scipy: both give the same matrices, and the reranker's probabilities are predict_proba's
    import numpy as np

    from bot.knowledge import rerank

    index = faq.index_cache.get()
    view = index._view
    questions = ["老板拖了俺仨月工钱 咋整", "怀孕被辞了合法不", "", "zzzz", "工伤认定要多久 要啥材料 要啥材料"]
    batch = rerank._matrices(view, questions)
    for n, q in enumerate(questions):
        one = rerank._matrices(view, [q])
        for name, values in one.items():
            assert values.shape == (batch[name].shape[0], 1)
            assert np.allclose(values[:, 0], batch[name][:, n], rtol=0, atol=1e-12), (q, name)
        cand, x = rerank._features(index, one, 0, "wage_arrears")
        if len(cand):
            expected = index._reranker.model.predict_proba(x)[:, 1]
            got = dict(index._reranker.score(index, view, q, "wage_arrears"))
            assert np.allclose([got[int(c)] for c in cand], expected, rtol=0, atol=1e-12)
    assert batch["cos_max"].max() > 0 and batch["tri"].max() > 0
