"""Urgent-message detection (bot/cases/urgency.py, data/urgency/signals.yml).

The example sentences are written to test generalisation: colloquial phone Chinese with typos,
traditional characters and words between the parts of a signal, never the trigger list itself
(test_examples_are_not_copied_from_the_data checks that).
"""
import dataclasses
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from bot.config import DATA_DIR, PROJECT_ROOT
from bot.cases import urgency
from bot.common.text import normalize
from bot.cases.urgency import CATEGORIES, UrgentSignal, detect, reply

POSITIVE = [
    # self_harm
    ("老板欠了半年工资 真的不想活了", "self_harm"),
    ("欠我们的钱再不给 我就从工地楼顶跳下去", "self_harm"),
    ("实在没法子了 我想一死了之", "self_harm"),
    ("家里等着钱救命 我真的不相活了", "self_harm"),  # typo 相 for 想
    ("老婆跑了工资也要不到 活着还有啥意思", "self_harm"),
    ("我买了瓶敌敌畏 今晚就喝", "self_harm"),
    ("包工头再不结账 我就死在他家门口", "self_harm"),
    ("天天被催债 我在天台上站着 想跳", "self_harm"),
    ("工友说他想割腕 我好怕", "self_harm"),
    ("撑了三年 想结束自己的生命", "self_harm"),
    ("我偷偷攒了一瓶安眠药", "self_harm"),
    ("工钱要不回来 这日子活不下去啦", "self_harm"),
    ("我已经写好遗书了 对不起家里人", "self_harm"),
    ("跳楼讨薪有用吗 我是真的被逼急了", "self_harm"),  # a question, still flagged
    ("有时候想干脆喝药算了", "self_harm"),
    ("老闆欠薪三個月 我真的想跳樓", "self_harm"),  # traditional characters
    # violence
    ("工头说再要钱就叫人卸我一条腿", "violence"),
    ("讨薪的时候被保安按在地上打了一顿", "violence"),
    ("老板拎着钢管出来说谁再闹就打断谁的腿", "violence"),
    ("他们威胁说不走就把我家孩子怎么样", "violence"),
    ("包工头放话要弄死我们几个", "violence"),
    ("我真想拿菜刀去砍了那个包工头", "violence"),
    ("再不给钱我就一把火烧了他的厂", "violence"),
    ("经理今天动手打人了 还扇了我两巴掌", "violence"),
    ("昨天去要账挨了一顿揍", "violence"),
    ("有几个社会上的人天天跟着我 说要我的命", "violence"),
    ("我跟他拼了 大不了同归于尽", "violence"),
    ("主管拿刀顶着我脖子", "violence"),
    ("被人打的头破血流 现在还在流血", "violence"),
    ("老板找了一帮混混来收拾我们", "violence"),
    # serious_injury
    ("我哥被钢管砸了 现在还昏迷", "serious_injury"),
    ("工友的手卷进搅拌机里了 流了好多血", "serious_injury"),
    ("刚才有个师傅从脚手架上掉下来 躺地上不动了", "serious_injury"),
    ("老乡在车间触电了 现在没反应", "serious_injury"),
    ("塔吊倒了 砸到两个人 一个当场就没了", "serious_injury"),
    ("我爸在工地被砸伤了 医生说有生命危险", "serious_injury"),
    ("师傅的腿被压在钢板下面 骨头都露出来了", "serious_injury"),
    ("工友从五楼掉下去 已经没有呼吸了", "serious_injury"),
    ("我老公烧伤面积很大 还在重症监护室", "serious_injury"),
    ("同事被机器把手指头轧掉了", "serious_injury"),
    ("井下塌方 有三个工友被埋了", "serious_injury"),
    ("我媳妇在厂里晕倒了 怎么叫都叫不醒", "serious_injury"),
    ("工友刚从架子上摔下来 腿断了", "serious_injury"),
    ("医院刚下了病危通知书", "serious_injury"),
    ("工友下午煤气中毒 送去抢救了", "serious_injury"),
    ("我工友昨天从楼上摔下来死了", "serious_injury"),
    ("有个小伙子被车间的冲床压断了手掌", "serious_injury"),
    # forced_labour
    ("厂里不让出去 手机也收了", "forced_labour"),
    ("黑中介把我们骗到这个厂 门口有人看着 出不去", "forced_labour"),
    ("老板说干不满三个月谁都别想走 晚上把宿舍门反锁", "forced_labour"),
    ("我们十几个人被关在工棚里 天天逼着干活", "forced_labour"),
    ("工头把我们手机都没收了 不让跟家里联系", "forced_labour"),
    ("被骗到缅甸的园区 出不来", "forced_labour"),
    ("不干活就不给饭吃 还不准出厂门", "forced_labour"),
    ("我弟弟在砖窑干活 被人看着 跑不掉", "forced_labour"),
    ("他们锁着大门不让我们回家", "forced_labour"),
    ("在工地被软禁了好几天", "forced_labour"),
    ("在立讯干 老板不让走 还扣着身份证", "forced_labour"),  # forced labour outranks the ID card
    # detained_documents
    ("身份证押在老板那里不还", "detained_documents"),
    ("入职的时候人事把我身分证收了 说干满一年才给", "detained_documents"),  # 身分证
    ("中介扣着我们的护照不给", "detained_documents"),
    ("厂里说离职就不退身份证", "detained_documents"),
    ("我的证件全在包工头手上 要都要不回来", "detained_documents"),
    ("公司收走身份证原件合不合法", "detained_documents"),  # a question, still flagged
    ("毕业证被实习单位压着不给", "detained_documents"),
    ("工资卡在工头手里 他不给我们", "detained_documents"),
    ("厂里扣工人身份证是不是违法的", "detained_documents"),
    # group_action
    ("明天我们几十号人去堵高速", "group_action"),
    ("工友们商量好了 明天去售楼部门口拉横副", "group_action"),  # typo 副 for 幅
    ("实在不行就一起爬到塔吊上面去", "group_action"),
    ("大家说好了后天全部停工 不给钱不干", "group_action"),
    ("我们打算去市政府门口坐着 不走了", "group_action"),
    ("上百个工人把开发商的大门堵死了", "group_action"),
    ("准备和老乡们一起去政府上访", "group_action"),
    ("罢工犯法吗 我们厂都准备不干了", "group_action"),
    ("这周末工友们要去总公司闹一闹", "group_action"),
    ("再不结钱我们就把老板围起来", "group_action"),
    ("一百多号人明天去县里拉条幅", "group_action"),
]

NEGATIVE = [
    # negations of a signal
    "我不会想不开的",
    "没想过跳楼",
    "不是要跳楼啦 就问问",
    "没人打我",
    "没被扣身份证",
    "放心我不会干傻事",
    "身份证没被扣",
    "我不会做傻事的 就是想问问工资怎么要",
    "我才没想过要轻生呢 别担心",
    "从来没被老板打过",
    "公司没扣我的证件 只是扣了押金",
    "他们没有威胁我 就是不给钱",
    "没有人受伤 就是机器坏了",
    "不是要去闹事 就想问问怎么仲裁",
    "我们不会去堵路的 只是想知道怎么投诉",
    # the same characters in ordinary use
    "累死了", "气死我了", "笑死", "饿死了", "热死了", "忙死了", "烦死了",
    "杀价", "跳槽", "工资跳水", "下楼", "堵车", "打卡", "打工", "打电话", "打官司", "打听", "打印",
    "身份证复印件交给公司了", "要带身份证吗", "身份证丢了怎么补", "压力大", "受了点轻伤",
    "手划破了点皮", "摔了一跤没事", "我们几个想集体签合同", "集体合同", "想辞职不干了",
    "公司锁门下班了", "拉黑了",
    "上班累得要死 工资还这么低",
    "老板天天打电话催我回去上班",
    "楼下商店在搞跳楼价大甩卖",
    "每天上吊车检修 有高温补贴吗",
    "今天路上堵死了 迟到会扣钱吗",
    "入职要交身份证复印件吗",
    "身份证过期了 社保卡还能用吗",
    "我被公司拉黑了 电话打不通",
    "领导威胁说不签就开除我",
    "砍了我一半工资 这合法吗",
    "厂里杀价杀得厉害 计件单价一降再降",
    "这破工作真是烦死人",
    "吓死我了 还以为被裁员了",
    "心里堵得慌 工资老是拖",
    "跟老板闹翻了 还能要回工资吗",
    "门卫不让外卖进厂区",
    "上班时间不让出去吃饭 合理吗",
    "下班以后公司把大门锁了",
    "手机被收了 上班不能玩",
    "驾照被扣分了",
    "上百个工人在食堂排队打饭",
    "扣工资还要身份证",
    "收入证明和身份证要带吗",
    "工资卡里的钱被扣了",
    "我的微信账号被锁住了",
    "加班的时候晕倒了 算工伤吗",
    # general questions and plain wage/injury/contract questions
    "老板欠我三个月工资怎么办",
    "工伤怎么认定",
    "被辞退有补偿吗",
    "工伤死亡赔偿金怎么算",
    "工亡补助金是多少",
    "抢救无效死亡算不算工伤",
    "手指骨折了能评几级伤残",
    "去年从架子上摔下来腿断了 现在还能申请工伤吗",
    "住了两个月院 公司不给报销",
    "集体协商工资是什么意思",
    "我们想集体去劳动监察投诉",
    "二十几个人一起申请仲裁可以吗",
    "没有签合同 老板不让我辞职",
    "天天强迫加班到半夜 合法吗",
    "停工留薪期工资谁发",
    "疫情期间厂里停工 工资怎么算",
    "我妈去年病死了 家里困难能申请补助吗",
    "搬货时扭到腰了 算工伤吗",
]


@pytest.mark.parametrize("text,category", POSITIVE)
def test_urgent_messages_are_detected(text, category):
    signal = detect(text)
    assert signal is not None, text
    assert signal.category == category, (text, signal)
    assert (signal.label, signal.life_at_risk) == CATEGORIES[category]
    assert signal.matched and signal.matched in urgency.prepare(text)


@pytest.mark.parametrize("text", NEGATIVE)
def test_ordinary_messages_are_not_urgent(text):
    assert detect(text) is None, (text, detect(text))


def test_enough_examples_in_every_category():
    assert len(POSITIVE) >= 60 and len(NEGATIVE) >= 60
    per_category = {c: sum(1 for _, k in POSITIVE if k == c) for c in CATEGORIES}
    assert min(per_category.values()) >= 8, per_category


def _strings(node):
    if isinstance(node, dict):
        for v in node.values():
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)
    elif isinstance(node, str):
        yield node


def test_examples_are_not_copied_from_the_data():
    doc = yaml.safe_load((DATA_DIR / "urgency" / "signals.yml").read_text(encoding="utf-8"))
    data = list(_strings(doc))
    for text, _ in POSITIVE:
        assert not any(normalize(text) in s for s in data), text


def test_a_negation_only_clears_its_own_trigger():
    # the first mention is negated, the second is not
    assert detect("我没想过跳楼 可是工友说他今晚要跳楼").category == "self_harm"
    assert detect("没人打我 但是他们说要弄死我弟").category == "violence"
    # a negation earlier in the message does not reach a later signal
    assert detect("工资没给还被打了").category == "violence"
    assert detect("老板没给钱 还叫人打我").category == "violence"
    assert detect("去死吧老板") is None  # an insult, not self-harm
    # questions are not negations
    assert detect("公司有没有权利扣身份证").category == "detained_documents"
    assert detect("讨薪会不会被打啊 上次老乡被打进医院了").category == "violence"


def test_signal_inside_the_negated_word_is_still_a_signal():
    assert detect("真的不想活了").category == "self_harm"
    assert detect("活不下去了").category == "self_harm"
    assert detect("老板不让我走").category == "forced_labour"
    assert detect("离职了还不给身份证").category == "detained_documents"


def test_question_rules_per_category():
    # the action itself, asked about: flagged
    assert detect("扣身份证违法吗").category == "detained_documents"
    assert detect("堵路讨薪犯法吗").category == "group_action"
    assert detect("老板打人犯法吗").category == "violence"
    assert detect("自杀算不算工伤").category == "self_harm"
    # compensation vocabulary and settled, past injuries: not flagged
    assert detect("因工死亡的一次性工亡补助金怎么算") is None
    assert detect("去年手被压断了 现在能评几级") is None
    assert detect("上班时突发心脏病死了算工伤吗") is None
    # an ordinary fracture needs a sign that it is happening now
    assert detect("胳膊骨折了 公司给报销吗") is None
    assert detect("工友胳膊骨折了 还在流血 救护车还没来").category == "serious_injury"


def test_priority_life_at_risk_first():
    assert detect("几十个人去堵门 我要一把火烧了他的厂").category == "violence"
    assert detect("工友喝了农药 现在还在抢救").category == "self_harm"
    assert detect("被关在厂里 不干就打").category == "forced_labour"


@pytest.mark.parametrize(
    "text", ["", "   ", "/greet", '/wage_arrears{"faq_id": "wage_arrears.evidence"}', "/leave_message"]
)
def test_empty_and_payloads_are_not_urgent(text):
    assert detect(text) is None


@pytest.mark.parametrize("text", [None, 123, b"\xe8\xb7\xb3\xe6\xa5\xbc", ["跳楼"], "\x00\x01", "😭" * 500, "跳" * 5000])
def test_detect_never_raises(text):
    detect(text)  # may return a signal or None, but never raises


def test_detect_never_raises_when_the_data_is_broken(tmp_path, monkeypatch, caplog):
    broken = tmp_path / "signals.yml"
    broken.write_text("categories:\n  self_harm:\n    triggers: ['(unclosed']\n", encoding="utf-8")
    monkeypatch.setattr(urgency, "SIGNALS_FILE", broken)
    monkeypatch.setattr(urgency, "_cached", None)
    assert detect("真的不想活了") is None
    assert "urgency detection failed" in caplog.text


def test_malformed_data_is_reported(tmp_path):
    good = yaml.safe_load((DATA_DIR / "urgency" / "signals.yml").read_text(encoding="utf-8"))
    cases = {
        "unknown category": lambda d: d["categories"].update(robbery={"triggers": ["抢劫"]}),
        "missing category": lambda d: d["categories"].pop("violence"),
        "capturing group": lambda d: d["categories"]["violence"]["triggers"].append("(打)我"),
        "empty match": lambda d: d["categories"]["violence"]["triggers"].append("打?"),
        "unknown def": lambda d: d["categories"]["violence"]["triggers"].append("{NOPE}打"),
        "bad regex": lambda d: d["categories"]["violence"]["triggers"].append("打[我"),
        "odd fold": lambda d: d.update(fold="樓楼證"),
    }
    for name, spoil in cases.items():
        doc = yaml.safe_load(yaml.safe_dump(good, allow_unicode=True))
        spoil(doc)
        path = tmp_path / f"{name}.yml"
        path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
        with pytest.raises(urgency.SignalsError):
            urgency.load_rules(path)


def test_the_shipped_data_loads():
    rules = urgency.load_rules()
    assert [c.key for c in rules.categories] == list(CATEGORIES)
    assert all(c.triggers for c in rules.categories)


def test_loading_is_lazy_and_needs_no_jieba():
    code = (
        "import sys, bot.cases.urgency as u\n"
        "assert u._cached is None, 'rules compiled at import'\n"
        "assert u.detect('真的不想活了').category == 'self_harm'\n"
        "assert u._cached is not None\n"
        "assert 'jieba' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, check=True, timeout=60)


def test_api_shape():
    signal = detect("老板叫人打我")
    assert isinstance(signal, UrgentSignal)
    assert [f.name for f in dataclasses.fields(UrgentSignal)] == ["category", "label", "life_at_risk", "matched"]
    with pytest.raises(dataclasses.FrozenInstanceError):
        signal.category = "x"
    assert set(CATEGORIES) == {
        "self_harm", "violence", "group_action", "serious_injury", "detained_documents", "forced_labour"
    }
    for key, (label, life_at_risk) in CATEGORIES.items():
        assert re.search(r"[\u4e00-\u9fff]", label), key
        assert life_at_risk == (key in {"self_harm", "violence", "serious_injury"})


SAMPLES = {
    "self_harm": "工资要不回来 真不想活了",
    "violence": "包工头叫了几个人来打我们",
    "serious_injury": "工友从架子上掉下来 一直昏迷不醒",
    "forced_labour": "厂里把我们锁在宿舍里",
    "detained_documents": "老板扣着我身份证不给",
    "group_action": "大伙明天去堵工地大门",
}


@pytest.mark.parametrize("category", list(CATEGORIES))
def test_reply_has_the_right_numbers(category):
    signal = detect(SAMPLES[category])
    assert signal is not None and signal.category == category
    text = reply(signal)
    first = text.splitlines()[0]
    assert "12351" in text and "工作人员" in text and "联系您" in text
    assert len(text) < 400
    if signal.life_at_risk:
        assert "110" in text
    if category == "violence":
        assert "110" in first
    if category in ("self_harm", "serious_injury"):
        assert "120" in first
    if category == "self_harm":
        assert "12356" in text and "心理援助热线" in text and "跟我说说" in text
    else:
        assert "12356" not in text
    if category == "group_action":
        assert "生气" in text and "堵路" in text and "劳动监察" in text and "仲裁" in text
    if category == "detained_documents":
        assert "第九条" in text and "劳动合同法" in text and "12333" in text and "报警" in text
    if category == "forced_labour":
        assert "110" in first


def test_reply_for_a_signal_built_by_hand():
    text = reply(UrgentSignal("serious_injury", "严重受伤", True, "昏迷"))
    assert text.startswith("如果有人伤得很重") and "120" in text.splitlines()[0]
    # a category the module does not know (a caller's own "urgent" button): still safe
    text = reply(UrgentSignal("unspecified", "职工表示情况紧急", True, ""))
    assert "110" in text.splitlines()[0] and "120" in text.splitlines()[0] and "12351" in text


def _examples(path: Path) -> list[str]:
    doc = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    lines = []
    for item in doc.get("nlu") or []:
        for line in (item.get("examples") or "").splitlines():
            line = line.strip()
            if line.startswith("- "):
                lines.append(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line[2:]))
    return lines


@pytest.mark.parametrize(
    "name", ["out_of_scope.yml", "dialogue.yml", "stop.yml", "topics/join_union.yml", "topics/training.yml",
             "topics/social_insurance.yml", "topics/wage_arrears.yml"]
)
def test_project_training_examples_are_not_urgent(name):
    path = DATA_DIR / "nlu" / name
    if not path.exists():
        pytest.skip(f"{name} not present")
    hits = [(t, detect(t)) for t in _examples(path)]
    assert [h for h in hits if h[1]] == []


def test_two_thousand_messages_in_under_two_seconds():
    detect("预热")  # compiles the patterns once
    messages = [t for t, _ in POSITIVE] + NEGATIVE
    batch = (messages * (2000 // len(messages) + 1))[:2000]
    start = time.perf_counter()
    for text in batch:
        detect(text)
    assert time.perf_counter() - start < 2.0
