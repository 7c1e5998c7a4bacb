from rasa_sdk.executor import CollectingDispatcher

from actions.faq import ActionAnswerFaq
from tests.actions.helpers import entity, tracker


async def run(t):
    d = CollectingDispatcher()
    events = await ActionAnswerFaq().run(d, t, {})
    return d.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


async def test_answers_from_the_database_with_basis_and_buttons(faq_db):
    msgs, slots = await run(tracker("包工头不给钱 我去哪告他", "wage_arrears"))
    assert len(msgs) == 1
    assert msgs[0]["text"].startswith("可以向劳动保障监察机构投诉")
    assert "《保障农民工工资支付条例》第四十九条" in msgs[0]["text"]
    payloads = [b["payload"] for b in msgs[0]["buttons"]]
    assert '/wage_arrears{"faq_id": "wage_arrears.evidence"}' in payloads and "/leave_message" in payloads
    assert slots == {"topic": "wage_arrears", "last_faq": "wage_arrears.where_to_complain"}


async def test_related_button_answers_that_entry(faq_db):
    msgs, slots = await run(tracker('/wage_arrears{"faq_id": "wage_arrears.evidence"}', "wage_arrears",
                                    entities=[entity("faq_id", "wage_arrears.evidence")]))
    assert msgs[0]["text"].startswith("保留劳动合同")
    assert slots["last_faq"] == "wage_arrears.evidence"


async def test_fallback_button_searches_the_original_wording(faq_db):
    msgs, slots = await run(tracker('/legal_aid{"faq_query": "请不起律师 咋整"}', "legal_aid",
                                    entities=[entity("faq_query", "请不起律师 咋整")]))
    assert "法律援助机构" in msgs[0]["text"] and slots["last_faq"] == "legal_aid.how_to_apply"


async def test_bare_topic_button_lists_the_topic_questions(faq_db):
    msgs, slots = await run(tracker("/wage_arrears", "wage_arrears"))
    titles = [b["title"] for b in msgs[0]["buttons"]]
    assert "欠薪讨薪" in msgs[0]["text"] and len(titles) == 3 and titles[-1] == "给工作人员留言"
    assert slots == {"topic": "wage_arrears"}


async def test_crosses_topics_when_the_classified_topic_has_no_answer(faq_db):
    msgs, slots = await run(tracker("每个月扣多少会费啊", "wage_arrears"))
    assert "0.5%" in msgs[0]["text"] and slots["topic"] == "join_union"


async def test_no_good_match_offers_a_message_to_staff(faq_db):
    msgs, slots = await run(tracker("我家狗丢了", "hardship_aid"))
    assert "没找到准确的答案" in msgs[0]["text"]
    assert {"title": "给工作人员留言", "payload": "/leave_message"} in msgs[0]["buttons"]
    assert slots == {"topic": "hardship_aid"}


async def test_database_down_is_said_plainly(tmp_path, monkeypatch):
    from bot.knowledge import faq

    (tmp_path / "blocker").write_text("not a folder")
    monkeypatch.setenv("UNION_DATABASE_URL", f"sqlite:///{tmp_path / 'blocker' / 'x.db'}")
    faq.index_cache.clear()
    msgs, _ = await run(tracker("老板欠薪", "wage_arrears"))
    assert "12351" in msgs[0]["text"] and "暂时" in msgs[0]["text"]


async def _out_of_scope(t):
    from actions.faq import ActionOutOfScope

    d = CollectingDispatcher()
    events = await ActionOutOfScope().run(d, t, {})
    return d.messages, events


async def test_follow_up_on_the_current_topic_is_answered(faq_db):
    msgs, events = await _out_of_scope(tracker("那要留啥凭证", "out_of_scope", slots={"topic": "wage_arrears"}))
    assert msgs[0]["text"].startswith("保留劳动合同")
    assert {"event": "slot", "timestamp": None, "name": "last_faq", "value": "wage_arrears.evidence"} in events


async def test_out_of_scope_stays_out_of_scope(faq_db):
    msgs, events = await _out_of_scope(tracker("明天去广州的高铁几点", "out_of_scope", slots={"topic": "wage_arrears"}))
    assert msgs[0]["response"] == "utter_out_of_scope" and events == []
    msgs, _ = await _out_of_scope(tracker("那要留啥凭证", "out_of_scope"))  # no topic yet: no guessing
    assert msgs[0]["response"] == "utter_out_of_scope"


async def test_topic_menu_follows_the_editors_order(db_url):
    from bot.knowledge.content import load_faq, read_faq_files

    load_faq(db_url=db_url)
    msgs, _ = await run(tracker("/wage_arrears", "wage_arrears"))
    first_in_file = next(e for e in read_faq_files() if e["topic"] == "wage_arrears")
    assert msgs[0]["buttons"][0]["payload"] == f'/wage_arrears{{"faq_id": "{first_in_file["slug"]}"}}'


async def test_inside_a_form_the_answer_carries_no_next_step_buttons(faq_db):
    msgs, _ = await run(tracker("包工头不给钱 我去哪告他", "wage_arrears", active_loop="leave_message_form"))
    assert msgs[0]["text"].startswith("可以向劳动保障监察机构投诉") and not msgs[0].get("buttons")


async def test_a_training_message_naming_a_trade_lists_courses_with_enrol_buttons(faq_db):
    from bot.cases.courses import load_courses

    load_courses(db_url=faq_db)
    msgs, slots = await run(tracker("东莞有没有学电焊的班", "training"))
    assert "焊" in msgs[0]["text"] and slots == {"topic": "training"}
    assert any(b["payload"].startswith("/enrol_course") for b in msgs[0]["buttons"])


async def test_other_law_gets_a_referral_not_a_labour_answer(faq_db):
    msgs, events = await _out_of_scope(tracker("房东不退押金 我该咋办", "out_of_scope", slots={"topic": "wage_arrears"}))
    assert "12345" in msgs[0]["text"] and "12348" in msgs[0]["text"] and events == []
    msgs, _ = await _out_of_scope(tracker("跟老公离婚 孩子抚养权归谁", "out_of_scope"))
    assert "12348" in msgs[0]["text"] and "婚姻家庭" in msgs[0]["text"]


async def test_an_insurer_or_rent_told_about_ones_own_job_is_not_referred_away(faq_db):
    # within a conversation about an injury at work, the employer's words about an insurer, or a
    # platform rider's rented car, are more of the worker's matter: never "12378" or "12345"
    for text in ("物业经理说签的是劳务协议 出事找保险公司去 保险公司说最多赔一万",
                 "车是租赁公司的 每天交220租金 平台订单页面显示我有职业伤害保障"):
        msgs, _ = await _out_of_scope(tracker(text, "out_of_scope", slots={"topic": "work_injury"}))
        said = "\n".join(m.get("text") or "" for m in msgs)
        assert "12378" not in said and "12345" not in said and "不归工会" not in said
        assert said  # never silence
    # the same words with no conversation about work are still referred
    msgs, _ = await _out_of_scope(tracker("车险理赔保险公司一直拖", "out_of_scope"))
    assert "12378" in msgs[0]["text"]


async def test_a_story_with_a_clear_topic_gets_the_first_step_answer_and_what_it_said(faq_db):
    story = "我在苏州那边一个电子厂上班 干了快两年 从七月份开始老板就一直拖着 算下来欠我一万三左右 厂里好几十号人都一样 咋整啊"
    msgs, slots = await run(tracker(story, "wage_arrears", confidence=0.8))
    text = "\n".join(m.get("text") or "" for m in msgs)
    assert "没找到" not in text and "劳动保障监察" in text  # the first-step answer: where to complain
    assert "约13000元" in text or "13000元" in text  # what the story said, read back in the form's words
    assert slots["topic"] == "wage_arrears"


async def test_an_unsure_story_still_says_it_found_nothing(db_url):
    # against the real content: the reranker's "no entry fits" is learned from it, not from a sample
    from bot.knowledge.content import load_faq

    load_faq(db_url=db_url)
    msgs, _ = await run(tracker("我家那个事情说来话长了 反正就是很麻烦 不知道该咋办才好", "wage_arrears", confidence=0.3))
    assert "没找到准确的答案" in msgs[0]["text"]


def _conversation(*turns, slots=None):
    """A tracker whose events hold earlier worker turns (text, intent) and the latest one last."""
    events = [{"event": "user", "text": t, "parse_data": {"intent": {"name": i, "confidence": 0.9}}} for t, i in turns]
    text, intent = turns[-1]
    return tracker(text, intent, confidence=0.3, slots=slots, events=events)


async def test_a_short_follow_up_classified_elsewhere_is_read_with_the_previous_question(faq_db):
    # asked about unpaid wages and got where to complain; "要留啥凭证" is a follow-up, not legal aid
    t = _conversation(("老板欠了工资不给 去哪投诉", "wage_arrears"), ("要留啥凭证", "legal_aid"),
                      slots={"topic": "wage_arrears", "last_faq": "wage_arrears.where_to_complain"})
    msgs, slots = await run(t)
    assert "工资条" in msgs[0]["text"] and slots["last_faq"] == "wage_arrears.evidence"


async def test_a_detail_given_outside_a_form_is_answered_in_the_topic(faq_db):
    from actions.urgent import ActionInform

    t = _conversation(("欠薪了咋办", "wage_arrears"), ("那要准备什么证据呢", "inform"),
                      slots={"topic": "wage_arrears", "last_faq": "wage_arrears.where_to_complain"})
    d = CollectingDispatcher()
    events = await ActionInform().run(d, t, {})
    assert "工资条" in d.messages[0]["text"] and {"event": "slot", "timestamp": None, "name": "last_faq",
                                                  "value": "wage_arrears.evidence"} in events


async def test_an_unclear_follow_up_is_answered_before_topics_are_offered(faq_db):
    from actions.fallback import ActionAskAffirmation

    t = _conversation(("老板欠薪", "wage_arrears"), ("讨工钱留啥凭证", "nlu_fallback"),
                      slots={"topic": "wage_arrears", "last_faq": "wage_arrears.where_to_complain"})
    d = CollectingDispatcher()
    await ActionAskAffirmation().run(d, t, {})
    assert "工资条" in d.messages[0]["text"] and "是下面哪一个" not in d.messages[0]["text"]


async def test_without_a_current_topic_nothing_is_guessed(faq_db):
    from actions.urgent import ActionInform

    d = CollectingDispatcher()
    await ActionInform().run(d, tracker("要留啥凭证", "inform"), {})
    assert d.messages[0]["response"] == "utter_inform_outside_form"


async def test_the_middle_tier_asks_gently_then_answers(faq_db):
    t = tracker("老板欠我工资 我真的快撑不住了", "wage_arrears")
    t.latest_message["safety_check"] = {"category": "self_harm"}
    msgs, _ = await run(t)
    assert "12356" in msgs[0]["text"] and "您现在还好吗" in msgs[0]["text"]
    assert "劳动保障监察" in msgs[1]["text"]  # and the question is still answered
    plain, _ = await run(tracker("老板欠我工资 去哪投诉", "wage_arrears"))
    assert "12356" not in plain[0]["text"]


async def test_the_gentle_question_is_not_asked_again_in_one_conversation(faq_db):
    from actions.common import safety_check_line

    first = tracker("老板欠我工资 我真的快撑不住了", "wage_arrears")
    first.latest_message["safety_check"] = {"category": "self_harm"}
    line = safety_check_line(first)
    again = tracker("还是不发 我撑不住了", "wage_arrears", events=[
        {"event": "user", "text": "老板欠我工资 我真的快撑不住了"}, {"event": "bot", "text": line + "……"},
        {"event": "user", "text": "还是不发 我撑不住了"}])
    again.latest_message["safety_check"] = {"category": "self_harm"}
    assert "12356" in line and safety_check_line(again) is None
    other = tracker("他们锁着门不让走", "wage_arrears", events=again.events)
    other.latest_message["safety_check"] = {"category": "safety"}
    assert "110" in safety_check_line(other)  # another worry is still asked about


async def _run_events(t):
    d = CollectingDispatcher()
    events = await ActionAnswerFaq().run(d, t, {})
    return d.messages, events


async def test_a_question_holding_the_inputs_gets_the_figure(faq_db):
    # 5200 / 21.75 / 8 × 200% × 8 hours = 478.16 (劳动法第四十四条)
    msgs, slots = await run(tracker("月薪5200，周六加了8小时班，加班费多少", "wage_arrears"))
    assert len(msgs) == 1
    assert "478.16元" in msgs[0]["text"] and "《劳动法》第四十四条" in msgs[0]["text"]
    assert msgs[0]["text"].startswith("【加班费计算】")
    assert slots == {"topic": "wage_arrears"}


async def test_severance_months_are_given_from_the_length_of_service(faq_db):
    msgs, _ = await run(tracker("干了两年零五个月被辞退，能赔几个月", "labour_contract"))
    assert "共2.5个月工资" in msgs[0]["text"] and "2N" in msgs[0]["text"] and "第四十七条" in msgs[0]["text"]


async def test_a_disability_grant_by_grade(faq_db):
    msgs, _ = await run(tracker("工伤鉴定九级 月工资4500 能拿多少钱", "work_injury"))
    assert "40500.00元" in msgs[0]["text"] and "《工伤保险条例》第三十七条" in msgs[0]["text"]


async def test_a_missing_input_starts_the_calculator_with_what_was_told(faq_db):
    msgs, events = await _run_events(tracker("平时加班了20个小时 加班费怎么算", "wage_arrears"))
    assert "月工资" in msgs[0]["text"]
    slots = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert slots["calc"] == "overtime" and slots["ot_weekday"] == "20" and slots["ot_restday"] == "0"
    assert "ot_wage" not in slots
    assert events[-1] == {"event": "followup", "timestamp": None, "name": "overtime_form"}


async def test_no_fitting_entry_gives_the_law_itself_in_plain_words(faq_db, monkeypatch):
    from bot.knowledge import faq

    monkeypatch.setattr(faq.FaqIndex, "find", lambda self, query, topic: faq.SearchResult(None, []))
    # a question about the rule, not a situation told (that gets the applied answer: test_applied_replies)
    msgs, slots = await run(tracker("怀孕的员工公司能不能辞退", "labour_contract", confidence=0.8))
    text = msgs[0]["text"]
    assert "《女职工劳动保护特别规定》第五条" in text and "一般性法律信息" in text
    assert {"title": "找人工", "payload": "/request_human"} in msgs[0]["buttons"]
    assert slots == {"topic": "labour_contract"}


def test_the_law_layer_reads_every_core_law_and_finds_by_workers_words():
    from bot.knowledge import laws

    index = laws.article_index()
    cited = {a.law.name for a in index.articles}
    for law in ("中华人民共和国劳动法", "中华人民共和国劳动合同法", "中华人民共和国劳动合同法实施条例",
                "中华人民共和国劳动争议调解仲裁法", "中华人民共和国工会法", "工伤保险条例", "中华人民共和国社会保险法",
                "中华人民共和国法律援助法", "保障农民工工资支付条例", "女职工劳动保护特别规定", "职工带薪年休假条例"):
        assert law in cited, law
    found = index.search("工会主席被调岗了", "join_union")
    assert found and found[0][0].citation == "《工会法》第十八条"
    assert index.search("我家狗丢了") == []


def test_every_calculation_inside_answers_has_a_title():
    from actions.faq import CALC_TITLES
    from bot.knowledge import quick_calc

    kinds = {"overtime", "compensation", "double_wage", "disability", "annual_leave", "retirement", "service_period",
             *(f.__name__.removeprefix("_") for f in quick_calc.FORMULAS)}
    names = {"damage_deduction": "deduction", "death_benefits": "death", "probation_excess": "probation"}
    assert {names.get(k, k) for k in kinds} <= set(CALC_TITLES)


async def test_a_close_second_entry_is_offered_as_a_button(faq_db, monkeypatch):
    from bot.knowledge import faq

    real_find = faq.FaqIndex.find

    def find(self, query, topic):
        result = real_find(self, query, topic)
        best = faq.Match(self.by_slug["wage_arrears.where_to_complain"], 0.9)
        second = faq.Match(self.by_slug["wage_arrears.evidence"], 0.7)
        return faq.SearchResult(best, [best, second])

    monkeypatch.setattr(faq.FaqIndex, "find", find)
    msgs, _ = await run(tracker("老板不给钱 我去哪告他 要啥证据", "wage_arrears"))
    titles = [b["title"] for b in msgs[-1]["buttons"]]
    assert any(t.startswith("也许您问的是：") for t in titles)
    payloads = [b["payload"] for b in msgs[-1]["buttons"]]
    assert payloads.count('/wage_arrears{"faq_id": "wage_arrears.evidence"}') == 1


async def test_the_entry_just_given_is_not_given_again_when_another_fits(faq_db, monkeypatch):
    from bot.knowledge import faq

    index = faq.index_cache.get()
    assert index._reranker is not None  # the shipped ranking (its learned fit decides "another fits")
    evidence, complain = index.by_slug["wage_arrears.evidence"], index.by_slug["wage_arrears.where_to_complain"]
    fit = index._reranker.FIT
    monkeypatch.setattr(faq.FaqIndex, "find", lambda self, query, topic: faq.SearchResult(
        faq.Match(complain, 0.9), [faq.Match(complain, 0.9), faq.Match(evidence, fit + 0.01)]))
    msgs, slots = await run(tracker("那工资被拖着不给我到底该去哪里说理", "wage_arrears",
                                    slots={"last_faq": "wage_arrears.where_to_complain", "topic": "wage_arrears"}))
    assert slots["last_faq"] == "wage_arrears.evidence"
    monkeypatch.setattr(faq.FaqIndex, "find", lambda self, query, topic: faq.SearchResult(
        faq.Match(complain, 0.9), [faq.Match(complain, 0.9), faq.Match(evidence, fit - 0.01)]))
    msgs, slots = await run(tracker("那工资被拖着不给我到底该去哪里说理", "wage_arrears",
                                    slots={"last_faq": "wage_arrears.where_to_complain", "topic": "wage_arrears"}))
    assert slots["last_faq"] == "wage_arrears.where_to_complain"  # nothing else fits: the same answer


async def test_a_second_entry_nearly_as_sure_adds_its_sentence_nearest_to_the_question(faq_db):
    from actions.faq import answer_with
    from bot.knowledge import faq as faq_module

    index = faq_module.index_cache.get()
    entry, also = index.by_slug["wage_arrears.where_to_complain"], index.by_slug["wage_arrears.evidence"]
    d = CollectingDispatcher()
    answer_with(d, entry, index, question="欠薪去哪投诉 要准备啥证据", also=also, also_line=True)
    text = d.messages[0]["text"]
    assert text.index("劳动保障监察") < text.index("另外，保留劳动合同") < text.index("依据：")
    plain = CollectingDispatcher()
    answer_with(plain, entry, index, question="欠薪去哪投诉 要准备啥证据", also=also)
    assert "另外，" not in plain.messages[0]["text"]  # a button only, without the line


def test_only_a_message_that_asks_two_things_gets_a_second_entrys_line():
    from actions.faq import asks_two

    assert asks_two("法律援助的律师费要我出吗 还有仲裁要交钱吗") and asks_two("能不能申请仲裁 要交多少钱")
    assert not asks_two("怀孕7个月了还排夜班 这正常吗") and not asks_two("哺乳期被辞了")

