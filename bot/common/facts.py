"""The shared facts every layer reads: the topics (a contract: intent names, FAQ topics, ticket
categories, console filters, analytics), their Chinese labels, what each intent is called for
staff, and the union's hotline."""
from __future__ import annotations

# The eight topic intents, in the order menus show them.
TOPICS = (
    "join_union", "wage_arrears", "legal_aid", "training",
    "work_injury", "labour_contract", "social_insurance", "hardship_aid",
)

# What each topic (and the dialogue intents a button may offer) is called for workers and staff.
TOPIC_LABELS = {
    "join_union": "加入工会",
    "wage_arrears": "欠薪讨薪",
    "legal_aid": "法律援助",
    "training": "技能培训",
    "work_injury": "工伤",
    "labour_contract": "劳动合同和辞退",
    "social_insurance": "社保",
    "hardship_aid": "困难帮扶",
    "request_human": "找工作人员",
    "check_ticket_status": "查询留言进度",
    "leave_message": "给工作人员留言",
}

# What every intent is called for staff (the console's analysis, the review queue).
INTENT_LABELS = {
    **TOPIC_LABELS, "request_human": "找人工", "check_ticket_status": "查进度", "greet": "打招呼",
    "goodbye": "再见", "thanks": "感谢", "affirm": "肯定", "deny": "否定", "bot_challenge": "问是不是机器人",
    "out_of_scope": "无关话题", "leave_message": "留言", "inform": "提供信息", "stop": "不办了",
    "urgent": "紧急情况", "nlu_fallback": "没听懂",
}

# A ticket's category: a topic, or general when none fits.
TICKET_CATEGORIES = (*TOPICS, "general")

# The trade union's worker-service hotline, as workers are told to call it.
HOTLINE = "12351"
HOTLINE_NAME = f"{HOTLINE}职工服务热线"
