// 在线会话: live chat with the worker (polled every second), canned replies, hand back to the bot.
import { h, field, replace } from "../dom.js";
import { api, enc } from "../api.js";
import { fmtDateTime, fmtDuration, ageFrom } from "../format.js";
import { me } from "../session.js";
import { badge, loadingBlock, errorBlock, emptyBlock, toast, toastError, dialog, withBusy } from "../ui.js";
import { messageNode } from "../components/transcript.js";
import { cannedPicker, insertInto } from "../components/canned.js";
import { pollFailed, pollOk } from "../connection.js";
import { handoffStatusBadge, claimHandoff } from "./handoffs.js";
import { setTitle } from "../title.js";

const ENDED = new Set(["closed", "cancelled"]);

export async function handoffChatView(root, [id], ctx) {
  setTitle(`在线会话 #${id}`);
  const base = `/api/handoffs/${enc(id)}`;
  replace(root, loadingBlock("正在打开会话…"));

  let hd;
  try {
    hd = await api.get(base, null, { signal: ctx.signal });
  } catch (err) {
    if (!ctx.alive || err.name === "AbortError") return;
    replace(root, h("a", { href: "#/handoffs", class: "back" }, "← 返回人工接入"),
      err.status === 404 ? emptyBlock("找不到这个会话") : errorBlock(err, () => handoffChatView(root, [id], ctx)));
    return;
  }
  if (!ctx.alive) return;

  let next = 0;
  const seen = new Set();
  let unread = 0;
  let firstBatch = true;

  // ---- elements ----
  const statusBox = h("span");
  const stateBanner = h("div", { class: "chat-banner", role: "status", hidden: true, "data-testid": "chat-state" });
  const log = h("div", { class: "chat-log", "data-testid": "chat-log", role: "log", "aria-live": "polite", "aria-label": "与职工的对话", tabindex: "0" },
    loadingBlock("正在加载对话…"));
  const jump = h("button", { type: "button", class: "chat-jump", hidden: true }, "有新消息 ↓");
  const input = h("textarea", { rows: 3, placeholder: "输入回复，Enter 发送，Shift+Enter 换行", "data-testid": "chat-input", maxlength: 2000 });
  const send = h("button", { type: "submit", class: "btn btn-primary", "data-testid": "chat-send" }, "发送");
  const composerNote = h("div", { class: "composer-note", hidden: true });
  const claimBtn = h("button", { type: "button", class: "btn btn-primary", "data-testid": "handoff-claim", hidden: true }, "接入此会话");
  const composer = h("form", { class: "chat-composer", novalidate: true },
    h("label", { for: (input.id = `chat-input-${id}`), class: "sr-only" }, "回复内容"),
    input,
    h("div", { class: "chat-composer-actions" }, composerNote, claimBtn, send));
  const releaseBtn = h("button", { type: "button", class: "btn btn-danger btn-block", "data-testid": "handoff-release" }, "交还机器人");
  const sideInfo = h("div");
  const canned = cannedPicker({ onPick: (body) => insertInto(input, body), hideLabel: true });

  replace(root,
    h("div", { class: "chat-page" },
      h("section", { class: "chat-panel card" },
        h("div", { class: "chat-head" },
          h("a", { href: "#/handoffs", class: "back" }, "← 人工接入"),
          h("h1", null, `在线会话 #${hd.id}`),
          statusBox),
        stateBanner,
        h("div", { class: "chat-log-wrap" }, log, jump),
        composer),
      h("aside", { class: "chat-side" },
        h("section", { class: "card" }, h("h2", { class: "card-title" }, "会话信息"), sideInfo),
        h("section", { class: "card" }, h("h2", { class: "card-title" }, "快捷回复"), canned),
        h("section", { class: "card" },
          h("h2", { class: "card-title" }, "结束人工服务"),
          h("p", { class: "muted small" }, "问题处理完后交还机器人，职工可以继续向机器人咨询。"),
          releaseBtn))));

  // ---- state ----
  function renderState() {
    replace(statusBox, handoffStatusBadge(hd.status));
    const mine = hd.officer && hd.officer === me();
    const ended = ENDED.has(hd.status);
    const canWrite = hd.status === "live" && mine;
    input.disabled = !canWrite;
    send.disabled = !canWrite;
    releaseBtn.disabled = ended || (hd.status === "live" && !mine);
    claimBtn.hidden = hd.status !== "waiting";
    let note = "";
    if (hd.status === "waiting") note = "尚未接入：接入后才能回复职工。";
    else if (ended) note = "会话已结束，不能再回复。";
    else if (hd.status === "live" && !mine) note = `该会话由 ${hd.officer_name || hd.officer || "其他工作人员"} 接入，只有接入人可以回复。`;
    composerNote.textContent = note;
    composerNote.hidden = !note;
    if (ended) {
      stateBanner.textContent = hd.status === "closed"
        ? `会话已结束，已交还机器人${hd.closed_at ? `（${fmtDateTime(hd.closed_at)}）` : ""}。`
        : "会话已取消（职工已离开或撤回了请求）。";
      stateBanner.hidden = false;
      stateBanner.className = "chat-banner chat-banner-ended";
    } else {
      stateBanner.hidden = true;
    }
    composer.classList.toggle("is-disabled", !canWrite);

    const waited = hd.waiting_minutes ?? ageFrom(hd.created_at);
    replace(sideInfo,
      h("dl", { class: "kv" },
        h("dt", null, "状态"), h("dd", null, handoffStatusBadge(hd.status)),
        h("dt", null, "原因"), h("dd", null, hd.reason_label || hd.reason || "—"),
        h("dt", null, "主题"), h("dd", null, hd.topic_label || "—"),
        h("dt", null, "工单"), h("dd", null, hd.ticket_reference
          ? h("a", { href: `#/tickets/${enc(hd.ticket_reference)}`, class: "mono", "data-testid": "handoff-ticket-link" }, hd.ticket_reference)
          : h("span", { class: "muted" }, "无")),
        h("dt", null, "发起"), h("dd", null, fmtDateTime(hd.created_at)),
        hd.status === "waiting" ? [h("dt", null, "已等待"), h("dd", null, fmtDuration(waited))] : null,
        hd.claimed_at ? [h("dt", null, "接入"), h("dd", null, `${fmtDateTime(hd.claimed_at)} · ${hd.officer_name || hd.officer || ""}`)] : null,
        hd.closed_at ? [h("dt", null, "结束"), h("dd", null, fmtDateTime(hd.closed_at))] : null),
      h("h3", { class: "sub-title" }, "摘要"),
      h("div", { class: "prewrap" }, hd.summary || h("span", { class: "muted" }, "（无摘要）")));
  }

  async function reloadHandoff() {
    try {
      hd = await api.get(base, null, { signal: ctx.signal });
      if (ctx.alive) renderState();
    } catch (err) {
      if (err.name !== "AbortError") toastError(err);
    }
  }

  // ---- messages ----
  const atBottom = () => log.scrollHeight - log.scrollTop - log.clientHeight < 48;
  log.addEventListener("scroll", () => {
    if (atBottom()) {
      unread = 0;
      jump.hidden = true;
    }
  });
  jump.addEventListener("click", () => {
    log.scrollTop = log.scrollHeight;
    unread = 0;
    jump.hidden = true;
  });

  function appendMessages(msgs) {
    const fresh = msgs.filter((m) => {
      if (m.index === undefined || m.index === null) return true;
      if (seen.has(m.index)) return false;
      seen.add(m.index);
      return true;
    });
    if (firstBatch) {
      log.replaceChildren();
      if (!fresh.length) log.appendChild(h("div", { class: "state state-empty chat-empty" }, "还没有消息"));
    }
    if (!fresh.length) {
      firstBatch = false;
      return;
    }
    const empty = log.querySelector(".chat-empty");
    if (empty) empty.remove();
    const stick = firstBatch || atBottom();
    fresh.forEach((m) => log.appendChild(messageNode(m)));
    if (stick) log.scrollTop = log.scrollHeight;
    else {
      unread += fresh.length;
      jump.textContent = `有 ${unread} 条新消息 ↓`;
      jump.hidden = false;
    }
    if (!firstBatch && document.hidden && fresh.some((m) => m.role === "worker")) setTitle(`【新消息】在线会话 #${id}`);
    firstBatch = false;
  }
  ctx.listen(document, "visibilitychange", () => {
    if (!document.hidden) setTitle(`在线会话 #${id}`);
  });

  let loadedOnce = false;
  async function pollMessages() {
    try {
      const data = await api.get(`${base}/messages`, { after: next }, { signal: ctx.signal });
      if (!ctx.alive) return;
      pollOk();
      loadedOnce = true;
      appendMessages(Array.isArray(data.messages) ? data.messages : []);
      if (typeof data.next === "number") next = data.next;
      if (data.status && data.status !== hd.status) {
        hd.status = data.status;
        renderState();
        reloadHandoff();
      }
      if (ENDED.has(hd.status)) poller.stop();
    } catch (err) {
      if (!ctx.alive || err.name === "AbortError") return;
      if (!loadedOnce) replace(log, errorBlock(err, () => poller.now()));
      else pollFailed(err);
      if (err.status === 403 || err.status === 404) poller.stop();
      throw err;
    }
  }

  // ---- composer ----
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing && e.keyCode !== 229) {
      e.preventDefault();
      composer.requestSubmit();
    }
  });
  composer.addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text || send.disabled) {
      if (!text) input.focus();
      return;
    }
    await withBusy(send, async () => {
      try {
        await api.post(`${base}/messages`, { text });
        input.value = "";
        log.scrollTop = log.scrollHeight;
        poller.now();
      } catch (err) {
        toastError(err, "发送失败");
        if (err.status === 409) reloadHandoff();
      }
    });
    if (!send.disabled) input.focus();
  });
  claimBtn.addEventListener("click", async () => {
    // on success claimHandoff re-opens this page (now as the claiming officer)
    await claimHandoff(hd.id, claimBtn, () => reloadHandoff());
  });

  releaseBtn.addEventListener("click", async () => {
    const note = h("textarea", { rows: 3, placeholder: "例如：已解答工伤认定流程，建议职工明天到工会服务站" });
    const res = await dialog({
      title: "交还机器人",
      submitText: "确认交还",
      danger: true,
      body: [h("p", { class: "dialog-message" }, "交还后您将不能再在此会话中回复，职工的后续消息由机器人回答。"),
        field("处理说明（可选，写入工单记录）", note).wrap],
      onSubmit: () => api.post(`${base}/release`, { note: note.value.trim() || undefined }),
    });
    if (!res) return;
    if (typeof res === "object" && res.status) hd = res;
    else hd.status = "closed";
    renderState();
    toast("已交还机器人", "success");
    poller.now();
  });

  renderState();
  const poller = ctx.poll(pollMessages, 1000, { hiddenInterval: 3000 });
  if (!input.disabled) input.focus();
}
