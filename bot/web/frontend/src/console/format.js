// Chinese date/time formatting (Beijing time whatever the staff machine's time zone).

const TZ = "Asia/Shanghai";

/** Accepts ISO strings ("…Z") and epoch seconds/milliseconds (Rasa tracker timestamps). */
export function toDate(ts) {
  if (ts === null || ts === undefined || ts === "") return null;
  let d;
  if (typeof ts === "number") d = new Date(ts < 1e12 ? ts * 1000 : ts);
  else if (/^\d+(\.\d+)?$/.test(String(ts))) return toDate(Number(ts));
  else d = new Date(ts);
  return Number.isNaN(d.getTime()) ? null : d;
}

function parts(d) {
  const out = {};
  for (const p of new Intl.DateTimeFormat("zh-CN", {
    timeZone: TZ, year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23",
  }).formatToParts(d)) out[p.type] = p.value;
  return out;
}

/** 2026-11-03 14:05 */
export function fmtDateTime(ts, { seconds = false } = {}) {
  const d = toDate(ts);
  if (!d) return "—";
  const p = parts(d);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}${seconds ? `:${p.second}` : ""}`;
}

/** 14:05 today, otherwise 11月3日 14:05 (with the year when it differs). */
export function fmtShort(ts) {
  const d = toDate(ts);
  if (!d) return "";
  const p = parts(d);
  const now = parts(new Date());
  const time = `${p.hour}:${p.minute}`;
  if (p.year === now.year && p.month === now.month && p.day === now.day) return time;
  if (p.year === now.year) return `${Number(p.month)}月${Number(p.day)}日 ${time}`;
  return `${p.year}年${Number(p.month)}月${Number(p.day)}日 ${time}`;
}

export function fmtClock(d = new Date()) {
  const p = parts(d);
  return `${p.hour}:${p.minute}:${p.second}`;
}

/** age in minutes → 刚刚 / 12分钟前 / 3小时前 / 2天前 */
export function fmtAge(minutes) {
  if (minutes === null || minutes === undefined || Number.isNaN(Number(minutes))) return "—";
  const m = Math.max(0, Math.floor(Number(minutes)));
  if (m < 1) return "刚刚";
  if (m < 60) return `${m}分钟前`;
  const hrs = Math.floor(m / 60);
  if (hrs < 24) return `${hrs}小时前`;
  return `${Math.floor(hrs / 24)}天前`;
}

export function ageFrom(ts) {
  const d = toDate(ts);
  return d ? (Date.now() - d.getTime()) / 60000 : null;
}

/** a duration in minutes → 45分钟 / 2小时10分钟 / 3天4小时 */
export function fmtDuration(minutes) {
  if (minutes === null || minutes === undefined || Number.isNaN(Number(minutes))) return "—";
  const m = Math.round(Number(minutes));
  if (m < 60) return `${m}分钟`;
  const hrs = Math.floor(m / 60);
  if (hrs < 24) return m % 60 ? `${hrs}小时${m % 60}分钟` : `${hrs}小时`;
  const days = Math.floor(hrs / 24);
  return hrs % 24 ? `${days}天${hrs % 24}小时` : `${days}天`;
}

/** 0.873 → 87% ; already-percent values (> 1) are kept. */
export function fmtPercent(x, digits = 0) {
  if (x === null || x === undefined || x === "" || Number.isNaN(Number(x))) return "—";
  let v = Number(x);
  if (v <= 1) v *= 100;
  return `${v.toFixed(digits)}%`;
}
