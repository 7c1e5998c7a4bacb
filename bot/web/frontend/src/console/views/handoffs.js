// 人工接入: waiting conversations to claim, and the ones in progress.
import { h, replace } from "../dom.js";
import { api, enc } from "../api.js";
import { fmtDateTime, fmtShort, fmtDuration, ageFrom } from "../format.js";
import { me } from "../session.js";
import { badge, loadingBlock, errorBlock, emptyBlock, toast, withBusy } from "../ui.js";
import { pollFailed, pollOk } from "../connection.js";
import { navigate } from "../router.js";
import { setTitle } from "../title.js";

export const HANDOFF_STATUS = { waiting: "等待接入", live: "进行中", closed: "已结束", cancelled: "已取消" };
const HANDOFF_KIND = { waiting: "danger", live: "primary", closed: "muted", cancelled: "muted" };

export function handoffStatusBadge(status) {
  return badge(HANDOFF_STATUS[status] || status || "—", HANDOFF_KIND[status] || "neutral", { "data-handoff-status": status || "" });
}

/** POST claim, then open the chat. On 409 tells who has it and calls onConflict. */
export async function claimHandoff(id, button, onConflict) {
  return withBusy(button, async () => {
    try {
      await api.post(`/api/handoffs/${enc(id)}/claim`);
      toast("已接入会话", "success");
      navigate(`/handoffs/${enc(id)}`);
      return true;
    } catch (err) {
      toast(err.message || "接入失败", "error");
      if (onConflict) onConflict(err);
      return false;
    }
  });
}

export async function handoffsView(root, params, ctx) {
  setTitle("人工接入");
  const waitingBox = h("div", { class: "handoff-list", "data-testid": "handoffs-waiting" }, loadingBlock());
  const liveBox = h("div", { class: "handoff-list", "data-testid": "handoffs-live" }, loadingBlock());
  const waitingCount = h("span", { class: "count" });
  const liveCount = h("span", { class: "count" });
  const refreshBtn = h("button", { type: "button", class: "btn btn-small" }, "刷新");

  replace(root,
    h("div", { class: "page-head" },
      h("h1", null, "人工接入"),
      h("span", { class: "muted" }, "职工请求人工或案件需要法律援助工作人员时出现在这里。每 5 秒自动刷新。"),
      refreshBtn),
    h("div", { class: "handoff-columns" },
      h("section", { class: "card" }, h("h2", { class: "card-title" }, "等待接入 ", waitingCount), waitingBox),
      h("section", { class: "card" }, h("h2", { class: "card-title" }, "进行中的会话 ", liveCount), liveBox)));

  let loaded = false;

  function row(hd, { waiting }) {
    const mine = hd.officer && hd.officer === me();
    const minutes = hd.waiting_minutes ?? ageFrom(hd.created_at);
    const claim = h("button", { type: "button", class: "btn btn-primary", "data-testid": "handoff-claim" }, "接入");
    claim.addEventListener("click", () => claimHandoff(hd.id, claim, () => poller.now()));
    const open = h("a", { href: `#/handoffs/${enc(hd.id)}`, class: ["btn", mine ? "btn-primary" : ""], "data-testid": "handoff-open" },
      mine ? "进入会话" : "查看");
    return h("article", { class: ["handoff-row", waiting && minutes >= 5 ? "is-late" : ""], "data-testid": "handoff-row", "data-id": String(hd.id) },
      h("div", { class: "handoff-main" },
        h("div", { class: "handoff-top" },
          handoffStatusBadge(hd.status),
          hd.reason_label ? badge(hd.reason_label, "warn") : null,
          hd.topic_label ? badge(hd.topic_label, "topic") : null,
          waiting
            ? h("strong", { class: minutes >= 5 ? "text-danger" : "" }, `已等待 ${fmtDuration(minutes)}`)
            : h("span", { class: "muted" }, `${hd.officer_name || hd.officer || ""}${mine ? "（我）" : ""} · 接入于 ${fmtShort(hd.claimed_at)}`)),
        h("p", { class: "handoff-summary" }, hd.summary || h("span", { class: "muted" }, "（无摘要）")),
        h("div", { class: "muted small" },
          hd.ticket_reference ? [h("span", null, "工单 "), h("a", { href: `#/tickets/${enc(hd.ticket_reference)}`, class: "mono" }, hd.ticket_reference), " · "] : null,
          `发起于 ${fmtDateTime(hd.created_at)}`,
          hd.last_worker_message_at ? ` · 职工最后发言 ${fmtShort(hd.last_worker_message_at)}` : null)),
      h("div", { class: "handoff-actions" }, waiting ? claim : open));
  }

  async function load() {
    try {
      const [w, l] = await Promise.all([
        api.get("/api/handoffs", { status: "waiting" }, { signal: ctx.signal }),
        api.get("/api/handoffs", { status: "live" }, { signal: ctx.signal }),
      ]);
      if (!ctx.alive) return;
      pollOk();
      loaded = true;
      const waiting = (w && w.items) || [];
      const live = ((l && l.items) || []).slice().sort((a, b) => (b.officer === me()) - (a.officer === me()));
      waitingCount.textContent = waiting.length ? `(${waiting.length})` : "";
      liveCount.textContent = live.length ? `(${live.length})` : "";
      // keep keyboard focus on the same row's button across refreshes
      const focusedId = document.activeElement && document.activeElement.closest && document.activeElement.closest("[data-id]");
      const fid = focusedId ? focusedId.dataset.id : null;
      replace(waitingBox, waiting.length ? waiting.map((x) => row(x, { waiting: true })) : emptyBlock("目前没有等待接入的会话"));
      replace(liveBox, live.length ? live.map((x) => row(x, { waiting: false })) : emptyBlock("目前没有进行中的会话"));
      if (fid) {
        const again = root.querySelector(`[data-id="${CSS.escape(fid)}"] .btn`);
        if (again) again.focus();
      }
    } catch (err) {
      if (!ctx.alive || err.name === "AbortError") return;
      if (!loaded) {
        replace(waitingBox, errorBlock(err, () => poller.now()));
        replace(liveBox, "");
      } else pollFailed(err);
      throw err;
    }
  }
  const poller = ctx.poll(load, 5000, { hiddenInterval: 10000 });
  refreshBtn.addEventListener("click", () => poller.now());
}
