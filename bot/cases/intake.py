"""The intake forms' content and case logic: wage arrears, legal aid, joining, work injury, hardship aid.

Each form is a ``FormSpec`` (fields, when they apply, how answers are read and shown back).
The case logic turns the confirmed answers into a record: the wage-arrears priority and its
reasons, the legal-aid eligibility pre-check and the documents to bring, the work-injury
deadlines, and the next steps after a membership application.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any, Iterable, Mapping

import yaml

from bot.config import DATA_DIR
from bot.cases import forms as f
from bot.cases import parsing
from bot.cases.forms import Field, FormSpec
from bot.common import clock

# --- 欠薪 -------------------------------------------------------------------------------------

WAGE_ARREARS = FormSpec(
    name="wage_arrears_form",
    title="欠薪登记",
    confirm_slot="wa_confirm",
    consent_slot=f.CONSENT_SLOT,
    fields=(
        Field("wa_employer", "欠薪单位", f.read_employer, aliases=("单位", "公司", "厂", "老板", "包工头"), free_text=True, fact="employer"),
        Field("wa_city", "所在地", f.read_place, aliases=("城市", "地址", "地方", "地点", "哪个区"), free_text=True, fact="city"),
        Field("wa_amount", "欠薪金额", f.read_amount, f.show_amount, aliases=("金额", "多少钱", "欠款", "钱数"), inline=True, fact="amount"),
        Field("wa_since", "欠了多久", f.read_since, f.show_since, aliases=("时间", "多久", "几个月", "月份"), inline=True, fact="since"),
        Field("wa_workers", "被欠薪人数", f.read_count, f.show_count, aliases=("人数", "几个人", "多少人"), inline=True, fact="workers"),
        Field("wa_employed", "现在是否还在职", f.read_employment, lambda v: f.EMPLOYMENT.get(v, f.DECLINE),
              aliases=("在职", "离职", "还在干"), fact="employment"),
        Field("wa_evidence", "手上的材料", f.read_evidence, f.show_evidence, aliases=("材料", "证据"), fact="evidence"),
        Field("wa_phone", "联系电话", f.read_phone, aliases=("电话", "手机", "号码"), inline=True, fact="phone", personal=True),
        Field("wa_name", "称呼", f.read_optional_name, f.show_name, aliases=("名字", "姓名"), personal=True),
    ),
)


@dataclass(frozen=True)
class Priority:
    level: str  # low | normal | high | urgent
    score: int
    reasons: tuple[str, ...]


@lru_cache(maxsize=1)
def priority_rules() -> dict:
    return yaml.safe_load((DATA_DIR / "intake" / "priority.yml").read_text(encoding="utf-8"))


def wage_arrears_priority(values: Mapping[str, Any], worker_texts: Iterable[str] = ()) -> Priority:
    """Scores the case; every point comes with its reason, written on the ticket for staff."""
    rules = priority_rules()
    reasons: list[str] = []
    score = 0

    def add(points: int, reason: str) -> None:
        nonlocal score
        score += points
        reasons.append(f"{reason}（+{points}）")

    workers = (values.get("wa_workers") or {}).get("n") or 0
    if workers >= 30:
        add(3, f"涉及{workers}人以上，群体性风险")
    elif workers >= 10:
        add(2, f"涉及{workers}人以上")
    elif workers >= 3:
        add(1, f"涉及{workers}人")

    months = float((values.get("wa_since") or {}).get("months") or 0)
    if months >= 6:
        add(2, "拖欠半年以上")
    elif months >= 3:
        add(1, "拖欠3个月以上")

    amount = values.get("wa_amount")
    if amount:
        ref = Decimal(str(rules["reference_monthly_wage"]))
        ratio = Decimal(amount["yuan"]) / ref
        if ratio >= 6:
            add(2, f"金额约为{rules['reference_label']}的{ratio:.0f}倍")
        elif ratio >= 3:
            add(1, f"金额约为{rules['reference_label']}的{ratio:.0f}倍")

    if values.get("wa_employed") == "left":
        add(1, "已离开单位，追讨更难")

    text = " ".join(worker_texts)
    for signal in rules["hardship_signals"]:
        if any(word in text for word in signal["words"]):
            add(int(signal["points"]), signal["reason"])

    if values.get("wa_evidence") == []:
        reasons.append("暂无书面证据，需要工作人员指导取证（不加分）")

    level = "high" if score >= rules["high_from"] else "normal" if score >= rules["normal_from"] else "low"
    return Priority(level, score, tuple(reasons) or ("无加急因素",))


# --- 法律援助 -----------------------------------------------------------------------------------

DISPUTES = {
    "wage": ("欠薪", "工资", "加班费", "拖欠", "讨薪"),
    "injury": ("工伤", "受伤", "职业病", "伤"),
    "dismissal": ("辞退", "开除", "解除", "赔偿", "补偿", "炒"),
    "social_insurance": ("社保", "养老", "医保", "失业", "保险"),
    "relationship": ("确认劳动关系", "劳动关系", "不承认我是", "不承认是员工", "不认我是"),
    "contract": ("合同", "试用期"),
    "other": ("其他", "别的", "其它"),
}
DISPUTE_LABELS = {
    "wage": "欠薪/工资", "injury": "工伤", "dismissal": "辞退赔偿", "social_insurance": "社保待遇",
    "relationship": "确认劳动关系", "contract": "劳动合同", "other": "其他",
}
STAGES = {
    "none": ("没有", "还没", "没开始", "都没", "没"),
    "arbitration": ("仲裁",),
    "lawsuit": ("起诉", "法院", "官司", "诉讼", "立案"),
}
STAGE_LABELS = {"none": "还没有申请仲裁或起诉", "arbitration": "已申请劳动仲裁", "lawsuit": "已起诉到法院"}


def _read_next_date(answer: f.Answer, values: Mapping[str, Any]) -> str:
    if answer.pressed("deny") or parsing.parse_unknown(f.plain_text(answer)):
        return "none"
    text = f.plain_text(answer)
    if parsing.parse_yes_no(text) is False:
        return "none"
    return f.read_date(past_only=False, what="日期")(answer, values)


def _show_next_date(value: Any) -> str:
    return "还没定/不清楚" if value == "none" else f.show_date(value)


LEGAL_AID = FormSpec(
    name="legal_aid_form",
    title="法律援助申请",
    confirm_slot="la_confirm",
    consent_slot=f.CONSENT_SLOT,
    fields=(
        Field("la_dispute", "纠纷类型", f.read_choice(DISPUTES, "请选一个纠纷类型：欠薪、工伤、辞退赔偿、社保、确认劳动关系、劳动合同，或者「其他」。"),
              lambda v: DISPUTE_LABELS.get(v, f.DECLINE), aliases=("类型", "纠纷")),
        Field("la_description", "情况简述", f.read_text(6, 800, "情况"), aliases=("情况", "经过", "简述"), free_text=True, personal=True),
        Field("la_employer", "用人单位", f.read_employer, aliases=("单位", "公司", "老板"), free_text=True, fact="employer"),
        Field("la_city", "所在地", f.read_place, aliases=("城市", "地址", "地方"), free_text=True, fact="city"),
        Field("la_stage", "仲裁/诉讼", f.read_choice(STAGES, "已经申请劳动仲裁或起诉了吗？请回答「还没有」「申请仲裁了」或「已经起诉了」。"),
              lambda v: STAGE_LABELS.get(v, f.DECLINE), aliases=("仲裁", "起诉", "诉讼")),
        Field("la_stage_date", "申请/立案日期", f.read_date(what="日期"), f.show_date,
              aliases=("立案日期", "申请日期"), when=lambda v: v.get("la_stage") in ("arbitration", "lawsuit"), inline=True),
        Field("la_next_date", "下次开庭日期", _read_next_date, _show_next_date,
              aliases=("开庭",), when=lambda v: v.get("la_stage") in ("arbitration", "lawsuit")),
        Field("la_member", "是否工会会员", f.read_yes_no("您是工会会员吗？"), lambda v: f.show_yes_no(v, "是", "不是"),
              aliases=("会员",)),
        Field("la_hardship", "家庭经济困难", f.read_yes_no("家里经济困难吗？", allow_unknown=True),
              lambda v: f.show_yes_no(v, "是", "不是"), aliases=("困难", "经济")),
        Field("la_migrant", "进城务工人员", f.read_yes_no("您是外出打工的进城务工人员（农民工）吗？"),
              lambda v: f.show_yes_no(v, "是", "不是"), aliases=("农民工", "务工"),
              when=lambda v: v.get("la_dispute") in ("wage", "injury")),
        Field("la_phone", "联系电话", f.read_phone, aliases=("电话", "手机", "号码"), inline=True, fact="phone", personal=True),
    ),
)


@dataclass(frozen=True)
class Eligibility:
    verdict: str  # likely | possible | unlikely
    explanation: tuple[str, ...]
    documents: tuple[str, ...]


def legal_aid_eligibility(values: Mapping[str, Any]) -> Eligibility:
    """A pre-check after 《法律援助法》 and the union's own legal aid; the legal-aid centre decides."""
    dispute = values.get("la_dispute")
    # 《法律援助法》第三十一条: (二) social insurance, (五) confirming an employment relationship or pay
    in_scope = dispute in ("wage", "injury", "social_insurance", "relationship")
    exempt = dispute in ("wage", "injury") and values.get("la_migrant") is True
    hardship = values.get("la_hardship")
    member = values.get("la_member") is True
    lines: list[str] = []
    if in_scope:
        lines.append(f"「{DISPUTE_LABELS[dispute]}」属于《法律援助法》第三十一条规定可以申请法律援助的事项。")
    else:
        lines.append("这类纠纷不在《法律援助法》第三十一条列明的事项里，各省可能有扩大的规定，要看当地。")
    if exempt:
        lines.append("您是讨薪或要工伤赔偿的进城务工人员，按第四十二条免予核查经济困难状况。")
    elif hardship is True:
        lines.append("您说家里经济困难：经济困难标准由各省规定（第三十四条），低保等救助对象按第四十二条免予核查。")
    elif hardship == f.UNKNOWN:
        lines.append("是否符合经济困难标准要看当地规定（第三十四条），法律援助机构会核查。")
    else:
        lines.append("经济不困难的，一般不符合国家法律援助条件（第三十四条）。")
    if member:
        lines.append("您是工会会员：职工因劳动权益受侵害申请仲裁或起诉的，工会应当给予支持和帮助（《工会法》第二十二条），工会法律援助一般优先帮助会员和困难职工。")

    if in_scope and (exempt or hardship is True):
        verdict = "likely"
    elif in_scope or member or hardship is True:
        verdict = "possible"
    else:
        verdict = "unlikely"

    docs = ["身份证", "能证明劳动关系的材料（劳动合同、工牌、考勤、工资条、聊天记录等）"]
    docs += {
        "wage": ["欠薪证据（工资条、欠条、结算单、转账记录）"],
        "injury": ["工伤认定书或受伤经过说明、病历和诊断证明、医疗费票据"],
        "dismissal": ["辞退通知、解除合同的聊天记录或录音"],
        "social_insurance": ["社保缴费记录（可在社保App或12333查）"],
        "relationship": ["能证明在那里干活的材料（工牌、考勤、转账记录、工作群聊天、工友证言）"],
        "contract": ["劳动合同或入职登记、招聘信息"],
    }.get(dispute, ["和纠纷有关的书面材料"])
    if values.get("la_stage") in ("arbitration", "lawsuit"):
        docs.append("仲裁或法院的受理通知书、开庭通知等材料")
    if not exempt:
        docs.append("经济困难情况说明（如实填写，也可以作个人诚信承诺）")
    if member:
        docs.append("工会会员证或会员卡（电子会员证也行）")
    return Eligibility(verdict, tuple(lines), tuple(docs))


VERDICT_TEXT = {
    "likely": "初步看，您很可能符合法律援助条件。",
    "possible": "初步看，您有可能得到法律援助，要看当地标准和审查结果。",
    "unlikely": "初步看，您不一定符合国家法律援助的条件，但工会仍可以免费为您提供法律咨询。",
}


# --- 入会 -------------------------------------------------------------------------------------

EMPLOYMENT_TYPES = {
    "platform": ("外卖", "骑手", "快递", "网约车", "滴滴", "美团", "饿了么", "货拉拉", "跑腿", "代驾", "平台", "主播", "闪送"),
    "flexible": ("零工", "灵活", "个体", "自己干", "没单位", "没有单位", "无单位", "自由职业", "打散工"),
    "employee": ("单位", "公司", "厂", "上班", "企业", "工地", "医院", "学校", "酒店", "店里", "员工"),
}
EMPLOYMENT_LABELS = {"employee": "在单位上班", "platform": "平台从业（骑手、司机等）", "flexible": "灵活就业/没有固定单位"}


JOIN_UNION = FormSpec(
    name="join_union_form",
    title="入会申请",
    confirm_slot="ju_confirm",
    consent_slot=f.CONSENT_SLOT,
    fields=(
        Field("ju_name", "姓名", f.read_required_name, aliases=("名字", "姓名"), personal=True),
        Field("ju_phone", "手机号", f.read_phone, aliases=("电话", "手机", "号码"), inline=True, fact="phone", personal=True),
        Field("ju_employment", "就业方式", f.read_choice(EMPLOYMENT_TYPES, "请选：在单位上班、平台从业（外卖/快递/网约车等），还是灵活就业没有固定单位？"),
              lambda v: EMPLOYMENT_LABELS.get(v, f.DECLINE), aliases=("就业", "工作方式"), fact="work_type"),
        Field("ju_employer", "单位或平台", f.read_employer, aliases=("单位", "公司", "平台"),
              when=lambda v: v.get("ju_employment") in ("employee", "platform"), free_text=True),
        Field("ju_industry", "行业/工种", f.read_text(2, 40, "行业或工种"), aliases=("行业", "工种"), free_text=True),
        Field("ju_city", "所在城市", f.read_place, aliases=("城市", "地址", "地方"), free_text=True, fact="city"),
    ),
)

MEMBERSHIP_NEXT_STEPS = (
    "接下来：1. 工会工作人员会打电话和您核实信息；2. 有工会的单位，由单位工会办理；单位没有工会或者您是平台、灵活就业的，"
    "由当地乡镇（街道）、行业或平台工会办理；3. 办好后发会员卡或电子会员证。\n"
    "会费：入会不收入会费；入会后每月交会费，一般是本人每月工资收入的0.5%（比如3000元交约15元），"
    "没有固定工资的，交纳办法以当地工会规定为准（依据：《中国工会章程》第四条）。"
)


# --- 工伤 -------------------------------------------------------------------------------------

WORK_INJURY = FormSpec(
    name="work_injury_form",
    title="工伤登记",
    confirm_slot="wi_confirm",
    consent_slot=f.CONSENT_SLOT,
    fields=(
        Field("wi_date", "受伤日期", f.read_date(what="受伤日期"), f.show_date, aliases=("日期", "哪天", "时间"), inline=True, fact="injury_date"),
        Field("wi_place", "受伤地点", f.read_text(2, 100, "受伤地点"), aliases=("地点", "地方", "在哪"), free_text=True),
        Field("wi_description", "经过和伤情", f.read_text(6, 800, "受伤经过"), aliases=("经过", "伤情", "情况"), free_text=True, personal=True),
        Field("wi_employer", "用人单位", f.read_employer, aliases=("单位", "公司", "老板"), free_text=True, fact="employer"),
        Field("wi_reported", "单位是否已申报工伤", f.read_yes_no("单位给您报工伤了吗？", allow_unknown=True),
              lambda v: f.show_yes_no(v, "已申报", "没申报"), aliases=("申报", "报了")),
        Field("wi_insured", "是否有工伤保险", f.read_yes_no("单位给您交了工伤保险吗？", allow_unknown=True),
              f.show_yes_no, aliases=("保险",)),
        Field("wi_phone", "联系电话", f.read_phone, aliases=("电话", "手机", "号码"), inline=True, fact="phone", personal=True),
    ),
)


@dataclass(frozen=True)
class InjuryDeadlines:
    employer_deadline: date
    worker_deadline: date
    lines: tuple[str, ...]
    high_priority: bool


def work_injury_deadlines(injured_on: date, reported: Any, today: date | None = None) -> InjuryDeadlines:
    """《工伤保险条例》第十七条: the employer applies within 30 days, the worker within 1 year."""
    today = today or clock.today()
    employer_deadline = injured_on + timedelta(days=30)
    try:
        worker_deadline = injured_on.replace(year=injured_on.year + 1)
    except ValueError:  # 29 February
        worker_deadline = injured_on.replace(year=injured_on.year + 1, day=28)
    d = lambda x: f"{x.year}年{x.month}月{x.day}日"  # noqa: E731
    lines = [f"按《工伤保险条例》第十七条，从受伤那天（{d(injured_on)}）算："]
    lines.append(f"· 单位应当在30天内、也就是{d(employer_deadline)}前，向社会保险行政部门（人社局）提出工伤认定申请；")
    lines.append(f"· 单位没申请的，您本人或家属在1年内、也就是{d(worker_deadline)}前，可以直接去人社局申请。")
    high = False
    if reported is not True:
        if today > worker_deadline:
            lines.append("⚠️ 已经超过1年的申请期限。请尽快联系工会，看有没有不计入期限的特殊情况。")
            high = True
        elif today > employer_deadline:
            left = (worker_deadline - today).days
            lines.append(f"⚠️ 单位的30天已经过了，请您自己去申请，离1年期限还剩{left}天，不要再等。")
            high = True
        else:
            lines.append("先催单位申报；到期单位还没报，您自己去申请。")
    return InjuryDeadlines(employer_deadline, worker_deadline, tuple(lines), high)


# --- 困难帮扶 -----------------------------------------------------------------------------------

HARDSHIP_CAUSES = {
    "illness": ("大病", "重病", "生病", "住院", "癌", "透析", "手术", "病"),
    "accident": ("车祸", "意外", "火灾", "着火", "事故", "灾", "房子塌"),  # before disability: 车祸…瘫了 is an accident
    "disability": ("残疾", "伤残", "瘫"),
    "job_loss": ("失业", "下岗", "没工作", "没了工作", "丢了工作", "被裁", "裁员", "厂子倒闭", "找不到活"),
    "schooling": ("上学", "学费", "读书", "考上", "大学", "念书"),
    "other": ("其他", "别的", "其它"),
}
HARDSHIP_CAUSE_LABELS = {"illness": "家人或本人患病", "disability": "残疾", "accident": "意外事故或灾害",
                         "job_loss": "失业或收入中断", "schooling": "子女上学负担", "other": "其他原因"}


def _read_household_income(answer: f.Answer, values: Mapping[str, Any]) -> dict:
    text = f.plain_text(answer)
    if re.search(r"没(有)?(收入|钱|进项)|零收入|一分(钱)?都没|^\s*0\s*(元|块)?\s*$", text):
        return {"yuan": "0", "approx": False}
    return f.read_amount(answer, values)


HARDSHIP = FormSpec(
    name="hardship_aid_form",
    title="困难帮扶申请",
    confirm_slot="hd_confirm",
    consent_slot=f.CONSENT_SLOT,
    fields=(
        Field("hd_cause", "困难原因", f.read_choice(HARDSHIP_CAUSES, "主要是什么原因让家里困难？比如：生病、残疾、意外事故、失业、孩子上学，或者「其他」。"),
              lambda v: HARDSHIP_CAUSE_LABELS.get(v, f.DECLINE), aliases=("原因",)),
        Field("hd_household", "家庭人口", f.read_count, f.show_count, aliases=("人口", "几口人", "家里几个人"), inline=True),
        Field("hd_income", "家庭每月总收入", _read_household_income, f.show_amount, aliases=("收入", "每月收入"), inline=True, personal=True),
        Field("hd_dibao", "是否已领低保", f.read_yes_no("家里已经在领低保（最低生活保障）了吗？", allow_unknown=True),
              lambda v: f.show_yes_no(v, "已在领", "没领"), aliases=("低保",)),
        Field("hd_member", "是否工会会员", f.read_yes_no("您是工会会员吗？", allow_unknown=True),
              lambda v: f.show_yes_no(v, "是", "不是"), aliases=("会员",)),
        Field("hd_city", "所在地", f.read_place, aliases=("城市", "地址", "地方"), free_text=True, fact="city"),
        Field("hd_phone", "联系电话", f.read_phone, aliases=("电话", "手机", "号码"), inline=True, fact="phone", personal=True),
        Field("hd_name", "称呼", f.read_optional_name, f.show_name, aliases=("名字", "姓名"), personal=True),
    ),
)


def hardship_programmes(values: Mapping[str, Any]) -> tuple[str, ...]:
    """Which help may fit, from what the worker told. The union's 帮扶中心 and local rules decide;
    the lines say so. National rules cited are 《社会救助暂行办法》 and 《就业促进法》."""
    cause = values.get("hd_cause")
    lines = ["可能适合您的帮扶（具体条件和标准由当地工会、民政部门定，以审核结果为准）："]
    lines.append("· 工会困难职工帮扶：工会核实后建立困难职工档案，按情况给予生活救助、医疗救助、助学、就业帮扶等；元旦春节前后还有「送温暖」走访慰问。")
    if cause == "illness":
        lines.append("· 医疗救助：工会对大病职工有医疗救助；先用足医保和大病保险，低保家庭、特困人员等还可以向民政部门申请医疗救助（《社会救助暂行办法》第二十八条）。")
    if cause == "schooling":
        lines.append("· 金秋助学：工会每年夏秋对困难职工（含农民工）家庭考上大学的子女给予助学，一般在7—9月申请，以当地通知为准。")
    if cause == "job_loss":
        lines.append("· 就业帮扶：就业困难人员可以得到职业介绍、培训、公益性岗位等帮助（《就业促进法》第五十二条）；交过失业保险的，可以申领失业保险金。")
    if cause in ("accident", "illness"):
        lines.append("· 临时救助：因意外事件、突发重大疾病等基本生活暂时出现严重困难的，可以向乡镇（街道）申请临时救助（《社会救助暂行办法》第四十七条、第四十八条）。")
    if values.get("hd_dibao") is not True:
        lines.append("· 最低生活保障（低保）：家庭人均收入低于当地低保标准、财产也符合规定的，可以向户籍所在地乡镇政府或街道办事处书面申请（《社会救助暂行办法》第九条、第十一条）。")
    if values.get("hd_member") is not True:
        lines.append("· 您还不是工会会员：部分帮扶优先会员，但农民工等非会员遇到困难也可以找当地工会；也可以顺便申请入会。")
    return tuple(lines)


SPECS: dict[str, FormSpec] = {s.name: s for s in (WAGE_ARREARS, LEGAL_AID, JOIN_UNION, WORK_INJURY, HARDSHIP)}
