// 回访: call back workers whose case was resolved but not solved, who were not satisfied, or who
// did not answer the satisfaction question; record the outcome, re-open the ticket if needed.
// The phone is masked here; it is revealed on the ticket page by the usual (logged) reveal.
import { h, replace, field } from "../dom.js";
import { api, enc } from "../api.js";
import { fmtDateTime } from "../format.js";
import { badge, loadingBlock, errorBlock, emptyBlock, toast, toastError, withBusy } from "../ui.js";
import { setTitle } from "../title.js";

const TABS = [
  { name: "due", label: "到期待回访" },
  { name: "open", label: "全部待回访" },
  { name: "done", label: "已回访" },
];

export async function followupsView(root, params, ctx, query) {
  setTitle("回访");
  let which = TABS.some((t) => t.name === query.get("which")) ? query.get("which") : "due";
  const list = h("div", { class: "review-list", "data-testid": "followup-list" });
  const count = h("span", { class: "muted" });
  const tabButtons = TABS.map((t) => h("button", {
    type: "button", role: "tab", class: "tab", "data-tab": t.name, "aria-selected": String(t.name === which),
    onclick: () => { which = t.name; tabButtons.forEach((b) => b.setAttribute("aria-selected", String(b.dataset.tab === which))); load(); },
  }, t.label));

  replace(root,
    h("div", { class: "page-head" },
      h("h1", null, "回访"),
      h("span", { class: "muted" }, "办结后职工说没解决、不满意，或没有回答满意度的，到期后请电话回访。")),
    h("div", { class: "tabs-row" }, h("div", { class: "tabs", role: "tablist", "aria-label": "回访状态" }, tabButtons), count),
    list);

  function row(item) {
    const said = [item.solved_label, item.rating_label].filter(Boolean).join("，") || "没有回答";
    const el = h("article", { class: "review-row card", "data-testid": "followup-row", "data-reference": item.reference },
      h("div", { class: "review-meta" },
        h("a", { href: `#/tickets/${enc(item.reference)}`, class: "ref", "data-testid": "followup-ticket" }, item.reference),
        " ", badge(item.topic_label || "其他", "topic"), " ", badge(item.reason_label, item.due ? "danger" : "neutral"),
        h("span", { class: "muted small" }, ` · 应回访时间 ${fmtDateTime(item.due_at)} · 工单${item.ticket_status_label}`)),
      h("div", { class: "review-meta" }, "职工评价：", said),
      item.comment ? h("div", { class: "review-text prewrap" }, `职工的意见：${item.comment}`) : null,
      h("div", { class: "review-meta" }, "联系电话：", h("span", { "data-testid": "followup-phone" }, item.contact_phone || "没有留电话"),
        item.contact_name ? ` （${item.contact_name}）` : "",
        h("span", { class: "muted small" }, " 需要完整号码时，打开工单点“显示完整信息”（会记录查看原因）。")));
    if (item.status === "open") {
      const reached = h("select", { "data-testid": "followup-reached" },
        h("option", { value: "yes" }, "已联系上职工"), h("option", { value: "no" }, "没有联系上"));
      const outcome = h("textarea", { rows: 2, placeholder: "回访结果，例如：工资已经拿到，职工满意", "data-testid": "followup-outcome" });
      const reopen = h("input", { type: "checkbox", "data-testid": "followup-reopen" });
      const save = h("button", { type: "button", class: "btn btn-primary btn-small", "data-testid": "followup-save" }, "记录回访结果");
      const f = field("回访结果", outcome);
      save.addEventListener("click", () => {
        if (!outcome.value.trim()) {
          f.setError("请写下回访结果");
          outcome.focus();
          return;
        }
        f.setError("");
        withBusy([save, outcome, reached, reopen], async () => {
          try {
            const done = await api.post(`/api/followups/${enc(item.id)}`,
              { reached: reached.value === "yes", outcome: outcome.value.trim(), reopen: reopen.checked });
            toast(done.reopened ? "已记录，工单已重新打开处理" : "已记录回访结果", "success");
            el.remove();
            total -= 1;
            count.textContent = `共 ${total} 个`;
          } catch (err) {
            toastError(err, "记录失败");
          }
        });
      });
      el.appendChild(h("div", { class: "review-actions" }, reached, f.wrap,
        h("label", { class: "small" }, reopen, " 问题还要处理，重新打开工单"), save));
    } else {
      el.appendChild(h("div", { class: "review-meta muted" },
        `${item.reached ? "已联系上" : "没有联系上"}：${item.outcome || ""}`, item.reopened ? "（已重新打开工单）" : "",
        ` · ${fmtDateTime(item.done_at)}`));
    }
    return el;
  }

  let total = 0;
  let seq = 0;
  async function load() {
    const my = ++seq;
    replace(list, loadingBlock());
    count.textContent = "";
    try {
      const data = await api.get("/api/followups", { which }, { signal: ctx.signal });
      if (my !== seq || !ctx.alive) return;
      const items = Array.isArray(data.items) ? data.items : [];
      total = items.length;
      count.textContent = `共 ${total} 个`;
      replace(list, items.length ? items.map(row) : emptyBlock(which === "done" ? "还没有回访记录" : "现在没有要回访的职工"));
    } catch (err) {
      if (my !== seq || !ctx.alive || err.name === "AbortError") return;
      replace(list, errorBlock(err, load));
    }
  }
  load();
}
