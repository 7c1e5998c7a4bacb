"""How an FAQ answer is worded and which next steps are offered with it."""
from __future__ import annotations

import json
import re
from functools import lru_cache

import yaml

from bot.common.facts import HOTLINE
from bot.config import DATA_DIR
from bot.knowledge import laws
from bot.knowledge.faq import Faq, FaqIndex

CHANNEL_LABELS = {
    HOTLINE: f"{HOTLINE} 职工服务热线",
    "12333": "12333 人社服务热线",
    "12348": "12348 法律援助热线",
    "12350": "12350 安全生产举报热线",
    "110": "110 报警",
    "120": "120 急救",
}
DISCLAIMER = "以上是一般性法律信息，不代替律师对您具体案件的意见。"
LEAVE_MESSAGE_BUTTON = {"title": "给工作人员留言", "payload": "/leave_message"}
HUMAN_BUTTON = {"title": "找人工", "payload": "/request_human"}


def cite(basis: dict) -> str:
    """《劳动合同法》第十条: the short name the catalogue gives, else the name as written."""
    name = basis.get("law", "").strip()
    known = laws.catalogue().resolve(name) if name else None
    law = known.short if known else name.strip("《》")
    return f"《{law}》{basis.get('article', '').strip()}" if law else ""


# A yes/no question: 吗, 能不能, 是不是, 有没有, 合法不… Only such a question gets a bare "可以。"
_YES_NO = re.compile(r"吗|嘛|么[?？]?$|[能可会要算行有是对该]不[能可会要算行有是对该]?|没有|合不合法|合法不|不[?？]?$|呢[?？]?$|[吧]\s*[?？]?$")
_BARE_VERDICT = re.compile(r"^(?:可以|能|不能|不可以|要|不要|不用|会|不会|有|没有|是|不是|算|不算|行|不行|合法|不合法|违法)[。！]")


def opening_for(answer: str, question: str | None) -> str:
    """Drops a bare verdict ("可以。") before an answer to a question that did not ask yes or no:
    "加班费怎么算" is answered with the rule, not with "可以。"."""
    return without_verdict(answer) if question and not _YES_NO.search(question) else answer


def without_verdict(answer: str) -> str:
    """The answer without a bare verdict ("可以。") at its start."""
    m = _BARE_VERDICT.match(answer)
    return answer[m.end():].lstrip() if m else answer


def format_answer(faq: Faq, question: str | None = None, caveat: bool = True) -> str:
    """The answer, its legal basis and channels; ``caveat``: the general-information caveat, which
    a conversation hears once (actions/applied.general_caveat_due), not under every answer."""
    parts = [opening_for(faq.answer.strip(), question)]
    cites = [cite(b) for b in faq.legal_basis if b.get("law")]
    if cites:
        parts.append("依据：" + "；".join(cites))
    channels = [CHANNEL_LABELS.get(c, c) for c in faq.channels]
    if channels:
        parts.append("可以找：" + "，".join(channels))
    if cites and caveat:
        parts.append(DISCLAIMER)
    return "\n".join(parts)


def button_payload(intent: str, **entities: str) -> str:
    return f"/{intent}{json.dumps(entities, ensure_ascii=False)}" if entities else f"/{intent}"


def short(text: str, limit: int = 18) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@lru_cache(maxsize=1)
def _next_steps() -> dict:
    return yaml.safe_load((DATA_DIR / "intake" / "next_steps.yml").read_text(encoding="utf-8"))


def situation_slug(topic: str | None) -> str | None:
    """The first-step answer of a topic for a situation told in one message (next_steps.yml)."""
    return (_next_steps().get("situations") or {}).get(topic or "")


def next_step_buttons_for_topic(topic: str | None) -> list[dict]:
    """The case registration (or course search) a topic offers, as a button; none for a topic without."""
    found = _next_steps()["topics"].get(topic or "")
    return [dict(found)] if found else []


def next_step_buttons(faq: Faq) -> list[dict]:
    """The calculator for this answer, then the form for its topic (data/intake/next_steps.yml)."""
    steps = _next_steps()
    buttons = []
    calc = steps["calculators"].get(faq.slug)
    if calc:
        buttons.append({"title": steps["calculator_titles"][calc], "payload": button_payload("start_calculator", calc=calc)})
    return buttons + next_step_buttons_for_topic(faq.topic)


def related_buttons(faq: Faq, index: FaqIndex, limit: int = 2, also: Faq | None = None) -> list[dict]:
    """Next steps, then ``also`` (another entry the question may have meant), then related entries."""
    buttons = next_step_buttons(faq)
    if also is not None and also.slug != faq.slug:
        buttons.append({"title": "也许您问的是：" + short(also.question, 14),
                        "payload": button_payload(also.topic, faq_id=also.slug)})
        limit -= 1
    limit = max(1, limit - max(0, len(buttons) - 1))
    for slug in [s for s in faq.related if also is None or s != also.slug][:limit]:
        other = index.by_slug.get(slug)
        if other:
            buttons.append({"title": short(other.question), "payload": button_payload(other.topic, faq_id=other.slug)})
    return buttons + [LEAVE_MESSAGE_BUTTON]


def candidate_buttons(candidates, limit: int = 3) -> list[dict]:
    return [
        {"title": short(m.faq.question), "payload": button_payload(m.faq.topic, faq_id=m.faq.slug)}
        for m in candidates[:limit]
    ]
