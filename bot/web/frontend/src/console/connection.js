// Background polls report here: a banner while the server cannot be reached, one toast per outage.
import { toast } from "./ui.js";

let banner = null;
let failing = false;

export function setBanner(el) {
  banner = el;
}

export function pollFailed(err) {
  if (err && (err.name === "AbortError" || err.status === 401)) return;
  if (!failing) {
    failing = true;
    toast(`自动刷新失败：${(err && err.message) || "网络错误"}，正在重试…`, "error");
  }
  if (banner) banner.hidden = false;
}

export function pollOk() {
  failing = false;
  if (banner) banner.hidden = true;
}
