// Message time stamps: HH:MM today, "M月D日 HH:MM" on another day.

/** Accepts ISO strings ("…Z"), epoch seconds or milliseconds (numbers or numeric strings), Dates. */
export function parseTs(ts) {
  if (ts instanceof Date) return isNaN(ts.getTime()) ? new Date() : ts;
  if (typeof ts === "string" && /^\d+(\.\d+)?$/.test(ts.trim())) ts = Number(ts);
  if (typeof ts === "number" && isFinite(ts)) return new Date(ts < 1e12 ? ts * 1000 : ts);
  if (typeof ts === "string" && ts) {
    const d = new Date(ts);
    if (!isNaN(d.getTime())) return d;
  }
  return new Date();
}

const pad = (n) => (n < 10 ? "0" : "") + n;

export function formatTime(date, now) {
  const d = date instanceof Date ? date : parseTs(date);
  const today = now || new Date();
  const hm = pad(d.getHours()) + ":" + pad(d.getMinutes());
  const sameDay = d.getFullYear() === today.getFullYear() && d.getMonth() === today.getMonth() && d.getDate() === today.getDate();
  if (sameDay) return hm;
  const year = d.getFullYear() === today.getFullYear() ? "" : d.getFullYear() + "年";
  return year + (d.getMonth() + 1) + "月" + d.getDate() + "日 " + hm;
}

/** For <time datetime>. */
export function isoString(date) {
  try { return date.toISOString(); } catch (e) { return ""; }
}
