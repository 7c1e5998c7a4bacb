// 待审消息: messages the bot was unsure about; staff label them (training data) or dismiss them.
import { h, options, replace, field } from "../dom.js";
import { api, enc } from "../api.js";
import { fmtDateTime, fmtPercent } from "../format.js";
import { remember } from "../meta.js";
import { badge, loadingBlock, errorBlock, emptyBlock, toast, toastError, withBusy } from "../ui.js";
import { setTitle } from "../title.js";

const TABS = [
  { name: "open", label: "待处理" },
  { name: "labelled", label: "已标注" },
  { name: "dismissed", label: "已忽略" },
];

export async function reviewView(root, params, ctx, query) {
  setTitle("待审消息");
  let status = TABS.some((t) => t.name === query.get("status")) ? query.get("status") : "open";
  const list = h("div", { class: "review-list", "data-testid": "review-list" });
  const count = h("span", { class: "muted" });
  const tabButtons = TABS.map((t) => h("button", {
    type: "button", role: "tab", class: "tab", "data-tab": t.name, "aria-selected": String(t.name === status),
    onclick: () => { status = t.name; syncTabs(); load(); },
  }, t.label));
  function syncTabs() {
    tabButtons.forEach((b) => b.setAttribute("aria-selected", String(b.dataset.tab === status)));
  }

  replace(root,
    h("div", { class: "page-head" },
      h("h1", null, "待审消息"),
      h("span", { class: "muted" }, "机器人没有把握的职工消息。标注正确的意图可用于改进模型。"),
      h("a", { href: "/api/review/export", class: "btn btn-small", download: "review_nlu.yml", "data-testid": "review-export" }, "导出 NLU YAML")),
    h("div", { class: "tabs-row" }, h("div", { class: "tabs", role: "tablist", "aria-label": "审核状态" }, tabButtons), count),
    list);

  let intents = [];
  let seq = 0;

  function row(item) {
    const conf = item.confidence;
    const head = h("div", { class: "review-text prewrap" }, item.text || "");
    const prediction = h("div", { class: "review-meta" },
      h("span", null, "机器人判断："),
      badge(item.predicted_label || item.predicted_intent || "未识别", "topic"),
      conf !== null && conf !== undefined ? h("span", { class: conf < 0.4 ? "text-danger" : "muted" }, ` 置信度 ${fmtPercent(conf)}`) : null,
      h("span", { class: "muted small" }, ` · ${fmtDateTime(item.created_at)}`));
    const el = h("article", { class: "review-row card", "data-testid": "review-row", "data-id": String(item.id) }, head, prediction);

    if (item.status === "open") {
      const select = h("select", { "data-testid": "review-intent" },
        options([["", "请选择正确的意图…"], ...intents.map((i) => [i.name, `${i.label}（${i.name}）`])],
          intents.some((i) => i.name === item.predicted_intent) ? item.predicted_intent : ""));
      const labelBtn = h("button", { type: "button", class: "btn btn-primary btn-small", "data-testid": "review-label" }, "标注");
      const dismissBtn = h("button", { type: "button", class: "btn btn-small", "data-testid": "review-dismiss" }, "忽略");
      const f = field("正确意图", select);
      const act = (body, done) => withBusy([labelBtn, dismissBtn, select], async () => {
        try {
          await api.post(`/api/review/${enc(item.id)}`, body);
          toast(done, "success");
          el.classList.add("row-done");
          setTimeout(() => {
            el.remove();
            updateCount(-1);
          }, 250);
        } catch (err) {
          toastError(err, "操作失败");
        }
      });
      labelBtn.addEventListener("click", () => {
        if (!select.value) {
          f.setError("请先选择意图");
          select.focus();
          return;
        }
        f.setError("");
        const chosen = intents.find((i) => i.name === select.value);
        act({ action: "label", intent: select.value }, `已标注为「${chosen ? chosen.label : select.value}」`);
      });
      dismissBtn.addEventListener("click", () => act({ action: "dismiss" }, "已忽略"));
      el.appendChild(h("div", { class: "review-actions" }, f.wrap, labelBtn, dismissBtn));
    } else if (item.status === "labelled") {
      el.appendChild(h("div", { class: "review-meta" }, "已标注为：", badge(item.label_name || item.label || "—", "ok"),
        item.labelled_by ? h("span", { class: "muted small" }, ` · ${item.labelled_by}`) : null));
    } else {
      el.appendChild(h("div", { class: "review-meta muted" }, "已忽略", item.labelled_by ? ` · ${item.labelled_by}` : ""));
    }
    return el;
  }

  let total = 0;
  function updateCount(delta) {
    total += delta;
    count.textContent = `共 ${total} 条`;
    if (total <= 0 && !list.querySelector(".review-row")) replace(list, emptyBlock("没有消息"));
  }

  async function load() {
    const my = ++seq;
    replace(list, loadingBlock());
    count.textContent = "";
    try {
      const data = await api.get("/api/review", { status }, { signal: ctx.signal });
      if (my !== seq || !ctx.alive) return;
      intents = Array.isArray(data.intents) ? data.intents : [];
      remember({ intents });
      const items = Array.isArray(data.items) ? data.items : [];
      total = items.length;
      count.textContent = `共 ${total} 条`;
      replace(list, items.length ? items.map(row)
        : emptyBlock(status === "open" ? "没有待审核的消息，辛苦了！" : "没有消息"));
    } catch (err) {
      if (my !== seq || !ctx.alive || err.name === "AbortError") return;
      replace(list, errorBlock(err, load));
    }
  }
  load();
}
