// The worker-facing chat widget's controller: launcher button + chat panel in a shadow root, the
// conversation's state (connection, handoff, unread, reply buttons still usable) and the worker's
// input. How messages look is in render.js, what arrives is normalised in payload.js, the
// connection is transport.js and what the browser remembers storage.js.
import css from "./widget.css";
import { el, icon } from "./dom.js";
import { parseTs } from "./time.js";
import * as store from "./storage.js";
import { Transport } from "./transport.js";
import { handoffFromNoticeText, handoffStatus, normalizeButtons, normalizePayload } from "./payload.js";
import {
  failEl, fillBotRow, fillOfficerRow, fillWorkerRow, noticeEl, renderCards, renderMedia, renderReplies, rowEl,
} from "./render.js";
import {
  DEFAULT_OFFICER_ROLE, GREETING, HINT_FROM, HOTLINE, MAX_CHARS, PRIVACY_LINE, STARTERS, TEXT,
} from "./strings.js";

export const SESSION_KEY = "union-widget-session";
const HANDOFF_KEY = "union-widget-handoff";
const TYPING_TIMEOUT_MS = 12000;
const CONNECTING_BANNER_DELAY_MS = 1500;
const HISTORY_TIMEOUT_MS = 8000;
const GROUP_WINDOW_MS = 2 * 60 * 1000;

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
    return rowEl(kind, cont);
  }

  addBot(p, { ts, live, interactive }) {
    const base = this.config.base + "/";
    const buttons = normalizeButtons(p.quick_replies && p.quick_replies.length ? p.quick_replies : p.buttons);
    const text = p.text == null ? "" : String(p.text);
    const media = renderMedia(p, base);
    const cards = renderCards(p, buttons, base);
    if (!text.trim() && !buttons.length && !media && !cards) return null; // custom JSON this widget does not show
    const date = parseTs(ts);
    const row = this.makeRow("bot", "bot", date);
    const replies = buttons.length ? this.replies(buttons, interactive) : null;
    fillBotRow(row, { text, media, cards, replies, date });
    this.appendRow(row, { live });
    return row;
  }

  /** Reply buttons; while `interactive` they stay usable until the worker answers. */
  replies(buttons, interactive) {
    const group = renderReplies(buttons, { interactive, ready: this.conn === "ready",
      onChoose: (g, b) => this.chooseReply(g, b) });
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
    const row = fillOfficerRow(this.makeRow("officer", "officer:" + who, date), { text, who, label, date });
    this.appendRow(row, { live });
    return row;
  }

  addNotice(text, ts, live) {
    const date = parseTs(ts);
    this.last = null;
    const row = noticeEl(text, date);
    this.appendRow(row, { live });
    return row;
  }

  addWorker(text, ts, live) {
    const date = parseTs(ts);
    const row = this.makeRow("worker", "worker", date);
    const meta = fillWorkerRow(row, text, date);
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
    entry.meta.appendChild(failEl(() => this.deliver(entry, message)));
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
