"""The second turn of a worker's matter (actions/faq.py, actions/applied.py): a follow-up is read
within the matter told before it (the words of the worker's group and state join its search; the
figure its facts complete is worked out), and an employer's claim the worker reports is answered
with what the law says about it (data/applied/claims.yml)."""

from actions import applied as applied_reply
from actions.faq import ActionAnswerFaq, ActionOutOfScope
from tests.actions.helpers import bot, run, said




async def conversation(first_text, second_text, intent="labour_contract", second_intent=None, action=ActionAnswerFaq):
    first, slots = await run(ActionAnswerFaq(), first_text, intent=intent)
    before = [said(first_text, intent)] + [bot(m.get("text") or "") for m in first]
    second, _ = await run(action(), second_text, intent=second_intent or intent, before=before, slots=slots)
    return first, second


PREGNANT_DISMISSED = "我在电子厂做品检 怀孕四个月了 领导说我干活不行不能胜任 让我月底走人"


async def test_an_employers_threat_reported_next_gets_what_the_law_says_about_it(faq_db):
    first, second = await conversation(PREGNANT_DISMISSED, "人事又打电话说 不签协议的话就按自动离职处理")
    text = second[0]["text"]
    assert text.startswith(applied_reply.CLAIM_LEAD) and "不等于您辞职" in text  # the claim answered first
    assert "照常" in text and "《劳动合同法》第八十七条" in text  # what to do, and the basis
    assert first[0]["text"].splitlines()[0] not in text  # not the conclusion again


async def test_the_same_claim_told_again_is_not_answered_with_the_same_words(faq_db):
    claim = "人事又打电话说 不签协议的话就按自动离职处理"
    first, second = await conversation(PREGNANT_DISMISSED, claim)
    before = [said(PREGNANT_DISMISSED), bot(first[0]["text"]), said(claim), bot(second[0]["text"])]
    third, _ = await run(ActionAnswerFaq(), "她还说不签就算自动离职", before=before, slots={"topic": "labour_contract"})
    assert not any((m.get("text") or "").startswith(applied_reply.CLAIM_LEAD) for m in third)


async def test_a_claim_in_the_first_message_follows_the_conclusion_the_rules_draw(faq_db):
    msgs, _ = await run(ActionAnswerFaq(), "我怀孕了 公司说不签调岗协议就按自动离职处理")
    text = msgs[0]["text"]
    assert not text.startswith(applied_reply.CLAIM_LEAD)  # what the law means for her leads
    assert applied_reply.CLAIM_LEAD + "不签字" in text and "《劳动合同法》第三十六条" in text


async def test_a_part_timer_told_an_injury_is_no_work_injury_hears_otherwise_and_who_pays_next(faq_db):
    first, second = await conversation("商场夜场兼职 每天4点到8点 按小时结 昨天在扶梯那摔了 胳膊骨折 老板说小时工不算工伤",
                                       "那住院的钱谁出 这段时间上不了班 工钱咋算", intent="work_injury")
    assert "非全日制用工也是劳动关系" in first[0]["text"] and "第十二条" in first[0]["text"]
    text = second[0]["text"]
    assert text.startswith("工伤的治疗费") and "停工留薪期" in text and "先行支付" in text
    assert "任何一方可以随时通知终止用工" not in text  # not the part-time entry's general rule


async def test_a_claim_is_not_answered_for_a_worker_outside_labour_law(faq_db):
    # a nanny hired by a family: "不签就算辞职" is no labour-law dismissal for her
    _, second = await conversation("我在雇主家里当住家保姆 朋友介绍直接去的 干了半年 雇主突然说不要我了",
                                   "雇主说不签这个字就当我自己辞职", intent="labour_contract")
    assert not any((m.get("text") or "").startswith(applied_reply.CLAIM_LEAD) for m in second)


async def test_a_nursing_mothers_report_of_a_threat_is_read_as_about_her_nursing_hour(faq_db):
    first, second = await conversation("孩子8个月 我产假回来上班了 公司说每天的哺乳时间只能给半小时",
                                       "主管说再多要就按事假扣 绩效打D")
    text = second[0]["text"]
    assert text.startswith(applied_reply.CLAIM_LEAD) and "哺乳时间" in text and "第九条" in text


class _Index:
    """An index that fits an entry only to a question naming a miscarriage: what was searched is kept."""

    def __init__(self):
        self.searched = []

    def find(self, query, topic):
        from types import SimpleNamespace

        from bot.knowledge.faq import Match, SearchResult

        self.searched.append(query)
        if "流产" in query:
            entry = SimpleNamespace(slug="miscarriage_leave", topic="labour_contract")
            return SearchResult(Match(entry, 0.9), [Match(entry, 0.9)])
        return SearchResult(None, [])


def test_a_follow_up_is_searched_with_the_words_of_the_workers_state_it_does_not_repeat():
    from actions.faq import find
    from tests.actions.helpers import tracker

    story, follow_up = "怀孕三个月流产了 领导只准三天病假", "那这十几天的钱哪个出"
    index = _Index()
    t = tracker(follow_up, "labour_contract", events=[said(story), bot("流产也有产假"), said(follow_up)])
    assert find(index, t, follow_up, "labour_contract").best.faq.slug == "miscarriage_leave"
    assert index.searched == [follow_up, f"{follow_up} 流产"]  # the sick leave of a miscarriage: no 医疗期
    first = _Index()  # a first message is searched as it is
    assert find(first, tracker(follow_up, "labour_contract"), follow_up, "labour_contract").best is None
    assert first.searched == [follow_up]


async def test_a_follow_up_is_searched_within_the_workers_matter(faq_db):
    # "who pays for those days" after a miscarriage: the answer on miscarriage leave says it, not annual leave
    first, second = await conversation("怀孕三个月流产了 领导只准三天病假 说流产没有产假", "那这十几天的钱哪个出")
    text = second[0]["text"]
    assert "年休假" not in text and "年假" not in text
    assert "生育津贴" in text or "生育保险" in text  # who pays: the allowance or the employer


async def test_facts_told_after_a_question_complete_its_figure(faq_db):
    first, second = await conversation(
        "我进厂到现在都没签过合同 听说没签合同可以拿双倍工资 我这个能拿多少",
        "我是今年3月1号进去的 一直做到现在 都没签过 每个月4500")
    text = "\n".join(m.get("text") or "" for m in second)
    assert "4500元" in text and "二倍工资" in text  # the double wages worked out from the facts told now


async def test_a_figure_already_given_is_not_worked_out_again(faq_db):
    first, second = await conversation("月薪5200，周六加了8小时班，加班费多少", "那周日呢 也是8小时", intent="wage_arrears")
    assert first[0]["text"].startswith("【加班费计算】")
    before = [said("月薪5200，周六加了8小时班，加班费多少", "wage_arrears"), bot(first[0]["text"]),
              said("那周日呢 也是8小时", "wage_arrears"), bot(second[0]["text"])]
    third, _ = await run(ActionOutOfScope(), "好的", intent="out_of_scope", before=before, slots={"topic": "wage_arrears"})
    assert not any((m.get("text") or "").startswith("【加班费计算】") for m in third)


async def test_a_question_the_claims_words_answer_is_answered_without_calling_it_a_claim(faq_db):
    _, second = await conversation("我怀孕8个月了 在幼儿园当老师 产检请的假都按事假扣了",
                                   "那扣掉的产检那几天的工资能要回来吗")
    text = second[0]["text"]
    assert not text.startswith(applied_reply.CLAIM_LEAD) and "产前检查" in text and "补发" in text


async def test_a_question_on_contribution_years_after_the_retirement_month_gets_the_years_not_the_month_again(faq_db):
    first, second = await conversation("我是1976年8月生的 纺织厂挡车工 听说女工50岁退休 现在延迟了 我啥时候能退休",
                                       "我社保只交了13年 到时候够吗", intent="social_insurance")
    assert "2027年6月" in first[0]["text"]
    text = second[0]["text"]
    assert text.startswith("您到2027年6月到法定退休年龄") and "满15年" in text  # the years she needs by then
    assert "延迟10个月" not in text  # the month's working-out, shown before, not again


async def test_a_widow_asking_what_money_there_is_gets_the_rule_on_her_husbands_death_not_her_dismissal_again(faq_db):
    first, second = await conversation(
        "我男人九月份查出肺癌 十月份去世了 我请假回老家办后事 回来厂里说我请假太多 要按旷工开除我",
        "我男人社保在厂里交了十一年 有什么钱领吗")
    assert "严重违纪" in first[0]["text"] or "旷工" in first[0]["text"]
    assert second[0]["text"].startswith("您家人不是因工去世的") and "抚恤金" in second[0]["text"]


def test_a_worker_who_never_named_an_agency_is_not_given_the_dispatched_workers_entry():
    from types import SimpleNamespace

    from tests.actions.helpers import tracker

    entry = SimpleNamespace(question="劳务派遣工的社保由谁交？被派到外地，社保在哪交？", answer="派遣公司是用人单位")
    plain = tracker("公司一直没给我交社保 能一起要吗", "social_insurance")
    assert applied_reply.written_for_others(entry, plain, "公司一直没给我交社保 能一起要吗")
    agency = tracker("我是人力公司派过来的 公司一直没给我交社保", "social_insurance")
    assert not applied_reply.written_for_others(entry, agency, "我是人力公司派过来的 公司一直没给我交社保")


def test_the_sentence_nearest_to_a_question_on_who_pays_is_the_one_on_paying():
    from actions.faq import _nearest_sentence

    body = ("怀孕未满4个月流产的，享受15天产假。假期里的生育津贴，参加了生育保险的由基金支付，没参加的由单位按原工资支付。"
            "请保留医院诊断证明。")
    assert _nearest_sentence(body, "那这十几天的钱哪个出").startswith("假期里的生育津贴")
    assert _nearest_sentence(body, "要带啥材料").startswith("请保留医院诊断证明")


async def test_a_first_message_that_tells_a_situation_is_answered_even_when_read_as_giving_details(faq_db):
    from actions.urgent import ActionInform

    msgs, _ = await run(ActionInform(), "风电场运维 干了快一年 一直没签合同 月薪9000 能要啥", intent="inform")
    text = msgs[0]["text"] if msgs else ""
    assert not text.startswith("收到") and ("二倍工资" in text or "一倍工资" in text)  # the double wages, not "noted"


async def test_a_relatives_story_of_a_nanny_hurt_at_the_familys_asking_is_answered_not_refused(faq_db):
    msgs, _ = await run(ActionOutOfScope(), "我妈在成都给一家人当保姆 是那家人直接请的 上个星期雇主喊她站到凳子上擦窗子 "
                                            "凳子一歪人摔下来 腰椎骨折了", intent="out_of_scope")
    text = msgs[0]["text"]
    assert "帮不上忙" not in text and "不能认定工伤" in text and "过错" in text


async def test_a_mother_of_twins_asking_how_many_days_in_all_hears_her_own_count(faq_db):
    first, second = await conversation("我在动物园做饲养员 11月2号生了一对双胞胎 HR说产假只有98天 双胞胎也一样",
                                       "咁我總共可以休幾多日？")
    assert "双胞胎加15天，共113天" in first[0]["text"]
    text = second[0]["text"]
    assert "共113天" in text and "年假" not in text  # her leave again, not a neighbouring entry on annual leave


async def test_a_nannys_family_told_it_was_her_own_fault_hears_how_fault_is_shared(faq_db):
    _, second = await conversation("我妈给一家人当保姆 是那家人直接请的 雇主喊她站到凳子上擦外面的窗子 凳子一歪摔下来 腰椎骨折",
                                   "雇主说是我妈自己不小心 只肯拿3000块 咋个整", intent="work_injury")
    text = second[0]["text"]
    assert text.startswith(applied_reply.CLAIM_LEAD) and "过错" in text and "人民调解" in text
    assert "《民法典》第一千一百九十二条" in text and "工伤认定" not in text


async def test_a_streamer_managed_as_an_employee_told_to_pay_a_penalty_hears_when_one_is_lawful(faq_db):
    first, second = await conversation("我在一家公会做主播 签的是主播合作协议 每天下午2点到晚上10点必须在公司直播间开播 迟到扣钱 每月底薪4000 这个算不算劳动关系",
                                       "HR说我提前解约要按合同赔20万违约金", intent="labour_contract")
    assert first[0]["text"].startswith("按您说的：规定上班时间") and "确认" in first[0]["text"]
    text = second[0]["text"]
    assert text.startswith(applied_reply.CLAIM_LEAD) and "服务期" in text and "《劳动合同法》第二十五条" in text


def test_a_lists_heading_is_never_the_sentence_given_as_the_nearest():
    from actions.faq import _nearest_sentence

    body = "一般有这几项：\n1. 养老保险个人账户余额，可以依法继承；\n2. 遗属可以领丧葬补助金和抚恤金。"
    assert _nearest_sentence(body, "我妈请了半个月假 酒店说她旷工 要开除她 这个能开吗") != "一般有这几项："


async def test_a_question_the_rule_was_written_for_asked_with_more_of_the_story_keeps_the_rule(faq_db):
    first, second = await conversation("我是劳务派遣到医院做护士的 跟医院自己签合同的护士干一样的活 她们每月6000多 我们派遣的只有3800 这个能维权吗",
                                       "我在这已经干了三年了，派遣合同也续过一次。这些年少拿的差额能要回来吗？", intent="wage_arrears")
    assert first[0]["text"].startswith("派遣工和用工单位同岗位的职工同工同酬")
    text = second[0]["text"]
    assert "同工同酬" in text and "补发差额" in text and "经济补偿按第四十六条" not in text  # not the entry on leaving
