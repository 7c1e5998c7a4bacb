// What arrives from the server, normalised: bot payloads, their buttons, and handoff states.

/** Normalises a handoff value from a notice, a history answer or storage to none | waiting | live. */
export function handoffStatus(value) {
  const v = String(value || "").toLowerCase();
  if (v === "waiting" || v === "queued" || v === "pending") return "waiting";
  if (v === "live" || v === "claimed" || v === "active") return "live";
  return "none"; // ended, closed, cancelled, released, bot, …
}

/** Guess for notices that carry no handoff field (history entries). */
export function handoffFromNoticeText(text) {
  const t = String(text || "");
  if (/转回|已结束|结束了|交还|已退出|恢复智能/.test(t)) return "none";
  if (/已接入|为您服务|正在和您/.test(t)) return "live";
  if (/等待|排队|稍候|正在为您转接|转接人工/.test(t)) return "waiting";
  return null;
}

/** bot_uttered payloads: plain Rasa messages, or custom JSON (maybe wrapped in custom/data). */
export function normalizePayload(payload) {
  if (payload === null || payload === undefined) return null;
  if (typeof payload !== "object") return { text: String(payload) };
  let p = payload;
  for (const key of ["custom", "data"]) {
    const inner = p[key];
    if (inner && typeof inner === "object" && !Array.isArray(inner) && (inner.kind || inner.text)) p = { ...p, ...inner };
  }
  return p;
}

export function normalizeButtons(list) {
  if (!Array.isArray(list)) return [];
  return list
    .filter((b) => b && (b.title || b.payload))
    .map((b) => ({ title: String(b.title || b.payload), payload: b.payload != null && b.payload !== "" ? String(b.payload) : String(b.title), url: b.url }));
}
