// Conversation messages (ticket transcript and live handoff chat). Text is untrusted: textContent only.
import { h } from "../dom.js";
import { fmtShort, fmtDateTime, fmtPercent } from "../format.js";
import { intentLabel } from "../meta.js";

const ROLE_NAMES = { worker: "职工", bot: "机器人", officer: "工作人员", notice: "系统" };

export function messageNode(m) {
  const role = ROLE_NAMES[m.role] ? m.role : "notice";
  const time = m.ts ? h("time", { class: "msg-time", title: fmtDateTime(m.ts, { seconds: true }) }, fmtShort(m.ts)) : null;
  const attrs = { class: `msg msg-${role}`, "data-testid": "msg", "data-role": role };
  if (m.index !== undefined && m.index !== null) attrs["data-index"] = m.index;

  if (role === "notice") {
    return h("div", attrs, h("div", { class: "msg-notice-text" }, m.text || ""), time);
  }
  const who = role === "officer" ? (m.name ? `${m.name}（工作人员）` : "工作人员") : ROLE_NAMES[role];
  let nlu = null;
  if (role === "worker" && m.intent) {
    const conf = m.confidence !== undefined && m.confidence !== null ? ` · ${fmtPercent(m.confidence)}` : "";
    nlu = h("div", { class: "msg-nlu", title: "机器人对这句话的理解" }, `识别：${intentLabel(m.intent)}${conf}`);
  }
  return h("div", attrs,
    h("div", { class: "msg-who" }, who),
    h("div", { class: "msg-bubble" }, h("div", { class: "msg-text" }, m.text || "")),
    h("div", { class: "msg-meta" }, time, nlu));
}

export function transcriptNodes(messages) {
  return (messages || []).map(messageNode);
}
