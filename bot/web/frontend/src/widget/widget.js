// The worker-facing chat widget: launcher button + chat panel in a shadow root.
import css from "./widget.css";
import { el, icon, safeUrl } from "./dom.js";
import { linkify } from "./linkify.js";
import { parseTs, formatTime, isoString } from "./time.js";
import * as store from "./storage.js";
import { Transport } from "./transport.js";

export const SESSION_KEY = "union-widget-session";
const HANDOFF_KEY = "union-widget-handoff";
const MAX_CHARS = 1000;
const HINT_FROM = 800;
const TYPING_TIMEOUT_MS = 12000;
const CONNECTING_BANNER_DELAY_MS = 1500;
const HISTORY_TIMEOUT_MS = 8000;
const GROUP_WINDOW_MS = 2 * 60 * 1000;
const HOTLINE = "12351";
const PRIVACY_LINE = "对话内容仅用于为您办事，留电话等信息前会先征得您同意；要查看或删除您的信息，请说「删除我的信息」。";
const DEFAULT_OFFICER_ROLE = "法律援助工作人员";
const GREETING = "你好！我是工会职工服务助手，可以咨询入会、欠薪、法律援助、技能培训、工伤、劳动合同、社保、困难帮扶等问题。";
const STARTERS = ["怎么加入工会", "老板拖欠工资怎么办", "申请法律援助", "有什么技能培训"];
const TEXT = {
  launcher: "在线咨询",
  placeholder: "请输入您的问题…",
  send: "发送",
  bot: "智能助手",
  waiting: "等待人工接入…",
  live: (name) => "人工服务中：" + (name || "工作人员"),
  offline: "连接中断，正在重连…着急请拨打" + HOTLINE + "职工服务热线",
  connecting: "正在连接…",
  failed: "发送失败，请重试",
  retry: "重试",
  loading: "正在加载聊天记录…",
  typing: "助手正在输入",
  newMessages: "有新消息 ↓",
  unsupported: "［收到一条暂不支持显示的消息］",
};

/** Normalises a handoff value from a notice, a history answer or storage to none | waiting | live. */
function handoffStatus(value) {
  const v = String(value || "").toLowerCase();
  if (v === "waiting" || v === "queued" || v === "pending") return "waiting";
  if (v === "live" || v === "claimed" || v === "active") return "live";
  return "none"; // ended, closed, cancelled, released, bot, …
}

/** Guess for notices that carry no handoff field (history entries). */
function handoffFromNoticeText(text) {
  const t = String(text || "");
  if (/转回|已结束|结束了|交还|已退出|恢复智能/.test(t)) return "none";
  if (/已接入|为您服务|正在和您/.test(t)) return "live";
  if (/等待|排队|稍候|正在为您转接|转接人工/.test(t)) return "waiting";
  return null;
}

/** bot_uttered payloads: plain Rasa messages, or custom JSON (maybe wrapped in custom/data). */
function normalizePayload(payload) {
  if (payload === null || payload === undefined) return null;
  if (typeof payload !== "object") return { text: String(payload) };
  let p = payload;
  for (const key of ["custom", "data"]) {
    const inner = p[key];
    if (inner && typeof inner === "object" && !Array.isArray(inner) && (inner.kind || inner.text)) p = { ...p, ...inner };
  }
  return p;
}

function normalizeButtons(list) {
  if (!Array.isArray(list)) return [];
  return list
    .filter((b) => b && (b.title || b.payload))
    .map((b) => ({ title: String(b.title || b.payload), payload: b.payload != null && b.payload !== "" ? String(b.payload) : String(b.title), url: b.url }));
}

export class Widget {
  constructor(config) {
    this.config = config;
    this.sessionId = store.load(SESSION_KEY);
    const stored = store.loadJSON(HANDOFF_KEY);
    this.handoff = stored && this.sessionId ? { status: handoffStatus(stored.status), name: stored.name || "", role: stored.role || "" }
      : { status: "none", name: "", role: "" };
    this.isOpen = false;
    this.unread = 0;
    this.conn = "idle";
    this.activeReplies = new Set();
    this.last = null; // {sender, time} of the last row, to group consecutive messages
    this.typingTimer = null;
    this.bannerTimer = null;
    this.prevRootOverflow = null;
    this.transport = new Transport(config, {
      onState: (s) => this.setConnState(s),
      onSession: (id) => this.onSession(id),
      onBot: (p) => this.onBot(p),
    });
  }

  publicApi() {
    return {
      open: () => this.open(),
      close: () => this.close(),
      toggle: () => (this.isOpen ? this.close() : this.open()),
      newConversation: () => this.newConversation(),
    };
  }

  // ------------------------------------------------------------------ building
  mount() {
    const host = document.createElement("union-chat-widget");
    host.setAttribute("data-union-widget", "");
    const root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    this.host = host;
    this.root = root;
    const style = document.createElement("style");
    style.textContent = css;
    if (root === host) document.head.appendChild(style); else root.appendChild(style);

    const title = this.config.title;
    this.badge = el("span", { class: "uw-badge", hidden: true, "aria-hidden": "true" });
    this.launcher = el("button", {
      type: "button", class: "uw-launcher", "aria-label": TEXT.launcher + "：打开" + title,
      "aria-haspopup": "dialog", "aria-expanded": "false", onclick: () => this.open(),
    }, icon("chat"), el("span", { text: TEXT.launcher }), this.badge);

    this.panel = el("div", { class: "uw-panel", role: "dialog", "aria-label": title, hidden: true,
      onkeydown: (e) => this.onPanelKey(e) },
    this.buildHeader(title), this.buildBanner(), this.buildBody(), this.buildComposer());

    this.wrapper = el("div", { class: "uw", lang: "zh-CN" }, this.launcher, this.panel);
    root.appendChild(this.wrapper);
    document.body.appendChild(host);

    // close the menu on any press outside it
    document.addEventListener("pointerdown", (e) => {
      if (this.menu.hidden) return;
      const path = e.composedPath ? e.composedPath() : [];
      if (!path.includes(this.menu) && !path.includes(this.menuBtn)) this.closeMenu(false);
    }, true);

    this.renderStatus();
    this.setConnState("idle");
    this.restored = this.sessionId ? this.restoreHistory() : Promise.resolve(this.showGreeting());
    // a returning worker is connected at once (an officer may be writing); a new one on first open
    if (this.sessionId) this.connect();
    if (this.config.openAtLoad) this.open({ focus: false });
  }

  buildHeader(title) {
    this.statusText = el("span");
    this.statusEl = el("div", { class: "uw-status", role: "status" }, el("span", { class: "uw-status-dot", "aria-hidden": "true" }), this.statusText);
    this.menuBtn = el("button", { type: "button", class: "uw-icon-btn", "aria-label": "更多操作", "aria-haspopup": "menu",
      "aria-expanded": "false", onclick: () => (this.menu.hidden ? this.openMenu() : this.closeMenu(true)) }, icon("more"));
    const item = (node) => { node.addEventListener("keydown", (e) => this.onMenuKey(e)); return node; };
    this.menu = el("div", { class: "uw-menu", role: "menu", "aria-label": "更多操作", hidden: true },
      item(el("button", { type: "button", role: "menuitem", tabindex: "-1", class: "uw-menu-item",
        onclick: () => this.newConversation() }, "新对话（清空当前记录）")),
      item(el("a", { role: "menuitem", tabindex: "-1", class: "uw-menu-item", href: "tel:" + HOTLINE,
        onclick: () => this.closeMenu(false) }, "拨打职工服务热线 " + HOTLINE)));
    return el("div", { class: "uw-header" },
      el("div", { class: "uw-header-avatar", "aria-hidden": "true", text: "工" }),
      el("div", { class: "uw-header-text" }, el("h2", { class: "uw-title", text: title }), this.statusEl),
      this.menuBtn,
      el("button", { type: "button", class: "uw-icon-btn", "aria-label": "关闭对话窗口", onclick: () => this.close() }, icon("close")),
      this.menu);
  }

  buildBanner() {
    this.banner = el("div", { class: "uw-banner", role: "status", hidden: true });
    return this.banner;
  }

  buildBody() {
    this.log = el("div", { class: "uw-log", role: "log", "aria-live": "polite", "aria-label": "对话记录" });
    this.typing = el("div", { class: "uw-typing", role: "status", "aria-label": TEXT.typing, hidden: true },
      el("div", { class: "uw-avatar", "aria-hidden": "true", text: "助" }),
      el("div", { class: "uw-dots", "aria-hidden": "true" }, el("span"), el("span"), el("span")),
      el("span", { class: "uw-sr", text: TEXT.typing }));
    this.jump = el("button", { type: "button", class: "uw-jump", hidden: true, onclick: () => this.scrollToBottom() }, TEXT.newMessages);
    this.body = el("div", { class: "uw-body", onscroll: () => { if (this.isNearBottom()) this.jump.hidden = true; } },
      this.log, this.typing, this.jump);
    return this.body;
  }

  buildComposer() {
    this.input = el("textarea", { class: "uw-input", rows: "1", maxlength: String(MAX_CHARS), placeholder: TEXT.placeholder,
      "aria-label": "输入您的问题（回车发送，Shift+回车换行）", enterkeyhint: "send", autocomplete: "off",
      oninput: () => this.onInput(), onkeydown: (e) => this.onInputKey(e) });
    this.sendBtn = el("button", { type: "button", class: "uw-send", onclick: () => this.submit() }, TEXT.send);
    this.hint = el("div", { class: "uw-hint", "aria-live": "polite", hidden: true });
    // One line on how the conversation is used (PIPL art. 17); the forms give the full notice.
    const privacy = el("div", { class: "uw-privacy", text: PRIVACY_LINE });
    return el("div", { class: "uw-composer" }, el("div", { class: "uw-compose-row" }, this.input, this.sendBtn), this.hint, privacy);
  }

  // ------------------------------------------------------------------ open / close / menu
  open(opts) {
    const focus = !opts || opts.focus !== false;
    if (!this.isOpen) {
      this.isOpen = true;
      this.panel.hidden = false;
      this.launcher.hidden = true;
      this.launcher.setAttribute("aria-expanded", "true");
      this.unread = 0;
      this.updateBadge();
      if (window.matchMedia && window.matchMedia("(max-width: 480px)").matches) {
        this.prevRootOverflow = document.documentElement.style.overflow;
        document.documentElement.style.overflow = "hidden";
      }
      this.connect();
      this.scrollToBottom();
    }
    if (focus) setTimeout(() => this.input.focus(), 0);
  }

  close() {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.closeMenu(false);
    this.panel.hidden = true;
    this.launcher.hidden = false;
    this.launcher.setAttribute("aria-expanded", "false");
    if (this.prevRootOverflow !== null) {
      document.documentElement.style.overflow = this.prevRootOverflow;
      this.prevRootOverflow = null;
    }
    this.launcher.focus();
  }

  menuItems() { return Array.prototype.slice.call(this.menu.querySelectorAll("[role=menuitem]")); }

  openMenu() {
    this.menu.hidden = false;
    this.menuBtn.setAttribute("aria-expanded", "true");
    this.menuItems()[0].focus();
  }

  closeMenu(returnFocus) {
    if (this.menu.hidden) return;
    this.menu.hidden = true;
    this.menuBtn.setAttribute("aria-expanded", "false");
    if (returnFocus) this.menuBtn.focus();
  }

  onMenuKey(e) {
    const items = this.menuItems();
    const i = items.indexOf(e.currentTarget);
    let next = null;
    if (e.key === "ArrowDown") next = items[(i + 1) % items.length];
    else if (e.key === "ArrowUp") next = items[(i - 1 + items.length) % items.length];
    else if (e.key === "Home") next = items[0];
    else if (e.key === "End") next = items[items.length - 1];
    else if (e.key === "Tab") this.closeMenu(false);
    if (next) { e.preventDefault(); next.focus(); }
  }

  onPanelKey(e) {
    if ((e.key !== "Escape" && e.key !== "Esc") || e.isComposing) return; // Esc also cancels an IME candidate
    e.preventDefault();
    e.stopPropagation();
    if (!this.menu.hidden) this.closeMenu(true);
    else this.close();
  }

  // ------------------------------------------------------------------ connection
  connect() {
    if (this.connectRequested) return;
    this.connectRequested = true;
    this.restored.then(() => this.transport.start(this.sessionId));
  }

  onSession(id) {
    if (id !== this.sessionId) {
      this.sessionId = id;
    }
    store.save(SESSION_KEY, id);
  }

  setConnState(state) {
    this.conn = state;
    const ready = state === "ready";
    this.sendBtn.disabled = !ready;
    this.sendBtn.setAttribute("aria-label", ready ? TEXT.send : TEXT.send + "（" + (state === "offline" ? "连接中断" : "正在连接") + "）");
    for (const group of this.activeReplies) {
      for (const b of group.querySelectorAll("button")) b.disabled = !ready;
    }
    clearTimeout(this.bannerTimer);
    if (state === "offline") this.showBanner(TEXT.offline);
    else if (state === "connecting") this.bannerTimer = setTimeout(() => this.showBanner(TEXT.connecting), CONNECTING_BANNER_DELAY_MS);
    else this.showBanner(null);
    this.statusEl.setAttribute("data-state", state === "offline" ? "offline" : this.handoff.status);
  }

  showBanner(text) {
    if (!text) { this.banner.hidden = true; this.banner.textContent = ""; return; }
    this.banner.textContent = text;
    this.banner.hidden = false;
  }

  // ------------------------------------------------------------------ handoff state
  setHandoff(status, name, role) {
    const s = handoffStatus(status);
    this.handoff = {
      status: s,
      name: s === "none" ? "" : (name || this.handoff.name || ""),
      role: s === "none" ? "" : (role || this.handoff.role || ""),
    };
    if (s === "none") store.remove(HANDOFF_KEY);
    else store.saveJSON(HANDOFF_KEY, this.handoff);
    if (s !== "none") this.hideTyping();
    this.renderStatus();
  }

  renderStatus() {
    const h = this.handoff;
    this.statusText.textContent = h.status === "live" ? TEXT.live(h.name) : h.status === "waiting" ? TEXT.waiting : TEXT.bot;
    this.statusEl.setAttribute("data-state", this.conn === "offline" ? "offline" : h.status);
  }

  // ------------------------------------------------------------------ incoming
  onBot(raw) {
    this.hideTyping();
    const p = normalizePayload(raw);
    if (!p) return;
    const ts = p.ts || p.timestamp;
    if (p.kind === "notice") {
      if (p.handoff) {
        this.setHandoff(p.handoff, p.name || p.officer_name || p.officer, p.role || p.role_label);
        if (handoffStatus(p.handoff) === "none") this.retireReplies(); // buttons from before the handoff
      }
      if (p.text) this.addNotice(p.text, ts, true);
    } else if (p.kind === "case_reply") {
      // a staff member's reply on one of the worker's tickets: no live handoff, the bot stays on
      this.addOfficer(p.text, p.name, p.role || p.role_label, ts, true);
    } else if (p.kind === "officer") {
      const name = p.name || p.officer_name || this.handoff.name;
      const role = p.role || p.role_label || this.handoff.role;
      // an officer writing means the conversation is live (the notice may have carried no name)
      if (this.handoff.status !== "live" || (name && name !== this.handoff.name)) this.setHandoff("live", name, role);
      this.addOfficer(p.text, name, role, ts, true);
    } else {
      this.addBot(p, { ts, live: true, interactive: true });
    }
  }

  // ------------------------------------------------------------------ history
  async restoreHistory() {
    const loading = el("div", { class: "uw-loading", text: TEXT.loading });
    this.log.appendChild(loading);
    let data = null;
    try {
      const ctrl = typeof AbortController === "function" ? new AbortController() : null;
      const timer = ctrl ? setTimeout(() => ctrl.abort(), HISTORY_TIMEOUT_MS) : null;
      // the session is this browser's secret: it goes in the body (never in a URL or a log), as
      // text/plain so that a page on another origin needs no preflight
      const res = await fetch(this.config.base + "/widget/history", {
        method: "POST", credentials: "omit", body: JSON.stringify({ session: this.sessionId }),
        headers: { Accept: "application/json", "Content-Type": "text/plain" }, signal: ctrl ? ctrl.signal : undefined,
      });
      clearTimeout(timer);
      if (res.ok) data = await res.json();
    } catch (e) {
      data = null; // start fresh with the same id
    }
    loading.remove();
    const messages = data && Array.isArray(data.messages) ? data.messages.filter((m) => m && typeof m === "object") : [];
    if (data && !messages.length) this.setHandoff("none");
    if (!messages.length) {
      this.showGreeting();
      return;
    }
    this.renderHistory(messages, data);
  }

  renderHistory(messages, data) {
    let lastBot = -1;
    let lastWorker = -1;
    messages.forEach((m, i) => {
      if (m.role === "bot") lastBot = i;
      if (m.role === "worker") lastWorker = i;
    });
    let inferred = null;
    messages.forEach((m, i) => {
      const text = m.text == null ? "" : String(m.text);
      if (m.role === "worker") {
        this.addWorker(text, m.ts, false);
      } else if (m.role === "bot") {
        this.addBot({ text, buttons: m.buttons || m.quick_replies, image: m.image, attachment: m.attachment },
          { ts: m.ts, live: false, interactive: i === lastBot && lastWorker < lastBot });
      } else if (m.role === "officer") {
        this.addOfficer(text, m.name, m.role_label, m.ts, false);
        if (!m.reference) inferred = { status: "live", name: m.name, role: m.role_label }; // a ticket reply is no handoff
      } else if (m.role === "notice") {
        this.addNotice(text, m.ts, false);
        const status = m.handoff ? handoffStatus(m.handoff) : handoffFromNoticeText(text);
        if (status) inferred = { status, name: m.name || (inferred && inferred.name), role: m.role_label || (inferred && inferred.role) };
      }
    });
    // the server's word first, then what the transcript shows, then what this browser remembered
    const h = data && data.handoff;
    if (h && typeof h === "object") this.setHandoff(h.status, h.officer_name || h.name, h.role_label || h.role);
    else if (typeof h === "string") this.setHandoff(h);
    else if (inferred) this.setHandoff(inferred.status, inferred.name, inferred.role);
    this.scrollToBottom();
  }

  showGreeting() {
    this.addBot({ text: GREETING, quick_replies: STARTERS.map((t) => ({ content_type: "text", title: t, payload: t })) },
      { live: false, interactive: true });
  }

  newConversation() {
    this.closeMenu(false);
    store.remove(SESSION_KEY);
    this.sessionId = null;
    this.setHandoff("none");
    this.hideTyping();
    this.activeReplies.clear();
    this.log.textContent = "";
    this.last = null;
    this.jump.hidden = true;
    this.showGreeting();
    if (this.transport.started) this.transport.restart(null);
    else this.connect();
    this.input.focus();
  }

  // ------------------------------------------------------------------ rendering
  /** Adds a row to the log; keeps the view at the bottom if it was there (or `force`). */
  appendRow(row, { live, force }) {
    const stick = force || this.isNearBottom();
    this.log.appendChild(row);
    if (stick || !this.isOpen) this.scrollToBottom();
    else if (live) this.jump.hidden = false;
    if (live && !this.isOpen && !row.classList.contains("uw-row--worker")) {
      this.unread += 1;
      this.updateBadge();
    }
  }

  makeRow(kind, sender, date) {
    const cont = this.last && this.last.sender === sender && date - this.last.time < GROUP_WINDOW_MS;
    this.last = { sender, time: date.getTime() };
    return el("div", { class: "uw-row uw-row--" + kind + (cont ? " uw-row--cont" : "") });
  }

  meta(date) {
    return el("div", { class: "uw-meta" }, el("time", { datetime: isoString(date), text: formatTime(date) }));
  }

  addBot(p, { ts, live, interactive }) {
    const buttons = normalizeButtons(p.quick_replies && p.quick_replies.length ? p.quick_replies : p.buttons);
    const text = p.text == null ? "" : String(p.text);
    const media = this.renderMedia(p);
    const cards = this.renderCards(p, buttons);
    if (!text.trim() && !buttons.length && !media && !cards) return null; // custom JSON this widget does not show
    const date = parseTs(ts);
    const row = this.makeRow("bot", "bot", date);
    const stack = el("div", { class: "uw-stack" });
    if (text.trim() || media || cards) {
      const bubble = el("div", { class: "uw-bubble" }, el("span", { class: "uw-sr", text: "助手：" }));
      if (text.trim()) bubble.appendChild(linkify(text));
      if (media) bubble.appendChild(media);
      if (cards) bubble.appendChild(cards);
      stack.appendChild(bubble);
    }
    if (buttons.length) stack.appendChild(this.renderReplies(buttons, interactive));
    stack.appendChild(this.meta(date));
    row.appendChild(el("div", { class: "uw-avatar", "aria-hidden": "true", text: "助" }));
    row.appendChild(stack);
    this.appendRow(row, { live });
    return row;
  }

  renderMedia(p) {
    const base = this.config.base + "/";
    const att = p.attachment && typeof p.attachment === "object" ? p.attachment : null;
    const payload = att && att.payload && typeof att.payload === "object" ? att.payload : {};
    let imageUrl = p.image;
    if (!imageUrl && att && att.type === "image") imageUrl = payload.src || payload.url || att.src || att.url;
    const img = safeUrl(imageUrl, base);
    if (img) {
      return el("a", { href: img, target: "_blank", rel: "noopener noreferrer", "aria-label": "查看图片（新窗口打开）" },
        el("img", { src: img, alt: p.alt || "图片", loading: "lazy" }));
    }
    if (att) {
      const link = safeUrl(payload.src || payload.url || att.src || att.url, base);
      if (link) {
        const label = payload.title || att.title || payload.name || "查看附件";
        return el("div", null, el("a", { href: link, target: "_blank", rel: "noopener noreferrer" }, String(label)));
      }
      if (!(payload.template_type === "generic" && payload.elements)) return el("div", { text: TEXT.unsupported });
    }
    return null;
  }

  /** Rasa's generic template (send_elements): title, subtitle, link buttons; postback buttons join `buttons`. */
  renderCards(p, buttons) {
    const att = p.attachment && typeof p.attachment === "object" ? p.attachment : null;
    const payload = att && att.payload;
    if (!payload || payload.template_type !== "generic" || !payload.elements) return null;
    const elements = Array.isArray(payload.elements) ? payload.elements : [payload.elements];
    const box = el("div");
    for (const item of elements) {
      if (!item || typeof item !== "object") continue;
      if (item.title) box.appendChild(el("div", { class: "uw-card-title", text: String(item.title) }));
      if (item.subtitle) box.appendChild(el("div", { class: "uw-card-sub" }, linkify(String(item.subtitle))));
      for (const b of Array.isArray(item.buttons) ? item.buttons : []) {
        const url = safeUrl(b && b.url, this.config.base + "/");
        if (url) box.appendChild(el("div", null, el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, String(b.title || url))));
        else if (b && (b.payload || b.title)) buttons.push(...normalizeButtons([b]));
      }
    }
    return box.childNodes.length ? box : null;
  }

  renderReplies(buttons, interactive) {
    const group = el("div", { class: "uw-replies" + (interactive ? "" : " uw-replies--old"), role: "group", "aria-label": "可选回复" });
    for (const b of buttons) {
      const url = !b.payload && safeUrl(b.url);
      if (url) {
        group.appendChild(el("a", { class: "uw-chip", href: url, target: "_blank", rel: "noopener noreferrer" }, b.title));
        continue;
      }
      group.appendChild(el("button", { type: "button", class: "uw-chip", disabled: !interactive || this.conn !== "ready",
        onclick: () => this.chooseReply(group, b) }, b.title));
    }
    if (interactive) this.activeReplies.add(group);
    return group;
  }

  chooseReply(group, button) {
    if (this.conn !== "ready" || !this.activeReplies.has(group)) return;
    this.sendMessage(button.title, button.payload);
    this.input.focus();
  }

  /** After the worker answers (by button or typing), earlier buttons can no longer be used. */
  retireReplies() {
    for (const group of this.activeReplies) {
      group.classList.add("uw-replies--old");
      for (const b of group.querySelectorAll("button")) b.disabled = true;
    }
    this.activeReplies.clear();
  }

  addOfficer(text, name, role, ts, live) {
    const date = parseTs(ts);
    const who = name || "工作人员";
    const label = who + " · " + (role || DEFAULT_OFFICER_ROLE);
    const row = this.makeRow("officer", "officer:" + who, date);
    row.appendChild(el("div", { class: "uw-avatar", "aria-hidden": "true", text: who.charAt(0) }));
    row.appendChild(el("div", { class: "uw-stack" },
      el("div", { class: "uw-label", text: label }),
      el("div", { class: "uw-bubble" }, el("span", { class: "uw-sr", text: "（人工）：" }), linkify(text || "")),
      this.meta(date)));
    this.appendRow(row, { live });
    return row;
  }

  addNotice(text, ts, live) {
    const date = parseTs(ts);
    this.last = null;
    const row = el("div", { class: "uw-notice" },
      el("div", { class: "uw-notice-text" }, linkify(text || ""),
        el("time", { class: "uw-notice-time", datetime: isoString(date), text: formatTime(date) })));
    this.appendRow(row, { live });
    return row;
  }

  addWorker(text, ts, live) {
    const date = parseTs(ts);
    const row = this.makeRow("worker", "worker", date);
    const meta = this.meta(date);
    row.appendChild(el("div", { class: "uw-stack" },
      el("div", { class: "uw-bubble" }, el("span", { class: "uw-sr", text: "我：" }), linkify(text)),
      meta));
    this.appendRow(row, { live, force: true });
    return { row, meta };
  }

  // ------------------------------------------------------------------ outgoing
  onInputKey(e) {
    if (e.key !== "Enter" || e.shiftKey) return;
    if (e.isComposing || e.keyCode === 229) return; // Enter confirming an IME (pinyin) candidate
    e.preventDefault();
    this.submit();
  }

  onInput() {
    this.autosize();
    const len = this.input.value.length;
    if (len >= MAX_CHARS) {
      this.hint.textContent = "已达到 " + MAX_CHARS + " 字上限，请分条发送";
      this.hint.className = "uw-hint uw-hint--limit";
      this.hint.hidden = false;
    } else if (len >= HINT_FROM) {
      this.hint.textContent = "还可输入 " + (MAX_CHARS - len) + " 字（每条最多 " + MAX_CHARS + " 字）";
      this.hint.className = "uw-hint";
      this.hint.hidden = false;
    } else {
      this.hint.hidden = true;
    }
  }

  autosize() {
    this.input.style.height = "auto";
    this.input.style.height = Math.min(this.input.scrollHeight + 2, 132) + "px";
  }

  submit() {
    const text = this.input.value.replace(/^\s+|\s+$/g, "").slice(0, MAX_CHARS);
    if (!text) { this.input.focus(); return; }
    if (this.conn !== "ready") return;
    this.input.value = "";
    this.onInput();
    this.sendMessage(text, text);
    this.input.focus();
  }

  sendMessage(displayText, message) {
    this.retireReplies();
    const entry = this.addWorker(displayText, new Date(), true);
    this.deliver(entry, message);
  }

  deliver(entry, message) {
    entry.row.classList.remove("uw-row--failed");
    const old = entry.meta.querySelector(".uw-fail");
    if (old) old.remove();
    const fail = () => this.markFailed(entry, message);
    if (!this.transport.send(message, fail)) { fail(); return; }
    this.showTyping();
  }

  markFailed(entry, message) {
    if (entry.row.classList.contains("uw-row--failed")) return;
    this.hideTyping();
    entry.row.classList.add("uw-row--failed");
    entry.meta.appendChild(el("span", { class: "uw-fail" },
      el("span", { class: "uw-error", role: "alert", text: TEXT.failed }), " ",
      el("button", { type: "button", class: "uw-retry", "aria-label": "重试发送这条消息", onclick: () => this.deliver(entry, message) }, TEXT.retry)));
  }

  showTyping() {
    if (this.handoff.status !== "none") return; // a person (or nobody yet) is on the other side
    const stick = this.isNearBottom();
    this.typing.hidden = false;
    if (stick) this.scrollToBottom();
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.hideTyping(), TYPING_TIMEOUT_MS);
  }

  hideTyping() {
    clearTimeout(this.typingTimer);
    this.typing.hidden = true;
  }

  // ------------------------------------------------------------------ misc
  isNearBottom() {
    const b = this.body;
    return b.scrollHeight - b.scrollTop - b.clientHeight < 80;
  }

  scrollToBottom() {
    this.jump.hidden = true;
    const go = () => { this.body.scrollTop = this.body.scrollHeight; };
    go();
    if (typeof requestAnimationFrame === "function") requestAnimationFrame(go);
  }

  updateBadge() {
    const n = this.unread;
    this.badge.hidden = n === 0;
    this.badge.textContent = n > 99 ? "99+" : String(n);
    this.launcher.setAttribute("aria-label", TEXT.launcher + "：打开" + this.config.title + (n ? "（" + n + " 条新消息）" : ""));
  }
}
