// How messages look: rows, bubbles, media, cards and reply buttons. Pure DOM builders; the
// controller (widget.js) decides when to add them, groups rows and keeps the state.
import { el, safeUrl } from "./dom.js";
import { linkify } from "./linkify.js";
import { formatTime, isoString } from "./time.js";
import { normalizeButtons } from "./payload.js";
import { TEXT } from "./strings.js";

/** A message row; `cont` when it continues the previous sender's group (no repeated avatar). */
export function rowEl(kind, cont) {
  return el("div", { class: "uw-row uw-row--" + kind + (cont ? " uw-row--cont" : "") });
}

export function metaEl(date) {
  return el("div", { class: "uw-meta" }, el("time", { datetime: isoString(date), text: formatTime(date) }));
}

/** An image or an attachment link; `base` resolves relative URLs (only http(s) is shown). */
export function renderMedia(p, base) {
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
export function renderCards(p, buttons, base) {
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
      const url = safeUrl(b && b.url, base);
      if (url) box.appendChild(el("div", null, el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, String(b.title || url))));
      else if (b && (b.payload || b.title)) buttons.push(...normalizeButtons([b]));
    }
  }
  return box.childNodes.length ? box : null;
}

/** Quick-reply chips; a button calls onChoose(group, button). Old (not interactive) ones are greyed. */
export function renderReplies(buttons, { interactive, ready, onChoose }) {
  const group = el("div", { class: "uw-replies" + (interactive ? "" : " uw-replies--old"), role: "group", "aria-label": "可选回复" });
  for (const b of buttons) {
    const url = !b.payload && safeUrl(b.url);
    if (url) {
      group.appendChild(el("a", { class: "uw-chip", href: url, target: "_blank", rel: "noopener noreferrer" }, b.title));
      continue;
    }
    group.appendChild(el("button", { type: "button", class: "uw-chip", disabled: !interactive || !ready,
      onclick: () => onChoose(group, b) }, b.title));
  }
  return group;
}

/** The bot's message into `row`: bubble (text, media, cards), then replies, then the time. */
export function fillBotRow(row, { text, media, cards, replies, date }) {
  const stack = el("div", { class: "uw-stack" });
  if (text.trim() || media || cards) {
    const bubble = el("div", { class: "uw-bubble" }, el("span", { class: "uw-sr", text: "助手：" }));
    if (text.trim()) bubble.appendChild(linkify(text));
    if (media) bubble.appendChild(media);
    if (cards) bubble.appendChild(cards);
    stack.appendChild(bubble);
  }
  if (replies) stack.appendChild(replies);
  stack.appendChild(metaEl(date));
  row.appendChild(el("div", { class: "uw-avatar", "aria-hidden": "true", text: "助" }));
  row.appendChild(stack);
  return row;
}

/** A staff member's message into `row`, under their name and role. */
export function fillOfficerRow(row, { text, who, label, date }) {
  row.appendChild(el("div", { class: "uw-avatar", "aria-hidden": "true", text: who.charAt(0) }));
  row.appendChild(el("div", { class: "uw-stack" },
    el("div", { class: "uw-label", text: label }),
    el("div", { class: "uw-bubble" }, el("span", { class: "uw-sr", text: "（人工）：" }), linkify(text || "")),
    metaEl(date)));
  return row;
}

/** The worker's own message into `row`; returns its time line (where a failed send is marked). */
export function fillWorkerRow(row, text, date) {
  const meta = metaEl(date);
  row.appendChild(el("div", { class: "uw-stack" },
    el("div", { class: "uw-bubble" }, el("span", { class: "uw-sr", text: "我：" }), linkify(text)),
    meta));
  return meta;
}

/** A notice across the log (handoff started, ended, …). */
export function noticeEl(text, date) {
  return el("div", { class: "uw-notice" },
    el("div", { class: "uw-notice-text" }, linkify(text || ""),
      el("time", { class: "uw-notice-time", datetime: isoString(date), text: formatTime(date) })));
}

/** "Sending failed · retry" under a worker's message. */
export function failEl(onRetry) {
  return el("span", { class: "uw-fail" },
    el("span", { class: "uw-error", role: "alert", text: TEXT.failed }), " ",
    el("button", { type: "button", class: "uw-retry", "aria-label": "重试发送这条消息", onclick: onRetry }, TEXT.retry));
}
