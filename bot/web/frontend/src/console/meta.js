// Labels the API does not send everywhere, with what the queue endpoint returned cached over them.
import { api } from "./api.js";

export const TOPICS = [
  { name: "join_union", label: "入会" },
  { name: "wage_arrears", label: "欠薪" },
  { name: "legal_aid", label: "法律援助" },
  { name: "training", label: "技能培训" },
  { name: "work_injury", label: "工伤" },
  { name: "labour_contract", label: "劳动合同" },
  { name: "social_insurance", label: "社保" },
  { name: "hardship_aid", label: "困难帮扶" },
  { name: "general", label: "其他" },
];

export const PRIORITIES = [
  { name: "urgent", label: "紧急" },
  { name: "high", label: "高" },
  { name: "normal", label: "普通" },
  { name: "low", label: "低" },
];

export const STATUSES = [
  { name: "new", label: "新工单" },
  { name: "in_progress", label: "处理中" },
  { name: "waiting_worker", label: "等待职工回复" },
  { name: "resolved", label: "已解决" },
  { name: "closed", label: "已关闭" },
];

export const QUEUES = [
  { name: "hotline", label: "热线" },
  { name: "legal_aid", label: "法律援助" },
  { name: "hardship", label: "困难帮扶" },
];

const INTENT_LABELS = {
  request_human: "转人工", check_ticket_status: "查询工单", greet: "问候", goodbye: "告别",
  thanks: "感谢", affirm: "肯定", deny: "否定", bot_challenge: "问是否机器人", out_of_scope: "超出范围",
  nlu_fallback: "未识别", leave_message: "留言", inform: "提供信息", stop: "不办了", open_case: "登记案件",
  start_calculator: "计算器", find_course: "找培训课程", enrol_course: "报名课程", urgent: "紧急情况",
};

export const meta = {
  topics: TOPICS.slice(),
  statuses: STATUSES.slice(),
  priorities: PRIORITIES.slice(),
  intents: [],
};

/** Keeps the newest lists the server sent (queue response, review response). */
export function remember({ topics, statuses, priorities, intents } = {}) {
  if (Array.isArray(topics) && topics.length) {
    const have = new Set(topics.map((t) => t.name));
    meta.topics = topics.concat(TOPICS.filter((t) => !have.has(t.name) && t.name === "general"));
  }
  if (Array.isArray(statuses) && statuses.length) meta.statuses = statuses;
  if (Array.isArray(priorities) && priorities.length) meta.priorities = priorities;
  if (Array.isArray(intents) && intents.length) meta.intents = intents;
}

let staffCache = null;
let staffAt = 0;
/** Active accounts for assignment; cached for a minute. */
export async function loadStaff(force = false) {
  if (!force && staffCache && Date.now() - staffAt < 60000) return staffCache;
  staffCache = await api.get("/api/staff");
  staffAt = Date.now();
  return staffCache;
}

export function topicLabel(name) {
  const t = meta.topics.find((x) => x.name === name) || TOPICS.find((x) => x.name === name);
  return t ? t.label : name || "—";
}

export function intentLabel(name) {
  if (!name) return "";
  const t = meta.intents.find((x) => x.name === name) || meta.topics.find((x) => x.name === name)
    || TOPICS.find((x) => x.name === name);
  return t ? t.label : INTENT_LABELS[name] || "其他";
}

export function priorityLabel(name) {
  const p = meta.priorities.find((x) => x.name === name) || PRIORITIES.find((x) => x.name === name);
  return p ? p.label : name || "—";
}

export function queueLabel(name) {
  const q = QUEUES.find((x) => x.name === name);
  return q ? q.label : name || "—";
}

export const CHANNEL_LABELS = { bot: "在线机器人", widget: "网页咨询", hotline: "电话热线" };
export function channelLabel(name) {
  return CHANNEL_LABELS[name] || name || "—";
}

export function isUrgent(item) {
  return !!item && (item.priority === "urgent" || item.case_type === "urgent");
}
