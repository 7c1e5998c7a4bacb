// 工单详情: case, contact (masked; reveal is logged), transcript, assignment, workflow, notes.
import { h, options, field, replace, uid } from "../dom.js";
import { api, enc } from "../api.js";
import { fmtDateTime, fmtAge, fmtPercent } from "../format.js";
import { loadStaff, isUrgent, queueLabel, channelLabel } from "../meta.js";
import { can, me } from "../session.js";
import {
  badge, priorityBadge, slaBadge, statusBadge, loadingBlock, errorBlock, emptyBlock,
  toast, toastError, dialog, withBusy,
} from "../ui.js";
import { transcriptNodes } from "../components/transcript.js";
import { relatedList } from "../components/related.js";
import { cannedPicker, insertInto } from "../components/canned.js";
import { pollFailed, pollOk } from "../connection.js";
import { setTitle } from "../title.js";
import { transferBox } from "../regions.js";

const HANDOFF_STATUS = { waiting: "等待接入", live: "人工服务中", closed: "已结束", cancelled: "已取消" };

export async function ticketView(root, [reference], ctx) {
  setTitle(`工单 ${reference}`);
  const base = `/api/tickets/${enc(reference)}`;
  replace(root, loadingBlock("正在加载工单…"));

  let ticket;
  try {
    ticket = await api.get(base, null, { signal: ctx.signal });
  } catch (err) {
    if (!ctx.alive || err.name === "AbortError") return;
    replace(root,
      h("div", { class: "page-head" }, h("a", { href: "#/queue", class: "back" }, "← 返回队列")),
      err.status === 404 ? emptyBlock(`找不到工单 ${reference}`) : errorBlock(err, () => ticketView(root, [reference], ctx)));
    return;
  }
  if (!ctx.alive) return;

  let revealed = null; // unmasked data after a logged reveal
  let staff = [];
  const memo = {};
  const changed = (key, value) => {
    const s = JSON.stringify(value);
    if (memo[key] === s) return false;
    memo[key] = s;
    return true;
  };

  // ---- layout ----
  const headBox = h("div", { class: "ticket-head" });
  const infoBox = h("div");
  const transcriptLog = h("div", { class: "chat-log chat-log-static", "data-testid": "transcript" }, loadingBlock("正在加载对话记录…"));
  const transcriptRefresh = h("button", { type: "button", class: "btn btn-ghost btn-small" }, "刷新");
  const eventsBox = h("ol", { class: "timeline", "data-testid": "events" });
  const contactBox = h("div");
  const assignBox = h("div");
  const statusBox = h("div");
  const regionBox = h("div", { "data-testid": "transfer-box" });
  const metaBox = h("dl", { class: "kv" });
  const earlierBox = h("div");

  // composer: internal note vs public reply
  const composerId = uid("cmp");
  const modeNote = h("input", { type: "radio", name: composerId, value: "note", checked: true, id: `${composerId}-n` });
  const modePublic = h("input", { type: "radio", name: composerId, value: "public", id: `${composerId}-p` });
  const noteText = h("textarea", { rows: 4, placeholder: "写下处理情况、回访结果…", "data-testid": "note-input" });
  const noteField = field("内容", noteText);
  const noteHint = h("div", { class: "public-hint", hidden: true, role: "note" },
    "对职工可见：职工在对话窗口里会收到这条回复（窗口没开着时，下次发消息或打开时收到），可以直接回复；电话登记的工单，职工凭工单编号查询进度时会看到。请使用通俗、礼貌的语言，不要写入内部判断或他人的个人信息。");
  const noteSubmit = h("button", { type: "submit", class: "btn btn-primary", "data-testid": "note-submit" }, "保存内部备注");
  const composer = h("form", { class: "composer-form", novalidate: true },
    h("fieldset", { class: "segmented" },
      h("legend", { class: "sr-only" }, "记录类型"),
      h("label", { for: modeNote.id }, modeNote, h("span", null, "内部备注")),
      h("label", { for: modePublic.id }, modePublic, h("span", null, "对职工可见的回复"))),
    noteHint,
    cannedPicker({ topic: ticket.topic, onPick: (body) => insertInto(noteText, body) }),
    noteField.wrap,
    h("div", { class: "form-actions" }, h("span", { class: "muted small" }, "Ctrl+Enter 提交"), noteSubmit));

  const syncMode = () => {
    const pub = modePublic.checked;
    noteHint.hidden = !pub;
    composer.classList.toggle("is-public", pub);
    noteSubmit.textContent = pub ? "发送对职工可见的回复" : "保存内部备注";
    noteText.placeholder = pub ? "给职工的回复，例如：已联系用人单位，请于本周五前带上工资条到工会服务站…" : "写下处理情况、回访结果…";
  };
  modeNote.addEventListener("change", syncMode);
  modePublic.addEventListener("change", syncMode);
  noteText.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      composer.requestSubmit();
    }
  });
  composer.addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = noteText.value.trim();
    if (!body) {
      noteField.setError("请填写内容");
      noteText.focus();
      return;
    }
    noteField.setError("");
    const pub = modePublic.checked;
    await withBusy(noteSubmit, async () => {
      try {
        const t = await api.post(`${base}/notes`, { body, public: pub });
        noteText.value = "";
        toast(pub ? "回复已发送，职工查询时可见" : "内部备注已保存", "success");
        update(t);
      } catch (err) {
        toastError(err, "保存失败");
      }
    });
  });

  replace(root,
    headBox,
    h("div", { class: "ticket-grid" },
      h("div", { class: "ticket-main" },
        h("section", { class: "card" }, h("h2", { class: "card-title" }, "案件信息"), infoBox),
        h("section", { class: "card" },
          h("div", { class: "card-title-row" }, h("h2", { class: "card-title" }, "对话记录"), transcriptRefresh),
          transcriptLog),
        h("section", { class: "card" }, h("h2", { class: "card-title" }, "添加处理记录"), composer),
        h("section", { class: "card" }, h("h2", { class: "card-title" }, "处理记录"), eventsBox)),
      h("aside", { class: "ticket-side" },
        h("section", { class: "card" }, h("h2", { class: "card-title" }, "联系人"), contactBox),
        h("section", { class: "card" }, h("h2", { class: "card-title" }, "处理人"), assignBox),
        h("section", { class: "card" }, h("h2", { class: "card-title" }, "状态"), statusBox),
        h("section", { class: "card" }, h("h2", { class: "card-title" }, "办理地区"), regionBox),
        h("section", { class: "card" }, h("h2", { class: "card-title" }, "机器人识别"), metaBox),
        h("section", { class: "card" }, h("h2", { class: "card-title" }, "该职工的其他记录"), earlierBox))));

  // ---- sections ----
  function renderHead() {
    const t = ticket;
    const hand = t.handoff;
    let handLink = null;
    if (hand) {
      const label = `在线会话：${HANDOFF_STATUS[hand.status] || hand.status}${hand.officer_name ? `（${hand.officer_name}）` : ""}`;
      handLink = can("handoffs")
        ? h("a", { href: `#/handoffs/${enc(hand.id)}`, class: "btn btn-small btn-handoff", "data-testid": "ticket-handoff-link" }, `${label} →`)
        : badge(label, "primary");
    }
    const copy = h("button", { type: "button", class: "btn btn-ghost btn-small", title: "复制编号" }, "复制");
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(t.reference);
        toast("编号已复制", "success");
      } catch (e) {
        toast("无法复制，请手动选择编号", "warn");
      }
    });
    replace(headBox,
      h("a", { href: "#/queue", class: "back" }, "← 返回队列"),
      h("div", { class: "ticket-title" },
        isUrgent(t) ? h("span", { class: "urgent-dot", role: "img", "aria-label": "紧急" }, "🔴") : null,
        h("h1", { "data-testid": "ticket-reference", class: "mono" }, t.reference),
        copy,
        handLink),
      h("div", { class: "badges" },
        badge(t.topic_label || t.topic || "—", "topic"),
        t.case_type_label && t.case_type_label !== t.topic_label ? badge(t.case_type_label, "neutral") : null,
        priorityBadge(t.priority, `优先级：${t.priority_label || t.priority}`),
        statusBadge(t.status, `状态：${t.status_label || t.status}`),
        slaBadge(t.sla && { ...t.sla, label: `时限：${t.sla.label || ""}` }),
        badge(queueLabel(t.queue), "neutral"),
        t.needs_human ? badge("需人工处理", "warn") : null,
        h("span", { class: "muted small", title: fmtDateTime(t.created_at) }, `创建于 ${fmtDateTime(t.created_at)}（${fmtAge(t.age_minutes)}）`)));
  }

  function renderInfo() {
    const t = ticket;
    const fields = (revealed && revealed.fields) || t.fields || [];
    const description = revealed && revealed.description !== undefined ? revealed.description : t.description;
    const reasons = Array.isArray(t.priority_reasons) ? t.priority_reasons : [];
    replace(infoBox,
      fields.length
        ? h("dl", { class: "kv kv-fields", "data-testid": "ticket-fields" },
          fields.map((f) => [h("dt", null, f.label || f.name), h("dd", null, valueText(f.value))]))
        : null,
      h("h3", { class: "sub-title" }, "情况描述"),
      h("div", { class: "prewrap description", "data-testid": "ticket-description" }, description || h("span", { class: "muted" }, "（无）")),
      reasons.length ? [h("h3", { class: "sub-title" }, "优先级依据"), h("ul", { class: "reasons" }, reasons.map((r) => h("li", null, r)))] : null);
  }

  function renderContact() {
    const t = ticket;
    const phone = revealed ? revealed.contact_phone : t.contact_phone;
    const revealBtn = h("button", { type: "button", class: "btn btn-small", "data-testid": "reveal-button" }, "显示完整信息");
    revealBtn.addEventListener("click", () => reveal(revealBtn));
    replace(contactBox,
      h("dl", { class: "kv" },
        h("dt", null, "称呼"), h("dd", null, t.contact_name || h("span", { class: "muted" }, "未留")),
        h("dt", null, "电话"), h("dd", { class: "mono", "data-testid": "contact-phone" }, phone || h("span", { class: "muted" }, "未留")),
        h("dt", null, "渠道"), h("dd", null, channelLabel(t.channel))),
      revealed
        ? h("p", { class: "reveal-note", role: "status" }, "已显示完整信息（本次查看已记在工单处理记录和审计日志中）")
        : t.reveal && t.reveal.allowed === false
          ? h("p", { class: "muted small", "data-testid": "reveal-not-allowed" }, "电话、证件号等默认隐藏。这个工单不在您负责的范围，不能查看完整信息。")
          : h("div", null, revealBtn, h("p", { class: "muted small" }, "电话、证件号等默认隐藏。查看完整信息需要说明原因，并记在工单处理记录和审计日志中。")));
  }

  function renderAssign() {
    const t = ticket;
    const select = h("select", { "data-testid": "assign-select" },
      options([["", "未分配"], ...staff.map((s) => [s.username, `${s.display_name}（${s.role_label || s.role}）`])], t.assignee || ""));
    if (t.assignee && !staff.some((s) => s.username === t.assignee)) {
      select.appendChild(h("option", { value: t.assignee, selected: true }, t.assignee_name || t.assignee));
    }
    const save = h("button", { type: "button", class: "btn btn-small" }, "保存");
    const mine = h("button", { type: "button", class: "btn btn-small btn-primary", "data-testid": "assign-me", disabled: t.assignee === me() }, "分配给我");
    const doAssign = (who, btn) => withBusy([save, mine], async () => {
      try {
        const res = await api.post(`${base}/assign`, { assignee: who || null });
        toast(who ? `已分配给 ${who === me() ? "我" : (staff.find((s) => s.username === who) || {}).display_name || who}` : "已取消分配", "success");
        update(res);
      } catch (err) {
        toastError(err, "分配失败");
      }
    });
    save.addEventListener("click", () => doAssign(select.value, save));
    mine.addEventListener("click", () => doAssign(me(), mine));
    replace(assignBox,
      h("p", null, "当前：", h("strong", null, t.assignee_name || t.assignee || "未分配")),
      field("分配给", select).wrap,
      h("div", { class: "btn-row" }, save, mine));
  }

  function renderStatus() {
    const t = ticket;
    const transitions = Array.isArray(t.transitions) ? t.transitions : [];
    replace(statusBox,
      h("p", null, "当前：", statusBadge(t.status, t.status_label)),
      transitions.length
        ? h("div", { class: "btn-col", "data-testid": "transitions" },
          transitions.map((tr) => h("button", {
            type: "button", class: "btn btn-small", "data-status": tr.status,
            onclick: () => changeStatus(tr),
          }, `改为「${tr.label}」`)))
        : h("p", { class: "muted small" }, "当前状态没有可执行的变更"));
  }

  function renderMeta() {
    const t = ticket;
    const conf = t.intent_confidence;
    replace(metaBox,
      h("dt", null, "分类"), h("dd", null, t.intent_label || t.intent || h("span", { class: "muted" }, "—")),
      h("dt", null, "置信度"), h("dd", null, conf === null || conf === undefined || conf === "" ? "—" : fmtPercent(conf),
        conf !== null && conf !== undefined && conf !== "" ? h("div", { class: "meter", "aria-hidden": "true" },
          h("span", { style: { width: fmtPercent(conf) } })) : null),
      h("dt", null, "渠道"), h("dd", null, channelLabel(t.channel)),
      t.sender_id ? [h("dt", null, "会话"), h("dd", { class: "mono small break" }, t.sender_id)] : null,
      h("dt", null, "时限"), h("dd", null, slaBadge(t.sla), t.sla && t.sla.due_at ? h("div", { class: "muted small" }, `应于 ${fmtDateTime(t.sla.due_at)} 前响应`) : null));
  }

  function renderEvents() {
    const events = (Array.isArray(ticket.events) ? ticket.events : []).slice().reverse();
    if (!events.length) {
      replace(eventsBox, h("li", { class: "muted" }, "暂无处理记录"));
      return;
    }
    replace(eventsBox, events.map((ev) => h("li", { class: ["timeline-item", `ev-${ev.kind}`, ev.public ? "is-public" : ""], "data-testid": "event" },
      h("div", { class: "timeline-head" },
        h("strong", null, ev.kind_label || ev.kind),
        h("span", { class: "muted" }, ` · ${ev.actor_name || ev.actor || "系统"}`),
        ev.public ? badge("职工可见", "public") : null,
        h("time", { class: "muted small", datetime: ev.created_at }, fmtDateTime(ev.created_at))),
      ev.body ? h("div", { class: "timeline-body prewrap" }, ev.body) : null)));
  }

  function update(t) {
    if (!t || !ctx.alive) return;
    ticket = t;
    if (changed("head", [t.reference, t.topic_label, t.priority, t.status, t.sla, t.handoff, t.needs_human, t.age_minutes, t.queue])) renderHead();
    if (changed("info", [t.fields, t.description, t.priority_reasons, revealed])) renderInfo();
    if (changed("contact", [t.contact_name, t.contact_phone, t.channel, revealed && revealed.contact_phone])) renderContact();
    if (changed("assign", [t.assignee, t.assignee_name, staff.length])) renderAssign();
    if (changed("status", [t.status, t.transitions])) renderStatus();
    if (changed("region", [t.region, t.region_label, t.status])) transferBox(regionBox, t, base, update);
    if (changed("meta", [t.intent, t.intent_label, t.intent_confidence, t.channel, t.sender_id, t.sla])) renderMeta();
    if (changed("events", t.events)) renderEvents();
    if (changed("earlier", t.earlier)) replace(earlierBox, relatedList(t.earlier, { empty: "没有其他工单或申请", testid: "earlier" }));
  }

  // ---- actions ----
  async function changeStatus(tr) {
    const note = h("textarea", { rows: 3, placeholder: "例如：已电话联系职工，问题已解决" });
    const ok = await dialog({
      title: `将状态改为「${tr.label}」`,
      submitText: "确认变更",
      body: [h("p", { class: "dialog-message" }, `工单 ${ticket.reference}：${ticket.status_label || ticket.status} → ${tr.label}`),
        field("备注（可选）", note).wrap],
      onSubmit: async () => {
        try {
          const t = await api.post(`${base}/status`, { status: tr.status, note: note.value.trim() || undefined });
          update(t);
          return true;
        } catch (err) {
          if (err.status === 409) refresh();
          throw err;
        }
      },
    });
    if (ok) toast(`状态已改为「${tr.label}」`, "success");
  }

  async function revealReason() {
    const info = ticket.reveal || {};
    const reasons = Array.isArray(info.reasons) ? info.reasons : [];
    const minHanzi = info.min_hanzi || 6;
    const OTHER = "__other__";
    const choice = h("select", { "data-testid": "reveal-reason" },
      options([["", "请选择…"], ...reasons.map((r) => [r, r]), [OTHER, "其他原因（请写明）"]], ""));
    const other = h("textarea", { rows: 2, placeholder: "例如：需要回拨职工核实欠薪金额", "data-testid": "reveal-reason-other" });
    const choiceField = field("查看原因", choice, { required: true });
    const otherField = field("写明原因", other, { hint: `至少 ${minHanzi} 个汉字` });
    otherField.wrap.hidden = true;
    choice.addEventListener("change", () => {
      otherField.wrap.hidden = choice.value !== OTHER;
      if (!otherField.wrap.hidden) other.focus();
    });
    return dialog({
      title: "显示完整信息",
      submitText: "显示",
      body: [h("p", { class: "dialog-message" }, "将显示完整的电话、证件号、描述和对话内容。查看和原因会记在工单的处理记录和审计日志中。"),
        choiceField.wrap, otherField.wrap],
      onSubmit: () => {
        if (!choice.value) {
          choiceField.setError("请选择查看原因");
          choice.focus();
          return false;
        }
        choiceField.setError("");
        if (choice.value !== OTHER) return choice.value;
        const text = other.value.trim();
        if ((text.match(/[\u3400-\u9fff]/g) || []).length < minHanzi) {
          otherField.setError(`请用至少 ${minHanzi} 个汉字写明原因`);
          other.focus();
          return false;
        }
        otherField.setError("");
        return text;
      },
    });
  }

  async function reveal(btn) {
    const reason = await revealReason();
    if (!reason) return;
    await withBusy(btn, async () => {
      try {
        const data = await api.post(`${base}/reveal`, { reason });
        revealed = data || {};
        update(ticket);
        refresh();
        if (Array.isArray(revealed.messages)) showTranscript({ available: true, messages: revealed.messages });
        transcriptRefresh.hidden = true;
        toast("已显示完整信息", "success");
      } catch (err) {
        toastError(err, "无法显示完整信息");
      }
    });
  }

  function showTranscript(data) {
    const msgs = data && Array.isArray(data.messages) ? data.messages : [];
    if (!data || data.available === false || !msgs.length) {
      replace(transcriptLog, emptyBlock(ticket.channel === "hotline" ? "电话登记的工单，没有在线对话记录" : "没有可显示的对话记录"));
      return;
    }
    replace(transcriptLog, transcriptNodes(msgs));
    transcriptLog.scrollTop = transcriptLog.scrollHeight;
  }

  async function loadTranscript() {
    try {
      const data = await api.get(`${base}/transcript`, null, { signal: ctx.signal });
      if (ctx.alive && !revealed) showTranscript(data);
    } catch (err) {
      if (!ctx.alive || err.name === "AbortError") return;
      replace(transcriptLog, errorBlock(err, loadTranscript));
    }
  }
  transcriptRefresh.addEventListener("click", () => withBusy(transcriptRefresh, loadTranscript));

  async function refresh() {
    try {
      const t = await api.get(base, null, { signal: ctx.signal });
      pollOk();
      update(t);
    } catch (err) {
      if (err.name !== "AbortError") pollFailed(err);
    }
  }

  update(ticket);
  loadTranscript();
  loadStaff().then((list) => {
    staff = Array.isArray(list) ? list : [];
    update(ticket);
  }).catch((err) => toastError(err, "工作人员名单加载失败"));
  ctx.poll(refresh, 15000, { immediate: false, hiddenInterval: 60000 });
}

function valueText(v) {
  if (v === null || v === undefined || v === "") return h("span", { class: "muted" }, "—");
  if (Array.isArray(v)) return v.join("、");
  if (typeof v === "boolean") return v ? "是" : "否";
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
}
