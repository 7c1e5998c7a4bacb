// 待回电: workers who asked for a person out of office hours, to call back at opening.
import { h, replace } from "../dom.js";
import { api } from "../api.js";
import { fmtDateTime } from "../format.js";
import { priorityBadge, statusBadge, loadingBlock, errorBlock } from "../ui.js";
import { setTitle } from "../title.js";

export async function callbacksView(root, params, ctx) {
  setTitle("待回电");
  const box = h("div", { class: "table-wrap" }, loadingBlock("正在加载…"));
  replace(root,
    h("div", { class: "page-head" }, h("h1", null, "待回电"),
      h("p", { class: "muted" }, "非工作时间要求人工服务的职工，按提出时间先后排列；回复或处理后自动移出。")),
    box);
  ctx.poll(async () => {
    let data;
    try {
      data = await api.get("/api/callbacks", null, { signal: ctx.signal });
    } catch (err) {
      if (err.name !== "AbortError") replace(box, errorBlock(err, () => callbacksView(root, params, ctx)));
      throw err;
    }
    const items = data.items || [];
    if (!items.length) {
      replace(box, h("div", { class: "state state-empty", "data-testid": "callbacks-empty" }, "没有待回电的职工"));
      return;
    }
    replace(box, h("table", { class: "table", "data-testid": "callbacks-table" },
      h("thead", null, h("tr", null, ["编号", "提出时间", "地区", "主题", "优先级", "状态", "电话"].map((t) => h("th", { scope: "col" }, t)))),
      h("tbody", null, items.map((it) => h("tr", { "data-reference": it.reference },
        h("td", null, h("a", { href: `#/tickets/${encodeURIComponent(it.reference)}`, class: "ref" }, it.reference)),
        h("td", { class: "nowrap" }, fmtDateTime(it.callback_requested_at)),
        h("td", null, it.region_label),
        h("td", null, it.topic_label),
        h("td", null, priorityBadge(it.priority, it.priority_label)),
        h("td", null, statusBadge(it.status, it.status_label)),
        h("td", { class: "mono" }, it.contact_phone || "—"))))));
  }, 30000);
}
