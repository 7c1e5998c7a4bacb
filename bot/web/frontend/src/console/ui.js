// Shared UI pieces: toasts, modal dialogs, badges, loading and error states.
import { h, clear, append, field, uid } from "./dom.js";

// ---- toasts -------------------------------------------------------------------------------

let toastRoot = null;
function ensureToastRoot() {
  if (!toastRoot || !document.body.contains(toastRoot)) {
    toastRoot = h("div", { class: "toasts", "aria-live": "polite", "aria-atomic": "false" });
    document.body.appendChild(toastRoot);
  }
  return toastRoot;
}

/** kind: "error" | "success" | "info" | "warn" */
export function toast(message, kind = "info", { timeout } = {}) {
  const root = ensureToastRoot();
  const ms = timeout ?? (kind === "error" ? 7000 : 3500);
  const close = h("button", { class: "toast-close", type: "button", "aria-label": "关闭提示" }, "×");
  const el = h("div", { class: `toast toast-${kind}`, role: kind === "error" ? "alert" : "status", "data-testid": "toast" },
    h("span", { class: "toast-text" }, message), close);
  const remove = () => {
    el.classList.add("toast-out");
    setTimeout(() => el.remove(), 200);
  };
  close.addEventListener("click", remove);
  root.appendChild(el);
  // never more than 4 at once
  while (root.children.length > 4) root.firstChild.remove();
  if (ms > 0) setTimeout(remove, ms);
  return remove;
}

export function toastError(err, prefix) {
  if (err && err.name === "AbortError") return;
  if (err && err.status === 401) return; // the login page takes over
  const msg = (err && err.message) || "操作失败";
  toast(prefix ? `${prefix}：${msg}` : msg, "error");
}

// ---- dialogs -------------------------------------------------------------------------------

/**
 * A modal <dialog>. `body` is a node (or list). `onSubmit()` may return false to keep the
 * dialog open, throw to show the error inside it, or return a value the promise resolves with.
 * Cancel / Esc resolves null.
 */
export function dialog({ title, body, submitText = "确定", cancelText = "取消", danger = false, onSubmit, wide = false, testid }) {
  return new Promise((resolve) => {
    const titleId = uid("dlg");
    const errorBox = h("div", { class: "dialog-error", role: "alert", hidden: true });
    const submitBtn = h("button", { type: "submit", class: ["btn", danger ? "btn-danger" : "btn-primary"] }, submitText);
    const cancelBtn = cancelText ? h("button", { type: "button", class: "btn" }, cancelText) : null;
    const form = h("form", { class: "dialog-form", novalidate: true },
      h("h2", { class: "dialog-title", id: titleId }, title),
      h("div", { class: "dialog-body" }, body),
      errorBox,
      h("div", { class: "dialog-actions" }, cancelBtn, submitBtn));
    const dlg = h("dialog", { class: ["dialog", wide ? "dialog-wide" : ""], "aria-labelledby": titleId, "data-testid": testid }, form);
    let settled = false;
    const finish = (value) => {
      if (settled) return;
      settled = true;
      if (dlg.open) dlg.close();
      dlg.remove();
      resolve(value);
    };
    if (cancelBtn) cancelBtn.addEventListener("click", () => finish(null));
    dlg.addEventListener("cancel", (e) => {
      e.preventDefault();
      finish(null);
    });
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      errorBox.hidden = true;
      submitBtn.disabled = true;
      try {
        const value = onSubmit ? await onSubmit() : true;
        if (value === false) return;
        finish(value === undefined ? true : value);
      } catch (err) {
        if (err && err.status === 401) {
          finish(null);
          return;
        }
        errorBox.textContent = (err && err.message) || "操作失败";
        errorBox.hidden = false;
      } finally {
        submitBtn.disabled = false;
      }
    });
    document.body.appendChild(dlg);
    dlg.showModal();
    const first = form.querySelector("input:not([type=hidden]):not([disabled]), textarea, select");
    (first || submitBtn).focus();
  });
}

export function confirmDialog({ title = "请确认", message, okText = "确定", danger = false }) {
  return dialog({ title, body: h("p", { class: "dialog-message" }, message), submitText: okText, danger });
}

/** Asks for one text value; resolves the trimmed string or null. */
export function promptDialog({ title, label, message, required = false, minLength = 0, multiline = false,
  placeholder = "", okText = "确定", value = "", danger = false }) {
  const input = multiline
    ? h("textarea", { rows: 3, placeholder, value })
    : h("input", { type: "text", placeholder, value, autocomplete: "off" });
  const f = field(label, input, { required });
  return dialog({
    title,
    submitText: okText,
    danger,
    body: [message ? h("p", { class: "dialog-message" }, message) : null, f.wrap],
    onSubmit: () => {
      const v = input.value.trim();
      if (required && !v) {
        f.setError(`请填写${label}`);
        input.focus();
        return false;
      }
      if (v && v.length < minLength) {
        f.setError(`${label}至少需要 ${minLength} 个字`);
        input.focus();
        return false;
      }
      f.setError("");
      return v;
    },
  });
}

// ---- badges and states ----------------------------------------------------------------------

export function badge(text, kind = "neutral", attrs = {}) {
  return h("span", { class: `badge badge-${kind}`, ...attrs }, text);
}

const PRIORITY_KIND = { urgent: "danger", high: "warn", normal: "info", low: "neutral" };
export function priorityBadge(priority, label) {
  return badge(label || priority || "—", PRIORITY_KIND[priority] || "neutral", { "data-priority": priority || "" });
}

const SLA_KIND = { overdue: "danger", soon: "warn", ok: "ok", met: "muted" };
const SLA_TITLE = { overdue: "已超时", soon: "即将超时", ok: "时限内", met: "已首次响应" };
export function slaBadge(sla) {
  if (!sla) return badge("—", "muted");
  return badge(sla.label || SLA_TITLE[sla.state] || "—", SLA_KIND[sla.state] || "muted",
    { title: `响应时限：${SLA_TITLE[sla.state] || sla.state || ""}`, "data-sla": sla.state || "" });
}

const STATUS_KIND = { new: "info", in_progress: "primary", waiting_worker: "warn", resolved: "ok", closed: "muted" };
export function statusBadge(status, label) {
  return badge(label || status || "—", STATUS_KIND[status] || "neutral", { "data-status": status || "" });
}

export function loadingBlock(text = "正在加载…") {
  return h("div", { class: "state state-loading", role: "status" }, h("span", { class: "spinner", "aria-hidden": "true" }), text);
}

export function errorBlock(err, retry) {
  return h("div", { class: "state state-error", role: "alert" },
    h("div", null, (err && err.message) || "加载失败"),
    retry ? h("button", { class: "btn btn-small", type: "button", onclick: retry }, "重试") : null);
}

export function emptyBlock(text) {
  return h("div", { class: "state state-empty" }, text);
}

/** Runs an async action from a button: disables it meanwhile, toasts errors. */
export async function withBusy(button, fn) {
  const buttons = Array.isArray(button) ? button : [button];
  const prev = buttons.map((b) => b && b.disabled);
  buttons.forEach((b) => { if (b) { b.disabled = true; b.setAttribute("aria-busy", "true"); } });
  try {
    return await fn();
  } finally {
    buttons.forEach((b, i) => { if (b) { b.disabled = prev[i]; b.removeAttribute("aria-busy"); } });
  }
}

export function section(title, ...children) {
  return h("section", { class: "card" }, title ? h("h2", { class: "card-title" }, title) : null, ...children);
}

export function setChildren(el, ...children) {
  clear(el);
  append(el, children);
}
