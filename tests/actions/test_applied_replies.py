"""Replies that apply the law to the worker's own situation (actions/applied.py): the conclusion
for this worker first, then what to do and the case registration, the basis once, the caveat with
a conclusion; the one missing fact asked once; the general caveat once per conversation."""
import pytest

from actions import applied as applied_reply
from actions.fallback import ActionAskAffirmation
from actions.faq import ActionAnswerFaq, ActionOutOfScope
from bot.knowledge import applied
from bot.knowledge import answers
from bot.knowledge.answers import DISCLAIMER
from tests.actions.helpers import bot, run, said, tracker




STORY = "我在电子厂做品检 怀孕四个月了 领导说我干活不行不能胜任 让我月底走人"


async def test_a_pregnant_workers_dismissal_is_called_unlawful_first(faq_db):
    msgs, slots = await run(ActionAnswerFaq(), STORY)
    text = msgs[0]["text"]
    assert text.startswith("按您说的情况") and "不合法" in text.splitlines()[0]
    assert "接下来可以这样做：" in text and "依据：《劳动合同法》第四十二条" in text
    assert applied_reply.CONCLUSION_CAVEAT in text  # a conclusion about their case
    assert text.splitlines()[-1] in [q for _, q in applied.questions()]  # then the one question (how long: the figure)
    assert '/open_case{"case_type": "legal_aid"}' in [b["payload"] for b in msgs[0]["buttons"]]
    assert slots["topic"] == "labour_contract"


async def test_the_follow_up_with_dates_and_wage_gets_the_figure_not_another_entry(faq_db):
    first, _ = await run(ActionAnswerFaq(), STORY)
    msgs, _ = await run(ActionAnswerFaq(), "我2023年3月进厂的 一个月6500 能赔多少",
                        before=[said(STORY), bot(first[0]["text"])])
    text = msgs[0]["text"]
    assert text.startswith("按您补充的情况") and "6500元" in text and "2N" in text  # the figure, worked out
    assert first[0]["text"].splitlines()[0] not in text  # not the conclusion again
    assert "依据：" not in text and "您在这家单位干了多久" not in text  # nor its basis; told now: not asked


async def test_a_question_already_asked_is_not_asked_again(faq_db):
    first, _ = await run(ActionAnswerFaq(), STORY)
    question = first[0]["text"].splitlines()[-1]
    msgs, _ = await run(ActionAnswerFaq(), "那我现在怎么办 还要去上班吗",
                        before=[said(STORY), bot(first[0]["text"])])
    assert all(question not in m.get("text", "") for m in msgs)


async def test_a_nanny_hired_by_a_family_is_not_sent_to_labour_arbitration(faq_db):
    msgs, _ = await run(ActionAnswerFaq(), "俺在东家带孩子当保姆 干了八个月 东家俩月没给钱了 咋整", intent="wage_arrears")
    text = msgs[0]["text"]
    assert "不能申请劳动仲裁" in text and "法院" in text
    assert "2N" not in text and "经济补偿" not in text


async def test_a_domestic_worker_who_has_not_said_who_hired_her_is_asked_that_first(faq_db):
    msgs, _ = await run(ActionAnswerFaq(), "我做育儿嫂的 这个月工钱到现在还没结", intent="wage_arrears")
    assert msgs[0]["text"].rstrip().endswith("直接给您工钱？")


async def test_a_fact_told_after_the_question_is_answered_even_outside_the_topics(faq_db):
    asked = "您是家政公司招的、由公司发工资派活，还是雇主家里直接请您、直接给您工钱？"
    msgs, _ = await run(ActionOutOfScope(), "是雇主家里直接请的", intent="out_of_scope", confidence=0.6,
                        before=[said("我做育儿嫂的 这个月工钱到现在还没结", "wage_arrears"), bot(asked)],
                        slots={"topic": "wage_arrears"})
    assert "不算劳动关系" in msgs[0]["text"] and "法院" in msgs[0]["text"]


async def test_a_dialect_story_the_classifier_missed_is_still_answered(faq_db):
    msgs, _ = await run(ActionAskAffirmation(), "俺是学校派来厂里实习嘞 干活把手压伤了 厂里叫俺自个儿看病",
                        intent="nlu_fallback", confidence=0.3)
    assert "实习" in msgs[0]["text"] and "工伤" in msgs[0]["text"]


async def test_the_general_caveat_is_said_once_per_conversation(faq_db):
    first, _ = await run(ActionAnswerFaq(), "怎么申请法律援助", intent="legal_aid")
    assert DISCLAIMER in first[0]["text"]
    again, _ = await run(ActionAnswerFaq(), "老板拖欠工资去哪投诉", intent="wage_arrears",
                         before=[said("怎么申请法律援助", "legal_aid"), bot(first[0]["text"])])
    assert "依据：《保障农民工工资支付条例》" in again[0]["text"] and DISCLAIMER not in again[0]["text"]


async def test_no_situation_told_leaves_the_curated_answer_as_it_was(faq_db):
    msgs, slots = await run(ActionAnswerFaq(), "包工头不给钱 我去哪告他", intent="wage_arrears")
    assert msgs[0]["text"].startswith("可以向劳动保障监察机构投诉")
    assert slots["last_faq"] == "wage_arrears.where_to_complain"


async def test_what_now_after_the_conclusion_gets_the_steps_not_out_of_scope(faq_db):
    first, _ = await run(ActionAnswerFaq(), STORY)
    msgs, _ = await run(ActionOutOfScope(), "那我下一步咋整啊", intent="out_of_scope", confidence=0.5,
                        before=[said(STORY), bot(first[0]["text"])], slots={"topic": "labour_contract"})
    text = msgs[0]["text"]
    assert text.startswith("按您前面说的情况") and "接下来可以这样做：" in text
    assert "依据：" not in text  # the basis was given with the conclusion
    assert '/open_case{"case_type": "legal_aid"}' in [b["payload"] for b in msgs[0]["buttons"]]


async def test_a_first_message_out_of_scope_that_tells_a_situation_is_answered(faq_db):
    msgs, _ = await run(ActionOutOfScope(), "我是跑外卖的 送餐路上摔了 站点说我不是他们的人", intent="out_of_scope",
                        confidence=0.5)
    assert "劳动关系" in msgs[0]["text"] and "帮不上忙" not in msgs[0]["text"]


async def test_other_law_still_gets_its_referral(faq_db):
    msgs, _ = await run(ActionOutOfScope(), "我老公去世了 他名下的房子怎么继承", intent="out_of_scope", confidence=0.8)
    assert "12348" in msgs[0]["text"]


async def test_a_pensioners_later_question_keeps_to_his_road_not_the_labour_procedures(faq_db):
    story = "我退休了 每个月领养老金 在小区当保安 物业两个月没给工钱"
    first, _ = await run(ActionAnswerFaq(), story, intent="wage_arrears")
    assert "劳务" in first[0]["text"]
    msgs, _ = await run(ActionAnswerFaq(), "那我能去劳动仲裁告他们吗？", intent="wage_arrears",
                        before=[said(story, "wage_arrears"), bot(first[0]["text"])])
    text = msgs[0]["text"]
    assert text.startswith("按您前面说的情况") and "法院" in text


async def test_chit_chat_after_a_caution_is_not_answered_with_its_steps(faq_db):
    story = "我退休了 每个月领养老金 在小区当保安 物业两个月没给工钱"
    first, _ = await run(ActionAnswerFaq(), story, intent="wage_arrears")
    found = applied_reply.situation(tracker("好的谢谢", "thank", events=[said(story, "wage_arrears"),
                                                                        bot(first[0]["text"])]), "好的谢谢")
    t = tracker("好的谢谢", "thank", events=[said(story, "wage_arrears"), bot(first[0]["text"]), said("好的谢谢", "thank")])
    assert found.findings and applied_reply.plan(found, t, "好的谢谢") is None


async def test_a_longer_question_read_as_out_of_scope_within_a_topic_finds_its_entry(faq_db):
    msgs, _ = await run(ActionOutOfScope(), "我想找个不要钱的律师帮我打这个官司 应该去哪里申请", intent="out_of_scope",
                        confidence=0.5, slots={"topic": "legal_aid"})
    assert "法律援助机构" in msgs[0]["text"]


async def test_a_note_already_said_is_not_added_again(faq_db):
    from bot.knowledge.applied import Applied, Finding

    note = Finding("nursing_hour", "note", "孩子不满1周岁，每天有1小时哺乳时间。", (), (), (), None, False)
    found = Applied((note,), None)
    fresh = tracker("x", events=[said("x")])
    assert "另外，按您说的情况：" + note.conclusion in applied_reply.with_notes("答案", found, fresh)
    told = tracker("x", events=[bot("答案\n另外，按您说的情况：" + note.conclusion), said("x")])
    assert applied_reply.with_notes("答案", found, told) == "答案"


async def test_a_bare_answer_to_who_hired_her_is_read_as_that(faq_db):
    asked = "您是家政公司招的、由公司发工资派活，还是雇主家里直接请您、直接给您工钱？"
    first = [said("我做育儿嫂的 这个月工钱到现在还没结", "wage_arrears"), bot("家政工作要先分清是谁雇的您\n" + asked)]
    msgs, _ = await run(ActionOutOfScope(), "东家", intent="out_of_scope", confidence=0.4, before=first,
                        slots={"topic": "wage_arrears"})
    assert "不算劳动争议" in msgs[0]["text"] or "不算劳动关系" in msgs[0]["text"]
    assert asked not in msgs[0]["text"]  # not asked again


async def test_a_question_about_the_matter_nothing_answers_is_not_called_out_of_scope(faq_db, monkeypatch):
    from bot.knowledge import faq

    monkeypatch.setattr(faq.FaqIndex, "find", lambda self, query, topic: faq.SearchResult(None, []))
    msgs, _ = await run(ActionOutOfScope(), "那我不去上夜班的话 他们能不能把我辞了", intent="out_of_scope",
                        confidence=0.5, slots={"topic": "labour_contract"})
    assert "没找到准确的答案" in msgs[0]["text"] and "帮不上忙" not in msgs[0]["text"]
    assert {"title": "找人工", "payload": "/request_human"} in msgs[0]["buttons"]


async def test_the_answer_to_who_hired_her_is_kept_for_the_turns_after(faq_db):
    asked = "您是家政公司招的、由公司发工资派活，还是雇主家里直接请您、直接给您工钱？"
    before = [said("我做育儿嫂的 这个月工钱到现在还没结", "wage_arrears"), bot("家政工作要先分清是谁雇的您\n" + asked),
              said("东家", "out_of_scope"), bot("您是雇主家里直接请的……")]
    t = tracker("那我能去哪里告", "wage_arrears", events=[*before, said("那我能去哪里告", "wage_arrears")])
    found = applied_reply.situation(t, "那我能去哪里告")
    assert found.findings and found.findings[0].kind == "caution" and "household" in found.findings[0].rule


async def test_the_answer_to_a_question_on_sick_leave_gets_the_medical_period_worked_out(faq_db):
    story = "在酒店做厨师 上个月查出腰椎间盘突出要做手术 请了病假 人事说我病假太长 让我主动离职"
    first, _ = await run(ActionAnswerFaq(), story)
    assert "医疗期" in first[0]["text"]
    msgs, _ = await run(ActionAnswerFaq(), "我参加工作总共8年 在这家干了3年",
                        before=[said(story), bot(first[0]["text"])])
    text = msgs[0]["text"]
    assert "医疗期" in text and "3个月" in text  # under 10 years in all, under 5 here: three months


async def test_a_new_question_after_the_conclusion_gets_its_own_answer_not_the_steps_again(faq_db):
    first, _ = await run(ActionAnswerFaq(), STORY)
    msgs, slots = await run(ActionAnswerFaq(), "那请不起律师咋办", intent="legal_aid",
                            before=[said(STORY), bot(first[0]["text"])])
    assert "法律援助机构" in msgs[0]["text"] and slots.get("last_faq") == "legal_aid.how_to_apply"


async def test_a_second_question_after_the_steps_gets_the_conclusion_not_the_same_list(faq_db):
    story = "我在人家里做住家保姆 是东家自己找的我 没经过公司 干了五个月 东家突然叫我明天就走 这个月的钱也不给"
    first, _ = await run(ActionAnswerFaq(), story, intent="wage_arrears")
    assert "1. " in first[0]["text"]  # the steps, numbered
    msgs, _ = await run(ActionAnswerFaq(), "那我能去劳动仲裁告她吗 要一个月补偿", intent="wage_arrears",
                        before=[said(story, "wage_arrears"), bot(first[0]["text"])])
    text = msgs[0]["text"]
    assert "劳动关系" in text and "仲裁不受理" in text  # the answer to "can I go to arbitration": where instead
    steps = [line for line in first[0]["text"].splitlines() if line[:2] in ("1.", "2.", "3.")]
    assert steps and not any(step in text for step in steps)  # not the same list again


async def test_more_of_the_workers_matter_within_a_topic_is_never_called_out_of_scope(faq_db, monkeypatch):
    from bot.knowledge import faq

    monkeypatch.setattr(faq.FaqIndex, "find", lambda self, query, topic: faq.SearchResult(None, []))
    msgs, _ = await run(ActionOutOfScope(), "医院证明我没开过 都是他们自己定的 也没人跟我商量过", intent="out_of_scope",
                        confidence=0.4, slots={"topic": "labour_contract"})
    assert msgs and all(m.get("response") != "utter_out_of_scope" for m in msgs)
    assert "帮不上忙" not in msgs[0]["text"] and {"title": "找人工", "payload": "/request_human"} in msgs[0]["buttons"]
    chat, _ = await run(ActionOutOfScope(), "你叫啥", intent="out_of_scope", confidence=0.4,
                        slots={"topic": "labour_contract"})
    assert chat[-1].get("response") == "utter_out_of_scope"  # a short aside is still one


async def test_an_entry_already_given_is_not_given_again_word_for_word(faq_db):
    first, slots = await run(ActionAnswerFaq(), "怎么申请法律援助", intent="legal_aid")
    before = [said("怎么申请法律援助", "legal_aid"), bot(first[0]["text"])]
    msgs, again = await run(ActionAnswerFaq(), "还是申请法律援助的事", intent="legal_aid", before=before,
                            slots={"last_faq": slots["last_faq"], "topic": "legal_aid"})
    text = msgs[-1]["text"]
    assert text.startswith("这和前面说的是同一条") and "依据：" not in text and "12351" in text
    assert again["last_faq"] == slots["last_faq"]
    asked, _ = await run(ActionAnswerFaq(), "到底去哪申请法律援助", intent="legal_aid", before=before,
                         slots={"last_faq": slots["last_faq"], "topic": "legal_aid"})
    # a further question that finds the same answer: the sentence of it that answers, not the whole again
    assert asked[-1]["text"].startswith("您问的这一点") and "法律援助机构" in asked[-1]["text"]
    assert "依据：" not in asked[-1]["text"]


async def test_a_longer_message_about_other_law_within_a_topic_still_gets_its_referral(faq_db, monkeypatch):
    from bot.knowledge import faq

    monkeypatch.setattr(faq.FaqIndex, "find", lambda self, query, topic: faq.SearchResult(None, []))
    msgs, _ = await run(ActionOutOfScope(), "我邻居把我家车刮了 我想去派出所报警 再请个律师打官司", intent="out_of_scope",
                        confidence=0.5, slots={"topic": "labour_contract"})
    assert "12348" in msgs[-1]["text"] and "您补充的情况" not in msgs[-1]["text"]


async def test_facts_told_as_a_bare_answer_get_what_they_mean_not_a_bare_receipt(faq_db):
    from actions.urgent import ActionInform

    asked = "公司说经营困难 把我辞退了 能赔多少"
    first, _ = await run(ActionAnswerFaq(), asked)
    msgs, _ = await run(ActionInform(), "干了3年2个月 月薪5000", intent="inform",
                        before=[said(asked), bot(first[0]["text"])], slots={"topic": "labour_contract"})
    text = "\n".join(m.get("text") or "" for m in msgs)
    assert "17500" in text and "收到" not in text  # 3.5 months × 5000, worked out from both messages


async def test_a_wage_told_alone_completes_the_calculation_asked_before(faq_db):
    from actions.urgent import ActionInform

    asked = "周六加了8小时班 加班费多少"
    msgs, _ = await run(ActionInform(), "月薪5200", intent="inform",
                        before=[said(asked, "wage_arrears"), bot("您每月工资多少？")], slots={"topic": "wage_arrears"})
    assert "478.16" in msgs[0]["text"]  # 5200 / 174 × 200% × 8



async def test_a_question_the_classifier_took_for_a_bare_answer_is_still_answered(faq_db):
    from actions.urgent import ActionInform

    asked = "老板拖了我两个月工资 没签合同"
    msgs, _ = await run(ActionInform(), "那几张截屏顶不顶用啊", intent="inform",
                        before=[said(asked, "wage_arrears"), bot("……")], slots={"topic": "wage_arrears"})
    assert msgs and msgs[0].get("response") != "utter_inform_outside_form"
    assert "收到。如果需要" not in (msgs[0].get("text") or "") and msgs[0].get("text")


async def test_a_workers_own_matter_the_classifier_put_out_of_scope_gets_the_entry_that_fits(faq_db):
    msgs, slots = await run(ActionOutOfScope(), "我在工地干了半年 包工头欠我工资不给 我该去哪里投诉", intent="out_of_scope",
                            confidence=0.4)
    assert "劳动保障监察" in msgs[0]["text"] and slots["last_faq"] == "wage_arrears.where_to_complain"
    plain, _ = await run(ActionOutOfScope(), "附近哪家快递点周末还开门", intent="out_of_scope", confidence=0.9)
    assert plain[0].get("response") == "utter_out_of_scope"


async def test_a_follow_up_no_entry_answers_continues_the_matter_instead_of_not_found(faq_db):
    asked = "老板拖欠工资，我该去哪里投诉？"
    first, slots = await run(ActionAnswerFaq(), asked, intent="wage_arrears")
    before = [said(asked, "wage_arrears"), bot(first[0]["text"])]
    msgs, _ = await run(ActionAnswerFaq(), "我们一共十二个人 都是一个村出来的", intent="wage_arrears",
                        confidence=0.4, before=before, slots={"last_faq": slots["last_faq"], "topic": "wage_arrears"})
    text = msgs[0]["text"]
    assert "没找到" not in text and "劳动保障监察机构投诉" in text and text.startswith("按您说的情况")
    assert answers.HUMAN_BUTTON in msgs[0]["buttons"]
    fresh, _ = await run(ActionAnswerFaq(), "我们一共十二个人 都是一个村出来的", intent="wage_arrears",
                         confidence=0.4)
    assert "没找到" in fresh[0]["text"]  # the same words opening a conversation: nothing before to continue


NANNY = "我在雇主家当育儿嫂 雇主直接请的我 没经过公司 干了八个月 还欠我一万三工钱不给"
INJURED = "我在工地上扎钢筋 上个月从架子上摔下来腿骨折了 老板不给报工伤"


async def test_where_to_go_after_the_situation_is_told_depends_on_who_the_worker_is(faq_db):
    # a nanny hired by a family: mediation or the court, never "去劳动仲裁"
    msgs, _ = await run(ActionOutOfScope(), "那去哪告 劳动仲裁能管不", intent="out_of_scope",
                        before=[said(NANNY, "wage_arrears"), bot("……")], slots={"topic": "wage_arrears"})
    text = msgs[0]["text"]
    assert "仲裁不受理" in text and "人民法院" in text and "小额诉讼" in text and "《民事诉讼法》第一百六十五条" in text
    # an injured worker: recognition at the social insurance bureau, within the year
    msgs, slots = await run(ActionAnswerFaq(), "去哪告", intent="work_injury",
                            before=[said(INJURED, "work_injury"), bot("……")], slots={"topic": "work_injury"})
    text = msgs[0]["text"]
    assert "工伤认定" in text and "1年内" in text and "《工伤保险条例》第十七条" in text and slots["topic"] == "work_injury"
    # an employee dismissed: the arbitration committee, its one year, free of charge
    msgs, _ = await run(ActionAnswerFaq(), "那咋弄 去哪告", before=[said(STORY), bot("……")],
                        slots={"topic": "labour_contract"})
    text = msgs[0]["text"]
    assert "劳动人事争议仲裁委员会" in text and "1年" in text and "不收费" in text


async def test_a_first_message_asking_where_is_answered_by_the_answers_not_a_route(faq_db):
    msgs, _ = await run(ActionAnswerFaq(), "欠薪去哪告", intent="wage_arrears")
    assert not msgs[0]["text"].startswith("按您前面说的情况")


async def test_asking_how_much_after_the_figure_was_given_gets_the_figure_again(faq_db):
    story = "金华美容院 干了10个月没合同 老板说签合同要先交2000押金 底薪4000 提成平均2000"
    first, _ = await run(ActionAnswerFaq(), story, intent="labour_contract")
    assert "54000元" in first[0]["text"]  # base and commission: 6000 a month, 9 months more
    msgs, _ = await run(ActionOutOfScope(), "能要多少", intent="out_of_scope",
                        before=[said(story), bot(first[0]["text"])], slots={"topic": "labour_contract"})
    text = msgs[0]["text"]
    assert "54000元" in text and applied_reply.FIGURE_CAVEAT in text


async def test_more_of_a_student_interns_injury_stays_with_what_applies_to_them(faq_db):
    story = "我是高职大三的 学校安排在厂里岗位实习 上个月操作冲床的时候 右手食指被压断了一截 厂里说实习生不能算工伤"
    first, _ = await run(ActionAnswerFaq(), story, intent="work_injury")
    assert "实习" in first[0]["text"].splitlines()[0]
    msgs, _ = await run(ActionAnswerFaq(), "厂里说让学校买的保险赔 保险公司说最多赔两万 其他的厂里就不管了", intent="work_injury",
                        before=[said(story, "work_injury"), bot(first[0]["text"])], slots={"topic": "work_injury"})
    text = msgs[0]["text"]
    assert "工伤保险条例" not in text and "照样可以申请工伤认定" not in text  # the employee's answer would mislead
    assert "过错" in text  # what is left beyond the insurance: by fault, from the firm or the school


async def test_an_insurers_ceiling_is_not_the_end_of_what_the_worker_can_claim(faq_db):
    pensioner = "我63了 领着养老金 在物业公司做水电维修 今年10月修楼道灯时从梯子上摔下来 手腕骨折"
    first, _ = await run(ActionAnswerFaq(), pensioner, intent="work_injury")
    msgs, _ = await run(ActionOutOfScope(), "物业经理说出事找保险公司去 保险公司说最多赔一万", intent="out_of_scope",
                        before=[said(pensioner, "work_injury"), bot(first[0]["text"])], slots={"topic": "work_injury"})
    text = msgs[0]["text"]
    assert "不是您能要的赔偿的上限" in text and "过错" in text and "《民法典》第一千一百六十五条" in text
    # an employee whose employer bought accident insurance instead of work-injury insurance
    worker = "我在厂里搬货的时候被叉车撞了 腿骨折 公司只给买了个意外险 没交工伤保险"
    msgs, _ = await run(ActionAnswerFaq(), worker, intent="work_injury")
    text = msgs[0]["text"]
    assert "代替不了工伤保险" in text and "《工伤保险条例》第六十二条" in text


async def test_more_of_the_matter_told_after_the_conclusion_keeps_the_conclusion(faq_db):
    story = "我在电商仓做打包 怀孕4个月 主管让我先待岗在家等通知 HR说待岗期间按最低工资发 我原来每月5500左右"
    first, _ = await run(ActionAnswerFaq(), story, intent="wage_arrears")
    conclusion = first[0]["text"].splitlines()[0]
    assert "降低您的工资" in conclusion
    msgs, _ = await run(ActionAnswerFaq(), "今天HR又在钉钉发了个通知 说孕期待岗只发最低工资的80% 下个月开始执行",
                        intent="wage_arrears", before=[said(story, "wage_arrears"), bot(first[0]["text"])],
                        slots={"topic": "wage_arrears"})
    text = msgs[0]["text"]
    # not the general rule on stoppages (生活费), which would read as if the cut were allowed
    assert text.startswith("按您补充的情况，前面的判断不变") and conclusion in text and "生活费" not in text


async def test_more_of_the_matter_an_entry_written_for_their_group_fits_gets_that_entry(db_url):
    from bot.knowledge.content import load_faq

    load_faq(db_url=db_url)  # the real content: its entry on riders' occupational injury cover
    rider = "我在济南跑网约车 上个月载客的时候被一辆车追尾 颈椎受伤住院半个月 平台App里有个职业伤害保障的入口"
    first, _ = await run(ActionAnswerFaq(), rider, intent="work_injury")
    msgs, _ = await run(ActionOutOfScope(), "车是租赁公司的 每天交220租金 平台订单页面显示我有职业伤害保障 每单都显示缴了费",
                        intent="out_of_scope", before=[said(rider, "work_injury"), bot(first[0]["text"])],
                        slots={"topic": "work_injury"})
    text = msgs[0]["text"]
    assert "职业伤害保障" in text and not text.startswith("按您补充的情况，前面的判断不变")


async def test_a_new_question_about_the_same_matter_gets_its_own_answer_not_the_conclusion_again(db_url):
    from bot.knowledge.content import load_faq

    load_faq(db_url=db_url)  # the real content: its entry on the time limit for wage claims
    story = "老板欠了我三个月工资不给 咋办"
    first, _ = await run(ActionAnswerFaq(), story, intent="wage_arrears")
    for question in ("被拖欠工资 过了多久就不能申请仲裁了", "欠薪的话多长时间内要去仲裁"):
        msgs, _ = await run(ActionAnswerFaq(), question, intent="wage_arrears",
                            before=[said(story, "wage_arrears"), bot(first[0]["text"])], slots={"topic": "wage_arrears"})
        text = msgs[0]["text"]
        assert not text.startswith("按您补充的情况，前面的判断不变"), text
        assert "依据：" in text and "时效" in text, text


@pytest.mark.parametrize("story, story_intent", [
    ("老板欠了我三个月工资不给 咋办", "wage_arrears"),
    ("在厂里干活把手弄伤了 咋认定工伤", "work_injury"),
])
async def test_questions_on_other_matters_after_a_story_get_their_own_answers(db_url, story, story_intent):
    from bot.knowledge.content import load_faq

    load_faq(db_url=db_url)
    first, _ = await run(ActionAnswerFaq(), story, intent=story_intent)
    for question, intent, expect in [
        ("工会会费一个月交多少", "join_union", "0.5%"),
        ("想申请法律援助 要啥材料", "legal_aid", "法律援助"),
        ("怎么加入工会啊", "join_union", "工会"),
        ("被拖欠工资 过了多久就不能申请仲裁了", "wage_arrears", "依据："),
    ]:
        msgs, _ = await run(ActionAnswerFaq(), question, intent=intent,
                            before=[said(story, story_intent), bot(first[0]["text"])], slots={"topic": story_intent})
        text = msgs[0]["text"]
        assert expect in text and not text.startswith("按您补充的情况"), (question, text)


async def test_a_settlement_offered_after_the_conclusion_is_answered_not_the_conclusion_repeated(faq_db):
    story = "我老公在建筑工地上从脚手架摔下来 人没了 他在那干了两年"
    first, _ = await run(ActionAnswerFaq(), story, intent="work_injury")
    assert "一次性工亡补助金" in first[0]["text"]
    msgs, _ = await run(ActionAnswerFaq(), "包工头说给我们家二十万 签了字以后就两清", intent="work_injury",
                        before=[said(story, "work_injury"), bot(first[0]["text"])], slots={"topic": "work_injury"})
    text = msgs[0]["text"]
    assert not text.startswith("按您补充的情况，前面的判断不变"), text
    assert text.startswith("单位提出私了，先别急着签字") and "20倍" in text and "撤销" in text


async def test_a_short_what_now_the_classifier_reads_as_union_dues_stays_with_the_dispute(db_url):
    from bot.knowledge.content import load_faq

    load_faq(db_url=db_url)  # the real content, with its entries on dues deducted from wages
    story = "我怀孕五个月 公司说我不胜任 上周把我辞退了"
    first, _ = await run(ActionAnswerFaq(), story, intent="labour_contract")
    conclusion = first[0]["text"].splitlines()[0]
    assert "怀孕" in conclusion or "孕期" in conclusion
    msgs, _ = await run(ActionAnswerFaq(), "那扣掉的钱能要回来吗", intent="join_union",
                        before=[said(story, "labour_contract"), bot(first[0]["text"])], slots={"topic": "labour_contract"})
    text = msgs[0]["text"]
    assert "会费" not in text and text.startswith("按您前面说的情况"), text


async def test_a_nannys_question_on_medical_costs_is_not_answered_with_work_injury_insurance(db_url):
    from bot.knowledge.content import load_faq

    load_faq(db_url=db_url)  # the real content, with its entries on work-injury medical costs
    story = "我在郑州给一位老太太做住家保姆 是她女儿直接请的我 一个月五千 前天在她家卫生间滑了一跤 胳膊摔骨折了"
    first, _ = await run(ActionAnswerFaq(), story, intent="work_injury")
    msgs, _ = await run(ActionAnswerFaq(), "那医药费可以叫她家里出不", intent="work_injury",
                        before=[said(story, "work_injury"), bot(first[0]["text"])], slots={"topic": "work_injury"})
    text = msgs[0]["text"]
    assert "工伤保险基金" not in text and "《工伤保险条例》" not in text, (first[0]["text"][:80], text)


async def test_an_entry_asked_by_pregnant_women_is_not_the_answer_for_a_man_whose_contract_ends(faq_db):
    # the pregnancy entry fits "合同到期…不续了" by its words; nothing this worker said is about a
    # pregnancy, so it is not what answers him
    msgs, _ = await run(ActionAnswerFaq(), "58了 合同年底到期 厂里说不续了 包头钢管厂")
    text = "\n".join(m.get("text") or "" for m in msgs)
    assert text and "孕期" not in text and "哺乳期" not in text
    pregnant, _ = await run(ActionAnswerFaq(), "怀孕五个月了 合同年底到期 公司说不续了")
    assert "哺乳期" in "\n".join(m.get("text") or "" for m in pregnant)


async def test_the_retirement_figure_is_said_once_when_the_question_holds_the_birth_month(faq_db):
    msgs, _ = await run(ActionAnswerFaq(), "男的 1965年6月生 养老保险就交了12年 所以没办退休 想问啥时候能退休",
                        intent="social_insurance")
    text = msgs[0]["text"]
    assert text.count("延迟2个月，法定退休年龄是60岁2个月") == 1 and "2025年8月" in text  # the figure once
    assert "【法定退休年龄计算】" not in text
