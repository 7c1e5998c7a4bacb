"""Replies that say what the law means for this worker (bot/knowledge/applied.py).

From everything the worker has said in the conversation (``bot/cases/profile.py``) the rules find
what applies to them: that a dismissal during pregnancy is unlawful, that a nanny hired by a family
is not under labour law, the retirement month under the 2025 reform, the figure owed. The reply
says that first, then what to do and the case registration, then the basis once; the caveat that
this is general information comes once per conversation, and again wherever a conclusion is drawn.
When a fact that changes the answer is missing, the one question for it ends the reply, and it is
never asked twice.
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.forms import looks_like_question
from bot.cases import profile as profiles
from bot.common import clock, facts
from bot.common.text import standard
from bot.knowledge import answers, applied, claims, referrals, routes

# A conclusion about the worker's own case: said with it every time.
CONCLUSION_CAVEAT = "这是按您说的情况作的初步判断，具体以仲裁委、法院认定为准；不清楚的地方可以再问我或找工作人员。"
RECENT = 3  # the worker's messages whose concerns the rules read (the latest and the two before)
FIGURE_CAVEAT = "（按您说的数估算，实际以仲裁委、法院认定的为准。）"
# The case registration that fits a topic's dispute when the topic has no form of its own.
CASE_FOR = {"labour_contract": "legal_aid", "social_insurance": "legal_aid"}


def worker_messages(tracker: Tracker) -> list[str]:
    """What the worker typed in this conversation, oldest first (button payloads carry no facts)."""
    return [e.get("text") or "" for e in tracker.events or []
            if e.get("event") == "user" and not (e.get("text") or "").startswith("/")]


def _said_text(tracker: Tracker) -> str:
    """Everything the bot has said in this conversation (its window)."""
    return "\n".join(e.get("text") or "" for e in tracker.events or [] if e.get("event") == "bot")


def bot_said(tracker: Tracker, words: str) -> bool:
    """Whether an earlier reply of this conversation already said ``words``."""
    return words in _said_text(tracker)


def asked_fields(tracker: Tracker) -> frozenset[str]:
    """The facts the bot has already asked for in this conversation: never asked twice."""
    said = _said_text(tracker)
    return frozenset(field for field, question in applied.questions() if question in said)


def _answers(tracker: Tracker) -> profiles.Profile:
    """What the worker's short replies to the rules' questions told ("公司派的" after "是家政公司招的
    还是雇主家里直接请的？"), over the whole conversation, oldest first."""
    questions = {question: field for field, question in applied.questions()}
    told, asked = profiles.Profile(), None
    for e in tracker.events or []:
        if e.get("event") == "bot":
            last = (e.get("text") or "").rstrip().splitlines()[-1:] or [""]
            asked = questions.get(last[0])
        elif e.get("event") == "user" and asked is not None:
            told = told.merge(profiles.read_answer(asked, e.get("text") or ""))
            asked = None
    return told


def told_profile(tracker: Tracker) -> profiles.Profile:
    """Everything the worker has told in this conversation, with their short replies to the
    rules' questions. Read once per turn: the answer's steps (the rules, where to go, which entry
    is written for this worker) all ask for it, and the tracker keeps it until its events change."""
    key = (len(tracker.events or []), clock.today())
    kept = tracker.__dict__.get("_union_told")
    if kept is not None and kept[0] == key:
        return kept[1]
    told = profiles.read(worker_messages(tracker), key[1]).merge(_answers(tracker))
    tracker.__dict__["_union_told"] = (key, told)
    return told


def situation(tracker: Tracker, text: str) -> applied.Applied:
    """What the rules say for this worker, with the latest message ``text``; a short reply to a
    question the bot asked ("公司派的", "还在读") is read as its answer."""
    today = clock.today()
    messages = worker_messages(tracker)
    told = told_profile(tracker)
    # what the worker asks about is read from their recent messages: "我参加工作8年 在这干了3年",
    # the answer to a question on sick leave, is still about sick leave
    about = " ".join(messages[-RECENT:] if text in messages[-RECENT:] else [*messages[-RECENT + 1:], text])
    return applied.apply(told, about, today, asked=asked_fields(tracker), said=_said_text(tracker), latest=text)


def general_caveat_due(tracker: Tracker) -> bool:
    """The general-information caveat: once per conversation."""
    return not bot_said(tracker, answers.DISCLAIMER)


def _case_button(topic: str | None) -> list[dict]:
    return answers.next_step_buttons_for_topic(CASE_FOR.get(topic or "", topic))


def compose(found: applied.Applied, entry_text: str | None = None, entry_basis: tuple[str, ...] = (),
            calculation: str | None = None, claim=None) -> str:
    """The lead finding: what it means for the worker first, its figure; what the law says of a
    ``claim`` the message reports ("老板说小时工不算工伤"); then what to do, or, when
    the worker asked a question a curated answer fits (``entry_text``) or a calculation holds
    (``calculation``), that answer; the basis once; the caveat with a conclusion; the one question."""
    lead = found.findings[0]
    parts = [lead.conclusion] + list(lead.figure)
    if claim is not None:
        parts.append(CLAIM_LEAD + claim.reply)
    if calculation and lead.figure and any(line in calculation for line in lead.figure):
        calculation = None  # the finding's figure is that calculation: said once
    if calculation:
        parts.append(calculation)
    elif entry_text:
        parts.append(entry_text)
    elif lead.steps:
        parts.append("接下来可以这样做：")
        parts += [f"{n}. {step}" for n, step in enumerate(lead.steps, 1)]
    notes = [f.conclusion for f in found.findings[1:] if f.kind == "note"]
    parts += ["另外：" + note for note in notes]
    basis = list(dict.fromkeys([b for f in found.findings for b in f.basis] + list(entry_basis)
                               + list(claim.basis if claim is not None else ())))
    if basis:
        parts.append("依据：" + "；".join(basis))
    if lead.kind == "verdict":
        parts.append(CONCLUSION_CAVEAT)
    if found.ask is not None:
        parts.append(found.ask.question)
    return "\n".join(parts)


# "那我现在咋办", "下一步呢", "能赔多少": the worker asks what to do about what they told before.
_WHAT_NOW = re.compile(r"咋办|怎么办|咋整|怎么整|怎么弄|咋弄|怎么做|咋做|该咋|该怎|下一步|然后呢|接下来|去哪|找谁|能要|要多少|赔多少|给多少"
                       r"|能拿多少|拿多少|多少钱|能赔|怎么要|咋要|去哪告|告哪|怎么告|(?:能|可以)?休(?:多少天|几天|多久)|总共[^，,。]{0,6}(?:多少|几)")


_WHAT_TO_DO = re.compile(r"咋办|怎么办|咋整|怎么整|怎么弄|咋弄|怎么做|咋做|该咋|该怎|下一步|然后呢|接下来")


# What a question's words ask for, in the words an answer uses for it: "那这十几天的钱哪个出" asks
# who pays, which the sentence on the allowance ("由生育保险基金支付") answers.
_ASKED_IN_ANSWER_WORDS = (
    (re.compile(r"钱|谁出|哪个出|谁给|谁付|谁掏|哪个给|谁管|谁报|报销|工资咋|工资怎么"), "支付 工资 津贴 费用 承担 负担 报销"),
    (re.compile(r"多久|几天|多长|多少天|几个月|到啥时候|到什么时候"), "天 个月 期限 以内"),
    (re.compile(r"去哪|找谁|找哪|哪个部门|什么部门|哪里"), "仲裁 投诉 人社 部门 工会 法院"),
    (re.compile(r"材料|带什么|带啥|准备什么|准备啥|证据"), "材料 证明 证据 病历 合同"),
)


def nearest_index(pieces: tuple[str, ...] | list[str], text: str) -> int:
    """The piece (a step, a sentence) sharing the most two-character words with the message (with
    the answer's words for what it asks, ``_ASKED_IN_ANSWER_WORDS``); the first one on a tie."""
    text = " ".join([text] + [words for asks, words in _ASKED_IN_ANSWER_WORDS if asks.search(text)])
    grams = {text[i:i + 2] for i in range(len(text) - 1)}
    return max(range(len(pieces)), key=lambda n: sum(pieces[n][i:i + 2] in grams for i in range(len(pieces[n]) - 1)))


def _nearest(steps: tuple[str, ...] | list[str], text: str) -> list[str]:
    """The step nearest to the message (``nearest_index``) and the step after it: the road goes on
    from there ("先申请仲裁" → "不受理再去法院")."""
    best = nearest_index(steps, text)
    return list(steps[best:best + 2])


# Questions without a question mark or the usual question words: "过了多久就不能仲裁了",
# "有没有补偿", "能去仲裁不".
_ASKS = re.compile(r"多久|多长时间|啥(?![都也])|几时|是否|能否|有没有|要不要|算不算|行不行|对不对"
                   r"|(?<![我也都就还并])不[。!！?？]?$|呢[。!！]?$")  # "能让他家出不", "给不给", "要得回来不"


def is_question(text: str) -> bool:
    """Whether the message asks something (``looks_like_question`` and the wordings it misses)."""
    return looks_like_question(text) or bool(_ASKS.search(standard(text)))


def asks_about_it(text: str) -> bool:
    """Whether a message asks about the situation already told (what to do, how much); a new
    question ("产假多少天") is not: it gets its own answer."""
    return bool(_WHAT_NOW.search(standard(text)))  # "咁我總共可以休幾多日" in its standard form


def tells_facts(text: str) -> bool:
    """Whether the message states something about the worker's situation (a city named alone,
    "明天去广州", is not one), also when a relative writes it for them ("我妈在…当保姆")."""
    return bool(set(profiles.read([text], clock.today()).known()) - {"city"})


FULL, UPDATE, FOLLOW_UP = "full", "update", "follow_up"
FOLLOW_UP_MAX_CHARS = 24  # a longer message that tells facts is a new matter, not "what now"


def plan(found: applied.Applied, tracker: Tracker, text: str) -> str | None:
    """How this turn answers from the rules:
    - FULL: a conclusion, caution or question not said yet in this conversation: it leads;
    - UPDATE: said already, and this message adds what changes the figure or the question: only that;
    - FOLLOW_UP: said already, and the worker asks what to do or how much, or the usual answers
      would mislead them (a nanny hired by a family, a pensioner re-hired) and the message is more
      of the same matter: the conclusion with the step nearest to it;
    - None: the curated answers answer (with the notes and the open question added)."""
    if not found.findings or found.findings[0].kind not in ("verdict", "caution", "gate"):
        return None
    lead, said = found.findings[0], _said_text(tracker)
    if not applied.said_before(lead.conclusion, said):
        return FULL
    new_figure = [line for line in lead.figure if line not in said]
    if tells_facts(text) and (new_figure or (found.ask is not None and found.ask.question not in said)):
        return UPDATE
    short_or_plain = len(text) <= FOLLOW_UP_MAX_CHARS or not tells_facts(text)  # not a new matter told
    # for a worker the usual answers would mislead (a student intern, a family's nanny, a pensioner),
    # more of the same matter ("厂里说让学校买的保险赔") stays with what applies to them
    more_of_it = is_question(text) or tells_facts(text) or bool(applied.concerns(text)) or referrals.about_work(text)
    # for a worker outside labour law, a short question stays with what applies to them (faq.py then
    # takes an entry only when it is written for workers like them)
    misled = lead.replaces_answer or outside_labour_law(tracker)
    if lead.kind != "gate" and short_or_plain and (asks_about_it(text) or (misled and more_of_it)):
        return FOLLOW_UP
    if lead.kind != "gate" and more_of_it and not is_question(text):
        # more of the same matter told after the conclusion ("HR又发通知 待岗只发最低工资的80%"): the
        # conclusion holds for them, said briefly, not a neighbouring entry's general rule
        return FOLLOW_UP
    if lead.kind != "gate" and applied.speaks_to(lead, text):
        # a question the rule was written for, asked with more of the story ("我在这已经干了三年了 …
        # 这些年少拿的差额能要回来吗"): its answer, not a neighbouring entry
        return FOLLOW_UP
    return None


def without_said_figure(found: applied.Applied, tracker: Tracker) -> applied.Applied:
    """The findings with the lead's figure lines this conversation has shown already left out (the
    retirement month worked out before, under the rule on contribution years asked about now)."""
    said = _said_text(tracker)
    lead = found.findings[0]
    figure = tuple(line for line in lead.figure if line not in said)
    if figure == lead.figure:
        return found
    return replace(found, findings=(replace(lead, figure=figure), *found.findings[1:]))


def reply(dispatcher: CollectingDispatcher, found: applied.Applied, topic: str | None,
          related: list[dict] | None = None, entry=None, question: str | None = None,
          calculation: str | None = None, claim=None) -> List[Dict[Text, Any]]:
    """Sends the applied answer, with the case registration that fits and ``related`` entries;
    with the curated ``entry`` the question fits (unless the usual answer would mislead this worker)
    or a ``calculation`` its words hold, in place of the general steps; with what the law says of
    an employer's ``claim`` the message reports."""
    lead = found.findings[0]
    events = [SlotSet("topic", topic or lead.case_topic)]
    entry_text, entry_basis = None, ()
    if entry is not None and (not lead.replaces_answer or lead.kind == "gate"):  # a gate explains both roads
        entry_text = answers.opening_for(entry.answer.strip(), question)
        entry_basis = tuple(answers.cite(b) for b in entry.legal_basis if b.get("law"))
        events.append(SlotSet("last_faq", entry.slug))
    buttons = _case_button(lead.case_topic or topic) + (related or []) + [answers.LEAVE_MESSAGE_BUTTON]
    dispatcher.utter_message(text=compose(found, entry_text, entry_basis, calculation, claim), buttons=buttons)
    return events


def update(dispatcher: CollectingDispatcher, found: applied.Applied, tracker: Tracker,
           topic: str | None) -> List[Dict[Text, Any]]:
    """What the worker's new facts add to the conclusion already given: the figure, the question
    still open; not the conclusion, its steps and basis again."""
    lead, said = found.findings[0], _said_text(tracker)
    parts = ["按您补充的情况："] + [line for line in lead.figure if line not in said]
    if lead.figure:
        parts.append(FIGURE_CAVEAT)
    if lead.steps:
        parts.append("怎么做还是前面说的几步，最要紧的是：" + lead.steps[0])
    if found.ask is not None:
        parts.append(found.ask.question)
    dispatcher.utter_message(text="\n".join(parts), buttons=_case_button(lead.case_topic or topic)
                             + [answers.LEAVE_MESSAGE_BUTTON])
    return [SlotSet("topic", topic or lead.case_topic)]


def follow_up(dispatcher: CollectingDispatcher, found: applied.Applied, tracker: Tracker,
              topic: str | None) -> List[Dict[Text, Any]]:
    """"那我现在咋办" after the conclusion was given: what to do (and a figure not yet given, the
    question still open), without repeating the conclusion and its basis."""
    lead, said = found.findings[0], _said_text(tracker)
    text = tracker.latest_message.get("text") or ""
    figure = [line for line in lead.figure if line not in said]
    if not figure and lead.figure and "amount" in applied.concerns(text):
        # "能要多少" once the figure was given: the figure again, not the steps around it
        figure = list(lead.figure) + [FIGURE_CAVEAT]
    told_more = not is_question(text) and not asks_about_it(text)
    parts = ["按您补充的情况，前面的判断不变：" if told_more else "按您前面说的情况："] + figure
    if told_more:
        parts.append(lead.conclusion)  # what they added does not change it: said so, in its words
    if lead.steps and (_WHAT_TO_DO.search(text) or not all(step in said for step in lead.steps)):
        parts.append("接下来可以这样做：")
        parts += [f"{n}. {step}" for n, step in enumerate(lead.steps, 1)]
    else:
        # another question ("能去仲裁告她吗") once the steps were given: the conclusion answers it,
        # with the step nearest to what was asked, rather than the same list again
        if not told_more:
            parts.append(lead.conclusion)
        if lead.steps:
            parts.append("前面说的几步里，跟您问的最相关的是：" + "；然后".join(_nearest(lead.steps, text)))
    if found.ask is not None and found.ask.question not in said:
        parts.append(found.ask.question)
    parts.append(f"想让工作人员帮您看具体材料，可以点下面留言或找人工；着急请拨打{facts.HOTLINE_NAME}。")
    dispatcher.utter_message(text="\n".join(parts),
                             buttons=_case_button(lead.case_topic or topic) + [answers.LEAVE_MESSAGE_BUTTON, answers.HUMAN_BUTTON])
    return [SlotSet("topic", topic or lead.case_topic)]


def answer(dispatcher: CollectingDispatcher, found: applied.Applied, tracker: Tracker, text: str,
           topic: str | None, related: list[dict] | None = None, **fitting) -> List[Dict[Text, Any]] | None:
    """The rules' answer for this turn (see ``plan``), or None when the curated answers answer;
    ``fitting``: the entry or calculation that answers the question asked (``reply``)."""
    how = plan(found, tracker, text)
    if how == FULL:
        return reply(dispatcher, without_said_figure(found, tracker), topic, related, **fitting,
                     claim=reported_claim(tracker, text))
    if how == UPDATE:
        return update(dispatcher, found, tracker, topic)
    if how == FOLLOW_UP:
        return follow_up(dispatcher, found, tracker, topic)
    return None


def with_notes(text: str, found: applied.Applied, tracker: Tracker | None = None) -> str:
    """A curated answer that fits, with what applies to this worker added (notes not said yet in
    the conversation) and the one question that would let the bot say more."""
    said = _said_text(tracker) if tracker is not None else ""
    notes = [f.conclusion for f in found.findings if f.kind == "note" and f.conclusion not in said]
    extra = ["另外，按您说的情况：" + n for n in notes]
    if found.ask is not None:
        extra.append(found.ask.question)
    return "\n".join([text] + extra) if extra else text


CLAIM_LEAD = "关于对方这个说法："
_REPORTS = re.compile(r"说|讲|称|告诉|通知|威胁|表示|回复|回我|话|声称|发(?:了|来)?(?:个|一个)?(?:通知|消息|微信)")


def reported_claim(tracker: Tracker, text: str):
    """An employer's claim the message reports ("老板说小时工不算工伤") and the conversation has not
    answered yet, or None."""
    if not text or text.startswith("/") or not _REPORTS.search(standard(text)):
        return None
    claim = claims.found_in(text, told_profile(tracker))
    return None if claim is None or bot_said(tracker, claim.reply) else claim


def rebut(dispatcher: CollectingDispatcher, tracker: Tracker, text: str,
          topic: str | None) -> List[Dict[Text, Any]] | None:
    """"HR说不签就按自动离职处理", "老板说超过60岁不算工伤" once the situation was told: what the
    law says about that claim (data/applied/claims.yml), what to do, the basis, and the question the
    rules still have; None for a first message (the rules and answers read it whole), a message
    that reports no such claim, one whose answer was given already, or when the rules have a
    conclusion for this worker not said yet (theirs is the more particular answer)."""
    if not text or text.startswith("/") or len(worker_messages(tracker)) < 2:
        return None
    told = told_profile(tracker)
    claim = claims.found_in(text, told)
    if claim is None or bot_said(tracker, claim.reply):
        return None
    found = situation(tracker, text)
    if plan(found, tracker, text) == FULL:  # a conclusion for this worker not said yet: it leads
        return None
    # "HR说…" reports a claim; "扣掉的产检工资能要回来吗" asks what the same words answer
    lead = CLAIM_LEAD if _REPORTS.search(standard(text)) else ""
    parts = [lead + claim.reply, "接下来可以这样做："]
    parts += [f"{n}. {step}" for n, step in enumerate(claim.steps, 1)]
    parts += ["依据：" + "；".join(claim.basis), CONCLUSION_CAVEAT]
    if found.ask is not None and found.ask.question not in _said_text(tracker):
        parts.append(found.ask.question)
    case_topic = claim.case_topic or topic
    dispatcher.utter_message(text="\n".join(parts),
                             buttons=_case_button(case_topic) + [answers.LEAVE_MESSAGE_BUTTON, answers.HUMAN_BUTTON])
    return [SlotSet("topic", topic or case_topic)]


WHERE_MAX_CHARS = 30  # a longer message tells more of the matter: the rules and the answers read it


def where_to_go(dispatcher: CollectingDispatcher, tracker: Tracker, text: str,
                topic: str | None) -> List[Dict[Text, Any]] | None:
    """"去哪告", "能去仲裁不" once the situation was told: where THIS worker takes it
    (``bot/knowledge/routes.py``): the office, the deadline, what to bring, the basis. None for a
    first message (the answers answer it) or one that asks nothing of the kind."""
    if not text or text.startswith("/") or len(text) > WHERE_MAX_CHARS or not routes.asks_where(text):
        return None
    told = told_profile(tracker)
    earlier = worker_messages(tracker)[:-1]
    if not earlier or not any(tells_facts(m) for m in earlier):  # no situation told before this message
        return None
    route = routes.route_for(told, topic, clock.today())
    dispatcher.utter_message(text="按您前面说的情况：\n" + route.text(),
                             buttons=_case_button(topic) + [answers.LEAVE_MESSAGE_BUTTON, answers.HUMAN_BUTTON])
    return [SlotSet("topic", topic)] if topic else []


# The words of an entry written for a group of workers: a follow-up such an entry fits ("平台订单页面显示
# 我有职业伤害保障" from a rider) gets it, not the conclusion already given again.
GROUP_WORDS = {
    "platform": re.compile(r"骑手|外卖|网约车|平台|快递|跑腿"),
    "intern": re.compile(r"实习"), "intern_unclear": re.compile(r"实习"),
    "retired_rehire": re.compile(r"退休|养老金|返聘|超龄"),
    "household": re.compile(r"保姆|家政|雇主|育儿嫂|月嫂"), "domestic_unclear": re.compile(r"保姆|家政|雇主|育儿嫂|月嫂"),
    "household_agency": re.compile(r"家政"),
    "dispatched": re.compile(r"派遣"), "part_time": re.compile(r"非全日制|小时工"),
}
CHILDBEARING_WORDS = re.compile(r"怀孕|孕期|产假|哺乳|生育|产检|流产")
DEATH_WORDS = re.compile(r"工亡|死亡|去世|家属|抚恤|丧葬")


# An entry asked by a group the worker is not in, as its question says (the pregnancy entry for a
# contract ending, given to a 58-year-old man): the worker's words and profile never name the group.
# ALWAYS: passed over whenever the worker's words never name the group (a pregnancy; an agency: the
# dispatched workers' entries answer social insurance or pay in their own terms); ONCE_TOLD: only
# once the worker told another kind of work.
ALWAYS, ONCE_TOLD = "always", "once_told"
FOR_GROUP = (
    (re.compile(r"怀孕|孕期|产假|哺乳|产期|流产|生育|产检"),
     re.compile(r"孕|产假|产检|产期|生产了|流产|小产|早产|顺产|剖腹产|产后|产前|哺乳|生育|生孩子|生小孩|生娃|生了|月子|喂奶|母乳|宝宝|怀"),
     ALWAYS),
    (re.compile(r"实习"), re.compile(r"实习|学生|学校|在读|在校|毕业"), ONCE_TOLD),
    (re.compile(r"保姆|家政|育儿嫂|月嫂"), re.compile(r"保姆|家政|育儿嫂|月嫂|钟点工|雇主|东家|主家|护工|陪护|照顾"), ONCE_TOLD),
    (re.compile(r"骑手|外卖|网约车|跑腿|主播"), re.compile(r"骑手|外卖|网约车|平台|跑腿|主播|直播|滴滴|众包|接单|派单|app|App|APP"),
     ONCE_TOLD),
    (re.compile(r"派遣"), re.compile(r"派遣|劳务公司|外包|人力公司|人力资源公司"), ALWAYS),
)


def written_for_others(entry, tracker: Tracker, query: str) -> bool:
    """Whether a curated entry's question is about a group the worker is not in (``FOR_GROUP``):
    pregnant and nursing women or dispatched workers when nothing the worker said names them;
    interns, nannies or riders when the worker told another kind of work and never named it."""
    if written_for(entry, tracker):
        return False
    said = standard("\n".join([query, *(e.get("text") or "" for e in tracker.events if e.get("event") == "user")]))
    told_other = told_profile(tracker).relationship is not None
    return any(group.search(entry.question) and not words.search(said) and (when == ALWAYS or told_other)
               for group, words, when in FOR_GROUP)


# Workers the usual labour-law answers would mislead (data/applied/rules.yml: not_employed).
NOT_EMPLOYED = {"household", "domestic_unclear", "intern", "intern_unclear", "retired_rehire", "platform"}


def outside_labour_law(tracker: Tracker) -> bool:
    """Whether what the worker told puts them outside (or possibly outside) labour law: hired by a
    family, a student intern, a pensioner re-hired, a platform worker."""
    told = told_profile(tracker)
    return told.relationship in NOT_EMPLOYED or bool(told.pension) or bool(told.student)


def written_for(entry, tracker: Tracker) -> bool:
    """Whether a curated entry speaks to the group this worker belongs to (their relationship, a
    pregnancy, a death in the family)."""
    told = told_profile(tracker)
    text = f"{entry.question}\n{entry.answer}"
    if told.family_death and DEATH_WORDS.search(text):
        return True
    if told.pregnancy and CHILDBEARING_WORDS.search(text):
        return True
    words = GROUP_WORDS.get(told.relationship or "")
    return bool(words and words.search(text))
