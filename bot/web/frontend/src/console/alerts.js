// Alerts for signed-in staff: an urgent case not yet answered or a worker waiting for a person
// (GET /api/alerts, polled) → once per case a banner, a short sound and a browser notification.
import { h } from "./dom.js";
import { api } from "./api.js";
import { pollFailed, pollOk } from "./connection.js";

const SEEN = "console.alerts.seen";
let audio = null;

function seen() {
  try {
    return new Set(JSON.parse(sessionStorage.getItem(SEEN)) || []);
  } catch (e) {
    return new Set();
  }
}

function beep() {
  try {
    audio = audio || new (window.AudioContext || window.webkitAudioContext)();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.value = 0.15;
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.4);
    document.body.dataset.alertSound = String(Number(document.body.dataset.alertSound || 0) + 1);
  } catch (e) { /* no audio device: the banner and notification remain */ }
}

function notify(item) {
  if (!("Notification" in window)) return;
  const show = () => {
    try {
      const n = new Notification(item.kind === "urgent" ? "紧急工单" : "职工等待人工接入", { body: item.text, tag: item.key });
      n.onclick = () => { window.focus(); location.hash = item.link; };
      document.body.dataset.alertNotified = item.key;
    } catch (e) { /* notifications blocked */ }
  };
  if (Notification.permission === "granted") show();
  else if (Notification.permission === "default") Notification.requestPermission().then((p) => { if (p === "granted") show(); });
}

/** Starts the alert poll in the shell; `ctx` is the shell's ViewContext, `host` the banner's parent. */
export function startAlerts(ctx, host) {
  const banner = h("div", { class: "alert-banner", role: "alert", "data-testid": "alert-banner", hidden: true });
  host.insertBefore(banner, host.querySelector("main"));
  const known = seen();
  ctx.poll(async () => {
    try {
      const data = await api.get("/api/alerts", null, { signal: ctx.signal });
      pollOk();
      const items = (data && data.items) || [];
      const fresh = items.filter((i) => !known.has(i.key));
      banner.replaceChildren(...items.map((i) => h("a", { href: i.link, class: ["alert-item", `alert-${i.kind}`], "data-key": i.key }, i.text)));
      banner.hidden = items.length === 0;
      if (fresh.length) {
        beep();
        fresh.forEach((i) => { known.add(i.key); notify(i); });
        sessionStorage.setItem(SEEN, JSON.stringify([...known].slice(-200)));
      }
    } catch (err) {
      if (err.name !== "AbortError") pollFailed(err);
      throw err;
    }
  }, 5000, { hiddenInterval: 5000 });
}
